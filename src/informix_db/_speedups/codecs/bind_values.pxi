# The compiled BIND encoders of DECIMAL, DATETIME, DATE and INTERVAL values
# (the data of their parameters, in base-100 digit pairs): the twins of
# informix_db.codecs.bind's.  Included by binding.pyx (one extension
# module, so these inline into bind_message); see binding.pyx for the
# imports and constants they rely on.

# -- base-100 digits (DECIMAL, DATETIME, INTERVAL) -----------------------------------

cdef inline Py_ssize_t _put_digits(char *text, Py_ssize_t pos, uint64_t v, int n) noexcept nogil:
    """Write *v* as exactly *n* decimal digits at text[pos]; the new position."""
    cdef int k
    for k in range(n - 1, -1, -1):
        text[pos + k] = <char>(v % 10)
        v //= 10
    return pos + n


cdef bytes _pack_base100(bint negative, int exponent, const char *text, Py_ssize_t ndigits,
                         int width, int prefix):
    """*prefix* bytes (zero, for the caller's u16 count), the exponent byte and
    the digit pairs of *text* (decimal digit values, even count), complemented
    when negative, zero-padded to *width* bytes after the prefix when width > 0."""
    cdef Py_ssize_t npairs = ndigits // 2
    cdef Py_ssize_t size = 1 + npairs
    if width > size:
        size = width
    cdef bytes out = PyBytes_FromStringAndSize(NULL, prefix + size)
    cdef unsigned char *p = <unsigned char *>PyBytes_AS_STRING(out)
    memset(p, 0, prefix + size)
    p += prefix
    cdef unsigned char head = ((exponent + 64) | 0x80) & 0xFF
    cdef Py_ssize_t k, last
    for k in range(npairs):
        p[1 + k] = <unsigned char>(text[2 * k] * 10 + text[2 * k + 1])
    if negative:
        head ^= 0xFF
        last = npairs - 1
        while last >= 0 and p[1 + last] == 0:
            last -= 1
        if last >= 0:
            p[1 + last] = 100 - p[1 + last]
            for k in range(last):
                p[1 + k] = 99 - p[1 + k]
    p[0] = head
    return out


cdef object _bind_datetime(object value, int kind):
    """DATETIME parameter of an exact datetime (kind 0) or time (kind 1)."""
    cdef int length
    data = _datetime_data(value, kind, &length)
    return _param(T.SQLDTIME, length, data)


cdef bytes _datetime_data(object value, int kind, int *length_out):
    """The data of a DATETIME parameter (its length word into *length_out*)."""
    if kind == 0:
        length_out[0] = _TS_LEN
        return _timestamp_data(cdt.PyDateTime_GET_YEAR(value), cdt.PyDateTime_GET_MONTH(value),
                               cdt.PyDateTime_GET_DAY(value),
                               cdt.PyDateTime_DATE_GET_HOUR(value),
                               cdt.PyDateTime_DATE_GET_MINUTE(value),
                               cdt.PyDateTime_DATE_GET_SECOND(value),
                               cdt.PyDateTime_DATE_GET_MICROSECOND(value))
    cdef char text[24]
    cdef Py_ssize_t pos = 0
    cdef int us, length, width, exponent
    pos = _put_digits(text, pos, cdt.PyDateTime_TIME_GET_HOUR(value), 2)
    pos = _put_digits(text, pos, cdt.PyDateTime_TIME_GET_MINUTE(value), 2)
    pos = _put_digits(text, pos, cdt.PyDateTime_TIME_GET_SECOND(value), 2)
    us = cdt.PyDateTime_TIME_GET_MICROSECOND(value)
    if us:
        length, width, exponent = _TIMEF_LEN, _TIMEF_WIDTH, _TIMEF_EXP
    else:
        length, width, exponent = _TIME_LEN, _TIME_WIDTH, _TIME_EXP
    if length != _TIME_LEN:
        pos = _fraction5(text, pos, us)
    data = _pack_base100(False, exponent, text, pos, width, 2)
    _put16(<unsigned char *>PyBytes_AS_STRING(data), <unsigned int>width)
    length_out[0] = length
    return data


cdef inline Py_ssize_t _fraction5(char *text, Py_ssize_t pos, int us) noexcept nogil:
    """FRACTION(5): five digits of the microseconds (truncated), and a zero
    to finish the last pair."""
    pos = _put_digits(text, pos, <uint64_t>(us // 10), 5)
    text[pos] = 0
    return pos + 1


cdef bytes _timestamp_data(int year, int month, int day, int hour, int minute, int second,
                           int us):
    """The data of a datetime's DATETIME YEAR TO FRACTION(5) parameter (its
    length word is ``_TS_LEN``), from the datetime's fields."""
    cdef char text[24]
    cdef Py_ssize_t pos = 0
    pos = _put_digits(text, pos, year, 4)
    pos = _put_digits(text, pos, month, 2)
    pos = _put_digits(text, pos, day, 2)
    pos = _put_digits(text, pos, hour, 2)
    pos = _put_digits(text, pos, minute, 2)
    pos = _put_digits(text, pos, second, 2)
    pos = _fraction5(text, pos, us)
    data = _pack_base100(False, _TS_EXP, text, pos, _TS_WIDTH, 2)
    _put16(<unsigned char *>PyBytes_AS_STRING(data), <unsigned int>_TS_WIDTH)
    return data


cdef object _bind_date(object value):
    cdef long y = cdt.PyDateTime_GET_YEAR(value) - 1
    cdef int m = cdt.PyDateTime_GET_MONTH(value)
    cdef long ordinal = (y * 365 + y // 4 - y // 100 + y // 400 + _DAYS_BEFORE_MONTH[m]
                         + cdt.PyDateTime_GET_DAY(value))
    if m > 2 and ((y + 1) % 4 == 0 and ((y + 1) % 100 != 0 or (y + 1) % 400 == 0)):
        ordinal += 1
    cdef unsigned char buf[4]
    _put32(buf, <uint64_t>(ordinal - _EPOCH_ORD))
    return _param(T.SQLDATE, 0, PyBytes_FromStringAndSize(<char *>buf, 4))


cdef inline bint _any_digit(const char *text, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t k
    for k in range(n):
        if text[k]:
            return True
    return False


cdef object _bind_timedelta(object value):
    """INTERVAL DAY(9) TO FRACTION(5) parameter of an exact timedelta."""
    data = _timedelta_data(value)
    return None if data is None else _param(T.SQLINTERVAL, _IV_LEN, data)


cdef bytes _timedelta_data(object value):
    """The data of a timedelta's INTERVAL parameter, or None (the pure side decides)."""
    return _interval_data(cdt.PyDateTime_DELTA_GET_DAYS(value),
                          <int64_t>cdt.PyDateTime_DELTA_GET_SECONDS(value) * _US_SECOND
                          + cdt.PyDateTime_DELTA_GET_MICROSECONDS(value))


cdef bytes _interval_data(int64_t days, int64_t sub):
    """The data of the INTERVAL DAY(9) TO FRACTION(5) parameter of a
    timedelta of *days* and *sub* microseconds (0 <= sub < one day, as
    timedelta keeps them), or None (the pure side decides)."""
    cdef bint negative = days < 0
    cdef int64_t mag_days, rest
    # |days * 1 day + sub| without overflowing 64 bits: sub is under one day
    if negative and sub:
        mag_days = -days - 1
        rest = _US_DAY - sub
    elif negative:
        mag_days = -days
        rest = 0
    else:
        mag_days = days
        rest = sub
    if mag_days >= 1000000000:  # cannot happen for a timedelta; the pure side says why
        return None
    cdef char text[24]
    cdef Py_ssize_t pos = 0
    if _IV_PAD:
        text[0] = 0
        pos = 1
    pos = _put_digits(text, pos, <uint64_t>mag_days, _IV_LEAD)
    pos = _put_digits(text, pos, <uint64_t>(rest // _US_HOUR), 2)
    rest %= _US_HOUR
    pos = _put_digits(text, pos, <uint64_t>(rest // _US_MINUTE), 2)
    rest %= _US_MINUTE
    pos = _put_digits(text, pos, <uint64_t>(rest // _US_SECOND), 2)
    rest %= _US_SECOND
    pos = _put_digits(text, pos, <uint64_t>(rest // 10), 5)
    text[pos] = 0
    pos += 1
    if negative and not _any_digit(text, pos):
        negative = False  # no negative zero (under 10 us, truncated away)
    data = _pack_base100(negative, _IV_EXP, text, pos, _IV_WIDTH, 2)
    _put16(<unsigned char *>PyBytes_AS_STRING(data), <unsigned int>_IV_WIDTH)
    return data


# -- Decimal --------------------------------------------------------------------------

cdef object _bind_decimal(object value):
    """DECIMAL parameter of an exact Decimal, or None (see ``_decimal_data``)."""
    cdef int word
    data = _decimal_data(value, &word)
    return None if data is None else _param(T.SQLDECIMAL, word, data)


cdef bytes _decimal_data(object value, int *word_out):
    """The data of the DECIMAL parameter of an exact, finite Decimal of at most 32 digits that
    fits 16 base-100 digits unrounded; None otherwise (the pure side rounds
    or refuses).

    Sign, digits and exponent are read from ``str(value)`` (exact: the
    scientific string keeps every coefficient digit), several times cheaper
    than ``as_tuple()``; anything but ``-?digits[.digits][E[+-]digits]``
    (NaN, Infinity) goes to the pure side."""
    cdef str s = str(value)
    cdef Py_ssize_t slen
    cdef const char *c = PyUnicode_AsUTF8AndSize(s, &slen)
    cdef Py_ssize_t k = 0, nraw = 0, frac = 0, ne = 0
    cdef bint seen_point = False, sign = False, eneg = False
    cdef char ch
    cdef char text[40]  # text[0] is room for a leading pad digit
    cdef Py_ssize_t n = 0, start = 0
    cdef long e = 0
    if slen and c[0] == c'-':
        sign = True
        k = 1
    while k < slen and c[k] != c'E' and c[k] != c'e':
        ch = c[k]
        if ch == c'.':
            if seen_point:
                return None
            seen_point = True
        elif c'0' <= ch <= c'9':
            nraw += 1
            if seen_point:
                frac += 1
            if n or ch != c'0':  # leading zeros (only zero itself has them)
                if n == 32:
                    return None  # more than 32 digits: a floating DECIMAL(32)
                text[1 + n] = ch - c'0'
                n += 1
        else:
            return None
        k += 1
    if nraw == 0:
        return None
    if k < slen:  # the exponent
        k += 1
        if k < slen and (c[k] == c'+' or c[k] == c'-'):
            eneg = c[k] == c'-'
            k += 1
        while k < slen and c'0' <= c[k] <= c'9':
            if ne == 9:
                return None
            e = e * 10 + (c[k] - c'0')
            ne += 1
            k += 1
        if ne == 0 or k != slen:
            return None
    return _decimal_digits(sign, text, n, (-e if eneg else e) - frac, word_out)


cdef bytes _decimal_digits(bint sign, char *text, Py_ssize_t n, long exp, int *word_out):
    """The data of the DECIMAL parameter of the value (-1)**sign * digits *
    10**exp, its *n* significant digits (digit values, no leading zero; 0
    for zero) at ``text[1:]`` (``text[0]`` and two places after them are
    room); None when it is not one the C side writes (the pure side rounds
    or refuses).  Its length word, the scale as given, into *word_out*."""
    cdef Py_ssize_t start = 0
    # exact_length_for: precision and scale of the value as written
    cdef long nd = n if n else 1
    if exp > 32 or exp < -32:
        return None
    cdef long scale = -exp if exp < 0 else 0
    cdef long precision = nd + (exp if exp > 0 else 0)
    if scale > precision:
        precision = scale
    if precision > 32:
        return None  # a floating DECIMAL(32): rounded by the pure side
    cdef long given_scale = -exp
    cdef bint negative = sign
    cdef int exponent
    if n == 0:
        negative, exponent = False, -64
        text[1] = 0
        text[2] = 0
        n = 2
        start = 1
    else:
        if exp & 1:  # align the point on a digit-pair boundary
            text[1 + n] = 0
            n += 1
            exp -= 1
        start = 1
        if n & 1:
            text[0] = 0
            start = 0
            n += 1
        exponent = <int>(n // 2 + exp // 2)
        while n >= 2 and text[start + n - 2] == 0 and text[start + n - 1] == 0:
            n -= 2  # trailing zero pairs are not stored
        if n // 2 > _MAX_PAIRS or not -64 <= exponent <= 63:
            return None
    data = _pack_base100(negative, exponent, text + start, n, 0, 2)
    _put16(<unsigned char *>PyBytes_AS_STRING(data), <unsigned int>(PyBytes_GET_SIZE(data) - 2))
    word_out[0] = <int>(given_scale & 0xFFFF)  # its length word: the scale
    return data
