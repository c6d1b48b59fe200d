"""executemany over the wire: EXECUTEs of one INSERT run as one engine batch,
with each row's own outcome kept (our driver against the test server)."""

from __future__ import annotations

import pytest

from informix_db.connection import connect
from informix_db.exceptions import IntegrityError


def _connect(srv, database="testdb"):
    return connect(srv.host, srv.port, srv.user, srv.password, database, srv.server_name,
                   connect_timeout=10, read_timeout=30)


def _count(cur, table):
    cur.execute(f"SELECT count(*) FROM {table}")
    return cur.fetchone()[0]


def test_executemany_of_an_insert_runs_as_one_batch(server, batches):
    with _connect(server) as conn:
        cur = conn.cursor()
        cur.execute("CREATE TABLE b1 (k INTEGER, v VARCHAR(10))")
        cur.executemany("INSERT INTO b1 VALUES (?, ?)", [(i, f"v{i}") for i in range(50)])
        assert cur.rowcount == 50
        assert batches == [50]
        cur.execute("SELECT k, v FROM b1 ORDER BY k")
        assert cur.fetchall() == [(i, f"v{i}") for i in range(50)]


def test_failing_row_in_autocommit_keeps_the_rows_before_it(server, batches):
    with _connect(server) as conn:
        cur = conn.cursor()
        cur.execute("CREATE TABLE b2 (k INTEGER PRIMARY KEY)")
        with pytest.raises(IntegrityError) as info:
            cur.executemany("INSERT INTO b2 VALUES (?)", [(1,), (2,), (3,), (2,), (4,)])
        assert info.value.batch_row == 3
        assert batches == []  # the batch failed, rows ran one by one
        assert _count(cur, "b2") == 3


def test_failing_row_in_a_transaction_keeps_earlier_work(server, batches):
    with _connect(server) as conn:
        cur = conn.cursor()
        cur.execute("CREATE TABLE b3 (k INTEGER PRIMARY KEY)")
        conn.commit()
        cur.execute("BEGIN WORK")
        cur.executemany("INSERT INTO b3 VALUES (?)", [(i,) for i in range(10)])
        with pytest.raises(IntegrityError) as info:
            cur.executemany("INSERT INTO b3 VALUES (?)", [(10,), (11,), (5,), (12,)])
        assert info.value.batch_row == 2
        assert _count(cur, "b3") == 12  # the first batch and rows 10, 11
        conn.rollback()
        assert _count(cur, "b3") == 0
        assert batches == [10]


def test_batch_as_the_first_statement_of_an_ansi_transaction(server_factory, batches):
    srv = server_factory(databases={"ansidb": "ansi"})
    with _connect(srv, "ansidb") as conn:
        cur = conn.cursor()
        cur.execute("CREATE TABLE b4 (k INTEGER)")
        conn.commit()
        cur.executemany("INSERT INTO b4 VALUES (?)", [(i,) for i in range(5)])
        assert batches == [5]
        conn.rollback()
        assert _count(cur, "b4") == 0


def test_serial_table_batch_numbers_rows_and_reports_the_last(server, batches):
    with _connect(server) as conn:
        cur = conn.cursor()
        cur.execute("CREATE TABLE b5 (id SERIAL, v INTEGER)")
        cur.executemany("INSERT INTO b5 (v) VALUES (?)", [(i,) for i in range(20)])
        assert batches == [20]
        assert cur.lastrowid == 20
        cur.execute("SELECT id, v FROM b5 ORDER BY id")
        assert cur.fetchall() == [(i + 1, i) for i in range(20)]
