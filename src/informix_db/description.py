"""PEP 249's ``description``: the 7-tuple of each result column, and its
``type_code`` (``TypeCode``), from the server's DESCRIBE (docs/parity.md
compares it with IBM JDBC's ResultSetMetaData)."""

from __future__ import annotations

from informix_db import types as T
from informix_db.codecs.registry import codec_for
from informix_db.exceptions import Error
from informix_db.protocol.statement import ColumnInfo

__all__ = ["TypeCode", "describe_column"]


class TypeCode(int):
    """A description's type code: the Informix type number (sqltypes.h),
    with the declared type's text as ``name`` (``DECIMAL(10,2)``)."""

    name: str

    def __new__(cls, code: int, name: str) -> TypeCode:
        obj = super().__new__(cls, code)
        obj.name = name
        return obj

    def __repr__(self) -> str:
        return f"TypeCode({int(self)}, {self.name!r})"


#: ``(display_size, precision, scale)`` of the types whose answer does not
#: depend on the declaration: what IBM JDBC's getColumnDisplaySize,
#: getPrecision and getScale report, except the scale of binary floats,
#: which have no fixed digits after the point (docs/parity.md).
_FIXED_SHAPE = {
    T.SQLSMINT: (5, 5, 0),
    T.SQLINT: (10, 10, 0), T.SQLSERIAL: (10, 10, 0),
    T.SQLINFXBIGINT: (19, 19, 0), T.SQLBIGSERIAL: (19, 19, 0),
    T.SQLINT8: (19, 19, 0), T.SQLSERIAL8: (19, 19, 0),
    T.SQLSMFLOAT: (7, 7, None), T.SQLFLOAT: (17, 15, None),
    T.SQLDATE: (10, None, 0),
    T.SQLBOOL: (1, None, None),
    # BYTE/TEXT: no bound on a value's size (JDBC answers the descriptor's 56)
    T.SQLBYTES: (None, None, None), T.SQLTEXT: (None, None, None),
    T.SQLBLOB: (None, None, None), T.SQLCLOB: (None, None, None),
    # ROW/SET/MULTISET/LIST: a text of no fixed bound
    T.SQLROW: (None, None, None), T.SQLSET: (None, None, None),
    T.SQLMULTISET: (None, None, None), T.SQLLIST: (None, None, None),
}


def _temporal_text_width(length: int) -> int:
    """Characters of a DATETIME/INTERVAL value's text (``2024-02-29 13:45``):
    the qualifier's digits plus one separator before each field after the
    first, and the point before FRACTION (always there, even first)."""
    digits, start, end = T.split_qualifier(length)
    units = 0 if start > T.TU_SECOND else (min(end, T.TU_SECOND) - start) // 2 + 1
    return digits + max(units - 1, 0) + (1 if end > T.TU_SECOND else 0)


def describe_column(col: ColumnInfo) -> tuple:
    """The PEP 249 7-tuple of one column (docs/parity.md, "description vs
    ResultSetMetaData", lists where it departs from IBM JDBC's answers)."""
    ct = col.type
    code, n = ct.sqltype, ct.length
    if code in _FIXED_SHAPE:
        display, precision, scale = _FIXED_SHAPE[code]
    elif code in (T.SQLDECIMAL, T.SQLMONEY):
        precision, scale = T.split_decimal_length(n)  # scale None: floating DECIMAL(p)
        display = precision
    elif code in (T.SQLDTIME, T.SQLINTERVAL):
        display, precision = _temporal_text_width(n), None
        scale = max(0, T.split_qualifier(n)[2] - T.TU_SECOND)
    elif code in (T.SQLVCHAR, T.SQLNVCHAR):
        display, precision, scale = T.split_varchar_length(n)[0], None, None
    else:  # CHAR, NCHAR, LVARCHAR and anything else: the declared length
        display, precision, scale = n, None, None
    try:
        internal = codec_for(ct).width
    except Error:
        internal = n
    name = T.type_text(T.ColumnType(code, n, True, ct.extended_name))
    return (col.name, TypeCode(code, name), display, internal, precision, scale, ct.nullable)
