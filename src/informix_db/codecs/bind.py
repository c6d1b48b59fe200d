"""BIND parameters: one value <-> ``[type][indicator][length word][data]``.

Each parameter of an SQ_BIND is three big-endian shorts - the type code,
the indicator (0, or -1 for NULL) and the length word - then the data,
padded with one zero byte to an even length.  What IBM JDBC sends
(captured against our test server; g15 for INTEGER and CHAR):

===============================  ==========================================
JDBC call -> type sent           length word, data
===============================  ==========================================
setString -> CHAR 0              0; u16 byte count + bytes (over 65535
                                 bytes: TEXT 12 as a blob, like
                                 setAsciiStream)
setShort / setBoolean -> SMALLINT 1  0x0500; 2 bytes (setBoolean: 1 or 0)
setInt -> INTEGER 2              0x0a00; 4 bytes
setLong -> INT8 17               0x1300; 10 bytes (sign word, low, high)
setFloat -> SMALLFLOAT 4         0; 4 bytes IEEE
setDouble -> FLOAT 3             0; 8 bytes IEEE
setBigDecimal -> DECIMAL 5       the scale (signed); u16 count + exponent
                                 byte + significant digits (0 -> 80 00)
setDate -> DATE 7                0; 4-byte day count
setTimestamp -> DATETIME 10      YEAR TO FRACTION(5) 0x130f; u16 11 + bytes
setTime -> DATETIME 10           HOUR TO SECOND 0x066a; u16 4 + bytes
IntervalDF/YM -> INTERVAL 14     the qualifier; u16 count + tuple bytes
setObject(Boolean) -> 45         0; opaque envelope 0000 0000 00000001 01|00
setBytes -> BYTE 11              0; 56-byte descriptor (tb_size = length);
                                 the data follows as SQ_BBIND 41 + SQ_BLOBs
setNull(t) -> code of t          indicator -1, length 0, NO data; except
                                 BOOLEAN/BIT (45) and LONGVARCHAR (43):
                                 indicator 0 and data ffff 0000
===============================  ==========================================

``encode_bind`` follows those choices (Python bool -> SMALLINT 1/0 like
setBoolean; a bool for a BOOLEAN column -> type 45; None -> CHAR with
indicator -1).  ``decode_bind`` reads all of them.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from struct import Struct, error as StructError
from typing import NamedTuple

from informix_db import types as T
from informix_db.codecs import (
    binary, boolean, composite, compositeformat, floats, integers, interval, smartlob, strings,
)
from informix_db.codecs import datetime as dtcodec
from informix_db.codecs import decimal as deccodec
from informix_db.codecs._common import truncated, wrong_type
from informix_db.codecs._temporal import layout
from informix_db.exceptions import DataError, NotSupportedError

__all__ = ["BindParam", "encode_bind", "bind_bytes", "decode_bind", "read_bind_param",
           "NULL_BIND", "WIRE_ENCODERS"]

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

# length words JDBC sends (g15 and our captures)
_INT_LENGTH = {T.SQLSMINT: 0x0500, T.SQLINT: 0x0A00, T.SQLINFXBIGINT: 0x1300, T.SQLINT8: 0x1300}
_INT_ENCODERS = {T.SQLSMINT: integers.encode_smallint, T.SQLINT: integers.encode_integer,
                 T.SQLINFXBIGINT: integers.encode_bigint, T.SQLINT8: integers.encode_int8}
# the code a parameter for a column of each type is sent as
_SEND_AS = {T.SQLSERIAL: T.SQLINT, T.SQLSERIAL8: T.SQLINT8, T.SQLBIGSERIAL: T.SQLINFXBIGINT,
            T.SQLVCHAR: T.SQLCHAR, T.SQLNCHAR: T.SQLCHAR, T.SQLNVCHAR: T.SQLCHAR,
            T.SQLLVARCHAR: T.SQLCHAR}
_CHAR_CODES = frozenset((T.SQLCHAR, T.SQLVCHAR, T.SQLNCHAR, T.SQLNVCHAR))
_INT_MAX = 0x7FFF_FFFF
_BIG_MAX = 0x7FFF_FFFF_FFFF_FFFF
_SMALLINT = T.ColumnType(T.SQLSMINT)
#: Most bytes a character parameter carries (its length is a u16).
_CHAR_BIND_MAX = 0xFFFF

# The inferred types, made once: _infer runs for every parameter of every
# row of a load, and a ColumnType costs a frozen dataclass's __init__.
_CHAR = T.ColumnType(T.SQLCHAR)
_INT = T.ColumnType(T.SQLINT)
_INT8 = T.ColumnType(T.SQLINT8)
_DECIMAL = T.ColumnType(T.SQLDECIMAL)
_FLOAT = T.ColumnType(T.SQLFLOAT)
_DATE = T.ColumnType(T.SQLDATE)
_DTIME = {}   # qualifier length word -> ColumnType, filled as met
_INTERVAL = {}


def _with_length(made: dict, code: int, n: int) -> T.ColumnType:
    ct = made.get(n)
    if ct is None:
        ct = made[n] = T.ColumnType(code, n)
    return ct


def _infer(value) -> T.ColumnType:
    """The column type a parameter of this Python type is sent as."""
    if isinstance(value, str):
        return _CHAR
    if isinstance(value, bool):
        return _SMALLINT
    if isinstance(value, int):
        if -_INT_MAX <= value <= _INT_MAX:
            return _INT
        if -_BIG_MAX <= value <= _BIG_MAX:
            return _INT8
        return _DECIMAL
    if isinstance(value, float):
        return _FLOAT
    if isinstance(value, Decimal):
        return _DECIMAL
    if isinstance(value, _dt.datetime) or isinstance(value, _dt.time):
        return _with_length(_DTIME, T.SQLDTIME, dtcodec.bind_length_for(value))
    if isinstance(value, _dt.date):
        return _DATE
    if isinstance(value, (_dt.timedelta, T.IntervalYM)):
        return _with_length(_INTERVAL, T.SQLINTERVAL, interval.bind_length_for(value))
    if isinstance(value, (bytes, bytearray, memoryview)):
        return T.ColumnType(T.SQLBYTES)
    if isinstance(value, (smartlob.SmartLobLocator, smartlob.Opaque)):
        return T.ColumnType(T.SQLSENDRECV)
    if compositeformat.is_composite_value(value):
        return _COMPOSITE_PARAM
    if isinstance(value, T.Composite):
        t = composite.declared(value.declaration)
        return T.ColumnType(t.sqltype, 0, True, value.declaration)
    raise wrong_type("a parameter", value,
                     "None, bool, int, float, Decimal, str, bytes, date, datetime, time, "
                     "timedelta, IntervalYM, or a tuple (ROW), list (LIST), Multiset or "
                     "set (SET), or a Composite")


#: Composite parameters travel as their text literal, which the server casts
#: to the column's type (IBM documents the quoted literal ``'SET{7, 12}'`` as
#: an INSERT value, and ESQL/C inserting collections from lvarchar text).
_COMPOSITE_PARAM = T.ColumnType(T.SQLROW)


def encode_bind(value, ct: T.ColumnType | None = None, encoding: str = "utf-8") -> BindParam:
    """Encode *value* as a BIND parameter, as column type *ct* when given
    (else as the type its Python type maps to)."""
    if value is None:
        if ct is None:
            return NULL_BIND
        code = _SEND_AS.get(ct.sqltype, ct.sqltype)
        if code == T.SQLBOOL:  # JDBC's setNull(BOOLEAN): the opaque NULL form
            return BindParam(code, 0, 0, boolean.OPAQUE_BIND_NULL)
        return BindParam(code, -1, 0, b"")
    if ct is None:
        ct = _infer(value)
    code = _SEND_AS.get(ct.sqltype, ct.sqltype)
    if code == T.SQLCHAR:
        if isinstance(value, str) and len(value) > _CHAR_BIND_MAX // 4:
            raw = strings._bytes(value, "character parameter", encoding)
            if len(raw) > _CHAR_BIND_MAX:
                # Too long for a character parameter's u16 length: send it as
                # TEXT, streamed like BYTE (what JDBC's setAsciiStream does).
                return BindParam(T.SQLTEXT, 0, 0, binary.encode_descriptor(len(raw)), raw)
        return BindParam(T.SQLCHAR, 0, 0, strings.encode_bind_string(value, encoding))
    if code == T.SQLBOOL:
        return BindParam(T.SQLBOOL, 0, 0, boolean.encode_bind_boolean(value))
    if isinstance(value, smartlob.SmartLobLocator):
        # IBM JDBC's form for a locator (setBlob/setClob, ifx_lo_open's argument)
        word, data = smartlob.encode_bind_udt(
            b"clob" if isinstance(value, smartlob.ClobLocator) else b"blob", value.raw)
        return BindParam(T.SQLSENDRECV, 0, word, data)
    if isinstance(value, smartlob.Opaque):
        word, data = smartlob.encode_bind_udt(value.name.encode("ascii"), value.data)
        return BindParam(T.SQLSENDRECV, 0, word, data)
    enc = _INT_ENCODERS.get(code)
    if enc is not None:
        if isinstance(value, bool):
            value = int(value)
        return BindParam(code, 0, _INT_LENGTH[code], enc(value))
    if code == T.SQLFLOAT:
        return BindParam(code, 0, 0, floats.encode_float(value))
    if code == T.SQLSMFLOAT:
        return BindParam(code, 0, 0, floats.encode_smallfloat(value))
    if code == T.SQLDATE:
        return BindParam(code, 0, 0, dtcodec.encode_date(value))
    if code in (T.SQLDECIMAL, T.SQLMONEY):
        word, data = deccodec.encode_bind_decimal(value, ct.length or None)
        return BindParam(code, 0, word, data)
    if code == T.SQLDTIME:
        n = ct.length or dtcodec.bind_length_for(value)
        return BindParam(code, 0, n, dtcodec.encode_bind_datetime(value, n))
    if code == T.SQLINTERVAL:
        n = ct.length or interval.bind_length_for(value)
        return BindParam(code, 0, n, interval.encode_bind_interval(value, n))
    if code in (T.SQLBYTES, T.SQLTEXT):
        payload = binary.blob_payload(value, code == T.SQLTEXT, encoding)
        return BindParam(code, 0, 0, binary.encode_descriptor(len(payload)), payload)
    if code in composite.COMPOSITE_CODES:  # last: no cost to the common types
        if isinstance(value, T.Composite):
            value = value.value
        if not isinstance(value, str):
            value = (compositeformat.python_text(value) if ct is _COMPOSITE_PARAM else
                     compositeformat.format_text(value, composite.composite_type_of(ct)))
        return encode_bind(value, _CHAR, encoding)
    raise NotSupportedError(f"cannot bind a parameter of type {T.type_text(ct)}")


def bind_bytes(param: BindParam) -> bytes:
    """The wire bytes of one parameter: header, data and the pad byte."""
    data = param.data
    head = _HEAD.pack(param.sqltype, param.indicator, param.length)
    return head + data + (b"\x00" if len(data) & 1 else b"")


# -- wire bytes straight from the common values ----------------------------------
# ``bind_bytes(encode_bind(value, None, encoding))`` for the Python types a
# parameter usually has, each packed by one Struct where it can.  An encoder
# returns None for a value it leaves to that general path (which also
# raises the errors), so it never raises itself.  Keyed by exact type:
# subclasses take the general path.

_FLOAT_WIRE = Struct(">hhHd")
_DATE_WIRE = Struct(">hhHi")
_CHAR_HEAD = Struct(">hhHH")  # the header, then the data's u16 byte count
_EPOCH_ORD = dtcodec.DATE_EPOCH.toordinal()
#: A datetime's qualifier, YEAR TO FRACTION(5) (JDBC's setTimestamp), and the
#: exponent byte of its unnormalised form: the year is two digit pairs, every
#: other field one, then three pairs of FRACTION(5) digits and a zero pad digit.
_TS_LENGTH = dtcodec.bind_length_for(_dt.datetime(2000, 1, 1))
_TS_WIDTH, _TS_HEAD = layout(T.SQLDTIME, _TS_LENGTH).width, layout(T.SQLDTIME, _TS_LENGTH).head
_TS_WIRE = Struct(">hhHHB10Bx")  # header, u16 11 (the width), exponent byte, 10 digit pairs, pad
_NULL_WIRE = bind_bytes(NULL_BIND)
_BOOL_WIRES = {b: bind_bytes(BindParam(T.SQLSMINT, 0, _INT_LENGTH[T.SQLSMINT],
                                       integers.encode_smallint(int(b)))) for b in (False, True)}


def _none_wire(value, encoding):
    return _NULL_WIRE


def _bool_wire(value, encoding):
    return _BOOL_WIRES[value]


def _float_wire(value, encoding):
    return _FLOAT_WIRE.pack(T.SQLFLOAT, 0, 0, value)


def _str_wire(value, encoding):
    # longer strings may go as TEXT; NUL is refused: the general path decides
    if len(value) > _CHAR_BIND_MAX // 4 or "\x00" in value:
        return None
    try:
        raw = value.encode(encoding)
    except Exception:  # any encoding failure: the general path raises it as it should
        return None
    n = len(raw)
    if n > _CHAR_BIND_MAX:
        return None
    return _CHAR_HEAD.pack(T.SQLCHAR, 0, 0, n) + raw + (b"\x00" if n & 1 else b"")


def _decimal_wire(value, encoding):
    exact = deccodec.encode_bind_exact(value)
    if exact is None:
        return None
    word, data = exact
    return _HEAD.pack(T.SQLDECIMAL, 0, word) + data + (b"\x00" if len(data) & 1 else b"")


def _date_wire(value, encoding):
    return _DATE_WIRE.pack(T.SQLDATE, 0, 0, value.toordinal() - _EPOCH_ORD)


def _datetime_wire(value, encoding):
    if value.tzinfo is not None:
        return None  # refused: the general path says why
    year = value.year
    frac = value.microsecond // 10 * 10  # FRACTION(5) keeps 5 digits, then the pad zero
    return _TS_WIRE.pack(T.SQLDTIME, 0, _TS_LENGTH, _TS_WIDTH, _TS_HEAD,
                         year // 100, year % 100, value.month, value.day, value.hour,
                         value.minute, value.second, frac // 10000, frac // 100 % 100, frac % 100)


#: ``{type: encode(value, encoding) -> wire bytes | None}`` for parameters of
#: inferred type (no column type given).  int is left out: its width is
#: ``protocol.binding``'s choice.
WIRE_ENCODERS = {type(None): _none_wire, bool: _bool_wire, float: _float_wire, str: _str_wire,
                 Decimal: _decimal_wire, _dt.date: _date_wire, _dt.datetime: _datetime_wire}


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
        value, end = boolean.decode_bind_boolean(buf, offset, length)
    elif code == T.SQLLVARCHAR:
        raw, end = boolean.decode_bind_opaque(buf, offset, length)
        value = None if raw is None else strings.decode_bind_text(raw, offset, encoding)
    elif code in (T.SQLBYTES, T.SQLTEXT):
        value, end = binary.decode_descriptor(buf, offset)
    elif code == T.SQLSENDRECV:
        udt, end = smartlob.decode_bind_udt(buf, offset, length)
        value = None if udt is None else _udt_value(*udt, encoding)
    else:
        raise NotSupportedError(f"BIND parameter of type code {sqltype} at offset {offset}")
    if (end - offset) & 1:
        if end >= len(buf):
            raise truncated("BIND pad byte", end, 1, buf)
        end += 1
    return value, end


def _udt_value(name: str, data: bytes, encoding: str = "utf-8"):
    """A type-44 parameter's value: a locator for ``blob``/``clob``, a
    composite's value for a composite type text (IBM JDBC's ``setObject`` of
    a Set, List or Struct: ``"multiset (  int  not null) "``), else an
    ``Opaque`` (the ifx_lo_* routines' structures)."""
    if composite.DECLARATION_HEAD.match(name):
        from informix_db.codecs import complexbinary  # it imports the registry

        return complexbinary.decode_complex(data, encoding)[0]
    if name == "blob" and len(data) == smartlob.LOCATOR_SIZE:
        return smartlob.BlobLocator(data)
    if name == "clob" and len(data) == smartlob.LOCATOR_SIZE:
        return smartlob.ClobLocator(data)
    return smartlob.Opaque(name, data)


def read_bind_param(buf, offset: int, encoding: str = "utf-8"):
    """Read one whole parameter (header and data):
    ``(sqltype, indicator, length, value, new_offset)``."""
    try:
        sqltype, indicator, length = _HEAD.unpack_from(buf, offset)
    except StructError:
        raise truncated("BIND parameter header", offset, 6, buf) from None
    value, end = decode_bind(sqltype, indicator, length, buf, offset + 6, encoding)
    return sqltype, indicator, length, value, end
