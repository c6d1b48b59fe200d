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
from decimal import Decimal

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

# -- column kinds --------------------------------------------------------------

cdef enum Kind:
    K_PY = 0        # the pure codec, always
    K_SMALLINT
    K_INTEGER
    K_BIGINT
    K_INT8
    K_SMALLFLOAT
    K_FLOAT
    K_DATE
    K_BOOLEAN
    K_CHAR
    K_VARCHAR
    K_LVARCHAR
    K_DECIMAL
    K_DATETIME
    K_INTERVAL

# Qualifier units (Informix datetime.h), checked against informix_db.types below.
cdef enum Unit:
    C_TU_YEAR = 0
    C_TU_MONTH = 2
    C_TU_DAY = 4
    C_TU_HOUR = 6
    C_TU_MINUTE = 8

if (T.TU_YEAR, T.TU_MONTH, T.TU_DAY, T.TU_HOUR, T.TU_MINUTE) != (0, 2, 4, 6, 8):
    raise ImportError("informix_db.types qualifier units differ from the compiled rows module's")

_IntervalYM = T.IntervalYM
# module globals: looked up faster than attributes of the datetime module
_DATETIME, _DATE, _TIME, _TIMEDELTA = _dt.datetime, _dt.date, _dt.time, _dt.timedelta

cdef enum TextKind:
    E_UTF8 = 0
    E_LATIN1
    E_OTHER

cdef enum TemporalKind:
    T_DATE = 0
    T_TIME
    T_DATETIME
    T_YM
    T_DF

cdef object _FALLBACK = object()   # "let the pure codec read this column"

# 1899-12-31 as a proleptic Gregorian ordinal; the DATE range in day counts.
cdef int64_t _EPOCH_ORD = 693595
cdef int64_t _MIN_DAYS = 1 - 693595
cdef int64_t _MAX_DAYS = 3652059 - 693595
cdef int _FRAC_UNIT[6]
_FRAC_UNIT[:] = [1, 100000, 10000, 1000, 100, 10]
cdef int _DAYS_IN_MONTH[13]
_DAYS_IN_MONTH[:] = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
cdef const char *_PAIRS = (
    b"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    b"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    b"8081828384858687888990919293949596979899"
)


cdef inline void _put_be(unsigned char *p, uint64_t v, int width) noexcept nogil:
    cdef int i
    for i in range(width):
        p[width - 1 - i] = (v >> (8 * i)) & 0xFF


cdef inline bint _is_leap(int y) noexcept nogil:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


cdef inline int _month_days(int y, int m) noexcept nogil:
    if m == 2 and _is_leap(y):
        return 29
    return _DAYS_IN_MONTH[m]


cdef void _civil(int64_t ordinal, int *y, int *m, int *d) noexcept nogil:
    """Proleptic Gregorian year/month/day of an ordinal (1 = 0001-01-01),
    as date.fromordinal gives them (H. Hinnant's days-to-civil)."""
    cdef int64_t z = ordinal + 305   # days from 0000-03-01
    cdef int64_t era = z // 146097
    cdef int64_t doe = z - era * 146097
    cdef int64_t yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    cdef int64_t doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    cdef int64_t mp = (5 * doy + 2) // 153
    cdef int64_t dd = doy - (153 * mp + 2) // 5 + 1
    cdef int64_t mm = mp + 3 if mp < 10 else mp - 9
    y[0] = <int>(yoe + era * 400 + (1 if mm <= 2 else 0))
    m[0] = <int>mm
    d[0] = <int>dd


cdef int64_t _ordinal(int y, int m, int d) noexcept nogil:
    """The ordinal of a valid proleptic Gregorian date (date.toordinal)."""
    cdef int64_t yy = y - (1 if m <= 2 else 0)
    cdef int64_t era = yy // 400
    cdef int64_t yoe = yy - era * 400
    cdef int64_t mp = m - 3 if m > 2 else m + 9
    cdef int64_t doy = (153 * mp + 2) // 5 + d - 1
    cdef int64_t doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 305


cdef int _text_kind(encoding):
    try:
        name = _codecs.lookup(encoding).name
    except Exception:  # the pure codec reports a bad encoding when it meets one
        return E_OTHER
    if name == "utf-8":
        return E_UTF8
    if name == "iso8859-1":
        return E_LATIN1
    return E_OTHER


cdef int _fill_spec(Spec *s, ct) except -1:
    """Choose how column type *ct* is read; K_PY leaves it to the pure codec."""
    cdef int code = ct.sqltype
    cdef int length = ct.length
    cdef int i, scale
    memset(s, 0, sizeof(Spec))
    s.kind = K_PY
    if code == T.SQLSMINT:
        s.kind = K_SMALLINT
    elif code == T.SQLINT or code == T.SQLSERIAL:
        s.kind = K_INTEGER
    elif code == T.SQLINFXBIGINT or code == T.SQLBIGSERIAL:
        s.kind = K_BIGINT
    elif code == T.SQLINT8 or code == T.SQLSERIAL8:
        s.kind = K_INT8
    elif code == T.SQLSMFLOAT:
        s.kind = K_SMALLFLOAT
    elif code == T.SQLFLOAT:
        s.kind = K_FLOAT
    elif code == T.SQLDATE:
        s.kind = K_DATE
    elif code == T.SQLBOOL:
        s.kind = K_BOOLEAN
    elif code == T.SQLCHAR or code == T.SQLNCHAR:
        s.kind, s.n = K_CHAR, length
    elif code == T.SQLVCHAR or code == T.SQLNVCHAR:
        s.kind, s.n = K_VARCHAR, length & 0xFF
    elif code == T.SQLLVARCHAR:
        s.kind, s.n = K_LVARCHAR, length or 32739
    elif code == T.SQLDECIMAL or code == T.SQLMONEY:
        scale = length & 0xFF
        s.n = ((((length >> 8) & 0xFF) + (length & 1) + 3) // 2)
        # odd scales past 32 index nothing in the pure codec: leave them to it
        if s.n >= 2 and (scale <= 32 or scale == 0xFF):
            s.kind = K_DECIMAL
            s.scale = -1 if scale == 0xFF else scale
            s.prec = (length >> 8) & 0xFF
    elif code == T.SQLDTIME or code == T.SQLINTERVAL:
        lay = _layout(code, length)
        # fields of at most 9 digits add up in 64 bits; wider ones are malformed
        if len(lay.units) <= 6 and lay.width >= 2 and lay.frac <= 5 \
                and all(0 < w <= 9 for w in lay.widths):
            s.kind = K_DATETIME if code == T.SQLDTIME else K_INTERVAL
            s.n = lay.width
            s.head = lay.head
            s.npairs = lay.npairs
            s.pad = lay.pad
            s.nfields = len(lay.units)
            for i in range(s.nfields):
                s.units[i] = lay.units[i]
                s.widths[i] = lay.widths[i]
            s.frac = lay.frac
            s.aligned = lay.pad == 0 and all(w % 2 == 0 for w in lay.widths)
            if code == T.SQLDTIME:
                if lay.start >= T.TU_HOUR:
                    s.tkind = T_TIME
                elif lay.end <= T.TU_DAY:
                    s.tkind = T_DATE
                else:
                    s.tkind = T_DATETIME
            else:
                s.tkind = T_YM if lay.start <= T.TU_MONTH else T_DF
    return 0


cdef class _Columns:
    """The columns' specs in C, their pure codecs and their encoding."""

    def __cinit__(self, *args, **kwargs):
        self.specs = NULL
        self.ncols = 0

    def __dealloc__(self):
        PyMem_Free(self.specs)

    cdef int _setup(self, columns, encoding) except -1:
        cdef Py_ssize_t i
        self.columns = tuple(columns)
        self.encoding = encoding
        PyMem_Free(self.specs)  # __init__ may run twice
        self.specs = NULL
        self.ncols = 0
        self.specs = <Spec *>PyMem_Malloc(max(len(self.columns), 1) * sizeof(Spec))
        if self.specs == NULL:
            raise MemoryError()
        for i in range(len(self.columns)):
            _fill_spec(&self.specs[i], self.columns[i])
        self.ncols = len(self.columns)
        self.textkind = _text_kind(encoding)
        if self.textkind == E_OTHER:
            try:
                self.enc_name = str(encoding).encode("ascii")
            except Exception:
                self.enc_name = None
        return 0

    cdef object _text(self, const unsigned char *p, Py_ssize_t n):
        """Text of *n* bytes, None when the pure codec must decide.  Bytes the
        code set cannot decode raise here: the caller's whole row then goes
        to the pure codecs (a try block per value would cost every value)."""
        if self.textkind == E_UTF8:
            return PyUnicode_DecodeUTF8(<const char *>p, n, NULL)
        if self.textkind == E_LATIN1:
            return PyUnicode_DecodeLatin1(<const char *>p, n, NULL)
        if self.enc_name is not None:
            return PyUnicode_Decode(<const char *>p, n, PyBytes_AS_STRING(self.enc_name), NULL)
        return None


# -- decoding -------------------------------------------------------------------

cdef object _decimal_value(const Spec *s, const unsigned char *p, zero):
    """DECIMAL/MONEY of canonical bytes *p* (width s.n), or _FALLBACK."""
    cdef unsigned char digits[256]
    cdef char text[1100]
    cdef Py_ssize_t w = s.n
    cdef Py_ssize_t nd = w - 1
    cdef Py_ssize_t i, last, tlen, point, e, k, whole_len
    cdef int head = p[0]
    cdef bint negative
    cdef int exponent
    cdef char *out
    if nd > 255:
        return _FALLBACK
    for i in range(nd):
        if p[1 + i] > 99:
            return _FALLBACK
        digits[i] = p[1 + i]
    if head & 0x80:
        negative = False
        exponent = (head & 0x7F) - 64
    else:
        negative = True
        exponent = (head ^ 0x7F) - 64
        last = nd - 1
        while last >= 0 and digits[last] == 0:
            last -= 1
        if last >= 0:
            digits[last] = 100 - digits[last]
            for i in range(last):
                digits[i] = 99 - digits[i]
    # the digit text, trailing zeros dropped
    tlen = 0
    for i in range(nd):
        text[tlen] = _PAIRS[2 * digits[i]]
        text[tlen + 1] = _PAIRS[2 * digits[i] + 1]
        tlen += 2
    while tlen > 0 and text[tlen - 1] == b'0':
        tlen -= 1
    if tlen == 0:
        return zero
    point = 2 * exponent
    cdef char buf[1400]
    out = buf
    k = 0
    if negative:
        out[k] = b'-'
        k += 1
    if s.scale >= 0:
        if tlen - point > s.scale:
            return _FALLBACK  # more digits than the scale: the pure codec rounds
        if point >= 0:
            whole_len = tlen if tlen < point else point
            if point == 0:
                out[k] = b'0'
                k += 1
            else:
                memcpy(out + k, text, whole_len)
                k += whole_len
                for i in range(point - whole_len):
                    out[k] = b'0'
                    k += 1
            if s.scale:
                out[k] = b'.'
                k += 1
                e = 0
                if tlen > point:
                    memcpy(out + k, text + point, tlen - point)
                    k += tlen - point
                    e = tlen - point
                for i in range(s.scale - e):
                    out[k] = b'0'
                    k += 1
        else:
            out[k] = b'0'
            k += 1
            if s.scale:
                out[k] = b'.'
                k += 1
                for i in range(-point):
                    out[k] = b'0'
                    k += 1
                memcpy(out + k, text, tlen)
                k += tlen
                for i in range(s.scale - (tlen - point)):
                    out[k] = b'0'
                    k += 1
        return Decimal(PyUnicode_FromStringAndSize(buf, k))
    # floating: text * 10**e, a positive exponent written out (exponent 0)
    memcpy(out + k, text, tlen)
    k += tlen
    e = point - tlen
    if e > 0:
        for i in range(e):
            out[k] = b'0'
            k += 1
        return Decimal(PyUnicode_FromStringAndSize(buf, k))
    return Decimal(PyUnicode_FromStringAndSize(buf, k) + f"E{e}")


cdef bint _digit_fields(const Spec *s, const unsigned char *p, Py_ssize_t nd, int head,
                        int64_t *values, int *us, bint *negative) noexcept:
    """The fields (and microseconds, and sign) of DATETIME/INTERVAL bytes *p*,
    digit by digit: any layout, negative intervals.  False: the pure codec
    must decide."""
    cdef unsigned char digits[128]
    cdef unsigned char dd[256]
    cdef Py_ssize_t i, last, pos
    cdef int64_t v, fracv
    cdef int j
    if head == s.head:
        negative[0] = False
        for i in range(nd):
            digits[i] = p[1 + i]
    elif s.kind == K_INTERVAL and head == (s.head ^ 0xFF):
        negative[0] = True
        for i in range(nd):
            if p[1 + i] > 99:
                return False
            digits[i] = p[1 + i]
        last = nd - 1
        while last >= 0 and digits[last] == 0:
            last -= 1
        if last >= 0:
            digits[last] = 100 - digits[last]
            for i in range(last):
                digits[i] = 99 - digits[i]
    else:
        return False
    for i in range(s.npairs):
        if digits[i] > 99:
            return False
        dd[2 * i] = digits[i] // 10
        dd[2 * i + 1] = digits[i] % 10
    for i in range(s.npairs, nd):
        if digits[i]:
            return False
    if s.pad and dd[0]:
        return False
    pos = s.pad
    for j in range(s.nfields):
        v = 0
        for i in range(s.widths[j]):
            v = v * 10 + dd[pos + i]
        pos += s.widths[j]
        values[j] = v
    fracv = 0
    for i in range(s.frac):
        fracv = fracv * 10 + dd[pos + i]
    us[0] = <int>(fracv * _FRAC_UNIT[s.frac]) if s.frac else 0
    return True


cdef object _temporal_value(const Spec *s, const unsigned char *p):
    """DATETIME/INTERVAL of bytes *p* (width s.n), None for NULL, or _FALLBACK."""
    cdef const unsigned char *q
    cdef Py_ssize_t nd = s.n - 1
    cdef Py_ssize_t i, pos
    cdef int head = p[0]
    cdef bint negative
    cdef int64_t values[6]
    cdef int64_t v, fracv, months, secs
    cdef int f[6]
    cdef int j, us
    if nd > 127 or s.npairs > nd:
        return _FALLBACK
    if s.aligned and head == s.head:
        # The common case (every DATETIME, intervals of even leading
        # precision): each field is whole digit pairs, read straight off p.
        q = p + 1
        for i in range(s.npairs):
            if q[i] > 99:
                return _FALLBACK
        for i in range(s.npairs, nd):
            if q[i]:
                return _FALLBACK
        negative = False
        pos = 0
        for j in range(s.nfields):
            v = 0
            for i in range(s.widths[j] >> 1):
                v = v * 100 + q[pos]
                pos += 1
            values[j] = v
        fracv = 0
        if s.frac:
            for i in range((s.frac + 1) >> 1):
                fracv = fracv * 100 + q[pos + i]
            if s.frac & 1:
                fracv //= 10  # the pair's second digit is past the qualifier
        us = <int>(fracv * _FRAC_UNIT[s.frac]) if s.frac else 0
    elif head == 0 and p[1] == 0:
        return None
    elif not _digit_fields(s, p, nd, head, values, &us, &negative):
        return _FALLBACK

    if s.kind == K_DATETIME:
        f[0], f[1], f[2], f[3], f[4], f[5] = 2000, 1, 1, 0, 0, 0
        for j in range(s.nfields):
            if values[j] > 9999:
                return _FALLBACK
            f[s.units[j] // 2] = <int>values[j]
        if s.tkind != T_TIME:
            if not (1 <= f[0] <= 9999 and 1 <= f[1] <= 12 and 1 <= f[2] <= _month_days(f[0], f[1])):
                return _FALLBACK
        if s.tkind != T_DATE:
            if not (f[3] <= 23 and f[4] <= 59 and f[5] <= 59):
                return _FALLBACK
        if s.tkind == T_DATE:
            return cdt.date_new(f[0], f[1], f[2])
        if s.tkind == T_TIME:
            return cdt.time_new(f[3], f[4], f[5], us, None)
        return cdt.datetime_new(f[0], f[1], f[2], f[3], f[4], f[5], us, None)

    if s.tkind == T_YM:
        months = 0
        for j in range(s.nfields):
            months += values[j] * (12 if s.units[j] == C_TU_YEAR else 1)
        return _IntervalYM.from_months(-months if negative else months)
    secs = 0
    for j in range(s.nfields):
        if s.units[j] == C_TU_DAY:
            secs += values[j] * 86400
        elif s.units[j] == C_TU_HOUR:
            secs += values[j] * 3600
        elif s.units[j] == C_TU_MINUTE:
            secs += values[j] * 60
        else:
            secs += values[j]
    if secs // 86400 > 999999999:
        return _FALLBACK  # beyond timedelta: the pure codec says so
    try:
        if negative:
            return cdt.timedelta_new(-<int>(secs // 86400), -<int>(secs % 86400), -us)
        return cdt.timedelta_new(<int>(secs // 86400), <int>(secs % 86400), us)
    except OverflowError:
        return _FALLBACK


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
    if kind == K_INTEGER:
        if left < 4:
            return _FALLBACK
        offset[0] = off + 4
        i32 = <int32_t>_be32(p + off)
        return None if i32 == -0x7FFFFFFF - 1 else i32
    if kind == K_BIGINT:
        if left < 8:
            return _FALLBACK
        offset[0] = off + 8
        i64 = <int64_t>_be64(p + off)
        return None if i64 == -0x7FFFFFFFFFFFFFFF - 1 else i64
    if kind == K_INT8:
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
    if kind == K_SMALLFLOAT:
        if left < 4:
            return _FALLBACK
        offset[0] = off + 4
        if _be32(p + off) == 0xFFFFFFFFU:
            return None
        return ifx_unpack4(p + off)
    if kind == K_FLOAT:
        if left < 8:
            return _FALLBACK
        offset[0] = off + 8
        if _be64(p + off) == 0xFFFFFFFFFFFFFFFFULL:
            return None
        return ifx_unpack8(p + off)
    if kind == K_DATE:
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
    if kind == K_CHAR:
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
    if kind == K_VARCHAR:
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
    if kind == K_LVARCHAR or kind == K_BOOLEAN:
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
    if kind == K_DECIMAL:
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
    if kind == K_DATETIME or kind == K_INTERVAL:
        n = s.n
        if n > left:
            return _FALLBACK
        value = _temporal_value(s, p + off)
        if value is not _FALLBACK:
            offset[0] = off + n
        return value
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


cdef int _put(Out *o, const void *data, Py_ssize_t n) except -1:
    """Append *n* bytes to the row, growing it onto the heap when needed."""
    cdef Py_ssize_t cap = o.cap
    cdef unsigned char *grown
    if o.len + n > cap:
        while cap < o.len + n:
            cap *= 2
        if o.heap:
            grown = <unsigned char *>PyMem_Realloc(o.p, cap)
        else:
            grown = <unsigned char *>PyMem_Malloc(cap)
            if grown != NULL:
                memcpy(grown, o.p, o.len)
        if grown == NULL:
            raise MemoryError()
        o.p, o.cap, o.heap = grown, cap, True
    if n:
        memcpy(o.p + o.len, data, n)
    o.len += n
    return 0


cdef int _blanks(Out *o, Py_ssize_t n) except -1:
    cdef unsigned char blanks[64]
    cdef Py_ssize_t step
    memset(blanks, 0x20, 64)
    while n > 0:
        step = n if n < 64 else 64
        _put(o, blanks, step)
        n -= step
    return 0


cdef int _pack_base100(Out *o, int head, bint negative, unsigned char *pairs,
                       Py_ssize_t npairs, Py_ssize_t width) except -1:
    """The exponent byte and digit pairs (complemented when negative), zero
    padded to *width* bytes, as the pure ``pack_base100`` writes them."""
    cdef unsigned char zeros[64]
    cdef Py_ssize_t i, last, n
    if negative:
        head ^= 0xFF
        last = npairs - 1
        while last >= 0 and pairs[last] == 0:
            last -= 1
        if last >= 0:
            pairs[last] = 100 - pairs[last]
            for i in range(last):
                pairs[i] = 99 - pairs[i]
    zeros[0] = <unsigned char>head
    _put(o, zeros, 1)
    _put(o, pairs, npairs)
    memset(zeros, 0, 64)
    n = width - 1 - npairs
    while n > 0:
        _put(o, zeros, n if n < 64 else 64)
        n -= 64
    return 0


cdef bint _decimal_parts(str text, unsigned char *dec, Py_ssize_t *nd, long *exp,
                        bint *negative) except -1:
    """Significant digits (leading zeros dropped, at most 32), exponent and sign
    of a finite Decimal's str(); False for anything else."""
    cdef Py_ssize_t n, i = 0, count = 0, frac = 0
    cdef const char *p = PyUnicode_AsUTF8AndSize(text, &n)
    cdef bint point = False, digit = False, eneg = False
    cdef long e = 0
    cdef char c  # compared with ASCII codes: 48-57 digits, 45 '-', 43 '+', 46 '.', 69/101 E/e
    negative[0] = n > 0 and p[0] == 45
    if negative[0]:
        i = 1
    while i < n:
        c = p[i]
        if 48 <= c <= 57:
            digit = True
            if point:
                frac += 1
            if c != 48 or count:
                if count == 32:
                    return False
                dec[count] = c - 48
                count += 1
        elif c == 46 and not point:
            point = True
        else:
            break
        i += 1
    if not digit:
        return False
    if i < n:
        if p[i] != 69 and p[i] != 101:
            return False
        i += 1
        if i < n and (p[i] == 43 or p[i] == 45):
            eneg = p[i] == 45
            i += 1
        if i == n:
            return False
        while i < n:
            c = p[i]
            if not 48 <= c <= 57 or e > 100000:
                return False
            e = e * 10 + (c - 48)
            i += 1
    e = (-e if eneg else e) - frac
    if not -1000 <= e <= 1000:
        return False
    nd[0], exp[0] = count, e
    return True


cdef bint _encode_decimal(const Spec *s, value, Out *o) except -1:
    """A Decimal that needs no rounding, written in C; False otherwise."""
    cdef unsigned char dec[40]
    cdef unsigned char pairs[24]
    cdef unsigned char text[40]
    cdef Py_ssize_t nd, i, start, npairs, ntext
    cdef long e, exponent
    cdef bint negative
    if type(value) is not Decimal:
        return False
    # str() is the Decimal's exact coefficient and exponent, and cheaper than as_tuple()
    if not _decimal_parts(str(value), dec, &nd, &e, &negative):
        return False  # NaN/Infinity, more than 32 digits, an exponent beyond any column
    start = 0
    if s.scale >= 0:
        if e != -s.scale:
            return False  # the pure encoder quantizes (rounds or pads) it
        if start < nd and e + (nd - start) - 1 >= s.prec - s.scale:
            return False  # too many digits before the point: its DataError
    elif nd > s.prec:
        return False  # rounded to the precision by the pure encoder
    if start == nd:  # zero: the smallest exponent and no digits
        _pack_base100(o, 0x80, False, pairs, 0, s.n)
        return True
    # the significant digits, the point aligned on a pair boundary
    ntext = 0
    if ((nd - start) + (e & 1)) & 1:
        ntext = 1  # a leading zero digit makes the count even
    if ntext:
        text[0] = 0
    for i in range(start, nd):
        text[ntext] = dec[i]
        ntext += 1
    if e & 1:
        text[ntext] = 0
        ntext += 1
        e -= 1
    npairs = ntext // 2
    for i in range(npairs):
        pairs[i] = text[2 * i] * 10 + text[2 * i + 1]
    exponent = npairs + e // 2
    while npairs and pairs[npairs - 1] == 0:
        npairs -= 1
    if npairs > 16 or not -64 <= exponent <= 63 or 1 + npairs > s.n:
        return False
    _pack_base100(o, 0x80 | (exponent + 64), negative, pairs, npairs, s.n)
    return True


cdef bint _encode_temporal(const Spec *s, value, Out *o) except -1:
    """A DATETIME/INTERVAL value of the usual Python type, written in C; False otherwise."""
    cdef int64_t values[6]
    cdef int64_t total, rest, unit, fracv = 0, limit
    cdef unsigned char text[64]
    cdef unsigned char pairs[32]
    cdef Py_ssize_t ntext = 0, i
    cdef int j, k
    cdef bint negative = False
    cdef int tk = s.tkind
    cls = type(value)
    if s.kind == K_DATETIME:
        if cls is _DATETIME:
            pass
        elif cls is _DATE:
            if tk == T_TIME:
                return False
        elif cls is _TIME:
            if tk != T_TIME:
                return False
        else:
            return False
        for j in range(s.nfields):
            k = s.units[j]
            if k == C_TU_YEAR:
                values[j] = cdt.date_year(value)
            elif k == C_TU_MONTH:
                values[j] = cdt.date_month(value)
            elif k == C_TU_DAY:
                values[j] = cdt.date_day(value)
            elif cls is _DATE:
                values[j] = 0
            elif cls is _TIME:
                values[j] = (cdt.time_hour(value) if k == C_TU_HOUR else
                             cdt.time_minute(value) if k == C_TU_MINUTE else cdt.time_second(value))
            else:
                values[j] = (cdt.datetime_hour(value) if k == C_TU_HOUR else
                             cdt.datetime_minute(value) if k == C_TU_MINUTE
                             else cdt.datetime_second(value))
        if s.frac:
            if cls is _TIME:
                fracv = cdt.time_microsecond(value)
            elif cls is _DATETIME:
                fracv = cdt.datetime_microsecond(value)
            fracv //= _FRAC_UNIT[s.frac]
    elif s.tkind == T_YM:
        if cls is not _IntervalYM:
            return False
        months = value.total_months
        if type(months) is not int or not -10**15 <= months <= 10**15:
            return False
        total = months
        negative = total < 0
        rest = -total if negative else total
        for j in range(s.nfields):
            unit = 12 if s.units[j] == C_TU_YEAR else 1
            values[j] = rest // unit
            rest %= unit
    else:
        if cls is not _TIMEDELTA:
            return False
        if not -100_000_000 <= cdt.timedelta_days(value) <= 100_000_000:
            return False  # the microsecond total would not fit 64 bits
        total = ((<int64_t>cdt.timedelta_days(value) * 86400 + cdt.timedelta_seconds(value))
                 * 1000000 + cdt.timedelta_microseconds(value))
        negative = total < 0
        rest = -total if negative else total
        for j in range(s.nfields):
            k = s.units[j]
            unit = (86400000000 if k == C_TU_DAY else 3600000000 if k == C_TU_HOUR
                    else 60000000 if k == C_TU_MINUTE else 1000000)
            values[j] = rest // unit
            rest %= unit
        fracv = rest // _FRAC_UNIT[s.frac] if s.frac else 0
    # every field must fit its digits; the pure encoder reports those that do not
    for j in range(s.nfields):
        limit = 1
        for i in range(s.widths[j]):
            limit *= 10
        if not 0 <= values[j] < limit:
            return False
    limit = 1
    for i in range(s.frac):
        limit *= 10
    if not 0 <= fracv < limit:
        return False
    if negative:
        negative = fracv != 0
        for j in range(s.nfields):
            if values[j]:
                negative = True
    if s.pad:
        text[0] = 0
        ntext = 1
    for j in range(s.nfields):
        unit = values[j]
        for i in range(s.widths[j] - 1, -1, -1):
            text[ntext + i] = unit % 10
            unit //= 10
        ntext += s.widths[j]
    unit = fracv
    for i in range(s.frac - 1, -1, -1):
        text[ntext + i] = unit % 10
        unit //= 10
    ntext += s.frac
    if s.frac & 1:
        text[ntext] = 0
        ntext += 1
    for i in range(ntext // 2):
        pairs[i] = text[2 * i] * 10 + text[2 * i + 1]
    if 1 + ntext // 2 > s.n:
        return False
    _pack_base100(o, s.head, negative, pairs, ntext // 2, s.n)
    return True


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
