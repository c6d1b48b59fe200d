"""The PEP 249 cursor against the project's TestServer."""

from __future__ import annotations

import datetime as dt
import gc
from decimal import Decimal

import pytest

import informix_db
from informix_db import types as T
from informix_db.protocol import execution
from informix_db.exceptions import (
    DataError,
    IntegrityError,
    InterfaceError,
    NotSupportedError,
    ProgrammingError,
)

from . import sqli_decode as dec
from .dbapi_helpers import Spy, open_conn, table_name

testing = pytest.importorskip("informix_db.testing")


@pytest.fixture
def numbers(conn):
    """A table ``n`` of the integers 1..50 (column ``i``) and their squares (``sq``)."""
    name = table_name("numbers")
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {name} (i INTEGER NOT NULL, sq INTEGER)")
    cur.executemany(f"INSERT INTO {name} VALUES (?, ?)", [(i, i * i) for i in range(1, 51)])
    return name


# -- results ------------------------------------------------------------------------

def test_execute_returns_the_cursor(conn):
    cur = conn.cursor()
    assert cur.execute("SELECT 1 FROM systables WHERE tabid = 1") is cur


def test_fetchone_returns_rows_then_none(conn, numbers):
    cur = conn.cursor()
    cur.execute(f"SELECT i FROM {numbers} WHERE i <= 2 ORDER BY i")
    assert [cur.fetchone(), cur.fetchone(), cur.fetchone()] == [(1,), (2,), None]


def test_fetchmany_uses_arraysize_by_default(conn, numbers):
    cur = conn.cursor()
    cur.arraysize = 3
    cur.execute(f"SELECT i FROM {numbers} ORDER BY i")
    assert cur.fetchmany() == [(1,), (2,), (3,)]
    assert cur.fetchmany(2) == [(4,), (5,)]


def test_fetchmany_past_the_end_returns_what_is_left(conn, numbers):
    cur = conn.cursor()
    cur.execute(f"SELECT i FROM {numbers} WHERE i > 48 ORDER BY i")
    assert cur.fetchmany(10) == [(49,), (50,)]
    assert cur.fetchmany(10) == []


def test_fetchall_returns_the_remaining_rows(conn, numbers):
    cur = conn.cursor()
    cur.execute(f"SELECT i, sq FROM {numbers} ORDER BY i")
    cur.fetchone()
    rest = cur.fetchall()
    assert rest[0] == (2, 4) and rest[-1] == (50, 2500) and len(rest) == 49


def test_iteration_yields_every_row(conn, numbers):
    cur = conn.cursor()
    cur.execute(f"SELECT i FROM {numbers} ORDER BY i")
    assert [r[0] for r in cur] == list(range(1, 51))


def test_rownumber_counts_rows_handed_out(conn, numbers):
    cur = conn.cursor()
    cur.execute(f"SELECT i FROM {numbers} ORDER BY i")
    cur.fetchmany(7)
    assert cur.rownumber == 7


def test_fetch_without_a_result_is_a_programming_error(conn, numbers):
    cur = conn.cursor()
    cur.execute(f"UPDATE {numbers} SET sq = sq WHERE i = 1")
    with pytest.raises(ProgrammingError):
        cur.fetchone()


def test_empty_first_round_ends_the_result_without_another_fetch(conn, numbers):
    # JDBC sends one more NFETCH here; an empty round already means the end.
    spy = Spy(conn)
    conn.cursor().execute(f"SELECT i FROM {numbers} WHERE i > 1000")
    assert spy.flat().count("NFETCH") == 1


def test_empty_result(conn, numbers):
    cur = conn.cursor()
    cur.execute(f"SELECT i FROM {numbers} WHERE i > 1000")
    assert cur.fetchall() == [] and cur.rowcount == 0


# -- description -----------------------------------------------------------------

def test_description_gives_names_types_precision_scale_nullability(conn):
    name = table_name("described")
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {name} (a INTEGER NOT NULL, b DECIMAL(10,2), c VARCHAR(20), "
                "d DATETIME YEAR TO FRACTION(3))")
    cur.execute(f"SELECT a, b, c, d FROM {name}")
    a, b, c, d = cur.description
    assert a[0] == "a" and a[1] == T.SQLINT and a[6] is False
    assert b[:2] == ("b", T.SQLDECIMAL) and (b[4], b[5]) == (10, 2) and b[6] is True
    assert c[1] == T.SQLVCHAR and c[2] == 20
    assert d[1] == T.SQLDTIME and d[5] == 3
    assert all(len(col) == 7 for col in cur.description)


def test_description_type_code_names_the_informix_type(conn):
    cur = conn.cursor()
    cur.execute("SELECT tabname FROM systables WHERE tabid = 1")
    assert cur.description[0][1].name.startswith("VARCHAR")


def test_description_is_none_after_dml(conn, numbers):
    cur = conn.cursor()
    cur.execute(f"SELECT i FROM {numbers}")
    cur.execute(f"DELETE FROM {numbers} WHERE i = 1000")
    assert cur.description is None


# -- rowcount and lastrowid -------------------------------------------------------

def test_rowcount_of_update_and_delete(conn, numbers):
    cur = conn.cursor()
    cur.execute(f"UPDATE {numbers} SET sq = 0 WHERE i <= 10")
    assert cur.rowcount == 10
    cur.execute(f"DELETE FROM {numbers} WHERE i > ?", (45,))
    assert cur.rowcount == 5


def test_rowcount_of_a_query_is_known_once_exhausted(conn, numbers):
    cur = conn.cursor()
    cur.execute(f"SELECT i FROM {numbers}")
    assert cur.rowcount == -1
    cur.fetchall()
    assert cur.rowcount == 50


def test_rowcount_of_ddl_is_minus_one(conn):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table_name()} (a INTEGER)")
    assert cur.rowcount == -1


@pytest.mark.parametrize("serial_type", ["SERIAL", "SERIAL8", "BIGSERIAL"])
def test_lastrowid_is_the_generated_serial(conn, serial_type):
    name = table_name("serials")
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {name} (id {serial_type}, v INTEGER)")
    cur.execute(f"INSERT INTO {name} (v) VALUES (?)", (10,))
    first = cur.lastrowid
    cur.execute(f"INSERT INTO {name} (v) VALUES (20)")
    assert (first, cur.lastrowid) == (1, 2)
    cur.execute(f"SELECT id FROM {name} WHERE v = 20")
    assert cur.fetchone() == (2,)


def test_lastrowid_is_none_without_a_serial(conn, numbers):
    cur = conn.cursor()
    cur.execute(f"INSERT INTO {numbers} VALUES (?, ?)", (100, 1))
    assert cur.lastrowid is None


# -- parameters ------------------------------------------------------------------------

def test_paramstyle_is_declared_qmark():
    assert informix_db.paramstyle == "qmark"


def test_qmark_parameters(conn, numbers):
    cur = conn.cursor()
    cur.execute(f"SELECT sq FROM {numbers} WHERE i = ? OR i = ? ORDER BY sq", (3, 4))
    assert cur.fetchall() == [(9,), (16,)]


def test_numeric_parameters_are_reordered(conn, numbers):
    cur = conn.cursor()
    cur.execute(f"SELECT i FROM {numbers} WHERE i BETWEEN :2 AND :1 ORDER BY i", (6, 4))
    assert cur.fetchall() == [(4,), (5,), (6,)]


def test_numeric_parameter_used_twice(conn, numbers):
    cur = conn.cursor()
    cur.execute(f"SELECT i FROM {numbers} WHERE i = :1 OR sq = :1 * :1", (5,))
    assert cur.fetchall() == [(5,)]


def test_wrong_parameter_count_is_a_programming_error_and_sends_nothing(conn, numbers):
    cur = conn.cursor()
    spy = Spy(conn)
    with pytest.raises(ProgrammingError):
        cur.execute(f"SELECT i FROM {numbers} WHERE i = ?", (1, 2))
    assert spy.sends == []


def test_question_mark_inside_a_string_is_not_a_parameter(conn):
    cur = conn.cursor()
    cur.execute("SELECT '?:1' FROM systables WHERE tabid = ?", (1,))
    assert cur.fetchone() == ("?:1",)


def test_mapping_parameters_are_refused(conn):
    with pytest.raises(ProgrammingError):
        conn.cursor().execute("SELECT 1 FROM systables WHERE tabid = ?", {"a": 1})


_TYPED = [
    ("SMALLINT", 7, 7),
    ("INTEGER", -2147483647, -2147483647),
    ("BIGINT", 2**62, 2**62),
    ("FLOAT", 1.5e300, 1.5e300),
    ("DECIMAL(12,3)", Decimal("-123456789.125"), Decimal("-123456789.125")),
    ("VARCHAR(30)", "héllo wörld", "héllo wörld"),
    ("CHAR(5)", "ab", "ab   "),
    ("LVARCHAR(3000)", "x" * 2500, "x" * 2500),
    ("BOOLEAN", True, True),
    ("DATE", dt.date(2024, 2, 29), dt.date(2024, 2, 29)),
    ("DATETIME YEAR TO FRACTION(5)", dt.datetime(2024, 2, 29, 23, 59, 58, 123450),
     dt.datetime(2024, 2, 29, 23, 59, 58, 123450)),
    ("INTERVAL DAY(5) TO FRACTION(5)", dt.timedelta(days=-3, seconds=5),
     dt.timedelta(days=-3, seconds=5)),
    ("INTERVAL YEAR(4) TO MONTH", T.IntervalYM(3, 4), T.IntervalYM(3, 4)),
    ("DATETIME HOUR TO SECOND", dt.time(23, 59, 58),
     dt.time(23, 59, 58)),
    ("BYTE", b"\x00\x01binary\xff", b"\x00\x01binary\xff"),
    ("TEXT", "some text", "some text"),
    ("INTEGER", None, None),
]


@pytest.mark.parametrize(("decl", "value", "expected"), _TYPED,
                         ids=[f"{d}-{type(v).__name__}" for d, v, _ in _TYPED])
def test_python_values_bind_and_read_back(server, decl, value, expected):
    with open_conn(server, autocommit=True) as conn:
        name = table_name("typed")
        cur = conn.cursor()
        cur.execute(f"CREATE TABLE {name} (v {decl})")
        cur.execute(f"INSERT INTO {name} VALUES (?)", (value,))
        cur.execute(f"SELECT v FROM {name}")
        assert cur.fetchall() == [(expected,)]


def test_int_beyond_bigint_is_a_data_error_naming_the_parameter(conn, numbers):
    with pytest.raises(DataError, match="parameter 2"):
        conn.cursor().execute(f"SELECT i FROM {numbers} WHERE i = ? OR i = ?", (1, 2**63))


def test_unsupported_parameter_type_is_an_interface_error(conn):
    with pytest.raises(InterfaceError):
        conn.cursor().execute("SELECT 1 FROM systables WHERE tabid = ?", (object(),))


# -- streaming -------------------------------------------------------------------------

def test_results_are_fetched_in_rounds_of_fetch_buffer_size(server):
    with open_conn(server, autocommit=True, fetch_buffer_size=256) as conn:
        name = table_name("big")
        cur = conn.cursor()
        cur.execute(f"CREATE TABLE {name} (i INTEGER, pad CHAR(20))")
        cur.executemany(f"INSERT INTO {name} VALUES (?, 'x')", [(i,) for i in range(300)])
        spy = Spy(conn)
        cur.execute(f"SELECT i, pad FROM {name}")
        first_round = len(cur._result.rows)
        assert 0 < first_round < 300  # the execute did not read everything
        assert sorted(r[0] for r in cur.fetchall()) == list(range(300))
        nfetch = [m for m in spy.flat() if m == "NFETCH"]
        assert len(nfetch) >= 300 * 32 // 256
        assert ("NFETCH.bufsize", 256) in dec_fields(spy.requests()[-3])


def dec_fields(request: bytes):
    return dec.decode_messages(request)


def test_exhausted_query_frees_its_statement_with_the_next_request(conn, numbers):
    cur = conn.cursor()
    cur.execute(f"SELECT i FROM {numbers} WHERE i = 1")
    cur.fetchall()
    spy = Spy(conn)
    cur.fetchall()  # nothing more to ask: no request
    assert spy.sends == []
    conn.cursor().execute("SELECT 1 FROM systables WHERE tabid = 1")
    # One send: CLOSE, RELEASE, then the new PREPARE.
    assert [dec.message_names(r) for r in dec.split_requests(spy.sends[0])] == [
        ["SQ_ID", "CLOSE", "EOT"], ["SQ_ID", "RELEASE", "EOT"],
        ["PREPARE", "NDESCRIBE", "WANTDONE", "EOT"]]


def test_query_requests_follow_jdbc_sequence(conn, numbers):
    cur = conn.cursor()
    spy = Spy(conn)
    cur.execute(f"SELECT i FROM {numbers} WHERE i = ?", (1,))
    cur.fetchall()
    conn.cursor().execute("SELECT 1 FROM systables WHERE tabid = 1")  # carries them
    assert spy.messages()[:6] == [
        ["PREPARE", "NDESCRIBE", "WANTDONE", "EOT"],
        ["SQ_ID", "CURNAME", "BIND", "OPEN", "SQ_ID", "NFETCH", "EOT"],
        ["SQ_ID", "NFETCH", "EOT"],
        ["SQ_ID", "CLOSE", "EOT"],
        ["SQ_ID", "RELEASE", "EOT"],
        ["PREPARE", "NDESCRIBE", "WANTDONE", "EOT"],
    ]


def test_dml_without_parameters_is_one_command(conn, numbers):
    spy = Spy(conn)
    conn.cursor().execute(f"UPDATE {numbers} SET sq = 1 WHERE i = 1")
    assert spy.messages() == [["COMMAND", "NDESCRIBE", "EXECUTE", "RELEASE", "EOT"]]


def test_two_cursors_interleave_on_one_connection(conn, numbers):
    a, b = conn.cursor(), conn.cursor()
    a.execute(f"SELECT i FROM {numbers} ORDER BY i")
    b.execute(f"SELECT sq FROM {numbers} ORDER BY i")
    assert (a.fetchone(), b.fetchone(), a.fetchone(), b.fetchone()) == ((1,), (1,), (2,), (4,))
    assert a._description.stmt_id != b._description.stmt_id


# -- executemany -----------------------------------------------------------------------

def test_executemany_total_rowcount(conn, numbers):
    cur = conn.cursor()
    cur.executemany(f"UPDATE {numbers} SET sq = ? WHERE i <= ?", [(0, 5), (1, 3), (2, 50)])
    assert cur.rowcount == 5 + 3 + 50


def test_executemany_sends_every_row_before_reading_a_reply(conn, numbers):
    spy = Spy(conn)
    conn.cursor().executemany(f"INSERT INTO {numbers} VALUES (?, ?)", [(i, 0) for i in range(100, 110)])
    prepare, batch = spy.sends  # two writes: the PREPARE, then everything else
    assert prepare.startswith(b"\x00\x02")
    execute, release = (dec.message_names(r) for r in dec.split_requests(batch))
    assert execute.count("EXECUTE") == 10 and execute.count("BIND") == 10
    assert release == ["SQ_ID", "RELEASE", "EOT"]


def test_executemany_failure_names_the_row_and_stops_there(conn):
    name = table_name("unique")
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {name} (k INTEGER PRIMARY KEY)")
    with pytest.raises(IntegrityError, match="row 2") as info:
        cur.executemany(f"INSERT INTO {name} VALUES (?)", [(1,), (2,), (1,), (3,)])
    assert info.value.batch_row == 2
    assert cur.rowcount == 2
    cur.execute(f"SELECT k FROM {name} ORDER BY k")
    assert cur.fetchall() == [(1,), (2,)]  # row 3 was not executed; the connection works


def test_executemany_of_nothing_does_nothing(conn):
    spy = Spy(conn)
    cur = conn.cursor()
    cur.executemany("INSERT INTO nowhere VALUES (?)", [])
    assert cur.rowcount == 0 and spy.sends == []


def test_executemany_refuses_a_query_and_stays_usable(conn, numbers):
    cur = conn.cursor()
    with pytest.raises(NotSupportedError):
        cur.executemany(f"SELECT i FROM {numbers} WHERE i = ?", [(1,)])
    cur.execute(f"SELECT COUNT(*) FROM {numbers}")
    assert cur.fetchone() == (50,)


# -- errors --------------------------------------------------------------------------

def test_missing_table_is_programming_error_and_the_connection_stays_usable(conn):
    cur = conn.cursor()
    with pytest.raises(ProgrammingError) as info:
        cur.execute("SELECT * FROM nosuchtable")
    assert info.value.sqlcode == -206
    cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
    assert cur.fetchone() == (1,)


def test_duplicate_key_is_integrity_error(conn):
    name = table_name("dup")
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {name} (k INTEGER PRIMARY KEY)")
    cur.execute(f"INSERT INTO {name} VALUES (1)")
    with pytest.raises(IntegrityError):
        cur.execute(f"INSERT INTO {name} VALUES (?)", (1,))
    cur.execute(f"INSERT INTO {name} VALUES (?)", (2,))
    assert cur.rowcount == 1


# -- closing ------------------------------------------------------------------------

def test_closed_cursor_refuses_work(conn):
    cur = conn.cursor()
    cur.close()
    with pytest.raises(InterfaceError):
        cur.execute("SELECT 1 FROM systables")


def test_closing_mid_result_releases_the_statement(conn, numbers):
    cur = conn.cursor()
    cur.execute(f"SELECT i FROM {numbers}")
    cur.fetchone()
    spy = Spy(conn)
    cur.close()
    assert spy.messages() == [["SQ_ID", "CLOSE", "EOT"], ["SQ_ID", "RELEASE", "EOT"]]


def test_abandoned_cursor_is_released_with_the_next_request(conn, numbers):
    cur = conn.cursor()
    cur.execute(f"SELECT i FROM {numbers}")
    sid = cur._description.stmt_id
    del cur
    gc.collect()
    spy = Spy(conn)
    conn.cursor().execute("SELECT 1 FROM systables WHERE tabid = 1")
    first, second = spy.requests()[:2]
    assert dec_fields(first) == [("msg", "SQ_ID"), ("SQ_ID.stmt_id", sid), ("msg", "CLOSE"), ("msg", "EOT")]
    assert ("msg", "RELEASE") in dec_fields(second)


def test_cursor_of_a_closed_connection_refuses_work(server):
    conn = open_conn(server)
    cur = conn.cursor()
    conn.close()
    with pytest.raises(InterfaceError):
        cur.execute("SELECT 1 FROM systables")
    with pytest.raises(InterfaceError):
        conn.cursor()


def test_scroll_forward(conn, numbers):
    cur = conn.cursor()
    cur.execute(f"SELECT i FROM {numbers} ORDER BY i")
    cur.scroll(3)
    assert cur.fetchone() == (4,)
    cur.scroll(9, mode="absolute")
    assert cur.fetchone() == (10,)


def test_scroll_backwards_is_not_supported(conn, numbers):
    cur = conn.cursor()
    cur.execute(f"SELECT i FROM {numbers} ORDER BY i")
    cur.fetchmany(5)
    with pytest.raises(NotSupportedError):
        cur.scroll(-1)


def test_positioned_fetch_on_a_plain_cursor_is_not_supported(conn, numbers):
    cur = conn.cursor()
    cur.execute(f"SELECT i FROM {numbers}")
    with pytest.raises(NotSupportedError, match="scrollable=True"):
        cur.fetch_first()


def test_scroll_cursor_moves_both_ways(conn, numbers):
    cur = conn.cursor(scrollable=True)
    cur.execute(f"SELECT i FROM {numbers} ORDER BY i")
    assert cur.fetch_last() == (50,) and cur.rowcount == 50
    assert cur.fetch_first() == (1,)
    cur.scroll(9)
    assert cur.fetchone() == (11,)
    assert cur.fetch_prior() == (10,)
    assert cur.fetch_absolute(29) == (30,)
    assert cur.fetch_relative(-5) == (25,)
    cur.scroll(-2)
    assert cur.fetchmany(2) == [(24,), (25,)]


def test_scroll_cursor_sends_scroll_and_positioned_fetches(conn, numbers):
    cur = conn.cursor(scrollable=True)
    spy = Spy(conn)
    cur.execute(f"SELECT i FROM {numbers} WHERE i <= ? ORDER BY i", (3,))
    assert cur.fetchall() == [(1,), (2,), (3,)]
    names = spy.messages()
    assert names[1] == ["SQ_ID", "CURNAME", "BIND", "SCROLL", "OPEN", "EOT"]
    targets = [dict(dec.decode_messages(r))["SFETCH.target"] for r in spy.requests()
               if dec.message_names(r)[:2] == ["SQ_ID", "SFETCH"]]
    assert targets == [1, 2, 3, 4]


def test_scroll_cursor_outside_the_result_is_index_error(conn, numbers):
    cur = conn.cursor(scrollable=True)
    cur.execute(f"SELECT i FROM {numbers}")
    with pytest.raises(IndexError):
        cur.scroll(51, mode="absolute")
    with pytest.raises(IndexError):
        cur.scroll(-1)
    assert cur.fetch_absolute(50) is None and cur.fetch_absolute(-51) is None


def test_scroll_cursor_releases_on_close(conn, numbers):
    cur = conn.cursor(scrollable=True)
    cur.execute(f"SELECT i FROM {numbers}")
    spy = Spy(conn)
    cur.close()
    assert spy.messages() == [["SQ_ID", "CLOSE", "EOT"], ["SQ_ID", "RELEASE", "EOT"]]


def test_byte_and_text_values_arrive_whole(conn):
    name = table_name("blobs")
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {name} (k INTEGER, b BYTE, t TEXT)")
    data = bytes(range(256)) * 20
    cur.executemany(f"INSERT INTO {name} VALUES (?, ?, ?)",
                    [(1, data, "text " * 500), (2, None, None), (3, b"", "")])
    cur.execute(f"SELECT k, b, t FROM {name} ORDER BY k")
    assert cur.fetchall() == [(1, data, "text " * 500), (2, None, None), (3, b"", "")]


def test_scroll_past_the_end_is_index_error(conn, numbers):
    cur = conn.cursor()
    cur.execute(f"SELECT i FROM {numbers}")
    with pytest.raises(IndexError):
        cur.scroll(51)


def test_failure_at_open_releases_the_statement_and_keeps_the_connection(conn, numbers):
    cur = conn.cursor()
    spy = Spy(conn)
    with pytest.raises(informix_db.DatabaseError):
        cur.execute(f"SELECT i FROM {numbers} WHERE i = ?", ("not a number",))
    assert spy.messages()[-2:] == [["SQ_ID", "CLOSE", "EOT"], ["SQ_ID", "RELEASE", "EOT"]]
    cur.execute(f"SELECT COUNT(*) FROM {numbers}")
    assert cur.fetchone() == (50,)


@pytest.mark.parametrize("size", [0, -1, 2**31, "4096"])
def test_fetch_buffer_size_must_be_a_positive_int(server, size):
    with pytest.raises(InterfaceError):
        open_conn(server, fetch_buffer_size=size)


@pytest.mark.parametrize("size", [0, -1, 2**31, "4096", None])
def test_a_cursor_fetch_buffer_size_must_be_a_positive_int(conn, size):
    cur = conn.cursor()
    with pytest.raises(InterfaceError):
        cur.fetch_buffer_size = size
    with pytest.raises(InterfaceError):
        conn.fetch_buffer_size = size


def test_the_default_fetch_buffer_is_64_kib(conn, numbers):
    spy = Spy(conn)
    cur = conn.cursor()
    assert conn.fetch_buffer_size == cur.fetch_buffer_size == execution.DEFAULT_FETCH_BUFFER == 65536
    cur.execute(f"SELECT i FROM {numbers}")
    assert ("NFETCH.bufsize", 65536) in dec_fields(spy.requests()[-1])


def test_a_cursor_asks_for_its_own_fetch_buffer_size(conn, numbers):
    spy = Spy(conn)
    cur = conn.cursor()
    cur.fetch_buffer_size = 100
    cur.execute(f"SELECT i FROM {numbers}")
    assert ("NFETCH.bufsize", 100) in dec_fields(spy.requests()[-1])
    assert sorted(r[0] for r in cur.fetchall()) == list(range(1, 51))
    assert conn.fetch_buffer_size == execution.DEFAULT_FETCH_BUFFER  # the connection's is unchanged


def test_a_cursor_follows_the_connection_fetch_buffer_size_until_it_sets_its_own(conn):
    cur = conn.cursor()
    conn.fetch_buffer_size = 5000
    assert cur.fetch_buffer_size == 5000
    cur.fetch_buffer_size = 7000
    conn.fetch_buffer_size = 9000
    assert cur.fetch_buffer_size == 7000
