"""Slot values worked out a column at a time (the batch fast path) equal
those worked out row by row, and the batch falls back where they cannot."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from informix_db.testing.engine.batch import column_lists
from informix_db.types import IntervalYM

from conftest import run

_TABLE = ("CREATE TABLE w (n INTEGER, d DECIMAL(6,1), c CHAR(4), v VARCHAR(8), "
          "t DATETIME YEAR TO SECOND, y INTERVAL YEAR TO MONTH, b BYTE, x TEXT, "
          "k DATETIME YEAR TO DAY)")
_ROWS = [
    [1, Decimal("12.25"), "ab  ", b"raw\xff", "2001-02-03 04:05:06", IntervalYM(1, 2),
     bytearray(b"\x00\x01"), b"text", None],
    [2, 7, "x", "plain", dt.datetime(2002, 1, 1, 1, 1, 1), IntervalYM(-3, 0),
     memoryview(b"zz"), "str", None],
    [None] * 8 + [None],
]


def test_slot_columns_equal_row_by_row_slot_values(session):
    run(session, _TABLE)
    p = session.prepare("INSERT INTO w VALUES (?, ?, ?, ?, ?, ?, ?, ?, '2009-08-07')").plan
    by_rows = [session._slot_values(p, list(r[:8])) for r in _ROWS]
    columns = session._slot_columns(p, [r[:8] for r in _ROWS])
    assert columns == [list(c) for c in zip(*by_rows)]
    assert [Decimal("12.3"), Decimal("7.0"), None] in columns  # rounded as stored
    assert ["ab", "x", None] in columns  # CHAR without trailing blanks
    assert [b"\x00\x01", b"zz", None] in columns  # bytes-like values as bytes


def test_slot_columns_decline_slots_that_depend_on_the_clock(session):
    run(session, "CREATE TABLE c (n INTEGER, d DATE)")
    p = session.prepare("INSERT INTO c VALUES (?, TODAY)").plan
    assert session._slot_columns(p, [[1], [2]]) is None


def test_batch_with_a_value_too_large_for_its_decimal_writes_nothing(session):
    run(session, "CREATE TABLE e (d DECIMAL(4,2))")
    stmt = session.prepare("INSERT INTO e VALUES (?)")
    assert session.execute_many(stmt, [(Decimal("1.5"),), (Decimal("12345"),)]) is None
    assert run(session, "SELECT * FROM e") == []


def test_batch_goes_row_by_row_when_the_column_way_fails_otherwise(session, monkeypatch):
    run(session, "CREATE TABLE f (n INTEGER, c CHAR(3))")
    stmt = session.prepare("INSERT INTO f VALUES (?, ?)")

    def broken(p, rows):
        raise RuntimeError("column way broken")

    monkeypatch.setattr(session, "_slot_columns", broken)
    assert len(session.execute_many(stmt, [(1, "a"), (2, "b ")])) == 2
    assert run(session, "SELECT * FROM f ORDER BY 1") == [(1, "a  "), (2, "b  ")]


@pytest.mark.parametrize("values, same", [
    ([-(2**31), 2**31 - 1, None], True),     # the INTEGER range's two ends
    ([-(2**31) - 1, 0], False),              # BIGINT and INTEGER
    ([0, 2**31], False),
    ([2**40, -(2**40)], True),               # BIGINT both
])
def test_int_columns_batch_only_when_every_value_binds_as_one_type(values, same):
    assert (column_lists([[v] for v in values]) is not None) is same
