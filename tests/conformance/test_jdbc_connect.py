"""Connecting with IBM JDBC and what DatabaseMetaData says of the server."""

from __future__ import annotations

import pytest

from . import jdbc

pytestmark = pytest.mark.jdbc


def test_jdbc_connects_and_runs_a_query(jconn):
    stmt = jconn.createStatement()
    stmt.executeUpdate("CREATE TABLE jc_one (a INT)")
    stmt.executeUpdate("INSERT INTO jc_one VALUES (7)")
    rs = stmt.executeQuery("SELECT a FROM jc_one")
    assert rs.next() and rs.getInt(1) == 7 and not rs.next()


def test_metadata_names_the_product_informix(jconn):
    assert "Informix" in str(jconn.getMetaData().getDatabaseProductName())


def test_metadata_product_version_is_readable(jconn):
    assert str(jconn.getMetaData().getDatabaseProductVersion()).strip()


def test_metadata_user_is_the_login_user(jconn, server):
    assert str(jconn.getMetaData().getUserName()) == server.user


def test_metadata_reports_transactions_in_a_logged_database(jconn):
    assert bool(jconn.getMetaData().supportsTransactions())


def test_jdbc_refuses_manual_commit_mode_in_an_unlogged_database(jdbc_connect):
    conn = jdbc_connect("nologdb")
    with pytest.raises(Exception) as info:
        conn.setAutoCommit(False)
    assert jdbc.sql_error(info.value) is not None


def test_jdbc_connects_without_a_database(jdbc_connect):
    conn = jdbc_connect(None)
    assert not conn.isClosed()


def test_result_set_metadata_gives_column_names(jconn):
    stmt = jconn.createStatement()
    stmt.executeUpdate("CREATE TABLE jc_meta (first_col INT, second_col VARCHAR(10))")
    md = stmt.executeQuery("SELECT first_col, second_col FROM jc_meta").getMetaData()
    assert [str(md.getColumnName(i)) for i in (1, 2)] == ["first_col", "second_col"]


def test_close_leaves_the_server_serving(jdbc_connect):
    jdbc_connect().close()
    conn = jdbc_connect()
    rs = conn.createStatement().executeQuery("SELECT COUNT(*) FROM systables")
    assert rs.next()


def _rows(rs, *labels):
    out = []
    while rs.next():
        out.append(tuple(str(rs.getString(label)) for label in labels))
    return out


def test_metadata_get_tables_lists_a_created_table(jconn):
    jconn.createStatement().executeUpdate("CREATE TABLE jc_listed (a INT)")
    rs = jconn.getMetaData().getTables(None, None, "jc_listed", None)
    assert _rows(rs, "TABLE_NAME", "TABLE_TYPE") == [("jc_listed", "TABLE")]


def test_metadata_get_columns_lists_names_in_order(jconn):
    """IBM JDBC asks syscolumns through informix.get_data_type/schema_* routines."""
    jconn.createStatement().executeUpdate("CREATE TABLE jc_cols (a INT NOT NULL, b VARCHAR(10))")
    rs = jconn.getMetaData().getColumns(None, None, "jc_cols", None)
    assert _rows(rs, "COLUMN_NAME") == [("a",), ("b",)]


def test_metadata_get_primary_keys_names_the_key_column(jconn):
    """IBM JDBC joins systables, sysconstraints, sysindexes and syscolumns."""
    jconn.createStatement().executeUpdate("CREATE TABLE jc_pk (a INT PRIMARY KEY, b INT)")
    rs = jconn.getMetaData().getPrimaryKeys(None, None, "jc_pk")
    assert _rows(rs, "COLUMN_NAME") == [("a",)]


def test_jdbc_utf8_client_round_trips_latin1_text(jdbc_connect):
    """CLIENT_LOCALE UTF-8 against the en_US.819 database: JDBC converts."""
    conn = jdbc_connect(CLIENT_LOCALE="en_US.utf8", DB_LOCALE="en_US.819")
    conn.createStatement().executeUpdate("CREATE TABLE jc_utf8 (s VARCHAR(40))")
    ps = conn.prepareStatement("INSERT INTO jc_utf8 VALUES (?)")
    ps.setString(1, "naïve café ÄÖÜß ¿¡ ÿ")
    ps.executeUpdate()
    rs = conn.createStatement().executeQuery("SELECT s, LENGTH(s) FROM jc_utf8")
    assert rs.next()
    assert (str(rs.getString(1)), int(rs.getInt(2))) == ("naïve café ÄÖÜß ¿¡ ÿ", 20)


def test_jdbc_reads_the_release_banner_through_dbinfo(jconn):
    rs = jconn.createStatement().executeQuery(
        "SELECT FIRST 1 DBINFO('version','full') FROM systables")
    assert rs.next()
    assert str(rs.getString(1)).startswith("IBM Informix Dynamic Server Version ")
