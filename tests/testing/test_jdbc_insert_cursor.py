"""IBM JDBC's executeBatch with IFX_USEPUT=1: an insert cursor (OPEN, then
one SQ_PUT per row) instead of BIND+EXECUTE per row.  The test server
answers each PUT as an EXECUTE of the INSERT; docs/insert-cursor-jdbc-wire.md
says what JDBC sends and what is known of the replies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

jpype = pytest.importorskip("jpype")

import jdbc  # noqa: E402

pytestmark = pytest.mark.jdbc

TABLE = "create table t (a integer, b varchar(20), d decimal(10,2), e date)"
INSERT = "insert into t values (?, ?, ?, ?)"
#: java.sql.Statement.SUCCESS_NO_INFO
NO_INFO = -2


@pytest.fixture
def conn(jvm, server):
    c = jdbc.connect(server.jdbc_url(), IFX_USEPUT=1)
    yield c
    c.close()


def _ours(server):
    """Our driver, autocommit, on the server's testdb: reads what JDBC wrote."""
    from informix_db.connection import connect

    return connect(server.host, server.port, server.user, server.password, "testdb",
                   server.server_name, connect_timeout=5, read_timeout=30, autocommit=True)


def _read(server, sql):
    c = _ours(server)
    try:
        cur = c.cursor()
        cur.execute(sql)
        return cur.fetchall()
    finally:
        c.close()


def _trace_messages(server) -> list[str]:
    """The names of every message in the server's trace (both ways), in order."""
    text = Path(server.trace).read_text()
    names = []
    for line in text.splitlines():
        if line.startswith("# decoded [('SQ_"):
            names.extend(re.findall(r"\('(SQ_\w+)'", line))
    return names


def _add(ps, a, b, d="1.25", e="2024-01-31"):
    BigDecimal = jpype.JClass("java.math.BigDecimal")
    Date = jpype.JClass("java.sql.Date")
    ps.setInt(1, a)
    if b is None:
        ps.setNull(2, 12)  # Types.VARCHAR
    else:
        ps.setString(2, b)
    if d is None:
        ps.setNull(3, 3)  # Types.DECIMAL
    else:
        ps.setBigDecimal(3, BigDecimal(d))
    if e is None:
        ps.setNull(4, 91)  # Types.DATE
    else:
        ps.setDate(4, Date.valueOf(e))
    ps.addBatch()


def test_execute_batch_sends_one_put_per_row_and_inserts_them(conn, server):
    conn.createStatement().execute(TABLE)
    ps = conn.prepareStatement(INSERT)
    for i in range(3):
        _add(ps, i, f"row{i}")
    ps.executeBatch()
    names = _trace_messages(server)
    assert names.count("SQ_PUT") == 3
    assert "SQ_BIND" not in names and "SQ_EXECUTE" not in names[names.index("SQ_PUT"):]
    from decimal import Decimal
    import datetime as dt
    assert _read(server, "select a, b, d, e from t order by a") == [
        (i, f"row{i}", Decimal("1.25"), dt.date(2024, 1, 31)) for i in range(3)]


def test_update_counts_are_the_total_then_success_no_info(conn):
    conn.createStatement().execute(TABLE)
    ps = conn.prepareStatement(INSERT)
    for i in range(4):
        _add(ps, i, "x")
    # JDBC adds the PUTs' DONE counts up into the first entry
    assert list(ps.executeBatch()) == [4, NO_INFO, NO_INFO, NO_INFO]


def test_nulls_in_every_column_but_the_first_are_put(conn, server):
    conn.createStatement().execute(TABLE)
    ps = conn.prepareStatement(INSERT)
    _add(ps, 1, None, None, None)
    _add(ps, 2, "", "0.00", "1900-01-01")
    ps.executeBatch()
    got = _read(server, "select a, b, d, e from t order by a")
    assert got[0] == (1, None, None, None)
    assert got[1][:2] == (2, "")


def test_five_thousand_rows_in_one_batch_all_go_in(conn, server):
    conn.createStatement().execute(TABLE)
    ps = conn.prepareStatement(INSERT)
    for i in range(5000):
        _add(ps, i, None if i % 7 == 0 else f"r{i}", f"{i}.50")
    counts = list(ps.executeBatch())
    assert counts[0] == 5000 and set(counts[1:]) == {NO_INFO}
    assert _read(server, "select count(*), sum(a), count(b) from t") == [
        (5000, sum(range(5000)), 5000 - len(range(0, 5000, 7)))]


def test_a_second_batch_on_the_same_statement_opens_the_cursor_again(conn, server):
    conn.createStatement().execute(TABLE)
    ps = conn.prepareStatement(INSERT)
    for batch in range(2):
        for i in range(3):
            _add(ps, batch * 10 + i, "x")
        assert list(ps.executeBatch())[0] == 3
    # SQ_RETTYPE (the PUT row's types) came with the first OPEN only
    names = _trace_messages(server)
    assert names.count("SQ_OPEN") >= 2
    assert _read(server, "select a from t order by a") == [(0,), (1,), (2,), (10,), (11,), (12,)]


def test_unique_violation_mid_batch_is_268_with_the_rows_before_it_counted(conn, server):
    conn.createStatement().execute("create table t (a integer primary key, b varchar(20))")
    ps = conn.prepareStatement("insert into t values (?, ?)")
    for a in (1, 2, 3, 2, 4, 5):
        ps.setInt(1, a)
        ps.setString(2, "v")
        ps.addBatch()
    with pytest.raises(jpype.JClass("java.sql.BatchUpdateException")) as info:
        ps.executeBatch()
    assert info.value.getErrorCode() == -268
    assert list(info.value.getUpdateCounts()) == [1, 1, 1, 0]
    # the rows after the failing one are not inserted; autocommit then
    # commits what went in (JDBC sends SQ_CMMTWORK after the error)
    assert _read(server, "select a from t order by a") == [(1,), (2,), (3,)]


def test_not_null_violation_mid_batch_is_391_naming_the_column(conn, server):
    conn.createStatement().execute("create table t (a integer, b varchar(20) not null)")
    ps = conn.prepareStatement("insert into t values (?, ?)")
    for a in (1, 2, 3):
        ps.setInt(1, a)
        if a == 2:
            ps.setNull(2, 12)
        else:
            ps.setString(2, "v")
        ps.addBatch()
    with pytest.raises(jpype.JClass("java.sql.BatchUpdateException")) as info:
        ps.executeBatch()
    assert info.value.getErrorCode() == -391
    assert "t.b" in str(info.value.getMessage())
    assert _read(server, "select a from t") == [(1,)]


def test_the_connection_is_usable_after_a_failed_batch(conn, server):
    conn.createStatement().execute("create table t (a integer primary key, b varchar(20))")
    ps = conn.prepareStatement("insert into t values (?, ?)")
    for a in (1, 1):
        ps.setInt(1, a)
        ps.setString(2, "v")
        ps.addBatch()
    with pytest.raises(jpype.JClass("java.sql.BatchUpdateException")):
        ps.executeBatch()
    ps.clearBatch()
    ps.setInt(1, 7)
    ps.setString(2, "again")
    ps.addBatch()
    assert list(ps.executeBatch()) == [1]
    assert jdbc.rows(conn.createStatement().executeQuery("select a, b from t order by a")) == [
        (1, "v"), (7, "again")]


def test_without_autocommit_batches_roll_back_and_commit_with_the_transaction(conn, server):
    conn.createStatement().execute("create table t (a integer, b varchar(20))")
    conn.setAutoCommit(False)
    ps = conn.prepareStatement("insert into t values (?, ?)")

    def batch(*keys):
        for a in keys:
            ps.setInt(1, a)
            ps.setString(2, "v")
            ps.addBatch()
        return list(ps.executeBatch())

    # without a DONE per PUT, JDBC outside autocommit fails with a
    # NullPointerException ("BatchRowStatus" is null)
    assert batch(1, 2, 3) == [3, NO_INFO, NO_INFO]
    assert batch(4, 5) == [2, NO_INFO]
    conn.rollback()
    assert _read(server, "select count(*) from t") == [(0,)]
    batch(6, 7)
    conn.commit()
    assert _read(server, "select a from t order by a") == [(6,), (7,)]


def test_failed_batch_without_autocommit_leaves_the_transaction_to_the_caller(conn, server):
    conn.createStatement().execute("create table t (a integer primary key)")
    conn.setAutoCommit(False)
    ps = conn.prepareStatement("insert into t values (?)")
    for a in (1, 2, 2, 3):
        ps.setInt(1, a)
        ps.addBatch()
    with pytest.raises(jpype.JClass("java.sql.BatchUpdateException")) as info:
        ps.executeBatch()
    # fixed-size rows: all four in one PUT, answered DONE(2) then the error
    assert list(info.value.getUpdateCounts()) == [2]
    assert _read(server, "select count(*) from t") == [(0,)]  # not committed
    conn.rollback()
    assert _read(server, "select count(*) from t") == [(0,)]


def test_byte_and_text_content_follows_each_put_and_nulls_have_none(conn, server):
    conn.createStatement().execute("create table tb (a integer, t text, b byte)")
    ps = conn.prepareStatement("insert into tb values (?, ?, ?)")
    Bytes = jpype.JArray(jpype.JByte)
    values = [(0, "t0", b"\x00\x01"), (1, None, b"\xff"), (2, "t2", None),
              (3, "x" * 100_000, bytes(range(256)) * 300)]
    for a, text, data in values:
        ps.setInt(1, a)
        if text is None:
            ps.setNull(2, -1)  # Types.LONGVARCHAR
        else:
            ps.setString(2, text)
        if data is None:
            ps.setNull(3, -2)  # Types.BINARY
        else:
            ps.setBytes(3, Bytes(data))
        ps.addBatch()
    assert list(ps.executeBatch())[0] == 4
    assert _read(server, "select a, t, b from tb order by a") == values


def test_every_scalar_type_is_put_in_its_tuple_form(conn, server):
    import datetime as dt
    from decimal import Decimal

    conn.createStatement().execute(
        "create table ty (s smallint, i8 int8, bi bigint, f float, sf smallfloat, c char(5), "
        "nc nchar(4), nv nvarchar(10), m money(8,2), dt datetime year to fraction(3), "
        "iv interval day to second, bo boolean, lv lvarchar(3000), ser serial)")
    ps = conn.prepareStatement("insert into ty (s, i8, bi, f, sf, c, nc, nv, m, dt, iv, bo, lv) "
                               "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    BigDecimal = jpype.JClass("java.math.BigDecimal")
    Timestamp = jpype.JClass("java.sql.Timestamp")
    ps.setShort(1, 7)
    ps.setLong(2, 2**40)
    ps.setLong(3, -5)
    ps.setDouble(4, 1.5)
    ps.setFloat(5, 0.5)
    ps.setString(6, "ab")
    ps.setString(7, "xyz")
    ps.setString(8, "nv")
    ps.setBigDecimal(9, BigDecimal("12.34"))
    ps.setTimestamp(10, Timestamp.valueOf("2024-01-02 03:04:05.123"))
    ps.setString(11, "2 03:04:05")
    ps.setBoolean(12, True)
    ps.setString(13, "z" * 2500)
    ps.addBatch()
    for k in range(1, 14):
        ps.setNull(k, 0)
    ps.addBatch()
    assert list(ps.executeBatch())[0] == 2
    got = _read(server, "select * from ty order by ser")
    assert got[0] == (7, 2**40, -5, 1.5, 0.5, "ab   ", "xyz ", "nv", Decimal("12.34"),
                      dt.datetime(2024, 1, 2, 3, 4, 5, 123000),
                      dt.timedelta(days=2, hours=3, minutes=4, seconds=5), True, "z" * 2500, 1)
    assert got[1] == (None,) * 13 + (2,)


def _put_fields(server) -> list[tuple[int, int]]:
    """(size, count) of every SQ_PUT the clients sent."""
    text = Path(server.trace).read_text()
    return [(int(a), int(b)) for a, b in
            re.findall(r"\('SQ_PUT', \{'size': (\d+), 'count': (\d+)", text)]


def test_fixed_size_rows_go_in_one_put_with_their_count(conn, server):
    conn.createStatement().execute("create table t (a integer, b integer)")
    ps = conn.prepareStatement("insert into t values (?, ?)")
    for a in range(2000):
        ps.setInt(1, a)
        if a % 2:
            ps.setNull(2, 4)
        else:
            ps.setInt(2, -a)
        ps.addBatch()
    assert list(ps.executeBatch())[0] == 2000
    assert _put_fields(server) == [(8, 2000)]  # TupleSize is one row's
    assert _read(server, "select a, b from t where a < 4 order by a") == [
        (0, 0), (1, None), (2, -2), (3, None)]


def test_rows_of_odd_size_are_each_padded_to_even_length(conn, server):
    conn.createStatement().execute("create table t (c char(5))")
    ps = conn.prepareStatement("insert into t values (?)")
    for k in range(3):
        ps.setString(1, f"ab{k}")
        ps.addBatch()
    assert list(ps.executeBatch())[0] == 3
    assert _put_fields(server) == [(5, 3)]
    assert _read(server, "select c from t order by c") == [("ab0  ",), ("ab1  ",), ("ab2  ",)]


def test_rows_with_a_varchar_go_one_per_put(conn, server):
    conn.createStatement().execute("create table t (a integer, b varchar(10))")
    ps = conn.prepareStatement("insert into t values (?, ?)")
    for k in range(3):
        ps.setInt(1, k)
        ps.setString(2, "x" * k)
        ps.addBatch()
    ps.executeBatch()
    assert _put_fields(server) == [(5, 1), (6, 1), (7, 1)]


def test_a_database_without_logging_takes_the_batch_too(jvm, server_factory):
    srv = server_factory(databases={"testdb": "unlogged"})
    c = jdbc.connect(srv.jdbc_url(), IFX_USEPUT=1)
    try:
        c.createStatement().execute(TABLE)
        ps = c.prepareStatement(INSERT)
        for i in range(3):
            _add(ps, i, "x")
        assert list(ps.executeBatch()) == [3, NO_INFO, NO_INFO]
        assert "SQ_BEGIN" not in _trace_messages(srv)
    finally:
        c.close()
    assert _read(srv, "select count(*) from t") == [(3,)]
