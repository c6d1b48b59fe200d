# The compiled twin of informix_db.codecs.decimal: base-100 digit pairs to
# and from Decimal.
# Included by rows.pyx (one extension module, so every cdef function here
# inlines into the row loop); see rows.pyx for the imports it relies on.

# Decimal(text) parses its argument list by keywords; a context's
# create_decimal does not, and with these limits it never rounds, clamps
# or signals, so it makes exactly Decimal(text) (about 15% cheaper).
cdef object _decimal_of = Context(prec=_MAX_PREC, Emax=_MAX_EMAX, Emin=_MIN_EMIN,
                                  traps=[]).create_decimal


cdef const char *_PAIRS = (
    b"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    b"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    b"8081828384858687888990919293949596979899"
)


cdef object _decimal_value(const Spec *s, const unsigned char *p, zero):
    """DECIMAL/MONEY of canonical bytes *p* (width s.n), or _FALLBACK."""
    cdef char text[1100]
    cdef Py_ssize_t w = s.n
    cdef Py_ssize_t nd = w - 1
    cdef Py_ssize_t i, last, tlen, point, e, k, whole_len
    cdef int head = p[0]
    cdef int pair
    cdef bint negative
    cdef int exponent
    cdef char *out
    if nd > 255:
        return _FALLBACK
    last = -1  # the last non-zero pair: zero pairs after it are trailing zeros
    for i in range(nd):
        if p[1 + i] > 99:
            return _FALLBACK
        if p[1 + i]:
            last = i
    if last < 0:
        return zero
    negative = not (head & 0x80)
    exponent = ((head ^ 0x7F) if negative else (head & 0x7F)) - 64
    # the digit text up to the last non-zero pair, a negative value's
    # complement undone (that pair from 100, those before it from 99)
    tlen = 0
    for i in range(last + 1):
        pair = p[1 + i]
        if negative:
            pair = (100 if i == last else 99) - pair
        text[tlen] = _PAIRS[2 * pair]
        text[tlen + 1] = _PAIRS[2 * pair + 1]
        tlen += 2
    while tlen > 0 and text[tlen - 1] == b'0':
        tlen -= 1
    if tlen == 0:
        return zero
    point = 2 * exponent
    cdef char buf[1400]
    out = buf
    k = 0
    if negative:
        out[k] = b'-'
        k += 1
    if s.scale >= 0:
        if tlen - point > s.scale:
            return _FALLBACK  # more digits than the scale: the pure codec rounds
        if point >= 0:
            whole_len = tlen if tlen < point else point
            if point == 0:
                out[k] = b'0'
                k += 1
            else:
                memcpy(out + k, text, whole_len)
                k += whole_len
                for i in range(point - whole_len):
                    out[k] = b'0'
                    k += 1
            if s.scale:
                out[k] = b'.'
                k += 1
                e = 0
                if tlen > point:
                    memcpy(out + k, text + point, tlen - point)
                    k += tlen - point
                    e = tlen - point
                for i in range(s.scale - e):
                    out[k] = b'0'
                    k += 1
        else:
            out[k] = b'0'
            k += 1
            if s.scale:
                out[k] = b'.'
                k += 1
                for i in range(-point):
                    out[k] = b'0'
                    k += 1
                memcpy(out + k, text, tlen)
                k += tlen
                for i in range(s.scale - (tlen - point)):
                    out[k] = b'0'
                    k += 1
        return _decimal_of(PyUnicode_FromStringAndSize(buf, k))
    # floating: text * 10**e, a positive exponent written out (exponent 0)
    memcpy(out + k, text, tlen)
    k += tlen
    e = point - tlen
    if e > 0:
        for i in range(e):
            out[k] = b'0'
            k += 1
        return _decimal_of(PyUnicode_FromStringAndSize(buf, k))
    return _decimal_of(PyUnicode_FromStringAndSize(buf, k) + f"E{e}")


cdef int _pack_base100(Out *o, int head, bint negative, unsigned char *pairs,
                       Py_ssize_t npairs, Py_ssize_t width) except -1:
    """The exponent byte and digit pairs (complemented when negative), zero
    padded to *width* bytes, as the pure ``pack_base100`` writes them."""
    cdef unsigned char zeros[64]
    cdef Py_ssize_t i, last, n
    if negative:
        head ^= 0xFF
        last = npairs - 1
        while last >= 0 and pairs[last] == 0:
            last -= 1
        if last >= 0:
            pairs[last] = 100 - pairs[last]
            for i in range(last):
                pairs[i] = 99 - pairs[i]
    zeros[0] = <unsigned char>head
    _put(o, zeros, 1)
    _put(o, pairs, npairs)
    memset(zeros, 0, 64)
    n = width - 1 - npairs
    while n > 0:
        _put(o, zeros, n if n < 64 else 64)
        n -= 64
    return 0


cdef bint _decimal_parts(str text, unsigned char *dec, Py_ssize_t *nd, long *exp,
                        bint *negative) except -1:
    """Significant digits (leading zeros dropped, at most 32), exponent and sign
    of a finite Decimal's str(); False for anything else."""
    cdef Py_ssize_t n, i = 0, count = 0, frac = 0
    cdef const char *p = PyUnicode_AsUTF8AndSize(text, &n)
    cdef bint point = False, digit = False, eneg = False
    cdef long e = 0
    cdef char c  # compared with ASCII codes: 48-57 digits, 45 '-', 43 '+', 46 '.', 69/101 E/e
    negative[0] = n > 0 and p[0] == 45
    if negative[0]:
        i = 1
    while i < n:
        c = p[i]
        if 48 <= c <= 57:
            digit = True
            if point:
                frac += 1
            if c != 48 or count:
                if count == 32:
                    return False
                dec[count] = c - 48
                count += 1
        elif c == 46 and not point:
            point = True
        else:
            break
        i += 1
    if not digit:
        return False
    if i < n:
        if p[i] != 69 and p[i] != 101:
            return False
        i += 1
        if i < n and (p[i] == 43 or p[i] == 45):
            eneg = p[i] == 45
            i += 1
        if i == n:
            return False
        while i < n:
            c = p[i]
            if not 48 <= c <= 57 or e > 100000:
                return False
            e = e * 10 + (c - 48)
            i += 1
    e = (-e if eneg else e) - frac
    if not -1000 <= e <= 1000:
        return False
    nd[0], exp[0] = count, e
    return True


cdef bint _encode_decimal(const Spec *s, value, Out *o) except -1:
    """A Decimal that needs no rounding, written in C; False otherwise."""
    cdef unsigned char dec[40]
    cdef unsigned char pairs[24]
    cdef unsigned char text[40]
    cdef Py_ssize_t nd, i, start, npairs, ntext
    cdef long e, exponent
    cdef bint negative
    if type(value) is not Decimal:
        return False
    # str() is the Decimal's exact coefficient and exponent, and cheaper than as_tuple()
    if not _decimal_parts(str(value), dec, &nd, &e, &negative):
        return False  # NaN/Infinity, more than 32 digits, an exponent beyond any column
    start = 0
    if s.scale >= 0:
        if e != -s.scale:
            return False  # the pure encoder quantizes (rounds or pads) it
        if start < nd and e + (nd - start) - 1 >= s.prec - s.scale:
            return False  # too many digits before the point: its DataError
    elif nd > s.prec:
        return False  # rounded to the precision by the pure encoder
    if start == nd:  # zero: the smallest exponent and no digits
        _pack_base100(o, 0x80, False, pairs, 0, s.n)
        return True
    # the significant digits, the point aligned on a pair boundary
    ntext = 0
    if ((nd - start) + (e & 1)) & 1:
        ntext = 1  # a leading zero digit makes the count even
    if ntext:
        text[0] = 0
    for i in range(start, nd):
        text[ntext] = dec[i]
        ntext += 1
    if e & 1:
        text[ntext] = 0
        ntext += 1
        e -= 1
    npairs = ntext // 2
    for i in range(npairs):
        pairs[i] = text[2 * i] * 10 + text[2 * i + 1]
    exponent = npairs + e // 2
    while npairs and pairs[npairs - 1] == 0:
        npairs -= 1
    if npairs > 16 or not -64 <= exponent <= 63 or 1 + npairs > s.n:
        return False
    _pack_base100(o, 0x80 | (exponent + 64), negative, pairs, npairs, s.n)
    return True
