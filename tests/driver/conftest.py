"""Fixtures for the driver tests."""

from __future__ import annotations

import socket

import pytest

from informix_db.protocol import login, replies, session, statement
from informix_db.transport import SocketStream


@pytest.fixture
def protocol_impl(impl, monkeypatch):
    """Run the protocol modules over one implementation of the framing buffer."""
    for module in (login, replies, session, statement):
        monkeypatch.setattr(module, "buffer", impl.buffer)
    return impl


@pytest.fixture
def pair():
    """A connected (SocketStream, peer socket) pair with a 2 s timeout."""
    ours, theirs = socket.socketpair()
    stream = SocketStream(ours, peer="test peer", timeout=2.0)
    yield stream, theirs
    stream.close()
    theirs.close()
