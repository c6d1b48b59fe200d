"""Session.execute_many: a prepared INSERT run for many rows as one statement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from informix_db.testing.engine import InformixError
from informix_db.testing.engine.batch import column_lists

from conftest import run


def _rows(s, table):
    return run(s, f"SELECT * FROM {table} ORDER BY 1")


def test_batch_inserts_every_row_and_reports_one_row_each(session):
    run(session, "CREATE TABLE t (a INTEGER, b VARCHAR(10), c DECIMAL(8,2))")
    stmt = session.prepare("INSERT INTO t VALUES (?, ?, ?)")
    results = session.execute_many(stmt, [(1, "x", Decimal("1.5")), (2, None, Decimal("2.25"))])
    assert [r.rowcount for r in results] == [1, 1]
    assert _rows(session, "t") == [(1, "x", Decimal("1.50")), (2, None, Decimal("2.25"))]


def test_batch_values_equal_row_by_row_values(session):
    run(session, "CREATE TABLE a (n INTEGER, d DECIMAL(6,1), s CHAR(4), t DATETIME YEAR TO SECOND)")
    run(session, "CREATE TABLE b (n INTEGER, d DECIMAL(6,1), s CHAR(4), t DATETIME YEAR TO SECOND)")
    rows = [(k, Decimal(f"{k}.25"), f"s{k}  ", dt.datetime(2001, 2, 3, 4, 5, k, 999999))
            for k in range(5)]
    one = session.prepare("INSERT INTO a VALUES (?, ?, ?, ?)")
    for r in rows:
        session.execute(one, r)
    assert session.execute_many(session.prepare("INSERT INTO b VALUES (?, ?, ?, ?)"), rows)
    assert _rows(session, "b") == _rows(session, "a")


def test_batch_with_a_failing_row_writes_nothing(session):
    run(session, "CREATE TABLE u (k INTEGER PRIMARY KEY)")
    stmt = session.prepare("INSERT INTO u VALUES (?)")
    assert session.execute_many(stmt, [(1,), (2,), (1,), (3,)]) is None
    assert _rows(session, "u") == []


def test_batch_failure_inside_a_transaction_keeps_earlier_work(session):
    run(session, "CREATE TABLE u (k INTEGER PRIMARY KEY)")
    session.begin()
    stmt = session.prepare("INSERT INTO u VALUES (?)")
    assert session.execute_many(stmt, [(7,), (8,)]) is not None
    assert session.execute_many(stmt, [(9,), (7,)]) is None
    assert session.in_transaction
    assert _rows(session, "u") == [(7,), (8,)]
    session.commit()
    assert _rows(session, "u") == [(7,), (8,)]


def test_batch_in_a_transaction_is_replayed_after_a_later_error(session):
    run(session, "CREATE TABLE u (k INTEGER PRIMARY KEY)")
    session.begin()
    stmt = session.prepare("INSERT INTO u VALUES (?)")
    session.execute_many(stmt, [(1,), (2,)])
    with pytest.raises(InformixError):
        session.execute(stmt, (1,))  # DuckDB aborts; the session replays the batch
    assert _rows(session, "u") == [(1,), (2,)]


def test_serial_given_as_a_string_is_not_batched(session):
    run(session, "CREATE TABLE s (id SERIAL, v INTEGER)")
    assert session.execute_many(session.prepare("INSERT INTO s VALUES (?, ?)"),
                                [("0", 1), ("0", 2)]) is None


def test_insert_select_is_not_batched(session):
    run(session, "CREATE TABLE s (v INTEGER)")
    stmt = session.prepare("INSERT INTO s SELECT tabid FROM systables WHERE tabid = ?")
    assert session.execute_many(stmt, [(1,), (2,)]) is None


def test_parameter_inside_an_expression_is_not_batched(session):
    run(session, "CREATE TABLE s (v INTEGER)")
    assert session.execute_many(session.prepare("INSERT INTO s VALUES (? + 1)"),
                                [(1,), (2,)]) is None


def test_mixed_python_types_in_a_column_are_not_batched(session):
    run(session, "CREATE TABLE s (v VARCHAR(20))")
    assert session.execute_many(session.prepare("INSERT INTO s VALUES (?)"),
                                [(1,), ("x",)]) is None
    assert _rows(session, "s") == []


@pytest.mark.parametrize("values", [
    [1, 2**40],                                   # INTEGER and BIGINT
    [Decimal("1.5"), Decimal("1.25")],            # scales differ: text would differ
    [Decimal("1E+30"), Decimal("1E-9")],          # too wide for an exact DECIMAL
    [dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc), dt.datetime(2000, 1, 1)],
    [True, 1],
])
def test_values_a_list_would_type_differently_are_refused(values):
    assert column_lists([[v] for v in values]) is None


@pytest.mark.parametrize("values", [
    [1, -5, None], ["a", None], [Decimal("1.50"), Decimal("-20.25")], [None, None],
    [dt.date(2000, 1, 1), None], [dt.timedelta(1), dt.timedelta(seconds=3)], [1.5, 2.0],
])
def test_values_of_one_type_make_lists(values):
    assert column_lists([[v] for v in values]) == [values]


def test_serial_batch_numbers_rows_as_one_by_one(session):
    run(session, "CREATE TABLE s (id SERIAL, v INTEGER)")
    run(session, "CREATE TABLE r (id SERIAL, v INTEGER)")
    rows = [(0, 1), (0, 2), (50, 3), (0, 4), (7, 5)]
    one = session.prepare("INSERT INTO r VALUES (?, ?)")
    alone = [session.execute(one, row).serial for row in rows]
    results = session.execute_many(session.prepare("INSERT INTO s VALUES (?, ?)"), rows)
    assert [r.serial for r in results] == alone == [1, 2, 50, 51, 7]
    assert _rows(session, "s") == _rows(session, "r")
    assert session.last_serial == 7


def test_left_out_serial_continues_the_counter_after_a_batch(session):
    run(session, "CREATE TABLE s (id SERIAL, v INTEGER)")
    stmt = session.prepare("INSERT INTO s (v) VALUES (?)")
    assert [r.serial for r in session.execute_many(stmt, [(1,), (2,), (3,)])] == [1, 2, 3]
    assert session.execute(stmt, (4,)).serial == 4


def test_serial8_batch_reports_serial8(session):
    run(session, "CREATE TABLE s (id BIGSERIAL, v INTEGER)")
    results = session.execute_many(session.prepare("INSERT INTO s (v) VALUES (?)"), [(1,), (2,)])
    assert [(r.serial, r.serial8) for r in results] == [(0, 1), (0, 2)]


def test_failed_serial_batch_leaves_the_counter_alone(session):
    run(session, "CREATE TABLE s (id SERIAL, v INTEGER PRIMARY KEY)")
    stmt = session.prepare("INSERT INTO s (v) VALUES (?)")
    assert session.execute_many(stmt, [(1,), (2,), (1,)]) is None
    assert _rows(session, "s") == []
    assert session.execute(stmt, (9,)).serial == 1
