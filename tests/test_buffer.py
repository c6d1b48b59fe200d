"""The framing buffer: length-prefixed frames and big-endian field readers/writers.

Every test runs on both implementations through the ``impl`` fixture.
Expected values come from :mod:`struct` (an independent big-endian codec)
or from the wire format itself, never from the code under test.
"""

from __future__ import annotations

import struct
from array import array

import pytest
from hypothesis import given
from hypothesis import strategies as st

from informix_db.exceptions import FramingError, InterfaceError

INT_FIELDS = [
    # (reader/writer suffix, struct format, lowest, highest)
    ("int16", ">h", -(2**15), 2**15 - 1),
    ("uint16", ">H", 0, 2**16 - 1),
    ("int32", ">i", -(2**31), 2**31 - 1),
    ("int64", ">q", -(2**63), 2**63 - 1),
]
FIELD_IDS = [f[0] for f in INT_FIELDS]


# -- frames (the login exchange's 2-byte length prefix) ---------------------


def test_frame_prefix_counts_itself(impl):
    assert impl.buffer.frame(b"abc") == b"\x00\x05abc"


def test_frame_of_empty_payload_is_just_the_prefix(impl):
    assert impl.buffer.frame(b"") == b"\x00\x02"


def test_frame_accepts_bytes_like_payloads(impl):
    assert impl.buffer.frame(bytearray(b"xy")) == impl.buffer.frame(memoryview(b"xy"))


def test_frame_takes_the_largest_payload_that_fits(impl):
    framed = impl.buffer.frame(bytes(impl.buffer.MAX_FRAME - 2))
    assert framed[:2] == b"\xff\xff"
    assert len(framed) == impl.buffer.MAX_FRAME


def test_frame_rejects_payload_too_long_for_the_prefix(impl):
    with pytest.raises(FramingError, match="does not fit"):
        impl.buffer.frame(bytes(impl.buffer.MAX_FRAME - 1))


def test_framing_error_is_an_interface_error(impl):
    with pytest.raises(InterfaceError):
        impl.buffer.frame(bytes(impl.buffer.MAX_FRAME))


def test_frame_length_reads_the_announced_total(impl):
    assert impl.buffer.frame_length(b"\x01\x02rest") == 0x0102


def test_frame_length_rejects_a_header_shorter_than_two_bytes(impl):
    with pytest.raises(FramingError, match="needs 2 bytes"):
        impl.buffer.frame_length(b"\x00")


@pytest.mark.parametrize("header", [b"\x00\x00", b"\x00\x01"])
def test_frame_length_rejects_a_length_shorter_than_its_prefix(impl, header):
    with pytest.raises(FramingError, match="shorter than its own prefix"):
        impl.buffer.frame_length(header)


@given(payload=st.binary(max_size=600))
def test_frame_length_of_a_frame_is_its_size(impl, payload):
    framed = impl.buffer.frame(payload)
    assert impl.buffer.frame_length(framed) == len(framed)
    assert framed[2:] == payload


# -- reading integers --------------------------------------------------------


@pytest.mark.parametrize(("kind", "fmt", "lo", "hi"), INT_FIELDS, ids=FIELD_IDS)
@given(data=st.data())
def test_integer_readers_decode_big_endian(impl, kind, fmt, lo, hi, data):
    value = data.draw(st.integers(lo, hi))
    reader = impl.buffer.ReadBuffer(struct.pack(fmt, value))
    assert getattr(reader, f"read_{kind}")() == value


@pytest.mark.parametrize(("kind", "fmt", "lo", "hi"), INT_FIELDS, ids=FIELD_IDS)
def test_integer_readers_decode_both_extremes(impl, kind, fmt, lo, hi):
    reader = impl.buffer.ReadBuffer(struct.pack(fmt, lo) + struct.pack(fmt, hi))
    read = getattr(reader, f"read_{kind}")
    assert (read(), read()) == (lo, hi)


def test_int16_is_signed_and_uint16_is_not(impl):
    reader = impl.buffer.ReadBuffer(b"\xff\xfe\xff\xfe")
    assert (reader.read_int16(), reader.read_uint16()) == (-2, 0xFFFE)


def test_reads_advance_the_offset_by_the_field_width(impl):
    reader = impl.buffer.ReadBuffer(bytes(16))
    widths = []
    for read in (reader.read_int16, reader.read_int32, reader.read_int64):
        before = reader.pos
        read()
        widths.append(reader.pos - before)
    assert widths == [2, 4, 8]
    assert reader.remaining == 2


@pytest.mark.parametrize(("kind", "fmt", "lo", "hi"), INT_FIELDS, ids=FIELD_IDS)
def test_truncated_integer_raises_and_keeps_the_offset(impl, kind, fmt, lo, hi):
    size = struct.calcsize(fmt)
    reader = impl.buffer.ReadBuffer(bytes(size + 1), 2)
    with pytest.raises(FramingError, match="truncated"):
        getattr(reader, f"read_{kind}")()
    assert reader.pos == 2


# -- reading byte strings ----------------------------------------------------


def test_read_bytes_returns_exactly_n_bytes(impl):
    reader = impl.buffer.ReadBuffer(b"abcdef")
    assert reader.read_bytes(4) == b"abcd"
    assert reader.pos == 4


def test_read_bytes_returns_bytes_even_from_a_bytearray(impl):
    assert type(impl.buffer.ReadBuffer(bytearray(b"ab")).read_bytes(2)) is bytes


def test_read_bytes_of_zero_is_empty(impl):
    reader = impl.buffer.ReadBuffer(b"")
    assert reader.read_bytes(0) == b""


def test_read_padded_skips_the_pad_byte_of_an_odd_length(impl):
    reader = impl.buffer.ReadBuffer(b"abc\x00Z")
    assert reader.read_padded(3) == b"abc"
    assert reader.read_bytes(1) == b"Z"


def test_read_padded_needs_the_pad_byte(impl):
    reader = impl.buffer.ReadBuffer(b"abc")
    with pytest.raises(FramingError, match="truncated"):
        reader.read_padded(3)
    assert reader.pos == 0


def test_read_lenbytes_reads_length_bytes_and_padding(impl):
    reader = impl.buffer.ReadBuffer(b"\x00\x03abc\x00\x00\x02hi")
    assert [reader.read_lenbytes(), reader.read_lenbytes()] == [b"abc", b"hi"]
    assert reader.remaining == 0


def test_truncated_lenbytes_restores_the_offset_before_its_length(impl):
    reader = impl.buffer.ReadBuffer(b"..\x00\x09abc", 2)
    with pytest.raises(FramingError, match="truncated"):
        reader.read_lenbytes()
    assert reader.pos == 2


@pytest.mark.parametrize("method", ["read_bytes", "read_padded", "skip"])
@pytest.mark.parametrize("n", [-1, -2])
def test_negative_lengths_are_framing_errors(impl, method, n):
    reader = impl.buffer.ReadBuffer(b"abcd", 1)
    with pytest.raises(FramingError, match="negative length"):
        getattr(reader, method)(n)
    assert reader.pos == 1


@pytest.mark.parametrize("method", ["read_bytes", "read_padded", "skip"])
def test_lengths_must_be_integers(impl, method):
    with pytest.raises(TypeError):
        getattr(impl.buffer.ReadBuffer(b"abcd"), method)(1.0)


def test_skip_steps_over_bytes(impl):
    reader = impl.buffer.ReadBuffer(b"\x00\x00\x00\x07")
    reader.skip(2)
    assert reader.read_uint16() == 7


def test_huge_length_is_truncation_not_overflow(impl):
    reader = impl.buffer.ReadBuffer(b"ab", 1)
    with pytest.raises(FramingError, match="truncated"):
        reader.read_padded(2**62 - 1)


# -- the reader's data and offset ----------------------------------------------


def test_reader_starts_at_the_given_offset(impl):
    assert impl.buffer.ReadBuffer(b"\x00\x01\x00\x02", 2).read_uint16() == 2


@pytest.mark.parametrize("pos", [-1, 5])
def test_reader_rejects_an_offset_outside_the_data(impl, pos):
    with pytest.raises(FramingError, match="outside data"):
        impl.buffer.ReadBuffer(b"abcd", pos)


def test_reset_points_the_reader_at_new_data(impl):
    reader = impl.buffer.ReadBuffer(b"\x00\x01")
    reader.read_uint16()
    reader.reset(b"\x00\x00\x00\x09", 2)
    assert (reader.read_uint16(), reader.remaining) == (9, 0)


def test_empty_reader_has_nothing_remaining(impl):
    reader = impl.buffer.ReadBuffer()
    assert (reader.pos, reader.remaining) == (0, 0)


@pytest.mark.parametrize(
    "wrap", [bytes, bytearray, memoryview], ids=["bytes", "bytearray", "memoryview"]
)
def test_reader_accepts_bytes_like_data(impl, wrap):
    assert impl.buffer.ReadBuffer(wrap(b"\x12\x34")).read_uint16() == 0x1234


def test_reader_counts_bytes_not_items_of_wider_buffers(impl):
    wide = array("H", [1, 2])  # 2 items, 4 bytes
    assert impl.buffer.ReadBuffer(wide).remaining == 4


@pytest.mark.parametrize("bad", ["text", 12, None])
def test_reader_rejects_data_that_is_not_bytes_like(impl, bad):
    with pytest.raises(TypeError):
        impl.buffer.ReadBuffer(bad)


def test_reader_rejects_non_contiguous_buffers(impl):
    with pytest.raises(TypeError):
        impl.buffer.ReadBuffer(memoryview(b"abcdef")[::2])


def test_bytearray_cannot_be_resized_under_a_reader(impl):
    data = bytearray(b"abcd")
    reader = impl.buffer.ReadBuffer(data)
    with pytest.raises(BufferError):
        data.extend(b"more")
    reader.reset(b"")  # releases the old data
    data.extend(b"more")
    assert len(data) == 8


# -- writing -------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "fmt", "lo", "hi"), INT_FIELDS, ids=FIELD_IDS)
@given(data=st.data())
def test_integer_writers_encode_big_endian(impl, kind, fmt, lo, hi, data):
    value = data.draw(st.integers(lo, hi))
    writer = impl.buffer.WriteBuffer()
    getattr(writer, f"write_{kind}")(value)
    assert writer.getvalue() == struct.pack(fmt, value)


@pytest.mark.parametrize(("kind", "fmt", "lo", "hi"), INT_FIELDS, ids=FIELD_IDS)
@pytest.mark.parametrize("off_by", [-1, +1])
def test_integer_writers_reject_out_of_range_values(impl, kind, fmt, lo, hi, off_by):
    writer = impl.buffer.WriteBuffer()
    value = lo - 1 if off_by < 0 else hi + 1
    with pytest.raises(OverflowError, match=f"fit {kind}"):
        getattr(writer, f"write_{kind}")(value)
    assert len(writer) == 0


@pytest.mark.parametrize("bad", [1.0, "1", None])
def test_integer_writers_reject_non_integers(impl, bad):
    writer = impl.buffer.WriteBuffer()
    with pytest.raises(TypeError, match="needs an int"):
        writer.write_int32(bad)
    assert len(writer) == 0


def test_write_padded_pads_odd_lengths_with_zero(impl):
    writer = impl.buffer.WriteBuffer()
    writer.write_padded(b"abc")
    writer.write_padded(b"de")
    assert writer.getvalue() == b"abc\x00de"


def test_write_lenbytes_writes_length_bytes_and_padding(impl):
    writer = impl.buffer.WriteBuffer()
    writer.write_lenbytes(b"abc")
    assert writer.getvalue() == b"\x00\x03abc\x00"


def test_write_lenbytes_counts_bytes_of_wider_buffers(impl):
    writer = impl.buffer.WriteBuffer()
    writer.write_lenbytes(array("H", [0x4142]))
    assert writer.getvalue()[:2] == b"\x00\x02"


@pytest.mark.parametrize("bad", ["text", bytes(0x10000)], ids=["str", "too-long"])
def test_failed_write_lenbytes_writes_nothing(impl, bad):
    writer = impl.buffer.WriteBuffer()
    with pytest.raises((TypeError, OverflowError)):
        writer.write_lenbytes(bad)
    assert len(writer) == 0


def test_write_bytes_appends_verbatim(impl):
    writer = impl.buffer.WriteBuffer()
    writer.write_bytes(b"\x01")
    writer.write_bytes(bytearray(b"\x02\x03"))
    assert writer.getvalue() == b"\x01\x02\x03"


def test_clear_forgets_what_was_written(impl):
    writer = impl.buffer.WriteBuffer()
    writer.write_int64(5)
    writer.clear()
    writer.write_int16(1)
    assert writer.getvalue() == b"\x00\x01"


def test_len_counts_written_bytes(impl):
    writer = impl.buffer.WriteBuffer()
    writer.write_int32(0)
    writer.write_padded(b"a")
    assert len(writer) == 6


def test_getvalue_returns_an_independent_bytes_object(impl):
    writer = impl.buffer.WriteBuffer()
    writer.write_uint16(1)
    snapshot = writer.getvalue()
    writer.write_uint16(2)
    assert type(snapshot) is bytes and snapshot == b"\x00\x01"


# -- writer -> reader round trip ------------------------------------------------

_FIELD = st.one_of(
    *(st.tuples(st.just(kind), st.integers(lo, hi)) for kind, _, lo, hi in INT_FIELDS),
    st.tuples(st.just("lenbytes"), st.binary(max_size=40)),
)


@given(fields=st.lists(_FIELD, max_size=20))
def test_what_the_writer_writes_the_reader_reads_back(impl, fields):
    writer = impl.buffer.WriteBuffer()
    for kind, value in fields:
        getattr(writer, f"write_{kind}")(value)
    reader = impl.buffer.ReadBuffer(writer.getvalue())
    assert [(kind, getattr(reader, f"read_{kind}")()) for kind, _ in fields] == fields
    assert reader.remaining == 0
