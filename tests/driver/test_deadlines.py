"""Timeouts are deadlines: a peer that sends a byte now and then, never going
silent, cannot stretch connect() past connect_timeout or a request and its
reply past read_timeout."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from informix_db import connect
from informix_db.exceptions import OperationalError
from informix_db.transport import SocketStream

from .truncating_proxy import TruncatingProxy


def _drip(sock: socket.socket, stop: threading.Event, interval: float = 0.05) -> threading.Thread:
    def run():
        while not stop.is_set():
            try:
                sock.sendall(b"\x00")
            except OSError:
                return
            time.sleep(interval)
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


@pytest.fixture
def dripping_pair():
    ours, theirs = socket.socketpair()
    stop = threading.Event()
    yield ours, theirs, stop
    stop.set()
    theirs.close()
    ours.close()


def test_read_timeout_bounds_the_whole_reply_not_each_receive(dripping_pair):
    ours, theirs, stop = dripping_pair
    stream = SocketStream(ours, peer="dripper", timeout=0.5)
    stream.send(b"request")
    _drip(theirs, stop)
    t0 = time.monotonic()
    with pytest.raises(OperationalError, match=r"timed out after 0.5s waiting for dripper"):
        stream.read_exact(10_000)
    assert 0.4 < time.monotonic() - t0 < 2.0
    assert stream.broken


def test_each_request_gets_a_fresh_deadline(dripping_pair):
    ours, theirs, _ = dripping_pair
    stream = SocketStream(ours, peer="peer", timeout=0.5)
    for _ in range(3):  # 3 exchanges of 0.3 s each: 0.9 s in all, none over 0.5 s
        stream.send(b"q")
        time.sleep(0.3)
        theirs.sendall(b"ab")
        assert bytes(stream.read_exact(2)) == b"ab"
    assert not stream.broken


def test_a_held_deadline_spans_several_exchanges(dripping_pair):
    ours, theirs, _ = dripping_pair
    stream = SocketStream(ours, peer="peer", timeout=5.0)
    stream.hold_deadline(0.5, "logging in to")
    stream.send(b"q")
    time.sleep(0.3)
    theirs.sendall(b"ab")
    assert bytes(stream.read_exact(2)) == b"ab"
    stream.send(b"q")
    with pytest.raises(OperationalError, match=r"timed out after 0.5s logging in to peer"):
        stream.read_exact(2)  # the second exchange has only what the first left


def test_released_deadline_returns_to_one_per_exchange(dripping_pair):
    ours, theirs, _ = dripping_pair
    stream = SocketStream(ours, peer="peer", timeout=0.5)
    stream.hold_deadline(0.3, "logging in to")
    stream.release_deadline()
    stream.send(b"q")
    time.sleep(0.4)  # past the released deadline, within the per-exchange one
    theirs.sendall(b"ab")
    assert bytes(stream.read_exact(2)) == b"ab"


def _dripping_login_server(stop: threading.Event) -> socket.socket:
    """Accepts one client, then sends an endless trickle of one byte each 0.1 s."""
    listener = socket.create_server(("127.0.0.1", 0))

    def run():
        listener.settimeout(5)
        try:
            sock, _ = listener.accept()
        except OSError:
            return
        sock.sendall(b"\x01")  # a login reply's length, never completed
        _drip(sock, stop, 0.1).join()
        sock.close()
    threading.Thread(target=run, daemon=True).start()
    return listener


def test_connect_timeout_bounds_a_login_reply_that_drips():
    stop = threading.Event()
    listener = _dripping_login_server(stop)
    try:
        t0 = time.monotonic()
        with pytest.raises(OperationalError, match="timed out after 1.0s connecting and logging in"):
            connect("127.0.0.1", listener.getsockname()[1], "informix", "in4mix", "testdb",
                    "informix", connect_timeout=1.0)
        assert time.monotonic() - t0 < 3.0
    finally:
        stop.set()
        listener.close()


def test_read_timeout_bounds_an_execute_whose_reply_drips(server):
    drip = threading.Event()
    with TruncatingProxy((server.host, server.port), None, drip=drip,
                         drip_interval=0.05) as proxy:
        conn = connect("127.0.0.1", proxy.port, server.user, server.password, "testdb",
                       server.server_name, connect_timeout=5, read_timeout=1.0)
        cur = conn.cursor()
        drip.set()  # from now on the server's bytes come one every 50 ms
        t0 = time.monotonic()
        with pytest.raises(OperationalError, match=r"timed out after 1.0s"):
            cur.execute("SELECT tabname, owner, tabid FROM systables")
            cur.fetchall()
        assert time.monotonic() - t0 < 3.0
        assert conn.broken
        conn.close()
