# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled twin of informix_db.arrow.binds (see that module for the spec).

``batch_messages`` reads each column of an Arrow batch from its buffers
and writes the rows' SQ_BIND messages with ``binding.pyx``'s writers, the
values' bytes the same as ``bind_message`` gives for the Python values the
reader makes: integers by value (the narrowest of SMALLINT/INTEGER/BIGINT),
float32/float64 as FLOAT, booleans as SMALLINT, decimal128 as DECIMAL,
utf8/large_utf8 as CHAR (ASCII, or any valid UTF-8 when the connection's
code set is UTF-8), date32 as DATE, timestamps as DATETIME YEAR TO
FRACTION(5), durations as INTERVAL DAY(9) TO FRACTION(5), the null type
as NULL: no Python object per cell.

Everything else goes the spec's way: a column of another type (or
dictionary-encoded) as the reader's Python values through ``_put_value``; a
value the C code does not write (non-ASCII text for another code set, a
DECIMAL of more than 32 digits, an unsigned 64-bit integer past BIGINT)
likewise, from its column's values; and a batch the reader would refuse
(a date or timestamp out of Python's range, text that is not UTF-8,
decreasing offsets) is handed whole to the pure ``batch_messages``, which
raises what the reader raises.
"""

import ctypes

from cpython.bytes cimport PyBytes_FromStringAndSize
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from libc.stdint cimport int8_t, int16_t, int32_t, int64_t, uint8_t, uint16_t, uint32_t
from libc.stdint cimport uint64_t, uintptr_t
from libc.string cimport memcpy

from informix_db._speedups.bigendian cimport _put16
from informix_db._speedups.binding cimport (
    _Out, _bind_error, _decimal_digits, _encoding_c, _interval_data, _put_bool, _put_chars,
    _put_data, _put_days, _put_double, _put_ll, _put_null, _put_value, _timestamp_data,
)

import codecs

from informix_db import types as T
from informix_db.arrow import binds as _spec
from informix_db.arrow import reader as _reader
from informix_db.exceptions import Error, InterfaceError
from informix_db.framing import messages as sq
from informix_db.protocol.binding import blob_stream

__all__ = ["batch_messages"]

cdef extern from *:
    """
    /* |v| of a little-endian two's-complement 128-bit integer as decimal
       digit values, most significant first, no leading zero (none for 0),
       into out (room for 39); the count, and *neg. */
    static int ifxa_dec128_digits(const unsigned char *p, int *neg, char *out) {
        uint32_t limb[4];
        char rev[48];
        int i, d, n = 0;
        uint64_t carry, rem, cur;
        for (i = 0; i < 4; i++)
            limb[i] = (uint32_t)p[4 * i] | ((uint32_t)p[4 * i + 1] << 8)
                      | ((uint32_t)p[4 * i + 2] << 16) | ((uint32_t)p[4 * i + 3] << 24);
        *neg = (int)(limb[3] >> 31);
        if (*neg) {
            carry = 1;
            for (i = 0; i < 4; i++) {
                cur = (uint64_t)(uint32_t)~limb[i] + carry;
                limb[i] = (uint32_t)cur;
                carry = cur >> 32;
            }
        }
        while (limb[0] | limb[1] | limb[2] | limb[3]) {
            rem = 0;
            for (i = 3; i >= 0; i--) {
                cur = (rem << 32) | limb[i];
                limb[i] = (uint32_t)(cur / 1000000000u);
                rem = cur % 1000000000u;
            }
            for (d = 0; d < 9; d++) {
                rev[n++] = (char)(rem % 10);
                rem /= 10;
            }
        }
        while (n > 0 && rev[n - 1] == 0)
            n--;
        for (i = 0; i < n; i++)
            out[i] = rev[n - 1 - i];
        return n;
    }

    /* The n bytes at s as text: 0 ASCII without NUL, 1 other UTF-8 without
       NUL, 2 UTF-8 with a NUL, -1 not UTF-8 as Python's strict decoder takes
       it (overlong forms, surrogates, past U+10FFFF, cut short). */
    static int ifxa_text_class(const unsigned char *s, int64_t n) {
        int64_t i = 0;
        int cls = 0;
        unsigned char c, c1;
        while (i < n) {
            c = s[i];
            if (c < 0x80) {
                if (c == 0) cls = 2;
                i++;
                continue;
            }
            if (cls == 0) cls = 1;
            if (c >= 0xC2 && c <= 0xDF) {
                if (i + 1 >= n || (s[i + 1] & 0xC0) != 0x80) return -1;
                i += 2;
            } else if (c >= 0xE0 && c <= 0xEF) {
                if (i + 2 >= n) return -1;
                c1 = s[i + 1];
                if ((c1 & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80) return -1;
                if (c == 0xE0 && c1 < 0xA0) return -1;
                if (c == 0xED && c1 > 0x9F) return -1;
                i += 3;
            } else if (c >= 0xF0 && c <= 0xF4) {
                if (i + 3 >= n) return -1;
                c1 = s[i + 1];
                if ((c1 & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80
                        || (s[i + 3] & 0xC0) != 0x80) return -1;
                if (c == 0xF0 && c1 < 0x90) return -1;
                if (c == 0xF4 && c1 > 0x8F) return -1;
                i += 4;
            } else {
                return -1;
            }
        }
        return cls;
    }
    """
    int ifxa_dec128_digits(const unsigned char *p, int *neg, char *out) noexcept nogil
    int ifxa_text_class(const unsigned char *s, int64_t n) noexcept nogil


cdef struct ArrowArray:
    int64_t length
    int64_t null_count
    int64_t offset
    int64_t n_buffers
    int64_t n_children
    const void **buffers
    ArrowArray **children
    ArrowArray *dictionary
    void (*release)(ArrowArray *)
    void *private_data


#: What a column is read as.
cdef enum Kind:
    K_PY = 0      # the reader's Python values, through _put_value
    K_NULL
    K_I8
    K_U8
    K_I16
    K_U16
    K_I32
    K_U32
    K_I64
    K_U64
    K_F32
    K_F64
    K_BOOL
    K_UTF8        # int32 offsets
    K_LUTF8       # int64 offsets
    K_DEC128
    K_DATE32
    K_TS          # int64 in units of `unit`: 0 s, 1 ms, 2 us, 3 ns
    K_DUR         # duration: int64 in units of `unit`, as K_TS


cdef struct Col:
    int kind
    int unit            # K_TS: the unit; K_DEC128: the scale
    int64_t offset      # of the column's first row in its buffers
    const unsigned char *valid   # NULL: no nulls
    const unsigned char *data
    const unsigned char *chars   # text's bytes


cdef dict _SIMPLE = {"n": K_NULL, "c": K_I8, "C": K_U8, "s": K_I16, "S": K_U16, "i": K_I32,
                     "I": K_U32, "l": K_I64, "L": K_U64, "f": K_F32, "g": K_F64, "b": K_BOOL,
                     "u": K_UTF8, "U": K_LUTF8, "tdD": K_DATE32}
cdef dict _TS_UNITS = {"s": 0, "m": 1, "u": 2, "n": 3}
#: DATE is days since 1899-12-31; Arrow's date32 since 1970-01-01.
cdef long _DATE_SHIFT = 25568
#: date32 days Python's date takes (0001-01-01 .. 9999-12-31).
cdef int64_t _DAY_MIN = 1 - 719163
cdef int64_t _DAY_MAX = 3652059 - 719163
cdef int64_t _US_DAY = 86400000000
#: Seconds and milliseconds within these are microseconds within 64 bits.
cdef int64_t _S_MAX = 9000000000000
cdef int64_t _MS_MAX = 9000000000000000
cdef Py_ssize_t _CHAR_MAX = 0xFFFF
#: The length word of binding's DATETIME YEAR TO FRACTION(5) parameters.
cdef int _TS_LEN = T.datetime_length(T.TU_YEAR, T.TU_F5)
#: ... and of its INTERVAL DAY(9) TO FRACTION(5) ones.
cdef int _IV_LEN = T.interval_length(T.TU_DAY, T.TU_F5, 9)


class _Refused(Exception):
    """A batch the reader would refuse: the pure spec runs it and raises."""


cdef int _kind(str fmt, int *unit) except -1:
    """The Kind of a column of format *fmt* (K_PY for the reader's way)."""
    k = _SIMPLE.get(fmt)
    if k is not None:
        return k
    if fmt.startswith("d:"):
        parts = fmt[2:].split(",")
        if len(parts) == 2 or (len(parts) == 3 and parts[2] == "128"):
            unit[0] = int(parts[1])
            return K_DEC128
        return K_PY
    if fmt.startswith("ts") and len(fmt) >= 4 and fmt[3] == ":" and fmt[2] in _TS_UNITS:
        unit[0] = _TS_UNITS[fmt[2]]
        return K_TS
    if fmt.startswith("tD") and len(fmt) == 3 and fmt[2] in _TS_UNITS:
        unit[0] = _TS_UNITS[fmt[2]]
        return K_DUR
    return K_PY


cdef inline const unsigned char *_buffer(ArrowArray *a, int i) noexcept nogil:
    if i >= a.n_buffers or a.buffers == NULL:
        return NULL
    return <const unsigned char *>a.buffers[i]


cdef inline bint _bit(const unsigned char *bits, int64_t i) noexcept nogil:
    return (bits[i >> 3] >> (i & 7)) & 1


cdef inline int64_t _floordiv(int64_t a, int64_t b) noexcept nogil:
    cdef int64_t q = a // b
    if (a % b != 0) and ((a < 0) != (b < 0)):
        q -= 1
    return q


cdef void _civil(int64_t days, int *y, int *m, int *d) noexcept nogil:
    """The proleptic Gregorian date *days* after 1970-01-01 (H. Hinnant's
    days-to-civil)."""
    cdef int64_t z = days + 719468
    cdef int64_t era = _floordiv(z, 146097)
    cdef int64_t doe = z - era * 146097
    cdef int64_t yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    cdef int64_t doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    cdef int64_t mp = (5 * doy + 2) // 153
    d[0] = <int>(doy - (153 * mp + 2) // 5 + 1)
    m[0] = <int>(mp + 3 if mp < 10 else mp - 9)
    y[0] = <int>(yoe + era * 400 + (1 if m[0] <= 2 else 0))


cdef bint _micros(int64_t v, int unit, int64_t *us) noexcept nogil:
    """*v* in *unit* as microseconds into *us*, as the reader counts them
    (nanoseconds rounded down); False when that passes 64 bits."""
    if unit == 0:
        if v > _S_MAX or v < -_S_MAX:
            return False
        us[0] = v * 1000000
    elif unit == 1:
        if v > _MS_MAX or v < -_MS_MAX:
            return False
        us[0] = v * 1000
    elif unit == 2:
        us[0] = v
    else:
        us[0] = _floordiv(v, 1000)
    return True


cdef object _put_duration(_Out *o, int64_t v, int unit):
    """INTERVAL DAY(9) TO FRACTION(5) of the duration *v* in *unit*, as the
    reader's timedelta binds: True, or False (nothing written) for one the
    Python value decides (past 64 bits of microseconds, past DAY(9))."""
    cdef int64_t us
    if not _micros(v, unit, &us):
        return False
    cdef int64_t days = _floordiv(us, _US_DAY)
    data = _interval_data(days, us - days * _US_DAY)
    if data is None:
        return False
    _put_data(o, T.SQLINTERVAL, _IV_LEN, data)
    return True


cdef int _put_timestamp(_Out *o, int64_t v, int unit) except -1:
    """DATETIME YEAR TO FRACTION(5) of *v* in *unit* since the epoch, as the
    reader's naive datetime binds; _Refused outside years 1..9999."""
    cdef int64_t us
    cdef int y, m, d
    if not _micros(v, unit, &us):
        raise _Refused()  # far past year 9999
    cdef int64_t days = _floordiv(us, _US_DAY)
    cdef int64_t rest = us - days * _US_DAY
    if days < _DAY_MIN or days > _DAY_MAX:
        raise _Refused()
    _civil(days, &y, &m, &d)
    cdef int secs = <int>(rest // 1000000)
    data = _timestamp_data(y, m, d, secs // 3600, secs // 60 % 60, secs % 60,
                           <int>(rest % 1000000))
    _put_data(o, T.SQLDTIME, _TS_LEN, data)
    return 0


cdef int _put_decimal(_Out *o, const unsigned char *p, int scale) except -1:
    """DECIMAL of the decimal128 at *p* with *scale*: 0, or 1 (nothing
    written) for one the pure encoder rounds or refuses (over 32 digits)."""
    cdef int neg = 0, word = 0
    cdef char text[48]
    cdef int n = ifxa_dec128_digits(p, &neg, text + 1)
    if n > 32:
        return 1
    data = _decimal_digits(neg, text, n, -scale, &word)
    if data is None:
        return 1
    _put_data(o, T.SQLDECIMAL, word, data)
    return 0


cdef class _Batch:
    """One batch's columns, read for the row loop."""
    cdef Col *cols
    cdef Py_ssize_t ncols
    cdef list values      # per column: the reader's values, made when first needed
    cdef object fields
    cdef object array     # the ctypes struct ArrowArray
    cdef bint utf8        # the connection's code set is UTF-8
    cdef bint ascii       # ... or at least agrees with ASCII
    cdef int64_t start, stop   # the rows encoded (of the batch's)

    def __dealloc__(self):
        PyMem_Free(self.cols)

    cdef list column(self, Py_ssize_t i):
        """Column *i*'s Python values (the reader's), made once."""
        v = self.values[i]
        if v is None:
            array = self.array
            name, fmt, _, schema = self.fields[i]
            child = array.children[i].contents
            try:
                v = _reader.column_values(fmt, child, schema, self.stop - self.start,
                                          array.offset + child.offset + self.start)
            except Exception:
                raise _Refused()
            self.values[i] = v
        return <list>v


cdef _Batch _read_batch(fields, array, object encoding, int64_t start, int64_t stop):
    _reader.check_batch(fields, array)
    cdef ArrowArray *a = <ArrowArray *><uintptr_t>ctypes.addressof(array)
    cdef _Batch b = _Batch.__new__(_Batch)
    cdef Py_ssize_t i, n = len(fields)
    cdef Col *c
    cdef ArrowArray *child
    cdef int unit = 0
    cdef int64_t j, first
    b.fields, b.array, b.ncols = fields, array, n
    b.start, b.stop = start, stop
    b.values = [None] * n
    b.cols = <Col *>PyMem_Malloc(max(n, 1) * sizeof(Col))
    if b.cols == NULL:
        raise MemoryError()
    try:
        name = codecs.lookup(encoding).name
    except (LookupError, TypeError):
        name = ""
    b.utf8 = name == "utf-8"
    b.ascii = b.utf8 or _ascii_compatible(encoding)
    for i in range(n):
        c = &b.cols[i]
        _, fmt, _, schema = fields[i]
        child = a.children[i]
        c.kind = K_PY if schema.dictionary else _kind(fmt, &unit)
        c.unit = unit
        c.offset = a.offset + child.offset + start  # row k of the slice is c.offset + k
        c.valid = NULL
        if child.null_count != 0 and c.kind != K_NULL:
            c.valid = _buffer(child, 0)
        c.data = _buffer(child, 1)
        c.chars = _buffer(child, 2)
        if c.kind != K_PY and c.kind != K_NULL and c.data == NULL and stop > start:
            c.kind = K_PY  # no values buffer: the reader decides
        if c.kind == K_UTF8 or c.kind == K_LUTF8:
            # offsets must rise from zero or more, as slicing takes them
            first = _offset(c, 0)
            if first < 0:
                raise _Refused()
            for j in range(stop - start):
                if _offset(c, j + 1) < _offset(c, j):
                    raise _Refused()
            if c.chars == NULL and _offset(c, stop - start) > first:
                c.kind = K_PY
    return b


cdef inline int64_t _offset(Col *c, int64_t j) noexcept nogil:
    if c.kind == K_UTF8:
        return (<const int32_t *>c.data)[c.offset + j]
    return (<const int64_t *>c.data)[c.offset + j]


cdef dict _ASCII_OK = {}


cdef bint _ascii_compatible(object encoding):
    """Whether *encoding* writes ASCII text as ASCII bytes."""
    ok = _ASCII_OK.get(encoding)
    if ok is None:
        try:
            ok = bytes(range(1, 128)).decode("ascii").encode(encoding) == bytes(range(1, 128))
        except (LookupError, TypeError, ValueError):
            ok = False
        _ASCII_OK[encoding] = ok
    return ok


cdef object _put_cell(_Out *o, _Batch b, Py_ssize_t i, int64_t k, object encoding,
                      const char *enc_c):
    """Column *i*'s value of row *k*; its BYTE/TEXT content when it has one."""
    cdef Col *c = &b.cols[i]
    cdef int64_t j = c.offset + k
    cdef int64_t start, end, t
    cdef const unsigned char *s
    if c.kind == K_NULL or (c.valid != NULL and not _bit(c.valid, j)):
        _put_null(o)
        return None
    if c.kind == K_I32:
        _put_ll(o, (<const int32_t *>c.data)[j])
    elif c.kind == K_I64:
        if _put_ll(o, (<const int64_t *>c.data)[j]):
            return _put_value(o, b.column(i)[k], encoding, enc_c)  # BIGINT's NULL: refused
    elif c.kind == K_I16:
        _put_ll(o, (<const int16_t *>c.data)[j])
    elif c.kind == K_I8:
        _put_ll(o, (<const int8_t *>c.data)[j])
    elif c.kind == K_U8:
        _put_ll(o, (<const uint8_t *>c.data)[j])
    elif c.kind == K_U16:
        _put_ll(o, (<const uint16_t *>c.data)[j])
    elif c.kind == K_U32:
        _put_ll(o, (<const uint32_t *>c.data)[j])
    elif c.kind == K_U64:
        if (<const uint64_t *>c.data)[j] > <uint64_t>0x7FFFFFFFFFFFFFFF or \
                _put_ll(o, <long long>(<const uint64_t *>c.data)[j]):
            return _put_value(o, b.column(i)[k], encoding, enc_c)
    elif c.kind == K_F64:
        _put_double(o, (<const double *>c.data)[j])
    elif c.kind == K_F32:
        _put_double(o, (<const float *>c.data)[j])
    elif c.kind == K_BOOL:
        _put_bool(o, _bit(c.data, j))
    elif c.kind == K_UTF8 or c.kind == K_LUTF8:
        start = _offset(c, k)
        end = _offset(c, k + 1)
        s = c.chars + start
        t = ifxa_text_class(s, end - start)
        if t < 0:
            raise _Refused()  # the reader's decode fails
        # as they are: ASCII for a code set that writes ASCII so, any UTF-8
        # for UTF-8 (a NUL or a long text: the pure encoder decides)
        if end - start <= _CHAR_MAX and ((t == 0 and b.ascii) or (t == 1 and b.utf8)):
            _put_chars(o, <const char *>s, end - start)
        else:
            return _put_value(o, b.column(i)[k], encoding, enc_c)
    elif c.kind == K_DEC128:
        if _put_decimal(o, c.data + 16 * j, c.unit):
            return _put_value(o, b.column(i)[k], encoding, enc_c)
    elif c.kind == K_DATE32:
        t = (<const int32_t *>c.data)[j]
        if t < _DAY_MIN or t > _DAY_MAX:
            raise _Refused()
        _put_days(o, <long>(t + _DATE_SHIFT))
    elif c.kind == K_TS:
        _put_timestamp(o, (<const int64_t *>c.data)[j], c.unit)
    elif c.kind == K_DUR:
        if not _put_duration(o, (<const int64_t *>c.data)[j], c.unit):
            return _put_value(o, b.column(i)[k], encoding, enc_c)
    else:
        return _put_value(o, b.column(i)[k], encoding, enc_c)
    return None


def batch_messages(fields, array, order, encoding, start=0, stop=None):
    """The twin of ``binds.batch_messages``: ``(messages, error)``."""
    start, stop = _reader.row_range(array, start, stop)
    try:
        b = _read_batch(fields, array, encoding, start, stop)
    except _Refused:
        return _spec.batch_messages(fields, array, order, encoding, start, stop)
    cdef Py_ssize_t m = len(order), j, ncols = b.ncols
    cdef Py_ssize_t *idx = <Py_ssize_t *>PyMem_Malloc(max(m, 1) * sizeof(Py_ssize_t))
    if idx == NULL:
        raise MemoryError()
    cdef const char *enc_c = _encoding_c(encoding)
    cdef _Out o
    cdef int64_t k, n = b.stop - b.start
    cdef list out = []
    cdef list blobs
    o.cap = 256
    o.p = <unsigned char *>PyMem_Malloc(o.cap)
    if o.p == NULL:
        PyMem_Free(idx)
        raise MemoryError()
    try:
        for j in range(m):
            idx[j] = order[j]
            if not 0 <= idx[j] < ncols:
                raise InterfaceError(f"parameter {j + 1} takes column {idx[j]} of "
                                     f"{ncols}")
        for i in set(range(ncols)).difference(order):
            b.column(i)  # read as the spec reads it, so it fails where the spec fails
        for k in range(n):
            o.n = 4  # SQ_BIND and the count, written last
            blobs = None
            for j in range(m):
                try:
                    blob = _put_cell(&o, b, idx[j], k, encoding, enc_c)
                except _Refused:
                    raise
                except Exception as exc:
                    error = _bind_error(exc, j + 1, b.column(idx[j])[k])
                    if error is None:
                        raise
                    return out, error
                if blob is not None:
                    if blobs is None:
                        blobs = []
                    blobs.append(blob)
            if m == 0:
                out.append(b"")
                continue
            if m > 0x7FFF:
                return out, InterfaceError(f"{m} parameters in one statement: "
                                           "an SQ_BIND carries at most 32767")
            _put16(o.p, sq.SQ_BIND)
            _put16(o.p + 2, <unsigned int>m)
            message = PyBytes_FromStringAndSize(<char *>o.p, o.n)
            if blobs is not None:
                message += blob_stream(blobs)
            out.append(message)
    except _Refused:
        return _spec.batch_messages(fields, array, order, encoding, start, stop)
    finally:
        PyMem_Free(o.p)
        PyMem_Free(idx)
    return out, None
