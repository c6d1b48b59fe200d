"""DML row counts, SERIAL values and transaction visibility through IBM JDBC."""

from __future__ import annotations

import itertools

import pytest

pytestmark = pytest.mark.jdbc


def _count(conn, table: str) -> int:
    rs = conn.createStatement().executeQuery(f"SELECT COUNT(*) FROM {table}")
    assert rs.next()
    return int(rs.getInt(1))


_tables = itertools.count()


@pytest.fixture
def filled(jconn):
    """(statement, table) with a fresh table of rows a = 1..5, b = 0."""
    table = f"jd_rows{next(_tables)}"
    stmt = jconn.createStatement()
    stmt.executeUpdate(f"CREATE TABLE {table} (a INT, b INT)")
    ps = jconn.prepareStatement(f"INSERT INTO {table} VALUES (?, 0)")
    for a in range(1, 6):
        ps.setInt(1, a)
        assert ps.executeUpdate() == 1
    return stmt, table


def test_jdbc_update_count_is_rows_matched(filled):
    stmt, t = filled
    assert stmt.executeUpdate(f"UPDATE {t} SET b = 1 WHERE a <= 2") == 2


def test_jdbc_update_count_is_zero_when_nothing_matches(filled):
    stmt, t = filled
    assert stmt.executeUpdate(f"UPDATE {t} SET b = 1 WHERE a > 100") == 0


def test_jdbc_delete_count_is_rows_deleted(filled):
    stmt, t = filled
    assert stmt.executeUpdate(f"DELETE FROM {t} WHERE a >= 3") == 3


def test_jdbc_insert_select_count_is_rows_copied(filled):
    stmt, t = filled
    stmt.executeUpdate(f"CREATE TABLE {t}_copy (a INT, b INT)")
    assert stmt.executeUpdate(f"INSERT INTO {t}_copy SELECT * FROM {t} WHERE a > 1") == 4


def test_jdbc_prepared_update_count(filled, jconn):
    _, t = filled
    ps = jconn.prepareStatement(f"UPDATE {t} SET b = ? WHERE a = ?")
    ps.setInt(1, 9)
    ps.setInt(2, 4)
    assert ps.executeUpdate() == 1


def test_jdbc_batch_counts(jconn):
    jconn.createStatement().executeUpdate("CREATE TABLE jd_batch (a INT)")
    ps = jconn.prepareStatement("INSERT INTO jd_batch VALUES (?)")
    for a in (1, 2, 3):
        ps.setInt(1, a)
        ps.addBatch()
    assert list(ps.executeBatch()) == [1, 1, 1]
    assert _count(jconn, "jd_batch") == 3


@pytest.mark.parametrize("decl,getter", [("SERIAL", "getSerial"), ("SERIAL8", "getSerial8"),
                                         ("BIGSERIAL", "getBigSerial")])
def test_jdbc_serial_zero_gets_next_value_and_driver_reports_it(jconn, decl, getter):
    table = f"jd_{decl.lower()}"
    stmt = jconn.createStatement()
    stmt.executeUpdate(f"CREATE TABLE {table} (id {decl}, x INT)")
    stmt.executeUpdate(f"INSERT INTO {table} VALUES (10, 0)")
    ps = jconn.prepareStatement(f"INSERT INTO {table} VALUES (0, 1)")
    ps.executeUpdate()
    assert int(getattr(ps, getter)()) == 11  # IBM's IfxStatement extension
    rs = stmt.executeQuery(f"SELECT id FROM {table} WHERE x = 1")
    assert rs.next() and int(rs.getLong(1)) == 11


def test_jdbc_rollback_is_invisible_to_another_connection(jdbc_connect):
    writer, reader = jdbc_connect(), jdbc_connect()
    reader.createStatement().executeUpdate("CREATE TABLE jd_rb (a INT)")
    writer.setAutoCommit(False)
    writer.createStatement().executeUpdate("INSERT INTO jd_rb VALUES (1)")
    assert _count(writer, "jd_rb") == 1  # own uncommitted row
    writer.rollback()
    assert _count(reader, "jd_rb") == 0
    assert _count(writer, "jd_rb") == 0


def test_jdbc_commit_is_visible_to_another_connection(jdbc_connect):
    writer, reader = jdbc_connect(), jdbc_connect()
    reader.createStatement().executeUpdate("CREATE TABLE jd_cm (a INT)")
    writer.setAutoCommit(False)
    writer.createStatement().executeUpdate("INSERT INTO jd_cm VALUES (1)")
    writer.commit()
    assert _count(reader, "jd_cm") == 1


def test_jdbc_commit_then_more_work_in_next_transaction(jdbc_connect):
    writer, reader = jdbc_connect(), jdbc_connect()
    reader.createStatement().executeUpdate("CREATE TABLE jd_two (a INT)")
    writer.setAutoCommit(False)
    st = writer.createStatement()
    st.executeUpdate("INSERT INTO jd_two VALUES (1)")
    writer.commit()
    st.executeUpdate("INSERT INTO jd_two VALUES (2)")
    writer.rollback()
    assert _count(reader, "jd_two") == 1


@pytest.mark.parametrize("database", ["bufdb", "ansidb"])
def test_jdbc_transactions_work_in_other_logged_modes(jdbc_connect, database):
    writer, reader = jdbc_connect(database), jdbc_connect(database)
    reader.createStatement().executeUpdate(f"CREATE TABLE jd_{database} (a INT)")
    if not reader.getAutoCommit():  # ANSI databases may start in manual-commit mode
        reader.commit()
    writer.setAutoCommit(False)
    writer.createStatement().executeUpdate(f"INSERT INTO jd_{database} VALUES (1)")
    writer.rollback()
    assert _count(reader, f"jd_{database}") == 0


def test_jdbc_reads_every_row_of_a_result_spanning_many_fetches(jconn):
    """3000 rows of ~60 bytes need many NFETCH round trips (4 KB buffers)."""
    stmt = jconn.createStatement()
    stmt.executeUpdate("CREATE TABLE jd_big (a INT, s VARCHAR(50))")
    ps = jconn.prepareStatement("INSERT INTO jd_big VALUES (?, ?)")
    for a in range(3000):
        ps.setInt(1, a)
        ps.setString(2, f"row {a:05d} " + "x" * 30)
        ps.addBatch()
    ps.executeBatch()
    rs = stmt.executeQuery("SELECT a, s FROM jd_big ORDER BY a")
    got = []
    while rs.next():
        got.append((int(rs.getInt(1)), str(rs.getString(2))))
    assert got == [(a, f"row {a:05d} " + "x" * 30) for a in range(3000)]


def test_jdbc_two_open_result_sets_interleave_on_one_connection(jconn):
    """Each cursor keeps its own position: the server must track statements by id."""
    stmt = jconn.createStatement()
    stmt.executeUpdate("CREATE TABLE jd_left (a INT)")
    stmt.executeUpdate("CREATE TABLE jd_right (b VARCHAR(10))")
    ps = jconn.prepareStatement("INSERT INTO jd_left VALUES (?)")
    for a in range(500):
        ps.setInt(1, a)
        ps.addBatch()
    ps.executeBatch()
    for b in ("x", "y", "z"):
        stmt.executeUpdate(f"INSERT INTO jd_right VALUES ('{b}')")
    left = jconn.createStatement().executeQuery("SELECT a FROM jd_left ORDER BY a")
    firsts = []
    for _ in range(10):
        assert left.next()
        firsts.append(int(left.getInt(1)))
    right = jconn.createStatement().executeQuery("SELECT b FROM jd_right ORDER BY b")
    rights = []
    while right.next():
        rights.append(str(right.getString(1)))
    rest = []
    while left.next():
        rest.append(int(left.getInt(1)))
    assert (firsts + rest, rights) == (list(range(500)), ["x", "y", "z"])


def test_jdbc_closing_a_half_read_result_set_leaves_the_connection_clean(jconn):
    stmt = jconn.createStatement()
    stmt.executeUpdate("CREATE TABLE jd_half (a INT)")
    ps = jconn.prepareStatement("INSERT INTO jd_half VALUES (?)")
    for a in range(1000):
        ps.setInt(1, a)
        ps.addBatch()
    ps.executeBatch()
    rs = jconn.createStatement().executeQuery("SELECT a FROM jd_half ORDER BY a")
    for _ in range(5):
        assert rs.next()
    rs.close()
    rs = stmt.executeQuery("SELECT COUNT(*), SUM(a) FROM jd_half")
    assert rs.next() and (int(rs.getInt(1)), int(rs.getLong(2))) == (1000, 499500)


def test_jdbc_prepared_select_runs_many_times_with_new_parameters(jconn):
    stmt = jconn.createStatement()
    stmt.executeUpdate("CREATE TABLE jd_many_exec (a INT, sq INT)")
    ins = jconn.prepareStatement("INSERT INTO jd_many_exec VALUES (?, ?)")
    for a in range(300):
        ins.setInt(1, a)
        ins.setInt(2, a * a)
        ins.addBatch()
    ins.executeBatch()
    query = jconn.prepareStatement("SELECT sq FROM jd_many_exec WHERE a = ?")
    got = []
    for a in range(300):
        query.setInt(1, a)
        rs = query.executeQuery()
        assert rs.next()
        got.append(int(rs.getInt(1)))
        rs.close()
    assert got == [a * a for a in range(300)]
