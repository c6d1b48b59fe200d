"""Each listed server error reaches IBM JDBC as SQLException.getErrorCode(),
and the connection keeps working afterwards."""

from __future__ import annotations

import pytest

from . import corpus, jdbc

pytestmark = pytest.mark.jdbc


def _error_code(action) -> int | None:
    try:
        action()
    except Exception as exc:  # noqa: BLE001 - JPype raises java.sql.SQLException
        err = jdbc.sql_error(exc)
        if err is None:
            raise
        return err[0]
    return None


def _assert_usable(conn, table: str) -> None:
    stmt = conn.createStatement()
    stmt.executeUpdate(f"CREATE TABLE {table} (a INT)")
    assert stmt.executeUpdate(f"INSERT INTO {table} VALUES (42)") == 1
    rs = stmt.executeQuery(f"SELECT a FROM {table}")
    assert rs.next() and rs.getInt(1) == 42


def _bind_plain(ps, index: int, value) -> None:
    """Bind None (as INTEGER NULL), an int or a Decimal."""
    if value is None:
        ps.setNull(index, jdbc.J("java.sql.Types").INTEGER)
    elif isinstance(value, int):
        ps.setInt(index, value)
    else:
        ps.setBigDecimal(index, jdbc.J("java.math.BigDecimal")(str(value)))


@pytest.mark.parametrize("case", corpus.ERROR_CASES, ids=lambda e: e.id)
def test_jdbc_gets_the_sqlcode_and_connection_survives(jdbc_connect, case):
    conn = jdbc_connect(case.database)
    table = f"je_{case.id}"
    stmt = conn.createStatement()
    for sql in case.setup:
        stmt.execute(sql.format(t=table))
    if case.params:
        ps = conn.prepareStatement(case.sql.format(t=table))
        for i, value in enumerate(case.params, 1):
            _bind_plain(ps, i, value)
        code = _error_code(ps.executeUpdate)
    else:
        code = _error_code(lambda: conn.createStatement().execute(case.sql.format(t=table)))
    assert code == case.sqlcode
    _assert_usable(conn, f"{table}_alive")


def test_jdbc_unknown_database_is_329_and_server_still_serves(jdbc_connect):
    code = _error_code(lambda: jdbc_connect("nosuchdb"))
    assert code == -329
    _assert_usable(jdbc_connect(), "je_after_329")


def test_jdbc_wrong_password_is_951_and_server_still_serves(jdbc_connect):
    code = _error_code(lambda: jdbc_connect(password="wrong"))
    assert code == -951
    _assert_usable(jdbc_connect(), "je_after_951_pw")


def test_jdbc_unknown_user_is_951(jdbc_connect):
    assert _error_code(lambda: jdbc_connect(user="nobody")) == -951


def test_jdbc_prepare_of_bad_sql_fails_and_connection_survives(jconn):
    code = _error_code(lambda: jconn.prepareStatement("SELECT FROM WHERE"))
    assert code == -201
    _assert_usable(jconn, "je_after_prepare")


def test_jdbc_prepared_statement_is_reusable_after_a_failed_execution(jconn):
    jconn.createStatement().executeUpdate("CREATE TABLE je_reuse (a INT PRIMARY KEY)")
    ps = jconn.prepareStatement("INSERT INTO je_reuse VALUES (?)")
    ps.setInt(1, 1)
    assert ps.executeUpdate() == 1
    assert _error_code(ps.executeUpdate) == -268  # same value again
    ps.setInt(1, 2)
    assert ps.executeUpdate() == 1
    rs = jconn.createStatement().executeQuery("SELECT a FROM je_reuse ORDER BY a")
    got = []
    while rs.next():
        got.append(int(rs.getInt(1)))
    assert got == [1, 2]


def test_jdbc_failed_statement_keeps_the_transaction_and_its_earlier_work(jdbc_connect):
    """Informix rolls back only the failing statement, not the transaction."""
    writer, reader = jdbc_connect(), jdbc_connect()
    reader.createStatement().executeUpdate("CREATE TABLE je_txn (a INT PRIMARY KEY)")
    writer.setAutoCommit(False)
    st = writer.createStatement()
    st.executeUpdate("INSERT INTO je_txn VALUES (1)")
    assert _error_code(lambda: st.executeUpdate("INSERT INTO je_txn VALUES (1)")) == -268
    st.executeUpdate("INSERT INTO je_txn VALUES (2)")
    writer.commit()
    rs = reader.createStatement().executeQuery("SELECT a FROM je_txn ORDER BY a")
    got = []
    while rs.next():
        got.append(int(rs.getInt(1)))
    assert got == [1, 2]
