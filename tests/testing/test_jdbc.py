"""The test server as IBM's JDBC driver sees it: values, counts, errors."""

from __future__ import annotations

import pytest

jpype = pytest.importorskip("jpype")

import jdbc

pytestmark = pytest.mark.jdbc


@pytest.fixture
def conn(jvm, server):
    c = jdbc.connect(server.jdbc_url())
    yield c
    c.close()


def test_connect_reports_server_version_banner(conn):
    meta = conn.getMetaData()
    assert "12.10" in str(meta.getDatabaseProductVersion())


def test_wrong_password_is_rejected_with_951(jvm, server):
    SQLException = jpype.JClass("java.sql.SQLException")

    url = server.jdbc_url().replace(f"password={server.password}", "password=wrong")
    with pytest.raises(SQLException) as excinfo:
        jdbc.connect(url)
    assert excinfo.value.getErrorCode() == -951


def test_prepared_insert_then_select_returns_the_values(conn):
    st = conn.createStatement()
    st.execute("create table j1 (a integer, b varchar(20), c char(5))")
    ps = conn.prepareStatement("insert into j1 values (?, ?, ?)")
    for a, b, c in [(1, "one", "x"), (-7, "minus seven", "abcde"), (2147483647, "", "z")]:
        ps.setInt(1, a)
        ps.setString(2, b)
        ps.setString(3, c)
        assert ps.executeUpdate() == 1
    got = jdbc.rows(st.executeQuery("select a, b, c from j1 order by a"))
    assert got == [(-7, "minus seven", "abcde"), (1, "one", "x    "), (2147483647, "", "z    ")]


def test_parameterised_select_filters_rows(conn):
    st = conn.createStatement()
    st.execute("create table j2 (a integer, b varchar(10))")
    st.executeUpdate("insert into j2 values (1, 'one')")
    st.executeUpdate("insert into j2 values (2, 'two')")
    ps = conn.prepareStatement("select b from j2 where a = ?")
    ps.setInt(1, 2)
    assert jdbc.rows(ps.executeQuery()) == [("two",)]


def test_dml_reports_row_counts(conn):
    st = conn.createStatement()
    st.execute("create table j3 (a integer)")
    for i in range(5):
        st.executeUpdate(f"insert into j3 values ({i})")
    assert st.executeUpdate("update j3 set a = a + 10 where a >= 2") == 3
    assert st.executeUpdate("delete from j3 where a < 10") == 2
    assert st.executeUpdate("delete from j3 where a = 999") == 0


def test_sql_error_carries_sqlcode_and_session_stays_usable(conn):
    SQLException = jpype.JClass("java.sql.SQLException")

    st = conn.createStatement()
    with pytest.raises(SQLException) as excinfo:
        st.executeQuery("select * from no_such_table")
    assert excinfo.value.getErrorCode() == -206
    assert jdbc.rows(st.executeQuery(
        "select dirpath from informix.systables where tabname = ' GL_COLLATE'")) == [("en_US.819",)]


def test_result_larger_than_one_fetch_buffer_arrives_whole(conn, server):
    st = conn.createStatement()
    st.execute("create table j4 (a integer, b varchar(100))")
    ps = conn.prepareStatement("insert into j4 values (?, ?)")
    expected = []
    for i in range(300):
        ps.setInt(1, i)
        ps.setString(2, f"row {i} " + "x" * (i % 90))
        ps.executeUpdate()
        expected.append((i, f"row {i} " + "x" * (i % 90)))
    assert jdbc.rows(st.executeQuery("select a, b from j4 order by a")) == expected
    fetches = open(server.trace).read().count("'SQ_NFETCH'")
    assert fetches > 5  # 300 rows of ~60 bytes do not fit one 4096-byte buffer


def test_two_open_statements_get_distinct_ids(conn, server):
    st = conn.createStatement()
    st.execute("create table j5 (a integer)")
    st.executeUpdate("insert into j5 values (1)")
    st.executeUpdate("insert into j5 values (2)")
    first = conn.prepareStatement("select a from j5 order by a")
    second = conn.prepareStatement("select a + 100 from j5 order by a")
    rs1 = first.executeQuery()
    rs2 = second.executeQuery()
    assert jdbc.rows(rs2) == [(101,), (102,)]
    assert jdbc.rows(rs1) == [(1,), (2,)]
    assert "('SQ_ID', {'id': 1})" in open(server.trace).read()  # JDBC addressed the second


def test_commit_keeps_and_rollback_discards(conn):
    st = conn.createStatement()
    st.execute("create table j6 (a integer)")
    conn.setAutoCommit(False)
    st.executeUpdate("insert into j6 values (1)")
    conn.commit()
    st.executeUpdate("insert into j6 values (2)")
    conn.rollback()
    conn.setAutoCommit(True)
    assert jdbc.rows(st.executeQuery("select a from j6")) == [(1,)]


def test_generated_serial_values_reach_jdbc(conn):
    st = conn.createStatement()
    st.execute("create table j7 (id serial, b varchar(5))")
    st.execute("create table j8 (id serial8, b varchar(5))")
    st.executeUpdate("insert into j7 (b) values ('x')")
    st.executeUpdate("insert into j7 (b) values ('y')")
    assert st.getSerial() == 2  # from SQ_DONE
    st.executeUpdate("insert into j8 (b) values ('x')")
    assert st.getSerial8() == 1  # from SQ_INSERTDONE


def _trace_after_jdbc_work(server, database):
    c = jdbc.connect(server.jdbc_url(database))
    st = c.createStatement()
    st.execute("create table t (a integer)")
    st.executeUpdate("insert into t values (1)")
    if server.databases[database] != "ansi":
        c.setAutoCommit(False)
        st.executeUpdate("insert into t values (2)")
        c.commit()
    c.close()
    return open(server.trace).read()


def test_ansi_database_makes_jdbc_commit_every_autocommit_statement(jvm, server_factory):
    trace = _trace_after_jdbc_work(server_factory(databases={"adb": "ansi"}), "adb")
    assert trace.count("'SQ_CMMTWORK'") >= 2 and "'SQ_BEGIN'" not in trace


def test_logged_database_lets_jdbc_begin_and_reports_xactstat(jvm, server_factory):
    trace = _trace_after_jdbc_work(server_factory(), "testdb")
    assert "'SQ_BEGIN'" in trace and "'SQ_CMMTWORK'" in trace
    assert "('SQ_XACTSTAT', {'event': 1, 'new': 1, 'old': 0})" in trace


def test_unlogged_database_sends_no_xactstat(jvm, server_factory):
    srv = server_factory(databases={"udb": "unlogged"})
    c = jdbc.connect(srv.jdbc_url("udb"))
    c.createStatement().execute("create table t (a integer)")
    c.createStatement().executeUpdate("insert into t values (1)")
    c.close()
    assert "SQ_XACTSTAT" not in open(srv.trace).read()


def test_failed_command_does_not_disturb_an_open_result_set(conn):
    st = conn.createStatement()
    st.execute("create table j9 (a integer, b varchar(100))")
    ins = conn.prepareStatement("insert into j9 values (?, ?)")
    for i in range(200):
        ins.setInt(1, i)
        ins.setString(2, "z" * 100)
        ins.executeUpdate()
    reader = conn.createStatement()
    rs = reader.executeQuery("select a from j9 order by a")
    assert rs.next() and rs.getInt(1) == 0
    other = conn.createStatement()
    with pytest.raises(jpype.JClass("java.sql.SQLException")) as excinfo:
        other.executeUpdate("update no_such_table set a = 1")
    assert excinfo.value.getErrorCode() == -206
    seen = [0]
    while rs.next():
        seen.append(rs.getInt(1))
    assert seen == list(range(200))


def test_scroll_cursor_moves_anywhere_in_the_result(conn):
    st = conn.createStatement()
    st.execute("create table j10 (a integer)")
    for i in range(5):
        st.executeUpdate(f"insert into j10 values ({i * 10})")
    scroll = conn.createStatement(1004, 1007)  # TYPE_SCROLL_INSENSITIVE, CONCUR_READ_ONLY
    rs = scroll.executeQuery("select a from j10 order by a")
    assert rs.last() and rs.getInt(1) == 40
    assert rs.first() and rs.getInt(1) == 0
    assert rs.absolute(3) and rs.getInt(1) == 20
    assert rs.previous() and rs.getInt(1) == 10
    assert rs.relative(2) and rs.getInt(1) == 30
    assert not rs.absolute(99)


def test_character_data_travels_in_the_database_code_set(jvm, server_factory):
    srv = server_factory()  # DB_LOCALE en_US.819: JDBC converts to Latin-1 on the wire
    c = jdbc.connect(srv.jdbc_url() + ";CLIENT_LOCALE=en_US.utf8")
    st = c.createStatement()
    st.execute("create table j11 (a varchar(20))")
    ps = c.prepareStatement("insert into j11 values (?)")
    ps.setString(1, "héllo ÿ")
    ps.executeUpdate()
    assert jdbc.rows(st.executeQuery("select a from j11")) == [("héllo ÿ",)]
    c.close()


def test_utf8_database_locale_carries_any_character(jvm, server_factory):
    srv = server_factory(locale="en_US.utf8")
    c = jdbc.connect(srv.jdbc_url() + ";CLIENT_LOCALE=en_US.utf8;DB_LOCALE=en_US.utf8")
    st = c.createStatement()
    st.execute("create table j12 (a varchar(20))")
    ps = c.prepareStatement("insert into j12 values (?)")
    ps.setString(1, "€ and ✓")
    ps.executeUpdate()
    assert jdbc.rows(st.executeQuery("select a from j12")) == [("€ and ✓",)]
    c.close()


def test_jaydebeapi_dbapi_round_trip(jvm, server):
    jaydebeapi = pytest.importorskip("jaydebeapi")
    conn = jaydebeapi.connect("com.informix.jdbc.IfxDriver", server.jdbc_url())
    try:
        cur = conn.cursor()
        cur.execute("create table j13 (a integer, b varchar(20))")
        cur.execute("insert into j13 values (?, ?)", (5, "five"))  # setObject: INT8, LVARCHAR
        assert cur.rowcount == 1
        cur.execute("select a, b from j13 where a = ?", (5,))
        assert cur.fetchall() == [(5, "five")]
    finally:
        conn.close()


@pytest.mark.parametrize("size", [0, 1, 1500, 5000])
def test_byte_and_text_values_come_back_through_fetchblob(conn, size):
    st = conn.createStatement()
    st.execute("create table j14 (a integer, b byte, t text)")
    data = bytes(range(256)) * (size // 256) + bytes(range(size % 256))
    ps = conn.prepareStatement("insert into j14 values (?, ?, ?)")
    ps.setInt(1, 1)
    ps.setBytes(2, jpype.JArray(jpype.JByte)(data))
    ps.setString(3, "t" * size)
    ps.executeUpdate()
    rs = st.executeQuery("select a, b, t from j14")
    assert rs.next()
    assert bytes(b & 0xFF for b in rs.getBytes(2)) == data
    assert str(rs.getString(3)) == "t" * size


@pytest.mark.parametrize("bit", [50, 62, 63])
def test_framing_follows_the_negotiated_bits(jvm, server_factory, bit):
    """Without bit 50 DESCRIBE offsets are shorts, without 62 SQL lengths and
    error offsets, without 63 fetch buffer sizes: JDBC must still agree."""
    from informix_db.testing.capabilities import DEFAULT_SERVER_MASK, bits_of, mask_of

    srv = server_factory(server_mask=mask_of(bits_of(DEFAULT_SERVER_MASK) - {bit}))
    c = jdbc.connect(srv.jdbc_url())
    try:
        st = c.createStatement()
        st.execute("create table jb (a integer, b varchar(10), c bigint)")
        st.executeUpdate("insert into jb values (1, 'abc', 5)")
        ps = c.prepareStatement("select a, b, c from jb where a = ?")
        ps.setInt(1, 1)
        assert jdbc.rows(ps.executeQuery()) == [(1, "abc", 5)]
        with pytest.raises(jpype.JClass("java.sql.SQLException")) as excinfo:
            st.executeQuery("select * from missing_table")
        assert excinfo.value.getErrorCode() == -206
    finally:
        c.close()


def test_return_types_of_opaque_columns_keep_the_request_aligned(conn):
    """Described as opaque types, LVARCHAR and BOOLEAN come back in JDBC's
    SQ_RETTYPE with owner and type names; the INTEGER after them must still parse."""
    st = conn.createStatement()
    st.execute("create table j15 (a lvarchar(100), b boolean, c integer)")
    st.executeUpdate("insert into j15 values ('long text', 't', 3)")
    rs = st.executeQuery("select a, b, c from j15")
    assert rs.next()
    assert (str(rs.getString(1)), bool(rs.getBoolean(2)), rs.getInt(3)) == ("long text", True, 3)


def test_database_statement_switches_logging_as_dbopen_does(jvm, server_factory):
    srv = server_factory(databases={"testdb": "logged", "plain": "unlogged"})
    c = jdbc.connect(srv.jdbc_url())
    st = c.createStatement()
    st.execute("database plain")
    st.execute("create table j16 (a integer)")
    st.executeUpdate("insert into j16 values (1)")
    c.close()
    trace = open(srv.trace).read()
    after = trace[trace.index("create table j16"):]
    assert "SQ_XACTSTAT" not in after  # the unlogged database reports no transaction events


def test_wrong_informixserver_is_rejected_with_761(jvm, server):
    SQLException = jpype.JClass("java.sql.SQLException")
    url = server.jdbc_url().replace(f"INFORMIXSERVER={server.server_name}",
                                    "INFORMIXSERVER=elsewhere")
    with pytest.raises(SQLException) as excinfo:
        jdbc.connect(url)
    assert excinfo.value.getErrorCode() == -761


def test_generated_keys_are_refused_by_a_server_without_bit_48(jvm, server_factory):
    from informix_db.testing.capabilities import (BIT_AUTO_GENERATED_KEYS, DEFAULT_SERVER_MASK,
                                                  bits_of, mask_of)

    srv = server_factory(server_mask=mask_of(bits_of(DEFAULT_SERVER_MASK)
                                             - {BIT_AUTO_GENERATED_KEYS}))
    conn = jdbc.connect(srv.jdbc_url())
    st = conn.createStatement()
    st.execute("create table j17 (id serial, b varchar(5))")
    with pytest.raises(jpype.JClass("java.sql.SQLException"), match="not supported"):
        st.executeUpdate("insert into j17 (b) values ('x')", 1)  # RETURN_GENERATED_KEYS
    st.executeUpdate("insert into j17 (b) values ('y')")
    assert st.getSerial() >= 1  # the IBM extension still reports the SERIAL
    conn.close()
