"""An asyncio byte stream to the server: the receive buffer of the blocking
stream (``ReceiveBuffer``), filled by an ``asyncio.BufferedProtocol``.

The event loop receives straight into the buffer's free space (no copy, no
thread).  Parsers run synchronously over what is buffered; when it ends in
the middle of a message they raise ``NeedMore`` and ``parse`` awaits the
missing bytes, then runs them again from the message's start (the parsers
change nothing before a message is read whole: ``receive``'s docstring).

``send`` hands a request to the transport, which writes it as the socket
accepts it while replies keep being received, so a long pipelined request
cannot deadlock against a server that answers as it reads.

Failures are those of the blocking stream: every socket error, a lost
connection and an interrupted exchange (a task cancelled, a timeout)
become ``OperationalError`` and leave the stream *broken*: a SQLI
conversation cannot resume in the middle of a reply.
"""

from __future__ import annotations

import asyncio
import socket
import ssl

from informix_db.exceptions import InterfaceError, OperationalError
from informix_db.transport.receive import NeedMore, ReceiveBuffer
from informix_db.transport.stream import DEFAULT_RECV_SIZE, _tls_context, enable_keepalive

__all__ = ["AsyncStream", "open_async_stream"]

#: Unread bytes past which the transport stops reading from the socket until
#: the parser takes some: a server cannot fill memory by sending unasked.
HIGH_WATER = 16 * 1024 * 1024


class _Protocol(asyncio.BufferedProtocol):
    """Receives into the stream's buffer and wakes its waiter."""

    def __init__(self, stream: AsyncStream) -> None:
        self.stream = stream

    def connection_made(self, transport) -> None:
        self.stream._transport = transport

    def get_buffer(self, sizehint: int) -> memoryview:
        s = self.stream
        s._make_room(s._end - s._pos + s._recv_size)
        return s._view[s._end:]

    def buffer_updated(self, nbytes: int) -> None:
        s = self.stream
        s._end += nbytes
        if s._end - s._pos >= HIGH_WATER and not s._paused and s._waiter is None:
            s._paused = True
            s._transport.pause_reading()
        s._wake()

    def eof_received(self) -> bool:
        self.stream._lost(None)
        return False  # close the transport

    def pause_writing(self) -> None:
        self.stream._write_paused = True

    def resume_writing(self) -> None:
        self.stream._write_paused = False
        self.stream._wake_drain()

    def connection_lost(self, exc: Exception | None) -> None:
        self.stream._lost(exc)


class AsyncStream(ReceiveBuffer):
    """A connected asyncio transport with a reusable receive buffer.

    Build one with ``open_async_stream``; its ``_Protocol`` gives it the
    transport as the connection is made (TLS may deliver bytes before
    ``create_connection`` returns).
    """

    __slots__ = ("_transport", "_waiter", "_want", "_paused", "_gone", "peer",
                 "_write_paused", "_drainer")

    def __init__(self, *, peer: str = "", recv_size: int = DEFAULT_RECV_SIZE) -> None:
        super().__init__(recv_size)
        self._transport: asyncio.Transport | None = None
        self._waiter: asyncio.Future | None = None
        self._want = 0
        self._paused = False
        self._gone: str | None = None  # why the peer is gone (EOF, reset)
        self.peer = peer or "server"
        self._write_paused = False  # the transport's write buffer is full
        self._drainer: asyncio.Future | None = None

    # -- state ----------------------------------------------------------------

    def mark_broken(self, reason: str) -> None:
        """Declare the stream unusable (lost framing, an interrupted exchange)."""
        if self._broken is None:
            self._broken = reason
        self.close()

    def close(self) -> None:
        """Close the transport.  Idempotent; never raises."""
        self._closed = True
        self._pos = self._end = self._mark = 0
        transport, self._transport = self._transport, None
        if transport is not None:
            transport.close()
        self._wake()
        self._wake_drain()

    def check_usable(self) -> None:
        """Raise what using a broken or closed stream raises."""
        if self._broken is not None:
            raise OperationalError(
                f"connection is broken ({self._broken}); open a new connection")
        if self._closed:
            raise InterfaceError("connection is closed")

    # -- I/O ------------------------------------------------------------------

    def send(self, data) -> None:
        """Queue *data* for sending (the transport writes it as it can)."""
        self.check_usable()
        if self._gone is not None:
            self._fail(self._gone)
        self._transport.write(data)

    async def drain(self) -> None:
        """Wait while the transport's write buffer is over its high-water mark
        (a long upload then holds only that much in memory)."""
        while self._write_paused:
            if self._gone is not None:
                self._fail(self._gone)
            self.check_usable()
            self._drainer = asyncio.get_running_loop().create_future()
            try:
                await self._drainer
            finally:
                self._drainer = None
        self.check_usable()

    async def parse(self, fn, *args):
        """``fn(*args)``, a parser over this stream, run until it no longer
        needs more bytes: each time it raises ``NeedMore`` the stream goes
        back to the last mark and waits for the bytes it asked for."""
        self._mark = self._pos
        while True:
            try:
                return fn(*args)
            except NeedMore as more:
                self._pos = self._mark
                await self._receive(more.need)

    def _more(self, n: int) -> None:
        raise NeedMore(self._pos - self._mark + n)

    async def _receive(self, n: int) -> None:
        """Wait until *n* bytes from the read position are buffered."""
        self.check_usable()
        self._make_room(n)
        while self._end - self._pos < n:
            if self._gone is not None:
                self._fail(self._gone)
            if self._paused:
                self._paused = False
                self._transport.resume_reading()
            self._want = n
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
            self.check_usable()

    # -- protocol callbacks ----------------------------------------------------

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done() and (
                self._end - self._pos >= self._want or self._gone is not None or self._closed):
            waiter.set_result(None)

    def _wake_drain(self) -> None:
        drainer = self._drainer
        if drainer is not None and not drainer.done():
            drainer.set_result(None)

    def _lost(self, exc: Exception | None) -> None:
        if self._gone is None:
            self._gone = (f"{self.peer} closed the connection" if exc is None
                          else f"connection to {self.peer} failed: {exc}")
        self._wake()
        self._wake_drain()

    def _fail(self, reason: str):
        self.mark_broken(reason)
        raise OperationalError(reason)


async def open_async_stream(
    host: str,
    port: int,
    *,
    tls=None,
    recv_size: int = DEFAULT_RECV_SIZE,
    keepalive: float | None = None,
    server_hostname: str | None = None,
) -> AsyncStream:
    """Connect to *host*:*port* (TLS as ``open_stream``'s *tls*) and return an
    ``AsyncStream``.  Bound it with ``asyncio.timeout``/``wait_for``: the
    caller (``aio.connect``) applies *connect_timeout* to all of connecting."""
    if not isinstance(port, int) or not 0 < port < 65536:
        raise InterfaceError(f"port must be an int in 1..65535, got {port!r}")
    ctx = _tls_context(tls) if tls not in (None, False) else None
    where = f"{host}:{port}"
    loop = asyncio.get_running_loop()
    stream = AsyncStream(peer=where, recv_size=recv_size)
    try:
        transport, _ = await loop.create_connection(
            lambda: _Protocol(stream), host, port, ssl=ctx,
            server_hostname=(server_hostname or host) if ctx is not None else None)
    except ssl.SSLCertVerificationError as exc:
        raise OperationalError(
            f"TLS certificate verification failed for {where}: {exc.verify_message}") from exc
    except ssl.SSLError as exc:
        raise OperationalError(f"TLS handshake with {where} failed: {exc}") from exc
    except OSError as exc:
        raise OperationalError(f"could not connect to {where}: {exc.strerror or exc}") from exc
    sock = transport.get_extra_info("socket")
    if sock is not None:
        # Requests are written whole; Nagle would only add latency.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if keepalive is not None:
            enable_keepalive(sock, keepalive)
    return stream
