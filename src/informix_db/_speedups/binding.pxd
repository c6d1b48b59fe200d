# cython: language_level=3
"""The compiled parameter encoder's C-level interface, for the compiled
Arrow encoder (``arrowbind.pyx`` writes SQ_BIND messages with these, its
values' bytes the same as ``bind_message`` gives for the Python values)."""

from libc.stdint cimport int64_t

cdef struct _Out:
    unsigned char *p
    Py_ssize_t n
    Py_ssize_t cap

cdef unsigned char *_room(_Out *o, Py_ssize_t extra) except NULL
cdef int _put_data(_Out *o, int code, unsigned int length, bytes data) except -1
cdef int _put_int(_Out *o, object value) except -1
cdef int _put_ll(_Out *o, long long v) except -1
cdef int _put_null(_Out *o) except -1
cdef int _put_double(_Out *o, double v) except -1
cdef int _put_bool(_Out *o, bint v) except -1
cdef int _put_chars(_Out *o, const char *raw, Py_ssize_t n) except -1
cdef int _put_days(_Out *o, long days) except -1
cdef object _put_value(_Out *o, object value, object encoding, const char *enc_c)
cdef const char *_encoding_c(object encoding)
cdef bytes _timestamp_data(int year, int month, int day, int hour, int minute, int second,
                           int us)
cdef bytes _interval_data(int64_t days, int64_t sub)
cdef bytes _decimal_digits(bint sign, char *text, Py_ssize_t n, long exp, int *word_out)
cdef object _bind_error(object exc, Py_ssize_t position, object value)
