"""ClientStream beyond field reading: sending while reading ahead, and
skipping the body of a message of unknown layout."""

from __future__ import annotations

import socket
import threading
import time

from informix_db.testing import stream as stream_mod
from informix_db.testing.stream import ClientStream

EOT = b"\x00\x0c"


def _pair(timeout: float = 5.0):
    ours, theirs = socket.socketpair()
    ours.settimeout(timeout)
    theirs.settimeout(timeout)
    return ClientStream(ours), ours, theirs


def test_send_reads_ahead_while_the_peer_writes_before_reading():
    stream, ours, theirs = _pair()
    size = 16 * 1024 * 1024  # far beyond what socket buffers hold either way
    request = bytes(range(256)) * (size // 256)
    got = bytearray()

    def peer():  # writes everything first, then reads: a pipelining client
        theirs.sendall(request)
        while len(got) < size:
            got.extend(theirs.recv(1 << 20))

    thread = threading.Thread(target=peer)
    thread.start()
    stream.send(b"r" * size)  # hangs without read-ahead: both sides blocked sending
    assert stream.read_exact(size) == request
    thread.join(10)
    assert bytes(got) == b"r" * size
    ours.close()
    theirs.close()


def test_skip_request_takes_an_eot_inside_the_body_as_body_when_more_follows(monkeypatch):
    monkeypatch.setattr(stream_mod, "QUIET", 0.5)  # well past the 10 ms gap below
    stream, ours, theirs = _pair()
    theirs.sendall(b"\x12\x34" + EOT)
    threading.Timer(0.01, theirs.sendall, args=(b"\x56\x78" + EOT,)).start()
    time.sleep(0.005)
    assert stream.skip_request() == 6
    assert stream.read_int16() == 12  # the request's SQ_EOT is left to read
    ours.close()
    theirs.close()


def test_skip_request_gives_up_when_the_input_stalls_without_an_eot():
    stream, ours, theirs = _pair(timeout=0.3)
    theirs.sendall(b"\x12\x34\x56")
    assert stream.skip_request() is None
    ours.close()
    theirs.close()


def test_skip_request_gives_up_past_its_limit():
    stream, ours, theirs = _pair()
    theirs.sendall(b"\x01" * 64)
    assert stream.skip_request(limit=32) is None
    ours.close()
    theirs.close()
