"""The compiled Arrow encoder agrees with its pure-Python spec, byte for byte.

``_speedups.arrowbind.batch_messages`` is held to ``arrow.binds.batch_messages``
(each row's SQ_BIND message is ``bind_message`` of the values the reader
makes): for tables of every type the C code writes and some it leaves to
the spec, with NULLs, sliced (offsets), in several code sets and marker
orders, the messages, the failed row and its error, or the exception
raised, are the same.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Context, Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from informix_db.arrow import binds, reader

pa = pytest.importorskip("pyarrow")

ENCODINGS = ("utf-8", "iso-8859-1", "ascii", "utf-16", "cp1252")


@pytest.fixture(scope="module")
def compiled():
    try:
        from informix_db._speedups.arrowbind import batch_messages
    except ImportError as exc:
        if os.environ.get("INFORMIX_DB_EXPECT_CYTHON") == "1":
            raise
        pytest.skip(f"no compiled speedups in this install ({exc})")
    return batch_messages


def _outcome(fn, table, order, encoding, rows=None):
    """Per batch (per *rows* rows of it when given) ``(messages, error type
    and text)``, or what was raised."""
    out = []
    try:
        _, batches = reader.read_arrow_batches(table)
        for fields, array in batches:
            slices = [(0, None)] if rows is None else \
                [(k, k + rows) for k in range(0, array.length, rows)]
            for start, stop in slices:
                out.append(_one(fn, fields, array, order, encoding, start, stop))
    except Exception as exc:  # the point is to compare whatever happens
        out.append(("raised", type(exc), str(exc)))
    return out


def _one(fn, fields, array, order, encoding, start, stop):
    messages, error = fn(fields, array, order, encoding, start, stop)
    return messages, None if error is None else (type(error), str(error))


def _same(compiled, table, order=None, encoding="utf-8", rows=None):
    order = list(range(table.num_columns)) if order is None else order
    want = _outcome(binds.batch_messages, table, order, encoding, rows)
    assert _outcome(compiled, table, order, encoding, rows) == want
    return want


# -- examples -------------------------------------------------------------------------------

def _etl(n=50):
    return pa.table({
        "id": pa.array(range(n), pa.int32()),
        "big": pa.array([2**40 * (i - 25) for i in range(n)], pa.int64()),
        "small": pa.array([i - 25 for i in range(n)], pa.int16()),
        "name": pa.array([None if i % 7 == 0 else f"row {i}" for i in range(n)]),
        "amount": pa.array([Decimal(i * 1234 - 5000).scaleb(-2) for i in range(n)],
                           pa.decimal128(12, 2)),
        "ratio": pa.array([i / 3 for i in range(n)]),
        "day": pa.array([dt.date(2020, 1, 1) + dt.timedelta(days=i * 40) for i in range(n)]),
        "stamp": pa.array([dt.datetime(2024, 2, 29, 12, 0, 0, i * 1111) for i in range(n)],
                          pa.timestamp("ms")),
        "ok": pa.array([None if i % 5 == 0 else i % 2 == 0 for i in range(n)]),
    })


def test_an_etl_table_gives_the_same_messages(compiled):
    (messages, error), = _same(compiled, _etl())
    assert error is None and len(messages) == 50


def test_a_sliced_table_reads_from_its_offset(compiled):
    _same(compiled, _etl().slice(7, 20))


def test_slices_of_a_batch_give_its_rows_messages_in_pieces(compiled):
    whole, = _same(compiled, _etl())
    pieces = _same(compiled, _etl().slice(3), rows=7)
    assert [m for piece, _ in pieces for m in piece] == whole[0][3:]


def test_marker_order_may_repeat_and_reorder_columns(compiled):
    _same(compiled, _etl(), order=[3, 0, 0, 8])


def test_a_bad_value_ends_the_list_at_its_row(compiled):
    t = pa.table({"v": pa.array([1, 2, -(2**63), 4], pa.int64())})
    (messages, error), = _same(compiled, t)
    assert len(messages) == 2 and "parameter 1" in error[1]


def test_text_with_a_nul_is_refused_as_the_spec_refuses_it(compiled):
    (messages, error), = _same(compiled, pa.table({"s": ["ok", "a\x00b"]}))
    assert len(messages) == 1 and error is not None


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_non_ascii_text_binds_in_the_connection_code_set(compiled, encoding):
    _same(compiled, pa.table({"s": ["plain", "héllo", "日本", "x" * 70000, ""]}), encoding=encoding)


def test_text_that_is_not_utf8_raises_what_the_reader_raises(compiled):
    broken = pa.Array.from_buffers(pa.utf8(), 1, [None, pa.py_buffer(b"\0\0\0\0\2\0\0\0"),
                                                  pa.py_buffer(b"\xff\xfe")])
    (raised,) = _same(compiled, pa.table({"s": broken}))
    assert raised[0] == "raised" and raised[1] is UnicodeDecodeError


@pytest.mark.parametrize("array", [
    pa.array([0, -800_000], pa.int32()).cast(pa.date32()),
    pa.array([0, 2**62], pa.timestamp("s")),
    pa.array([0, -(2**62)], pa.timestamp("ms")),
], ids=["date32", "timestamp-s", "timestamp-ms"])
def test_a_date_outside_python_dates_raises_what_the_reader_raises(compiled, array):
    (raised,) = _same(compiled, pa.table({"d": array}))
    assert raised[0] == "raised"


def test_nanoseconds_before_the_epoch_round_down_to_the_microsecond(compiled):
    _same(compiled, pa.table({"t": pa.array([-1, -999, -1000, -1001, 1, 999], pa.timestamp("ns"))}))


@pytest.mark.parametrize("typ, garbage", [
    (pa.timestamp("s"), (2**62).to_bytes(8, "little")),
    (pa.date32(), (-(2**31)).to_bytes(4, "little", signed=True)),
    (pa.duration("s"), (2**62).to_bytes(8, "little")),
], ids=["timestamp", "date32", "duration"])
def test_what_lies_under_a_null_is_not_converted(compiled, typ, garbage):
    width = len(garbage)
    values = pa.py_buffer(bytes(width) + garbage)
    array = pa.Array.from_buffers(typ, 2, [pa.py_buffer(b"\x01"), values], null_count=1)
    (messages, error), = _same(compiled, pa.table({"v": array}))
    assert error is None and messages[1] == b"\x00\x05\x00\x01\x00\x00\xff\xff\x00\x00"


def test_an_unused_column_fails_where_the_spec_reads_it(compiled):
    t = pa.table({"a": [1, 2], "t": pa.array([0, 2**62], pa.timestamp("s"))})
    (raised,) = _same(compiled, t, order=[0])
    assert raised[0] == "raised"


def test_decimals_of_more_than_32_digits_take_the_spec_route(compiled):
    _same(compiled, pa.table({"d": pa.array([Decimal("1" * 37), Decimal("-0.5"), Decimal(0)],
                                            pa.decimal128(38, 1))}))


def test_unsigned_64_bit_integers_past_bigint_are_refused_alike(compiled):
    (messages, error), = _same(compiled, pa.table({"u": pa.array([2**63 - 1, 2**63],
                                                                 pa.uint64())}))
    assert len(messages) == 1 and error is not None


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_durations_bind_as_day_to_fraction_intervals(compiled, unit):
    _same(compiled, pa.table({"d": pa.array([0, 1, -1, 86_400_000_001, -999_999, None,
                                             10**13, -(10**13)], pa.duration(unit))}))


def test_columns_the_c_code_leaves_to_the_spec_agree(compiled):
    _same(compiled, pa.table({
        "bin": pa.array([b"ab", None, b""]),
        "tod": pa.array([dt.time(1, 2, 3), None, dt.time(23, 59)]),
        "cat": pa.array(["a", "b", "a"]).dictionary_encode(),
        "i": pa.array([1, 2, 3], pa.int8()),
    }))


def test_a_stream_of_batches_agrees_batch_by_batch(compiled):
    t = pa.concat_tables([_etl(10), _etl(3).slice(1), _etl(5).slice(2, 0), _etl(8)])
    assert len(_same(compiled, t)) >= 3


# -- generated tables ------------------------------------------------------------------------

def _ints(bits, signed):
    lo, hi = (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if signed else (0, 2**bits - 1)
    return st.integers(lo, hi) | st.sampled_from([lo, hi, 0, -1 if signed else 1])


_TEXT = st.text(st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["", "a\x00", "é", "x" * 300])

_EXACT = Context(prec=80)  # the default 28 digits would round a decimal128(38, s)

#: (arrow type, values strategy) of each kind of column
_KINDS = [
    (pa.int8(), _ints(8, True)), (pa.uint8(), _ints(8, False)),
    (pa.int16(), _ints(16, True)), (pa.uint16(), _ints(16, False)),
    (pa.int32(), _ints(32, True)), (pa.uint32(), _ints(32, False)),
    (pa.int64(), _ints(64, True)), (pa.uint64(), _ints(64, False)),
    (pa.float32(), st.floats(width=32)), (pa.float64(), st.floats()),
    (pa.bool_(), st.booleans()),
    (pa.utf8(), _TEXT), (pa.large_utf8(), _TEXT),
    (pa.decimal128(12, 2), st.integers(-(10**12) + 1, 10**12 - 1).map(
        lambda v: Decimal(v).scaleb(-2, _EXACT))),
    (pa.decimal128(38, 5), st.integers(-(10**38) + 1, 10**38 - 1).map(
        lambda v: Decimal(v).scaleb(-5, _EXACT))),
    (pa.decimal128(5, 0), st.integers(-99999, 99999).map(Decimal)),
    (pa.date32(), st.dates()),
    (pa.timestamp("s"), st.datetimes().map(lambda d: d.replace(microsecond=0))),
    (pa.timestamp("ms", tz="UTC"), st.datetimes().map(
        lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000))),
    (pa.timestamp("us"), st.datetimes()),
    (pa.timestamp("ns"), st.datetimes(min_value=dt.datetime(1678, 1, 1),
                                      max_value=dt.datetime(2261, 12, 31))),
    # raw counts: nanoseconds before the epoch that are no whole microsecond,
    # and seconds past Python's years (the reader's error)
    (pa.timestamp("ns"), st.integers(-(2**63) + 1, 2**63 - 1) | st.integers(-5000, 5000)),
    (pa.timestamp("s"), st.integers(-(2**63) + 1, 2**63 - 1) | st.integers(-(10**11), 10**11)),
    (pa.null(), st.none()),
    (pa.duration("ms"), st.integers(-(10**12), 10**12)),
    (pa.duration("s"), st.integers(-(2**63) + 1, 2**63 - 1) | st.integers(-(10**14), 10**14)),
    (pa.duration("ns"), st.integers(-(2**63) + 1, 2**63 - 1) | st.integers(-5000, 5000)),
    (pa.duration("us"), st.integers(-(2**63) + 1, 2**63 - 1)),
]


@st.composite
def _tables(draw):
    n = draw(st.integers(0, 12))
    columns = {}
    for k in range(draw(st.integers(1, 5))):
        typ, values = draw(st.sampled_from(_KINDS))
        cells = draw(st.lists(st.none() | values, min_size=n, max_size=n))
        columns[f"c{k}"] = pa.array(cells, typ)
    table = pa.table(columns)
    start = draw(st.integers(0, n))
    return table.slice(start, draw(st.integers(0, n - start)))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=_tables(), encoding=st.sampled_from(ENCODINGS), data=st.data())
def test_generated_tables_give_the_same_messages(compiled, table, encoding, data):
    order = data.draw(st.lists(st.integers(0, table.num_columns - 1), min_size=1, max_size=6))
    _same(compiled, table, order, encoding, rows=data.draw(st.none() | st.integers(1, 5)))
