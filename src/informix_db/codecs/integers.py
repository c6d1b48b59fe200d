"""SMALLINT, INTEGER, SERIAL, BIGINT, BIGSERIAL, INT8 and SERIAL8.

Tuple and BIND layouts are the same: big-endian two's complement of 2, 4
or 8 bytes, with the type's most negative value as NULL (so SMALLINT holds
-32767..32767).  INT8/SERIAL8 are the older 10-byte ``ifx_int8_t``: a
signed 16-bit sign word (1 positive, -1 negative, 0 NULL) then the
magnitude's LOW 32 bits and its HIGH 32 bits, both unsigned.
"""

from __future__ import annotations

import operator
from struct import Struct, error as StructError

from informix_db.codecs._common import out_of_range, truncated, wrong_type

__all__ = [
    "SMALLINT_NULL", "INTEGER_NULL", "BIGINT_NULL", "INT8_NULL_BYTES",
    "decode_smallint", "decode_integer", "decode_bigint", "decode_int8",
    "encode_smallint", "encode_integer", "encode_bigint", "encode_int8",
]

_I16 = Struct(">h")
_I32 = Struct(">i")
_I64 = Struct(">q")
_INT8 = Struct(">hII")
_unpack_i16, _unpack_i32, _unpack_i64 = _I16.unpack_from, _I32.unpack_from, _I64.unpack_from

SMALLINT_NULL = -0x8000
INTEGER_NULL = -0x8000_0000
BIGINT_NULL = -0x8000_0000_0000_0000
_BIG_MAX = 0x7FFF_FFFF_FFFF_FFFF

_SMALLINT_NULL_BYTES = _I16.pack(SMALLINT_NULL)
_INTEGER_NULL_BYTES = _I32.pack(INTEGER_NULL)
_BIGINT_NULL_BYTES = _I64.pack(BIGINT_NULL)
INT8_NULL_BYTES = bytes(10)


def decode_smallint(buf, offset: int):
    """SMALLINT at *offset*: ``(int | None, offset + 2)``."""
    try:
        v = _unpack_i16(buf, offset)[0]
    except StructError:
        raise truncated("SMALLINT", offset, 2, buf) from None
    return (None if v == SMALLINT_NULL else v), offset + 2


def decode_integer(buf, offset: int):
    """INTEGER/SERIAL at *offset*: ``(int | None, offset + 4)``."""
    try:
        v = _unpack_i32(buf, offset)[0]
    except StructError:
        raise truncated("INTEGER", offset, 4, buf) from None
    return (None if v == INTEGER_NULL else v), offset + 4


def decode_bigint(buf, offset: int):
    """BIGINT/BIGSERIAL at *offset*: ``(int | None, offset + 8)``."""
    try:
        v = _unpack_i64(buf, offset)[0]
    except StructError:
        raise truncated("BIGINT", offset, 8, buf) from None
    return (None if v == BIGINT_NULL else v), offset + 8


def decode_int8(buf, offset: int):
    """INT8/SERIAL8 (10-byte sign-magnitude) at *offset*: ``(int | None, offset + 10)``."""
    try:
        sign, low, high = _INT8.unpack_from(buf, offset)
    except StructError:
        raise truncated("INT8", offset, 10, buf) from None
    if sign == 0:
        return None, offset + 10
    v = high << 32 | low
    if sign == -1:
        v = -v
    elif sign != 1:
        from informix_db.exceptions import DataError
        raise DataError(f"INT8 at offset {offset} has sign word {sign}; expected 1, -1 or 0")
    return v, offset + 10


def _as_int(value, what: str) -> int:
    if type(value) is int:
        return value
    try:
        return operator.index(value)
    except TypeError:
        raise wrong_type(what, value, "an int") from None


def encode_smallint(value) -> bytes:
    """SMALLINT bytes of *value* (None is NULL)."""
    if value is None:
        return _SMALLINT_NULL_BYTES
    v = _as_int(value, "SMALLINT")
    if not -0x7FFF <= v <= 0x7FFF:
        raise out_of_range("SMALLINT", value, "-32767..32767 (-32768 is NULL)")
    return _I16.pack(v)


def encode_integer(value) -> bytes:
    """INTEGER/SERIAL bytes of *value* (None is NULL)."""
    if value is None:
        return _INTEGER_NULL_BYTES
    v = _as_int(value, "INTEGER")
    if not -0x7FFF_FFFF <= v <= 0x7FFF_FFFF:
        raise out_of_range("INTEGER", value, "-2147483647..2147483647 (-2147483648 is NULL)")
    return _I32.pack(v)


def encode_bigint(value) -> bytes:
    """BIGINT/BIGSERIAL bytes of *value* (None is NULL)."""
    if value is None:
        return _BIGINT_NULL_BYTES
    v = _as_int(value, "BIGINT")
    if not -_BIG_MAX <= v <= _BIG_MAX:
        raise out_of_range("BIGINT", value, "+-9223372036854775807 (the minimum is NULL)")
    return _I64.pack(v)


def encode_int8(value) -> bytes:
    """INT8/SERIAL8 10-byte bytes of *value* (None is NULL)."""
    if value is None:
        return INT8_NULL_BYTES
    v = _as_int(value, "INT8")
    if not -_BIG_MAX <= v <= _BIG_MAX:
        raise out_of_range("INT8", value, "+-9223372036854775807")
    mag = -v if v < 0 else v
    return _INT8.pack(-1 if v < 0 else 1, mag & 0xFFFF_FFFF, mag >> 32)
