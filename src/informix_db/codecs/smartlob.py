"""BLOB and CLOB values in a tuple: smart-large-object locators.

A smart large object lives in an sbspace on the server; a row holds only a
72-byte *locator* naming it.  Servers DESCRIBE a BLOB column as UDTFIXED
(41) with extended id 10 and name ``blob`` (CLOB: 11, ``clob``) and length
72, the locator's size.  In a tuple the value travels in the opaque
envelope (NULL-indicator byte, i32 length, bytes) and, as the peer driver
measured on Informix 15, the bytes are the locator *in hex*: a populated
BLOB takes 1 + 4 + 144 = 149 bytes, a NULL one 5 (``01 00000000``).  A
body of the raw 72 bytes is read as well (nothing ambiguous: 72 is no
hex text of a 72-byte locator); any other body is an error, never a
locator of the wrong size.

The locator is opaque: the content is read and written through the
server (``informix_db.lobs``).
"""

from __future__ import annotations

import binascii
from dataclasses import dataclass
from struct import Struct, error as StructError

from informix_db.codecs._common import check, truncated, wrong_type
from informix_db.exceptions import DataError

__all__ = ["LOCATOR_SIZE", "SmartLobLocator", "BlobLocator", "ClobLocator", "TUPLE_WIDTH",
           "decode_blob", "decode_clob", "encode_locator", "encode_bind_udt",
           "decode_bind_udt", "encode_raw_locator", "Opaque"]

#: Bytes of a smart-large-object locator.
LOCATOR_SIZE = 72
_HEX_SIZE = 2 * LOCATOR_SIZE
#: The most bytes a BLOB/CLOB value takes in a tuple.
TUPLE_WIDTH = 5 + _HEX_SIZE
_ENVELOPE = Struct(">Bi")
_UDT_HEAD = Struct(">hhi")
_NULL = b"\x01\x00\x00\x00\x00"


@dataclass(frozen=True)
class SmartLobLocator:
    """A server-side reference to a smart large object (72 opaque bytes).

    Equal when the same kind of object is named by the same bytes; the
    bytes never appear in ``repr`` (they are no use to a reader and may
    name objects in a shared sbspace)."""

    raw: bytes

    def __post_init__(self) -> None:
        if not isinstance(self.raw, (bytes, bytearray, memoryview)):
            raise wrong_type(type(self).__name__, self.raw, "72 bytes")
        raw = bytes(self.raw)
        if len(raw) != LOCATOR_SIZE:
            raise ValueError(f"{type(self).__name__} needs exactly {LOCATOR_SIZE} bytes, "
                             f"got {len(raw)}")
        object.__setattr__(self, "raw", raw)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(<{LOCATOR_SIZE}-byte server reference>)"


@dataclass(frozen=True)
class Opaque:
    """A value of a named opaque type (an ifx_lo_* routine's structure), as
    a fast-path routine takes or returns it: bound as type 44 with its name."""

    name: str
    data: bytes

    def __repr__(self) -> str:
        return f"Opaque({self.name!r}, <{len(self.data)} bytes>)"


class BlobLocator(SmartLobLocator):
    """The locator of a BLOB value (binary content)."""


class ClobLocator(SmartLobLocator):
    """The locator of a CLOB value (character content in the database code set)."""


def _decode(cls, buf, offset: int):
    try:
        ind, n = _ENVELOPE.unpack_from(buf, offset)
    except StructError:
        raise truncated(f"{cls.__name__[:4].upper()} envelope", offset, 5, buf) from None
    start = offset + 5
    if n < 0:
        raise DataError(f"smart-LOB value at offset {offset} declares negative length {n}")
    end = check(buf, start, n, "smart-LOB locator")
    if ind == 1:
        return None, end
    if ind != 0:
        raise DataError(f"smart-LOB value at offset {offset} has NULL indicator {ind}")
    body = bytes(buf[start:end])
    if n == _HEX_SIZE:
        try:
            return cls(binascii.unhexlify(body)), end
        except (binascii.Error, ValueError):
            raise DataError(f"smart-LOB locator at offset {start} is not hex text") from None
    if n == LOCATOR_SIZE:
        return cls(body), end
    raise DataError(f"smart-LOB locator at offset {start} is {n} bytes; expected "
                    f"{_HEX_SIZE} hex characters (or {LOCATOR_SIZE} bytes)")


def decode_blob(buf, offset: int):
    """A BLOB value at *offset*: ``(BlobLocator | None, new offset)``."""
    return _decode(BlobLocator, buf, offset)


def decode_clob(buf, offset: int):
    """A CLOB value at *offset*: ``(ClobLocator | None, new offset)``."""
    return _decode(ClobLocator, buf, offset)


def encode_raw_locator(value) -> bytes:
    """Tuple bytes of a locator in its raw form (``00 00000048`` + 72 bytes):
    what a server sends a client that asked for the column as type 44 in
    SQ_RETTYPE, as IBM JDBC does (it reads the 72 bytes as they come)."""
    if value is None:
        return _NULL
    raw = value.raw if isinstance(value, SmartLobLocator) else value
    return _ENVELOPE.pack(0, LOCATOR_SIZE) + bytes(raw)


def encode_bind_udt(name: bytes, data: bytes, second: int = 0) -> tuple[int, bytes]:
    """A type-44 parameter as IBM JDBC binds a locator (``"blob"``) or an
    ifx_lo_* structure: ``(length word, data)``; the length word is the
    name's length, the data the name (padded to even), ``i16 0, i16
    second, i32 n`` and the *data*."""
    pad = b"\0" if len(name) & 1 else b""
    return len(name), name + pad + _UDT_HEAD.pack(0, second, len(data)) + data


def decode_bind_udt(buf, offset: int, name_length: int):
    """A type-44 parameter's data at *offset*: ``((name, bytes) | None, end)``."""
    end = check(buf, offset, name_length + (name_length & 1), "opaque type name")
    name = bytes(buf[offset:offset + name_length]).decode("ascii", "replace")
    try:
        flag, _second, n = _UDT_HEAD.unpack_from(buf, end)
    except StructError:
        raise truncated("opaque parameter header", end, 8, buf) from None
    if flag == -1:
        return None, end + 4
    if flag != 0 or n < 0:
        raise DataError(f"opaque parameter {name!r} at offset {offset}: flag {flag}, length {n}")
    start = end + 8
    stop = check(buf, start, n, f"opaque parameter {name!r}")
    return (name, bytes(buf[start:stop])), stop


def encode_locator(value) -> bytes:
    """Tuple bytes of a locator (a ``SmartLobLocator`` or its 72 bytes), as
    servers send it: hex in the opaque envelope; None is NULL."""
    if value is None:
        return _NULL
    raw = value.raw if isinstance(value, SmartLobLocator) else value
    if not isinstance(raw, (bytes, bytearray, memoryview)) or len(raw) != LOCATOR_SIZE:
        raise wrong_type("BLOB/CLOB", value, "a locator (72 bytes)")
    return _ENVELOPE.pack(0, _HEX_SIZE) + binascii.hexlify(bytes(raw))
