"""The performance gate's workloads: small, deterministic steps of the hot paths.

    python benchmarks/gate/workloads.py NAME N      # run workload NAME's step N times
    python benchmarks/gate/workloads.py --list      # NAME and its N (python, cython)

Each workload builds its inputs once, checks that one step gives the right
answer (so a broken path fails loudly instead of being measured), runs a
few warm-up steps and then its step *N* times.  ``measure.py`` runs this
file under callgrind with *N* and *2N* and divides the difference of the
two instruction counts by *N*: start-up, imports, set-up and warm-up cancel
out, what is left is the instructions of one step.

The implementation is the one ``INFORMIX_DB_IMPL`` selects (python or
cython); it must be set, so a run never measures a silent fallback.
Inputs are built with the pure encoders (``codecs.rows.encode_row``), so
both implementations decode exactly the same bytes.

``INFORMIX_DB_GATE_INJECT=python|cython`` (for the gate's own test) slows
the row decoder of that implementation down by about 10%: the row-decode
steps call it on every tenth row twice.

This file is self-contained (it imports only the standard library and
``informix_db``), so the gate runs it by path against whichever
``informix_db`` the interpreter imports: the source tree or an installed wheel.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import struct
import sys
from decimal import Decimal

INJECT_ENV = "INFORMIX_DB_GATE_INJECT"

#: name -> (builder, {impl: N}).  A builder gets the implementation's modules
#: (``informix_db._impl.load``) and returns ``(step, check)``: ``step()`` is one
#: iteration, ``check(step())`` raises if its result is wrong.
#:
#: Each N makes N steps cost ~15 M instructions (measured at the time of
#: writing): enough that the odd garbage collection more or less in the
#: measured window is lost in the noise (< 0.2%), little enough that
#: callgrind (~50x slower than native) takes well under a second for them.
#: Interpreter start-up (~0.3 G instructions, ~5 s under callgrind) is the
#: bulk of every run anyway.
WORKLOADS: dict = {}


def workload(name: str, n_python: int, n_cython: int):
    def register(builder):
        WORKLOADS[name] = (builder, {"python": n_python, "cython": n_cython})
        return builder
    return register


def _injected(mods) -> bool:
    return os.environ.get(INJECT_ENV, "") == mods["impl"]


def _expect(got, want, what: str) -> None:
    if got != want:
        raise AssertionError(f"{what}: got {got!r}, expected {want!r}")


# -- (a) whole-row decode ---------------------------------------------------------

#: The ETL row of benchmarks/reply_loop.py, as declared types.
ROW10 = ("INTEGER", "BIGINT", "SMALLINT", "VARCHAR(32)", "CHAR(10)", "DECIMAL(12,2)",
         "FLOAT", "DATE", "DATETIME YEAR TO FRACTION(3)", "BOOLEAN")
ROW5 = ("INTEGER", "VARCHAR(32)", "DECIMAL(12,2)", "DATE", "FLOAT")
#: Rows decoded per step (distinct values, so no path is favoured by one value).
ROWS_PER_STEP = 10


def row10_values(i: int) -> tuple:
    return (i, i * 1_000_003, i % 30000, f"name {i}", f"C{i % 1000:05d}",
            Decimal(f"{i % 100000}.{i % 100:02d}"), i / 7,
            dt.date(2000, 1, 1) + dt.timedelta(days=i % 9000),
            dt.datetime(2024, 1, 1) + dt.timedelta(seconds=i * 37, milliseconds=i % 1000),
            bool(i % 2))


def row5_values(i: int) -> tuple:
    return (i, f"customer {i}", Decimal(f"{i % 100000}.{i % 100:02d}"),
            dt.date(2000, 1, 1) + dt.timedelta(days=i % 9000), i / 3)


def _types(decls):
    from informix_db.types import parse_type
    return [parse_type(d) for d in decls]


def _padded(types, values) -> tuple:
    """*values* as they read back: CHAR(n) keeps its blank padding."""
    return tuple(v.ljust(t.length) if t.sqltype == 0 else v for t, v in zip(types, values))


def _row_decode(mods, decls, make):
    from informix_db.codecs import rows as spec
    types = _types(decls)
    values = [make(1000 + 7919 * i) for i in range(ROWS_PER_STEP)]
    payloads = [spec.encode_row(types, v) for v in values]
    if _injected(mods):
        # The deliberate slowdown: every tenth row decoded twice, ~10% more
        # of the decoder's instructions (the gate's test expects a failure).
        payloads += payloads[::10]
    decode = mods["rows"].row_decoder(types, "utf-8")

    def step():
        return [decode(p, 0)[0] for p in payloads]

    want = [_padded(types, v) for v in values]
    return step, lambda got: _expect(got[:ROWS_PER_STEP], want, "decoded rows")


@workload("row_decode_10col", 35, 225)
def _row_decode_10(mods):
    return _row_decode(mods, ROW10, row10_values)


@workload("row_decode_5col", 60, 300)
def _row_decode_5(mods):
    return _row_decode(mods, ROW5, row5_values)


@workload("columnar_decode_10col", 17, 195)
def _columnar_decode_10(mods):
    """The same rows decoded into Arrow columns (fetch_arrow's decoder), then
    taken as one batch."""
    from informix_db.arrow.columns import arrow_format
    from informix_db.codecs import rows as spec
    types = _types(ROW10)
    values = [row10_values(1000 + 7919 * i) for i in range(ROWS_PER_STEP)]
    payloads = [spec.encode_row(types, v) for v in values]
    if _injected(mods):
        payloads += payloads[::10]
    formats = [arrow_format(t) for t in types]
    decoder = mods["columnar"].ColumnDecoder(types, "utf-8", formats)

    def step():
        for p in payloads:
            decoder(p, 0)
        return decoder.take()

    want = [v[0] for v in values]

    def check(got):
        ids = memoryview(got[0].buffers[1]).cast("B").cast("i").tolist()
        _expect(ids[:ROWS_PER_STEP], want, "decoded INTEGER column")

    return step, check


# -- (b) one value at a time: decode and encode --------------------------------------

#: name -> (declared type, values): a column of one type, ROWS_PER_STEP values.
#: The N of decode (python, cython) and encode (python, cython) are in VALUE_STEPS.
VALUE_TYPES = {
    "decimal_16_4": ("DECIMAL(16,4)", [
        Decimal(f"{(i * 7919) % 10**12}.{i % 10000:04d}").copy_sign(Decimal(-1 if i % 3 else 1))
        for i in range(ROWS_PER_STEP)]),
    "datetime_y2s": ("DATETIME YEAR TO SECOND", [
        dt.datetime(2024, 1, 1) + dt.timedelta(seconds=i * 86_413) for i in range(ROWS_PER_STEP)]),
    "datetime_y2f5": ("DATETIME YEAR TO FRACTION(5)", [
        dt.datetime(2024, 1, 1) + dt.timedelta(seconds=i * 86_413, microseconds=i * 12_340)
        for i in range(ROWS_PER_STEP)]),
    "interval_d3_s": ("INTERVAL DAY(3) TO SECOND", [
        dt.timedelta(days=(i * 97) % 999, seconds=i * 4_567) * (-1 if i % 4 == 1 else 1)
        for i in range(ROWS_PER_STEP)]),
    "date": ("DATE", [dt.date(1970, 1, 1) + dt.timedelta(days=i * 3_331 - 9_000)
                      for i in range(ROWS_PER_STEP)]),
}


VALUE_STEPS = {
    "decimal_16_4": ((100, 350), (30, 600)),
    "datetime_y2s": ((150, 700), (20, 700)),
    "datetime_y2f5": ((150, 600), (20, 700)),
    "interval_d3_s": ((35, 700), (25, 800)),
    "date": ((250, 800), (200, 1200)),
}


def _value_decode(mods, decl, values):
    from informix_db.codecs import rows as spec
    types = _types([decl])
    payloads = [spec.encode_row(types, (v,)) for v in values]
    decode = mods["rows"].row_decoder(types, "utf-8")

    def step():
        return [decode(p, 0)[0][0] for p in payloads]

    return step, lambda got: _expect(got, values, f"decoded {decl}")


def _value_encode(mods, decl, values):
    from informix_db.codecs import rows as spec
    types = _types([decl])
    rows = [(v,) for v in values]
    want = [spec.encode_row(types, r) for r in rows]
    encode = mods["rows"].row_encoder(types, "utf-8")

    def step():
        return [encode(r) for r in rows]

    return step, lambda got: _expect(got, want, f"encoded {decl}")


def _register_values() -> None:
    for key, (decl, values) in VALUE_TYPES.items():
        decode_n, encode_n = VALUE_STEPS[key]
        workload(f"value_decode_{key}", *decode_n)(
            lambda mods, decl=decl, values=values: _value_decode(mods, decl, values))
        workload(f"value_encode_{key}", *encode_n)(
            lambda mods, decl=decl, values=values: _value_encode(mods, decl, values))


_register_values()


# -- (c) framing: the buffer's readers and writers -------------------------------------

#: One "row" of fields as the framing reads them.
_FIELDS = struct.pack(">hHiq", -7, 65000, 123456, 2**40) + struct.pack(">H", 5) + b"hello\x00" \
    + b"padme\x00"


@workload("buffer_read", 70, 400)
def _buffer_read(mods):
    reader = mods["buffer"].ReadBuffer()
    data = _FIELDS * ROWS_PER_STEP

    def step():
        reader.reset(data)
        out = []
        for _ in range(ROWS_PER_STEP):
            out.append((reader.read_int16(), reader.read_uint16(), reader.read_int32(),
                        reader.read_int64(), reader.read_lenbytes(), reader.read_padded(5)))
        return out, reader.remaining

    want = ([(-7, 65000, 123456, 2**40, b"hello", b"padme")] * ROWS_PER_STEP, 0)
    return step, lambda got: _expect(got, want, "fields read")


@workload("buffer_write", 70, 125)
def _buffer_write(mods):
    buffer = mods["buffer"]
    writer = buffer.WriteBuffer()

    def step():
        writer.clear()
        for _ in range(ROWS_PER_STEP):
            writer.write_int16(-7)
            writer.write_uint16(65000)
            writer.write_int32(123456)
            writer.write_int64(2**40)
            writer.write_lenbytes(b"hello")
            writer.write_padded(b"padme")
        framed = buffer.frame(writer.getvalue())
        return framed, buffer.frame_length(framed)

    def check(got):
        framed, length = got
        _expect(length, len(framed), "frame length")
        _expect(framed.endswith(_FIELDS * ROWS_PER_STEP), True, "framed fields")

    return step, check


# -- (d) the whole reply loop, in memory ---------------------------------------------

#: The DESCRIBE fields of ROW10: (name, type code, length word, xid, xname).
WIRE_COLUMNS = (
    ("i", 2, 4, 0, ""), ("b", 52, 8, 0, ""), ("s", 1, 2, 0, ""),
    ("v", 13, 32, 0, ""), ("c", 0, 10, 0, ""), ("d", 5, (12 << 8) | 2, 0, ""),
    ("f", 3, 8, 0, ""), ("dt", 7, 4, 0, ""),
    ("ts", 10, (17 << 8) | (0 << 4) | 13, 0, ""),  # YEAR TO FRACTION(3)
    ("ok", 41, 1, 5, "boolean"),
)
REPLY_ROWS = 20


@workload("reply_loop_20rows", 15, 100)
def _reply_loop(mods):
    import socket

    from informix_db.codecs import rows as spec
    from informix_db.codecs.describe import column_type_from_describe
    from informix_db.framing import messages as sq
    from informix_db.protocol.replies import ReplyReader
    from informix_db.protocol.statement import ColumnInfo, Description, StatementReader
    from informix_db.transport import SocketStream

    types = [column_type_from_describe(code, length, xid, xname)
             for _, code, length, xid, xname in WIRE_COLUMNS]
    values = [row10_values(3 + 7919 * i) for i in range(REPLY_ROWS)]
    out = bytearray()
    for v in values:
        p = spec.encode_row(types, v)
        out += struct.pack(">hhi", sq.SQ_TUPLE, 0, len(p)) + p + (b"\0" if len(p) & 1 else b"")
    out += struct.pack(">hhiii", sq.SQ_DONE, 0, REPLY_ROWS, 0, 0)
    out += struct.pack(">hii", sq.SQ_COST, REPLY_ROWS, 1) + struct.pack(">h", sq.SQ_EOT)
    reply = bytes(out)

    desc = Description(sq.SQ_SELECT, 1, 0, tuple(
        ColumnInfo(name, ct, code, xname, 0)
        for (name, code, _, _, xname), ct in zip(WIRE_COLUMNS, types)))
    mine, theirs = socket.socketpair()
    _KEEP.extend((mine, theirs))
    stream = SocketStream(mine, recv_size=len(reply))
    reader = ReplyReader(stream)
    statement = StatementReader("utf-8", description=desc)

    def step():
        # The reply already received: what is left is the client's work.
        stream.preload(reply)
        statement.rows = []
        reader.read_reply(statement.handlers)
        return statement.rows

    want = [_padded(types, v) for v in values]
    return step, lambda got: _expect([tuple(r) for r in got], want, "rows of the reply")


_KEEP: list = []  # sockets of the reply loop, open until the process ends


# -- (e) bind messages ---------------------------------------------------------------

def bind_values(i: int) -> tuple:
    """The ETL row plus an INTERVAL as parameters; negative numbers on odd rows,
    every parameter NULL on row 3 of each ten."""
    if i % 10 == 3:
        return (None,) * 11
    sign = -1 if i % 2 else 1
    v = row10_values(i)
    return ((sign * v[0], sign * v[1]) + v[2:5] + (sign * v[5], sign * v[6]) + v[7:]
            + (dt.timedelta(days=sign * (i % 90000), seconds=i % 86400),))


# Its inputs are built here, not by informix_db.testing: importing the test
# server (ssl and all) tripled the start-up (~0.65 G instructions) that the
# N/2N difference must cancel, and CI's machines measured it 8-11% off.
@workload("bind_message", 10, 175)
def _bind_message(mods):
    from informix_db.protocol import binding as pure
    rows = [bind_values(i) for i in range(8, 8 + ROWS_PER_STEP)]
    bind_message = mods["binding"].bind_message

    def step():
        return [bind_message(r, "utf-8") for r in rows]

    want = [pure.bind_message(r, "utf-8") for r in rows]
    return step, lambda got: _expect(got, want, "bind messages")


# -- (f) Arrow rows into bind messages -----------------------------------------------

# The ETL rows as an Arrow batch (made by the pure columnar decoder and
# exported through the driver's own C Data Interface: no pyarrow), then each
# row's SQ_BIND written from its buffers (executemany/adbc_ingest of Arrow).
@workload("arrow_bind_10col", 14, 170)
def _arrow_bind(mods):
    from informix_db.arrow import binds, reader
    from informix_db.arrow.cdata import ArrayData, ArrowArrayExport, Field
    from informix_db.arrow.columns import arrow_format
    from informix_db.codecs import columnar as pure_columnar
    from informix_db.codecs import rows as spec
    types = _types(ROW10)
    formats = [arrow_format(t) for t in types]
    decoder = pure_columnar.ColumnDecoder(types, "utf-8", formats)
    for i in range(ROWS_PER_STEP):
        decoder(spec.encode_row(types, row10_values(1000 + 7919 * i)), 0)
    batch = ArrayData(ROWS_PER_STEP, 0, [None],
                      [ArrayData(*c, ordered=True) for c in decoder.take()])
    schema = Field("", "+s", False, children=tuple(
        Field(f"c{k}", fmt) for k, fmt in enumerate(formats)))
    _, batches = reader.read_arrow_batches(ArrowArrayExport(schema, batch))
    fields, array = next(batches)  # valid while *batches* is not advanced
    order = list(range(len(formats)))
    if mods["impl"] == "cython":
        from informix_db._speedups.arrowbind import batch_messages
    else:
        batch_messages = binds.batch_messages

    def step(batches=batches):  # held: closing it releases the batch
        return batch_messages(fields, array, order, "utf-8")

    want = binds.batch_messages(fields, array, order, "utf-8")
    return step, lambda got: _expect(got, want, "Arrow bind messages")


# -- running --------------------------------------------------------------------------

WARMUP = 20


def load():
    """The modules of the implementation INFORMIX_DB_IMPL names (which must be set)."""
    import informix_db
    from informix_db import _impl
    wanted = os.environ.get(_impl.ENV_VAR, "")
    if wanted not in _impl.CHOICES:
        raise SystemExit(f"set {_impl.ENV_VAR} to one of {', '.join(_impl.CHOICES)}")
    if informix_db.IMPLEMENTATION != wanted:
        raise SystemExit(f"{_impl.ENV_VAR}={wanted} but informix_db runs {informix_db.IMPLEMENTATION}")
    return {"impl": wanted, **_impl.load(wanted)}


def run(name: str, n: int) -> None:
    builder, _ = WORKLOADS[name]
    step, check = builder(load())
    check(step())
    for _ in range(WARMUP):
        step()
    # Set-up's objects out of the collector's way: a collection in the
    # measured steps scans what the steps made, not the whole heap.
    gc.collect()
    gc.freeze()
    for _ in range(n):
        step()


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--list"]:
        for name, (_, n) in WORKLOADS.items():
            print(name, n["python"], n["cython"])
        return 0
    if len(argv) != 2 or argv[0] not in WORKLOADS:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        print("workloads: " + " ".join(WORKLOADS), file=sys.stderr)
        return 2
    run(argv[0], int(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
