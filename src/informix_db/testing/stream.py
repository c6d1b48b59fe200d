"""Reading SQLI fields from a client socket, blocking until they arrive.

After login SQLI has no length framing: a request is a run of tagged
messages ended by ``SQ_EOT``, and where one message ends is known only by
parsing it.  ``ClientStream`` therefore reads field by field, pulling more
bytes from the socket whenever the buffered ones run out, and decodes
them with the framing layer's ``ReadBuffer``.  Every consumed byte is also
kept until ``take_consumed`` so a trace can show a request's exact bytes.

Replies go out through ``send``, which keeps reading while a reply waits
for room: a client may pipeline many requests before reading any reply
(the peer driver's ``executemany`` writes every row's BIND+EXECUTE first),
and a server that stopped reading while its own send is blocked would
deadlock against it, both sides stuck behind full socket buffers.  What
``send`` reads ahead waits in a backlog, bounded by ``MAX_BACKLOG``.
"""

from __future__ import annotations

import collections
import select
import socket
import ssl

from informix_db._impl import buffer
from informix_db.exceptions import FramingError, OperationalError

#: Largest single field a client may announce (a SQL text, a BIND value).
MAX_FIELD = 64 * 1024 * 1024
#: Most request bytes read ahead while a reply cannot be sent.  Past it
#: the server stops reading (memory stays bounded); a client that still
#: reads no reply is cut off after the session's idle timeout.
MAX_BACKLOG = 64 * 1024 * 1024
#: Largest piece handed to one ``send`` call.
_SEND_CHUNK = 256 * 1024
#: How long the input must stay quiet after an SQ_EOT before the bytes
#: up to it are taken as the rest of a request (see ``skip_request``).
QUIET = 0.05


class BacklogFull(OperationalError):
    """A client sent ``MAX_BACKLOG`` bytes of requests while reading no reply."""


class ClientClosed(OperationalError):
    """The client closed its connection (or it was reset) between fields."""


class ClientStream:
    """Blocking big-endian field reader over a connected socket."""

    def __init__(self, sock: socket.socket, recv_size: int = 65536) -> None:
        self._sock = sock
        self._recv_size = recv_size
        self._data = b""
        self._rb = buffer.ReadBuffer(self._data)
        self._consumed = bytearray()
        # Bytes of _data from _mark up to the read position are consumed but
        # not yet copied to _consumed: copied only when _data is replaced or a
        # trace asks, not per field (a bulk request has ~10 fields a row).
        self._mark = 0
        # Request bytes read ahead by ``send`` (chunks, oldest first).
        self._backlog: collections.deque[bytes] = collections.deque()
        self._backlog_size = 0
        self._eof = False  # the client closed its side (seen by ``send``)

    def _keep_consumed(self) -> None:
        self._consumed += self._data[self._mark:self._rb.pos]
        self._mark = self._rb.pos

    def _fill(self, n: int) -> None:
        """Make at least *n* unread bytes available, or raise ClientClosed."""
        if n > MAX_FIELD:
            raise FramingError(f"client announced a {n}-byte field (limit {MAX_FIELD})")
        need = n - self._rb.remaining
        if need <= 0:
            return
        # Gathered first, joined once: a big field arriving in many pieces
        # must not be copied again for every piece.
        parts, got = [], 0
        while got < need:
            if self._backlog:
                chunk = self._backlog.popleft()
                self._backlog_size -= len(chunk)
            else:
                chunk = self._recv(max(self._recv_size, need - got))
            parts.append(chunk)
            got += len(chunk)
        self._append(parts[0] if len(parts) == 1 else b"".join(parts))

    def _append(self, chunk: bytes) -> None:
        """Add *chunk* after the unread bytes (the read ones are dropped)."""
        self._keep_consumed()
        rest = self._data[self._rb.pos:]
        self._data = rest + chunk
        self._rb.reset(self._data)
        self._mark = 0

    def _recv(self, size: int) -> bytes:
        if self._eof:
            raise ClientClosed("client closed the connection")
        try:
            chunk = self._sock.recv(size)
        except (ConnectionError, OSError) as exc:
            raise ClientClosed(f"client connection lost: {exc}") from exc
        if not chunk:
            self._eof = True
            raise ClientClosed("client closed the connection")
        return chunk

    def _take(self, n: int) -> None:
        # the caller reads n bytes next: they become consumed by that read
        if self._rb.remaining < n:
            self._fill(n)

    def read_exact(self, n: int) -> bytes:
        """Exactly *n* raw bytes."""
        self._take(n)
        return self._rb.read_bytes(n)

    def read_int16(self) -> int:
        self._take(2)
        return self._rb.read_int16()

    def read_uint16(self) -> int:
        self._take(2)
        return self._rb.read_uint16()

    def read_int32(self) -> int:
        self._take(4)
        return self._rb.read_int32()

    def read_int64(self) -> int:
        self._take(8)
        return self._rb.read_int64()

    def read_padded(self, n: int) -> bytes:
        """*n* bytes plus the pad byte that follows an odd length."""
        if n < 0:
            raise FramingError(f"negative field length {n}")
        self._take(n + (n & 1))
        return self._rb.read_padded(n)

    def read_lenbytes(self) -> bytes:
        """A u16 length, that many bytes, then the pad to an even length."""
        return self.read_padded(self.read_uint16())

    def decode(self, fn):
        """Run ``fn(buf, offset) -> (value, end)`` on the buffered bytes.

        For values whose length only the codec knows: while *fn* finds the
        bytes truncated (``FramingError``), wait for more and try again.
        """
        while True:
            start = self._rb.pos
            try:
                value, end = fn(self._data, start)
            except FramingError:
                self._fill(self._rb.remaining + 1)
                continue
            self._take(end - start)
            self._rb.skip(end - start)
            return value

    def buffered(self) -> tuple[bytes, int]:
        """The buffered bytes and the read position in them, for a caller that
        parses a run of fields straight from the buffer (see ``consume_to``)."""
        return self._data, self._rb.pos

    def consume_to(self, pos: int) -> None:
        """Mark the buffered bytes up to *pos* (an offset in ``buffered()``'s
        bytes, not before the read position) as read."""
        self._rb.skip(pos - self._rb.pos)

    def fill(self, n: int) -> None:
        """Make at least *n* unread bytes available (``buffered()`` then
        returns new bytes), or raise ClientClosed / FramingError."""
        self._fill(n)

    def more_waiting(self) -> bool:
        """Whether the client has already sent bytes not yet read (a
        pipelining client).  Over TLS only decrypted bytes count: a readable
        socket may hold just a TLS record that is no request."""
        if self._rb.remaining or self._backlog:
            return True
        sock = self._sock
        if isinstance(sock, ssl.SSLSocket):
            return sock.pending() > 0
        try:
            readable, _, _ = select.select([sock], [], [], 0)
        except (OSError, ValueError):
            return False
        return bool(readable)

    # -- sending -------------------------------------------------------------
    def send(self, data: bytes) -> None:
        """Write *data* whole, reading requests ahead whenever the socket
        cannot take more (see the module docstring).  Raises ``BacklogFull``
        when ``MAX_BACKLOG`` bytes wait and the client still reads nothing
        for the session's idle timeout; ``OSError`` when the client is gone."""
        sock = self._sock
        idle = sock.gettimeout()
        view = memoryview(data)
        sock.settimeout(0)
        try:
            while view:
                try:
                    sent = sock.send(view[:_SEND_CHUNK])
                except (BlockingIOError, ssl.SSLWantWriteError, ssl.SSLWantReadError):
                    sent = 0  # TLS: retried later with the same bytes, as it requires
                if sent:
                    view = view[sent:]
                else:
                    self._wait_to_send(idle)
        finally:
            sock.settimeout(idle)

    def _wait_to_send(self, idle: float | None) -> None:
        """Block until the socket may take more, reading ahead meanwhile."""
        sock = self._sock
        reading = not self._eof and self._backlog_size < MAX_BACKLOG
        # TLS may hold decrypted bytes that select() cannot see.
        pending = reading and isinstance(sock, ssl.SSLSocket) and sock.pending() > 0
        readable, writable, _ = select.select([sock] if reading else [], [sock], [],
                                              0 if pending else idle)
        if readable or pending:
            self._read_ahead()
        elif not writable:
            if not reading and not self._eof:
                raise BacklogFull(f"client sent {self._backlog_size} bytes of requests "
                                  f"and read no reply for {idle}s")
            raise ClientClosed(f"client read no reply for {idle}s")

    def _read_ahead(self) -> None:
        try:
            chunk = self._sock.recv(65536)
        except (BlockingIOError, ssl.SSLWantReadError, ssl.SSLWantWriteError):
            return  # a TLS record without application data
        except OSError as exc:
            raise ClientClosed(f"client connection lost: {exc}") from exc
        if not chunk:
            self._eof = True  # its replies may still be read: keep sending
            return
        self._backlog.append(chunk)
        self._backlog_size += len(chunk)

    # -- skipping --------------------------------------------------------------
    def skip_request(self, limit: int | None = None) -> int | None:
        """Skip the body of a message whose layout this server does not know:
        consume everything up to the SQ_EOT that ends the request, leaving
        that SQ_EOT to be read next.  Returns the bytes skipped, or None when
        the end cannot be found (more than *limit* bytes, or the client
        stalls or closes without an SQ_EOT at the end of what it sent).

        After login SQLI has no lengths, so the end of an unknown message can
        only be inferred.  A client sends a request whole and then waits for
        its reply, so the request ends where the input ends once it falls
        quiet (``QUIET`` seconds without a byte) and the last two bytes are
        an SQ_EOT.  An SQ_EOT inside the body cannot be told from the end
        while more follows, so only the quiet end counts.  What this cannot
        handle: a client that pipelines further requests behind the unknown
        message (they are taken as part of its body, and that client then
        waits for replies that never come, until its own timeout).
        """
        limit = MAX_FIELD if limit is None else limit
        self._keep_consumed()
        parts = [self._data[self._rb.pos:]]
        size = len(parts[0])
        self._data = b""
        self._rb.reset(self._data)
        self._mark = 0
        while self._backlog:
            chunk = self._backlog.popleft()
            parts.append(chunk)
            size += len(chunk)
        self._backlog_size = 0
        idle = self._sock.gettimeout()
        try:
            while size <= limit:
                last = parts[-1]
                tail = last[-2:] if len(last) >= 2 else b"".join(parts[-2:])[-2:]
                ends = size >= 2 and tail == b"\x00\x0c"
                if ends and self._eof:
                    break
                self._sock.settimeout(QUIET if ends else idle)
                try:
                    chunk = self._recv(65536)
                except ClientClosed as exc:
                    if ends and isinstance(exc.__cause__, TimeoutError):
                        break  # quiet after an SQ_EOT: the request ends there
                    if isinstance(exc.__cause__, TimeoutError):
                        return None
                    if ends and self._eof:
                        break
                    raise
                parts.append(chunk)
                size += len(chunk)
            else:
                return None
        finally:
            self._sock.settimeout(idle)
        body = b"".join(parts)
        self._consumed += body[:-2]
        self._data = body[-2:]
        self._rb.reset(self._data)
        return size - 2

    def drain_unread(self, wait: float = 0.2) -> bytes:
        """Buffered bytes not yet read plus whatever arrives within *wait*
        seconds (for diagnosing a request this server could not parse)."""
        self._keep_consumed()
        out = self._data[self._rb.pos:]
        self._sock.settimeout(wait)
        try:
            while True:
                chunk = self._sock.recv(65536)
                if not chunk:
                    break
                out += chunk
        except OSError:
            pass
        self._data = b""
        self._rb.reset(self._data)
        self._mark = 0
        return out

    def take_consumed(self) -> bytes:
        """The bytes read since the previous call (for traces)."""
        self._keep_consumed()
        out = bytes(self._consumed)
        self._consumed.clear()
        return out
