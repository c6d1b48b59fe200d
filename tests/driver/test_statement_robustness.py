"""Malformed statement replies and broken connections raise only the driver's errors."""

from __future__ import annotations

import socket

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from informix_db.exceptions import Error, OperationalError
from informix_db.protocol.replies import ReplyReader
from informix_db.protocol.statement import StatementReader
from informix_db.transport import SocketStream

from .captures import server_half
from .dbapi_helpers import Spy, open_conn

testing = pytest.importorskip("informix_db.testing")

DESCRIBE = server_half("g14")
TUPLES = server_half("g16")


def _read(data: bytes, reader: StatementReader) -> None:
    ours, theirs = socket.socketpair()
    try:
        theirs.sendall(data)
        theirs.shutdown(socket.SHUT_WR)  # end of data instead of a wait
        stream = SocketStream(ours, timeout=1.0)
        try:
            ReplyReader(stream).read_reply(reader.handlers)
        except Error:
            pass
        stream.close()
    finally:
        theirs.close()
        ours.close()


def _described() -> StatementReader:
    sr = StatementReader("iso-8859-1")
    _read(DESCRIBE, sr)
    return sr


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(DESCRIBE) - 1), st.integers(0, 255))
def test_corrupted_describe_raises_only_driver_errors(index, value):
    data = bytearray(DESCRIBE)
    data[index] = value
    _read(bytes(data), StatementReader("iso-8859-1"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(TUPLES) - 1), st.integers(0, 255))
def test_corrupted_tuple_raises_only_driver_errors(index, value):
    sr = StatementReader("iso-8859-1", description=_described().description)
    data = bytearray(TUPLES)
    data[index] = value
    _read(bytes(data), sr)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=80))
def test_random_bytes_after_describe_raise_only_driver_errors(data):
    sr = StatementReader("iso-8859-1", description=_described().description)
    _read(bytes.fromhex("000e0000") + data, sr)


# -- a connection that stops answering -------------------------------------------------

@pytest.fixture(scope="module")
def server():
    with testing.TestServer() as srv:
        yield srv


def test_timeout_while_fetching_breaks_the_connection(server):
    conn = open_conn(server, autocommit=True)
    cur = conn.cursor()
    cur.execute("SELECT tabid FROM systables")
    conn._stream.settimeout(0.2)
    spy = Spy(conn)
    # The next request is swallowed: the server never sees a complete one
    # (an SQ_DBOPEN announcing a 65535-byte name takes the fetch as the start
    # of the name; a message it does not know it would answer with -999).
    conn._stream._inner._sock.sendall(b"\x00\x24\xff\xff")
    with pytest.raises(OperationalError):
        cur.fetchall()
    assert conn.broken
    with pytest.raises(OperationalError):
        conn.cursor().execute("SELECT 1 FROM systables")
    assert spy.sends  # the fetch was attempted
    conn.close()
    assert conn.closed
