"""Informix type codes and the descriptor of one column's declared type.

The numeric codes are Informix's own (sqltypes.h): they travel on the wire
in DESCRIBE replies and BIND requests.
"""

from __future__ import annotations

from dataclasses import dataclass

# -- base type codes -------------------------------------------------------
SQLCHAR = 0
SQLSMINT = 1
SQLINT = 2
SQLFLOAT = 3
SQLSMFLOAT = 4
SQLDECIMAL = 5
SQLSERIAL = 6
SQLDATE = 7
SQLMONEY = 8
SQLNULL = 9
SQLDTIME = 10
SQLBYTES = 11
SQLTEXT = 12
SQLVCHAR = 13
SQLINTERVAL = 14
SQLNCHAR = 15
SQLNVCHAR = 16
SQLINT8 = 17
SQLSERIAL8 = 18
SQLLVARCHAR = 43
SQLBOOL = 45
SQLINFXBIGINT = 52
SQLBIGSERIAL = 53

#: Flag or-ed into the type code of a column declared NOT NULL.
SQLNONULL = 0x100
#: Mask that recovers the base type code from a flagged one.
SQLTYPE_MASK = 0xFF

# -- DATETIME / INTERVAL time units (datetime.h) -------------------------
TU_YEAR = 0
TU_MONTH = 2
TU_DAY = 4
TU_HOUR = 6
TU_MINUTE = 8
TU_SECOND = 10
TU_F1 = 11
TU_F2 = 12
TU_F3 = 13
TU_F4 = 14
TU_F5 = 15
TU_FRAC = TU_F3


@dataclass(frozen=True, slots=True)
class ColumnType:
    """A column's declared Informix type as DESCRIBE reports it.

    ``sqltype`` is the base code (no NOT NULL flag); ``length`` is the
    encoded length word: bytes for character types, ``precision << 8 | scale``
    for DECIMAL/MONEY (scale 255 = floating), and
    ``digits << 8 | start << 4 | end`` for DATETIME/INTERVAL.
    """

    sqltype: int
    length: int = 0
    nullable: bool = True
