"""TestServer.create_database/drop_database: the public way to add databases,
with their own logging mode and locale (our driver against the server)."""

from __future__ import annotations

import pytest

from informix_db.connection import connect
from informix_db.exceptions import DatabaseError
from informix_db.testing import TestServer


def _connect(srv, database):
    return connect(srv.host, srv.port, srv.user, srv.password, database, srv.server_name,
                   connect_timeout=10, read_timeout=30, autocommit=True)


def _gl_ctype(srv, database) -> str:
    with _connect(srv, database) as conn:
        cur = conn.cursor()
        cur.execute("select dirpath from systables where tabname = ' GL_COLLATE'")
        return cur.fetchone()[0].strip()


def test_created_database_accepts_connections(server):
    server.create_database("extra")
    with _connect(server, "extra") as conn:
        cur = conn.cursor()
        cur.execute("select count(*) from systables where tabname = 'systables'")
        assert cur.fetchone() == (1,)


def test_created_database_has_its_own_locale(server):
    server.create_database("utfdb", locale="en_US.utf8")
    assert (_gl_ctype(server, "utfdb"), _gl_ctype(server, "testdb")) == (
        "en_US.utf8", "en_US.819")


def test_created_database_has_its_logging_mode(server):
    server.create_database("nolog", "unlogged")
    with _connect(server, "nolog") as conn:
        with pytest.raises(DatabaseError) as excinfo:
            conn.cursor().execute("begin work")
    assert excinfo.value.sqlcode == -256


def test_creating_a_database_that_exists_is_error_330(server):
    with pytest.raises(DatabaseError) as excinfo:
        server.create_database("testdb")
    assert excinfo.value.sqlcode == -330


def test_unknown_mode_is_refused(server):
    with pytest.raises(ValueError, match="mode"):
        server.create_database("x", "sometimes")


def test_dropped_database_is_gone(server):
    server.create_database("gone")
    server.drop_database("gone")
    with pytest.raises(DatabaseError) as excinfo:
        _connect(server, "gone")
    assert excinfo.value.sqlcode == -329


def test_dropping_an_open_database_is_error_425(server):
    server.create_database("busy")
    with _connect(server, "busy"):
        with pytest.raises(DatabaseError) as excinfo:
            server.drop_database("busy")
    assert excinfo.value.sqlcode == -425


def test_database_created_before_start_is_served():
    srv = TestServer()
    try:
        srv.create_database("early", locale="en_US.utf8")
        srv.start()
        assert _gl_ctype(srv, "early") == "en_US.utf8"
    finally:
        srv.stop()


def test_sysmaster_is_served_beside_the_given_databases(server):
    with _connect(server, "sysmaster") as conn:
        cur = conn.cursor()
        cur.execute("select name from sysdatabases where name = 'testdb'")
        assert cur.fetchone()[0].rstrip() == "testdb"


def test_sysdatabases_is_read_from_another_database_over_the_wire(server):
    server.create_database("nolog", "unlogged")
    with _connect(server, "testdb") as conn:
        cur = conn.cursor()
        cur.execute("select is_logging from sysmaster:informix.sysdatabases where name = ?",
                    ("nolog",))
        assert cur.fetchall() == [(0,)]
