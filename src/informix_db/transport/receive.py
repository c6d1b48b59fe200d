"""The receive buffer both streams read through, blocking and asyncio.

Reads go through one reusable buffer that is filled in big chunks.
``read_exact(n)`` hands back a ``memoryview`` of exactly *n* bytes straight
out of it; bytes are moved only when a read straddles the end of the buffer
(the unread tail is slid to the front) or is larger than the buffer (a
bigger one replaces it).  A view is valid until the next read; callers that
keep data copy it.

When fewer bytes are buffered than a read needs, ``_more(n)`` decides: the
blocking stream receives until they are there; the asyncio stream raises
``NeedMore`` instead, its driver awaits the bytes and parses again from the
last *mark*.  The parsers (``protocol.replies``, ``protocol.login``) call
``mark()`` at each message boundary and change nothing before a message is
read whole, so re-reading a message from its start is always safe.
"""

from __future__ import annotations

from informix_db.exceptions import InterfaceError

__all__ = ["NeedMore", "ReceiveBuffer"]


class NeedMore(Exception):
    """The buffered bytes end inside a message: *need* bytes from the mark
    are wanted before parsing again from there (asyncio stream only)."""

    def __init__(self, need: int) -> None:
        super().__init__(need)
        self.need = need


class ReceiveBuffer:
    """A reusable receive buffer, and the stream state both streams share
(closed, broken); subclasses say how more bytes arrive (``_more``)."""

    __slots__ = ("_buf", "_view", "_pos", "_end", "_recv_size", "_mark", "_broken", "_closed")

    def __init__(self, recv_size: int) -> None:
        if recv_size < 16:
            raise InterfaceError(f"recv_size must be at least 16 bytes, got {recv_size}")
        self._recv_size = recv_size
        self._buf = bytearray(recv_size)
        self._view = memoryview(self._buf)
        self._pos = 0  # next unread byte
        self._end = 0  # end of received bytes
        self._mark = 0  # where parsing restarts after NeedMore
        self._broken: str | None = None  # why the stream is unusable
        self._closed = False

    @property
    def closed(self) -> bool:
        """True once ``close()`` was called or the stream broke."""
        return self._closed

    @property
    def broken(self) -> bool:
        """True once a failure (a timeout, a lost connection, lost framing, an
        interrupted exchange) made the stream unusable."""
        return self._broken is not None

    @property
    def broken_reason(self) -> str | None:
        """Why the stream broke, or None."""
        return self._broken

    @property
    def buffered(self) -> int:
        """Bytes received but not yet read."""
        return self._end - self._pos

    def mark(self) -> None:
        """A message starts here: parsing restarts here when it ends short."""
        self._mark = self._pos

    def read_exact(self, n: int) -> memoryview:
        """Exactly *n* bytes, as a view valid until the next read call."""
        pos = self._pos
        if self._end - pos >= n >= 0:
            self._pos = pos + n
            return self._view[pos:pos + n]
        if n < 0:
            raise InterfaceError(f"cannot read a negative number of bytes ({n})")
        self._more(n)
        pos = self._pos
        self._pos = pos + n
        return self._view[pos:pos + n]

    def run(self, feed) -> bool:
        """Let *feed*, an I/O-free reader (``replyloop.TupleLoop.feed``:
        ``feed(buf, pos, end) -> (pos, need)``), consume the received bytes,
        getting more whenever it needs them.  True once it read the end of
        the reply (need -1); False when it stopped at a message it leaves to
        the caller (need 0), the stream positioned at that message."""
        while True:
            pos, need = feed(self._view, self._pos, self._end)
            self._pos = pos
            if need <= 0:
                return need < 0
            self._mark = pos  # the loop resumes at the message it stopped in
            self._more(need)

    def read_bytes(self, n: int) -> bytes:
        """Exactly *n* bytes, copied (safe to keep)."""
        return bytes(self.read_exact(n))

    def preload(self, data) -> None:
        """Make *data* the unread bytes, as if just received; whatever was
        unread is dropped.  For tests and benchmarks that run a reply loop
        from memory (no socket read, no server); the driver never calls it.
        The buffer grows when *data* is longer than it."""
        n = len(data)
        self._pos = self._end = self._mark = 0
        if n > len(self._buf):
            self._make_room(n)
        self._buf[:n] = data
        self._end = n

    def _more(self, n: int) -> None:
        """Make at least *n* bytes from the read position available."""
        raise NotImplementedError

    def _make_room(self, n: int) -> None:
        """Ensure the buffer can hold *n* bytes from the read position on."""
        size = len(self._buf)
        if self._pos + n <= size:
            return
        unread = self._end - self._pos
        if n <= size:
            # Slide the unread tail to the front; same-size slice assignment
            # is allowed even while views of the buffer are exported.
            self._buf[0:unread] = self._buf[self._pos:self._end]
        else:
            # A request larger than the buffer: replace it (earlier views
            # keep the old one alive, so it cannot be resized in place).
            bigger = bytearray(max(n, 2 * size))
            bigger[0:unread] = self._buf[self._pos:self._end]
            self._buf = bigger
            self._view = memoryview(bigger)
        self._mark -= self._pos
        self._pos = 0
        self._end = unread
