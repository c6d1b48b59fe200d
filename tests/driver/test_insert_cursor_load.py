"""executemany(..., insert_cursor=True): loads through an insert cursor (SQ_PUT),
as IBM JDBC's executeBatch with IFX_USEPUT=1 (docs/insert-cursor-jdbc-wire.md)."""

from __future__ import annotations

import asyncio
import datetime as dt
from decimal import Decimal

import pytest

from informix_db import IntegrityError, InterfaceError, aio
from informix_db.protocol import insertcursor

from .dbapi_helpers import Spy, open_conn, table_name

testing = pytest.importorskip("informix_db.testing")

#: One column of each kind the row encoder writes, NULLs in every nullable one.
TYPES = ("k INTEGER, s SMALLINT, b BIGINT, i8 INT8, f FLOAT, sf SMALLFLOAT, d DECIMAL(12,2), "
         "m MONEY(10,2), c CHAR(6), v VARCHAR(30), dt DATE, ts DATETIME YEAR TO SECOND, "
         "ok BOOLEAN, lv LVARCHAR(300), tx TEXT, by BYTE")


def _typed_row(k: int) -> tuple:
    if k % 7 == 3:
        return (k,) + (None,) * 15
    return (k, k - 300, -k * 10**12, k * 10**15, k / 3, float(k), Decimal(k) / 8,
            Decimal(k) / 4, f"c{k}", "v" * (k % 30), dt.date(2000, 1, 1) + dt.timedelta(days=k),
            dt.datetime(2020, 5, 6, 7, 8, 9) + dt.timedelta(seconds=k), k % 2 == 0,
            "l" * (k * 7), "text " * k, bytes(range(k % 256)) * 5)


def _table(conn, columns: str = "k INTEGER PRIMARY KEY, v VARCHAR(20)") -> str:
    name = table_name("put")
    conn.cursor().execute(f"CREATE TABLE {name} ({columns})")
    return name


def _contents(conn, table: str, order: str = "k") -> list:
    cur = conn.cursor()
    cur.execute(f"SELECT * FROM {table} ORDER BY {order}")
    return cur.fetchall()


def _insert(table: str, n: int) -> str:
    return f"INSERT INTO {table} VALUES ({', '.join('?' * n)})"


def test_rows_land_as_executemany_lands_them(conn):
    rows = [_typed_row(k) for k in range(40)]
    ours, theirs = _table(conn, TYPES), _table(conn, TYPES)
    spy = Spy(conn)
    conn.cursor().executemany(_insert(ours, 16), rows, insert_cursor=True)
    flat = spy.flat()
    assert "PUT" in flat and "BLOB" in flat and "EXECUTE" not in flat
    conn.cursor().executemany(_insert(theirs, 16), rows)
    assert _contents(conn, ours) == _contents(conn, theirs)
    assert len(_contents(conn, ours)) == 40


def test_the_first_request_opens_the_cursor_and_packs_rows_of_one_size(conn):
    table = _table(conn, "k INTEGER, n INTEGER")
    spy = Spy(conn)
    conn.cursor().executemany(_insert(table, 2), [(k, k * 2) for k in range(100)],
                              insert_cursor=True)
    load = next(names for names in spy.messages() if "PUT" in names)
    assert load == ["SQ_ID", "CURNAME", "OPEN", "PUT", "EOT"]  # 100 rows of 8 bytes: one PUT
    assert _contents(conn, table) == [(k, k * 2) for k in range(100)]


def test_varchar_rows_send_a_put_rettype(conn):
    table = _table(conn)
    spy = Spy(conn)
    conn.cursor().executemany(_insert(table, 2), [(1, "a"), (2, "bb"), (3, "cc")],
                              insert_cursor=True)
    load = next(r for r in spy.requests() if b"\x00\x11" in r and b"\x00\x06\x00\x64" in r)
    # SQ_OPEN, SQ_RETTYPE direction 0 (PUT), 2 columns
    assert b"\x00\x06\x00\x64\x00\x00\x00\x02" in load
    assert spy.flat().count("PUT") == 3  # one row per PUT, as JDBC sends such rows


def test_rowcount_and_lastrowid(conn):
    table = _table(conn, "id SERIAL, v VARCHAR(10)")
    cur = conn.cursor()
    cur.executemany(f"INSERT INTO {table} (v) VALUES (?)", [("a",), ("b",), ("c",)],
                    insert_cursor=True)
    assert cur.rowcount == 3
    assert _contents(conn, table, "id") == [(1, "a"), (2, "b"), (3, "c")]


def test_a_generator_of_100k_rows_goes_a_bounded_window_at_a_time(conn, monkeypatch):
    monkeypatch.setattr(insertcursor, "LOAD_WINDOW_BYTES", 256 * 1024)
    table = _table(conn, "k INTEGER, v VARCHAR(20)")
    spy = Spy(conn)
    sends_when_produced = []

    def rows():
        for k in range(100_000):
            if k % 10_000 == 0:
                sends_when_produced.append(len(spy.sends))
            yield (k, f"row {k % 1000}")

    cur = conn.cursor()
    cur.executemany(_insert(table, 2), rows(), insert_cursor=True)
    assert cur.rowcount == 100_000
    loads = [r for r in spy.requests() if "PUT" in dec_names(r)]
    assert len(loads) >= 5
    assert max(map(len, loads)) < 256 * 1024 + 1024  # a window and one row past it at most
    assert sends_when_produced[-1] > sends_when_produced[0]  # produced as the load went
    cur.execute(f"SELECT COUNT(*), MIN(k), MAX(k) FROM {table}")
    assert cur.fetchone() == (100_000, 0, 99_999)


def dec_names(request: bytes) -> list[str]:
    from . import sqli_decode as dec

    return dec.message_names(request)


def test_a_duplicate_key_mid_load_names_the_rows_in_and_leaves_the_connection_usable(conn):
    table = _table(conn)
    rows = [(k, f"v{k}") for k in range(5)] + [(2, "dup"), (9, "never")]
    cur = conn.cursor()
    with pytest.raises(IntegrityError, match=r"^row 5 \(5 rows inserted before it\): ") as info:
        cur.executemany(_insert(table, 2), rows, insert_cursor=True)
    assert info.value.batch_row == 5 and info.value.rows_loaded == 5
    assert cur.rowcount == 5
    assert not conn.in_transaction  # committed: the rows before it stay
    assert _contents(conn, table) == rows[:5]
    cur.executemany(_insert(table, 2), [(20, "after")], insert_cursor=True)
    assert cur.rowcount == 1


def test_a_server_error_in_a_later_window_counts_rows_across_windows(conn, monkeypatch):
    monkeypatch.setattr(insertcursor, "LOAD_WINDOW_ROWS", 3)
    table = _table(conn)
    rows = [(k, "a") for k in range(7)] + [(0, "dup"), (99, "never")]
    cur = conn.cursor()
    with pytest.raises(IntegrityError, match=r"^row 7 ") as info:
        cur.executemany(_insert(table, 2), rows, insert_cursor=True)
    assert info.value.rows_loaded == 7
    assert [k for k, _ in _contents(conn, table)] == list(range(7))


def test_windows_after_the_first_address_the_open_cursor(conn, monkeypatch):
    monkeypatch.setattr(insertcursor, "LOAD_WINDOW_ROWS", 4)
    table = _table(conn)
    spy = Spy(conn)
    conn.cursor().executemany(_insert(table, 2), [(k, "x") for k in range(10)],
                              insert_cursor=True)
    loads = [names for names in spy.messages() if "PUT" in names]
    assert [names[:2] for names in loads] == [["SQ_ID", "CURNAME"], ["SQ_ID", "PUT"],
                                              ["SQ_ID", "PUT"]]
    assert [names.count("PUT") for names in loads] == [4, 4, 2]
    assert spy.flat().count("RELEASE") == 1
    assert len(_contents(conn, table)) == 10


def test_autocommit_wraps_the_load_in_a_transaction(conn):
    table = _table(conn)
    spy = Spy(conn)
    conn.cursor().executemany(_insert(table, 2), [(1, "a"), (2, "b")], insert_cursor=True)
    flat = spy.flat()
    assert flat.index("BEGIN") < flat.index("OPEN") < flat.index("CMMTWORK")
    assert not conn.in_transaction


def test_without_autocommit_the_rows_are_the_callers_transaction(server):
    conn = open_conn(server, autocommit=False)
    try:
        table = _table(conn)
        conn.commit()
        spy = Spy(conn)
        conn.cursor().executemany(_insert(table, 2), [(1, "a"), (2, "b")], insert_cursor=True)
        assert "BEGIN" in spy.flat() and "CMMTWORK" not in spy.flat()
        assert conn.in_transaction and len(_contents(conn, table)) == 2
        conn.rollback()
        assert _contents(conn, table) == []
        conn.cursor().executemany(_insert(table, 2), [(3, "c")], insert_cursor=True)
        conn.commit()
        assert _contents(conn, table) == [(3, "c")]
    finally:
        conn.close()


@pytest.mark.parametrize("database", ["plain", "strict"])
def test_unlogged_and_ansi_databases(server, database):
    conn = open_conn(server, database, autocommit=True)
    try:
        table = _table(conn)
        cur = conn.cursor()
        cur.executemany(_insert(table, 2), [(k, str(k)) for k in range(5)], insert_cursor=True)
        assert cur.rowcount == 5 and not conn.in_transaction
        assert _contents(conn, table) == [(k, str(k)) for k in range(5)]
    finally:
        conn.close()


def test_empty_input_sends_nothing(conn):
    table = _table(conn)
    spy = Spy(conn)
    cur = conn.cursor()
    cur.executemany(_insert(table, 2), iter(()), insert_cursor=True)
    assert cur.rowcount == 0 and spy.sends == []


def test_an_unencodable_row_k_loads_the_rows_before_it(conn):
    table = _table(conn)
    rows = [(0, "a"), (1, "b"), (2, object()), (3, "d")]
    cur = conn.cursor()
    with pytest.raises(InterfaceError, match=r"^row 2 \(2 rows inserted before it\)") as info:
        cur.executemany(_insert(table, 2), rows, insert_cursor=True)
    assert info.value.batch_row == 2
    assert _contents(conn, table) == [(0, "a"), (1, "b")]


def test_other_statements_take_the_execute_path(conn):
    table = _table(conn)
    conn.cursor().executemany(_insert(table, 2), [(1, "a"), (2, "b")])
    spy = Spy(conn)
    cur = conn.cursor()
    cur.executemany(f"UPDATE {table} SET v = ? WHERE k = ?", [("x", 1), ("y", 2)],
                    insert_cursor=True)
    assert cur.rowcount == 2 and "PUT" not in spy.flat() and "EXECUTE" in spy.flat()


def test_a_first_row_not_in_the_column_types_takes_the_execute_path(conn):
    table = _table(conn, "k INTEGER, d DATE")
    spy = Spy(conn)
    cur = conn.cursor()
    # the server converts BIND values ("5", a date's text); a PUT row cannot
    cur.executemany(_insert(table, 2), [("5", "2024-01-02")], insert_cursor=True)
    assert "PUT" not in spy.flat() and cur.rowcount == 1
    assert _contents(conn, table) == [(5, dt.date(2024, 1, 2))]


def test_the_asyncio_cursor_loads_through_the_same_generator(server):
    async def run():
        aconn = await aio.connect(server.host, server.port, server.user, server.password,
                                  "testdb", server.server_name, autocommit=True,
                                  connect_timeout=5, read_timeout=5)
        try:
            cur = aconn.cursor()
            table = table_name("aput")
            await cur.execute(f"CREATE TABLE {table} (k INTEGER PRIMARY KEY, v VARCHAR(9))")
            await cur.executemany(_insert(table, 2), [(k, f"v{k}") for k in range(50)],
                                  insert_cursor=True)
            count = cur.rowcount
            with pytest.raises(IntegrityError, match=r"^row 1 \(1 rows"):
                await cur.executemany(_insert(table, 2), [(100, "x"), (3, "dup")],
                                      insert_cursor=True)
            await cur.execute(f"SELECT COUNT(*) FROM {table}")
            return count, await cur.fetchone()
        finally:
            await aconn.close()

    assert asyncio.run(run()) == (50, (51,))


@pytest.mark.parametrize("insert_cursor", [True, False])
def test_adbc_ingest_loads_through_the_insert_cursor_when_told(conn, insert_cursor):
    pa = pytest.importorskip("pyarrow")
    data = pa.table({"k": pa.array(range(30), pa.int32()),
                     "v": [None if k % 4 == 0 else f"v{k}" for k in range(30)]})
    table = table_name("ingest")
    spy = Spy(conn)
    assert conn.cursor().adbc_ingest(table, data, insert_cursor=insert_cursor) == 30
    assert ("PUT" in spy.flat()) is insert_cursor
    assert _contents(conn, table) == [(k, None if k % 4 == 0 else f"v{k}") for k in range(30)]


def test_adbc_ingest_sends_executes_unless_asked_for_an_insert_cursor(conn):
    pa = pytest.importorskip("pyarrow")
    spy = Spy(conn)
    conn.cursor().adbc_ingest(table_name("ingest"), pa.table({"k": [1, 2, 3]}))
    assert "PUT" not in spy.flat() and "EXECUTE" in spy.flat()


def test_the_load_request_is_the_one_ibm_jdbc_sends(conn):
    """docs/insert-cursor-jdbc-wire.md section 1: JDBC's executeBatch of these
    three rows with IFX_USEPUT=1 (tests/testing/test_insert_cursor_wire.py),
    byte for byte but the statement id and the cursor name."""
    jdbc = bytes.fromhex(
        "00040000000300125f69667863303030303030303030303030310006"
        "006400000004000200000004000d00000014000500000a020007000000040011000000130001"
        "0000000004726f7730c019000000000000b0eb0000110000001300010000000104726f7731c1"
        "01190000000000b0ec000011000000100001000000020100c102190000000000b0ed000c")
    table = _table(conn, "a INTEGER, b VARCHAR(20), d DECIMAL(10,2), e DATE")
    spy = Spy(conn)
    conn.cursor().executemany(
        _insert(table, 4),
        [(k, None if k == 2 else f"row{k}", Decimal(k) + Decimal("0.25"),
          dt.date(2024, 1, 1) + dt.timedelta(days=k)) for k in range(3)],
        insert_cursor=True)
    ours = next(r for r in spy.requests() if "PUT" in dec_names(r))
    # SQ_ID's statement id, and the 18 characters of the cursor name
    assert ours[:2] == jdbc[:2] and ours[4:8] == jdbc[4:8] and ours[8:13] == b"_ifxc"
    assert ours[26:] == jdbc[26:]


def test_a_failing_generator_keeps_the_windows_sent_and_ends_the_transaction(conn, monkeypatch):
    monkeypatch.setattr(insertcursor, "LOAD_WINDOW_ROWS", 2)
    table = _table(conn)

    def rows():
        yield from [(1, "a"), (2, "b"), (3, "c")]
        raise RuntimeError("source went away")

    with pytest.raises(RuntimeError, match="source went away"):
        conn.cursor().executemany(_insert(table, 2), rows(), insert_cursor=True)
    assert not conn.in_transaction
    assert _contents(conn, table) == [(1, "a"), (2, "b")]  # the window that went out
