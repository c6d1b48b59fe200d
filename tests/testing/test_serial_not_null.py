"""SERIAL, SERIAL8 and BIGSERIAL columns are NOT NULL, as in Informix: the
DESCRIBE says so, syscolumns carries the 0x100 bit, NULL is refused (-391)
while 0 still asks for the next value (our driver and IBM JDBC)."""

from __future__ import annotations

import pytest

from informix_db.connection import connect
from informix_db.exceptions import IntegrityError

SERIALS = ["serial", "serial8", "bigserial"]
#: syscolumns.coltype: the type code plus 0x100 (NOT NULL).
CODES = {"serial": 6, "serial8": 18, "bigserial": 53}


def _connect(srv):
    return connect(srv.host, srv.port, srv.user, srv.password, "testdb", srv.server_name,
                   connect_timeout=10, read_timeout=30, autocommit=True)


@pytest.fixture
def cur(server):
    conn = _connect(server)
    yield conn.cursor()
    conn.close()


@pytest.mark.parametrize("decl", SERIALS)
def test_serial_column_is_described_not_nullable(cur, decl):
    cur.execute(f"create table sn_{decl} (id {decl}, v int)")
    cur.execute(f"select id, v from sn_{decl}")
    null_ok = [d[6] for d in cur.description]
    assert null_ok == [False, True]


@pytest.mark.parametrize("decl", SERIALS)
def test_syscolumns_coltype_of_a_serial_carries_the_not_null_bit(cur, decl):
    cur.execute(f"create table sc_{decl} (id {decl}, v int)")
    cur.execute("select c.coltype from syscolumns c, systables t "
                f"where c.tabid = t.tabid and t.tabname = 'sc_{decl}' and c.colname = 'id'")
    assert cur.fetchall() == [(CODES[decl] | 0x100,)]


@pytest.mark.parametrize("decl", SERIALS)
def test_null_into_a_serial_column_is_error_391(cur, decl):
    cur.execute(f"create table sz_{decl} (id {decl}, v int)")
    with pytest.raises(IntegrityError) as excinfo:
        cur.execute(f"insert into sz_{decl} values (?, ?)", (None, 1))
    assert excinfo.value.sqlcode == -391
    cur.execute(f"select count(*) from sz_{decl}")
    assert cur.fetchone() == (0,)


def test_null_literal_into_a_serial_column_names_the_column(cur):
    cur.execute("create table sl (id serial, v int)")
    with pytest.raises(IntegrityError) as excinfo:
        cur.execute("insert into sl values (null, 1)")
    assert (excinfo.value.sqlcode, "sl.id" in str(excinfo.value)) == (-391, True)


def test_zero_into_a_serial_column_still_generates_the_next_value(cur):
    cur.execute("create table sg (id serial, v int)")
    cur.execute("insert into sg values (0, 1)")
    cur.execute("insert into sg values (0, 2)")
    cur.execute("select id, v from sg order by v")
    assert cur.fetchall() == [(1, 1), (2, 2)]


def test_executemany_with_a_null_serial_fails_on_that_row(cur):
    cur.execute("create table sb (id serial, v int)")
    with pytest.raises(IntegrityError) as excinfo:
        cur.executemany("insert into sb values (?, ?)", [(0, 1), (None, 2), (0, 3)])
    assert excinfo.value.sqlcode == -391
    cur.execute("select v from sb order by v")
    assert cur.fetchall() == [(1,)]  # the row before the failing one stays


def test_jdbc_describes_a_serial_column_as_no_nulls(jvm, server):
    pytest.importorskip("jpype")
    import jdbc

    conn = jdbc.connect(server.jdbc_url())
    try:
        conn.createStatement().execute("create table sj (id serial, v int)")
        md = conn.prepareStatement("select id, v from sj").getMetaData()
        no_nulls, nullable = 0, 1  # java.sql.ResultSetMetaData constants
        assert (int(md.isNullable(1)), int(md.isNullable(2))) == (no_nulls, nullable)
    finally:
        conn.close()
