"""Reading SQ_BIND: the parameter values a client sends for ``?`` markers.

Layout: a short count, then per value ``[short type][short indicator]
[short precision]`` and, unless the indicator is -1 (NULL), the value's
bytes in the type's BIND format, padded to even length.
"""

from __future__ import annotations

from informix_db import types as T
from informix_db.exceptions import NotSupportedError
from informix_db.testing.stream import ClientStream

#: Indicator of a NULL parameter: no value bytes follow.
NULL_INDICATOR = -1


def read_bind(stream: ClientStream, encoding: str) -> list:
    """Read the body of an SQ_BIND message; return the values as Python objects."""
    values = []
    for _ in range(stream.read_int16()):
        sqltype = stream.read_int16()
        indicator = stream.read_int16()
        prec = stream.read_uint16()
        if indicator == NULL_INDICATOR:
            values.append(None)
            continue
        values.append(_read_value(stream, sqltype & T.SQLTYPE_MASK, prec, encoding))
    return values


def _read_value(stream: ClientStream, sqltype: int, prec: int, encoding: str):
    # Interim: INTEGER and character types only, until the codecs' BIND
    # decoders land.
    if sqltype == T.SQLINT:
        return int.from_bytes(stream.read_exact(4), "big", signed=True)
    if sqltype in (T.SQLCHAR, T.SQLVCHAR, T.SQLNCHAR, T.SQLNVCHAR):
        return stream.read_lenbytes().decode(encoding)
    raise NotSupportedError(f"BIND of Informix type {sqltype} is not supported yet")
