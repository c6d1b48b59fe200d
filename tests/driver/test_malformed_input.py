"""Malformed server bytes raise the driver's own errors, never Python internals."""

from __future__ import annotations

import socket

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from informix_db.exceptions import Error
from informix_db.protocol import login
from informix_db.protocol.replies import ReplyReader
from informix_db.transport import SocketStream

from .captures import server_half

ACCEPT = server_half("g00")[2:]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_random_login_reply_raises_only_driver_errors(data):
    try:
        login.parse_login_reply(data)
    except Error:
        pass


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(ACCEPT) - 1), st.integers(0, 255))
def test_corrupted_login_reply_raises_only_driver_errors(index, value):
    data = bytearray(ACCEPT)
    data[index] = value
    try:
        login.parse_login_reply(bytes(data))
    except Error:
        pass


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=64))
def test_random_reply_bytes_raise_only_driver_errors(data):
    ours, theirs = socket.socketpair()
    try:
        theirs.sendall(data)
        theirs.shutdown(socket.SHUT_WR)  # end of data instead of a wait
        stream = SocketStream(ours, timeout=1.0)
        try:
            ReplyReader(stream).read_reply()
        except Error:
            pass
        stream.close()
    finally:
        theirs.close()
        ours.close()
