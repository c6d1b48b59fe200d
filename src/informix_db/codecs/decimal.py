"""DECIMAL(p,s), floating DECIMAL(p) and MONEY(p,s); the base-100 format
that DATETIME and INTERVAL share.

A value is ``sign * 0.d1 d2 ... dn * 100**exponent`` with base-100 digits
(0..99, each holding two decimal digits):

* byte 0: for a positive value (and zero) ``0x80 | (exponent + 64)``; for
  a negative value the same 7 bits XOR 0x7F with the top bit clear.
* bytes 1..: the digits, most significant first.  A negative value stores
  the base-100 complement of its digits (``100**n - digits``: trailing
  zeros stay zero, the last non-zero digit d becomes 100-d, the ones
  before it 99-d).
* DECIMAL/MONEY digits are normalised (no leading zero digit); zero is
  exponent byte ``0x80`` and zero digits (IBM JDBC binds 0 as ``80 00``).

In a tuple a DECIMAL(p,s) takes ``(p + (s & 1) + 3) // 2`` bytes (s = 255
for a floating DECIMAL(p)), unused digits zero; NULL is all zero bytes
(so the first two bytes are 00 00).  In a BIND the data is a u16 byte
count, then the exponent byte and the significant digits only (at least
one), and IBM JDBC puts the value's *scale* in the length word as a
signed short (-12345.678 -> 0x0003, 1E+5 -> 0xfffb), not p<<8|s.  At most
16 digits (32 decimal digits) are ever stored.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal
from struct import Struct, error as StructError

from informix_db.codecs._common import check, out_of_range, truncated, wrong_type
from informix_db.exceptions import DataError

__all__ = [
    "decimal_width", "pack_base100", "unpack_base100", "PAIR_TEXT",
    "decode_decimal", "decimal_decoder", "encode_decimal", "decode_bind_decimal",
    "encode_bind_decimal", "encode_bind_exact",
    "exact_length_for", "round_to_column",
]

_U16 = Struct(">H")
#: The most base-100 digits an Informix decimal holds (DECSIZE).
MAX_PAIRS = 16
#: Zero is written with the smallest exponent: exponent byte 0x80, as IBM
#: JDBC binds BigDecimal 0 (``80 00``).
ZERO_EXPONENT = -64
#: Two-character text of each digit byte; bytes above 99 map to text that
#: ``int()`` refuses, which is how malformed digits are caught cheaply.
PAIR_TEXT = tuple(f"{i:02d}" for i in range(100)) + ("x",) * 156
# Exact arithmetic for up to 32 digits plus headroom; Informix rounds half up.
_CTX = Context(prec=160, rounding=ROUND_HALF_UP, Emin=-999999, Emax=999999)
_QUANTS = tuple(Decimal(1).scaleb(-s) for s in range(33))
_ZEROS = tuple(Decimal(0).scaleb(-s) for s in range(33))


def decimal_width(length: int) -> int:
    """Tuple bytes of a DECIMAL/MONEY (or DATETIME/INTERVAL) length word."""
    return (((length >> 8) & 0xFF) + (length & 1) + 3) // 2


# -- the shared base-100 core ------------------------------------------------

def pack_base100(negative: bool, exponent: int, digits, width: int | None = None) -> bytes:
    """The exponent byte and digits (complemented when negative), zero-padded
    to *width* bytes when given."""
    if not -64 <= exponent <= 63:
        raise DataError(f"base-100 exponent {exponent} is outside -64..63")
    head = (exponent + 64) | 0x80
    if negative:
        head ^= 0xFF  # clears the sign bit and inverts the exponent bits
        out = bytearray(digits)
        i = len(out) - 1
        while i >= 0 and out[i] == 0:
            i -= 1
        if i >= 0:
            out[i] = 100 - out[i]
            for j in range(i):
                out[j] = 99 - out[j]
        body = bytes(out)
    else:
        body = bytes(digits)
    raw = bytes((head,)) + body
    if width is not None:
        if len(raw) > width:
            raise DataError(f"{len(body)} base-100 digits do not fit {width} bytes")
        raw += bytes(width - len(raw))
    return raw


def unpack_base100(raw):
    """``(negative, exponent, digits)`` of base-100 bytes, or None for NULL.

    The digits come back uncomplemented (ints 0..99; a bytes-like slice for
    positive values, a list for negative ones)."""
    if len(raw) < 1 or (raw[0] == 0 and (len(raw) < 2 or raw[1] == 0)):
        return None
    head = raw[0]
    if max(raw[1:], default=0) > 99:
        raise DataError(f"base-100 digit above 99 in {bytes(raw).hex()}")
    if head & 0x80:
        return False, (head & 0x7F) - 64, raw[1:]
    digits = list(raw[1:])
    i = len(digits) - 1
    while i >= 0 and digits[i] == 0:
        i -= 1
    if i >= 0:
        digits[i] = 100 - digits[i]
        for j in range(i):
            digits[j] = 99 - digits[j]
    return True, (head ^ 0x7F) - 64, digits


def _digits_text(digits, what: str, offset: int) -> str:
    text = "".join(map(PAIR_TEXT.__getitem__, digits))
    if "x" in text:
        raise DataError(f"{what} at offset {offset} has a base-100 digit outside 0..99: {list(digits)}")
    return text


# -- Decimal <-> base-100 ----------------------------------------------------

def _to_decimal(value, what: str) -> Decimal:
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, int):
        d = Decimal(value)
    elif isinstance(value, float):
        d = Decimal(repr(value))
    else:
        raise wrong_type(what, value, "a Decimal, int or float")
    if not d.is_finite():
        raise out_of_range(what, value, "not a finite number")
    return d


def _base100(d: Decimal):
    """``(negative, exponent, digits)`` of a finite Decimal, normalised."""
    sign, dtuple, exp = d.as_tuple()
    text = "".join(map(str, dtuple)).lstrip("0")
    if not text:
        return False, ZERO_EXPONENT, []
    if exp & 1:  # align the point on a digit-pair boundary
        text += "0"
        exp -= 1
    if len(text) & 1:
        text = "0" + text
    digits = [int(text[i:i + 2]) for i in range(0, len(text), 2)]
    exponent = len(digits) + exp // 2
    while digits and digits[-1] == 0:
        digits.pop()
    return bool(sign), exponent, digits


def _fit(d: Decimal, precision: int, scale: int | None, what: str):
    """Round *d* to the column and return its normalised base-100 form."""
    if scale is None:
        d = Context(prec=precision, rounding=ROUND_HALF_UP).plus(d)
    else:
        d = _CTX.quantize(d, _QUANTS[scale])
        if d.adjusted() >= precision - scale and d:
            raise out_of_range(what, d, f"more than {precision - scale} digits before the point")
    neg, exponent, digits = _base100(d)
    if len(digits) > MAX_PAIRS:
        # Informix keeps 16 base-100 digits; DECIMAL(32, odd s) loses one decimal digit
        d = _CTX.quantize(d, Decimal(1).scaleb(2 * (exponent - MAX_PAIRS)))
        if scale is not None and d and d.adjusted() >= precision - scale:
            raise out_of_range(what, d, "rounding to 16 base-100 digits overflows the column")
        neg, exponent, digits = _base100(d)
    if not digits:
        return False, ZERO_EXPONENT, []
    if not -64 <= exponent <= 63:
        raise out_of_range(what, d, "magnitude beyond 10**-128..10**126")
    return neg, exponent, digits


def _from_base100(negative, exponent, digits, scale, what, offset) -> Decimal:
    text = _digits_text(digits, what, offset).rstrip("0")
    if not text:
        return _ZEROS[scale] if scale is not None else _ZEROS[0]
    # the value is 0.text * 100**exponent: 2*exponent digits before the point
    point = 2 * exponent
    sign = "-" if negative else ""
    if scale is not None and len(text) - point <= scale:
        # Written straight with exactly `scale` fraction digits: one string parse.
        if point >= 0:
            whole = text[:point].ljust(point, "0") or "0"
            frac = text[point:]
        else:
            whole = "0"
            frac = "0" * -point + text
        if scale:
            return Decimal(f"{sign}{whole}.{frac.ljust(scale, '0')}")
        return Decimal(f"{sign}{whole}")
    d = Decimal(f"{sign}{text}E{point - len(text)}")
    if scale is not None:  # more stored digits than the scale: round like the server
        return _CTX.quantize(d, _QUANTS[scale])
    if d.as_tuple().exponent > 0:
        d = _CTX.quantize(d, _QUANTS[0])
    return d


def round_to_column(value, length: int) -> Decimal:
    """*value* as a DECIMAL/MONEY column with length word *length* stores it:
    rounded half up to the scale (or p significant digits) and to 16 base-100
    digits.  DataError when it does not fit (what an INSERT should report)."""
    precision, scale = (length >> 8) & 0xFF, length & 0xFF
    what = f"DECIMAL({precision})" if scale == 0xFF else f"DECIMAL({precision},{scale})"
    fixed = None if scale == 0xFF else scale
    neg, exponent, digits = _fit(_to_decimal(value, what), precision, fixed, what)
    return _from_base100(neg, exponent, digits, fixed, what, 0)


# -- tuple -------------------------------------------------------------------

def decode_decimal(buf, offset: int, length: int):
    """DECIMAL/MONEY at *offset* for length word *length*:
    ``(Decimal | None, offset + width)``.  A fixed scale comes back as the
    Decimal's exponent (``Decimal('1.50')`` for DECIMAL(5,2))."""
    width = decimal_width(length)
    end = offset + width
    raw = buf[offset:end]
    if len(raw) != width or offset < 0:
        raise truncated(f"DECIMAL({length >> 8})", offset, width, buf)
    parts = unpack_base100(raw)
    if parts is None:
        return None, end
    scale = length & 0xFF
    return _from_base100(*parts, None if scale == 0xFF else scale, "DECIMAL", offset), end


# Each digit byte 0..99 as one packed-BCD byte, so that ``bytes.hex()`` spells
# base-100 digits in decimal in one C call; a byte above 99 (and so every
# exponent byte of a positive value) becomes 0xFF, which spells "ff".
_BCD = bytes((d // 10) << 4 | d % 10 if d < 100 else 0xFF for d in range(256))


def decimal_decoder(length: int):
    """``decode(buf, offset)``: ``decode_decimal`` for the one length word
    *length*, with what depends only on it worked out once.

    Canonical values are read from the digits' decimal text (one
    ``translate`` and ``hex``) and a single ``Decimal(str)``, NULL and zero
    as written by lookup; anything else (more digits than the scale, a
    floating value needing quantizing, unusual NULL or zero forms, malformed
    bytes) goes to ``decode_decimal``, which also raises its errors."""
    scale = length & 0xFF
    width = decimal_width(length)
    read = Struct(f"{width}s").unpack_from  # the value's bytes as one bytes object
    ndigits = 2 * (width - 1)
    complement = 10 ** ndigits  # 100**n: a negative value stores 100**n - digits
    # base-10 exponent of the point per exponent byte (either sign): 2 * exponent
    points = tuple(2 * (((h & 0x7F) if h & 0x80 else (h ^ 0x7F)) - 64) for h in range(256))

    # NULL and zero as written, which the digit text does not cover
    known = {bytes(width): None,
             b"\x80" + bytes(width - 1): _ZEROS[0 if scale == 0xFF else scale]}

    def general(buf, offset):
        return decode_decimal(buf, offset, length)

    def digits_text(raw):
        """``(digits in decimal, uncomplemented, sign)``; no text: go general."""
        text = raw.translate(_BCD).hex()[2:]
        if "f" in text:
            return None, ""
        if raw[0] & 0x80:
            return text, ""
        stored = int(text)
        if not stored or not (raw[0] or raw[1]):  # negative zero or NULL
            return None, ""
        return str(complement - stored).zfill(ndigits), "-"

    if scale == 0xFF:
        def decode_floating(buf, offset):
            try:
                raw = read(buf, offset)[0]
            except StructError:
                return general(buf, offset)
            if offset >= 0:
                if raw in known:
                    return known[raw], offset + width
                text, sign = digits_text(raw)
                if text:
                    text = text.rstrip("0")
                    exponent = points[raw[0]] - len(text)
                    if text and exponent <= 0:
                        return Decimal(f"{sign}{text}E{exponent}"), offset + width
            return general(buf, offset)

        return decode_floating

    suffix = f"E-{scale}"
    # Per exponent byte: the text position of the 10**-scale digit and the
    # zeros every digit after it must be; None when the value cannot reach it.
    plans = tuple((p + scale, "0" * (ndigits - p - scale)) if 0 < p + scale <= ndigits else None
                  for p in points)

    def decode(buf, offset):
        try:
            raw = read(buf, offset)[0]
        except StructError:
            return general(buf, offset)
        if offset >= 0:
            plan = plans[raw[0]]
            if plan is not None:
                text, sign = digits_text(raw)
                cut, zeros = plan
                if text and text[cut:] == zeros:
                    return Decimal(sign + text[:cut] + suffix), offset + width
            elif raw in known:
                return known[raw], offset + width
        return general(buf, offset)

    return decode


def encode_decimal(value, length: int) -> bytes:
    """Tuple bytes of *value* as DECIMAL/MONEY with length word *length*,
    rounded half-up to the scale (or to p significant digits when floating)."""
    width = decimal_width(length)
    if value is None:
        return bytes(width)
    precision, scale = (length >> 8) & 0xFF, length & 0xFF
    what = f"DECIMAL({precision})" if scale == 0xFF else f"DECIMAL({precision},{scale})"
    d = _to_decimal(value, what)
    neg, exponent, digits = _fit(d, precision, None if scale == 0xFF else scale, what)
    return pack_base100(neg, exponent, digits, width)


# -- bind --------------------------------------------------------------------

def exact_length_for(value) -> int:
    """The DECIMAL(p,s) length word that holds *value* exactly (32 digits at
    most; beyond that a floating DECIMAL(32))."""
    d = _to_decimal(value, "DECIMAL parameter")
    _, dtuple, exp = d.as_tuple()
    scale = max(0, -exp)
    precision = max(len(dtuple) + max(exp, 0), scale, 1)
    if precision > 32:
        return 32 << 8 | 0xFF
    return precision << 8 | scale


# Each packed-BCD byte (two decimal digits, as ``bytes.fromhex`` of digit
# text gives them) as the base-100 digit it spells; and each digit d as the
# 99 - d that a negative value stores for every digit but its last.
_FROM_BCD = bytes((b >> 4) * 10 + (b & 15) if b >> 4 < 10 and b & 15 < 10 else 0 for b in range(256))
_NINES = bytes(99 - d if d < 100 else 0 for d in range(256))
# Most significant digits bound by the fast path: with one alignment zero
# on each side they still fit 16 base-100 digits, so nothing is rounded.
_EXACT_DIGITS = 30


def encode_bind_exact(value):
    """``encode_bind_decimal(value)`` of a plain Decimal written without an
    exponent (``str`` gives ``[-]digits[.digits]``) holding at most 30
    significant digits, or None for any other value.

    Such a value is bound exactly (no rounding, exponent in range), so its
    bytes come straight from its decimal text: the digits as packed BCD
    (``bytes.fromhex``) translated to base-100 digits."""
    text = str(value)
    negative = text[0] == "-"
    whole, _, frac = text[negative:].partition(".")
    body = whole + frac
    if not body.isdigit() or not body.isascii():  # an exponent, NaN, Infinity
        return None
    body = body.lstrip("0")
    if len(body) > _EXACT_DIGITS:
        return None
    scale = len(frac)  # BigDecimal.scale(), the length word
    if not body:
        return scale, b"\x00\x02\x80\x00"  # zero (either sign): 80 00, as _fit gives it
    if scale & 1:  # align the point on a digit-pair boundary
        body += "0"
    if len(body) & 1:
        body = "0" + body
    digits = bytes.fromhex(body).translate(_FROM_BCD)
    exponent = len(digits) - (scale + 1) // 2
    digits = digits.rstrip(b"\x00")
    head = (exponent + 64) | 0x80
    if negative:  # base-100 complement, as pack_base100 writes it
        head ^= 0xFF
        digits = digits[:-1].translate(_NINES) + bytes((100 - digits[-1],))
    return scale, _U16.pack(len(digits) + 1) + bytes((head,)) + digits


def encode_bind_decimal(value, length: int | None = None) -> tuple[int, bytes]:
    """A DECIMAL/MONEY parameter as IBM JDBC binds it: ``(length_word, data)``.

    *value* is rounded to the column's length word *length* when given (else
    kept exact, up to 32 digits).  The data is a u16 count, the exponent byte
    and the significant digits; the length word is the scale as a signed
    16-bit value (what JDBC sends as BigDecimal.scale())."""
    if length is None and type(value) is Decimal:
        fast = encode_bind_exact(value)
        if fast is not None:
            return fast
    d = _to_decimal(value, "DECIMAL parameter")
    given_scale = None
    if length is None:
        length = exact_length_for(d)
        given_scale = max(-0x8000, min(0x7FFF, -d.as_tuple().exponent))  # BigDecimal.scale()
    precision, scale = (length >> 8) & 0xFF, length & 0xFF
    what = f"DECIMAL({precision})" if scale == 0xFF else f"DECIMAL({precision},{scale})"
    neg, exponent, digits = _fit(d, precision, None if scale == 0xFF else scale, what)
    raw = pack_base100(neg, exponent, digits or [0])
    if given_scale is not None:
        word = given_scale
    else:
        word = scale if scale != 0xFF else max(0, -_digits_scale(neg, exponent, digits))
    return word & 0xFFFF, _U16.pack(len(raw)) + raw


def _digits_scale(neg, exponent, digits) -> int:
    # the base-10 exponent of the last stored digit, trailing zero dropped
    if not digits:
        return 0
    e = 2 * (exponent - len(digits))
    return e + 1 if digits[-1] % 10 == 0 else e


def decode_bind_decimal(buf, offset: int, length: int):
    """A DECIMAL/MONEY parameter's BIND data: ``(Decimal | None, offset after it)``."""
    try:
        n = _U16.unpack_from(buf, offset)[0]
    except StructError:
        raise truncated("DECIMAL parameter length", offset, 2, buf) from None
    start = offset + 2
    end = check(buf, start, n, "DECIMAL parameter")
    parts = unpack_base100(buf[start:end])
    if parts is None:
        return None, end
    # The length word is JDBC's signed scale or p<<8|s; either way its low
    # byte, when 0..32, is the scale to present the value with.
    scale = length & 0xFF
    value = _from_base100(*parts, None, "DECIMAL parameter", start)
    if scale <= 32 and value.as_tuple().exponent >= -scale:
        value = _CTX.quantize(value, _QUANTS[scale])
    return value, end
