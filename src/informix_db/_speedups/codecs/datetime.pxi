# The compiled twin of the DATE half of informix_db.codecs.datetime: day
# counts from 1899-12-31 to and from proleptic Gregorian dates.
# Included by rows.pyx (one extension module, so every cdef function here
# inlines into the row loop); see rows.pyx for the imports it relies on.

# 1899-12-31 as a proleptic Gregorian ordinal; the DATE range in day counts.
cdef int64_t _EPOCH_ORD = 693595
cdef int64_t _MIN_DAYS = 1 - 693595
cdef int64_t _MAX_DAYS = 3652059 - 693595


cdef int _DAYS_IN_MONTH[13]
_DAYS_IN_MONTH[:] = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


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
