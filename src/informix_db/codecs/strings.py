"""CHAR, NCHAR, VARCHAR, NVARCHAR and LVARCHAR.

Tuple layouts (lengths count bytes of the client encoding, e.g. UTF-8 or
ISO-8859-1):

* CHAR(n)/NCHAR(n): exactly n bytes, blank-padded.  NULL is a 0x00 first
  byte (the rest blanks).  Decoding keeps the blank padding: a CHAR(n)
  value reads back as its n bytes, as IBM JDBC's getString and psycopg's
  char(n) return it (a driver does not alter data; ``rstrip()`` is the
  application's choice).
* VARCHAR(m,r)/NVARCHAR(m,r): one length byte then the bytes, no padding.
  NULL is length 1 holding a single 0x00; the empty string is length 0.
* LVARCHAR(n): servers describe it as the opaque type UDTVAR (40, extended
  name ``lvarchar``) and send the opaque envelope: a 1-byte NULL indicator
  (1 = NULL), a signed 32-bit length, the bytes, no padding.  NULL is
  ``01 00000000``.

BIND data (all character types, as JDBC sends a Java String): a u16
length then the bytes (the BIND writer pads odd lengths to even).

Character data cannot contain NUL: Informix uses it as the NULL marker.
"""

from __future__ import annotations

from struct import Struct, error as StructError

from informix_db.codecs._common import check, out_of_range, truncated, wrong_type
from informix_db.exceptions import DataError

__all__ = [
    "CHAR_NULL_FIRST_BYTE", "VARCHAR_NULL_BYTES", "LVARCHAR_NULL_BYTES",
    "decode_char", "decode_varchar", "decode_lvarchar", "char_decoder", "varchar_decoder",
    "encode_char", "encode_varchar", "encode_lvarchar",
    "decode_bind_string", "encode_bind_string", "decode_bind_text",
]

_U16 = Struct(">H")
_ENVELOPE = Struct(">Bi")

CHAR_NULL_FIRST_BYTE = 0
VARCHAR_NULL_BYTES = b"\x01\x00"
LVARCHAR_NULL_BYTES = b"\x01\x00\x00\x00\x00"
#: The longest LVARCHAR Informix allows (bytes).
LVARCHAR_MAX = 32739


def _text(raw, what: str, offset: int, encoding: str) -> str:
    try:
        return str(raw, encoding)
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{what} at offset {offset} is not valid {encoding}: {exc.reason} "
            f"at byte {exc.start}"
        ) from None


def _bytes(value, what: str, encoding: str) -> bytes:
    if not isinstance(value, str):
        raise wrong_type(what, value, "a str")
    if "\x00" in value:
        raise out_of_range(what, value, "NUL characters cannot be stored")
    try:
        return value.encode(encoding)
    except UnicodeEncodeError as exc:
        raise DataError(
            f"{what} value {value!r:.60} cannot be encoded as {encoding}: "
            f"{exc.reason} at position {exc.start}"
        ) from None


# -- tuple: decode -------------------------------------------------------------

def decode_char(buf, offset: int, length: int, encoding: str = "utf-8"):
    """CHAR/NCHAR(length) at *offset*: ``(str | None, offset + length)``, blanks kept."""
    end = offset + length
    if offset < 0 or end > len(buf):
        raise truncated(f"CHAR({length})", offset, length, buf)
    if length and buf[offset] == 0:
        return None, end
    return _text(bytes(buf[offset:end]), "CHAR", offset, encoding), end


def decode_varchar(buf, offset: int, encoding: str = "utf-8"):
    """VARCHAR/NVARCHAR at *offset*: ``(str | None, new offset)``."""
    try:
        n = buf[offset]
    except IndexError:
        raise truncated("VARCHAR length", offset, 1, buf) from None
    start = offset + 1
    end = check(buf, start, n, "VARCHAR")
    if n == 1 and buf[start] == 0:
        return None, end
    return _text(buf[start:end], "VARCHAR", start, encoding), end


def decode_lvarchar(buf, offset: int, encoding: str = "utf-8"):
    """LVARCHAR (opaque envelope) at *offset*: ``(str | None, new offset)``."""
    try:
        ind, n = _ENVELOPE.unpack_from(buf, offset)
    except StructError:
        raise truncated("LVARCHAR envelope", offset, 5, buf) from None
    start = offset + 5
    if n < 0:
        raise DataError(f"LVARCHAR at offset {offset} declares negative length {n}")
    end = check(buf, start, n, "LVARCHAR")
    if ind == 1:
        return None, end
    if ind != 0:
        raise DataError(f"LVARCHAR at offset {offset} has NULL indicator {ind}; expected 0 or 1")
    return _text(buf[start:end], "LVARCHAR", start, encoding), end


# -- tuple: decoders bound to one column -----------------------------------------
# The row hot path: the same reads with the length and encoding bound once.
# Only the common outcome is handled here; a short buffer, a negative offset
# or bytes that are not text go to the functions above, which raise.

def char_decoder(length: int, encoding: str = "utf-8"):
    """``decode(buf, offset)``: ``decode_char`` for CHAR/NCHAR(*length*)."""
    if not length:
        return lambda buf, offset: decode_char(buf, offset, 0, encoding)
    read = Struct(f"{length}s").unpack_from  # the value's bytes as one bytes object

    def decode(buf, offset):
        if offset >= 0:
            try:
                raw = read(buf, offset)[0]
            except StructError:
                pass
            else:
                if not raw[0]:
                    return None, offset + length
                try:
                    return str(raw, encoding), offset + length
                except UnicodeDecodeError:
                    pass
        return decode_char(buf, offset, length, encoding)

    return decode


# n bytes as one bytes object, for every VARCHAR length n (one length byte)
_READ_VARCHAR = tuple(Struct(f"{n}s").unpack_from for n in range(256))


def varchar_decoder(encoding: str = "utf-8"):
    """``decode(buf, offset)``: ``decode_varchar`` for VARCHAR/NVARCHAR."""
    def decode(buf, offset):
        if offset >= 0:
            try:
                n = buf[offset]
                raw = _READ_VARCHAR[n](buf, offset + 1)[0]
            except (IndexError, StructError):
                pass
            else:
                if n != 1 or raw[0]:
                    try:
                        return str(raw, encoding), offset + 1 + n
                    except UnicodeDecodeError:
                        pass
                else:
                    return None, offset + 2
        return decode_varchar(buf, offset, encoding)

    return decode


# -- tuple: encode -------------------------------------------------------------

def encode_char(value, length: int, encoding: str = "utf-8") -> bytes:
    """CHAR/NCHAR(length) bytes of *value*: blank-padded; None is NULL.

    Trailing blanks past *length* bytes are dropped: they are padding, not
    data (a value padded to n characters is longer than n bytes once it
    holds multi-byte UTF-8 characters).
    """
    if value is None:
        return b"\x00" + b" " * (length - 1) if length else b""
    raw = _bytes(value, f"CHAR({length})", encoding)
    if len(raw) > length and not raw[length:].strip(b" "):
        raw = raw[:length]  # only blanks cut: a single-byte character in every code set
    if len(raw) > length:
        raise out_of_range(f"CHAR({length})", value, f"{len(raw)} bytes in {encoding}")
    return raw + b" " * (length - len(raw))


def encode_varchar(value, maxlen: int = 255, encoding: str = "utf-8") -> bytes:
    """VARCHAR/NVARCHAR(maxlen) bytes of *value*: a length byte and the bytes."""
    if value is None:
        return VARCHAR_NULL_BYTES
    raw = _bytes(value, f"VARCHAR({maxlen})", encoding)
    if len(raw) > maxlen or len(raw) > 255:
        raise out_of_range(f"VARCHAR({maxlen})", value, f"{len(raw)} bytes in {encoding}")
    return bytes((len(raw),)) + raw


def encode_lvarchar(value, maxlen: int = LVARCHAR_MAX, encoding: str = "utf-8") -> bytes:
    """LVARCHAR(maxlen) opaque-envelope bytes of *value*; None is NULL."""
    if value is None:
        return LVARCHAR_NULL_BYTES
    raw = _bytes(value, f"LVARCHAR({maxlen})", encoding)
    if len(raw) > maxlen:
        raise out_of_range(f"LVARCHAR({maxlen})", value, f"{len(raw)} bytes in {encoding}")
    return _ENVELOPE.pack(0, len(raw)) + raw


# -- bind ----------------------------------------------------------------------

def encode_bind_string(value, encoding: str = "utf-8") -> bytes:
    """BIND data of a character parameter: u16 length and the bytes (unpadded)."""
    raw = _bytes(value, "character parameter", encoding)
    if len(raw) > 0xFFFF:
        raise out_of_range("character parameter", value, f"{len(raw)} bytes exceed 65535")
    return _U16.pack(len(raw)) + raw


def decode_bind_string(buf, offset: int, encoding: str = "utf-8"):
    """A character parameter's BIND data at *offset*: ``(str, offset after the bytes)``."""
    try:
        n = _U16.unpack_from(buf, offset)[0]
    except StructError:
        raise truncated("character parameter length", offset, 2, buf) from None
    start = offset + 2
    end = check(buf, start, n, "character parameter")
    return _text(buf[start:end], "character parameter", start, encoding), end


def decode_bind_text(raw, offset: int, encoding: str = "utf-8") -> str:
    """Text of an LVARCHAR parameter's opaque-envelope bytes."""
    return _text(raw, "LVARCHAR parameter", offset, encoding)
