"""Reading SQLI fields from a client socket, blocking until they arrive.

After login SQLI has no length framing: a request is a run of tagged
messages ended by ``SQ_EOT``, and where one message ends is known only by
parsing it.  ``ClientStream`` therefore reads field by field, pulling more
bytes from the socket whenever the buffered ones run out, and decodes
them with the framing layer's ``ReadBuffer``.  Every consumed byte is also
kept until ``take_consumed`` so a trace can show a request's exact bytes.
"""

from __future__ import annotations

import socket

from informix_db._impl import buffer
from informix_db.exceptions import FramingError, OperationalError

#: Largest single field a client may announce (a SQL text, a BIND value).
MAX_FIELD = 64 * 1024 * 1024


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

    def _keep_consumed(self) -> None:
        self._consumed += self._data[self._mark:self._rb.pos]
        self._mark = self._rb.pos

    def _fill(self, n: int) -> None:
        """Make at least *n* unread bytes available, or raise ClientClosed."""
        if n > MAX_FIELD:
            raise FramingError(f"client announced a {n}-byte field (limit {MAX_FIELD})")
        while self._rb.remaining < n:
            try:
                chunk = self._sock.recv(max(self._recv_size, n))
            except (ConnectionError, OSError) as exc:
                raise ClientClosed(f"client connection lost: {exc}") from exc
            if not chunk:
                raise ClientClosed("client closed the connection")
            self._keep_consumed()
            rest = self._data[self._rb.pos:]
            self._data = rest + chunk
            self._rb.reset(self._data)
            self._mark = 0

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
