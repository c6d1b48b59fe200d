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


def bind_params(values, encoding: str) -> list[BindParam]:
    """Encode *values* (already in placeholder order) as BIND parameters.

    A value that cannot be encoded raises ``DataError``/``InterfaceError``
    naming its position (1-based, as the placeholders count).
    """
    out = []
    for i, value in enumerate(values, 1):
        try:
            ct = _int_type(value) if type(value) is int else None
            out.append(encode_bind(value, ct, encoding))
        except Error as exc:
            exc.args = (f"parameter {i}: {exc.args[0] if exc.args else exc}", *exc.args[1:])
            if hasattr(exc, "message"):
                exc.message = exc.args[0]
            raise
        except (TypeError, ValueError, OverflowError) as exc:
            raise InterfaceError(f"parameter {i}: cannot bind {value!r:.60}: {exc}") from None
    return out


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


def params_message(params) -> bytes:
    """The SQ_BIND message of *params* (``BindParam``s): SQ_BIND [i16 count]
    and each parameter, then their BYTE/TEXT contents (``blob_stream``) when
    there are any.  No parameters: no message (``b""``), since a request
    without parameters carries no SQ_BIND."""
    if not params:
        return b""
    if len(params) > 0x7FFF:
        raise InterfaceError(f"{len(params)} parameters in one statement: "
                             "an SQ_BIND carries at most 32767")
    parts = [_SHORT.pack(sq.SQ_BIND), _SHORT.pack(len(params))]
    parts += map(bind_bytes, params)
    blobs = [p.blob for p in params if p.blob is not None]
    if blobs:
        parts.append(blob_stream(blobs))
    return b"".join(parts)


def bind_message(values, encoding: str) -> bytes:
    """The SQ_BIND message of one parameter set (*values* in placeholder
    order): ``params_message(bind_params(values, encoding))``, with
    ``bind_params``'s errors.  What the request builders of
    ``protocol.statement`` take per parameter set."""
    return params_message(bind_params(values, encoding))
