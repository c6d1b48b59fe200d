"""connect() against the project's SQLI TestServer."""

from __future__ import annotations

import time

import pytest

from informix_db.connection import connect
from informix_db.exceptions import OperationalError

from .servers import DATABASES, make_engine

testing = pytest.importorskip("informix_db.testing")


@pytest.fixture(scope="module")
def server():
    with testing.TestServer(databases=DATABASES, engine=make_engine()) as srv:
        yield srv


def open_conn(srv, database="testdb", **kw):
    kw.setdefault("password", srv.password)
    return connect(srv.host, srv.port, srv.user, kw.pop("password"), database, srv.server_name,
                   connect_timeout=5, read_timeout=5, **kw)


def test_login_succeeds_and_opens_the_database(server):
    with open_conn(server) as conn:
        assert not conn.closed and not conn.broken
        assert conn.database.name == "testdb"


def test_server_version_comes_from_the_login_banner(server):
    with open_conn(server) as conn:
        assert conn.server_version.startswith("IBM Informix Dynamic Server Version")


def test_capabilities_are_negotiated(server):
    with open_conn(server) as conn:
        assert conn.capabilities.answered == testing.DEFAULT_SERVER_MASK
        assert conn.capabilities.int_sql_length
        # the test server offers bit 34 as a real 12.10 does; the driver
        # never sends the input describe, so nothing else changes
        assert conn.capabilities.input_describe


@pytest.mark.parametrize(("database", "logged", "ansi"), [("testdb", True, False), ("plain", False, False), ("strict", True, True)])
def test_dbopen_reports_logging_and_ansi_modes(server, database, logged, ansi):
    with open_conn(server, database) as conn:
        assert (conn.database.logged, conn.database.ansi) == (logged, ansi)


def test_bad_password_is_operational_error_951(server):
    with pytest.raises(OperationalError) as info:
        open_conn(server, password="wrong")
    assert info.value.sqlcode == -951


def test_unknown_database_is_error_329(server):
    with pytest.raises(OperationalError) as info:
        open_conn(server, "nosuchdb")
    assert info.value.sqlcode == -329


def test_close_ends_the_session_on_the_server(server):
    conn = open_conn(server)
    before = server.session_count
    conn.close()
    deadline = time.monotonic() + 3
    while server.session_count >= before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.session_count == before - 1
    assert conn.closed and not conn.broken


def test_connect_without_database_logs_in_only(server):
    with open_conn(server, None) as conn:
        assert conn.database is None and conn.server_version
