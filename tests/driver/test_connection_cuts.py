"""The connection cut at a byte of the server's side of login, execute, a
multi-round fetch, executemany and commit: every cut ends in
OperationalError with the connection broken, within the timeouts, and no
partial result is delivered as complete; the server serves others on."""

from __future__ import annotations

import os

import pytest

from informix_db import connect
from informix_db.exceptions import OperationalError

from .dbapi_helpers import open_conn
from .truncating_proxy import TruncatingProxy

testing = pytest.importorskip("informix_db.testing")

ROWS = [(i, f"row {i:04d}") for i in range(60)]
#: Every byte of the login's replies; past them, about 100 cuts spread over
#: the rest keep the sweep to seconds (INFORMIX_DB_CUT_STRIDE=1: every byte).
LOGIN_BYTES = 400
STRIDE = int(os.environ.get("INFORMIX_DB_CUT_STRIDE", "0"))

@pytest.fixture(scope="module")
def source(server):
    with open_conn(server, autocommit=True) as c:
        cur = c.cursor()
        cur.execute("CREATE TABLE cut_src (id INT, name VARCHAR(20))")
        cur.executemany("INSERT INTO cut_src VALUES (?, ?)", ROWS)
    return server


def _scenario(srv, port: int, state: dict) -> None:
    conn = connect("127.0.0.1", port, srv.user, srv.password, "testdb", srv.server_name,
                   connect_timeout=5, read_timeout=5, fetch_buffer_size=256)
    state["conn"] = conn
    cur = conn.cursor()
    cur.execute("SELECT id, name FROM cut_src ORDER BY id")
    rows = cur.fetchall()
    assert rows == ROWS  # all of them, or an exception: never fewer
    cur.execute("CREATE TEMP TABLE cut_dst (id INT, name VARCHAR(20))")
    cur.executemany("INSERT INTO cut_dst VALUES (?, ?)", ROWS[:20])
    conn.commit()
    # close() is the one step allowed to miss a cut: its reply only says
    # goodbye, and close() never raises for a peer that already left.
    state["closing"] = True
    conn.close()


def _run(srv, limit, reset=False):
    state: dict = {}
    with TruncatingProxy((srv.host, srv.port), limit, reset=reset) as proxy:
        try:
            _scenario(srv, proxy.port, state)
            outcome = None
        except OperationalError as exc:
            outcome = exc
    return proxy.server_bytes, outcome, state.get("conn"), state.get("closing", False)


@pytest.fixture(scope="module")
def total(source):
    size, outcome, _, _ = _run(source, None)
    assert outcome is None
    return size


def _limits(total: int, every: int = 1):
    stride = STRIDE or max(1, (total - LOGIN_BYTES) // 100)
    limits = sorted(set(range(0, min(total, LOGIN_BYTES))) | set(range(LOGIN_BYTES, total, stride)))
    return limits[::every]


@pytest.mark.parametrize("reset", [False, True], ids=["close", "reset"])
def test_every_cut_ends_in_operational_error_with_the_connection_broken(source, total, reset):
    for limit in _limits(total, 3 if reset else 1):
        _, outcome, conn, closing = _run(source, limit, reset)
        if outcome is None:
            assert closing, f"cut after {limit} of {total} bytes went unnoticed"
            continue
        # A cut is seen at once, not by waiting out a timeout.
        assert "timed out" not in str(outcome), f"cut after {limit} bytes: {outcome}"
        if conn is not None:
            assert conn.broken, f"cut after {limit} bytes left the connection usable"


def test_a_whole_conversation_through_the_proxy_succeeds(source, total):
    assert _run(source, total)[1] is None


def test_server_serves_others_after_the_cuts(source, total):
    _run(source, total // 2)
    with open_conn(source) as other:
        cur = other.cursor()
        cur.execute("SELECT COUNT(*) FROM cut_src")
        assert cur.fetchone() == (len(ROWS),)
