"""Fixtures for the driver tests."""

from __future__ import annotations

import socket

import pytest

from informix_db.protocol import login, replies, session, statement
from informix_db.transport import SocketStream

from .dbapi_helpers import DATABASES, open_conn


@pytest.fixture
def protocol_impl(impl, monkeypatch):
    """Run the protocol modules over one implementation of the framing buffer
    and of the reply loop."""
    for module in (login, replies, session, statement):
        monkeypatch.setattr(module, "buffer", impl.buffer)
    monkeypatch.setattr(statement, "replyloop", impl.replyloop)
    return impl


@pytest.fixture
def pair():
    """A connected (SocketStream, peer socket) pair with a 2 s timeout."""
    ours, theirs = socket.socketpair()
    stream = SocketStream(ours, peer="test peer", timeout=2.0)
    yield stream, theirs
    stream.close()
    theirs.close()


@pytest.fixture(scope="module")
def server():
    """A test server with the DB-API test databases (``DATABASES``), one per
    test module; modules needing another setup define their own."""
    testing = pytest.importorskip("informix_db.testing")
    with testing.TestServer(databases=DATABASES) as srv:
        yield srv


@pytest.fixture
def conn(server):
    """An autocommit connection to ``server``'s test database."""
    c = open_conn(server, autocommit=True)
    yield c
    c.close()


@pytest.fixture(scope="module")
def jdbc_module():
    """The IBM JDBC harness (tests/conformance/jdbc.py) with its JVM started;
    skips, saying why, where JPype, Java or the jar is missing."""
    try:
        from conformance import jdbc
    except ImportError as exc:
        pytest.skip(f"JDBC harness not importable: {exc}")
    try:
        jdbc.start_jvm()
    except jdbc.Unavailable as exc:
        pytest.skip(str(exc))
    return jdbc
