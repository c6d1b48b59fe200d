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

from informix_db.codecs._common import truncated, wrong_type
from informix_db.codecs._temporal import layout, read_bind_digits
from informix_db.exceptions import DataError
from informix_db.types import (
    SQLDTIME, TU_DAY, TU_F5, TU_HOUR, TU_MINUTE, TU_MONTH, TU_SECOND, TU_YEAR, datetime_length,
)

__all__ = [
    "DATE_NULL", "DATE_EPOCH",
    "decode_date", "encode_date", "date_to_days", "days_to_date",
    "datetime_width", "decode_datetime", "datetime_decoder", "encode_datetime",
    "decode_bind_datetime", "encode_bind_datetime", "bind_length_for",
]

_I32 = Struct(">i")
_unpack_i32 = _I32.unpack_from
_fromordinal = _dt.date.fromordinal
_date, _datetime, _time = _dt.date, _dt.datetime, _dt.time
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
        days = _unpack_i32(buf, offset)[0]
    except StructError:
        raise truncated("DATE", offset, 4, buf) from None
    if _MIN_DAYS <= days <= _MAX_DAYS:
        return _fromordinal(days + _EPOCH_ORD), offset + 4
    if days == DATE_NULL:
        return None, offset + 4
    raise DataError(f"DATE at offset {offset}: day count {days} is outside 0001..9999")


def encode_date(value) -> bytes:
    """DATE bytes of *value* (a ``date``; a ``datetime`` keeps its date); None is NULL."""
    if value is None:
        return _DATE_NULL_BYTES
    return _I32.pack(date_to_days(value))


# -- DATETIME ----------------------------------------------------------------

_U16 = Struct(">H")
# Placeholder for fields left of the qualifier's start (2000 is a leap year).
_FILL = (2000, 1, 1, 0, 0, 0)
_ATTRS = {TU_YEAR: "year", TU_MONTH: "month", TU_DAY: "day", TU_HOUR: "hour",
          TU_MINUTE: "minute", TU_SECOND: "second"}
_INDEX = {TU_YEAR: 0, TU_MONTH: 1, TU_DAY: 2, TU_HOUR: 3, TU_MINUTE: 4, TU_SECOND: 5}


def _kind(start: int, end: int) -> str:
    if start >= TU_HOUR:
        return "time"
    return "date" if end <= TU_DAY else "datetime"


def datetime_width(length: int) -> int:
    """Tuple bytes of a DATETIME with qualifier word *length*."""
    return layout(SQLDTIME, length).width


def _fields(lay, value):
    """The qualifier's field values and fraction digits taken from *value*."""
    kind = _kind(lay.start, lay.end)
    if isinstance(value, _dt.datetime):
        pass
    elif isinstance(value, _dt.date):
        if kind == "time":
            raise wrong_type(f"DATETIME {lay.text}", value, "a datetime.time or datetime.datetime")
    elif isinstance(value, _dt.time):
        if kind != "time":
            raise wrong_type(f"DATETIME {lay.text}", value, "a datetime.date or datetime.datetime")
    else:
        raise wrong_type(f"DATETIME {lay.text}", value, "a datetime.datetime, date or time")
    if getattr(value, "tzinfo", None) is not None:
        raise aware_refused(value)
    values = [getattr(value, _ATTRS[u], 0) for u in lay.units]
    frac = 0
    if lay.frac:
        frac = getattr(value, "microsecond", 0) // _FRAC_DIV[lay.frac]
    return values, frac


def aware_refused(value) -> DataError:
    """Informix DATETIME has no time zone: storing an aware value's wall clock
    would silently drop its offset, and converting it to UTC or to the local
    zone would silently change what other clients read back. So the caller
    decides (psycopg's TIMESTAMP WITHOUT TIME ZONE users do the same)."""
    return DataError(
        f"DATETIME cannot hold the time zone of {value!r:.80}: convert it first, "
        "e.g. value.astimezone(zone).replace(tzinfo=None)"
    )


_FRAC_DIV = {1: 100000, 2: 10000, 3: 1000, 4: 100, 5: 10}


def _build(lay, values, frac, offset):
    kind = _kind(lay.start, lay.end)
    f = list(_FILL)
    for u, v in zip(lay.units, values):
        f[_INDEX[u]] = v
    us = frac * _FRAC_DIV[lay.frac] if lay.frac else 0
    try:
        if kind == "date":
            return _dt.date(f[0], f[1], f[2])
        if kind == "time":
            return _dt.time(f[3], f[4], f[5], us)
        return _dt.datetime(f[0], f[1], f[2], f[3], f[4], f[5], us)
    except ValueError as exc:
        raise DataError(f"DATETIME {lay.text} at offset {offset} is not a valid value: {exc}") from None


def decode_datetime(buf, offset: int, length: int):
    """DATETIME at *offset* for qualifier word *length*: ``(value | None, offset + width)``."""
    lay = layout(SQLDTIME, length)
    parts = lay.unpack(buf, offset, "DATETIME")
    if parts is None:
        return None, offset + lay.width
    negative, values, frac = parts
    if negative:
        raise DataError(f"DATETIME {lay.text} at offset {offset} is negative")
    return _build(lay, values, frac, offset), offset + lay.width


def datetime_decoder(length: int):
    """``decode(buf, offset)``: ``decode_datetime`` for the one qualifier word
    *length*, with what depends only on it worked out once.

    Qualifiers starting at YEAR (4 digits) or HOUR, in the unnormalised form
    encoders write (or NULL), are read with one ``unpack_from`` of the digit
    pairs; anything else (normalised or negative forms, malformed digits,
    impossible dates, other qualifiers) goes to ``decode_datetime``, which
    also raises its errors."""
    lay = layout(SQLDTIME, length)
    width, head = lay.width, lay.head

    def general(buf, offset):
        return decode_datetime(buf, offset, length)

    if lay.pair_plan is None or width != 1 + lay.npairs:
        return general
    unpack = Struct(f">{width}B").unpack_from
    # the fraction pairs as microseconds, less the pad digit of an odd FRACTION(n)
    div = 10 ** (6 - lay.frac)
    kind = _kind(lay.start, lay.end)
    # Fields right of *end* come from _FILL; padding the unpacked pairs with
    # them puts every field at a fixed place: the exponent byte (``top``),
    # one pair per field (two for YEAR), then the fraction pairs f1 f2 f3.
    if lay.start == TU_YEAR and lay.widths[0] == 4 and kind == "date":
        pad = (head, 20, 0, 1, 1)[width:]

        def decode(buf, offset):
            try:
                top, y1, y2, mo, d = unpack(buf, offset) + pad
            except StructError:
                return general(buf, offset)
            # the constructor bounds every field but the year's low pair
            if top == head and y2 < 100 and offset >= 0:
                try:
                    return _date(y1 * 100 + y2, mo, d), offset + width
                except ValueError:
                    pass
            elif not (top or y1) and offset >= 0:  # NULL: 00 00 first
                return None, offset + width
            return general(buf, offset)

        return decode
    if lay.start == TU_YEAR and lay.widths[0] == 4:
        pad = (head, 20, 0, 1, 1, 0, 0, 0, 0, 0, 0)[width:]

        def decode(buf, offset):
            try:
                top, y1, y2, mo, d, hh, mi, s, f1, f2, f3 = unpack(buf, offset) + pad
            except StructError:
                return general(buf, offset)
            if top == head and y2 < 100 and f1 < 100 and f2 < 100 and f3 < 100 and offset >= 0:
                try:
                    return _datetime(y1 * 100 + y2, mo, d, hh, mi, s,
                                     (f1 * 10000 + f2 * 100 + f3) // div * div), offset + width
                except ValueError:
                    pass
            elif not (top or y1) and offset >= 0:  # NULL: 00 00 first
                return None, offset + width
            return general(buf, offset)

        return decode
    if lay.start == TU_HOUR and lay.widths[0] == 2:
        pad = (head, 0, 0, 0, 0, 0, 0)[width:]

        def decode(buf, offset):
            try:
                top, hh, mi, s, f1, f2, f3 = unpack(buf, offset) + pad
            except StructError:
                return general(buf, offset)
            if top == head and f1 < 100 and f2 < 100 and f3 < 100 and offset >= 0:
                try:
                    return _time(hh, mi, s, (f1 * 10000 + f2 * 100 + f3) // div * div), offset + width
                except ValueError:
                    pass
            elif not (top or hh) and offset >= 0:  # NULL: 00 00 first
                return None, offset + width
            return general(buf, offset)

        return decode
    return general


def encode_datetime(value, length: int) -> bytes:
    """Tuple bytes of *value* as DATETIME with qualifier word *length*; None is NULL."""
    lay = layout(SQLDTIME, length)
    if value is None:
        return bytes(lay.width)
    values, frac = _fields(lay, value)
    return lay.pack(False, values, frac)


def bind_length_for(value) -> int:
    """The DATETIME qualifier a parameter of this Python type binds as, as
    IBM JDBC does: datetime -> YEAR TO FRACTION(5) (setTimestamp), time ->
    HOUR TO SECOND (setTime), or HOUR TO FRACTION(5) when it has microseconds."""
    if isinstance(value, _dt.datetime):
        return datetime_length(TU_YEAR, TU_F5)
    if isinstance(value, _dt.time):
        return datetime_length(TU_HOUR, TU_F5 if value.microsecond else TU_SECOND)
    if isinstance(value, _dt.date):
        return datetime_length(TU_YEAR, TU_DAY)
    raise wrong_type("DATETIME parameter", value, "a datetime.datetime, date or time")


def encode_bind_datetime(value, length: int) -> bytes:
    """BIND data of *value* as DATETIME(length): u16 count then the tuple bytes."""
    raw = encode_datetime(value, length)
    return _U16.pack(len(raw)) + raw


def decode_bind_datetime(buf, offset: int, length: int):
    """A DATETIME parameter's BIND data: ``(value | None, offset after it)``.

    The byte count may be shorter than the column width (trailing zero
    digits omitted); the digits are read as if zero-padded."""
    raw, end = read_bind_digits(buf, offset, SQLDTIME, length, "DATETIME")
    return decode_datetime(raw, 0, length)[0], end
