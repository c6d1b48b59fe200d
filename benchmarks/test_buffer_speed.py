"""Throughput of the framing buffer's readers and writers, per implementation.

Run with ``python -m pytest benchmarks --benchmark-enable`` and compare the
``[python]`` and ``[cython]`` rows.  Nothing here asserts a timing: without
``--benchmark-enable`` each benchmark runs once, as a smoke test.
"""

from __future__ import annotations

import struct

ROWS = 1000
#: One "row" as a fetch reply might carry it: smallint, int, bigint, varchar.
ROW = struct.pack(">hiq", -7, 123456, 2**40) + struct.pack(">H", 5) + b"hello\x00"


def _read_rows(reader, data):
    reader.reset(data)
    for _ in range(ROWS):
        reader.read_int16()
        reader.read_int32()
        reader.read_int64()
        reader.read_lenbytes()
    return reader.remaining


def test_read_integer_and_string_fields(benchmark, impl):
    data = ROW * ROWS
    reader = impl.buffer.ReadBuffer()
    assert benchmark(_read_rows, reader, data) == 0


def _read_int32s(reader, data, count):
    reader.reset(data)
    read = reader.read_int32
    for _ in range(count):
        read()


def test_read_int32_stream(benchmark, impl):
    count = 4096
    reader = impl.buffer.ReadBuffer()
    benchmark(_read_int32s, reader, bytes(4 * count), count)


def _write_rows(writer):
    writer.clear()
    for _ in range(ROWS):
        writer.write_int16(-7)
        writer.write_int32(123456)
        writer.write_int64(2**40)
        writer.write_lenbytes(b"hello")
    return len(writer)


def test_write_integer_and_string_fields(benchmark, impl):
    writer = impl.buffer.WriteBuffer()
    assert benchmark(_write_rows, writer) == len(ROW) * ROWS


def test_frame_and_measure(benchmark, impl):
    payload = bytes(1000)
    framed = benchmark(impl.buffer.frame, payload)
    assert impl.buffer.frame_length(framed) == len(framed)
