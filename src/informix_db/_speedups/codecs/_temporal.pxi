# The compiled twin of informix_db.codecs._temporal (and of the DATETIME
# and INTERVAL halves of codecs.datetime and codecs.interval): qualifier
# fields to and from digit pairs.
# Included by rows.pyx (one extension module, so every cdef function here
# inlines into the row loop); see rows.pyx for the imports it relies on.

# (_FRAC_UNIT, _pair_fields, _datetime_parts, _interval_seconds: in
# _temporal_fields.pxi, included before this file.)


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


cdef object _year_datetime(const Spec *s, const unsigned char *q, Py_ssize_t nd):
    """The usual DATETIME (YEAR TO DAY .. YEAR TO FRACTION(n), s.fromyear) of
    digit pairs *q*, read without a loop per field: a date or datetime, or
    _FALLBACK exactly when _temporal_value's general path gives it."""
    cdef int nf = s.nfields
    cdef int y, mo = 1, d = 1, h = 0, mi = 0, sec = 0, us = 0
    cdef int64_t fracv
    cdef Py_ssize_t i
    if q[0] > 99 or q[1] > 99:
        return _FALLBACK
    for i in range(s.npairs, nd):
        if q[i]:
            return _FALLBACK
    y = q[0] * 100 + q[1]
    # a pair above 99 fails the range checks below, as the general path's digit check
    if nf > 1:
        mo = q[2]
    if nf > 2:
        d = q[3]
    if nf > 3:
        h = q[4]
    if nf > 4:
        mi = q[5]
    if nf > 5:
        sec = q[6]
    if s.frac:  # the fraction's pairs follow SECOND's
        fracv = 0
        for i in range(7, s.npairs):
            if q[i] > 99:
                return _FALLBACK
            fracv = fracv * 100 + q[i]
        if s.frac & 1:
            fracv //= 10  # the pair's second digit is past the qualifier
        us = <int>(fracv * _FRAC_UNIT[s.frac])
    if not (1 <= y and 1 <= mo <= 12 and 1 <= d <= _month_days(y, mo)):
        return _FALLBACK
    if h > 23 or mi > 59 or sec > 59:
        return _FALLBACK
    if s.tkind == T_DATE:
        return cdt.date_new(y, mo, d)
    return cdt.datetime_new(y, mo, d, h, mi, sec, us, None)


cdef object _temporal_value(const Spec *s, const unsigned char *p):
    """DATETIME/INTERVAL of bytes *p* (width s.n), None for NULL, or _FALLBACK."""
    cdef Py_ssize_t nd = s.n - 1
    cdef int head = p[0]
    cdef bint negative
    cdef int64_t values[6]
    cdef int64_t months, secs
    cdef int f[6]
    cdef int us
    if nd > 127 or s.npairs > nd:
        return _FALLBACK
    if s.fromyear and head == s.head:
        return _year_datetime(s, p + 1, nd)
    if s.aligned and head == s.head:
        # The common case (every DATETIME, intervals of even leading
        # precision): each field is whole digit pairs, read straight off p.
        if not _pair_fields(s, p + 1, nd, values, &us):
            return _FALLBACK
        negative = False
    elif head == 0 and p[1] == 0:
        return None
    elif not _digit_fields(s, p, nd, head, values, &us, &negative):
        return _FALLBACK

    if s.kind == K_DATETIME:
        if not _datetime_parts(s, values, f):
            return _FALLBACK
        if s.tkind == T_DATE:
            return cdt.date_new(f[0], f[1], f[2])
        if s.tkind == T_TIME:
            return cdt.time_new(f[3], f[4], f[5], us, None)
        return cdt.datetime_new(f[0], f[1], f[2], f[3], f[4], f[5], us, None)

    if s.tkind == T_YM:
        months = _interval_months(s, values)
        return _IntervalYM.from_months(-months if negative else months)
    secs = _interval_seconds(s, values)
    if secs // 86400 > 999999999:
        return _FALLBACK  # beyond timedelta: the pure codec says so
    try:
        if negative:
            return cdt.timedelta_new(-<int>(secs // 86400), -<int>(secs % 86400), -us)
        return cdt.timedelta_new(<int>(secs // 86400), <int>(secs % 86400), us)
    except OverflowError:
        return _FALLBACK


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
