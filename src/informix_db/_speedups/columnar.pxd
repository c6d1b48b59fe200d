# cython: language_level=3
"""The compiled columnar decoder's C-level interface, for the compiled reply
loop (``replyloop.pyx`` adds each tuple with ``ColumnDecoder.decode_into``
without a Python call)."""

cimport cython
from libc.stdint cimport int64_t

from informix_db._speedups.rows cimport Spec, _Columns

#: What a column writes.
cdef enum Out:
    O_OBJECT = 0    # values kept as objects, laid out by the pure build_column at take
    O_I16
    O_I32
    O_I64
    O_F32
    O_F64
    O_DATE32        # DATE
    O_BOOL
    O_TEXT          # utf8 (int32 offsets) or large_utf8 (int64)
    O_DEC128
    O_DTDATE        # DATETIME YEAR..DAY TO ..DAY: date32
    O_TIMESTAMP     # DATETIME from a date field to a time field: int64 in units of div
    O_TIME          # DATETIME HOUR.. : time32 (width 4) or time64 (width 8), units of div
    O_DURATION      # INTERVAL DAY..: int64 in units of div
    O_MONTHS        # INTERVAL YEAR..MONTH: month_day_nano with months only


cdef struct Col:
    int out
    int width               # data bytes per value (fixed layouts); offsets' width for text
    int64_t div             # timestamp/time/duration: microseconds per unit
    int scale               # DECIMAL: the Arrow scale
    Py_ssize_t nulls
    unsigned char *valid    # validity bitmap, bit per row (written for every row)
    Py_ssize_t valid_cap
    unsigned char *data     # values; text: the bytes
    Py_ssize_t data_len
    Py_ssize_t data_cap
    unsigned char *offs     # text: length + 1 offsets
    Py_ssize_t offs_cap
    Py_ssize_t mark_data    # data_len and nulls before the last decoded row
    Py_ssize_t mark_nulls


@cython.final
cdef class ColumnDecoder(_Columns):
    cdef Col *cols
    cdef readonly tuple formats
    cdef readonly Py_ssize_t length
    cdef tuple _single          # per column: a one-column RowDecoder
    cdef list _objects          # per column: its values (O_OBJECT) or None
    cdef list _checked          # (column, check) of the formats values may not fit
    cdef object _pure_rows
    cdef bint _marked           # the marks describe the last row added
    cdef bint _checks_objects   # some O_OBJECT column's values must be checked to fit

    cdef object _redo(self, buf, offset)
    cdef int _mark(self) except -1
    cdef void _restore(self) noexcept
    cdef int decode_into(self, buf, const unsigned char *p, Py_ssize_t end,
                         Py_ssize_t *offset) except -1
    cdef int _decoded_text(self, Col *c, Py_ssize_t row, const unsigned char *text,
                           Py_ssize_t n) except -1
    cdef int _raise(self, int outcome) except -1
    cdef int _append_value(self, Py_ssize_t i, value, Py_ssize_t row) except -1
    cdef int _append_chunk(self, Col *c, chunk, Py_ssize_t at) except -1
    cdef int _add_rows(self, rows) except -1
    cdef object _take_column(self, Col *c, Py_ssize_t k)
    cdef object _split_data(self, Col *c, Py_ssize_t cut)
