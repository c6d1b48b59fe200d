"""DATE and DATETIME.

DATE: a big-endian signed 32-bit day count from 1899-12-31 (day 0), in
tuples and binds alike; NULL is -2147483648.

DATETIME start TO end: the fields from *start* to *end* written as one
decimal number whose point sits after SECOND (fields missing at the right
count as zeros), stored in the DECIMAL format (see ``decimal.py``): an
exponent byte then base-100 digit pairs.  A tuple holds exactly
``tuple_width`` bytes (zero pairs pad the right); NULL is all zero bytes.
A BIND carries a u16 byte count then the same bytes.

Python types by qualifier:

* start YEAR..DAY and end YEAR..DAY -> ``datetime.date``
* start YEAR..DAY and end HOUR..FRACTION -> ``datetime.datetime``
* start HOUR..FRACTION -> ``datetime.time``

Fields left of *start* are filled from 2000-01-01 (a leap year, so
``MONTH TO DAY`` 02-29 decodes); encoding ignores every field outside the
qualifier.  FRACTION(n) keeps n digits of the microseconds; encoding
truncates the rest.
"""

from __future__ import annotations

import datetime as _dt
from struct import Struct, error as StructError

from informix_db.codecs._common import out_of_range, truncated, wrong_type
from informix_db.exceptions import DataError

__all__ = [
    "DATE_NULL", "DATE_EPOCH",
    "decode_date", "encode_date", "date_to_days", "days_to_date",
]

_I32 = Struct(">i")
DATE_NULL = -0x8000_0000
_DATE_NULL_BYTES = _I32.pack(DATE_NULL)
DATE_EPOCH = _dt.date(1899, 12, 31)
_EPOCH_ORD = DATE_EPOCH.toordinal()
_MIN_DAYS = 1 - _EPOCH_ORD
_MAX_DAYS = _dt.date.max.toordinal() - _EPOCH_ORD


def days_to_date(days: int) -> _dt.date:
    """The date *days* after 1899-12-31."""
    if not _MIN_DAYS <= days <= _MAX_DAYS:
        raise DataError(f"DATE day count {days} is outside 0001-01-01..9999-12-31")
    return _dt.date.fromordinal(days + _EPOCH_ORD)


def date_to_days(value) -> int:
    """Days from 1899-12-31 to *value* (a date or datetime)."""
    if not isinstance(value, _dt.date):
        raise wrong_type("DATE", value, "a datetime.date")
    return value.toordinal() - _EPOCH_ORD


def decode_date(buf, offset: int):
    """DATE at *offset*: ``(date | None, offset + 4)``."""
    try:
        days = _I32.unpack_from(buf, offset)[0]
    except StructError:
        raise truncated("DATE", offset, 4, buf) from None
    if days == DATE_NULL:
        return None, offset + 4
    if not _MIN_DAYS <= days <= _MAX_DAYS:
        raise DataError(f"DATE at offset {offset}: day count {days} is outside 0001..9999")
    return _dt.date.fromordinal(days + _EPOCH_ORD), offset + 4


def encode_date(value) -> bytes:
    """DATE bytes of *value* (a ``date``; a ``datetime`` keeps its date); None is NULL."""
    if value is None:
        return _DATE_NULL_BYTES
    return _I32.pack(date_to_days(value))


_ = out_of_range  # used by the DATETIME half below
