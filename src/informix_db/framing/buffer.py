"""Big-endian field readers and writers over one reusable buffer.

This is the readable specification of the hot-path framing primitives; the
Cython module ``informix_db._speedups.buffer`` mirrors it name for name and
behaviour for behaviour (tests/test_parity.py holds them to it).

SQLI is big-endian throughout.  Only the login exchange is framed by a
length prefix: a 2-byte unsigned length that counts the prefix itself.
After login the stream is a sequence of tagged messages whose fields are
16/32/64-bit integers and length-prefixed byte strings padded to an even
length.
"""

from __future__ import annotations

from operator import index
from struct import Struct

from informix_db.exceptions import FramingError

__all__ = [
    "MAX_FRAME",
    "ReadBuffer",
    "WriteBuffer",
    "frame",
    "frame_length",
]

_I16 = Struct(">h")
_U16 = Struct(">H")
_I32 = Struct(">i")
_I64 = Struct(">q")

#: The largest frame a 2-byte length prefix can describe.
MAX_FRAME = 0xFFFF


def frame(payload) -> bytes:
    """Prefix *payload* with its length (prefix included) as a big-endian u16."""
    total = len(payload) + 2
    if total > MAX_FRAME:
        raise FramingError(f"payload of {len(payload)} bytes does not fit a length-prefixed frame")
    return _U16.pack(total) + bytes(payload)


def frame_length(header) -> int:
    """Total frame size announced by the first two bytes of *header*."""
    if len(header) < 2:
        raise FramingError(f"frame header needs 2 bytes, got {len(header)}")
    total = _U16.unpack_from(header, 0)[0]
    if total < 2:
        raise FramingError(f"frame length {total} is shorter than its own prefix")
    return total


class ReadBuffer:
    """Reads fields from a bytes-like object, advancing an offset.

    The data is not copied; ``reset`` points the same object at new data so
    a connection can keep one reader for its lifetime.  Any C-contiguous
    bytes-like object is accepted and read as unsigned bytes; while the
    reader holds a ``bytearray`` it cannot be resized (``BufferError``), the
    same in both implementations.  Reading past the end raises
    ``FramingError`` and leaves the offset where it was.
    """

    __slots__ = ("_data", "_pos", "_end")

    def __init__(self, data=b"", pos: int = 0) -> None:
        self.reset(data, pos)

    def reset(self, data, pos: int = 0) -> None:
        """Read *data* from *pos* on."""
        pos = index(pos)
        # A byte view: lengths count bytes whatever the item format, and the
        # buffer export matches what the compiled twin holds.
        view = memoryview(data).cast("B")
        end = len(view)
        if pos < 0 or pos > end:
            raise FramingError(f"start offset {pos} outside data of {end} bytes")
        self._data = view
        self._pos = pos
        self._end = end

    @property
    def pos(self) -> int:
        """The offset of the next unread byte."""
        return self._pos

    @property
    def remaining(self) -> int:
        """How many bytes are left to read."""
        return self._end - self._pos

    def _need(self, n: int, what: str) -> int:
        pos = self._pos
        if n < 0:
            raise FramingError(f"negative length {n} for {what}")
        if n > self._end - pos:
            raise FramingError(
                f"truncated message: {what} needs {n} bytes at offset {pos}, "
                f"{self._end - pos} left"
            )
        self._pos = pos + n
        return pos

    def read_int16(self) -> int:
        """A signed 16-bit integer."""
        return _I16.unpack_from(self._data, self._need(2, "int16"))[0]

    def read_uint16(self) -> int:
        """An unsigned 16-bit integer."""
        return _U16.unpack_from(self._data, self._need(2, "uint16"))[0]

    def read_int32(self) -> int:
        """A signed 32-bit integer."""
        return _I32.unpack_from(self._data, self._need(4, "int32"))[0]

    def read_int64(self) -> int:
        """A signed 64-bit integer."""
        return _I64.unpack_from(self._data, self._need(8, "int64"))[0]

    def read_bytes(self, n: int) -> bytes:
        """Exactly *n* bytes."""
        n = index(n)
        pos = self._need(n, "byte string")
        return bytes(self._data[pos:pos + n])

    def read_padded(self, n: int) -> bytes:
        """*n* bytes followed by one pad byte when *n* is odd."""
        n = index(n)
        if n < 0:  # checked first: n + (n & 1) is 0 for n == -1
            raise FramingError(f"negative length {n} for padded byte string")
        pos = self._need(n + (n & 1), "padded byte string")
        return bytes(self._data[pos:pos + n])

    def read_lenbytes(self) -> bytes:
        """A u16 length, that many bytes, then padding to an even length."""
        start = self._pos
        n = self.read_uint16()
        try:
            return self.read_padded(n)
        except FramingError:
            self._pos = start
            raise

    def skip(self, n: int) -> None:
        """Step over *n* bytes."""
        self._need(index(n), "skipped field")


class WriteBuffer:
    """Accumulates big-endian fields into one growing ``bytearray``."""

    __slots__ = ("_buf",)

    def __init__(self) -> None:
        self._buf = bytearray()

    def __len__(self) -> int:
        return len(self._buf)

    def clear(self) -> None:
        """Forget what was written, keeping the allocation."""
        del self._buf[:]

    def getvalue(self) -> bytes:
        """Everything written so far."""
        return bytes(self._buf)

    def write_int16(self, v: int) -> None:
        """A signed 16-bit integer."""
        self._buf += _pack(_I16, v, "int16")

    def write_uint16(self, v: int) -> None:
        """An unsigned 16-bit integer."""
        self._buf += _pack(_U16, v, "uint16")

    def write_int32(self, v: int) -> None:
        """A signed 32-bit integer."""
        self._buf += _pack(_I32, v, "int32")

    def write_int64(self, v: int) -> None:
        """A signed 64-bit integer."""
        self._buf += _pack(_I64, v, "int64")

    def write_bytes(self, data) -> None:
        """Raw bytes, as they are."""
        self._buf += data

    def write_padded(self, data) -> None:
        """Bytes followed by one zero byte when their length is odd."""
        view = memoryview(data).cast("B")
        self._buf += view
        if len(view) & 1:
            self._buf.append(0)

    def write_lenbytes(self, data) -> None:
        """A u16 length, the bytes, then padding to an even length.

        Nothing is written when *data* is not bytes-like or is too long.
        """
        view = memoryview(data).cast("B")
        self.write_uint16(len(view))
        self.write_padded(view)


_RANGES = {
    "int16": (-0x8000, 0x7FFF),
    "uint16": (0, 0xFFFF),
    "int32": (-0x8000_0000, 0x7FFF_FFFF),
    "int64": (-0x8000_0000_0000_0000, 0x7FFF_FFFF_FFFF_FFFF),
}


def _pack(fmt: Struct, v: int, what: str) -> bytes:
    # Checked here so callers see TypeError/OverflowError, never struct.error.
    if not isinstance(v, int):
        raise TypeError(f"{what} field needs an int, got {type(v).__name__}")
    lo, hi = _RANGES[what]
    if not lo <= v <= hi:
        raise OverflowError(f"{v} does not fit {what}")
    return fmt.pack(v)
