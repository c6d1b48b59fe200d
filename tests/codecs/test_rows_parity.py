"""The row hot path agrees with its pure-Python spec on every input.

``impl.rows`` (each implementation in turn) is held to
``informix_db.codecs.rows``: rows encoded by the pure encoders decode to the
same values of the same types (compared by type and repr, so -0.0, NaN and a
Decimal's exponent count); malformed rows (every truncation, corrupted
bytes, random bytes) raise the same exception class with the same message;
encoders give the same bytes or the same error.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from decimal import Decimal, localcontext
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from informix_db.codecs import rows as spec
from informix_db.types import SQLCHAR, ColumnType, IntervalYM, parse_type

sys.path.insert(0, str(Path(__file__).parents[1]))
from conformance.corpus import CASES  # noqa: E402

ENCODINGS = ("utf-8", "iso-8859-1")
ID = parse_type("INTEGER")


def _shape(value):
    """What must match: the type and the repr (-0.0, nan, Decimal('1.50'))."""
    return type(value), repr(value)


def _decoded(rows_module, columns, encoding, buf, offset=0):
    """A comparable record of decoding *buf*: the values or the exception."""
    try:
        values, end = rows_module.row_decoder(columns, encoding)(buf, offset)
    except Exception as exc:  # the point is to compare whatever happens
        return ("raised", type(exc), str(exc))
    return ("ok", [_shape(v) for v in values], end)


def _encoded(rows_module, columns, values, encoding):
    try:
        return ("ok", rows_module.encode_row(columns, values, encoding))
    except Exception as exc:
        return ("raised", type(exc), str(exc))


def _all_corpus_values():
    for case in CASES:
        for k, row in enumerate(case.rows):
            yield pytest.param(case.decl, row.want, id=f"{case.id}-{k}")


def _corpus_rows():
    """Every corpus value in each code set that can hold it (CHAR(1) 'é'
    takes two bytes in UTF-8, so it is left out there)."""
    for encoding in ENCODINGS:
        for case in CASES:
            for k, row in enumerate(case.rows):
                columns = [ID, parse_type(case.decl), ID]
                if _encoded(spec, columns, (7, row.want, -7), encoding)[0] == "ok":
                    yield pytest.param(case.decl, row.want, encoding,
                                       id=f"{case.id}-{k}-{encoding}")


@pytest.mark.parametrize("decl,value,encoding", list(_corpus_rows()))
def test_every_corpus_value_decodes_as_the_spec_decodes_it(impl, decl, value, encoding):
    columns = [ID, parse_type(decl), ID]
    encoded = _encoded(spec, columns, (7, value, -7), encoding)
    assert encoded[0] == "ok"
    payload = encoded[1]
    want = _decoded(spec, columns, encoding, payload)
    assert want[0] == "ok" and want[2] == len(payload)
    if value is not None:
        assert want[1][1] != _shape(None)
    assert _decoded(impl.rows, columns, encoding, payload) == want


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("decl,value", list(_all_corpus_values()))
def test_every_corpus_value_encodes_as_the_spec_encodes_it(impl, decl, value, encoding):
    columns = [ID, parse_type(decl)]
    assert _encoded(impl.rows, columns, (1, value), encoding) == \
        _encoded(spec, columns, (1, value), encoding)


# -- edge values --------------------------------------------------------------

EDGES = [
    ("FLOAT", [-0.0, math.nan, math.inf, -math.inf, 5e-324, -1.7976931348623157e308]),
    ("SMALLFLOAT", [-0.0, math.nan, math.inf, 1e-45, -3.4028234663852886e38]),
    ("DATE", [dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(1899, 12, 31),
              dt.date(1900, 2, 28), dt.date(2000, 2, 29), dt.date(1600, 3, 1)]),
    ("INT8", [2**63 - 1, -(2**63) + 1, 2**32, -(2**32), 2**32 - 1, 0]),
    ("BIGINT", [2**63 - 1, -(2**63) + 1, 0]),
    ("SMALLINT", [32767, -32767]),
    ("CHAR(3)", ["", "abc", "é", "a  "]),
    (ColumnType(SQLCHAR, 0), ["", None]),  # no declaration spells it; a server might
    ("VARCHAR(255)", ["x" * 255, "ü" * 127, ""]),
    ("LVARCHAR(32739)", ["y" * 32739, "€" * 100]),
    ("NCHAR(4)", ["ÿÿ"]),
    ("DECIMAL(32,31)", [Decimal("-0E-31"), Decimal("1E-31")]),
    ("DECIMAL(5,0)", [Decimal("99999"), Decimal("-1")]),
    ("DECIMAL(32)", [Decimal("1E+125"), Decimal("-1E-129"), Decimal("123.4500")]),
    ("MONEY(3,3)", [Decimal("0.001"), Decimal("-0.999")]),
    ("DATETIME YEAR TO YEAR", [dt.date(1, 1, 1), dt.date(9999, 1, 1)]),
    ("DATETIME MONTH TO DAY", [dt.date(2000, 2, 29)]),
    ("DATETIME FRACTION TO FRACTION(5)", [dt.time(0, 0, 0, 999990)]),
    ("DATETIME HOUR TO FRACTION(1)", [dt.time(23, 59, 59, 900000)]),
    ("INTERVAL HOUR(9) TO SECOND", [dt.timedelta(hours=999_999_999), -dt.timedelta(seconds=1)]),
    ("INTERVAL DAY(9) TO FRACTION(5)", [dt.timedelta(days=999_999_999, seconds=86399,
                                                    microseconds=999990),
                                        -dt.timedelta(days=999_999_998, seconds=86399)]),
    ("INTERVAL MINUTE(3) TO MINUTE", [dt.timedelta(minutes=-999)]),
    ("INTERVAL YEAR(9) TO YEAR", [IntervalYM.from_months(-12 * 999_999_999)]),
    ("INTERVAL MONTH(5) TO MONTH", [IntervalYM.from_months(99999)]),
    ("BOOLEAN", [True, False]),
    ("BYTE", [b"\x00\x01"]),
    ("TEXT", ["text"]),
]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("decl,value", [
    pytest.param(d, v, id=f"{d}-{i}") for d, vs in EDGES for i, v in enumerate(vs)])
def test_edge_values_decode_and_encode_as_the_spec(impl, decl, value, encoding):
    columns = [decl if isinstance(decl, ColumnType) else parse_type(decl), ID]
    encoded = _encoded(spec, columns, (value, 1), encoding)
    assert _encoded(impl.rows, columns, (value, 1), encoding) == encoded
    if encoded[0] == "ok":
        assert _decoded(impl.rows, columns, encoding, encoded[1]) == \
            _decoded(spec, columns, encoding, encoded[1])


# -- malformed rows -----------------------------------------------------------

ETL = [parse_type(d) for d in (
    "INTEGER", "BIGINT", "VARCHAR(40)", "CHAR(10)", "DECIMAL(12,2)", "DATE",
    "DATETIME YEAR TO SECOND", "FLOAT", "INT8", "SMALLINT", "SMALLFLOAT", "BOOLEAN",
    "LVARCHAR", "NCHAR(2)", "INTERVAL DAY(5) TO FRACTION(5)", "INTERVAL YEAR(3) TO MONTH",
    "DECIMAL(16)", "MONEY(8,2)", "DATETIME HOUR TO FRACTION(3)", "BYTE",
    "DATETIME YEAR TO FRACTION(3)", "DATETIME YEAR TO DAY", "DATETIME YEAR TO HOUR")]
ETL_ROW = (123, -(2**40), "label é", "code", Decimal("-1234.56"), dt.date(2024, 5, 6),
           dt.datetime(2024, 5, 6, 7, 8, 9), 3.25, -(2**62), -3, 0.5, True, "lv ü", "ab",
           -dt.timedelta(days=2, microseconds=30), IntervalYM.from_months(-25),
           Decimal("1.5E-20"), Decimal("12.30"), dt.time(1, 2, 3, 4000), b"blob",
           dt.datetime(2024, 2, 29, 23, 59, 59, 123000), dt.date(2024, 12, 31),
           dt.datetime(1, 1, 1, 23))


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_every_truncation_fails_as_the_spec_fails(impl, encoding):
    payload = spec.encode_row(ETL, ETL_ROW, encoding)
    for n in range(len(payload)):
        want = _decoded(spec, ETL, encoding, payload[:n])
        assert want[0] == "raised", n
        assert _decoded(impl.rows, ETL, encoding, payload[:n]) == want, n


@pytest.mark.parametrize("byte", [0x00, 0x01, 0x3F, 0x63, 0x64, 0x80, 0xC3, 0xFF])
def test_every_corrupted_byte_reads_as_the_spec_reads_it(impl, byte):
    payload = spec.encode_row(ETL, ETL_ROW)
    for i in range(len(payload)):
        bad = payload[:i] + bytes((byte,)) + payload[i + 1:]
        assert _decoded(impl.rows, ETL, "utf-8", bad) == _decoded(spec, ETL, "utf-8", bad), i


@pytest.mark.parametrize("buf,offset", [
    (memoryview(b"\x00\x01\x00\x02" * 20).cast("H"), 0),   # items wider than a byte
    (memoryview(b"\x00\x01\x00\x02" * 20)[::2], 0),        # not contiguous
    (bytearray(b"\x00" * 200), 5),
    (b"\x00" * 200, -3),
    (b"\x00" * 200, 201),
    (b"\x00" * 200, True),
    ("not bytes", 0),
])
def test_unusual_buffers_and_offsets_read_as_the_spec_reads_them(impl, buf, offset):
    assert _decoded(impl.rows, ETL, "utf-8", buf, offset) == \
        _decoded(spec, ETL, "utf-8", buf, offset)


# -- random rows ---------------------------------------------------------------

_TEXT = st.text(st.characters(codec="latin-1", exclude_characters="\x00"), max_size=12)
_KINDS = [
    ("SMALLINT", st.integers(-32767, 32767)),
    ("INTEGER", st.integers(-(2**31) + 1, 2**31 - 1)),
    ("SERIAL", st.integers(1, 2**31 - 1)),
    ("BIGINT", st.integers(-(2**63) + 1, 2**63 - 1)),
    ("BIGSERIAL", st.integers(1, 2**63 - 1)),
    ("INT8", st.integers(-(2**63) + 1, 2**63 - 1)),
    ("SERIAL8", st.integers(1, 2**63 - 1)),
    ("SMALLFLOAT", st.floats(width=32)),
    ("FLOAT", st.floats()),
    ("DATE", st.dates()),
    ("BOOLEAN", st.booleans()),
    ("CHAR(12)", _TEXT),
    ("NCHAR(12)", _TEXT),
    ("VARCHAR(12)", _TEXT),
    ("NVARCHAR(12,2)", _TEXT),
    ("LVARCHAR(40)", _TEXT),
    ("DECIMAL(12,2)", st.decimals(min_value=-(10**9), max_value=10**9, places=2)),
    ("DECIMAL(31,5)", st.decimals(min_value=-(10**25), max_value=10**25, places=5)),
    ("DECIMAL(16)", st.decimals(allow_nan=False, allow_infinity=False, min_value=Decimal("-1e60"),
                                max_value=Decimal("1e60"))),
    ("MONEY(9,3)", st.decimals(min_value=-999999, max_value=999999, places=3)),
    ("DATETIME YEAR TO SECOND", st.datetimes().map(lambda v: v.replace(microsecond=0))),
    ("DATETIME YEAR TO FRACTION(5)", st.datetimes().map(
        lambda v: v.replace(microsecond=v.microsecond // 10 * 10))),
    ("DATETIME YEAR TO DAY", st.dates()),
    ("DATETIME HOUR TO MINUTE", st.times().map(lambda v: v.replace(second=0, microsecond=0))),
    ("INTERVAL DAY(5) TO FRACTION(5)", st.timedeltas(
        min_value=-dt.timedelta(days=99999), max_value=dt.timedelta(days=99999)).map(
        lambda v: v - dt.timedelta(microseconds=v.microseconds % 10))),
    ("INTERVAL HOUR(3) TO MINUTE", st.integers(-999 * 60, 999 * 60).map(
        lambda m: dt.timedelta(minutes=m))),
    ("INTERVAL YEAR(4) TO MONTH", st.integers(-9999 * 12, 9999 * 12).map(IntervalYM.from_months)),
]
_COLUMN = st.sampled_from(_KINDS).flatmap(
    lambda kind: st.tuples(st.just(kind[0]), st.none() | kind[1]))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(row=st.lists(_COLUMN, min_size=1, max_size=8), encoding=st.sampled_from(ENCODINGS))
def test_random_rows_round_trip_as_the_spec(impl, row, encoding):
    columns = [parse_type(d) for d, _ in row]
    values = tuple(v for _, v in row)
    encoded = _encoded(spec, columns, values, encoding)
    assert _encoded(impl.rows, columns, values, encoding) == encoded
    if encoded[0] == "ok":
        assert _decoded(impl.rows, columns, encoding, encoded[1]) == \
            _decoded(spec, columns, encoding, encoded[1])


@settings(max_examples=300, deadline=None)
@given(decls=st.lists(st.sampled_from([d for d, _ in _KINDS]), min_size=1, max_size=4),
       data=st.binary(max_size=64), encoding=st.sampled_from(ENCODINGS))
def test_random_bytes_decode_or_fail_as_the_spec(impl, decls, data, encoding):
    columns = [parse_type(d) for d in decls]
    assert _decoded(impl.rows, columns, encoding, data) == \
        _decoded(spec, columns, encoding, data)


_ODD = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(), st.text(max_size=5),
    st.binary(max_size=4), st.decimals(), st.dates(), st.datetimes(), st.times(),
    st.timedeltas(), st.just("a\x00b"), st.just("€"), st.just(" " * 40),
)


@settings(max_examples=300, deadline=None)
@given(decl=st.sampled_from([d for d, _ in _KINDS]), value=_ODD,
       encoding=st.sampled_from(ENCODINGS))
def test_any_value_encodes_or_fails_as_the_spec(impl, decl, value, encoding):
    columns = [parse_type(decl)]
    assert _encoded(impl.rows, columns, [value], encoding) == \
        _encoded(spec, columns, [value], encoding)


@settings(max_examples=150, deadline=None)
@given(decl=st.sampled_from(["DECIMAL(16)", "DECIMAL(32)", "DECIMAL(12,2)", "MONEY(8,3)",
                             "DECIMAL(32,31)"]),
       value=st.decimals(allow_nan=True) | st.sampled_from(
           [Decimal("1E+5"), Decimal("-1.5E-20"), Decimal("-0.00"), Decimal("0E+3"),
            Decimal("1E-7"), Decimal("sNaN"), Decimal("-Infinity")]))
def test_decimals_encode_as_the_spec_whatever_the_context_prints(impl, decl, value):
    columns = [parse_type(decl)]
    with localcontext() as ctx:
        ctx.capitals = 0  # str() of a Decimal then writes 1e+5
        assert _encoded(impl.rows, columns, [value], "utf-8") == \
            _encoded(spec, columns, [value], "utf-8")
