"""``SmartLob``: a BLOB or CLOB read (and written) as a file, by its locator.

``connection.open_lob(locator)`` opens the object a row's locator names
(``BlobLocator``/``ClobLocator``, what a query returns for a BLOB/CLOB
column) and returns a ``SmartLob``: ``read(n)``, ``readinto``, ``seek``,
``tell``, ``size()``, iteration in chunks, ``write`` (opened with
``mode="r+"``), ``close`` (a context manager too).  It is usable while its
connection is open and transfers in bounded memory: ``read(n)`` holds n
bytes, iteration one chunk.  The protocol work is ``protocol.lobio``'s.
"""

from __future__ import annotations

import os

from informix_db.codecs.smartlob import ClobLocator
from informix_db.exceptions import InterfaceError, ProgrammingError
from informix_db.protocol import lobio

__all__ = ["SmartLob", "MODES", "CHUNK"]

#: open_lob modes: read, or read and write.
MODES = {"r": lobio.LO_RDONLY, "r+": lobio.LO_RDWR}
#: Bytes per chunk when a SmartLob is iterated.
CHUNK = 256 * 1024


def lob_mode(mode: str) -> int:
    if mode not in MODES:
        raise ProgrammingError(f"open_lob mode must be one of {sorted(MODES)}, got {mode!r}")
    return MODES[mode]


class SmartLobBase:
    """State shared by the blocking and the asyncio objects (no I/O)."""

    def __init__(self, conn, locator, fd: int, mode: str) -> None:
        self._conn = conn
        self.locator = locator
        self._fd = fd
        self.mode = mode
        self._pos = 0  # where the next read or write starts
        self._server_pos = 0  # where the server's descriptor stands
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def is_clob(self) -> bool:
        return isinstance(self.locator, ClobLocator)

    def tell(self) -> int:
        self._check()
        return self._pos

    def _check(self) -> None:
        if self._closed:
            raise InterfaceError("the smart large object is closed")

    def _target(self, offset: int, whence: int, size=None) -> int:
        if type(offset) is not int or whence not in (os.SEEK_SET, os.SEEK_CUR, os.SEEK_END):
            raise ProgrammingError(f"seek({offset!r}, {whence!r}): an int offset and whence "
                                   "0, 1 or 2")
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._pos, os.SEEK_END: size}[whence]
        if base + offset < 0:
            raise ProgrammingError(f"seek to {base + offset}: before the start of the object")
        return base + offset

    # -- the operations, as generators of exchanges (both front ends run them) --

    def _size_gen(self):
        self._check()
        return (yield from lobio.size(self._conn, self._fd))

    def _sync_gen(self):
        """Move the server's descriptor to the position, if it is elsewhere."""
        if self._server_pos != self._pos:
            self._server_pos = yield from lobio.seek(self._conn, self._fd, self._pos)

    def _read_gen(self, n):
        self._check()
        if n is None or n < 0:
            n = max((yield from lobio.size(self._conn, self._fd)) - self._pos, 0)
        if n == 0:
            return b""
        yield from self._sync_gen()
        out = bytearray()
        yield from lobio.read(self._conn, self._fd, n, out)
        self._pos += len(out)
        self._server_pos = self._pos
        return bytes(out)

    def _seek_gen(self, offset: int, whence: int):
        self._check()
        size = (yield from lobio.size(self._conn, self._fd)) if whence == os.SEEK_END else None
        self._pos = self._target(offset, whence, size)
        return self._pos

    def _write_gen(self, data):
        self._check()
        if self.mode != "r+":
            raise ProgrammingError("the smart large object was opened for reading only")
        yield from self._sync_gen()
        view = memoryview(data).cast("B")
        yield from lobio.write(self._conn, self._fd, view)
        self._pos += len(view)
        self._server_pos = self._pos
        return len(view)

    def _close_gen(self):
        if self._closed:
            return
        self._closed = True
        if not self._conn.closed:
            yield from lobio.close(self._conn, self._fd)

    def __repr__(self) -> str:
        state = "closed" if self._closed else f"fd {self._fd} at {self._pos}"
        return f"<{type(self).__name__} {'CLOB' if self.is_clob else 'BLOB'} {state}>"


class SmartLob(SmartLobBase):
    """A smart large object opened on a blocking connection."""

    def size(self) -> int:
        """The object's size in bytes (asked of the server each time)."""
        return self._conn._wait(self._size_gen())

    def read(self, n: int = -1) -> bytes:
        """Up to *n* bytes from the position (all the rest for n < 0)."""
        return self._conn._wait(self._read_gen(n))

    def readinto(self, buffer) -> int:
        view = memoryview(buffer).cast("B")
        data = self.read(len(view))
        view[: len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return self._conn._wait(self._seek_gen(offset, whence))

    def write(self, data) -> int:
        """Write *data* at the position (the object must be open ``"r+"``)."""
        return self._conn._wait(self._write_gen(data))

    def __iter__(self):
        while chunk := self.read(CHUNK):
            yield chunk

    def close(self) -> None:
        """Close the descriptor on the server (idempotent)."""
        self._conn._wait(self._close_gen())

    def __enter__(self) -> SmartLob:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
