"""INTERVAL, both families.

Same base-100 layout as DATETIME (see ``_temporal.py``), with a sign: a
negative interval has the negative DECIMAL exponent byte and complemented
digits.  The leading field holds up to its declared precision (1..9
digits), e.g. ``INTERVAL DAY(5) TO SECOND`` allows 99999 days.  A tuple
holds exactly ``interval_width`` bytes; NULL is all zero bytes.  A BIND
carries a u16 byte count then the same bytes.

Python types: YEAR/MONTH intervals are ``informix_db.types.IntervalYM``;
DAY..FRACTION intervals are ``datetime.timedelta``.  Encoding truncates
(towards zero) what lies below the qualifier's last field, e.g. the
microseconds beyond FRACTION(n) or the minutes of a DAY TO HOUR value.
"""

from __future__ import annotations

import datetime as _dt
from struct import Struct

from informix_db.codecs._common import out_of_range, wrong_type
from informix_db.codecs._temporal import layout, read_bind_digits
from informix_db.exceptions import DataError
from informix_db.types import (
    SQLINTERVAL, TU_DAY, TU_F5, TU_HOUR, TU_MINUTE, TU_MONTH, TU_SECOND, TU_YEAR,
    IntervalYM, interval_length,
)

__all__ = [
    "interval_width", "decode_interval", "encode_interval",
    "decode_bind_interval", "encode_bind_interval", "bind_length_for",
]

_U16 = Struct(">H")
#: Microseconds in one unit of each DAY..SECOND field.
_US = {TU_DAY: 86_400_000_000, TU_HOUR: 3_600_000_000, TU_MINUTE: 60_000_000, TU_SECOND: 1_000_000}
_FRAC_US = {1: 100000, 2: 10000, 3: 1000, 4: 100, 5: 10}
_MONTHS = {TU_YEAR: 12, TU_MONTH: 1}


def interval_width(length: int) -> int:
    """Tuple bytes of an INTERVAL with qualifier word *length*."""
    return layout(SQLINTERVAL, length).width


def _is_ym(lay) -> bool:
    return lay.start <= TU_MONTH


def _split(lay, value):
    """``(negative, field values, fraction digits)`` of *value* for this qualifier."""
    if _is_ym(lay):
        if not isinstance(value, IntervalYM):
            raise wrong_type(f"INTERVAL {lay.text}", value, "an IntervalYM")
        total = value.total_months
        negative, rest = total < 0, abs(total)
        values = []
        for u in lay.units:
            q, rest = divmod(rest, _MONTHS[u])
            values.append(q)
        return negative, values, 0
    if not isinstance(value, _dt.timedelta):
        raise wrong_type(f"INTERVAL {lay.text}", value, "a datetime.timedelta")
    total = (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds
    negative, rest = total < 0, abs(total)
    values = []
    for u in lay.units:
        q, rest = divmod(rest, _US[u])
        values.append(q)
    frac = rest // _FRAC_US[lay.frac] if lay.frac else 0
    return negative, values, frac


def encode_interval(value, length: int) -> bytes:
    """Tuple bytes of *value* as INTERVAL with qualifier word *length*; None is NULL."""
    lay = layout(SQLINTERVAL, length)
    if value is None:
        return bytes(lay.width)
    negative, values, frac = _split(lay, value)
    if values and values[0] >= 10 ** lay.widths[0]:
        raise out_of_range(f"INTERVAL {lay.text}", value,
                           f"leading field {values[0]} exceeds {lay.widths[0]} digits")
    if not lay.units and not _is_ym(lay) and frac >= 10 ** lay.frac:
        # FRACTION TO FRACTION(n) holds less than one second
        raise out_of_range(f"INTERVAL {lay.text}", value, "it holds less than one second")
    if not any(values) and not frac:
        negative = False  # no negative zero
    return lay.pack(negative, values, frac)


def decode_interval(buf, offset: int, length: int):
    """INTERVAL at *offset* for qualifier word *length*: ``(value | None, offset + width)``."""
    lay = layout(SQLINTERVAL, length)
    parts = lay.unpack(buf, offset, "INTERVAL")
    end = offset + lay.width
    if parts is None:
        return None, end
    negative, values, frac = parts
    if _is_ym(lay):
        months = 0
        for u, v in zip(lay.units, values):
            months += v * _MONTHS[u]
        return IntervalYM.from_months(-months if negative else months), end
    us = frac * _FRAC_US[lay.frac] if lay.frac else 0
    for u, v in zip(lay.units, values):
        us += v * _US[u]
    try:
        return _dt.timedelta(microseconds=-us if negative else us), end
    except OverflowError:
        raise DataError(f"INTERVAL {lay.text} at offset {offset} exceeds timedelta's range") from None


def bind_length_for(value) -> int:
    """The qualifier a parameter of this Python type binds as: timedelta ->
    DAY(9) TO FRACTION(5), IntervalYM -> YEAR(9) TO MONTH."""
    if isinstance(value, IntervalYM):
        return interval_length(TU_YEAR, TU_MONTH, 9)
    if isinstance(value, _dt.timedelta):
        return interval_length(TU_DAY, TU_F5, 9)
    raise wrong_type("INTERVAL parameter", value, "a datetime.timedelta or IntervalYM")


def encode_bind_interval(value, length: int) -> bytes:
    """BIND data of *value* as INTERVAL(length): u16 count then the tuple bytes."""
    raw = encode_interval(value, length)
    return _U16.pack(len(raw)) + raw


def decode_bind_interval(buf, offset: int, length: int):
    """An INTERVAL parameter's BIND data: ``(value | None, offset after it)``."""
    raw, end = read_bind_digits(buf, offset, SQLINTERVAL, length, "INTERVAL")
    return decode_interval(raw, 0, length)[0], end


