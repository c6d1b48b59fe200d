"""BOOLEAN.

Servers DESCRIBE a BOOLEAN column as the built-in opaque type UDTFIXED (41)
with extended id 5 / extended name ``boolean`` and length 1.  In a tuple
it travels in the opaque envelope: a NULL-indicator byte (1 = NULL), a
signed 32-bit length, then the value byte ``t`` (0x74) or ``f`` (0x66).
NULL is ``01 00000000`` (no value byte).

As a BIND parameter the peer driver (tested on real servers) sends the
character literal ``'t'``/``'f'`` as CHAR: a server it tried stopped
answering a BIND of type 45 or 41.  ``encode_bind_boolean`` does the same;
``decode_bind_boolean`` reads a 1-byte type-45 value for completeness.
"""

from __future__ import annotations

from struct import Struct, error as StructError

from informix_db.codecs._common import check, truncated, wrong_type
from informix_db.exceptions import DataError

__all__ = ["BOOLEAN_NULL_BYTES", "decode_boolean", "encode_boolean",
           "encode_bind_boolean", "decode_bind_boolean"]

_ENVELOPE = Struct(">Bi")
BOOLEAN_NULL_BYTES = b"\x01\x00\x00\x00\x00"
_TRUE = b"\x00\x00\x00\x00\x01t"
_FALSE = b"\x00\x00\x00\x00\x01f"
_VALUES = {0x74: True, 0x54: True, 1: True, 0x66: False, 0x46: False, 0: False}


def _as_bool(value) -> bool:
    if value is True or value is False:
        return value
    if type(value) is int and value in (0, 1):
        return bool(value)
    raise wrong_type("BOOLEAN", value, "a bool")


def decode_boolean(buf, offset: int):
    """BOOLEAN (opaque envelope) at *offset*: ``(bool | None, new offset)``."""
    try:
        ind, n = _ENVELOPE.unpack_from(buf, offset)
    except StructError:
        raise truncated("BOOLEAN envelope", offset, 5, buf) from None
    start = offset + 5
    if n < 0:
        raise DataError(f"BOOLEAN at offset {offset} declares negative length {n}")
    end = check(buf, start, n, "BOOLEAN")
    if ind == 1:
        return None, end
    if ind != 0 or n != 1:
        raise DataError(f"BOOLEAN at offset {offset}: indicator {ind}, length {n}; expected 0 and 1")
    v = _VALUES.get(buf[start])
    if v is None:
        raise DataError(f"BOOLEAN at offset {start} holds byte 0x{buf[start]:02x}; expected 't' or 'f'")
    return v, end


def encode_boolean(value) -> bytes:
    """Tuple bytes of *value* as BOOLEAN; None is NULL."""
    if value is None:
        return BOOLEAN_NULL_BYTES
    return _TRUE if _as_bool(value) else _FALSE


def encode_bind_boolean(value) -> str:
    """The CHAR literal a boolean parameter is bound as (``'t'`` or ``'f'``)."""
    return "t" if _as_bool(value) else "f"


def decode_bind_boolean(buf, offset: int):
    """A type-45 BOOLEAN parameter's 1-byte BIND data: ``(bool, offset + 1)``."""
    try:
        b = buf[offset]
    except IndexError:
        raise truncated("BOOLEAN parameter", offset, 1, buf) from None
    v = _VALUES.get(b)
    if v is None:
        raise DataError(f"BOOLEAN parameter at offset {offset} holds byte 0x{b:02x}")
    return v, offset + 1
