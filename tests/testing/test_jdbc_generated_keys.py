"""IBM JDBC's getGeneratedKeys over capability bit 48 (SQ_AUTOGENKEYS 134 -> 135/136)."""

from __future__ import annotations

import pytest

jpype = pytest.importorskip("jpype")

import jdbc  # noqa: E402

pytestmark = pytest.mark.jdbc

RETURN_GENERATED_KEYS = 1


@pytest.fixture
def conn(jvm, server):
    c = jdbc.connect(server.jdbc_url())
    yield c
    c.close()


def _keys(statement):
    rs = statement.getGeneratedKeys()
    meta = rs.getMetaData()
    names = [str(meta.getColumnName(i)) for i in range(1, meta.getColumnCount() + 1)]
    return names, jdbc.rows(rs)


def test_prepared_insert_returns_the_generated_serial(conn):
    conn.createStatement().execute("create table gk1 (id serial, b varchar(5))")
    ps = conn.prepareStatement("insert into gk1 (b) values (?)", RETURN_GENERATED_KEYS)
    for expected, text in ((1, "x"), (2, "y")):
        ps.setString(1, text)
        assert ps.executeUpdate() == 1
        assert _keys(ps) == (["id"], [(expected,)])


def test_serial_and_bigserial_keys_come_together(conn):
    st = conn.createStatement()
    st.execute("create table gk2 (id serial, big bigserial, b int)")
    st.execute("insert into gk2 values (0, 100, 0)")
    ps = conn.prepareStatement("insert into gk2 (b) values (?)", RETURN_GENERATED_KEYS)
    ps.setInt(1, 5)
    ps.executeUpdate()
    assert _keys(ps) == (["id", "big"], [(2, 101)])


def test_statement_execute_update_returns_keys(conn):
    st = conn.createStatement()
    st.execute("create table gk3 (id serial8, b int)")
    st.executeUpdate("insert into gk3 (b) values (1)", RETURN_GENERATED_KEYS)
    assert _keys(st) == (["id"], [(1,)])


def test_keys_asked_by_column_number_and_by_name(conn):
    conn.createStatement().execute("create table gk4 (a int, id serial, big bigserial)")
    by_number = conn.prepareStatement("insert into gk4 (a) values (?)",
                                      jpype.JArray(jpype.JInt)([3]))
    by_number.setInt(1, 1)
    by_number.executeUpdate()
    assert _keys(by_number) == (["big"], [(1,)])
    by_name = conn.prepareStatement("insert into gk4 (a) values (?)",
                                    jpype.JArray(jpype.JString)(["id"]))
    by_name.setInt(1, 2)
    by_name.executeUpdate()
    assert _keys(by_name) == (["id"], [(2,)])


def test_table_without_serial_has_no_keys(conn):
    conn.createStatement().execute("create table gk5 (a int)")
    ps = conn.prepareStatement("insert into gk5 values (?)", RETURN_GENERATED_KEYS)
    ps.setInt(1, 1)
    assert ps.executeUpdate() == 1
    assert _keys(ps) == ([], [])


def test_insert_select_returns_a_key_per_row(conn):
    st = conn.createStatement()
    st.execute("create table gk6 (id serial, a int)")
    st.execute("create table gk6src (a int)")
    for a in (7, 8, 9):
        st.executeUpdate(f"insert into gk6src values ({a})")
    ps = conn.prepareStatement("insert into gk6 (a) select a from gk6src", RETURN_GENERATED_KEYS)
    assert ps.executeUpdate() == 3
    names, rows = _keys(ps)
    assert names == ["id"] and sorted(rows) == [(1,), (2,), (3,)]
