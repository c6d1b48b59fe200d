"""BOOLEAN.

Servers DESCRIBE a BOOLEAN column as the built-in opaque type UDTFIXED (41)
with extended id 5 / extended name ``boolean`` and length 1.  In a tuple
it travels in the opaque envelope: a NULL-indicator byte (1 = NULL), a
signed 32-bit length, then the value byte.  We send 0x01 / 0x00: IBM JDBC
reads only 0x01 as true (checked: it reads ``t`` 0x74 as false), and the
peer driver reads 0x01 as true too (its notes say a server sent 0x74 for
true; decoding accepts 1/0 and t/f/T/F).  NULL is ``01 00000000`` (no
value byte), which JDBC reads as NULL.

As a BIND parameter IBM JDBC sends a Java boolean two ways (captured
against our test server):

* ``setBoolean(x)``: SMALLINT (type 1, length word 0x0500) holding 1 or 0.
* ``setObject(x, Types.BOOLEAN)`` / ``setObject(Boolean)``: type 45 with
  the opaque BIND envelope ``[short 0][short 0][int32 1][byte 1|0]``;
  ``setNull(Types.BOOLEAN)`` sends type 45, indicator 0 and ``ffff 0000``
  (a -1 NULL flag and no length or value).

(The peer driver found that a bare 1-byte type-45 value hangs a real
server and binds 't'/'f' as CHAR instead.)

Once a server has described the parameter as the opaque type (an INSERT's
DESCRIBE, or the input describe of bit 34), IBM JDBC names the type: the
length word holds the extended type name's length and the name follows,
padded to even length, before the envelope (seen in its requests: length
word 7, ``boolean`` and a pad byte before a BOOLEAN value or NULL; 8 and
``lvarchar`` before an LVARCHAR NULL).
"""

from __future__ import annotations

from struct import Struct, error as StructError

from informix_db.codecs._common import check, truncated, wrong_type
from informix_db.exceptions import DataError

__all__ = ["BOOLEAN_NULL_BYTES", "OPAQUE_BIND_NULL", "decode_boolean", "encode_boolean",
           "encode_bind_boolean", "decode_bind_boolean", "decode_bind_opaque"]

_ENVELOPE = Struct(">Bi")
_VALUE = Struct(">BiB")
_FLAGS = Struct(">hh")
_I32 = Struct(">i")
#: BIND data of a NULL opaque parameter (flag -1, then a zero short).
OPAQUE_BIND_NULL = b"\xff\xff\x00\x00"
_BIND_TRUE = b"\x00\x00\x00\x00\x00\x00\x00\x01\x01"
_BIND_FALSE = b"\x00\x00\x00\x00\x00\x00\x00\x01\x00"
BOOLEAN_NULL_BYTES = b"\x01\x00\x00\x00\x00"
_TRUE = b"\x00\x00\x00\x00\x01\x01"
_FALSE = b"\x00\x00\x00\x00\x01\x00"
_VALUES = {0x74: True, 0x54: True, 1: True, 0x66: False, 0x46: False, 0: False}


def _as_bool(value) -> bool:
    if value is True or value is False:
        return value
    if type(value) is int and value in (0, 1):
        return bool(value)
    raise wrong_type("BOOLEAN", value, "a bool")


def decode_boolean(buf, offset: int):
    """BOOLEAN (opaque envelope) at *offset*: ``(bool | None, new offset)``."""
    if offset >= 0:
        # the common value, ``00 00000001 <byte>``, in one read
        try:
            ind, n, byte = _VALUE.unpack_from(buf, offset)
        except StructError:
            pass
        else:
            if ind == 0 and n == 1:
                v = _VALUES.get(byte)
                if v is not None:
                    return v, offset + 6
            elif ind == 1 and n == 0:  # NULL (when a byte follows it)
                return None, offset + 5
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


def encode_bind_boolean(value) -> bytes:
    """Type-45 BIND data of *value* (the opaque envelope); None is the NULL form."""
    if value is None:
        return OPAQUE_BIND_NULL
    return _BIND_TRUE if _as_bool(value) else _BIND_FALSE


def decode_bind_opaque(buf, offset: int, name_length: int = 0):
    """The opaque BIND envelope (BOOLEAN 45, LVARCHAR 43) at *offset*, after
    an extended type name of *name_length* bytes (the length word; see the
    module notes): ``(bytes | None, offset after it)``."""
    if name_length:
        offset = check(buf, offset, name_length + (name_length & 1), "opaque type name")
    try:
        flag, _zero = _FLAGS.unpack_from(buf, offset)
    except StructError:
        raise truncated("opaque parameter flags", offset, 4, buf) from None
    if flag == -1:
        return None, offset + 4
    if flag != 0:
        raise DataError(f"opaque parameter at offset {offset} has NULL flag {flag}; expected 0 or -1")
    try:
        n = _I32.unpack_from(buf, offset + 4)[0]
    except StructError:
        raise truncated("opaque parameter length", offset + 4, 4, buf) from None
    start = offset + 8
    if n < 0:
        raise DataError(f"opaque parameter at offset {offset} declares negative length {n}")
    end = check(buf, start, n, "opaque parameter")
    return bytes(buf[start:end]), end


def decode_bind_boolean(buf, offset: int, name_length: int = 0):
    """A type-45 BOOLEAN parameter's BIND data: ``(bool | None, offset after it)``."""
    raw, end = decode_bind_opaque(buf, offset, name_length)
    if raw is None:
        return None, end
    v = _VALUES.get(raw[0]) if len(raw) == 1 else None
    if v is None:
        raise DataError(f"BOOLEAN parameter at offset {offset} holds {raw.hex()}; expected one byte 0/1/t/f")
    return v, end
