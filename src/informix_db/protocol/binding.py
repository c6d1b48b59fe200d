"""Python parameter values -> BIND parameters, with the driver's type choices.

The codecs encode each value (``informix_db.codecs.bind``); this module
decides the Informix type of the values whose Python type leaves a choice:

* ``int``: the narrowest Informix integer that holds it, sent as IBM JDBC
  sends that width (``docs/parity.md``): SMALLINT for -32767..32767 (as
  ``setShort``), INTEGER for -2147483647..2147483647 (as ``setInt``),
  BIGINT (type 52) for -(2**63-1)..2**63-1 (``setLong`` sends INT8 17;
  see parity.md for why BIGINT), and a ``DataError`` beyond.  Each
  width's most negative value is its NULL, so it is not in the range:
  -32768 goes as INTEGER, -2**31 as BIGINT, and -2**63 is an error.  The
  server converts the parameter to the type the statement needs.
* ``bool``: SMALLINT 1 or 0 (as JDBC's ``setBoolean``; the codecs' choice).
* everything else by its Python type: float FLOAT, Decimal DECIMAL, str
  CHAR, bytes BYTE, date DATE, datetime/time DATETIME, timedelta INTERVAL
  DAY TO FRACTION, ``IntervalYM`` INTERVAL YEAR TO MONTH, None NULL.

``bind_message`` frames one parameter set as the SQ_BIND message the
requests carry (``params_message`` holds that layout, the only copy of
it; the compiled twin writes the same bytes in C).
"""

from __future__ import annotations

from struct import Struct

from informix_db import types as T
from informix_db.codecs.bind import WIRE_ENCODERS as _CODEC_WIRE
from informix_db.codecs.bind import BindParam, bind_bytes, encode_bind
from informix_db.exceptions import DataError, Error, InterfaceError
from informix_db.framing import messages as sq

__all__ = ["bind_params", "bind_message", "params_message", "blob_stream", "BLOB_CHUNK",
           "SMALLINT_TYPE", "INT_TYPE", "BIGINT_TYPE"]

#: SQ_BLOB chunk size for BYTE/TEXT parameters (JDBC's).
BLOB_CHUNK = 1024
_SHORT = Struct(">h")
_BLOB = _SHORT.pack(sq.SQ_BLOB)
_BLOB_END = _BLOB + b"\x00\x00"
_BIND_HEAD = Struct(">hh")  # SQ_BIND, the parameter count

SMALLINT_TYPE = T.ColumnType(T.SQLSMINT)
INT_TYPE = T.ColumnType(T.SQLINT)
BIGINT_TYPE = T.ColumnType(T.SQLINFXBIGINT)
# Largest magnitude of each width: its most negative value is its NULL.
_SMALL_MAX = 0x7FFF
_INT_MAX = 0x7FFF_FFFF
_BIG_MAX = 0x7FFF_FFFF_FFFF_FFFF


def _int_type(value: int) -> T.ColumnType:
    """The column type a Python int is sent as: the narrowest that holds it."""
    if -_SMALL_MAX <= value <= _SMALL_MAX:
        return SMALLINT_TYPE
    if -_INT_MAX <= value <= _INT_MAX:
        return INT_TYPE
    if -_BIG_MAX <= value <= _BIG_MAX:
        return BIGINT_TYPE
    raise DataError(
        f"integer {value} is outside BIGINT's range -{_BIG_MAX}..{_BIG_MAX} "
        "(Informix has no wider integer); pass it as a Decimal to bind it as DECIMAL")


def _bind_one(i: int, value, encoding: str) -> BindParam:
    """*value*, parameter *i*, as a BIND parameter, with ``bind_params``'s errors."""
    try:
        ct = _int_type(value) if type(value) is int else None
        return encode_bind(value, ct, encoding)
    except Error as exc:
        exc.args = (f"parameter {i}: {exc.args[0] if exc.args else exc}", *exc.args[1:])
        if hasattr(exc, "message"):
            exc.message = exc.args[0]
        raise
    except (TypeError, ValueError, OverflowError) as exc:
        raise InterfaceError(f"parameter {i}: cannot bind {value!r:.60}: {exc}") from None


def bind_params(values, encoding: str) -> list[BindParam]:
    """Encode *values* (already in placeholder order) as BIND parameters.

    A value that cannot be encoded raises ``DataError``/``InterfaceError``
    naming its position (1-based, as the placeholders count).
    """
    return [_bind_one(i, value, encoding) for i, value in enumerate(values, 1)]


def blob_stream(blobs) -> bytes:
    """SQ_BBIND [count], then each blob's content as SQ_BLOB [u16 length]
    [data, padded] chunks of ``BLOB_CHUNK`` bytes, ended by an empty SQ_BLOB."""
    parts = [_SHORT.pack(sq.SQ_BBIND), _SHORT.pack(len(blobs))]
    for data in blobs:
        for start in range(0, len(data), BLOB_CHUNK):
            chunk = data[start:start + BLOB_CHUNK]
            # a chunk is a full 1024 bytes except the last, which may be odd
            parts += (_BLOB, len(chunk).to_bytes(2, "big"), chunk,
                      b"\x00" if len(chunk) & 1 else b"")
        parts.append(_BLOB_END)
    return b"".join(parts)


def _too_many(count: int) -> InterfaceError:
    return InterfaceError(f"{count} parameters in one statement: "
                          "an SQ_BIND carries at most 32767")


def params_message(params) -> bytes:
    """The SQ_BIND message of *params* (``BindParam``s): SQ_BIND [i16 count]
    and each parameter, then their BYTE/TEXT contents (``blob_stream``) when
    there are any.  No parameters: no message (``b""``), since a request
    without parameters carries no SQ_BIND."""
    if not params:
        return b""
    if len(params) > 0x7FFF:
        raise _too_many(len(params))
    parts = [_BIND_HEAD.pack(sq.SQ_BIND, len(params))]
    parts += map(bind_bytes, params)
    blobs = [p.blob for p in params if p.blob is not None]
    if blobs:
        parts.append(blob_stream(blobs))
    return b"".join(parts)


# -- one parameter set straight to its wire bytes ---------------------------------
# An int goes as the width ``_int_type`` picks, packed with its header in one
# Struct (the data as ``integers.encode_*``, the length words as JDBC's).
_SMALLINT_WIRE = Struct(">hhHh")
_INT_WIRE = Struct(">hhHi")
_BIGINT_WIRE = Struct(">hhHq")


def _int_wire(value: int, encoding: str) -> bytes | None:
    if -_SMALL_MAX <= value <= _SMALL_MAX:
        return _SMALLINT_WIRE.pack(T.SQLSMINT, 0, 0x0500, value)
    if -_INT_MAX <= value <= _INT_MAX:
        return _INT_WIRE.pack(T.SQLINT, 0, 0x0A00, value)
    if -_BIG_MAX <= value <= _BIG_MAX:
        return _BIGINT_WIRE.pack(T.SQLINFXBIGINT, 0, 0x1300, value)
    return None  # beyond BIGINT: the general path raises


#: ``{type: encode(value, encoding) -> wire bytes | None}``: the codecs' fast
#: encoders (``codecs.bind.WIRE_ENCODERS``) and ours for int.
_WIRE = {**_CODEC_WIRE, int: _int_wire}


def bind_message(values, encoding: str) -> bytes:
    """The SQ_BIND message of one parameter set (*values* in placeholder
    order): ``params_message(bind_params(values, encoding))``, with
    ``bind_params``'s errors.  What the request builders of
    ``protocol.statement`` take per parameter set.

    executemany calls this once per row, so the common Python types are
    written straight to their wire bytes (``_WIRE``); a value none of those
    encoders takes goes through ``bind_params``'s path, which also raises
    its errors (the fast encoders never do, so the first error is the same)."""
    parts = [b""]  # the SQ_BIND head, once the count is known
    blobs = []
    fast = _WIRE.get
    for i, value in enumerate(values, 1):
        encode = fast(type(value))
        wire = encode(value, encoding) if encode is not None else None
        if wire is None:
            param = _bind_one(i, value, encoding)
            wire = bind_bytes(param)
            if param.blob is not None:
                blobs.append(param.blob)
        parts.append(wire)
    count = len(parts) - 1
    if not count:
        return b""
    if count > 0x7FFF:
        raise _too_many(count)
    parts[0] = _BIND_HEAD.pack(sq.SQ_BIND, count)
    if blobs:
        parts.append(blob_stream(blobs))
    return b"".join(parts)
