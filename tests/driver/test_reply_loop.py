"""The fetch reply loop (``replyloop.TupleLoop``): I/O-free, resumable, and
the same on both implementations.

``feed(buf, pos, end)`` reads whole messages and returns ``(pos, need)``:
need > 0 asks for more bytes from *pos*, 0 leaves the message at *pos* to
the general reader, -1 says SQ_EOT was read.  Every test runs on each
implementation (``impl.replyloop`` with ``impl.rows``); the parity tests
hold the compiled twin to the pure one on mutated replies.
"""

from __future__ import annotations

import datetime as dt
import random
import struct
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from informix_db import _impl
from informix_db.codecs import rows as spec
from informix_db.framing import messages as sq
from informix_db.protocol import statement as stmt
from informix_db.protocol.reply_values import MAX_XACT_EVENTS, Cost, Done, Reply, XactStat
from informix_db.protocol.replies import ReplyReader
from informix_db.protocol.statement import ColumnInfo, Description, StatementReader
from informix_db.transport import SocketStream
from informix_db.types import parse_type

sys.path.insert(0, str(Path(__file__).parents[1]))
from fuzz import mutate  # noqa: E402
from fuzz.targets import MemorySocket  # noqa: E402

COLUMNS = [parse_type(d) for d in (
    "INTEGER", "VARCHAR(20)", "DECIMAL(12,2)", "DATETIME YEAR TO FRACTION(3)", "CHAR(3)")]
DESCRIPTION = Description(sq.SQ_SELECT, 1, 0, tuple(
    ColumnInfo(f"c{i}", ct, ct.sqltype, "", 0) for i, ct in enumerate(COLUMNS)))


def _values(i: int) -> tuple:
    if i % 5 == 4:
        return (i, None, None, None, None)
    return (i, "x" * (i % 7), Decimal(i).scaleb(-2),
            dt.datetime(2026, 1, 1) + dt.timedelta(seconds=i, milliseconds=i), "abc")


def tuple_message(payload: bytes) -> bytes:
    return struct.pack(">hhi", sq.SQ_TUPLE, 0, len(payload)) + payload + b"\0" * (len(payload) & 1)


DONE = struct.pack(">hhiii", sq.SQ_DONE, 0, 5, 7, 9)
COST = struct.pack(">hii", sq.SQ_COST, 5, 2)
XACT = struct.pack(">hhhh", sq.SQ_XACTSTAT, 1, 2, 3)
EOT = struct.pack(">h", sq.SQ_EOT)


def fetch_reply(n: int = 5) -> bytes:
    tuples = b"".join(tuple_message(spec.encode_row(COLUMNS, _values(i))) for i in range(n))
    return tuples + XACT + DONE + COST + EOT


def _reader(impl, description=DESCRIPTION) -> StatementReader:
    sr = StatementReader("utf-8")
    sr.decoder = None
    if description is not None:
        sr.description = description
        sr.max_tuple = 4096
        sr.decoder = impl.rows.row_decoder([c.type for c in description.columns], "utf-8")
    return sr


def _loop(impl, sr: StatementReader):
    loop = impl.replyloop.TupleLoop(sr)
    loop.reply = Reply()
    return loop


def test_a_whole_reply_is_read_in_one_call(impl):
    sr = _reader(impl)
    loop = _loop(impl, sr)
    data = fetch_reply(5)
    assert loop.feed(data, 0, len(data)) == (len(data), -1)
    assert sr.rows == [spec.row_decoder(COLUMNS, "utf-8")(spec.encode_row(COLUMNS, _values(i)))[0]
                       for i in range(5)]
    assert loop.reply.done == Done(0, 5, 7, 9)
    assert loop.reply.cost == Cost(5, 2)
    assert loop.reply.xact == [XactStat(1, 2, 3)]


def test_the_loop_starts_and_stops_inside_a_larger_buffer(impl):
    sr = _reader(impl)
    data = b"\xff" * 3 + fetch_reply(3) + b"\xee" * 5
    assert _loop(impl, sr).feed(memoryview(bytearray(data)), 3, len(data) - 5) == (len(data) - 5, -1)
    assert len(sr.rows) == 3


def test_every_cut_of_the_reply_asks_for_the_bytes_it_lacks_and_resumes(impl):
    data = fetch_reply(4)
    whole = _reader(impl)
    _loop(impl, whole).feed(data, 0, len(data))
    for cut in range(len(data)):
        sr = _reader(impl)
        loop = _loop(impl, sr)
        pos, need = loop.feed(data, 0, cut)
        assert need > 0 and pos <= cut < pos + need, cut
        assert loop.feed(data, pos, len(data)) == (len(data), -1), cut
        assert sr.rows == whole.rows, cut


def test_a_message_it_does_not_read_is_left_at_its_code(impl):
    first = tuple_message(spec.encode_row(COLUMNS, _values(0)))
    data = first + struct.pack(">hi", sq.SQ_TUPID, 1) + EOT
    sr = _reader(impl)
    assert _loop(impl, sr).feed(data, 0, len(data)) == (len(first), 0)
    assert len(sr.rows) == 1


def test_tuples_without_a_description_are_left_to_the_handler(impl):
    data = fetch_reply(1)
    assert _loop(impl, _reader(impl, None)).feed(data, 0, len(data)) == (0, 0)


def test_a_tuple_larger_than_the_columns_allow_is_left_before_it_is_buffered(impl):
    sr = _reader(impl)
    sr.max_tuple = 10
    data = struct.pack(">hhi", sq.SQ_TUPLE, 0, 11)  # its payload never arrives
    assert _loop(impl, sr).feed(data, 0, len(data)) == (0, 0)


def test_a_negative_tuple_size_is_left_to_the_handler(impl):
    data = struct.pack(">hhi", sq.SQ_TUPLE, 0, -2) + EOT
    assert _loop(impl, _reader(impl)).feed(data, 0, len(data)) == (0, 0)


def test_one_row_more_than_the_fetch_buffer_allows_is_left_to_the_handler(impl):
    sr = _reader(impl)
    sr.max_rows = 2
    data = fetch_reply(3)
    pos, need = _loop(impl, sr).feed(data, 0, len(data))
    assert need == 0 and len(sr.rows) == 2 and data[pos:pos + 2] == b"\x00\x0e"


def test_a_row_that_does_not_fill_its_tuple_is_left_to_the_handler(impl):
    payload = spec.encode_row(COLUMNS, _values(1)) + b"\x00\x00"  # two stray bytes
    data = tuple_message(payload) + EOT
    sr = _reader(impl)
    assert _loop(impl, sr).feed(data, 0, len(data)) == (0, 0)
    assert sr.rows == []


def test_a_row_that_does_not_decode_is_left_to_the_handler(impl):
    good = tuple_message(spec.encode_row(COLUMNS, _values(1)))
    bad = bytearray(good)
    bad[8 + 4] = 200  # VARCHAR length past the tuple's end
    data = good + bytes(bad) + EOT
    sr = _reader(impl)
    assert _loop(impl, sr).feed(data, 0, len(data)) == (len(good), 0)
    assert len(sr.rows) == 1


def test_xactstat_events_past_the_cap_are_read_and_dropped(impl):
    data = XACT * (MAX_XACT_EVENTS + 5) + EOT
    loop = _loop(impl, _reader(impl))
    assert loop.feed(data, 0, len(data)) == (len(data), -1)
    assert len(loop.reply.xact) == MAX_XACT_EVENTS


def test_positions_outside_the_buffer_are_refused(impl):
    loop = _loop(impl, _reader(impl))
    if impl.name == "cython":
        with pytest.raises(ValueError):
            loop.feed(b"\x00\x0c", 0, 3)
    else:  # the pure loop reads what it is given: an IndexError, not a crash
        with pytest.raises(IndexError):
            loop.feed(b"\x00", 0, 3)


# -- through the stream: the reply reader drives the loop ------------------------------

def _read_through_memory(impl, data: bytes, chunk: int, monkeypatch):
    monkeypatch.setattr(stmt, "replyloop", impl.replyloop)
    monkeypatch.setattr(stmt, "rows", impl.rows)
    sock = MemorySocket(data, chunk)
    stream = SocketStream(sock, recv_size=64)
    sr = StatementReader("utf-8", description=DESCRIPTION)
    reply = ReplyReader(stream).read_reply(sr.handlers, raise_error=False)
    return sr, reply, sock


@pytest.mark.parametrize("chunk", [1, 3, 64, 4096])
def test_the_stream_feeds_the_loop_whatever_the_chunks(impl, chunk, monkeypatch):
    data = fetch_reply(12)
    sr, reply, sock = _read_through_memory(impl, data, chunk, monkeypatch)
    assert len(sr.rows) == 12 and reply.done == Done(0, 5, 7, 9) and sock.exhausted


def test_a_message_the_loop_leaves_is_read_by_its_handler_and_the_loop_goes_on(impl, monkeypatch):
    rows = [tuple_message(spec.encode_row(COLUMNS, _values(i))) for i in range(4)]
    data = rows[0] + struct.pack(">hi", sq.SQ_TUPID, 9) + b"".join(rows[1:]) + DONE + EOT
    sr, reply, sock = _read_through_memory(impl, data, 5, monkeypatch)
    assert len(sr.rows) == 4 and sr.tupid == 9 and reply.done is not None and sock.exhausted


# -- parity: the compiled loop against its spec ------------------------------------

def _outcome(rows_module, loop_module, data: bytes, max_rows: int = sys.maxsize):
    """Everything a feed did: its result or exception, the rows, the reply."""
    sr = StatementReader("utf-8")
    sr.decoder = rows_module.row_decoder(COLUMNS, "utf-8")
    sr.max_tuple = 200
    sr.max_rows = max_rows
    loop = loop_module.TupleLoop(sr)
    loop.reply = Reply()
    try:
        result = loop.feed(data, 0, len(data))
    except Exception as exc:
        result = (type(exc), str(exc))
    r = loop.reply
    return result, [[(type(v), repr(v)) for v in row] for row in sr.rows], \
        (r.done, r.cost, r.xact)


@pytest.fixture(scope="module")
def twins():
    try:
        compiled = _impl.load("cython")
    except ImportError as exc:
        pytest.skip(f"no compiled twin: {exc}")
    return _impl.load("python"), compiled


def _assert_same(twins, data: bytes, max_rows: int = sys.maxsize) -> None:
    pure, compiled = twins
    want = _outcome(pure["rows"], pure["replyloop"], data, max_rows)
    assert _outcome(compiled["rows"], compiled["replyloop"], data, max_rows) == want
    # And the compiled loop driving the pure decoder (a pure build's rows).
    assert _outcome(pure["rows"], compiled["replyloop"], data, max_rows) == want


def test_twins_agree_on_mutated_replies(twins):
    seeds = [fetch_reply(6), fetch_reply(1), XACT + fetch_reply(3)]
    rng = random.Random(10)
    for index in range(3000):
        _assert_same(twins, mutate.case(seeds, rng.randrange(1 << 30), index),
                     max_rows=rng.choice((sys.maxsize, 2)))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_twins_agree_on_random_bytes(twins, data):
    _assert_same(twins, data)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 50), max_size=8), st.integers(0, 400))
def test_twins_agree_on_every_truncation_of_valid_replies(twins, rows, cut):
    data = b"".join(tuple_message(spec.encode_row(COLUMNS, _values(i))) for i in rows) + DONE + EOT
    _assert_same(twins, data[:cut])


# -- BatchLoop: the replies of a batch of EXECUTEs ---------------------------------

def done_message(rows: int, serial: int = 0, warnings: int = 0) -> bytes:
    return struct.pack(">hhiii", sq.SQ_DONE, warnings, rows, 0, serial)


def insertdone_message(serial8: int = 0, bigserial: int = 0) -> bytes:
    sign = (serial8 > 0) - (serial8 < 0)
    magnitude = abs(serial8)
    return struct.pack(">hhIIq", sq.SQ_INSERTDONE, sign, magnitude & 0xFFFF_FFFF, magnitude >> 32,
                       bigserial)


def batch_reply(sets: int) -> bytes:
    return b"".join(done_message(1) + COST + XACT for _ in range(sets)) + EOT


def _batch(impl, data: bytes):
    loop = impl.replyloop.BatchLoop()
    loop.reply = Reply()
    return loop, loop.feed(data, 0, len(data))


def test_a_batch_reply_is_counted_without_an_object_per_set(impl):
    data = batch_reply(1000)
    loop, result = _batch(impl, data)
    assert result == (len(data), -1)
    assert (loop.executed, loop.rowcount, loop.lastrowid) == (1000, 1000, None)


def test_the_last_generated_serial_is_kept_in_every_form(impl):
    data = (insertdone_message(bigserial=7) + done_message(1)      # BIGSERIAL
            + done_message(1, serial=9)                              # SERIAL in DONE
            + done_message(0)                                        # none: kept
            + insertdone_message(serial8=-(1 << 40)) + done_message(1, serial=3) + EOT)
    loop, _ = _batch(impl, data)
    assert loop.lastrowid == -(1 << 40) and loop.executed == 4 and loop.rowcount == 3
    loop, _ = _batch(impl, insertdone_message(bigserial=7) + done_message(1) + done_message(0) + EOT)
    assert loop.lastrowid == 7


def test_an_insertdone_without_a_serial_does_not_hide_the_done_serial(impl):
    loop, _ = _batch(impl, insertdone_message() + done_message(1, serial=5, warnings=2) + EOT)
    assert (loop.lastrowid, loop.warnings) == (5, 2)


def test_an_error_in_a_batch_is_left_at_its_code_with_the_sets_before_it_counted(impl):
    err = struct.pack(">hhhi", sq.SQ_ERR, -239, -100, 0)
    data = batch_reply(3)[:-2] + err
    loop, result = _batch(impl, data)
    assert result == (len(data) - len(err), 0) and loop.executed == 3


def test_every_cut_of_a_batch_reply_resumes(impl):
    data = insertdone_message(bigserial=4) + batch_reply(3)
    for cut in range(len(data)):
        loop = impl.replyloop.BatchLoop()
        pos, need = loop.feed(data, 0, cut)
        assert need > 0 and pos <= cut < pos + need, cut
        assert loop.feed(data, pos, len(data)) == (len(data), -1), cut
        assert (loop.executed, loop.lastrowid) == (3, 4), cut


def _batch_outcome(loop_module, data: bytes):
    loop = loop_module.BatchLoop()
    try:
        result = loop.feed(data, 0, len(data))
    except Exception as exc:
        result = (type(exc), str(exc))
    return result, loop.executed, loop.rowcount, loop.lastrowid, loop.warnings


def test_batch_twins_agree_on_mutated_replies(twins):
    pure, compiled = twins
    seeds = [batch_reply(5), insertdone_message(3, 9) + done_message(1) + EOT,
             insertdone_message(-5) + done_message(2, 4) + COST + EOT]
    rng = random.Random(11)
    for index in range(3000):
        data = mutate.case(seeds, rng.randrange(1 << 30), index)
        assert _batch_outcome(compiled["replyloop"], data) == _batch_outcome(pure["replyloop"], data)
