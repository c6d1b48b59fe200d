"""Fixtures of the conformance suites: one test server, JDBC and peer access.

The server is session-scoped (both clients talk to the same one); every
test uses tables whose names carry the client ("j_"/"p_") and the case, so
tests never see each other's rows.
"""

from __future__ import annotations

import pytest

from . import jdbc, peer

#: Databases the conformance server offers, one per logging mode.
DATABASES = {"testdb": "logged", "nologdb": "unlogged", "bufdb": "buffered", "ansidb": "ansi"}


@pytest.fixture(scope="session")
def server():
    """A running informix_db.testing.TestServer (skip until it exists)."""
    try:
        from informix_db.testing import TestServer
    except ImportError as exc:
        pytest.skip(f"informix_db.testing.TestServer not available yet: {exc}")
    with TestServer(databases=DATABASES, user="informix", password="in4mix",
                    server_name="informix") as srv:
        yield srv


# -- JDBC ---------------------------------------------------------------------

@pytest.fixture(scope="session")
def jvm():
    """The JVM with IBM's driver loaded (skip when Java/JPype/jar are missing)."""
    try:
        jdbc.start_jvm()
    except jdbc.Unavailable as exc:
        pytest.skip(str(exc))


@pytest.fixture
def jdbc_url(jvm, server):
    """Build a JDBC URL to the test server: ``jdbc_url(database=..., password=...)``."""

    def make(database: str | None = "testdb", **overrides: str) -> str:
        params = {"user": server.user, "password": server.password, **overrides}
        return jdbc.url(server.host, server.port, database, server.server_name, **params)

    return make


@pytest.fixture
def jdbc_connect(jdbc_url):
    """Open raw JDBC connections that are closed after the test."""
    opened = []

    def open_(database: str | None = "testdb", **overrides: str):
        conn = jdbc.connect(jdbc_url(database, **overrides))
        opened.append(conn)
        return conn

    yield open_
    for conn in opened:
        try:
            conn.close()
        except Exception:  # noqa: BLE001 - a test may have broken it on purpose
            pass


@pytest.fixture
def jconn(jdbc_connect):
    """A JDBC connection to the logged database ``testdb`` (autocommit on)."""
    return jdbc_connect()


# -- peer -----------------------------------------------------------------------

@pytest.fixture(scope="session")
def peer_ok():
    try:
        peer.peer_python()
    except peer.Unavailable as exc:
        pytest.skip(str(exc))


@pytest.fixture
def peer_plan(peer_ok, server):
    """Run a list of steps in the peer venv; returns one StepResult per step."""
    return peer.run_plan
