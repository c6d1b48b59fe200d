"""Fixtures for the test-server suite: servers, IBM JDBC, the peer driver."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

from informix_db.testing import TestServer

sys.path.insert(0, str(Path(__file__).parent))

from fake_engine import Engine as FakeEngine  # noqa: E402
from jdbc import jdbc_available  # noqa: E402


def real_engine_available() -> bool:
    try:
        from informix_db.testing.engine import Engine  # noqa: F401
    except ImportError:
        return False
    return True


def make_engine(databases):
    """The real engine once it exists, else the fake (wire-side tests only)."""
    if real_engine_available():
        return None  # TestServer builds the real one
    return FakeEngine(databases=databases)


@pytest.fixture
def server_factory(tmp_path):
    """Start TestServers with options; all are stopped at the end of the test."""
    started = []

    def start(**options):
        options.setdefault("databases", {"testdb": "logged"})
        options.setdefault("trace", str(tmp_path / f"trace{len(started)}.log"))
        if "engine" not in options:
            options["engine"] = make_engine(options["databases"])
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
def real_engine():
    if not real_engine_available():
        pytest.skip("informix_db.testing.engine is not available yet")


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
