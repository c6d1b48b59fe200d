"""Informix column types -> Arrow types, and decoded values -> Arrow buffers.

The type map (``arrow_format``), one Arrow type per Informix type so every
batch of a result has the same schema:

=============================================  ==================================
Informix                                        Arrow
=============================================  ==================================
SMALLINT / INTEGER, SERIAL / BIGINT, INT8,      int16 / int32 / int64
SERIAL8, BIGSERIAL
SMALLFLOAT / FLOAT                              float32 / float64
DECIMAL(p,s), MONEY(p,s)                        decimal128(p, s)
DECIMAL(p) (floating)                           float64, or decimal128(38, 16)
                                                with ``floating_decimal="decimal128"``
CHAR, VARCHAR, NCHAR, NVARCHAR, LVARCHAR        utf8
TEXT / BYTE                                     large_utf8 / large_binary
BOOLEAN                                         bool
DATE                                            date32
DATETIME YEAR..DAY TO YEAR..DAY                 date32
DATETIME YEAR..DAY TO HOUR..SECOND              timestamp[s]
DATETIME YEAR..DAY TO FRACTION(1-3) / (4-5)     timestamp[ms] / timestamp[us]
DATETIME HOUR.. TO ..SECOND                     time32[s]
DATETIME HOUR.. TO FRACTION(1-3) / (4-5)        time32[ms] / time64[us]
INTERVAL DAY.. TO ..SECOND                      duration[s]
INTERVAL DAY.. TO FRACTION(1-3) / (4-5)         duration[ms] / duration[us]
INTERVAL YEAR..MONTH                            month_day_nano_interval (months only)
=============================================  ==================================

Timestamps carry no time zone (DATETIME has none).  Fields of a DATETIME
left of its start are those the driver fills (2000-01-01), as ``fetchall``
gives them.  Composite types and smart large objects have no Arrow form
here: asking for one raises ``NotSupportedError`` naming the column.

``build_column`` turns one column's decoded values (``None`` for NULL) into
``ArrayData`` buffers: the pure path, which the compiled decoder replaces by
writing the same buffers straight from the wire.
"""

from __future__ import annotations

import datetime as _dt
import struct
from array import array
from itertools import accumulate

from informix_db import types as T
from informix_db.arrow.cdata import ArrayData, Field
from informix_db.exceptions import DataError, NotSupportedError

__all__ = ["arrow_format", "arrow_field", "build_column", "FLOATING_DECIMAL_CHOICES"]

FLOATING_DECIMAL_CHOICES = ("float64", "decimal128")
#: decimal128 of a floating DECIMAL(p): its digits may sit anywhere, so a
#: fixed scale wide enough for typical values; one that does not fit raises.
FLOATING_DECIMAL_FORMAT = "d:38,16"

_INTEGER_FORMATS = {T.SQLSMINT: "s", T.SQLINT: "i", T.SQLSERIAL: "i", T.SQLINT8: "l",
                    T.SQLSERIAL8: "l", T.SQLINFXBIGINT: "l", T.SQLBIGSERIAL: "l"}
_TEXT_CODES = frozenset((T.SQLCHAR, T.SQLVCHAR, T.SQLNCHAR, T.SQLNVCHAR, T.SQLLVARCHAR))
_EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()


def arrow_format(ct: T.ColumnType, floating_decimal: str = "float64") -> str:
    """The Arrow format string of values of column type *ct*."""
    code = ct.sqltype
    if code in _INTEGER_FORMATS:
        return _INTEGER_FORMATS[code]
    if code == T.SQLFLOAT:
        return "g"
    if code == T.SQLSMFLOAT:
        return "f"
    if code in (T.SQLDECIMAL, T.SQLMONEY):
        precision, scale = T.split_decimal_length(ct.length)
        if scale is None:
            if floating_decimal not in FLOATING_DECIMAL_CHOICES:
                raise ValueError(f"floating_decimal must be one of {FLOATING_DECIMAL_CHOICES}, "
                                 f"not {floating_decimal!r}")
            return "g" if floating_decimal == "float64" else FLOATING_DECIMAL_FORMAT
        return f"d:{max(precision, 1)},{scale}"
    if code in _TEXT_CODES:
        return "u"
    if code == T.SQLTEXT:
        return "U"
    if code == T.SQLBYTES:
        return "Z"
    if code == T.SQLBOOL:
        return "b"
    if code == T.SQLDATE:
        return "tdD"
    if code == T.SQLDTIME:
        return _datetime_format(ct.length)
    if code == T.SQLINTERVAL:
        _, start, end = T.split_qualifier(ct.length)
        if start <= T.TU_MONTH:
            # month_day_nano, not the months-only interval: pyarrow converts
            # it to Python and DuckDB reads it; neither does the months-only
            return "tin"
        # the unit by the qualifier's end, as for DATETIME: DAY(9) TO SECOND
        # (a billion days) fits int64 seconds but not microseconds
        if end <= T.TU_SECOND:
            return "tDs"
        return "tDm" if end <= T.TU_F3 else "tDu"
    raise NotSupportedError(f"{T.type_text(ct)} has no Arrow type here")


def _datetime_format(length: int) -> str:
    _, start, end = T.split_qualifier(length)
    if start <= T.TU_DAY:
        if end <= T.TU_DAY:
            return "tdD"
        if end <= T.TU_SECOND:
            return "tss:"
        return "tsm:" if end <= T.TU_F3 else "tsu:"
    if end <= T.TU_SECOND:
        return "tts"
    return "ttm" if end <= T.TU_F3 else "ttu"


def arrow_field(name: str, ct: T.ColumnType, floating_decimal: str = "float64") -> Field:
    """The Arrow field of a result column."""
    try:
        fmt = arrow_format(ct, floating_decimal)
    except NotSupportedError as exc:
        raise NotSupportedError(f"column {name!r}: {exc}") from None
    return Field(name, fmt, ct.nullable)


# -- values -> buffers ------------------------------------------------------------------

def _validity(values: list) -> tuple[bytearray | None, int]:
    """The validity bitmap (None when nothing is NULL) and the NULL count."""
    nulls = [i for i, v in enumerate(values) if v is None]
    if not nulls:
        return None, 0
    n = len(values)
    bits = bytearray(b"\xff" * ((n + 7) >> 3))
    if n & 7:
        bits[-1] = (1 << (n & 7)) - 1  # the bits past the end stay clear
    for i in nulls:
        bits[i >> 3] &= ~(1 << (i & 7)) & 0xFF
    return bits, len(nulls)


def _days(v) -> int:
    return v.toordinal() - _EPOCH_ORDINAL


def _micros_of_day(v) -> int:
    return ((v.hour * 60 + v.minute) * 60 + v.second) * 1_000_000 + v.microsecond


def _timestamp_us(v) -> int:
    if isinstance(v, _dt.datetime):
        return _days(v) * 86_400_000_000 + _micros_of_day(v)
    return _days(v) * 86_400_000_000  # a date: midnight


def _duration_us(v: _dt.timedelta) -> int:
    return (v.days * 86_400 + v.seconds) * 1_000_000 + v.microseconds


#: format -> (array typecode, value -> number)
_FIXED = {
    "s": ("h", int), "i": ("i", int), "l": ("q", int),
    "f": ("f", float), "g": ("d", float),
    "tdD": ("i", _days),
    "tss:": ("q", lambda v: _timestamp_us(v) // 1_000_000),
    "tsm:": ("q", lambda v: _timestamp_us(v) // 1_000),
    "tsu:": ("q", _timestamp_us),
    "tts": ("i", lambda v: _micros_of_day(v) // 1_000_000),
    "ttm": ("i", lambda v: _micros_of_day(v) // 1_000),
    "ttu": ("q", _micros_of_day),
    "tDs": ("q", lambda v: _duration_us(v) // 1_000_000),
    "tDm": ("q", lambda v: _duration_us(v) // 1_000),
    "tDu": ("q", _duration_us),
}


#: formats whose values go into the array as they are (int, float, Decimal)
_AS_IS = frozenset("silfg")


def _fixed(fmt: str, values: list, valid) -> list:
    code, convert = _FIXED[fmt]
    zero = 0.0 if code in "fd" else 0
    try:
        if fmt in _AS_IS:
            data = array(code, values if valid is None else
                         [zero if v is None else v for v in values])
        else:
            data = array(code, [zero if v is None else convert(v) for v in values])
    except (TypeError, AttributeError, OverflowError) as exc:
        raise DataError(f"a value does not fit Arrow type {fmt!r}: {exc}") from None
    return [valid, data]


_MONTH_DAY_NANO = struct.Struct("=iiq")


def _month_intervals(values: list, valid) -> list:
    pack = _MONTH_DAY_NANO.pack
    zero = pack(0, 0, 0)
    try:
        data = b"".join(zero if v is None else pack(v.total_months, 0, 0) for v in values)
    except (AttributeError, struct.error) as exc:
        raise DataError(f"a value does not fit an Arrow month interval: {exc}") from None
    return [valid, data]


def _bits(values: list, valid) -> list:
    data = bytearray((len(values) + 7) >> 3)
    for i, v in enumerate(values):
        if v:
            data[i >> 3] |= 1 << (i & 7)
    return [valid, data]


def _variable(fmt: str, values: list, valid) -> list:
    if fmt in "uU":  # Arrow text is UTF-8 whatever the connection's code set
        chunks = [b"" if v is None else v.encode("utf-8") for v in values]
    else:
        chunks = [b"" if v is None else bytes(v) for v in values]
    offsets = array("i" if fmt in "uz" else "q", [0])
    try:
        offsets.extend(accumulate(map(len, chunks)))
    except OverflowError:
        raise DataError("more than 2 GiB of text in one Arrow batch: fetch smaller "
                        "batches") from None
    return [valid, offsets, b"".join(chunks)]


def _decimals(fmt: str, values: list, valid) -> list:
    scale = int(fmt.split(",")[1])
    unit = 10 ** scale
    limit = 10 ** 38
    out = bytearray()
    zero = bytes(16)
    for v in values:
        if v is None:
            out += zero
            continue
        # exact integer arithmetic (Decimal's context would round past 28 digits)
        try:
            num, den = v.as_integer_ratio()
        except (AttributeError, ValueError, OverflowError):
            raise DataError(f"DECIMAL value {v!r} does not fit Arrow {fmt}") from None
        n, rest = divmod(num * unit, den)
        if rest or not -limit < n < limit:
            raise DataError(f"DECIMAL value {v} does not fit Arrow {fmt}")
        out += n.to_bytes(16, "little", signed=True)
    return [valid, out]


def build_column(fmt: str, values: list) -> ArrayData:
    """One column of a batch: *values* as decoded (None for NULL) in the
    buffers Arrow's *fmt* lays out."""
    valid, nulls = _validity(values)
    if fmt in _FIXED:
        buffers = _fixed(fmt, values, valid)
    elif fmt == "b":
        buffers = _bits(values, valid)
    elif fmt == "tin":
        buffers = _month_intervals(values, valid)
    elif fmt in ("u", "U", "z", "Z"):
        buffers = _variable(fmt, values, valid)
    elif fmt.startswith("d:"):
        buffers = _decimals(fmt, values, valid)
    else:
        raise NotSupportedError(f"no Arrow builder for format {fmt!r}")
    return ArrayData(len(values), nulls, buffers)
