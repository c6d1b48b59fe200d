# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled twin of informix_db.codecs.columnar (see that module for the spec).

A column whose Arrow layout has a writer here (integers, floats, DATE,
BOOLEAN, text, DECIMAL(p,s), DATETIME, INTERVAL of whole digit pairs) is
written into growing C buffers straight from the tuple's bytes: no Python
object per value.  A value the writer does not decide (bytes that are not
the canonical form, a value that may not fit) is made as the row decoder
makes it and laid out by the pure ``build_column``; a column of any other
layout keeps its values as objects for ``build_column`` at ``take``.  A row
that raises is taken back and decided by the pure module, so both
implementations agree on every input by construction.
"""

cimport cython
from cpython.buffer cimport (
    PyBUF_C_CONTIGUOUS, PyBUF_FORMAT, PyBuffer_FillInfo, PyBuffer_Release, PyObject_GetBuffer,
)
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize
from cpython.mem cimport PyMem_Free, PyMem_Realloc
from cpython.unicode cimport PyUnicode_AsUTF8AndSize
from libc.stdint cimport INT64_MIN, int16_t, int32_t, int64_t, uint32_t, uint64_t
from libc.stdlib cimport free, realloc
from libc.string cimport memcpy, memmove, memset, strcmp

from informix_db._speedups.bigendian cimport _be16, _be32, _be64
from informix_db._speedups.rows cimport (
    C_TU_DAY, C_TU_HOUR, C_TU_MINUTE, C_TU_YEAR, E_LATIN1, E_UTF8, K_BIGINT, K_BOOLEAN, K_CHAR,
    K_DATE, K_DATETIME, K_DECIMAL, K_FLOAT, K_INT8, K_INTEGER, K_INTERVAL, K_LVARCHAR,
    K_SMALLFLOAT, K_SMALLINT, K_VARCHAR, Spec, T_DATE, T_DATETIME, T_DF, T_TIME, T_YM,
    RowDecoder, _Columns,
)

from informix_db.codecs import columnar as _pure
from informix_db.codecs.rows import RowDecoder as _PureRowDecoder
from informix_db.exceptions import DataError, InterfaceError

__all__ = ["Column", "ColumnDecoder", "build_column"]

Column = _pure.Column
build_column = _pure.build_column

cdef extern from *:
    """
    /* struct's own IEEE unpacking, as the pure codec's struct.unpack */
    #if PY_VERSION_HEX >= 0x030B0000
    #define ifx_col_unpack4(p) PyFloat_Unpack4((const char *)(p), 0)
    #define ifx_col_unpack8(p) PyFloat_Unpack8((const char *)(p), 0)
    #else
    #define ifx_col_unpack4(p) _PyFloat_Unpack4((const unsigned char *)(p), 0)
    #define ifx_col_unpack8(p) _PyFloat_Unpack8((const unsigned char *)(p), 0)
    #endif
    """
    # they fail only where C doubles are not IEEE 754, which CPython no longer supports
    double ifx_col_unpack4(const unsigned char *p) noexcept nogil
    double ifx_col_unpack8(const unsigned char *p) noexcept nogil

# DATE and DATETIME day arithmetic (_civil, _ordinal, _month_days, the DATE range)
include "codecs/datetime.pxi"
include "codecs/_temporal_fields.pxi"

#: 1970-01-01 as a proleptic Gregorian ordinal: Arrow's day 0
cdef int64_t _UNIX_ORD = 719163
cdef int64_t _US_PER_DAY = 86400000000LL

cdef inline int _cgrow(unsigned char **p, Py_ssize_t *cap, Py_ssize_t need) noexcept nogil:
    """Make *p* hold at least *need* bytes (new bytes zeroed); -1 when there
    is no memory (no exception: _write runs without Python objects)."""
    cdef Py_ssize_t new_cap
    cdef unsigned char *q
    if need <= cap[0]:
        return 0
    new_cap = cap[0] if cap[0] else 64
    while new_cap < need:
        new_cap *= 2
    q = <unsigned char *>realloc(p[0], new_cap)
    if q == NULL:
        return -1
    memset(q + cap[0], 0, new_cap - cap[0])
    p[0], cap[0] = q, new_cap
    return 0


cdef inline int _grow(unsigned char **p, Py_ssize_t *cap, Py_ssize_t need) except -1:
    """_cgrow, raising MemoryError."""
    if _cgrow(p, cap, need) < 0:
        raise MemoryError()
    return 0


cdef inline void _put_bit(unsigned char *bits, Py_ssize_t i, bint on) noexcept nogil:
    if on:
        bits[i >> 3] |= <unsigned char>(1 << (i & 7))
    else:
        bits[i >> 3] &= <unsigned char>~(1 << (i & 7))


cdef inline bint _get_bit(const unsigned char *bits, Py_ssize_t i) noexcept nogil:
    return (bits[i >> 3] >> (i & 7)) & 1


cdef inline void _valid(Col *c, Py_ssize_t row, bint ok) noexcept nogil:
    """Row *row* of *c* is a value (*ok*) or NULL."""
    _put_bit(c.valid, row, ok)
    if not ok:
        c.nulls += 1


cdef inline int64_t _floordiv(int64_t a, int64_t b) noexcept nogil:
    cdef int64_t q = a // b   # C truncates; Python's // (the pure builder's) floors
    if (a % b != 0) and ((a < 0) != (b < 0)):
        q -= 1
    return q


cdef bint _utf8_valid(const unsigned char *p, Py_ssize_t n) noexcept nogil:
    """Whether *p* is UTF-8 as Python's strict decoder takes it (no
    surrogates, no overlong forms, nothing past U+10FFFF)."""
    cdef Py_ssize_t i = 0
    cdef unsigned char c, c1
    cdef int more
    cdef uint64_t word
    while i < n:
        if i + 8 <= n:
            memcpy(&word, p + i, 8)
            if not (word & 0x8080808080808080ULL):
                i += 8
                continue
        c = p[i]
        if c < 0x80:
            i += 1
            continue
        if c < 0xC2:
            return False
        if c < 0xE0:
            more = 1
        elif c < 0xF0:
            more = 2
        elif c < 0xF5:
            more = 3
        else:
            return False
        if i + more >= n:
            return False  # cut short
        c1 = p[i + 1]
        if c == 0xE0:
            if c1 < 0xA0 or c1 > 0xBF:
                return False
        elif c == 0xED:
            if c1 < 0x80 or c1 > 0x9F:
                return False
        elif c == 0xF0:
            if c1 < 0x90 or c1 > 0xBF:
                return False
        elif c == 0xF4:
            if c1 < 0x80 or c1 > 0x8F:
                return False
        elif c1 < 0x80 or c1 > 0xBF:
            return False
        if more >= 2 and (p[i + 2] & 0xC0) != 0x80:
            return False
        if more == 3 and (p[i + 3] & 0xC0) != 0x80:
            return False
        i += more + 1
    return True


cdef Py_ssize_t _latin1_to_utf8(const unsigned char *p, Py_ssize_t n,
                                 unsigned char *out) noexcept nogil:
    """ISO 8859-1 bytes *p* as UTF-8 at *out* (room for 2n bytes); the bytes written."""
    cdef Py_ssize_t i = 0, k = 0
    cdef unsigned char c
    cdef uint64_t word
    while i + 8 <= n:  # runs of ASCII (the usual text) eight bytes at a time
        memcpy(&word, p + i, 8)
        if word & 0x8080808080808080ULL:
            break
        memcpy(out + k, &word, 8)
        i += 8
        k += 8
    for i in range(i, n):
        c = p[i]
        if c < 0x80:
            out[k] = c
            k += 1
        else:
            out[k] = 0xC0 | (c >> 6)
            out[k + 1] = 0x80 | (c & 0x3F)
            k += 2
    return k


# -- 128-bit integers as four 32-bit limbs (least significant first) -------------------------
# Portable C (no __int128): DECIMAL(p,s) values for decimal128.

cdef inline bint _muladd(uint32_t *w, uint32_t m, uint32_t a) noexcept nogil:
    """w = w * m + a; False on overflow past 128 bits."""
    cdef uint64_t carry = a
    cdef int i
    for i in range(4):
        carry += <uint64_t>w[i] * m
        w[i] = <uint32_t>carry
        carry >>= 32
    return carry == 0


cdef inline bint _div10_exact(uint32_t *w) noexcept nogil:
    """w = w / 10 when 10 divides it; False (w unchanged meaning nothing) when not."""
    cdef uint64_t rem = 0
    cdef uint32_t q[4]
    cdef int i
    for i in range(3, -1, -1):
        rem = (rem << 32) | w[i]
        q[i] = <uint32_t>(rem // 10)
        rem %= 10
    if rem:
        return False
    for i in range(4):
        w[i] = q[i]
    return True


# 10**38 in limbs: a decimal128 holds fewer than 39 digits
cdef uint32_t _E38[4]
_E38[:] = [0, 0x098A2240, 0x5A86C47A, 0x4B3B4CA8]


cdef inline bint _below_e38(const uint32_t *w) noexcept nogil:
    cdef int i
    for i in range(3, -1, -1):
        if w[i] != _E38[i]:
            return w[i] < _E38[i]
    return False


cdef int _decimal128(const Spec *s, const unsigned char *q, int scale,
                     unsigned char *out) noexcept nogil:
    """DECIMAL bytes *q* (width s.n, not NULL) as a little-endian 128-bit
    integer at *scale*: 1, or 0 when the pure path must decide (a digit above
    99, digits past the scale, too many digits)."""
    cdef Py_ssize_t nd = s.n - 1
    cdef Py_ssize_t i, last = -1
    cdef int head = q[0]
    cdef int pair, exponent, k
    cdef bint negative
    cdef uint32_t w[4]
    cdef uint64_t borrow
    cdef uint64_t small = 0
    w[0] = w[1] = w[2] = w[3] = 0
    for i in range(nd):
        if q[1 + i] > 99:
            return 0
        if q[1 + i]:
            last = i
    if last >= 0:
        negative = not (head & 0x80)
        exponent = ((head ^ 0x7F) if negative else (head & 0x7F)) - 64
        for i in range(last + 1):
            pair = q[1 + i]
            if negative:  # a negative value's pairs are complemented
                pair = (100 if i == last else 99) - pair
            if i < 9:  # up to 18 digits in one 64-bit word, then the limbs
                small = small * 100 + pair
                if i == 8 or i == last:
                    w[0], w[1] = <uint32_t>small, <uint32_t>(small >> 32)
            elif not _muladd(w, 100, pair):
                return 0
        # the digits are w * 100**(exponent - 1 - last); at the scale, times 10**k
        k = 2 * (exponent - 1 - <int>last) + scale
        while k < 0:
            if not _div10_exact(w):
                return 0  # digits past the scale: the pure codec rounds them
            k += 1
        while k > 0:
            if not _muladd(w, 10, 0):
                return 0
            k -= 1
        if not _below_e38(w):
            return 0
        if negative:  # two's complement
            borrow = 1
            for i in range(4):
                borrow += <uint32_t>~w[i]
                w[i] = <uint32_t>borrow
                borrow >>= 32
    for i in range(4):
        out[4 * i] = w[i] & 0xFF
        out[4 * i + 1] = (w[i] >> 8) & 0xFF
        out[4 * i + 2] = (w[i] >> 16) & 0xFF
        out[4 * i + 3] = (w[i] >> 24) & 0xFF
    return 1


cdef int _temporal(const Col *c, const Spec *s, const unsigned char *p,
                   unsigned char *out) noexcept nogil:
    """A DATETIME/INTERVAL value in column *c*'s unit: 1 written, 0 NULL, -1 pure path."""
    cdef int64_t values[6]
    cdef int f[6]
    cdef int us = 0
    cdef int64_t total, secs, months
    cdef int32_t i32
    if s.n - 1 > 127 or s.npairs > s.n - 1 or not s.aligned:
        return -1  # the forms the row decoder leaves to the pure codec
    if p[0] != s.head:  # NULL, or a negative interval (the pure path's)
        return 0 if p[0] == 0 and p[1] == 0 else -1
    if not _pair_fields(s, p + 1, s.n - 1, values, &us):
        return -1
    if c.out == O_DTDATE or c.out == O_TIMESTAMP or c.out == O_TIME:
        if not _datetime_parts(s, values, f):
            return -1
        if c.out == O_DTDATE:
            i32 = <int32_t>(_ordinal(f[0], f[1], f[2]) - _UNIX_ORD)
            memcpy(out, &i32, 4)
            return 1
        total = ((f[3] * 60 + f[4]) * 60 + f[5]) * <int64_t>1000000 + us
        if c.out == O_TIMESTAMP:
            total = _floordiv((_ordinal(f[0], f[1], f[2]) - _UNIX_ORD) * _US_PER_DAY + total, c.div)
            memcpy(out, &total, 8)
        elif c.width == 4:
            i32 = <int32_t>(total // c.div)
            memcpy(out, &i32, 4)
        else:
            memcpy(out, &total, 8)
        return 1
    if c.out == O_MONTHS:
        months = _interval_months(s, values)
        if months > 0x7FFFFFFF:
            return -1  # past int32: the pure builder says so
        i32 = <int32_t>months
        memset(out, 0, 16)
        memcpy(out, &i32, 4)
        return 1
    # O_DURATION: positive (a negative interval takes the pure path)
    secs = _interval_seconds(s, values)
    if secs // 86400 > 999999999:
        return -1  # beyond timedelta: the row decoder raises
    if c.div == 1:
        if secs > 9223372036853LL:
            return -1  # past int64 microseconds: the pure builder raises
        total = secs * 1000000 + us
    elif c.div == 1000:
        total = secs * 1000 + us // 1000
    else:
        total = secs
    memcpy(out, &total, 8)
    return 1


cdef int _choose(Col *c, const Spec *s, str fmt) except -1:
    """The writer of a column of kind s.kind laid out as *fmt* (O_OBJECT: none)."""
    cdef int kind = s.kind
    c.out = O_OBJECT
    c.width = 0
    c.div = 1
    if fmt == "s" and kind == K_SMALLINT:
        c.out, c.width = O_I16, 2
    elif fmt == "i" and kind == K_INTEGER:
        c.out, c.width = O_I32, 4
    elif fmt == "l" and (kind == K_BIGINT or kind == K_INT8):
        c.out, c.width = O_I64, 8
    elif fmt == "f" and kind == K_SMALLFLOAT:
        c.out, c.width = O_F32, 4
    elif fmt == "g" and kind == K_FLOAT:
        c.out, c.width = O_F64, 8
    elif fmt == "tdD" and kind == K_DATE:
        c.out, c.width = O_DATE32, 4
    elif fmt == "b" and kind == K_BOOLEAN:
        c.out = O_BOOL
    elif fmt in ("u", "U") and (kind == K_CHAR or kind == K_VARCHAR or kind == K_LVARCHAR):
        c.out, c.width = O_TEXT, (4 if fmt == "u" else 8)
    elif fmt.startswith("d:") and kind == K_DECIMAL and s.scale >= 0 \
            and fmt == f"d:{max(s.prec, 1)},{s.scale}":
        c.out, c.width, c.scale = O_DEC128, 16, s.scale
    elif kind == K_DATETIME and s.aligned:
        if fmt == "tdD" and s.tkind == T_DATE:
            c.out, c.width = O_DTDATE, 4
        elif s.tkind == T_DATETIME and fmt in ("tss:", "tsm:", "tsu:"):
            c.out, c.width = O_TIMESTAMP, 8
            c.div = {"tss:": 1000000, "tsm:": 1000, "tsu:": 1}[fmt]
        elif s.tkind == T_TIME and fmt in ("tts", "ttm", "ttu"):
            c.out = O_TIME
            c.width = 8 if fmt == "ttu" else 4
            c.div = {"tts": 1000000, "ttm": 1000, "ttu": 1}[fmt]
    elif kind == K_INTERVAL and s.aligned:
        if s.tkind == T_YM and fmt == "tin":
            c.out, c.width = O_MONTHS, 16
        elif s.tkind == T_DF and fmt in ("tDs", "tDm", "tDu"):
            c.out, c.width = O_DURATION, 8
            c.div = {"tDs": 1000000, "tDm": 1000, "tDu": 1}[fmt]
    return 0


#: _write's outcomes besides 1 (written) and 0 (the pure path decides)
cdef enum:
    _NO_MEMORY = -2
    _DECODE_TEXT = 2
    _TEXT_TOO_BIG = 3


cdef int _end_text(Col *c, Py_ssize_t row, const unsigned char *text, Py_ssize_t n,
                   bint null) noexcept nogil:
    """Append *n* UTF-8 bytes of text (none for NULL) and the row's end offset."""
    cdef int32_t i32
    cdef int64_t i64
    if _cgrow(&c.data, &c.data_cap, c.data_len + n) < 0:
        return _NO_MEMORY
    if n:
        memcpy(c.data + c.data_len, text, n)
    c.data_len += n
    if c.width == 4 and c.data_len > 0x7FFFFFFF:
        return _TEXT_TOO_BIG
    if _cgrow(&c.offs, &c.offs_cap, (row + 2) * c.width) < 0:
        return _NO_MEMORY
    if c.width == 4:
        i32 = <int32_t>c.data_len
        memcpy(c.offs + (row + 1) * 4, &i32, 4)
    else:
        i64 = c.data_len
        memcpy(c.offs + (row + 1) * 8, &i64, 8)
    _valid(c, row, not null)
    return 1


cdef int _write(Col *c, const Spec *s, const unsigned char *q, Py_ssize_t left,
                Py_ssize_t row, Py_ssize_t *used, int textkind,
                const unsigned char **text_out, Py_ssize_t *n_out) noexcept nogil:
    """Column *c*'s value at *q* (left bytes), written: 1 (used[0] bytes
    read), 0 when the pure path must decide, _NO_MEMORY, or _DECODE_TEXT:
    text of a code set decoded in Python (text_out/n_out say where; the
    caller writes it with _end_text)."""
    cdef int32_t i32
    cdef int16_t i16
    cdef int64_t i64
    cdef uint64_t mag
    cdef int sign, ind, r
    cdef Py_ssize_t n, need, text_len
    cdef float f32
    cdef double f64
    cdef bint null = False
    cdef const unsigned char *text = NULL
    cdef unsigned char *out
    cdef int kind = s.kind
    if c.out == O_TEXT:
        if kind == K_CHAR:
            n = s.n
            if n > left:
                return 0
            used[0] = n
            null = n > 0 and q[0] == 0
            text = q
        elif kind == K_VARCHAR:
            if left < 1:
                return 0
            n = q[0]
            if n > left - 1:
                return 0
            used[0] = 1 + n
            null = n == 1 and q[1] == 0
            text = q + 1
        else:
            if left < 5:
                return 0
            ind = q[0]
            i32 = <int32_t>_be32(q + 1)
            if i32 < 0 or i32 > left - 5 or (ind != 0 and ind != 1):
                return 0
            n = i32
            used[0] = 5 + n
            null = ind == 1
            text = q + 5
        if null:
            n = 0
        elif textkind == E_UTF8:
            if not _utf8_valid(text, n):
                return 0  # the pure codec raises its own error
        elif textkind == E_LATIN1:
            # each byte is its code point: ASCII as it is, the rest as two bytes
            if _cgrow(&c.data, &c.data_cap, c.data_len + 2 * n) < 0:
                return _NO_MEMORY
            c.data_len += _latin1_to_utf8(text, n, c.data + c.data_len)
            n = 0
        else:
            text_out[0], n_out[0] = text, n
            return _DECODE_TEXT
        return _end_text(c, row, text, n, null)
    if c.out == O_BOOL:
        if left < 5:
            return 0
        ind = q[0]
        i32 = <int32_t>_be32(q + 1)
        if i32 < 0 or i32 > left - 5:
            return 0
        if _cgrow(&c.data, &c.data_cap, (row >> 3) + 1) < 0:
            return _NO_MEMORY
        if ind == 1:
            _put_bit(c.data, row, False)
            _valid(c, row, False)
            used[0] = 5 + i32
            return 1
        if ind != 0 or i32 != 1:
            return 0
        sign = q[5]
        if sign == 1 or sign == 0x74 or sign == 0x54:
            _put_bit(c.data, row, True)
        elif sign == 0 or sign == 0x66 or sign == 0x46:
            _put_bit(c.data, row, False)
        else:
            return 0
        _valid(c, row, True)
        used[0] = 6
        return 1
    # fixed widths: the value (zeros for NULL) goes at data_len
    if _cgrow(&c.data, &c.data_cap, c.data_len + c.width) < 0:
        return _NO_MEMORY
    out = c.data + c.data_len
    if c.out == O_I32:
        if left < 4:
            return 0
        i32 = <int32_t>_be32(q)
        null = i32 == -0x7FFFFFFF - 1
        if null:
            i32 = 0
        memcpy(out, &i32, 4)
        used[0] = 4
    elif c.out == O_I64:
        if kind == K_BIGINT:
            if left < 8:
                return 0
            i64 = <int64_t>_be64(q)
            null = i64 == INT64_MIN
            used[0] = 8
        else:
            if left < 10:
                return 0
            sign = <int16_t>_be16(q)
            mag = (<uint64_t>_be32(q + 6) << 32) | _be32(q + 2)
            if sign == 0:
                null = True
            elif sign == 1 and mag <= 0x7FFFFFFFFFFFFFFFULL:
                i64 = <int64_t>mag
            elif sign == -1 and mag <= 0x8000000000000000ULL:
                i64 = <int64_t>(0 - mag)
            else:
                return 0  # past int64 or a bad sign word: the pure path
            used[0] = 10
        if null:
            i64 = 0
        memcpy(out, &i64, 8)
    elif c.out == O_I16:
        if left < 2:
            return 0
        i16 = <int16_t>_be16(q)
        null = i16 == -0x8000
        if null:
            i16 = 0
        memcpy(out, &i16, 2)
        used[0] = 2
    elif c.out == O_F64:
        if left < 8:
            return 0
        null = _be64(q) == 0xFFFFFFFFFFFFFFFFULL
        f64 = 0.0 if null else ifx_col_unpack8(q)
        memcpy(out, &f64, 8)
        used[0] = 8
    elif c.out == O_F32:
        if left < 4:
            return 0
        null = _be32(q) == 0xFFFFFFFFU
        # through a double, as the pure codec's float is stored into array("f")
        f32 = <float>(0.0 if null else ifx_col_unpack4(q))
        memcpy(out, &f32, 4)
        used[0] = 4
    elif c.out == O_DATE32:
        if left < 4:
            return 0
        i64 = <int32_t>_be32(q)
        null = i64 == -0x7FFFFFFF - 1
        if null:
            i32 = 0
        elif i64 < _MIN_DAYS or i64 > _MAX_DAYS:
            return 0
        else:
            i32 = <int32_t>(i64 + _EPOCH_ORD - _UNIX_ORD)
        memcpy(out, &i32, 4)
        used[0] = 4
    elif c.out == O_DEC128:
        if s.n > left:
            return 0
        null = q[0] == 0 and q[1] == 0
        if null:
            memset(out, 0, 16)
        elif not _decimal128(s, q, c.scale, out):
            return 0
        used[0] = s.n
    else:  # DATETIME and INTERVAL
        if s.n > left:
            return 0
        r = _temporal(c, s, q, out)
        if r < 0:
            return 0
        null = r == 0
        if null:
            memset(out, 0, c.width)
        used[0] = s.n
    c.data_len += c.width
    _valid(c, row, not null)
    return 1


@cython.final
cdef class ColumnDecoder(_Columns):
    """Decodes rows of *columns* (``ColumnType``s) under *encoding* into
    columns of Arrow *formats*, one per column."""

    def __cinit__(self, *args, **kwargs):
        self.cols = NULL

    def __dealloc__(self):
        cdef Py_ssize_t i
        if self.cols != NULL:
            for i in range(self.ncols):
                free(self.cols[i].valid)
                free(self.cols[i].data)
                free(self.cols[i].offs)
            PyMem_Free(self.cols)

    def __init__(self, columns, encoding, formats):
        cdef Py_ssize_t i
        cdef Col *c
        columns = tuple(columns)
        formats = tuple(formats)
        if len(formats) != len(columns):
            raise ValueError(f"{len(formats)} formats for {len(columns)} columns")
        for fmt in formats:
            _pure._check_format(fmt)
        # the pure row decoder first: it raises the pure module's errors for bad types
        self._pure_rows = _PureRowDecoder(columns, encoding)
        # each column's values as the row decoder makes them, for the columns
        # (and the values) the writers here do not take
        self._single = tuple(RowDecoder((ct,), encoding) for ct in columns)
        if self.cols != NULL:
            raise InterfaceError("a ColumnDecoder is initialised once")
        self._setup(columns, encoding)
        self.formats = formats
        self.length = 0
        self._marked = False
        self._checked = [(i, _pure._fit_check(f)) for i, (f, ct)
                         in enumerate(zip(formats, columns)) if _pure._fallible(f, ct)]
        self.cols = <Col *>PyMem_Realloc(NULL, max(self.ncols, 1) * sizeof(Col))
        if self.cols == NULL:
            raise MemoryError()
        memset(self.cols, 0, max(self.ncols, 1) * sizeof(Col))
        self._objects = []
        self._checks_objects = False
        for i in range(self.ncols):
            c = &self.cols[i]
            _choose(c, &self.specs[i], formats[i])
            if c.out == O_TEXT:
                _grow(&c.offs, &c.offs_cap, c.width)  # the first offset, 0
            self._objects.append([] if c.out == O_OBJECT else None)
            if c.out == O_OBJECT and any(j == i for j, _ in self._checked):
                self._checks_objects = True  # its values are checked as they come

    # -- adding rows -----------------------------------------------------------------------

    def __call__(self, buf, offset=0):
        """Decode the row at *offset* of *buf* into the columns: ``(None, new_offset)``."""
        cdef Py_buffer view
        cdef Py_ssize_t off
        if type(offset) is not int:
            return self._redo(buf, offset)
        PyObject_GetBuffer(buf, &view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT)
        try:
            if view.itemsize != 1 or (view.format != NULL and strcmp(view.format, b"B") != 0) \
                    or not 0 <= offset <= view.len:
                return self._redo(buf, offset)
            off = offset
            try:
                self.decode_into(buf, <const unsigned char *>view.buf, view.len, &off)
            except Exception:
                return self._redo(buf, offset)
            return None, off
        finally:
            PyBuffer_Release(&view)

    cdef object _redo(self, buf, offset):
        """The pure module's way: the whole row by the pure row decoder."""
        row, offset = self._pure_rows(buf, offset)
        self._add_rows((row,))
        return None, offset

    cdef int _mark(self) except -1:
        cdef Py_ssize_t i
        cdef Col *c
        for i in range(self.ncols):
            c = &self.cols[i]
            c.mark_data = c.data_len
            c.mark_nulls = c.nulls
            # the validity bit of the row to come: room for it now
            _grow(&c.valid, &c.valid_cap, (self.length >> 3) + 1)
        self._marked = True
        return 0

    cdef void _restore(self) noexcept:
        """Take back whatever the row being added wrote."""
        cdef Py_ssize_t i
        cdef Col *c
        for i in range(self.ncols):
            c = &self.cols[i]
            c.data_len = c.mark_data
            c.nulls = c.mark_nulls
        for values in self._objects:
            if values is not None:
                del values[self.length:]

    cdef int decode_into(self, buf, const unsigned char *p, Py_ssize_t end,
                         Py_ssize_t *offset) except -1:
        """Decode the row at offset[0] of p[0:end] (*buf* is the object p
        points into, for the pure codecs) and move offset[0] past it; on an
        exception nothing of the row stays."""
        cdef Py_ssize_t off = offset[0]
        cdef Py_ssize_t row = self.length
        cdef Py_ssize_t i, used, n
        cdef const unsigned char *text
        cdef int r
        cdef Col *c
        self._mark()
        try:
            for i in range(self.ncols):
                c = &self.cols[i]
                if c.out == O_OBJECT:
                    value = (<RowDecoder>self._single[i]).decode_row(buf, p, end, &off)[0]
                    (<list>self._objects[i]).append(value)
                    continue
                r = _write(c, &self.specs[i], p + off, end - off, row, &used, self.textkind,
                           &text, &n)
                if r == _DECODE_TEXT:
                    r = self._decoded_text(c, row, text, n)
                if r == 1:
                    off += used
                elif r != 0:
                    self._raise(r)
                else:
                    value = (<RowDecoder>self._single[i]).decode_row(buf, p, end, &off)[0]
                    self._append_value(i, value, row)
            if self._checks_objects:
                for i, check in self._checked:
                    values = self._objects[i]
                    if values is not None and values[row] is not None:
                        check(values[row])
        except BaseException:
            self._restore()
            raise
        self.length = row + 1
        offset[0] = off
        return 0

    cdef int _decoded_text(self, Col *c, Py_ssize_t row, const unsigned char *text,
                           Py_ssize_t n) except -1:
        """Text of the connection's code set, decoded and written as UTF-8
        (code sets other than UTF-8 and ISO 8859-1): 1, or 0 for the pure path."""
        cdef Py_ssize_t size
        cdef const char *utf8
        value = self._text(text, n)
        if value is None:
            return 0
        utf8 = PyUnicode_AsUTF8AndSize(value, &size)
        return _end_text(c, row, <const unsigned char *>utf8, size, False)

    cdef int _raise(self, int outcome) except -1:
        if outcome == _TEXT_TOO_BIG:
            raise DataError("more than 2 GiB of text in one Arrow batch: fetch smaller batches")
        raise MemoryError()

    cdef int _append_value(self, Py_ssize_t i, value, Py_ssize_t row) except -1:
        """One value made by the row decoder, laid out by the pure builder."""
        self._append_chunk(&self.cols[i], _pure.build_column(self.formats[i], [value]), row)
        return 0

    cdef int _append_chunk(self, Col *c, chunk, Py_ssize_t at) except -1:
        """Append *chunk* (a pure ``Column``) to *c*, its first row at row *at*."""
        cdef Py_ssize_t k = chunk.length
        cdef Py_ssize_t j, n
        cdef int64_t base, o64
        cdef int32_t o32
        cdef bytes valid, data, offs
        cdef const unsigned char *v
        buffers = chunk.buffers
        _grow(&c.valid, &c.valid_cap, ((at + k) >> 3) + 1)
        if buffers[0] is None:
            for j in range(k):
                _put_bit(c.valid, at + j, True)
        else:
            valid = bytes(memoryview(buffers[0]).cast("B"))
            v = <const unsigned char *>PyBytes_AS_STRING(valid)
            for j in range(k):
                _put_bit(c.valid, at + j, _get_bit(v, j))
        c.nulls += chunk.null_count
        if c.out == O_BOOL:
            data = bytes(memoryview(buffers[1]).cast("B"))
            v = <const unsigned char *>PyBytes_AS_STRING(data)
            _grow(&c.data, &c.data_cap, ((at + k) >> 3) + 1)
            for j in range(k):
                _put_bit(c.data, at + j, _get_bit(v, j))
        elif c.out == O_TEXT:
            offs = bytes(memoryview(buffers[1]).cast("B"))
            data = bytes(memoryview(buffers[2]).cast("B"))
            base = c.data_len
            _grow(&c.offs, &c.offs_cap, (at + k + 1) * c.width)
            v = <const unsigned char *>PyBytes_AS_STRING(offs)
            for j in range(1, k + 1):
                if c.width == 4:
                    memcpy(&o32, v + 4 * j, 4)
                    o64 = base + o32
                    if o64 > 0x7FFFFFFF:
                        raise DataError("more than 2 GiB of text in one Arrow batch: fetch "
                                        "smaller batches")
                    o32 = <int32_t>o64
                    memcpy(c.offs + 4 * (at + j), &o32, 4)
                else:
                    memcpy(&o64, v + 8 * j, 8)
                    o64 += base
                    memcpy(c.offs + 8 * (at + j), &o64, 8)
            n = len(data)
            _grow(&c.data, &c.data_cap, c.data_len + n)
            memcpy(c.data + c.data_len, PyBytes_AS_STRING(data), n)
            c.data_len += n
        else:
            data = bytes(memoryview(buffers[1]).cast("B"))
            n = len(data)
            if n != k * c.width:
                raise InterfaceError(f"a {c.width}-byte layout built {n} bytes for {k} values")
            _grow(&c.data, &c.data_cap, c.data_len + n)
            memcpy(c.data + c.data_len, PyBytes_AS_STRING(data), n)
            c.data_len += n
        return 0

    def drop_last(self):
        """Take back the last row added."""
        if not self.length:
            raise ValueError("no row to drop")
        if not self._marked:
            raise InterfaceError("only a row just decoded can be dropped")
        self.length -= 1
        self._restore()
        self._marked = False

    def add_rows(self, rows):
        """Add rows already decoded (tuples of values, in column order)."""
        self._add_rows(rows)

    cdef int _add_rows(self, rows) except -1:
        cdef Py_ssize_t i, at = self.length
        cdef Py_ssize_t ncols = self.ncols
        rows = list(rows)
        for row in rows:
            if len(row) != ncols:
                raise ValueError(f"a row of {len(row)} values for {ncols} columns")
            for i, check in self._checked:
                if row[i] is not None:
                    check(row[i])
        if not rows:
            return 0
        self._mark()
        try:
            for i in range(ncols):
                values = [row[i] for row in rows]
                if self._objects[i] is not None:
                    (<list>self._objects[i]).extend(values)
                else:
                    self._append_chunk(&self.cols[i],
                                       _pure.build_column(self.formats[i], values), at)
        except BaseException:
            self._restore()
            raise
        self.length = at + len(rows)
        self._marked = len(rows) == 1
        return 0

    # -- taking batches --------------------------------------------------------------------

    def take(self, n=None):
        """The first *n* rows held (all when None), as one ``Column`` per column."""
        cdef Py_ssize_t k, i
        if n is None or n > self.length:
            k = self.length
        else:
            k = max(<Py_ssize_t>n, 0)
        out = []
        for i in range(self.ncols):
            values = self._objects[i]
            if values is not None:
                out.append(_pure.build_column(self.formats[i], values[:k]))
                del values[:k]
            else:
                out.append(self._take_column(&self.cols[i], k))
        self.length -= k
        self._marked = False
        return out

    cdef object _take_column(self, Col *c, Py_ssize_t k):
        """The first *k* rows of *c* as a ``Column``: the data and offsets
        buffers handed over as they are (no copy), the rest of the rows
        moved to new ones."""
        cdef Py_ssize_t rest = self.length - k
        cdef Py_ssize_t j, nulls, cut
        cdef int64_t o64
        cdef int32_t o32
        cdef bytes valid = None
        cdef unsigned char *fresh = NULL
        cdef Py_ssize_t fresh_cap = 0
        _grow(&c.valid, &c.valid_cap, (self.length >> 3) + 1)
        if k == self.length:
            nulls = c.nulls
        else:
            nulls = 0
            for j in range(k):
                nulls += not _get_bit(c.valid, j)
        if nulls:
            valid = _bits_of(c.valid, k)
        if c.out == O_BOOL:
            _grow(&c.data, &c.data_cap, (self.length >> 3) + 1)
            buffers = [valid, _bits_of(c.data, k)]
            for j in range(rest):
                _put_bit(c.data, j, _get_bit(c.data, k + j))
        elif c.out == O_TEXT:
            if c.width == 4:
                memcpy(&o32, c.offs + 4 * k, 4)
                cut = o32
            else:
                memcpy(&o64, c.offs + 8 * k, 8)
                cut = <Py_ssize_t>o64
            # the rest's offsets, from 0, in a buffer of their own
            _grow(&fresh, &fresh_cap, (rest + 1) * c.width)
            for j in range(rest + 1):
                if c.width == 4:
                    memcpy(&o32, c.offs + 4 * (k + j), 4)
                    o32 -= <int32_t>cut
                    memcpy(fresh + 4 * j, &o32, 4)
                else:
                    memcpy(&o64, c.offs + 8 * (k + j), 8)
                    o64 -= cut
                    memcpy(fresh + 8 * j, &o64, 8)
            offs = _hand_over(&c.offs, &c.offs_cap, (k + 1) * c.width)
            c.offs, c.offs_cap = fresh, fresh_cap
            buffers = [valid, offs, self._split_data(c, cut)]
        else:
            buffers = [valid, self._split_data(c, k * c.width)]
        for j in range(rest):
            _put_bit(c.valid, j, _get_bit(c.valid, k + j))
        c.nulls -= nulls
        return Column(k, nulls, buffers)

    cdef object _split_data(self, Col *c, Py_ssize_t cut):
        """The first *cut* bytes of *c*'s data, handed over; the rest stay in a new buffer."""
        cdef unsigned char *fresh = NULL
        cdef Py_ssize_t fresh_cap = 0
        cdef Py_ssize_t left = c.data_len - cut
        if left:
            _grow(&fresh, &fresh_cap, left)
            memcpy(fresh, c.data + cut, left)
        out = _hand_over(&c.data, &c.data_cap, cut)
        c.data, c.data_cap, c.data_len = fresh, fresh_cap, left
        return out


cdef class _Buffer:
    """Bytes a decoder wrote, handed to Arrow as they are (its buffer
    protocol) and freed with this object."""

    cdef unsigned char *p
    cdef Py_ssize_t n

    def __dealloc__(self):
        free(self.p)

    def __getbuffer__(self, Py_buffer *view, int flags):
        PyBuffer_FillInfo(view, self, self.p, self.n, 0, flags)

    def __releasebuffer__(self, Py_buffer *view):
        pass

    def __len__(self):
        return self.n


cdef object _hand_over(unsigned char **p, Py_ssize_t *cap, Py_ssize_t n):
    """The first *n* bytes of *p[0]* as a ``_Buffer`` (its memory, trimmed to
    them); p[0] and cap[0] are left empty."""
    cdef _Buffer out = _Buffer.__new__(_Buffer)
    cdef unsigned char *q = p[0]
    cdef unsigned char *trimmed
    if q == NULL:
        _grow(&q, cap, 1)
    trimmed = <unsigned char *>realloc(q, n if n > 0 else 1)
    if trimmed != NULL:
        q = trimmed  # a failed trim keeps the larger block: still valid
    out.p, out.n = q, n
    p[0], cap[0] = NULL, 0
    return out


cdef bytes _bits_of(const unsigned char *bits, Py_ssize_t k):
    """The first *k* bits of *bits*, the bits past them clear (as the pure builder leaves them)."""
    cdef Py_ssize_t nbytes = (k + 7) >> 3
    # made empty, then filled: CPython shares the bytes object of one given
    # byte, which must never be written
    cdef bytes out = PyBytes_FromStringAndSize(NULL, nbytes)
    cdef unsigned char *w = <unsigned char *>PyBytes_AS_STRING(out)
    memcpy(w, bits, nbytes)
    if k & 7:
        w[nbytes - 1] &= <unsigned char>((1 << (k & 7)) - 1)
    return out
