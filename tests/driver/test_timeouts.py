"""read_timeout, TCP keepalive, and what a broken connection does afterwards."""

from __future__ import annotations

import socket

import pytest

from informix_db.connection import connect
from informix_db.exceptions import InterfaceError, OperationalError
from informix_db.transport import stream as stream_mod

from .captures import client_half, server_half
from .scripted_server import ScriptedServer

PROTOCOLS = (len(client_half("g01")), server_half("g01"))
INFO = (len(client_half("g02")), server_half("g02"))
DBOPEN = (len(client_half("g03")), server_half("g03"))


def _silent_after_login(**kw):
    """A server that logs the client in, then never answers again; and its connection."""
    srv = ScriptedServer(server_half("g00"), [PROTOCOLS, INFO, DBOPEN], then_silent=True)
    srv.__enter__()
    conn = connect("127.0.0.1", srv.port, "informix", "in4mix", "testdb", "informix",
                   connect_timeout=0.5, **kw)  # close() waits this long for the EXIT echo
    return srv, conn


@pytest.fixture
def timed_out_conn():
    """A connection whose first statement ran into read_timeout=0.2."""
    srv, conn = _silent_after_login(read_timeout=0.2)
    with pytest.raises(OperationalError, match=r"timed out after 0.2s waiting for"):
        conn.cursor().execute("SELECT tabname FROM systables")
    yield conn
    conn.close()
    srv.__exit__(None, None, None)


def test_read_timeout_defaults_to_none_no_statement_timeout():
    srv, conn = _silent_after_login()
    try:
        assert conn._stream.timeout is None
    finally:
        conn.close()
        srv.__exit__(None, None, None)


def test_statement_past_read_timeout_raises_operational_error_and_breaks(timed_out_conn):
    assert timed_out_conn.broken
    assert timed_out_conn.closed


@pytest.mark.parametrize("use", [
    lambda c: c.cursor(),
    lambda c: c.commit(),
    lambda c: c.rollback(),
    lambda c: setattr(c, "autocommit", True),
], ids=["cursor", "commit", "rollback", "autocommit"])
def test_broken_connection_refuses_further_use_naming_the_cause(timed_out_conn, use):
    with pytest.raises(OperationalError,
                       match=r"connection is broken \(timed out after 0.2s .*\); "
                             r"open a new connection"):
        use(timed_out_conn)


def test_cursor_made_before_the_break_refuses_to_execute():
    srv, conn = _silent_after_login(read_timeout=0.2)
    try:
        cur = conn.cursor()
        with pytest.raises(OperationalError, match="timed out"):
            cur.execute("SELECT tabname FROM systables")
        with pytest.raises(OperationalError, match="connection is broken"):
            cur.execute("SELECT tabname FROM systables")
    finally:
        conn.close()
        srv.__exit__(None, None, None)


def test_closing_a_broken_connection_is_quiet_and_then_it_reports_closed(timed_out_conn):
    timed_out_conn.close()
    with pytest.raises(InterfaceError, match="connection is closed"):
        timed_out_conn.cursor()


def test_keepalive_is_on_by_default_with_the_documented_timings():
    srv, conn = _silent_after_login()
    try:
        sock = conn._stream._sock
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
        if hasattr(socket, "TCP_KEEPIDLE"):
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE) == 60
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL) == \
                stream_mod.KEEPALIVE_INTERVAL
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT) == \
                stream_mod.KEEPALIVE_PROBES
    finally:
        conn.close()
        srv.__exit__(None, None, None)


def test_keepalive_idle_time_is_configurable_and_none_turns_it_off():
    srv, conn = _silent_after_login(keepalive=None)
    try:
        assert conn._stream._sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 0
    finally:
        conn.close()
        srv.__exit__(None, None, None)
    if hasattr(socket, "TCP_KEEPIDLE"):
        srv, conn = _silent_after_login(keepalive=5)
        try:
            sock = conn._stream._sock
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE) == 5
        finally:
            conn.close()
            srv.__exit__(None, None, None)


@pytest.mark.parametrize(("flag", "idle"), [(True, 60), (False, None)])
def test_keepalive_as_a_flag_means_the_default_or_off(flag, idle):
    # informix-driver's keepalive=True/False
    srv, conn = _silent_after_login(keepalive=flag)
    try:
        sock = conn._stream._sock
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == (idle is not None)
        if idle is not None and hasattr(socket, "TCP_KEEPIDLE"):
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE) == idle
    finally:
        conn.close()
        srv.__exit__(None, None, None)


@pytest.mark.parametrize("bad", [0, -1, "60"])
def test_keepalive_must_be_positive_seconds(bad):
    with pytest.raises(InterfaceError, match="keepalive"):
        connect("127.0.0.1", 9, "u", "p", None, "s", keepalive=bad)
