"""The asyncio stream parses replies with the blocking driver's parsers,
resuming at the message a chunk ended in: cut anywhere, the outcome is the
blocking stream's."""

from __future__ import annotations

import asyncio

import pytest

from informix_db.exceptions import OperationalError
from informix_db.protocol import login
from informix_db.protocol.replies import Reply, ReplyReader
from informix_db.protocol.statement import StatementReader
from informix_db.transport import SocketStream
from informix_db.transport.asyncstream import AsyncStream, _Protocol

from driver.captures import server_half
from driver.test_reply_loop import DESCRIPTION, fetch_reply
from fuzz.targets import MemorySocket

pytestmark = pytest.mark.asyncio


class FakeTransport:
    """What AsyncStream asks of an asyncio transport."""

    def __init__(self) -> None:
        self.paused = False
        self.closed = False

    def write(self, data) -> None:
        pass

    def pause_reading(self) -> None:
        self.paused = True

    def resume_reading(self) -> None:
        self.paused = False

    def close(self) -> None:
        self.closed = True


def async_stream(recv_size: int = 64) -> tuple[AsyncStream, _Protocol]:
    stream = AsyncStream(recv_size=recv_size)
    protocol = _Protocol(stream)
    protocol.connection_made(FakeTransport())
    return stream, protocol


def deliver(protocol: _Protocol, data: bytes) -> None:
    """The event loop receiving *data* into the stream."""
    while data:
        buf = protocol.get_buffer(-1)
        n = min(len(buf), len(data))
        buf[:n] = data[:n]
        protocol.buffer_updated(n)
        data = data[n:]


def _statement_reader(described: bool) -> StatementReader:
    sr = StatementReader("utf-8")
    if described:
        sr.set_description(DESCRIPTION)
    return sr


def _outcome(sr: StatementReader, reply: Reply):
    return (sr.rows, sr.description, repr(reply.error), reply.done, reply.cost, reply.xact)


def _blocking(data: bytes, described: bool):
    stream = SocketStream(MemorySocket(data, chunk=len(data)))
    sr = _statement_reader(described)
    reply = ReplyReader(stream, "utf-8").read_reply(sr.handlers, raise_error=False)
    return _outcome(sr, reply)


async def _asynchronous(data: bytes, cuts: list[int], described: bool):
    stream, protocol = async_stream()
    sr = _statement_reader(described)
    reader = ReplyReader(stream, "utf-8")
    reply = Reply()
    task = asyncio.ensure_future(stream.parse(reader.read_into, reply, sr.handlers))
    start = 0
    for cut in cuts + [len(data)]:
        await asyncio.sleep(0)
        deliver(protocol, data[start:cut])
        start = cut
    await task
    assert stream.buffered == 0
    return _outcome(sr, reply)


REPLIES = {
    "fetch": (fetch_reply(12), True),
    "describe (g20)": (server_half("g20"), False),
    "server error (g31)": (server_half("g31"), False),
    "commit (g27)": (server_half("g27"), False),
}


@pytest.mark.parametrize("name", list(REPLIES))
async def test_a_reply_cut_in_two_anywhere_reads_as_the_blocking_stream_reads_it(name):
    data, described = REPLIES[name]
    want = _blocking(data, described)
    for cut in range(len(data) + 1):
        assert await _asynchronous(data, [cut], described) == want, cut


@pytest.mark.parametrize("name", list(REPLIES))
async def test_a_reply_arriving_byte_by_byte_reads_as_the_blocking_stream_reads_it(name):
    data, described = REPLIES[name]
    assert await _asynchronous(data, list(range(1, len(data))), described) == \
        _blocking(data, described)


async def test_messages_read_before_a_cut_are_not_read_again():
    # Without a bulk loop every message goes through read_into's own
    # dispatch; XACTSTATs accumulate, so reading one twice would show.
    from driver.test_reply_loop import COST, DONE, EOT, XACT
    data = XACT * 3 + DONE + COST + EOT
    want = ReplyReader(SocketStream(MemorySocket(data, chunk=len(data))), "utf-8").read_reply(None)
    for cut in range(len(data) + 1):
        stream, protocol = async_stream()
        reply = Reply()
        reader = ReplyReader(stream, "utf-8")
        task = asyncio.ensure_future(stream.parse(reader.read_into, reply, None))
        await asyncio.sleep(0)
        deliver(protocol, data[:cut])
        await asyncio.sleep(0)
        deliver(protocol, data[cut:])
        await task
        assert (reply.xact, reply.done, reply.cost) == (want.xact, want.done, want.cost), cut


async def test_the_login_reply_is_parsed_whatever_its_chunks():
    data = server_half("g00")
    want = login.read_login_reply(SocketStream(MemorySocket(data, chunk=len(data))))
    for cut in range(len(data) + 1):
        stream, protocol = async_stream()
        task = asyncio.ensure_future(stream.parse(login.read_login_reply, stream))
        await asyncio.sleep(0)
        deliver(protocol, data[:cut])
        await asyncio.sleep(0)
        deliver(protocol, data[cut:])
        assert await task == want


async def test_the_peer_closing_mid_reply_breaks_the_stream():
    stream, protocol = async_stream()
    reader = ReplyReader(stream, "utf-8")
    handlers = _statement_reader(True).handlers
    task = asyncio.ensure_future(stream.parse(reader.read_into, Reply(), handlers))
    await asyncio.sleep(0)
    deliver(protocol, fetch_reply(1)[:5])
    protocol.eof_received()
    with pytest.raises(OperationalError, match="closed the connection"):
        await task
    assert stream.broken and stream.closed


async def test_a_server_sending_unasked_is_paused_past_the_high_water_mark(monkeypatch):
    monkeypatch.setattr("informix_db.transport.asyncstream.HIGH_WATER", 1000)
    stream, protocol = async_stream()
    deliver(protocol, b"\0" * 1500)
    assert stream._transport.paused
