# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled twin of informix_db.codecs.rows (see that module for the spec).

Each column is read in C when its bytes have the canonical form the pure
codec reads without question; anything else (too few bytes, an unexpected
indicator or sign word, a digit above 99, a date out of range, text the
code set cannot decode, a value Python refuses to build) is handed to the
pure codec's ``decode`` at the same offset.  That codec then returns the
value, or raises its own exception with its own message, so both
implementations agree on every input by construction, not by imitation.
The same goes for encoding: common Python types are written in C, the rest
(and every value that would fail) goes to the pure encoder.
"""

from cpython.buffer cimport PyBUF_C_CONTIGUOUS, PyBUF_FORMAT, PyBuffer_Release, PyObject_GetBuffer
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize, PyBytes_GET_SIZE
from cpython.mem cimport PyMem_Free, PyMem_Malloc, PyMem_Realloc
from cpython.ref cimport Py_INCREF
from cpython.tuple cimport PyTuple_New, PyTuple_SET_ITEM
from cpython.unicode cimport (
    PyUnicode_AsUTF8AndSize, PyUnicode_Decode, PyUnicode_DecodeLatin1, PyUnicode_DecodeUTF8,
    PyUnicode_FromStringAndSize,
)
cimport cpython.datetime as cdt
from libc.stdint cimport int16_t, int32_t, int64_t, uint16_t, uint32_t, uint64_t

from informix_db._speedups.bigendian cimport _be16, _be32, _be64
from libc.string cimport memcpy, memset, strcmp

import codecs as _codecs
import datetime as _dt
from decimal import MAX_EMAX as _MAX_EMAX, MAX_PREC as _MAX_PREC, MIN_EMIN as _MIN_EMIN
from decimal import Context, Decimal

from informix_db import types as T
from informix_db.codecs._temporal import layout as _layout
from informix_db.codecs.registry import codec_for
from informix_db.exceptions import InterfaceError

__all__ = ["RowDecoder", "RowEncoder", "row_decoder", "row_encoder", "encode_row"]

cdef extern from *:
    """
    /* struct's own IEEE unpacking, so floats (NaN payloads included) come out
       bit for bit as the pure codec's struct.unpack gives them. */
    #if PY_VERSION_HEX >= 0x030B0000
    #define ifx_unpack4(p) PyFloat_Unpack4((const char *)(p), 0)
    #define ifx_unpack8(p) PyFloat_Unpack8((const char *)(p), 0)
    #define ifx_pack4(x, p) PyFloat_Pack4((x), (char *)(p), 0)
    #define ifx_pack8(x, p) PyFloat_Pack8((x), (char *)(p), 0)
    #else
    #define ifx_unpack4(p) _PyFloat_Unpack4((const unsigned char *)(p), 0)
    #define ifx_unpack8(p) _PyFloat_Unpack8((const unsigned char *)(p), 0)
    #define ifx_pack4(x, p) _PyFloat_Pack4((x), (unsigned char *)(p), 0)
    #define ifx_pack8(x, p) _PyFloat_Pack8((x), (unsigned char *)(p), 0)
    #endif
    """
    double ifx_unpack4(const unsigned char *p) except? -1.0
    double ifx_unpack8(const unsigned char *p) except? -1.0
    int ifx_pack4(double x, unsigned char *p) except -1
    int ifx_pack8(double x, unsigned char *p) except -1

cdef extern from "Python.h":
    ctypedef struct PyTypeObject
    PyTypeObject *Py_TYPE(object)
    bint PyType_IS_GC(PyTypeObject *)
    void PyObject_GC_UnTrack(object)

cdt.import_datetime()

# The column codecs, one file per pure module they mirror (asyncpg's pgproto
# layout): included, not imported, so the row loop below calls them as
# plain C functions the compiler can inline.
include "codecs/_common.pxi"
include "codecs/registry.pxi"
include "codecs/datetime.pxi"
include "codecs/decimal.pxi"
include "codecs/_temporal_fields.pxi"
include "codecs/_temporal.pxi"
include "codecs/composite.pxi"


# -- decoding -------------------------------------------------------------------

cdef object _decode_column(_Columns cols, const Spec *s, zero, const unsigned char *p,
                           Py_ssize_t end, Py_ssize_t *offset):
    """Column *s* at *offset[0]* of p[0:end]: its value (offset advanced) or _FALLBACK."""
    cdef Py_ssize_t off = offset[0]
    cdef Py_ssize_t left = end - off
    cdef Py_ssize_t n
    cdef int64_t days
    cdef uint64_t mag
    cdef int16_t sign
    cdef int32_t i32
    cdef int16_t i16
    cdef int64_t i64
    cdef int ind, y, m, d
    cdef int kind = s.kind
    cdef object value
    if kind == K_SMALLINT:
        if left < 2:
            return _FALLBACK
        offset[0] = off + 2
        i16 = <int16_t>_be16(p + off)
        return None if i16 == -0x8000 else i16
    elif kind == K_INTEGER:
        if left < 4:
            return _FALLBACK
        offset[0] = off + 4
        i32 = <int32_t>_be32(p + off)
        return None if i32 == -0x7FFFFFFF - 1 else i32
    elif kind == K_BIGINT:
        if left < 8:
            return _FALLBACK
        offset[0] = off + 8
        i64 = <int64_t>_be64(p + off)
        return None if i64 == -0x7FFFFFFFFFFFFFFF - 1 else i64
    elif kind == K_INT8:
        if left < 10:
            return _FALLBACK
        sign = <int16_t>_be16(p + off)
        mag = (<uint64_t>_be32(p + off + 6) << 32) | _be32(p + off + 2)
        if sign == 0:
            value = None
        elif sign == 1:
            value = mag
        elif sign == -1:
            if mag <= 0x8000000000000000ULL:
                value = <int64_t>(0 - mag)
            else:
                value = -(<object>mag)
        else:
            return _FALLBACK
        offset[0] = off + 10
        return value
    elif kind == K_SMALLFLOAT:
        if left < 4:
            return _FALLBACK
        offset[0] = off + 4
        if _be32(p + off) == 0xFFFFFFFFU:
            return None
        return ifx_unpack4(p + off)
    elif kind == K_FLOAT:
        if left < 8:
            return _FALLBACK
        offset[0] = off + 8
        if _be64(p + off) == 0xFFFFFFFFFFFFFFFFULL:
            return None
        return ifx_unpack8(p + off)
    elif kind == K_DATE:
        if left < 4:
            return _FALLBACK
        days = <int32_t>_be32(p + off)
        if days == -0x7FFFFFFF - 1:
            offset[0] = off + 4
            return None
        if days < _MIN_DAYS or days > _MAX_DAYS:
            return _FALLBACK
        _civil(days + _EPOCH_ORD, &y, &m, &d)
        offset[0] = off + 4
        return cdt.date_new(y, m, d)
    elif kind == K_CHAR:
        n = s.n
        if n > left:
            return _FALLBACK
        if n and p[off] == 0:
            offset[0] = off + n
            return None
        value = cols._text(p + off, n)
        if value is None:
            return _FALLBACK
        offset[0] = off + n
        return value
    elif kind == K_VARCHAR:
        if left < 1:
            return _FALLBACK
        n = p[off]
        if n > left - 1:
            return _FALLBACK
        if n == 1 and p[off + 1] == 0:
            offset[0] = off + 2
            return None
        value = cols._text(p + off + 1, n)
        if value is None:
            return _FALLBACK
        offset[0] = off + 1 + n
        return value
    elif kind == K_LVARCHAR or kind == K_BOOLEAN:
        if left < 5:
            return _FALLBACK
        ind = p[off]
        i32 = <int32_t>_be32(p + off + 1)
        if i32 < 0 or i32 > left - 5:
            return _FALLBACK
        n = i32
        if ind == 1:
            offset[0] = off + 5 + n
            return None
        if ind != 0:
            return _FALLBACK
        if kind == K_BOOLEAN:
            if n != 1:
                return _FALLBACK
            ind = p[off + 5]
            if ind == 1 or ind == 0x74 or ind == 0x54:
                value = True
            elif ind == 0 or ind == 0x66 or ind == 0x46:
                value = False
            else:
                return _FALLBACK
        else:
            value = cols._text(p + off + 5, n)
            if value is None:
                return _FALLBACK
        offset[0] = off + 5 + n
        return value
    elif kind == K_DECIMAL:
        n = s.n
        if n > left:
            return _FALLBACK
        if p[off] == 0 and p[off + 1] == 0:
            offset[0] = off + n
            return None
        value = _decimal_value(s, p + off, zero)
        if value is not _FALLBACK:
            offset[0] = off + n
        return value
    elif kind == K_DATETIME or kind == K_INTERVAL:
        n = s.n
        if n > left:
            return _FALLBACK
        value = _temporal_value(s, p + off)
        if value is not _FALLBACK:
            offset[0] = off + n
        return value
    elif kind == K_COMPOSITE:
        if left < 5:
            return _FALLBACK
        ind = p[off]
        n = <int32_t>_be32(p + off + 1)
        if n < 0 or n > left - 5 or (ind != 0 and ind != 1):
            return _FALLBACK
        offset[0] = off + 5 + n
        if ind == 1:
            return None
        return _parse_composite(<_Node>cols.nodes[s - cols.specs], cols, p + off + 5, n)
    return _FALLBACK


cdef class RowDecoder(_Columns):
    """Decodes rows of *columns* (a sequence of ``ColumnType``) under *encoding*."""

    def __init__(self, columns, encoding="utf-8"):
        # the codecs first: they raise the pure module's errors for bad types
        self._decoders = tuple(codec_for(ct, encoding).decode for ct in columns)
        self._setup(columns, encoding)
        zeros = []
        for ct in self.columns:
            scale = ct.length & 0xFF
            zeros.append(Decimal(0).scaleb(-(scale if scale <= 32 else 0)))
        self._zeros = tuple(zeros)

    def __call__(self, buf, offset=0):
        """The row at *offset* of *buf*: ``(tuple_of_values, new_offset)``."""
        cdef Py_buffer view
        cdef Py_ssize_t off, i
        cdef const unsigned char *p
        cdef object value
        cdef tuple row
        if type(offset) is not int:
            return self._slow(buf, offset)
        if type(buf) is bytes:
            p = <const unsigned char *>PyBytes_AS_STRING(buf)
            if not 0 <= offset <= PyBytes_GET_SIZE(buf):
                return self._slow(buf, offset)
            return self._decode(buf, p, PyBytes_GET_SIZE(buf), offset)
        try:
            PyObject_GetBuffer(buf, &view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT)
        except Exception:
            return self._slow(buf, offset)
        try:
            if view.itemsize != 1 or (view.format != NULL and strcmp(view.format, b"B") != 0) \
                    or not 0 <= offset <= view.len:
                return self._slow(buf, offset)
            return self._decode(buf, <const unsigned char *>view.buf, view.len, offset)
        finally:
            PyBuffer_Release(&view)

    cdef object _slow(self, buf, offset):
        # Inputs the C loop does not take (odd offsets or buffers) get the
        # pure codecs' loop, whatever they make of them.
        values = []
        for dec in self._decoders:
            value, offset = dec(buf, offset)
            values.append(value)
        return tuple(values), offset

    cdef object _decode(self, buf, const unsigned char *p, Py_ssize_t end, Py_ssize_t off):
        cdef Py_ssize_t start = off
        try:
            row = self.decode_row(buf, p, end, &off)
        except Exception:
            # Bytes the C paths raised on: the pure codecs decide the whole
            # row, with their own values or errors.
            return self._slow(buf, start)
        return row, off

    cdef tuple decode_row(self, buf, const unsigned char *p, Py_ssize_t end, Py_ssize_t *offset):
        """The row at offset[0] of p[0:end] (*buf* is the object p points into,
        for the pure codecs); offset[0] is moved past it."""
        cdef Py_ssize_t i
        cdef Py_ssize_t off = offset[0]
        cdef object value, new_off
        cdef bint containers = False
        cdef tuple row = PyTuple_New(self.ncols)
        for i in range(self.ncols):
            value = _decode_column(self, &self.specs[i], self._zeros[i], p, end, &off)
            if value is _FALLBACK:
                value, new_off = self._decoders[i](buf, off)
                off = new_off
            containers |= PyType_IS_GC(Py_TYPE(value))
            Py_INCREF(value)
            PyTuple_SET_ITEM(row, i, value)
        if not containers:
            # Rows of plain values (numbers, text, dates) cannot be part of a
            # cycle: untracked now, the garbage collector never visits them
            # (it would untrack them itself, after visiting each once).
            PyObject_GC_UnTrack(row)
        offset[0] = off
        return row


# -- encoding -------------------------------------------------------------------

cdef class RowEncoder(_Columns):
    """Encodes rows of *columns* (a sequence of ``ColumnType``) under *encoding*."""

    def __init__(self, columns, encoding="utf-8"):
        # the codecs first: they raise the pure module's errors for bad types
        self._encoders = tuple(codec_for(ct, encoding).encode for ct in columns)
        self._setup(columns, encoding)
        self._nulls = []
        for enc in self._encoders:
            try:
                self._nulls.append(enc(None))
            except Exception:  # let the pure encoder raise it when a row has one
                self._nulls.append(None)

    cdef bytes _encoded_text(self, value):
        """*value*'s bytes in the code set, or None for the pure encoder to judge."""
        if type(value) is not str or "\x00" in <str>value:
            return None
        try:
            if self.textkind == E_UTF8:
                return (<str>value).encode("utf-8")
            if self.textkind == E_LATIN1:
                return (<str>value).encode("latin-1")
        except Exception:
            pass
        return None

    cdef bint _fast(self, const Spec *s, value, Out *o) except -1:
        """Write *value* of column *s* in C; False leaves it to the pure encoder."""
        cdef unsigned char tmp[16]
        cdef long long iv
        cdef uint64_t mag
        cdef double dv
        cdef bytes raw
        cdef Py_ssize_t n
        cdef int kind = s.kind
        if kind == K_SMALLINT or kind == K_INTEGER or kind == K_BIGINT or kind == K_INT8:
            if type(value) is not int:
                return False
            try:
                iv = value
            except OverflowError:
                return False
            if iv < -0x7FFFFFFFFFFFFFFF:
                return False
            if kind == K_SMALLINT:
                if not -0x7FFF <= iv <= 0x7FFF:
                    return False
                _put_be(tmp, <uint64_t>iv, 2)
                _put(o, tmp, 2)
            elif kind == K_INTEGER:
                if not -0x7FFFFFFF <= iv <= 0x7FFFFFFF:
                    return False
                _put_be(tmp, <uint64_t>iv, 4)
                _put(o, tmp, 4)
            elif kind == K_BIGINT:
                _put_be(tmp, <uint64_t>iv, 8)
                _put(o, tmp, 8)
            else:
                _put_be(tmp, <uint64_t>(-1 if iv < 0 else 1), 2)
                mag = <uint64_t>(-iv if iv < 0 else iv)
                _put_be(tmp + 2, mag & 0xFFFFFFFFU, 4)
                _put_be(tmp + 6, mag >> 32, 4)
                _put(o, tmp, 10)
            return True
        if kind == K_FLOAT or kind == K_SMALLFLOAT:
            if type(value) is not float:
                return False
            dv = value
            if kind == K_FLOAT:
                ifx_pack8(dv, tmp)
                _put(o, tmp, 8)
                return True
            if not (-3.4028234663852886e38 <= dv <= 3.4028234663852886e38):
                return False  # overflow, inf and nan: the pure encoder decides
            ifx_pack4(dv, tmp)
            _put(o, tmp, 4)
            return True
        if kind == K_DATE:
            if type(value) is not _DATE:
                return False
            _put_be(tmp, <uint64_t>(_ordinal(cdt.date_year(value), cdt.date_month(value),
                                             cdt.date_day(value)) - _EPOCH_ORD), 4)
            _put(o, tmp, 4)
            return True
        if kind == K_BOOLEAN:
            if value is True or value is False:
                tmp[0] = 0
                _put_be(tmp + 1, 1, 4)
                tmp[5] = 1 if value is True else 0
                _put(o, tmp, 6)
                return True
            return False
        if kind == K_CHAR or kind == K_VARCHAR or kind == K_LVARCHAR:
            raw = self._encoded_text(value)
            if raw is None:
                return False
            n = len(raw)
            if kind == K_CHAR:
                if n > s.n:
                    return False  # blanks to drop, or too long: the pure encoder decides
                _put(o, PyBytes_AS_STRING(raw), n)
                _blanks(o, s.n - n)
            elif kind == K_VARCHAR:
                if n > s.n or n > 255:
                    return False
                tmp[0] = <unsigned char>n
                _put(o, tmp, 1)
                _put(o, PyBytes_AS_STRING(raw), n)
            else:
                if n > s.n:
                    return False
                tmp[0] = 0
                _put_be(tmp + 1, <uint64_t>n, 4)
                _put(o, tmp, 5)
                _put(o, PyBytes_AS_STRING(raw), n)
            return True
        if kind == K_DECIMAL:
            return _encode_decimal(s, value, o)
        if kind == K_DATETIME or kind == K_INTERVAL:
            return _encode_temporal(s, value, o)
        return False

    def __call__(self, values):
        """The tuple payload of one row: each value encoded as its column's type."""
        cdef unsigned char area[1024]
        cdef Out o
        cdef Py_ssize_t i = 0
        cdef object piece
        if len(values) != self.ncols:
            raise InterfaceError(f"row has {len(values)} values for {self.ncols} columns")
        o.p, o.len, o.cap, o.heap = area, 0, 1024, False
        try:
            for value in values:  # as the pure encoder's zip() takes them
                if i >= self.ncols:
                    break
                piece = self._nulls[i] if value is None else None
                if piece is None:
                    if self._fast(&self.specs[i], value, &o):
                        i += 1
                        continue
                    piece = self._encoders[i](value)
                if type(piece) is not bytes:
                    piece = bytes(piece)
                _put(&o, PyBytes_AS_STRING(piece), PyBytes_GET_SIZE(piece))
                i += 1
            return PyBytes_FromStringAndSize(<const char *>o.p, o.len)
        finally:
            if o.heap:
                PyMem_Free(o.p)


def row_decoder(columns, encoding="utf-8"):
    """A decoder ``(buf, offset=0) -> (tuple_of_values, new_offset)`` for rows of *columns*."""
    return RowDecoder(columns, encoding)


def row_encoder(columns, encoding="utf-8"):
    """An encoder ``values -> bytes`` for rows of *columns*."""
    return RowEncoder(columns, encoding)


def encode_row(columns, values, encoding="utf-8"):
    """The tuple payload of one row: each value encoded as its column's type."""
    if len(columns) != len(values):  # before any codec lookup, as the encoder checks
        raise InterfaceError(f"row has {len(values)} values for {len(columns)} columns")
    return RowEncoder(columns, encoding)(values)
