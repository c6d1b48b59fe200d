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
``ArrayData`` buffers; ``informix_db.codecs.columnar`` builds them, and its
compiled twin writes the same buffers straight from the wire.
"""

from __future__ import annotations

from informix_db import types as T
from informix_db.arrow.cdata import ArrayData, Field
from informix_db._impl import columnar
from informix_db.exceptions import NotSupportedError

__all__ = ["arrow_format", "arrow_field", "build_column", "FLOATING_DECIMAL_CHOICES"]

FLOATING_DECIMAL_CHOICES = ("float64", "decimal128")
#: decimal128 of a floating DECIMAL(p): its digits may sit anywhere, so a
#: fixed scale wide enough for typical values; one that does not fit raises.
FLOATING_DECIMAL_FORMAT = "d:38,16"

_INTEGER_FORMATS = {T.SQLSMINT: "s", T.SQLINT: "i", T.SQLSERIAL: "i", T.SQLINT8: "l",
                    T.SQLSERIAL8: "l", T.SQLINFXBIGINT: "l", T.SQLBIGSERIAL: "l"}
_TEXT_CODES = frozenset((T.SQLCHAR, T.SQLVCHAR, T.SQLNCHAR, T.SQLNVCHAR, T.SQLLVARCHAR))


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

def build_column(fmt: str, values: list) -> ArrayData:
    """One column of a batch: *values* as decoded (None for NULL) in the
    buffers Arrow's *fmt* lays out (``codecs.columnar.build_column``)."""
    return ArrayData(*columnar.build_column(fmt, values))
