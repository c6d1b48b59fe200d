# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled twin of informix_db.protocol.binding (see that module for the spec).

The parameter types a bulk load sends (None, bool, int, float, str, bytes,
Decimal, date, datetime, time, timedelta; exact types only, no subclasses)
are encoded here in C whenever the value is one the pure encoder takes
without complaint.  Everything else - subclasses, other types, and every
value that would fail (a NUL in a string, an unencodable character, a
Decimal needing rounding, ...) - goes to the pure ``encode_bind``, which
returns its result or raises its own exception with its own message.  So
the twins agree on errors by construction; on results the parity tests
compare them.

``bind_message`` writes a parameter set's whole SQ_BIND message into one
C buffer: the fast-path values straight as wire bytes, the rest through
the same encoders (and the pure ``bind_bytes``/``blob_stream`` framing).
"""

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_CheckExact, PyBytes_FromStringAndSize
from cpython.bytes cimport PyBytes_GET_SIZE
from cpython.long cimport PyLong_AsLongLongAndOverflow
from cpython.mem cimport PyMem_Free, PyMem_Malloc, PyMem_Realloc
from cpython.tuple cimport PyTuple_GET_ITEM
cimport cpython.datetime as cdt
from libc.stdint cimport int64_t, uint32_t, uint64_t
from libc.string cimport memcpy, memset, strlen

from informix_db._speedups.bigendian cimport _put16, _put32, _put64

import datetime as _dt
from decimal import Decimal

from informix_db import types as T
from informix_db.codecs._temporal import layout as _layout
from informix_db.codecs.bind import NULL_BIND, BindParam, bind_bytes, encode_bind
from informix_db.exceptions import DataError, Error, InterfaceError
from informix_db.framing import messages as sq
from informix_db.protocol.binding import BLOB_CHUNK, blob_stream, params_message

__all__ = ["bind_params", "bind_message", "params_message", "blob_stream", "BLOB_CHUNK",
           "SMALLINT_TYPE", "INT_TYPE", "BIGINT_TYPE"]

cdef extern from *:
    """
    /* struct's own IEEE packing, so every float (NaN payloads, -0.0) comes
       out bit for bit as the pure codec's struct.pack gives it. */
    #if PY_VERSION_HEX >= 0x030B0000
    #define ifxb_pack8(x, p) PyFloat_Pack8((x), (char *)(p), 0)
    #else
    #define ifxb_pack8(x, p) _PyFloat_Pack8((x), (unsigned char *)(p), 0)
    #endif
    """
    int ifxb_pack8(double x, unsigned char *p) except -1

cdef extern from *:
    """
    /* An instance of the NamedTuple *cls* (a tuple subclass without a dict)
       holding the five items, built as tuple.__new__(cls, items) builds it:
       the type's own allocation, then the items - minus the Python-level
       __new__ call. */
    static PyObject *ifxb_tuple5(PyObject *cls, PyObject *a, PyObject *b, PyObject *c,
                                 PyObject *d, PyObject *e) {
        PyTypeObject *tp = (PyTypeObject *)cls;
        PyObject *o = tp->tp_alloc(tp, 5);
        if (o == NULL) return NULL;
        Py_INCREF(a); PyTuple_SET_ITEM(o, 0, a);
        Py_INCREF(b); PyTuple_SET_ITEM(o, 1, b);
        Py_INCREF(c); PyTuple_SET_ITEM(o, 2, c);
        Py_INCREF(d); PyTuple_SET_ITEM(o, 3, d);
        Py_INCREF(e); PyTuple_SET_ITEM(o, 4, e);
        return o;
    }
    """
    object ifxb_tuple5(object cls, object a, object b, object c, object d, object e)

cdef extern from "Python.h":
    # declared here with their const qualifiers (older Cython .pxd files lack them)
    const char *PyUnicode_AsUTF8AndSize(object unicode, Py_ssize_t *size) except NULL
    object PyUnicode_AsEncodedString(object unicode, const char *encoding, const char *errors)

cdt.import_datetime()

SMALLINT_TYPE = T.ColumnType(T.SQLSMINT)
INT_TYPE = T.ColumnType(T.SQLINT)
BIGINT_TYPE = T.ColumnType(T.SQLINFXBIGINT)
# Largest magnitude of each width: its most negative value is its NULL.
cdef long long _SMALL_MAX = 0x7FFF
cdef long long _INT_MAX = 0x7FFFFFFF
cdef int64_t _BIG_MAX = 0x7FFFFFFFFFFFFFFF

cdef object _Decimal = Decimal
cdef object _BindParam = BindParam
cdef object _TRUE_BIND = BindParam(T.SQLSMINT, 0, 0x0500, b"\x00\x01")
cdef object _FALSE_BIND = BindParam(T.SQLSMINT, 0, 0x0500, b"\x00\x00")

# The qualifiers JDBC binds datetime/time/timedelta as (codecs.datetime and
# codecs.interval ``bind_length_for``): length word, byte width, exponent.
cdef int _TS_LEN = T.datetime_length(T.TU_YEAR, T.TU_F5)
cdef int _TIME_LEN = T.datetime_length(T.TU_HOUR, T.TU_SECOND)
cdef int _TIMEF_LEN = T.datetime_length(T.TU_HOUR, T.TU_F5)
cdef int _IV_LEN = T.interval_length(T.TU_DAY, T.TU_F5, 9)
cdef int _TS_WIDTH = _layout(T.SQLDTIME, _TS_LEN).width
cdef int _TS_EXP = _layout(T.SQLDTIME, _TS_LEN).exponent
cdef int _TIME_WIDTH = _layout(T.SQLDTIME, _TIME_LEN).width
cdef int _TIME_EXP = _layout(T.SQLDTIME, _TIME_LEN).exponent
cdef int _TIMEF_WIDTH = _layout(T.SQLDTIME, _TIMEF_LEN).width
cdef int _TIMEF_EXP = _layout(T.SQLDTIME, _TIMEF_LEN).exponent
cdef int _IV_WIDTH = _layout(T.SQLINTERVAL, _IV_LEN).width
cdef int _IV_EXP = _layout(T.SQLINTERVAL, _IV_LEN).exponent
cdef int _IV_LEAD = _layout(T.SQLINTERVAL, _IV_LEN).widths[0]
cdef int _IV_PAD = _layout(T.SQLINTERVAL, _IV_LEN).pad
# Microseconds per day, hour, minute, second (C integers: kept out of Python arithmetic).
cdef int64_t _US_DAY = 86400000000
cdef int64_t _US_HOUR = 3600000000
cdef int64_t _US_MINUTE = 60000000
cdef int64_t _US_SECOND = 1000000
cdef long _EPOCH_ORD = _dt.date(1899, 12, 31).toordinal()
cdef int[13] _DAYS_BEFORE_MONTH = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]

cdef enum:
    _DESCRIPTOR_SIZE = 56
    _CHAR_BIND_MAX = 0xFFFF
    _MAX_PAIRS = 16


# -- building results ------------------------------------------------------------

cdef inline object _param(int code, int length, bytes data, object blob=None):
    return ifxb_tuple5(_BindParam, code, 0, length, data, blob)


# -- int and float ---------------------------------------------------------------

cdef object _bind_int(object value):
    """The narrowest of SMALLINT/INTEGER/BIGINT holding *value* (an exact int)."""
    cdef int overflow = 0
    cdef long long v = PyLong_AsLongLongAndOverflow(value, &overflow)
    cdef unsigned char buf[8]
    if overflow == 0 and -_SMALL_MAX <= v <= _SMALL_MAX:
        _put16(buf, <unsigned int>v)
        return _param(T.SQLSMINT, 0x0500, PyBytes_FromStringAndSize(<char *>buf, 2))
    if overflow == 0 and -_INT_MAX <= v <= _INT_MAX:
        _put32(buf, <uint64_t>v)
        return _param(T.SQLINT, 0x0A00, PyBytes_FromStringAndSize(<char *>buf, 4))
    if overflow == 0 and -_BIG_MAX <= v:
        _put64(buf, <uint64_t>v)
        return _param(T.SQLINFXBIGINT, 0x1300, PyBytes_FromStringAndSize(<char *>buf, 8))
    raise DataError(
        f"integer {value} is outside BIGINT's range -{_BIG_MAX}..{_BIG_MAX} "
        "(Informix has no wider integer); pass it as a Decimal to bind it as DECIMAL")


cdef object _bind_float(double value):
    cdef unsigned char buf[8]
    ifxb_pack8(value, buf)
    return _param(T.SQLFLOAT, 0, PyBytes_FromStringAndSize(<char *>buf, 8))


# -- str and bytes -----------------------------------------------------------------

cdef object _str_raw(str value, const char *encoding):
    """The bytes of an exact str as a CHAR parameter carries them, or None
    when the pure encoder must decide (NUL inside, encoding failure, more
    than 65535 bytes)."""
    if "\x00" in value:
        return None
    try:
        raw = PyUnicode_AsEncodedString(value, encoding, NULL)
    except Exception:
        return None
    if not PyBytes_CheckExact(raw) or PyBytes_GET_SIZE(raw) > _CHAR_BIND_MAX:
        return None
    return raw


cdef object _bind_str(str value, const char *encoding):
    """CHAR parameter of an exact str, or None when the pure encoder must decide."""
    raw = _str_raw(value, encoding)
    if raw is None:
        return None
    cdef Py_ssize_t n = PyBytes_GET_SIZE(raw)
    cdef bytes data = PyBytes_FromStringAndSize(NULL, n + 2)
    cdef unsigned char *p = <unsigned char *>PyBytes_AS_STRING(data)
    _put16(p, <unsigned int>n)
    memcpy(p + 2, PyBytes_AS_STRING(raw), n)
    return _param(T.SQLCHAR, 0, data)


cdef object _bind_bytes(bytes value):
    cdef Py_ssize_t n = PyBytes_GET_SIZE(value)
    if n > 0x7FFFFFFF:
        return None
    cdef unsigned char buf[_DESCRIPTOR_SIZE]
    memset(buf, 0, _DESCRIPTOR_SIZE)
    _put32(buf + 16, <uint64_t>n)  # tb_size
    return _param(T.SQLBYTES, 0, PyBytes_FromStringAndSize(<char *>buf, _DESCRIPTOR_SIZE),
                  value)


# DECIMAL, DATETIME, DATE, INTERVAL: their parameters' data in base-100 digits
include "codecs/bind_values.pxi"


# -- one value, and the parameter list -----------------------------------------------

cdef object _encode(object value, object encoding, const char *enc_c):
    """One BIND parameter: in C when the value allows, else the pure encoder."""
    cdef type t = type(value)
    cdef object r = None
    if value is None:
        return NULL_BIND
    if t is int:
        return _bind_int(value)
    if t is str:
        if enc_c != NULL:
            r = _bind_str(<str>value, enc_c)
    elif t is float:
        return _bind_float(<double>value)
    elif t is bool:
        return _TRUE_BIND if value is True else _FALSE_BIND
    elif t is _Decimal:
        r = _bind_decimal(value)
    # an aware datetime/time goes on to the pure encoder, which refuses it
    elif cdt.PyDateTime_CheckExact(value) and cdt.datetime_tzinfo(value) is None:
        return _bind_datetime(value, 0)
    elif cdt.PyDate_CheckExact(value):
        return _bind_date(value)
    elif cdt.PyDelta_CheckExact(value):
        r = _bind_timedelta(value)
    elif cdt.PyTime_CheckExact(value) and cdt.time_tzinfo(value) is None:
        return _bind_datetime(value, 1)
    elif t is bytes:
        r = _bind_bytes(<bytes>value)
    if r is None:
        r = encode_bind(value, None, encoding)
    return r


cdef const char *_encoding_c(object encoding):
    """*encoding* as a C string for the C str path, or NULL when the pure
    side must encode (not an exact str, not UTF-8-able, an embedded NUL)."""
    cdef const char *enc_c = NULL
    cdef Py_ssize_t enc_len
    if type(encoding) is str:
        try:
            enc_c = PyUnicode_AsUTF8AndSize(encoding, &enc_len)
        except UnicodeError:
            enc_c = NULL
        if enc_c != NULL and <Py_ssize_t>strlen(enc_c) != enc_len:
            enc_c = NULL  # an embedded NUL: str.encode refuses it, so the pure side decides
    return enc_c


def bind_params(values, encoding):
    """Encode *values* (already in placeholder order) as BIND parameters.

    A value that cannot be encoded raises ``DataError``/``InterfaceError``
    naming its position (1-based, as the placeholders count).
    """
    cdef const char *enc_c = _encoding_c(encoding)
    cdef list out = []
    cdef Py_ssize_t i = 0
    for value in values:
        i += 1
        try:
            out.append(_encode(value, encoding, enc_c))
        except Error as exc:
            exc.args = (f"parameter {i}: {exc.args[0] if exc.args else exc}", *exc.args[1:])
            if hasattr(exc, "message"):
                exc.message = exc.args[0]
            raise
        except (TypeError, ValueError, OverflowError) as exc:
            raise InterfaceError(f"parameter {i}: cannot bind {value!r:.60}: {exc}") from None
    return out


# -- the SQ_BIND message -----------------------------------------------------------

cdef unsigned char *_room(_Out *o, Py_ssize_t extra) except NULL:
    """Where the next *extra* bytes go (the buffer grown as needed)."""
    cdef Py_ssize_t cap
    cdef unsigned char *p
    if o.n + extra > o.cap:
        cap = o.cap * 2
        if cap < o.n + extra:
            cap = o.n + extra
        p = <unsigned char *>PyMem_Realloc(o.p, cap)
        if p == NULL:
            raise MemoryError()
        o.p = p
        o.cap = cap
    p = o.p + o.n
    o.n += extra
    return p


cdef inline void _head(unsigned char *p, int code, int indicator,
                       unsigned int length) noexcept nogil:
    """A parameter's header: [type][indicator][length word]."""
    _put16(p, <unsigned int>code & 0xFFFF)
    _put16(p + 2, <unsigned int>indicator & 0xFFFF)
    _put16(p + 4, length & 0xFFFF)


cdef int _put_data(_Out *o, int code, unsigned int length, bytes data) except -1:
    """A non-NULL parameter: header, *data* and its pad byte."""
    cdef Py_ssize_t n = PyBytes_GET_SIZE(data)
    cdef unsigned char *p = _room(o, 6 + n + (n & 1))
    _head(p, code, 0, length)
    memcpy(p + 6, PyBytes_AS_STRING(data), n)
    if n & 1:
        p[6 + n] = 0
    return 0


cdef int _put_param(_Out *o, object param) except -1:
    """A ``BindParam`` built by this module's C encoders (valid by construction)."""
    _put_data(o, <object>PyTuple_GET_ITEM(param, 0), <object>PyTuple_GET_ITEM(param, 2),
              <bytes>PyTuple_GET_ITEM(param, 3))
    return 0


cdef int _put_ll(_Out *o, long long v) except -1:
    """The narrowest of SMALLINT/INTEGER/BIGINT holding *v*: 0, or 1 (nothing
    written) for the one value none holds, BIGINT's NULL."""
    cdef unsigned char *p
    if -_SMALL_MAX <= v <= _SMALL_MAX:
        p = _room(o, 8)
        _head(p, T.SQLSMINT, 0, 0x0500)
        _put16(p + 6, <unsigned int>v)
    elif -_INT_MAX <= v <= _INT_MAX:
        p = _room(o, 10)
        _head(p, T.SQLINT, 0, 0x0A00)
        _put32(p + 6, <uint64_t>v)
    elif -_BIG_MAX <= v:
        p = _room(o, 14)
        _head(p, T.SQLINFXBIGINT, 0, 0x1300)
        _put64(p + 6, <uint64_t>v)
    else:
        return 1
    return 0


cdef int _put_int(_Out *o, object value) except -1:
    """The narrowest of SMALLINT/INTEGER/BIGINT holding *value* (an exact int)."""
    cdef int overflow = 0
    cdef long long v = PyLong_AsLongLongAndOverflow(value, &overflow)
    if overflow or _put_ll(o, v):
        _bind_int(value)  # raises the out-of-range DataError
    return 0


cdef int _put_null(_Out *o) except -1:
    _head(_room(o, 6), T.SQLCHAR, -1, 0)
    return 0


cdef int _put_double(_Out *o, double v) except -1:
    cdef unsigned char *p = _room(o, 14)
    _head(p, T.SQLFLOAT, 0, 0)
    ifxb_pack8(v, p + 6)
    return 0


cdef int _put_bool(_Out *o, bint v) except -1:
    cdef unsigned char *p = _room(o, 8)
    _head(p, T.SQLSMINT, 0, 0x0500)
    _put16(p + 6, 1 if v else 0)
    return 0


cdef int _put_chars(_Out *o, const char *raw, Py_ssize_t n) except -1:
    """A CHAR parameter of the *n* bytes at *raw* (at most 65535): u16 count,
    bytes, pad."""
    cdef unsigned char *p = _room(o, 8 + n + (n & 1))
    _head(p, T.SQLCHAR, 0, 0)
    _put16(p + 6, <unsigned int>n)
    memcpy(p + 8, raw, n)
    if n & 1:
        p[8 + n] = 0
    return 0


cdef int _put_days(_Out *o, long days) except -1:
    """A DATE parameter: *days* since 1899-12-31."""
    cdef unsigned char *p = _room(o, 10)
    _head(p, T.SQLDATE, 0, 0)
    _put32(p + 6, <uint64_t>days)
    return 0


cdef int _put_date(_Out *o, object value) except -1:
    cdef long y = cdt.PyDateTime_GET_YEAR(value) - 1
    cdef int m = cdt.PyDateTime_GET_MONTH(value)
    cdef long ordinal = (y * 365 + y // 4 - y // 100 + y // 400 + _DAYS_BEFORE_MONTH[m]
                         + cdt.PyDateTime_GET_DAY(value))
    if m > 2 and ((y + 1) % 4 == 0 and ((y + 1) % 100 != 0 or (y + 1) % 400 == 0)):
        ordinal += 1
    return _put_days(o, ordinal - _EPOCH_ORD)


cdef object _put_value(_Out *o, object value, object encoding, const char *enc_c):
    """Append one parameter; its BYTE/TEXT content when it has one, else None."""
    cdef type t = type(value)
    cdef object r = None
    cdef unsigned char *p
    cdef int word = 0
    if value is None:
        _put_null(o)
        return None
    if t is int:
        _put_int(o, value)
        return None
    if t is str:
        if enc_c != NULL:
            raw = _str_raw(<str>value, enc_c)
            if raw is not None:
                _put_chars(o, PyBytes_AS_STRING(raw), PyBytes_GET_SIZE(raw))
                return None
    elif t is float:
        _put_double(o, <double>value)
        return None
    elif t is bool:
        _put_bool(o, value is True)
        return None
    elif t is _Decimal:
        data = _decimal_data(value, &word)
        if data is not None:
            _put_data(o, T.SQLDECIMAL, word, data)
            return None
    elif cdt.PyDateTime_CheckExact(value) and cdt.datetime_tzinfo(value) is None:
        data = _datetime_data(value, 0, &word)  # sets word first
        _put_data(o, T.SQLDTIME, word, data)
        return None
    elif cdt.PyDate_CheckExact(value):
        _put_date(o, value)
        return None
    elif cdt.PyDelta_CheckExact(value):
        data = _timedelta_data(value)
        if data is not None:
            _put_data(o, T.SQLINTERVAL, _IV_LEN, data)
            return None
    elif cdt.PyTime_CheckExact(value) and cdt.time_tzinfo(value) is None:
        data = _datetime_data(value, 1, &word)  # sets word first
        _put_data(o, T.SQLDTIME, word, data)
        return None
    elif t is bytes:
        r = _bind_bytes(<bytes>value)
    if r is not None:
        _put_param(o, r)
        return <object>PyTuple_GET_ITEM(r, 4)
    # everything else: the pure encoder and the pure parameter layout
    r = encode_bind(value, None, encoding)
    data = bind_bytes(r)
    p = _room(o, PyBytes_GET_SIZE(data))
    memcpy(p, PyBytes_AS_STRING(data), PyBytes_GET_SIZE(data))
    return r.blob


cdef object _bind_error(object exc, Py_ssize_t position, object value):
    """What a parameter's failure raises: *exc*, an ``Error``, its message
    prefixed with the parameter's (1-based) *position*; an ``InterfaceError``
    for a TypeError/ValueError/OverflowError; None for anything else (raised
    as it is)."""
    if isinstance(exc, Error):
        exc.args = (f"parameter {position}: {exc.args[0] if exc.args else exc}",
                    *exc.args[1:])
        if hasattr(exc, "message"):
            exc.message = exc.args[0]
        return exc
    if isinstance(exc, (TypeError, ValueError, OverflowError)):
        return InterfaceError(f"parameter {position}: cannot bind {value!r:.60}: {exc}")
    return None


def bind_message(values, encoding):
    """The SQ_BIND message of one parameter set (*values* in placeholder
    order), byte for byte the pure ``bind_message``'s, with its errors:
    ``b""`` for no values; a value that cannot be encoded raises
    ``DataError``/``InterfaceError`` naming its position (1-based)."""
    cdef const char *enc_c = _encoding_c(encoding)
    cdef _Out o
    cdef Py_ssize_t i = 0
    cdef list blobs = None
    o.n = 4  # SQ_BIND and the count, written last
    o.cap = 256
    o.p = <unsigned char *>PyMem_Malloc(o.cap)
    if o.p == NULL:
        raise MemoryError()
    try:
        for value in values:
            i += 1
            try:
                blob = _put_value(&o, value, encoding, enc_c)
            except Exception as exc:
                error = _bind_error(exc, i, value)
                if error is None or error is exc:
                    raise
                raise error from None
            if blob is not None:
                if blobs is None:
                    blobs = []
                blobs.append(blob)
        if i == 0:
            return b""
        if i > 0x7FFF:
            raise InterfaceError(f"{i} parameters in one statement: "
                                 "an SQ_BIND carries at most 32767")
        _put16(o.p, sq.SQ_BIND)
        _put16(o.p + 2, <unsigned int>i)
        out = PyBytes_FromStringAndSize(<char *>o.p, o.n)
    finally:
        PyMem_Free(o.p)
    if blobs is not None:
        out += blob_stream(blobs)
    return out
