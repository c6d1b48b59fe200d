"""IBM JDBC through jaydebeapi's DB-API layer (what Python tools would use)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.jdbc


@pytest.fixture
def dbapi(jdbc_url):
    jaydebeapi = pytest.importorskip("jaydebeapi")
    conn = jaydebeapi.connect("com.informix.jdbc.IfxDriver", jdbc_url())
    yield conn
    conn.close()


def test_jaydebeapi_parameterised_insert_and_select(dbapi):
    # (jaydebeapi binds None with setObject(null), which IBM JDBC rejects)
    cur = dbapi.cursor()
    cur.execute("CREATE TABLE jb_rows (a INT, s VARCHAR(20))")
    cur.executemany("INSERT INTO jb_rows VALUES (?, ?)", [(1, "one"), (2, "two"), (3, "")])
    cur.execute("SELECT a, s FROM jb_rows WHERE a >= ? ORDER BY a", (2,))
    assert cur.fetchall() == [(2, "two"), (3, "")]


def test_jaydebeapi_rowcount_of_an_update(dbapi):
    cur = dbapi.cursor()
    cur.execute("CREATE TABLE jb_upd (a INT)")
    cur.executemany("INSERT INTO jb_upd VALUES (?)", [(1,), (2,), (3,)])
    cur.execute("UPDATE jb_upd SET a = a + 10 WHERE a > 1")
    assert cur.rowcount == 2


def test_jaydebeapi_description_names_columns(dbapi):
    cur = dbapi.cursor()
    cur.execute("CREATE TABLE jb_desc (first_col INT, b DECIMAL(8,2))")
    cur.execute("SELECT first_col, b FROM jb_desc")
    assert [d[0] for d in cur.description] == ["first_col", "b"]
