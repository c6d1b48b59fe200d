"""BIND parameters: one value <-> ``[type][indicator][length word][data]``.

Each parameter of an SQ_BIND is three big-endian shorts - the type code,
the indicator (0, or -1 for NULL) and the length word - then the data,
padded with one zero byte to an even length.  The data per type:

==========================  =============================================
type sent                    data
==========================  =============================================
CHAR 0 (all strings)         u16 byte count + bytes          (g15: 'hello')
SMALLINT 1                   2 bytes
INTEGER 2                    4 bytes, length word 0x0a00     (g15: 42)
BIGINT 52                    8 bytes, length word 0x1300
INT8 17                      10 bytes (sign word, low, high)
FLOAT 3 / SMALLFLOAT 4       8 / 4 bytes IEEE
DATE 7                       4 bytes day count
DECIMAL 5 / MONEY 8          u16 count + exponent byte + digits; length p<<8|s
DATETIME 10 / INTERVAL 14    u16 count + the tuple bytes; length = qualifier
BYTE 11 / TEXT 12            56-byte descriptor (tb_size = data length); the
                             data follows the BIND in an SQ_BBIND stream
NULL                         type CHAR 0, indicator -1, length 0, no data
==========================  =============================================

A Python ``bool`` is sent as the CHAR literal 't'/'f' (see boolean.py).
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from struct import Struct, error as StructError
from typing import NamedTuple

from informix_db import types as T
from informix_db.codecs import binary, boolean, floats, integers, interval, strings
from informix_db.codecs import datetime as dtcodec
from informix_db.codecs import decimal as deccodec
from informix_db.codecs._common import truncated, wrong_type
from informix_db.exceptions import DataError, NotSupportedError

__all__ = ["BindParam", "encode_bind", "bind_bytes", "decode_bind", "read_bind_param",
           "NULL_BIND"]

_HEAD = Struct(">hhH")


class BindParam(NamedTuple):
    """One encoded parameter."""

    sqltype: int
    indicator: int
    length: int
    #: the data, unpadded (empty for NULL)
    data: bytes
    #: BYTE/TEXT content that follows the BIND in the SQ_BBIND stream
    blob: bytes | None = None


NULL_BIND = BindParam(T.SQLCHAR, -1, 0, b"")

# length words observed (g15, peer driver) or, for SMALLINT and INT8, by analogy
_INT_LENGTH = {T.SQLSMINT: 0x0500, T.SQLINT: 0x0A00, T.SQLINFXBIGINT: 0x1300, T.SQLINT8: 0x1300}
_INT_ENCODERS = {T.SQLSMINT: integers.encode_smallint, T.SQLINT: integers.encode_integer,
                 T.SQLINFXBIGINT: integers.encode_bigint, T.SQLINT8: integers.encode_int8}
# the code a parameter for a column of each type is sent as
_SEND_AS = {T.SQLSERIAL: T.SQLINT, T.SQLSERIAL8: T.SQLINT8, T.SQLBIGSERIAL: T.SQLINFXBIGINT,
            T.SQLVCHAR: T.SQLCHAR, T.SQLNCHAR: T.SQLCHAR, T.SQLNVCHAR: T.SQLCHAR,
            T.SQLLVARCHAR: T.SQLCHAR}
_CHAR_CODES = frozenset((T.SQLCHAR, T.SQLVCHAR, T.SQLNCHAR, T.SQLNVCHAR, T.SQLLVARCHAR))
_INT_MAX = 0x7FFF_FFFF
_BIG_MAX = 0x7FFF_FFFF_FFFF_FFFF


def _infer(value) -> T.ColumnType:
    """The column type a parameter of this Python type is sent as."""
    if isinstance(value, bool) or isinstance(value, str):
        return T.ColumnType(T.SQLCHAR)
    if isinstance(value, int):
        if -_INT_MAX <= value <= _INT_MAX:
            return T.ColumnType(T.SQLINT)
        if -_BIG_MAX <= value <= _BIG_MAX:
            return T.ColumnType(T.SQLINFXBIGINT)
        return T.ColumnType(T.SQLDECIMAL, deccodec.bind_length_for(value))
    if isinstance(value, float):
        return T.ColumnType(T.SQLFLOAT)
    if isinstance(value, Decimal):
        return T.ColumnType(T.SQLDECIMAL, deccodec.bind_length_for(value))
    if isinstance(value, _dt.datetime) or isinstance(value, _dt.time):
        return T.ColumnType(T.SQLDTIME, dtcodec.bind_length_for(value))
    if isinstance(value, _dt.date):
        return T.ColumnType(T.SQLDATE)
    if isinstance(value, (_dt.timedelta, T.IntervalYM)):
        return T.ColumnType(T.SQLINTERVAL, interval.bind_length_for(value))
    if isinstance(value, (bytes, bytearray, memoryview)):
        return T.ColumnType(T.SQLBYTES)
    raise wrong_type("a parameter", value,
                     "None, bool, int, float, Decimal, str, bytes, date, datetime, time, "
                     "timedelta or IntervalYM")


def encode_bind(value, ct: T.ColumnType | None = None, encoding: str = "utf-8") -> BindParam:
    """Encode *value* as a BIND parameter, as column type *ct* when given
    (else as the type its Python type maps to)."""
    if value is None:
        return NULL_BIND
    if ct is None:
        ct = _infer(value)
    code = _SEND_AS.get(ct.sqltype, ct.sqltype)
    if code == T.SQLCHAR or code == T.SQLBOOL:
        if isinstance(value, bool) or code == T.SQLBOOL:
            value = boolean.encode_bind_boolean(value)
        return BindParam(T.SQLCHAR, 0, 0, strings.encode_bind_string(value, encoding))
    enc = _INT_ENCODERS.get(code)
    if enc is not None:
        return BindParam(code, 0, _INT_LENGTH[code], enc(value))
    if code == T.SQLFLOAT:
        return BindParam(code, 0, 0, floats.encode_float(value))
    if code == T.SQLSMFLOAT:
        return BindParam(code, 0, 0, floats.encode_smallfloat(value))
    if code == T.SQLDATE:
        return BindParam(code, 0, 0, dtcodec.encode_date(value))
    if code in (T.SQLDECIMAL, T.SQLMONEY):
        n = ct.length or deccodec.bind_length_for(value)
        return BindParam(code, 0, n, deccodec.encode_bind_decimal(value, n))
    if code == T.SQLDTIME:
        n = ct.length or dtcodec.bind_length_for(value)
        return BindParam(code, 0, n, dtcodec.encode_bind_datetime(value, n))
    if code == T.SQLINTERVAL:
        n = ct.length or interval.bind_length_for(value)
        return BindParam(code, 0, n, interval.encode_bind_interval(value, n))
    if code in (T.SQLBYTES, T.SQLTEXT):
        payload = binary.blob_payload(value, code == T.SQLTEXT, encoding)
        return BindParam(code, 0, 0, binary.encode_descriptor(len(payload)), payload)
    raise NotSupportedError(f"cannot bind a parameter of type {T.type_text(ct)}")


def bind_bytes(param: BindParam) -> bytes:
    """The wire bytes of one parameter: header, data and the pad byte."""
    data = param.data
    head = _HEAD.pack(param.sqltype, param.indicator, param.length)
    return head + data + (b"\x00" if len(data) & 1 else b"")


def decode_bind(sqltype: int, indicator: int, length: int, buf, offset: int,
                encoding: str = "utf-8"):
    """Read the data of one parameter whose header said *sqltype*, *indicator*
    and *length*: ``(value, offset after the data and its pad)``.

    BYTE/TEXT give a ``BlobRef`` (the content comes in the SQ_BBIND stream)."""
    if indicator == -1:
        return None, offset
    if indicator != 0:
        raise DataError(f"BIND parameter indicator {indicator} at offset {offset}; expected 0 or -1")
    code = sqltype & T.SQLTYPE_MASK
    if code in _CHAR_CODES:
        value, end = strings.decode_bind_string(buf, offset, encoding)
    elif code == T.SQLSMINT:
        value, end = integers.decode_smallint(buf, offset)
    elif code in (T.SQLINT, T.SQLSERIAL):
        value, end = integers.decode_integer(buf, offset)
    elif code in (T.SQLINFXBIGINT, T.SQLBIGSERIAL):
        value, end = integers.decode_bigint(buf, offset)
    elif code in (T.SQLINT8, T.SQLSERIAL8):
        value, end = integers.decode_int8(buf, offset)
    elif code == T.SQLFLOAT:
        value, end = floats.decode_float(buf, offset)
    elif code == T.SQLSMFLOAT:
        value, end = floats.decode_smallfloat(buf, offset)
    elif code == T.SQLDATE:
        value, end = dtcodec.decode_date(buf, offset)
    elif code in (T.SQLDECIMAL, T.SQLMONEY):
        value, end = deccodec.decode_bind_decimal(buf, offset, length)
    elif code == T.SQLDTIME:
        value, end = dtcodec.decode_bind_datetime(buf, offset, length)
    elif code == T.SQLINTERVAL:
        value, end = interval.decode_bind_interval(buf, offset, length)
    elif code == T.SQLBOOL:
        value, end = boolean.decode_bind_boolean(buf, offset)
    elif code in (T.SQLBYTES, T.SQLTEXT):
        value, end = binary.decode_descriptor(buf, offset)
    else:
        raise NotSupportedError(f"BIND parameter of type code {sqltype} at offset {offset}")
    if (end - offset) & 1:
        if end >= len(buf):
            raise truncated("BIND pad byte", end, 1, buf)
        end += 1
    return value, end


def read_bind_param(buf, offset: int, encoding: str = "utf-8"):
    """Read one whole parameter (header and data):
    ``(sqltype, indicator, length, value, new_offset)``."""
    try:
        sqltype, indicator, length = _HEAD.unpack_from(buf, offset)
    except StructError:
        raise truncated("BIND parameter header", offset, 6, buf) from None
    value, end = decode_bind(sqltype, indicator, length, buf, offset + 6, encoding)
    return sqltype, indicator, length, value, end
