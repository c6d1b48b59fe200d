# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled twin of informix_db.protocol.replyloop (see that module for the spec).

The buffer is read through one pointer for the whole call, every message is
parsed in C, and each tuple goes to the compiled row decoder's C entry
(``RowDecoder.decode_row``, or ``ColumnDecoder.decode_into`` for Arrow
columns) without a Python call; a Python row decoder (the pure build's) is
called as one.  Whatever the loop leaves (need 0) is
decided by the same Python handler in both builds, so they agree on every
input by construction.
"""

from cpython.buffer cimport PyBUF_SIMPLE, PyBuffer_Release, PyObject_GetBuffer
from cpython.list cimport PyList_Append
from libc.stdint cimport int32_t, int64_t, uint64_t

from informix_db._speedups.bigendian cimport _be16, _be32, _be64
from informix_db._speedups.columnar cimport ColumnDecoder
from informix_db._speedups.rows cimport RowDecoder

from informix_db.framing import messages as sq
from informix_db.protocol.reply_values import MAX_XACT_EVENTS as _MAX_XACT_EVENTS
from informix_db.protocol.reply_values import Cost, Done, XactStat

__all__ = ["BatchLoop", "TupleLoop"]

cdef Py_ssize_t _DONE_SIZE = 16
cdef Py_ssize_t _COST_SIZE = 10
cdef Py_ssize_t _XACT_SIZE = 8
cdef Py_ssize_t _TUPLE_HEAD = 8
cdef Py_ssize_t _INSERTDONE_SIZE = 20

cdef int _TUPLE = sq.SQ_TUPLE
cdef int _DONE_CODE = sq.SQ_DONE
cdef int _COST_CODE = sq.SQ_COST
cdef int _XACT_CODE = sq.SQ_XACTSTAT
cdef int _EOT = sq.SQ_EOT
cdef int _INSERTDONE_CODE = sq.SQ_INSERTDONE
cdef Py_ssize_t _MAX_XACT = _MAX_XACT_EVENTS


cdef inline int32_t _i32(const unsigned char *p) noexcept nogil:
    return <int32_t>_be32(p)


cdef inline int _i16(const unsigned char *p) noexcept nogil:
    return <short>_be16(p)


cdef class _Loop:
    """What both loops share: ``feed``, the Python entry, which takes the
    buffer, checks the positions against it and hands the bytes to the
    subclass's C loop, ``_feed`` (one virtual call per ``feed``, none per
    message).  Not public: the pure twin has no such base."""

    def feed(self, buf, Py_ssize_t pos, Py_ssize_t end):
        """Consume the messages of ``buf[pos:end]``; ``(pos, need)`` as in the spec."""
        cdef Py_buffer view
        PyObject_GetBuffer(buf, &view, PyBUF_SIMPLE)
        try:
            if not 0 <= pos <= end <= view.len:
                raise ValueError(f"positions {pos}..{end} outside a buffer of {view.len} bytes")
            return self._feed(buf, <const unsigned char *>view.buf, pos, end)
        finally:
            PyBuffer_Release(&view)

    cdef tuple _feed(self, object buf, const unsigned char *p, Py_ssize_t pos, Py_ssize_t end):
        """The loop over ``p[pos:end]`` (*buf* is the object *p* points into,
        for decoders that take it); ``(pos, need)``."""
        raise NotImplementedError


cdef class TupleLoop(_Loop):
    """Reads the common messages of a fetch reply for one ``StatementReader``."""

    cdef public object statement
    cdef public object reply

    def __init__(self, statement):
        self.statement = statement
        self.reply = None

    cdef tuple _feed(self, object buf, const unsigned char *p, Py_ssize_t pos, Py_ssize_t end):
        cdef Py_ssize_t left, size, total, start, stop
        cdef int code
        cdef object st = self.statement
        cdef object decode = st.decoder
        cdef list rows = st.rows
        cdef Py_ssize_t limit = st.max_tuple
        cdef Py_ssize_t room = st.max_rows - len(rows)
        cdef object reply = self.reply
        cdef RowDecoder compiled = decode if type(decode) is RowDecoder else None
        cdef ColumnDecoder columns = decode if type(decode) is ColumnDecoder else None
        cdef tuple row
        cdef const unsigned char *m
        while True:
            left = end - pos
            if left < 2:
                return pos, 2
            m = p + pos
            code = _be16(m)
            if code == _TUPLE:
                if left < _TUPLE_HEAD:
                    return pos, _TUPLE_HEAD
                size = _i32(m + 4)
                if decode is None or size < 0 or size > limit or room <= 0:
                    return pos, 0
                total = _TUPLE_HEAD + size + (size & 1)
                if left < total:
                    return pos, total
                start = pos + _TUPLE_HEAD
                stop = start
                try:
                    # C bounds at the tuple's end; a pure column codec reads
                    # the whole buffer, and the size check below catches a
                    # row that reads past its tuple.
                    if compiled is not None:
                        row = compiled.decode_row(buf, p, start + size, &stop)
                    elif columns is not None:
                        # the row goes into the columns; the list counts it
                        columns.decode_into(buf, p, start + size, &stop)
                        row = None
                    else:
                        row, stop = decode(buf, start)
                except Exception:
                    return pos, 0
                if stop != start + size:
                    if row is None:
                        decode.drop_last()  # a columnar decoder: the reader decides it again
                    return pos, 0
                PyList_Append(rows, row)
                room -= 1
                pos += total
            elif code == _DONE_CODE:
                if left < _DONE_SIZE:
                    return pos, _DONE_SIZE
                reply.done = Done(_i16(m + 2), _i32(m + 4), _i32(m + 8), _i32(m + 12))
                pos += _DONE_SIZE
            elif code == _COST_CODE:
                if left < _COST_SIZE:
                    return pos, _COST_SIZE
                reply.cost = Cost(_i32(m + 2), _i32(m + 6))
                pos += _COST_SIZE
            elif code == _XACT_CODE:
                if left < _XACT_SIZE:
                    return pos, _XACT_SIZE
                xact = reply.xact
                if len(xact) < _MAX_XACT:
                    xact.append(XactStat(_i16(m + 2), _i16(m + 4), _i16(m + 6)))
                pos += _XACT_SIZE
            elif code == _EOT:
                return pos + 2, -1
            else:
                return pos, 0


cdef class BatchLoop(_Loop):
    """Reads the replies of a batch of EXECUTEs, keeping totals (see the spec)."""

    cdef public long long executed
    cdef public long long rowcount
    cdef public object lastrowid
    cdef public int warnings
    cdef public object reply
    cdef object _pending

    def __init__(self):
        self.executed = 0
        self.rowcount = 0
        self.lastrowid = None
        self.warnings = 0
        self.reply = None
        self._pending = 0

    cdef tuple _feed(self, object buf, const unsigned char *p, Py_ssize_t pos, Py_ssize_t end):
        cdef Py_ssize_t left
        cdef int code, sign
        cdef int32_t serial
        cdef int64_t bigserial
        cdef uint64_t serial8
        cdef const unsigned char *m
        while True:
            left = end - pos
            if left < 2:
                return pos, 2
            m = p + pos
            code = _be16(m)
            if code == _DONE_CODE:
                if left < _DONE_SIZE:
                    return pos, _DONE_SIZE
                self.executed += 1
                self.rowcount += _i32(m + 4)
                self.warnings = _i16(m + 2)
                serial = _i32(m + 12)
                if self._pending:
                    self.lastrowid = self._pending
                elif serial:
                    self.lastrowid = serial
                self._pending = 0
                pos += _DONE_SIZE
            elif code == _INSERTDONE_CODE:
                if left < _INSERTDONE_SIZE:
                    return pos, _INSERTDONE_SIZE
                sign = _i16(m + 2)
                serial8 = (<uint64_t>_be32(m + 8) << 32) | _be32(m + 4)
                bigserial = <int64_t>_be64(m + 12)
                if bigserial:
                    self._pending = bigserial
                elif sign == 0:
                    self._pending = 0
                elif sign < 0:
                    self._pending = -(<object>serial8)
                else:
                    self._pending = serial8
                pos += _INSERTDONE_SIZE
            elif code == _COST_CODE:
                if left < _COST_SIZE:
                    return pos, _COST_SIZE
                pos += _COST_SIZE
            elif code == _XACT_CODE:
                if left < _XACT_SIZE:
                    return pos, _XACT_SIZE
                pos += _XACT_SIZE
            elif code == _EOT:
                return pos + 2, -1
            else:
                return pos, 0
