"""SMALLFLOAT (REAL) and FLOAT (DOUBLE PRECISION).

IEEE 754 big-endian, 4 and 8 bytes, in tuples and binds alike.  NULL is
every byte 0xFF (a NaN pattern no arithmetic produces).
"""

from __future__ import annotations

from struct import Struct, error as StructError

from informix_db.codecs._common import out_of_range, truncated, wrong_type

__all__ = [
    "SMALLFLOAT_NULL_BYTES", "FLOAT_NULL_BYTES",
    "decode_smallfloat", "decode_float", "encode_smallfloat", "encode_float",
]

_F32 = Struct(">f")
_F64 = Struct(">d")
_unpack_f32, _unpack_f64 = _F32.unpack_from, _F64.unpack_from
SMALLFLOAT_NULL_BYTES = b"\xff" * 4
FLOAT_NULL_BYTES = b"\xff" * 8


def decode_smallfloat(buf, offset: int):
    """SMALLFLOAT at *offset*: ``(float | None, offset + 4)``."""
    if offset >= 0:
        try:
            v = _unpack_f32(buf, offset)[0]
        except StructError:
            pass
        else:
            if v == v:  # not a NaN, so not the NULL pattern either
                return v, offset + 4
    end = offset + 4
    raw = buf[offset:end]
    if len(raw) != 4 or offset < 0:
        raise truncated("SMALLFLOAT", offset, 4, buf)
    if raw == SMALLFLOAT_NULL_BYTES:
        return None, end
    return _F32.unpack(raw)[0], end


def decode_float(buf, offset: int):
    """FLOAT at *offset*: ``(float | None, offset + 8)``."""
    if offset >= 0:
        try:
            v = _unpack_f64(buf, offset)[0]
        except StructError:
            pass
        else:
            if v == v:  # not a NaN, so not the NULL pattern either
                return v, offset + 8
    end = offset + 8
    raw = buf[offset:end]
    if len(raw) != 8 or offset < 0:
        raise truncated("FLOAT", offset, 8, buf)
    if raw == FLOAT_NULL_BYTES:
        return None, end
    return _F64.unpack(raw)[0], end


def _as_float(value, what: str) -> float:
    if type(value) is float:
        return value
    if isinstance(value, (str, bytes, bytearray)) or value is True or value is False:
        raise wrong_type(what, value, "a float, int or Decimal")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise wrong_type(what, value, "a float, int or Decimal") from None
    except OverflowError:
        raise out_of_range(what, value) from None


def encode_smallfloat(value) -> bytes:
    """SMALLFLOAT bytes of *value* (None is NULL); too large a magnitude is a DataError."""
    if value is None:
        return SMALLFLOAT_NULL_BYTES
    v = _as_float(value, "SMALLFLOAT")
    try:
        return _F32.pack(v)
    except (OverflowError, StructError):
        raise out_of_range("SMALLFLOAT", value, "beyond single precision") from None


def encode_float(value) -> bytes:
    """FLOAT bytes of *value* (None is NULL)."""
    if value is None:
        return FLOAT_NULL_BYTES
    return _F64.pack(_as_float(value, "FLOAT"))
