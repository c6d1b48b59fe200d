"""The columnar decoder agrees with its pure-Python spec, byte for byte.

``impl.columnar`` (each implementation in turn) is held to
``informix_db.codecs.columnar``: rows decoded into columns give the same
buffers (validity, offsets, data: compared as bytes, so NaN payloads and
the bits past the end count), the same NULL counts and lengths, the same
exceptions for malformed rows, and leave the same rows behind after a
failure; batches taken in pieces agree too.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from informix_db.arrow.columns import arrow_format
from informix_db.codecs import columnar as spec
from informix_db.codecs.rows import encode_row
from informix_db.exceptions import NotSupportedError
from informix_db.types import IntervalYM, parse_type

sys.path.insert(0, str(Path(__file__).parents[1]))
sys.path.insert(0, str(Path(__file__).parent))
from conformance.corpus import CASES  # noqa: E402
# the row decoder's parity strategies: every kind of column, both code sets
from test_rows_parity import _KINDS as KINDS  # noqa: E402
from test_rows_parity import ENCODINGS as TEXT_ENCODINGS  # noqa: E402

ID = parse_type("INTEGER")


def _formats(columns, floating="float64"):
    return [arrow_format(c, floating) for c in columns]


def _buffers(cols):
    return [(c.length, c.null_count,
             [None if b is None else bytes(memoryview(b).cast("B")) for b in c.buffers])
            for c in cols]


def _run(module, columns, encoding, payloads, takes=(None,), floating="float64"):
    """A comparable record: each row's outcome, then each batch taken."""
    dec = module.ColumnDecoder(columns, encoding, _formats(columns, floating))
    events = []
    for payload in payloads:
        try:
            events.append(("ok", dec(payload, 0)))
        except Exception as exc:  # the point is to compare whatever happens
            events.append(("raised", type(exc), str(exc)))
        events.append(dec.length)
    for k in takes:
        try:
            events.append(_buffers(dec.take(k)))
        except Exception as exc:
            events.append(("take raised", type(exc), str(exc)))
    return events


def _same(impl, columns, encoding, payloads, takes=(None,), floating="float64"):
    want = _run(spec, columns, encoding, payloads, takes, floating)
    assert _run(impl.columnar, columns, encoding, payloads, takes, floating) == want
    return want


def _arrow_types():
    for case in CASES:
        if case.decl in ("BYTE", "TEXT"):
            continue  # a tuple holds their descriptors; the fetch resolves them first
        try:
            arrow_format(parse_type(case.decl))
        except NotSupportedError:
            continue
        yield case


@pytest.mark.parametrize("encoding", TEXT_ENCODINGS)
@pytest.mark.parametrize("case", list(_arrow_types()), ids=lambda c: c.id)
def test_every_corpus_column_decodes_as_the_spec_decodes_it(impl, case, encoding):
    columns = [ID, parse_type(case.decl), ID]
    payloads = []
    for row in case.rows:
        try:
            payloads.append(encode_row(columns, (7, row.want, -7), encoding))
        except Exception:
            continue  # a value this code set cannot hold
    payloads.append(encode_row(columns, (7, None, -7), encoding))
    want = _same(impl, columns, encoding, payloads)
    decoded = sum(1 for e in want[:-1:2] if e[0] == "ok")
    assert isinstance(want[-1], list) and want[-1][1][0] == decoded > 0


@pytest.mark.parametrize("floating", ["float64", "decimal128"])
def test_floating_decimals_decode_as_the_spec_either_way(impl, floating):
    columns = [parse_type("DECIMAL(16)"), parse_type("DECIMAL(32)")]
    values = [(Decimal("1.5"), Decimal("-1E+30")), (Decimal("1E-20"), None),
              (None, Decimal("123456789012345678901234567890.12"))]
    payloads = [encode_row(columns, v) for v in values]
    _same(impl, columns, "utf-8", payloads, floating=floating)


# -- batches --------------------------------------------------------------------

ETL = [parse_type(d) for d in (
    "INTEGER", "BIGINT", "VARCHAR(40)", "CHAR(10)", "DECIMAL(12,2)", "DATE",
    "DATETIME YEAR TO SECOND", "FLOAT", "INT8", "SMALLINT", "SMALLFLOAT", "BOOLEAN",
    "LVARCHAR", "NCHAR(2)", "INTERVAL DAY(5) TO FRACTION(5)", "INTERVAL YEAR(3) TO MONTH",
    "DECIMAL(16)", "MONEY(8,2)", "DATETIME HOUR TO FRACTION(3)",
    "DATETIME YEAR TO FRACTION(3)", "DATETIME YEAR TO DAY", "INTERVAL DAY(4) TO SECOND",
    "INTERVAL HOUR(3) TO MINUTE")]
ETL_ROW = (123, -(2**40), "label é", "code", Decimal("-1234.56"), dt.date(2024, 5, 6),
           dt.datetime(2024, 5, 6, 7, 8, 9), 3.25, -(2**62), -3, 0.5, True, "lv ü", "ab",
           -dt.timedelta(days=2, microseconds=30), IntervalYM.from_months(-25),
           Decimal("1.5E-20"), Decimal("12.30"), dt.time(1, 2, 3, 4000),
           dt.datetime(1969, 12, 31, 23, 59, 59, 999000), dt.date(2024, 12, 31),
           dt.timedelta(days=9999, seconds=86399), dt.timedelta(minutes=-59))
ETL_ROW2 = (-1, 0, "", "x" * 10, Decimal("0"), dt.date(1, 1, 1),
            dt.datetime(9999, 12, 31, 23, 59, 59), -math.inf, 2**63 - 1, 32767, math.nan, False,
            "", "  ", dt.timedelta(0), IntervalYM.from_months(999 * 12 + 11),
            Decimal("-9.99E+100"), Decimal("-999999.99"), dt.time(23, 59, 59, 999000),
            dt.datetime(1, 1, 1, 0, 0, 0, 1000), dt.date(9999, 12, 31), dt.timedelta(0),
            dt.timedelta(hours=999, minutes=59))
NULLS = (None,) * len(ETL)


def _etl_rows(n):
    rows = []
    for i in range(n):
        row = [ETL_ROW, ETL_ROW2, NULLS][i % 3]
        if i % 5 == 4:  # NULLs in some columns only
            row = tuple(None if j % 2 else v for j, v in enumerate(row))
        rows.append(row)
    return rows


@pytest.mark.parametrize("encoding", TEXT_ENCODINGS)
def test_batches_taken_in_pieces_are_the_specs(impl, encoding):
    payloads = [encode_row(ETL, row, encoding) for row in _etl_rows(41)]
    _same(impl, ETL, encoding, payloads, takes=(0, 1, 7, 8, 9, 3, None, None))


def test_rows_added_as_tuples_join_the_decoded_ones(impl):
    rows = _etl_rows(12)
    results = []
    for module in (spec, impl.columnar):
        dec = module.ColumnDecoder(ETL, "utf-8", _formats(ETL))
        dec.add_rows(rows[:5])
        for row in rows[5:9]:
            dec(encode_row(ETL, row), 0)
        dec.add_rows(rows[9:])
        results.append((dec.length, _buffers(dec.take(10)), _buffers(dec.take())))
    assert results[1] == results[0]
    assert results[0][0] == 12


def test_a_row_dropped_after_decoding_leaves_nothing(impl):
    results = []
    for module in (spec, impl.columnar):
        dec = module.ColumnDecoder(ETL, "utf-8", _formats(ETL))
        dec(encode_row(ETL, ETL_ROW), 0)
        dec(encode_row(ETL, ETL_ROW2), 0)
        dec.drop_last()
        dec(encode_row(ETL, NULLS), 0)
        results.append((dec.length, _buffers(dec.take())))
    assert results[1] == results[0]
    assert results[0][0] == 2


def test_a_value_that_does_not_fit_fails_its_row_only(impl):
    columns = [ID, parse_type("INTERVAL DAY(9) TO FRACTION(5)")]
    big = dt.timedelta(days=999_999_999)  # past int64 microseconds
    payloads = [encode_row(columns, (1, dt.timedelta(1))), encode_row(columns, (2, big)),
                encode_row(columns, (3, None))]
    want = _same(impl, columns, "utf-8", payloads)
    assert want[2][0] == "raised" and want[-1][0][0] == 2


# -- malformed rows ------------------------------------------------------------

@pytest.mark.parametrize("encoding", TEXT_ENCODINGS)
def test_every_truncation_fails_as_the_spec_fails(impl, encoding):
    payload = encode_row(ETL, ETL_ROW, encoding)
    good = encode_row(ETL, ETL_ROW2, encoding)
    for n in range(0, len(payload), 3):
        _same(impl, ETL, encoding, [good, payload[:n], good])


@pytest.mark.parametrize("byte", [0x00, 0x01, 0x63, 0x64, 0x80, 0xC3, 0xFF])
def test_every_corrupted_byte_reads_as_the_spec_reads_it(impl, byte):
    payload = encode_row(ETL, ETL_ROW)
    for i in range(len(payload)):
        bad = payload[:i] + bytes((byte,)) + payload[i + 1:]
        _same(impl, ETL, "utf-8", [bad, payload])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(decls=st.lists(st.sampled_from([d for d, _ in KINDS]), min_size=1, max_size=4),
       data=st.lists(st.binary(max_size=48), min_size=1, max_size=4),
       encoding=st.sampled_from(TEXT_ENCODINGS))
def test_random_bytes_decode_or_fail_as_the_spec(impl, decls, data, encoding):
    _same(impl, [parse_type(d) for d in decls], encoding, data)


_COLUMN = st.sampled_from(KINDS).flatmap(lambda kind: st.tuples(st.just(kind[0]),
                                                                  st.none() | kind[1]))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=st.lists(st.sampled_from(KINDS), min_size=1, max_size=6),
       data=st.data(), encoding=st.sampled_from(TEXT_ENCODINGS))
def test_random_rows_decode_as_the_spec(impl, shape, data, encoding):
    columns = [parse_type(d) for d, _ in shape]
    payloads = []
    for _ in range(data.draw(st.integers(1, 12))):
        values = tuple(data.draw(st.none() | strategy) for _, strategy in shape)
        try:
            payloads.append(encode_row(columns, values, encoding))
        except Exception:
            continue
    k = data.draw(st.integers(0, 13))
    _same(impl, columns, encoding, payloads, takes=(k, None))
