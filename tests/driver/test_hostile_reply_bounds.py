"""A server that floods a reply gets an error (or its excess dropped), never
the client's memory: rows by the fetch buffer, BYTE/TEXT by its announced
size, transaction events by a fixed count."""

from __future__ import annotations

import socket
import struct
import threading

import pytest

from informix_db import types as T
from informix_db.exceptions import FramingError
from informix_db.protocol import replies
from informix_db.protocol.replies import ReplyReader
from informix_db.protocol.statement import BlobReader, ColumnInfo, Description, StatementReader
from informix_db.transport import SocketStream

EOT = struct.pack(">h", 12)
DONE = bytes.fromhex("000f" "0001" "00000007" "00000042" "00000009")
XACT = bytes.fromhex("0063" "0001" "0002" "0000")


def _tuple(value: int) -> bytes:
    return struct.pack(">hhi", 14, 0, 4) + struct.pack(">i", value)


def _blob_chunk(data: bytes) -> bytes:
    return struct.pack(">hh", 39, len(data)) + data + b"\0" * (len(data) & 1)


def _int_reader() -> StatementReader:
    col = ColumnInfo("n", T.ColumnType(T.SQLINT), T.SQLINT, "", 0)
    return StatementReader("iso-8859-1", description=Description(2, 1, 4, (col,)))


@pytest.fixture
def feed():
    """Send *data* from a peer thread (it may exceed the socket buffers) and
    read one reply of it; the stream is returned to look at afterwards."""
    made = []

    def run(data: bytes, handlers=None):
        ours, theirs = socket.socketpair()
        made.extend((ours, theirs))
        threading.Thread(target=lambda: _send_quietly(theirs, data), daemon=True).start()
        stream = SocketStream(ours, peer="hostile", timeout=5.0)
        return stream, ReplyReader(stream).read_reply(handlers, raise_error=False)

    yield run
    for s in made:
        s.close()


def _send_quietly(sock, data):
    try:
        sock.sendall(data)
    except OSError:
        pass  # the client stopped reading: what the bound is for


def test_rows_within_the_fetch_buffer_are_all_kept(feed, protocol_impl):
    sr = _int_reader().for_fetch_buffer(8)
    feed(b"".join(_tuple(n) for n in range(9)) + DONE + EOT, sr.handlers)
    assert sr.rows == [(n,) for n in range(9)]


def test_more_rows_than_the_fetch_buffer_holds_are_refused(feed, protocol_impl):
    sr = _int_reader().for_fetch_buffer(8)
    with pytest.raises(FramingError, match="more than 9 rows"):
        feed(b"".join(_tuple(n) for n in range(50_000)) + DONE + EOT, sr.handlers)
    assert len(sr.rows) == 9


def test_a_row_flood_leaves_the_connection_broken(protocol_impl):
    sr = _int_reader().for_fetch_buffer(8)
    data = b"".join(_tuple(n) for n in range(20)) + DONE + EOT
    ours, theirs = socket.socketpair()
    try:
        theirs.sendall(data)
        stream = SocketStream(ours, peer="hostile", timeout=5.0)
        with pytest.raises(FramingError):
            ReplyReader(stream).read_reply(sr.handlers)
        assert stream.broken
    finally:
        ours.close()
        theirs.close()


def test_blob_chunks_up_to_the_announced_size_are_kept(feed, protocol_impl):
    br = BlobReader(10)
    feed(_blob_chunk(b"hello") + _blob_chunk(b"world") + _blob_chunk(b"") + EOT, br.handlers)
    assert br.data == b"helloworld"


def test_blob_chunks_past_the_announced_size_are_refused_before_they_are_kept(feed, protocol_impl):
    br = BlobReader(1)
    chunk = _blob_chunk(b"x" * 4000)
    with pytest.raises(FramingError, match="exceed the 1 bytes"):
        feed(chunk * 10_000 + EOT, br.handlers)
    assert br.data == b""


def test_transaction_events_past_the_cap_are_read_and_dropped(feed, protocol_impl):
    _, reply = feed(XACT * 100_000 + DONE + EOT)
    assert len(reply.xact) == replies.MAX_XACT_EVENTS
    assert reply.done.rows == 7
