# cython: language_level=3
"""The compiled row codecs' C-level interface, for the compiled reply loop
(``replyloop.pyx`` decodes each tuple with ``RowDecoder.decode_row``
without a Python call)."""

# How each column is read (registry.pxi's _fill_spec chooses; K_PY: the pure codec).
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
    K_COMPOSITE     # ROW/SET/MULTISET/LIST: composite.pxi reads the text

# Qualifier units (Informix datetime.h), checked against informix_db.types in registry.pxi.
cdef enum Unit:
    C_TU_YEAR = 0
    C_TU_MONTH = 2
    C_TU_DAY = 4
    C_TU_HOUR = 6
    C_TU_MINUTE = 8

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


#: What one column needs to be read (and written) in C.
cdef struct Spec:
    int kind
    Py_ssize_t n        # CHAR length, VARCHAR/LVARCHAR max bytes, DECIMAL/temporal width
    int scale           # DECIMAL: the fixed scale, or -1 when floating
    int prec            # DECIMAL: the precision
    # DATETIME/INTERVAL (from the pure Layout)
    int head            # exponent byte of a positive value
    int npairs          # digit pairs the fields take
    int pad             # a leading zero digit pads an odd leading precision
    int nfields
    int units[6]        # TU_YEAR..TU_SECOND of each field
    int widths[6]       # decimal digits of each field
    int frac            # FRACTION digits (0 when none)
    int tkind
    int aligned         # every field starts on a digit pair (no pad): read by pairs
    int fromyear        # DATETIME YEAR(4) TO DAY..FRACTION, aligned: _year_datetime reads it

#: A row being encoded.
cdef struct Out:
    unsigned char *p     # where the row is written: the stack area, or heap when it grew
    Py_ssize_t len
    Py_ssize_t cap
    bint heap


cdef class _Columns:
    cdef Spec *specs
    cdef Py_ssize_t ncols
    cdef int textkind
    cdef bytes enc_name
    cdef tuple nodes           # composite columns: the C reader's type tree
    cdef readonly tuple columns
    cdef readonly object encoding

    cdef int _setup(self, columns, encoding) except -1
    cdef object _text(self, const unsigned char *p, Py_ssize_t n)


cdef class RowDecoder(_Columns):
    cdef tuple _decoders
    cdef tuple _zeros
    cdef object _pure

    cdef object _slow(self, buf, offset)
    cdef object _decode(self, buf, const unsigned char *p, Py_ssize_t end, Py_ssize_t off)
    cdef tuple decode_row(self, buf, const unsigned char *p, Py_ssize_t end, Py_ssize_t *offset)


cdef class RowEncoder(_Columns):
    cdef tuple _encoders
    cdef list _nulls

    cdef bytes _encoded_text(self, value)
    cdef bint _fast(self, const Spec *s, value, Out *o) except -1

