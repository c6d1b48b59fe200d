"""One place that maps a ``ColumnType`` to its codec.

Tuple direction (rows):

* ``tuple_width(ct)``: the most bytes a value of *ct* takes in a tuple
  (what DESCRIBE's tuple size and column offsets count).
* ``codec_for(ct, encoding)``: a ``Codec`` with ``decode(buf, offset) ->
  (value, offset)`` and ``encode(value) -> bytes``; cached per type.
* ``encode_value`` / ``decode_value``: the same, one call.

Whole rows (``row_decoder``, ``encode_row``) are the hot path in
``rows.py``, imported through ``informix_db._impl``.

BIND direction (parameters) and DESCRIBE mapping live in ``bind.py`` and
``describe.py``.
"""

from __future__ import annotations

from functools import lru_cache

from informix_db.codecs import (
    binary, boolean, composite, compositeformat, floats, integers, interval, smartlob, strings,
)
from informix_db.codecs import datetime as dtcodec
from informix_db.codecs import decimal as deccodec
from informix_db.exceptions import InterfaceError, NotSupportedError
from informix_db import types as T

__all__ = ["Codec", "codec_for", "tuple_width", "encode_value", "decode_value"]


class Codec:
    """How one column type is read from and written to a tuple."""

    __slots__ = ("column_type", "width", "decode", "encode")

    def __init__(self, column_type, width, decode, encode):
        self.column_type = column_type
        #: The most bytes a value takes in a tuple.
        self.width = width
        #: ``decode(buf, offset) -> (value, new_offset)``
        self.decode = decode
        #: ``encode(value) -> bytes`` (None encodes the type's NULL)
        self.encode = encode

    def __repr__(self) -> str:
        return f"Codec({T.type_text(self.column_type)}, width={self.width})"


_FIXED = {
    T.SQLSMINT: (2, integers.decode_smallint, integers.encode_smallint),
    T.SQLINT: (4, integers.decode_integer, integers.encode_integer),
    T.SQLSERIAL: (4, integers.decode_integer, integers.encode_integer),
    T.SQLINFXBIGINT: (8, integers.decode_bigint, integers.encode_bigint),
    T.SQLBIGSERIAL: (8, integers.decode_bigint, integers.encode_bigint),
    T.SQLINT8: (10, integers.decode_int8, integers.encode_int8),
    T.SQLSERIAL8: (10, integers.decode_int8, integers.encode_int8),
    T.SQLSMFLOAT: (4, floats.decode_smallfloat, floats.encode_smallfloat),
    T.SQLFLOAT: (8, floats.decode_float, floats.encode_float),
    T.SQLDATE: (4, dtcodec.decode_date, dtcodec.encode_date),
    T.SQLBOOL: (6, boolean.decode_boolean, boolean.encode_boolean),
    T.SQLBLOB: (smartlob.TUPLE_WIDTH, smartlob.decode_blob, smartlob.encode_locator),
    T.SQLCLOB: (smartlob.TUPLE_WIDTH, smartlob.decode_clob, smartlob.encode_locator),
    # A smart LOB sent as the client asked in SQ_RETTYPE (type 44): raw bytes
    T.SQLSENDRECV: (5 + smartlob.LOCATOR_SIZE, smartlob.decode_blob,
                    smartlob.encode_raw_locator),
}


# Informix's own limits on declared lengths: a DESCRIBE stating more is not
# from a real server, and a CHAR width is what a tuple may allocate.
CHAR_MAX = 32767


def _string_codec(ct: T.ColumnType, encoding: str) -> Codec:
    code, n = ct.sqltype, ct.length
    limit = CHAR_MAX if code in (T.SQLCHAR, T.SQLNCHAR) else (
        0xFFFF if code in (T.SQLVCHAR, T.SQLNVCHAR) else strings.LVARCHAR_MAX)
    if not 0 <= n <= limit:
        raise InterfaceError(f"column type {T.type_text(ct)}: length {n} is outside "
                             f"0..{limit}")
    if code in (T.SQLCHAR, T.SQLNCHAR):
        enc_char = strings.encode_char
        return Codec(ct, n, strings.char_decoder(n, encoding), lambda v: enc_char(v, n, encoding))
    if code in (T.SQLVCHAR, T.SQLNVCHAR):
        maxlen = n & 0xFF
        enc_vc = strings.encode_varchar
        return Codec(ct, maxlen + 1, strings.varchar_decoder(encoding),
                     lambda v: enc_vc(v, maxlen, encoding))
    # LVARCHAR: the opaque envelope
    maxlen = n or strings.LVARCHAR_MAX
    dec_lv, enc_lv = strings.decode_lvarchar, strings.encode_lvarchar
    return Codec(ct, maxlen + 5, lambda buf, off: dec_lv(buf, off, encoding),
                 lambda v: enc_lv(v, maxlen, encoding))


_STRING_TYPES = frozenset((T.SQLCHAR, T.SQLNCHAR, T.SQLVCHAR, T.SQLNVCHAR, T.SQLLVARCHAR))


def _build(ct: T.ColumnType, encoding: str) -> Codec:
    code = ct.sqltype
    if code == T.SQLSENDRECV and ct.extended_name:
        # a composite asked for as type 44 (IBM JDBC does): its binary form
        from informix_db.codecs import complexbinary

        t = composite.declared(ct.extended_name)
        return Codec(ct, 4 + max(ct.length, 0), complexbinary.complex_field_decoder(encoding),
                     complexbinary.complex_field_encoder(t, encoding))
    fixed = _FIXED.get(code)
    if fixed is not None:
        return Codec(ct, *fixed)
    if code in _STRING_TYPES:
        return _string_codec(ct, encoding)
    n = ct.length
    if code in (T.SQLDECIMAL, T.SQLMONEY):
        prec, scale = (n >> 8) & 0xFF, n & 0xFF
        if not (0 <= n <= 0xFFFF and 1 <= prec <= 32 and (scale <= prec or scale == 0xFF)):
            raise InterfaceError(f"column type code {code} length 0x{n & 0xFFFFFFFF:x}: "
                                 "DECIMAL precision must be 1..32 and scale 0..precision")
        enc_d = deccodec.encode_decimal
        return Codec(ct, deccodec.decimal_width(n), deccodec.decimal_decoder(n),
                     lambda v: enc_d(v, n))
    if code == T.SQLDTIME:
        width = dtcodec.datetime_width(n)  # also validates the qualifier
        enc_t = dtcodec.encode_datetime
        return Codec(ct, width, dtcodec.datetime_decoder(n), lambda v: enc_t(v, n))
    if code == T.SQLINTERVAL:
        width = interval.interval_width(n)
        dec_i, enc_i = interval.decode_interval, interval.encode_interval
        return Codec(ct, width, lambda buf, off: dec_i(buf, off, n), lambda v: enc_i(v, n))
    if code in composite.COMPOSITE_CODES:
        t = composite.composite_type_of(ct)
        return Codec(ct, 5 + max(n, 0), composite.composite_decoder(t, encoding),
                     compositeformat.composite_encoder(t, encoding))
    if code in (T.SQLBYTES, T.SQLTEXT):
        is_text = code == T.SQLTEXT
        enc_b = binary.encode_tuple_descriptor
        return Codec(ct, binary.DESCRIPTOR_SIZE, binary.decode_descriptor,
                     lambda v: enc_b(v, is_text, encoding))
    raise NotSupportedError(f"no codec for Informix type code {code} ({T.type_text(ct)})")


@lru_cache(maxsize=1024)
def codec_for(ct: T.ColumnType, encoding: str = "utf-8") -> Codec:
    """The (cached) codec of column type *ct* under client *encoding*."""
    if not isinstance(ct, T.ColumnType):
        raise InterfaceError(f"codec_for needs a ColumnType, got {type(ct).__name__}")
    return _build(ct, encoding)


def tuple_width(ct: T.ColumnType) -> int:
    """The most bytes a value of *ct* takes in a tuple."""
    return codec_for(ct).width


def encode_value(ct: T.ColumnType, value, encoding: str = "utf-8") -> bytes:
    """The tuple bytes of *value* as a *ct* column (None is the type's NULL)."""
    return codec_for(ct, encoding).encode(value)


def decode_value(ct: T.ColumnType, buf, offset: int = 0, encoding: str = "utf-8"):
    """Read one *ct* value from *buf* at *offset*: ``(value, new_offset)``."""
    return codec_for(ct, encoding).decode(buf, offset)

