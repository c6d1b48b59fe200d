"""The transport stream: exact reads, buffering, timeouts, broken state."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from informix_db.exceptions import InterfaceError, OperationalError
from informix_db.transport import SocketStream, open_stream


def small_pair(recv_size=16):
    ours, theirs = socket.socketpair()
    return SocketStream(ours, timeout=2.0, recv_size=recv_size), theirs


def test_read_exact_returns_exactly_n_bytes(pair):
    stream, peer = pair
    peer.sendall(b"abcdefgh")
    assert bytes(stream.read_exact(3)) == b"abc"
    assert bytes(stream.read_exact(5)) == b"defgh"


def test_read_exact_waits_for_bytes_sent_in_pieces(pair):
    stream, peer = pair

    def later():
        for piece in (b"ab", b"cd", b"ef"):
            time.sleep(0.02)
            peer.sendall(piece)

    t = threading.Thread(target=later)
    t.start()
    assert bytes(stream.read_exact(6)) == b"abcdef"
    t.join()


def test_reads_straddling_the_buffer_end_are_whole():
    stream, peer = small_pair(16)
    data = bytes(range(100))
    peer.sendall(data)
    got = b"".join(bytes(stream.read_exact(n)) for n in (7, 7, 7, 7, 13, 1, 15, 16, 27))
    assert got == data
    stream.close()
    peer.close()


def test_read_larger_than_the_buffer_grows_it():
    stream, peer = small_pair(16)
    data = bytes(range(256)) * 40
    threading.Thread(target=peer.sendall, args=(data,)).start()
    assert bytes(stream.read_exact(3)) == data[:3]
    assert bytes(stream.read_exact(len(data) - 3)) == data[3:]
    stream.close()
    peer.close()


def test_buffered_bytes_are_served_without_touching_the_socket(pair):
    stream, peer = pair
    peer.sendall(b"0123456789")
    stream.read_exact(1)  # one recv pulls everything sent so far
    time.sleep(0.05)
    assert stream.buffered >= 1
    peer.close()  # later reads of buffered bytes must not notice
    assert bytes(stream.read_exact(stream.buffered))[-1:] == b"9"


def test_read_bytes_copy_survives_later_reads():
    stream, peer = small_pair(16)
    peer.sendall(b"A" * 10 + b"B" * 20)
    kept = stream.read_bytes(10)
    stream.read_exact(20)  # forces the buffer to be compacted and reused
    assert kept == b"A" * 10
    stream.close()
    peer.close()


def test_preload_replaces_the_unread_bytes_without_the_socket():
    stream, peer = small_pair(16)
    peer.sendall(b"abcdef")
    stream.read_exact(4)
    held = stream.read_exact(2)  # a view into the buffer, still exported
    stream.preload(b"x" * 40)  # longer than the buffer: it grows
    assert stream.buffered == 40
    assert bytes(stream.read_exact(40)) == b"x" * 40
    assert len(held) == 2
    stream.preload(b"reply")
    assert bytes(stream.read_exact(5)) == b"reply"
    peer.sendall(b"next")  # the socket is read again once the preload is used up
    assert bytes(stream.read_exact(4)) == b"next"
    stream.close()
    peer.close()


def test_negative_read_is_refused(pair):
    stream, _ = pair
    with pytest.raises(InterfaceError):
        stream.read_exact(-1)


def test_server_closing_is_an_operational_error_and_breaks_the_stream(pair):
    stream, peer = pair
    peer.sendall(b"ab")
    peer.close()
    with pytest.raises(OperationalError, match="closed the connection"):
        stream.read_exact(4)
    assert stream.broken and stream.closed


def test_read_timeout_is_an_operational_error_and_breaks_the_stream():
    ours, theirs = socket.socketpair()
    stream = SocketStream(ours, peer="silent", timeout=0.1)
    t0 = time.monotonic()
    with pytest.raises(OperationalError, match="timed out after 0.1s"):
        stream.read_exact(2)
    assert time.monotonic() - t0 < 2
    assert stream.broken
    theirs.close()


def test_broken_stream_refuses_further_use_naming_the_cause():
    ours, theirs = socket.socketpair()
    stream = SocketStream(ours, peer="silent", timeout=0.05)
    with pytest.raises(OperationalError):
        stream.read_exact(1)
    with pytest.raises(OperationalError, match=r"broken \(timed out.*\); open a new connection"):
        stream.read_exact(1)
    with pytest.raises(OperationalError, match="broken"):
        stream.send(b"x")
    theirs.close()


def test_mark_broken_closes_and_refuses(pair):
    stream, _ = pair
    stream.mark_broken("lost framing")
    with pytest.raises(OperationalError, match="lost framing"):
        stream.send(b"x")


def test_closed_stream_refuses_with_interface_error(pair):
    stream, _ = pair
    stream.close()
    stream.close()  # idempotent
    with pytest.raises(InterfaceError, match="closed"):
        stream.read_exact(1)


def test_send_reaches_the_peer(pair):
    stream, peer = pair
    stream.send(b"hello")
    assert peer.recv(16) == b"hello"


def answering_peer(sock, request_size, chunk=1024):
    """Reads the request *chunk* bytes at a time and, before reading more,
    answers each chunk with itself twice (a server replying as it goes)."""
    got = 0
    while got < request_size:
        data = b""
        while len(data) < chunk:
            more = sock.recv(chunk - len(data))
            if not more:
                return
            data += more
        got += len(data)
        sock.sendall(data + data)


def test_long_send_drains_replies_instead_of_deadlocking():
    # Far more than both socket buffers hold: a plain sendall would block
    # while the peer blocks on its own full send buffer.
    ours, theirs = socket.socketpair()
    stream = SocketStream(ours, timeout=5.0, recv_size=4096)
    request = bytes(range(251)) * (17 * 1024)  # ~4 MiB, a multiple of 1024
    request = request[: len(request) // 1024 * 1024]
    peer = threading.Thread(target=answering_peer, args=(theirs, len(request)))
    peer.start()
    try:
        stream.send(request)
        answer = stream.read_bytes(2 * len(request))
    finally:
        peer.join(10)
        theirs.close()
        stream.close()
    assert not peer.is_alive()
    # Every reply byte kept, in order: each 1 KiB of the request came back twice.
    doubled = b"".join(request[i:i + 1024] * 2 for i in range(0, len(request), 1024))
    assert answer == doubled


def test_long_send_to_a_peer_that_never_reads_times_out():
    ours, theirs = socket.socketpair()
    stream = SocketStream(ours, timeout=0.5, recv_size=4096)
    try:
        with pytest.raises(OperationalError, match="timed out after 0.5s sending"):
            stream.send(b"x" * (16 * 1024 * 1024))
        assert stream.broken
    finally:
        theirs.close()
        stream.close()


@pytest.fixture
def listener():
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    yield srv
    srv.close()


def test_open_stream_sets_tcp_nodelay(listener):
    stream = open_stream("127.0.0.1", listener.getsockname()[1], connect_timeout=2, read_timeout=2)
    try:
        assert stream._sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    finally:
        stream.close()


def test_open_stream_applies_the_read_timeout(listener):
    stream = open_stream("127.0.0.1", listener.getsockname()[1], connect_timeout=2, read_timeout=0.1)
    with pytest.raises(OperationalError, match="timed out"):
        stream.read_exact(1)
    assert stream.broken


def test_refused_connection_is_an_operational_error():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    with pytest.raises(OperationalError, match=f"could not connect to 127.0.0.1:{port}"):
        open_stream("127.0.0.1", port, connect_timeout=2)


@pytest.mark.parametrize("port", [0, 70000, "9088"])
def test_invalid_port_is_an_interface_error(port):
    with pytest.raises(InterfaceError, match="port"):
        open_stream("127.0.0.1", port)


def test_invalid_tls_argument_is_an_interface_error(listener):
    with pytest.raises(InterfaceError, match="tls"):
        open_stream("127.0.0.1", listener.getsockname()[1], tls="yes")
