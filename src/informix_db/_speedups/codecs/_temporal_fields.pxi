# The C-only half of informix_db.codecs._temporal: DATETIME/INTERVAL digit
# pairs to field values, and field values to a moment or a count of seconds.
# Included by rows.pyx (through its codecs) and by columnar.pyx, so both
# inline the same lines; it needs codecs/datetime.pxi's _month_days.

cdef int _FRAC_UNIT[6]
_FRAC_UNIT[:] = [1, 100000, 10000, 1000, 100, 10]


cdef inline bint _pair_fields(const Spec *s, const unsigned char *q, Py_ssize_t nd,
                              int64_t *values, int *us) noexcept nogil:
    """The fields and microseconds of the digit pairs *q* (the bytes after the
    head) of an aligned qualifier, each field whole pairs: False when a pair
    is no two decimal digits or a byte past the qualifier is set."""
    cdef Py_ssize_t i, pos = 0
    cdef int64_t v, fracv = 0
    cdef int j
    for i in range(s.npairs):
        if q[i] > 99:
            return False
    for i in range(s.npairs, nd):
        if q[i]:
            return False
    for j in range(s.nfields):
        v = 0
        for i in range(s.widths[j] >> 1):
            v = v * 100 + q[pos]
            pos += 1
        values[j] = v
    if s.frac:
        for i in range((s.frac + 1) >> 1):
            fracv = fracv * 100 + q[pos + i]
        if s.frac & 1:
            fracv //= 10  # the pair's second digit is past the qualifier
        us[0] = <int>(fracv * _FRAC_UNIT[s.frac])
    else:
        us[0] = 0
    return True


cdef inline bint _datetime_parts(const Spec *s, const int64_t *values, int *f) noexcept nogil:
    """Year, month, day, hour, minute, second of a DATETIME's fields in *f*
    (2000-01-01 00:00:00 left of its start): False when they name no valid
    moment."""
    cdef int j
    f[0], f[1], f[2], f[3], f[4], f[5] = 2000, 1, 1, 0, 0, 0
    for j in range(s.nfields):
        if values[j] > 9999:
            return False
        f[s.units[j] // 2] = <int>values[j]
    if s.tkind != T_TIME:
        if not (1 <= f[0] <= 9999 and 1 <= f[1] <= 12 and 1 <= f[2] <= _month_days(f[0], f[1])):
            return False
    if s.tkind != T_DATE:
        if not (f[3] <= 23 and f[4] <= 59 and f[5] <= 59):
            return False
    return True


cdef inline int64_t _interval_seconds(const Spec *s, const int64_t *values) noexcept nogil:
    """The whole seconds of a DAY..SECOND interval's fields."""
    cdef int64_t secs = 0
    cdef int j
    for j in range(s.nfields):
        if s.units[j] == C_TU_DAY:
            secs += values[j] * 86400
        elif s.units[j] == C_TU_HOUR:
            secs += values[j] * 3600
        elif s.units[j] == C_TU_MINUTE:
            secs += values[j] * 60
        else:
            secs += values[j]
    return secs


cdef inline int64_t _interval_months(const Spec *s, const int64_t *values) noexcept nogil:
    """The months of a YEAR..MONTH interval's fields."""
    cdef int64_t months = 0
    cdef int j
    for j in range(s.nfields):
        months += values[j] * (12 if s.units[j] == C_TU_YEAR else 1)
    return months
