"""Fixtures for the test-server suite: servers, IBM JDBC, the peer driver."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from informix_db.testing import TestServer

sys.path.insert(0, str(Path(__file__).parent))

from jdbc import jdbc_available  # noqa: E402

from informix_db.testing.pytest_plugin import informix_server  # noqa: E402,F401 - the fixture


@pytest.fixture
def server_factory(tmp_path):
    """Start TestServers with options; all are stopped at the end of the test."""
    started = []

    def start(**options):
        options.setdefault("databases", {"testdb": "logged"})
        options.setdefault("trace", str(tmp_path / f"trace{len(started)}.log"))
        srv = TestServer(**options).start()
        started.append(srv)
        return srv

    yield start
    for srv in started:
        srv.stop()


@pytest.fixture
def server(server_factory):
    """A fresh server with one logged database ``testdb`` and a PDU trace."""
    return server_factory()


@pytest.fixture
def short_idle_server():
    """A server whose sessions give up on a silent client after 1 s (the
    default is 10 minutes), for tests of stalled clients."""
    from informix_db.testing.engine import Engine
    from informix_db.testing.server import SQLIServer
    from informix_db.testing.session import SessionConfig

    engine = Engine(databases={"testdb": "logged"})
    server = SQLIServer(engine, SessionConfig(user="informix", password="in4mix",
                                              server_name="informix", idle_timeout=1.0))
    server.start()
    yield server
    server.stop()
    engine.close()


@pytest.fixture(scope="module")
def srv():
    """One server per test module, database ``testdb`` (logged), no trace."""
    with TestServer(databases={"testdb": "logged"}) as server:
        yield server


@pytest.fixture
def cur(srv):
    """A cursor of an autocommit driver connection to ``srv``'s testdb."""
    from informix_db.connection import connect

    c = connect(srv.host, srv.port, srv.user, srv.password, "testdb", srv.server_name,
                connect_timeout=5, read_timeout=5, autocommit=True)
    yield c.cursor()
    c.close()


@pytest.fixture
def jconn(jvm, srv):
    """An IBM JDBC connection to ``srv``'s testdb."""
    from jdbc import connect

    c = connect(srv.jdbc_url())
    yield c
    c.close()


@pytest.fixture(scope="session")
def jvm():
    """IBM JDBC in this process's one JVM (skipped when Java/JPype/jar are missing)."""
    reason = jdbc_available()
    if reason:
        pytest.skip(reason)


PEER_PYTHON = os.environ.get("INFORMIX_DB_PEER_PYTHON", "/tmp/peerenv/bin/python")


@pytest.fixture(scope="session")
def peer_python():
    """The interpreter of the peer driver's venv (skipped when absent)."""
    if not Path(PEER_PYTHON).is_file():
        pytest.skip(f"peer driver interpreter not found at {PEER_PYTHON} "
                    "(set INFORMIX_DB_PEER_PYTHON)")
    return PEER_PYTHON


@pytest.fixture
def batches(monkeypatch):
    """Row counts of the batches the engine ran as one statement."""
    from informix_db.testing.engine.session import Session as EngineSession

    ran = []
    original = EngineSession.execute_many

    def spy(self, stmt, rows):
        results = original(self, stmt, rows)
        if results is not None:
            ran.append(len(results))
        return results

    monkeypatch.setattr(EngineSession, "execute_many", spy)
    return ran
