"""The digit layout DATETIME and INTERVAL share.

Both are a decimal number in the base-100 format of ``decimal.py`` whose
digits are the qualifier's fields, left to right, with the decimal point
right after SECOND.  Fields missing between *end* and SECOND count as
zeros; being trailing zeros they are not stored.  An INTERVAL's leading
field has its declared precision (which may be odd: then a zero digit pads
it on the left so that every later field sits on a digit-pair boundary).

Encoders here write the unnormalised form (exponent fixed by the
qualifier, leading zero digits kept), which IBM JDBC and the peer driver
both read; decoders also accept the normalised form (leading zero digits
dropped, smaller exponent), which a server may send.
"""

from __future__ import annotations

from functools import lru_cache
from struct import Struct, error as StructError

from informix_db.codecs._common import check, truncated
from informix_db.codecs.decimal import PAIR_TEXT, decimal_width, pack_base100, unpack_base100
from informix_db.exceptions import DataError
from informix_db.types import SQLINTERVAL, TU_DIGITS, TU_FRAC, TU_MONTH, TU_SECOND, qualifier_text


class Layout:
    """Where each field of one qualifier lives."""

    __slots__ = ("length", "start", "end", "units", "widths", "frac", "int_digits",
                 "exponent", "pad", "npairs", "width", "text", "head", "slices", "frac_slice",
                 "pair_plan", "frac_pairs")

    def __init__(self, sqltype: int, length: int) -> None:
        total, start, end = (length >> 8) & 0xFF, (length >> 4) & 0xF, length & 0xF
        self.length, self.start, self.end = length, start, end
        if start not in (0, 2, 4, 6, 8, 10, TU_FRAC) or not (start <= end or start == TU_FRAC) \
                or end > 15 or (start == TU_FRAC and end <= TU_SECOND):
            # e.g. FRACTION TO FRACTION(3) must start at TU_FRAC (12), not 13:
            # IBM JDBC fails on 0x03dd but reads 0x03cd
            raise DataError(f"qualifier 0x{length:04x}: start {start} / end {end} is not a valid "
                            "Informix qualifier")
        if sqltype & 0xFF == SQLINTERVAL and start <= TU_MONTH < end:
            # an INTERVAL is YEAR-MONTH or DAY-TIME, never both (MONTH TO DAY)
            raise DataError(f"INTERVAL qualifier 0x{length:04x} crosses the YEAR-MONTH and "
                            "DAY-TIME families")
        self.text = qualifier_text(sqltype, length)
        units = [] if start == TU_FRAC else list(range(start, min(end, TU_SECOND) + 1, 2))
        widths = [TU_DIGITS[u] for u in units]
        self.frac = end - TU_SECOND if end > TU_SECOND else 0
        if units:  # the leading field takes whatever the qualifier's digit count leaves
            widths[0] = total - sum(widths[1:]) - self.frac
        if (units and widths[0] < 1) or total < 1:
            raise DataError(f"qualifier 0x{length:04x} has an impossible digit count {total}")
        self.units, self.widths = tuple(units), tuple(widths)
        field_digits = sum(widths)
        self.int_digits = total + TU_SECOND - end
        self.exponent = (self.int_digits + 1) // 2
        self.pad = field_digits & 1
        self.npairs = (field_digits + 1) // 2 + (self.frac + 1) // 2
        self.width = decimal_width(length)
        if 1 + self.npairs > self.width:
            raise DataError(f"qualifier 0x{length:04x} needs more bytes than its width")
        #: the exponent byte of a positive value in the unnormalised form
        self.head = 0x80 | (self.exponent + 64)
        # where each field's digits sit in the digit text
        slices, pos = [], self.pad
        for w in widths:
            slices.append((pos, pos + w))
            pos += w
        self.slices = tuple(slices)
        self.frac_slice = (pos, pos + self.frac)
        # When no field straddles a digit pair (always so for DATETIME),
        # fields are read straight from the pair values: (first pair, count).
        if self.pad or any(w & 1 for w in widths):
            self.pair_plan = None
        else:
            plan, i = [], 0
            for w in widths:
                plan.append((i, w // 2))
                i += w // 2
            self.pair_plan = tuple(plan)
        first = (self.pad + sum(widths)) // 2
        self.frac_pairs = (first, first + (self.frac + 1) // 2)

    def pack(self, negative: bool, values, frac: int) -> bytes:
        """Base-100 bytes (``width`` long) of field *values* and *frac* digits."""
        parts = ["0"] if self.pad else []
        for v, n in zip(values, self.widths):
            if not 0 <= v < 10 ** n:
                raise DataError(f"field value {v} does not fit {n} digits of {self.text}")
            parts.append(f"{v:0{n}d}")
        if self.frac:
            parts.append(f"{frac:0{self.frac}d}")
            if self.frac & 1:
                parts.append("0")
        text = "".join(parts)
        digits = [int(text[i:i + 2]) for i in range(0, len(text), 2)]
        return pack_base100(negative, self.exponent, digits, self.width)

    def unpack(self, buf, offset: int, what: str):
        """``(negative, values, frac)`` of the bytes at *offset*, or None for NULL."""
        end = offset + self.width
        raw = buf[offset:end]
        if len(raw) != self.width or offset < 0:
            raise truncated(f"{what} {self.text}", offset, self.width, buf)
        if raw[0] == self.head:
            # positive and unnormalised, as encoders write it: the common case
            negative, digits = False, raw[1:]
        else:
            parts = unpack_base100(raw)
            if parts is None:
                return None
            negative, exponent, digits = parts
            shift = self.exponent - exponent
            if shift < 0:
                raise DataError(f"{what} {self.text} at offset {offset}: exponent {exponent} "
                                f"exceeds the qualifier's {self.exponent}")
            if shift:
                digits = [0] * shift + list(digits)
        n = self.npairs
        plan = self.pair_plan
        if plan is not None and not any(digits[n:]) and max(digits[:n], default=0) <= 99:
            # every field sits on whole digit pairs: read them as numbers
            values = []
            for i, k in plan:
                v = digits[i]
                for j in range(i + 1, i + k):
                    v = v * 100 + digits[j]
                values.append(v)
            frac = 0
            if self.frac:
                for j in range(self.frac_pairs[0], self.frac_pairs[1]):
                    frac = frac * 100 + digits[j]
                if self.frac & 1:
                    frac //= 10
            return negative, values, frac
        text = "".join(map(PAIR_TEXT.__getitem__, digits[:n]))
        if "x" in text or any(digits[n:]):
            raise DataError(f"{what} {self.text} at offset {offset} has malformed digits: {bytes(raw).hex()}")
        if self.pad and text[0] != "0":
            raise DataError(f"{what} {self.text} at offset {offset}: leading field overflows its precision")
        values = [int(text[a:b]) for a, b in self.slices]
        frac = int(text[self.frac_slice[0]:self.frac_slice[1]]) if self.frac else 0
        return negative, values, frac


@lru_cache(maxsize=512)
def layout(sqltype: int, length: int) -> Layout:
    """The (cached) layout of a DATETIME/INTERVAL qualifier word."""
    return Layout(sqltype, length)


_U16 = Struct(">H")


def read_bind_digits(buf, offset: int, sqltype: int, length: int, what: str):
    """A DATETIME/INTERVAL parameter's BIND data: ``(digit bytes, offset after it)``.

    The u16 byte count may be shorter than the column width (trailing zero
    digits omitted), so the digits come back zero-padded to the full width."""
    try:
        n = _U16.unpack_from(buf, offset)[0]
    except StructError:
        raise truncated(f"{what} parameter length", offset, 2, buf) from None
    start = offset + 2
    end = check(buf, start, n, f"{what} parameter")
    width = layout(sqltype, length).width
    raw = bytes(buf[start:end])
    return raw[:width] + bytes(max(0, width - len(raw))), end
