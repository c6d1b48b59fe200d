# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The C floor of the fetch reply loop, for benchmarks/reply_loop.py only.

The least a compiled client can do for the 10-column ETL row of that
benchmark: walk the messages, decode each column with its type hard-coded
(no dispatch, no checks beyond NULLs, only the value forms the benchmark
sends), build the tuple, append it.  Not a decoder anyone should use: it
is the yardstick the real loop is held to (within 1.5x).
"""

from cpython.list cimport PyList_Append
from cpython.long cimport PyLong_FromLong, PyLong_FromLongLong
from cpython.ref cimport Py_INCREF
from cpython.tuple cimport PyTuple_New, PyTuple_SET_ITEM
from cpython.unicode cimport PyUnicode_DecodeUTF8, PyUnicode_FromStringAndSize
cimport cpython.datetime as cdt
from libc.stdint cimport int16_t, int32_t, int64_t, uint32_t, uint64_t
from libc.string cimport memcpy

from decimal import Decimal

cdt.import_datetime()

cdef extern from *:
    """
    #if PY_VERSION_HEX >= 0x030B0000
    #define floor_unpack8(p) PyFloat_Unpack8((const char *)(p), 0)
    #else
    #define floor_unpack8(p) _PyFloat_Unpack8((const unsigned char *)(p), 0)
    #endif
    """
    double floor_unpack8(const unsigned char *p) except? -1.0


cdef inline uint32_t be32(const unsigned char *p) noexcept nogil:
    return (<uint32_t>p[0] << 24) | (<uint32_t>p[1] << 16) | (<uint32_t>p[2] << 8) | p[3]


cdef inline object set_item(tuple row, Py_ssize_t i, object v):
    Py_INCREF(v)
    PyTuple_SET_ITEM(row, i, v)


cdef void civil(int64_t z, int *y, int *m, int *d) noexcept nogil:
    # days since 1970-01-01 to a proleptic Gregorian date (Hinnant's algorithm)
    cdef int64_t era, doe, yoe, doy, mp
    z += 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d[0] = <int>(doy - (153 * mp + 2) // 5 + 1)
    m[0] = <int>(mp + 3 if mp < 10 else mp - 9)
    y[0] = <int>(yoe + era * 400 + (1 if m[0] <= 2 else 0))


cdef object decimal_12_2(const unsigned char *p):
    cdef char text[40]
    cdef int k = 0, i, e
    cdef int exponent = (p[0] & 0x7F) - 64
    cdef char digits[12]
    for i in range(6):
        digits[2 * i] = <char>(48 + p[1 + i] // 10)
        digits[2 * i + 1] = <char>(48 + p[1 + i] % 10)
    e = 2 * exponent  # digits before the point
    if e <= 0:
        text[0] = b'0'
        k = 1
    else:
        memcpy(text, digits, e)
        k = e
    text[k] = b'.'
    text[k + 1] = digits[e] if e >= 0 else b'0'
    text[k + 2] = digits[e + 1] if e >= 0 else b'0'
    return Decimal(PyUnicode_FromStringAndSize(text, k + 3))


def read_reply(buf, Py_ssize_t pos, Py_ssize_t end, list rows):
    """Read a fetch reply of the benchmark's rows; the position after SQ_EOT."""
    cdef const unsigned char[::1] mv = buf
    cdef const unsigned char *p = &mv[0]
    cdef const unsigned char *q
    cdef int code, n, y, m, d, us
    cdef int32_t size, i32
    cdef int64_t i64
    cdef tuple row
    while pos + 2 <= end:
        code = (p[pos] << 8) | p[pos + 1]
        if code == 14:
            size = <int32_t>be32(p + pos + 4)
            q = p + pos + 8
            row = PyTuple_New(10)
            i32 = <int32_t>be32(q)
            set_item(row, 0, None if i32 == -0x7FFFFFFF - 1 else PyLong_FromLong(i32))
            i64 = <int64_t>((<uint64_t>be32(q + 4) << 32) | be32(q + 8))
            set_item(row, 1, PyLong_FromLongLong(i64))
            set_item(row, 2, PyLong_FromLong(<int16_t>((q[12] << 8) | q[13])))
            n = q[14]
            set_item(row, 3, PyUnicode_DecodeUTF8(<const char *>q + 15, n, NULL))
            q += 15 + n
            set_item(row, 4, PyUnicode_DecodeUTF8(<const char *>q, 10, NULL))
            set_item(row, 5, decimal_12_2(q + 10))
            set_item(row, 6, floor_unpack8(q + 17))
            civil(<int32_t>be32(q + 25) - 25568, &y, &m, &d)  # day 0 is 1899-12-31
            set_item(row, 7, cdt.date_new(y, m, d))
            q += 29
            us = (q[8] * 10 + q[9] // 10) * 1000  # FRACTION(3): milliseconds
            set_item(row, 8, cdt.datetime_new(q[1] * 100 + q[2], q[3], q[4], q[5], q[6], q[7],
                                              us, None))
            set_item(row, 9, q[15] == 1)
            PyList_Append(rows, row)
            pos += 8 + size + (size & 1)
        elif code == 15:
            pos += 16
        elif code == 55:
            pos += 10
        elif code == 12:
            return pos + 2
        else:
            raise ValueError(f"message {code} is not in the benchmark's replies")
    raise ValueError("the reply ended early")
