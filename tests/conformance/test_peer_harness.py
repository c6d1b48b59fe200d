"""The peer harness itself: the runner executes plans in the peer venv."""

from __future__ import annotations

import socket

import pytest

from . import peer

pytestmark = pytest.mark.peer


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_runner_reports_each_failed_step_and_continues(peer_ok):
    steps = [
        {"op": "connect", "params": {"host": "127.0.0.1", "port": _closed_port(),
                                     "user": "u", "password": "p", "database": "x",
                                     "server": "informix", "connect_timeout": 2}},
        {"op": "execute", "sql": "SELECT 1 FROM systables"},
    ]
    first, second = peer.run_plan(steps, timeout=60)
    assert not first.ok and first.error.cls == "OperationalError"
    assert not second.ok  # no connection "a": reported, not fatal


def test_runner_uses_the_peer_package_not_ours(peer_ok):
    import subprocess

    out = subprocess.run([peer.peer_python(), "-c",
                          "import importlib.metadata as m; print(m.version('informix-driver'))"],
                         capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "2026.9.3"
