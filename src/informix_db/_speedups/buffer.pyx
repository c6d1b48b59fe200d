# cython: language_level=3, boundscheck=False, wraparound=False
"""Compiled twin of informix_db.framing.buffer (see that module for the spec)."""

from cpython.bytes cimport PyBytes_FromStringAndSize
from cpython.pyport cimport PY_SSIZE_T_MAX
from libc.stdint cimport int16_t, int32_t, int64_t, uint16_t, uint32_t, uint64_t

from informix_db._speedups.bigendian cimport _be16, _be32, _be64

from informix_db.exceptions import FramingError

__all__ = ["MAX_FRAME", "ReadBuffer", "WriteBuffer", "frame", "frame_length"]

MAX_FRAME = 0xFFFF


def frame(payload):
    """Prefix *payload* with its length (prefix included) as a big-endian u16."""
    cdef Py_ssize_t total = len(payload) + 2
    if total > MAX_FRAME:
        raise FramingError(f"payload of {len(payload)} bytes does not fit a length-prefixed frame")
    return bytes(((total >> 8) & 0xFF, total & 0xFF)) + bytes(payload)


def frame_length(header):
    """Total frame size announced by the first two bytes of *header*."""
    cdef const unsigned char[::1] view = bytes(header[:2])
    if view.shape[0] < 2:
        raise FramingError(f"frame header needs 2 bytes, got {len(header)}")
    cdef uint16_t total = _be16(&view[0])
    if total < 2:
        raise FramingError(f"frame length {total} is shorter than its own prefix")
    return total


cdef class ReadBuffer:
    """Reads fields from a bytes-like object, advancing an offset."""

    cdef object _data
    cdef const unsigned char[::1] _view
    cdef Py_ssize_t _pos
    cdef Py_ssize_t _end

    def __init__(self, data=b"", Py_ssize_t pos=0):
        self.reset(data, pos)

    cpdef reset(self, data, Py_ssize_t pos=0):
        """Read *data* from *pos* on."""
        # Same byte view as the pure module, so the same inputs are accepted.
        cdef object byteview = memoryview(data).cast("B")
        cdef const unsigned char[::1] view = byteview
        cdef Py_ssize_t end = view.shape[0]
        if pos < 0 or pos > end:
            raise FramingError(f"start offset {pos} outside data of {end} bytes")
        self._data = byteview
        self._view = view
        self._pos = pos
        self._end = end

    @property
    def pos(self):
        """The offset of the next unread byte."""
        return self._pos

    @property
    def remaining(self):
        """How many bytes are left to read."""
        return self._end - self._pos

    cdef inline Py_ssize_t _need(self, Py_ssize_t n, str what) except -1:
        cdef Py_ssize_t pos = self._pos
        if n < 0:
            raise FramingError(f"negative length {n} for {what}")
        if n > self._end - pos:  # never overflows, unlike pos + n
            raise FramingError(
                f"truncated message: {what} needs {n} bytes at offset {pos}, "
                f"{self._end - pos} left"
            )
        self._pos = pos + n
        return pos

    cpdef int read_int16(self) except? -1:
        """A signed 16-bit integer."""
        cdef Py_ssize_t pos = self._need(2, "int16")
        return <int16_t>_be16(&self._view[pos])

    cpdef int read_uint16(self) except? -1:
        """An unsigned 16-bit integer."""
        cdef Py_ssize_t pos = self._need(2, "uint16")
        return _be16(&self._view[pos])

    cpdef long long read_int32(self) except? -1:
        """A signed 32-bit integer."""
        cdef Py_ssize_t pos = self._need(4, "int32")
        return <int32_t>_be32(&self._view[pos])

    cpdef long long read_int64(self) except? -1:
        """A signed 64-bit integer."""
        cdef Py_ssize_t pos = self._need(8, "int64")
        return <int64_t>_be64(&self._view[pos])

    cpdef bytes read_bytes(self, Py_ssize_t n):
        """Exactly *n* bytes."""
        cdef Py_ssize_t pos = self._need(n, "byte string")
        return PyBytes_FromStringAndSize(<const char *>&self._view[pos] if n else NULL, n)

    cpdef bytes read_padded(self, Py_ssize_t n):
        """*n* bytes followed by one pad byte when *n* is odd."""
        if n < 0:  # checked first: n + (n & 1) is 0 for n == -1
            raise FramingError(f"negative length {n} for padded byte string")
        # The pad byte cannot be added to the largest length without overflow;
        # such a length fails the bounds check anyway.
        cdef Py_ssize_t need = n + (n & 1) if n < PY_SSIZE_T_MAX else n
        cdef Py_ssize_t pos = self._need(need, "padded byte string")
        return PyBytes_FromStringAndSize(<const char *>&self._view[pos] if n else NULL, n)

    cpdef bytes read_lenbytes(self):
        """A u16 length, that many bytes, then padding to an even length."""
        cdef Py_ssize_t start = self._pos
        cdef Py_ssize_t n = self.read_uint16()
        try:
            return self.read_padded(n)
        except FramingError:
            self._pos = start
            raise

    cpdef skip(self, Py_ssize_t n):
        """Step over *n* bytes."""
        self._need(n, "skipped field")


cdef class WriteBuffer:
    """Accumulates big-endian fields into one growing ``bytearray``."""

    cdef bytearray _buf

    def __init__(self):
        self._buf = bytearray()

    def __len__(self):
        return len(self._buf)

    cpdef clear(self):
        """Forget what was written, keeping the allocation."""
        del self._buf[:]

    cpdef bytes getvalue(self):
        """Everything written so far."""
        return bytes(self._buf)

    cdef inline _put(self, object v, str what, long long lo, long long hi, int width):
        if not isinstance(v, int):
            raise TypeError(f"{what} field needs an int, got {type(v).__name__}")
        if not lo <= v <= hi:
            raise OverflowError(f"{v} does not fit {what}")
        cdef unsigned long long u = <unsigned long long>(<long long>v)
        cdef unsigned char out[8]
        cdef int i
        for i in range(width):
            out[width - 1 - i] = (u >> (8 * i)) & 0xFF
        self._buf += (<char *>out)[:width]

    cpdef write_int16(self, v):
        """A signed 16-bit integer."""
        self._put(v, "int16", -0x8000, 0x7FFF, 2)

    cpdef write_uint16(self, v):
        """An unsigned 16-bit integer."""
        self._put(v, "uint16", 0, 0xFFFF, 2)

    cpdef write_int32(self, v):
        """A signed 32-bit integer."""
        self._put(v, "int32", -0x80000000, 0x7FFFFFFF, 4)

    cpdef write_int64(self, v):
        """A signed 64-bit integer."""
        self._put(v, "int64", -0x7FFFFFFFFFFFFFFF - 1, 0x7FFFFFFFFFFFFFFF, 8)

    cpdef write_bytes(self, data):
        """Raw bytes, as they are."""
        self._buf += data

    cpdef write_padded(self, data):
        """Bytes followed by one zero byte when their length is odd."""
        view = memoryview(data).cast("B")
        self._buf += view
        if len(view) & 1:
            self._buf.append(0)

    cpdef write_lenbytes(self, data):
        """A u16 length, the bytes, then padding to an even length.

        Nothing is written when *data* is not bytes-like or is too long.
        """
        view = memoryview(data).cast("B")
        self.write_uint16(len(view))
        self.write_padded(view)
