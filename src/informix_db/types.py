"""Informix type codes, the descriptor of one column's declared type, and
the value types Python lacks.

The numeric codes are Informix's own (sqltypes.h): they travel on the wire
in DESCRIBE replies and BIND requests.  ``parse_type`` turns a declaration
such as ``"DATETIME YEAR TO FRACTION(3)"`` into a ``ColumnType``; the
``*_length`` helpers build and take apart the length words.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from informix_db.exceptions import DataError

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
#: Composite types (their declaration travels as DESCRIBE's extended name).
SQLSET = 19
SQLMULTISET = 20
SQLLIST = 21
SQLROW = 22
#: Variable-length opaque (built-in UDT): how servers DESCRIBE LVARCHAR.
SQLUDTVAR = 40
#: Fixed-length opaque (built-in UDT): how servers DESCRIBE BOOLEAN.
SQLUDTFIXED = 41
#: An opaque value sent by name (IBM JDBC binds smart-LOB locators and the
#: ifx_lo_* routines' structures as this, with the type's name).
SQLSENDRECV = 44
SQLLVARCHAR = 43
SQLBOOL = 45
SQLINFXBIGINT = 52
SQLBIGSERIAL = 53
#: Smart large objects.  Servers DESCRIBE them as UDTFIXED 41 with extended
#: id 11 (CLOB) or 10 (BLOB); these are the driver's own codes for them
#: (IBM JDBC's numbers), as SQLBOOL is for BOOLEAN.
SQLCLOB = 101
SQLBLOB = 102

#: Flag or-ed into the type code of a column declared NOT NULL.
SQLNONULL = 0x100
#: Mask that recovers the base type code from a flagged one.
SQLTYPE_MASK = 0xFF

#: Extended ids (sysxtdtypes) of the built-in opaque types servers use to
#: describe LVARCHAR and BOOLEAN columns.
XID_LVARCHAR = 1
XID_BOOLEAN = 5
XID_BLOB = 10
XID_CLOB = 11

# -- DATETIME / INTERVAL time units (datetime.h) -------------------------
TU_YEAR = 0
TU_MONTH = 2
TU_DAY = 4
TU_HOUR = 6
TU_MINUTE = 8
TU_SECOND = 10
#: FRACTION as the *start* of a qualifier (datetime.h: TU_FRAC == TU_F2 == 12).
TU_FRAC = 12
TU_F1 = 11
TU_F2 = 12
TU_F3 = 13
TU_F4 = 14
TU_F5 = 15

#: Digits of each field that is not a leading INTERVAL field.
TU_DIGITS = {TU_YEAR: 4, TU_MONTH: 2, TU_DAY: 2, TU_HOUR: 2, TU_MINUTE: 2, TU_SECOND: 2}
TU_NAMES = {TU_YEAR: "YEAR", TU_MONTH: "MONTH", TU_DAY: "DAY", TU_HOUR: "HOUR",
            TU_MINUTE: "MINUTE", TU_SECOND: "SECOND"}


@dataclass(frozen=True, slots=True)
class ColumnType:
    """A column's declared Informix type as DESCRIBE reports it.

    ``sqltype`` is the base code (no NOT NULL flag); ``length`` is the
    encoded length word: bytes for character types (VARCHAR/NVARCHAR:
    ``reserve << 8 | max``), ``precision << 8 | scale`` for DECIMAL/MONEY
    (scale 255 = floating), and ``digits << 8 | start << 4 | end`` for
    DATETIME/INTERVAL.  LVARCHAR and BOOLEAN keep their own codes (43, 45)
    here even though servers describe them as opaque types (40, 41).
    """

    sqltype: int
    length: int = 0
    nullable: bool = True
    #: ROW/SET/MULTISET/LIST: the declaration, as DESCRIBE's extended name
    #: gives it (``ROW(name varchar(50), age integer)``); empty otherwise.
    extended_name: str = ""


@dataclass(frozen=True, slots=True, order=True)
class IntervalYM:
    """An INTERVAL of the YEAR/MONTH family (months have no fixed length,
    so ``timedelta`` cannot hold one).

    ``years`` and ``months`` carry the same sign and ``|months| < 12``;
    ``IntervalYM.from_months(-18)`` is ``IntervalYM(-1, -6)``.  Values are
    hashable and ordered by their length; there is deliberately no
    arithmetic.

    Months alone may be any count: ``IntervalYM(months=63)`` is
    ``IntervalYM(5, 3)``, the form the informix-driver package takes (its
    ``months`` is the total, ours the remainder: ``total_months`` and
    ``remainder_months`` read the same in both).
    """

    years: int = 0
    months: int = 0

    def __post_init__(self) -> None:
        y, m = self.years, self.months
        if type(y) is not int or type(m) is not int:
            raise TypeError("IntervalYM years and months must be int")
        if y == 0 and not -11 <= m <= 11:
            # a total month count: normalised so equal lengths compare equal
            sign = -1 if m < 0 else 1
            y, m = divmod(abs(m), 12)
            object.__setattr__(self, "years", sign * y)
            object.__setattr__(self, "months", sign * m)
            return
        if not -11 <= m <= 11 or (y > 0 and m < 0) or (y < 0 and m > 0):
            raise ValueError(
                f"IntervalYM({y}, {m}): months must be within -11..11 and share the sign of years"
            )

    @classmethod
    def from_months(cls, total: int) -> IntervalYM:
        """The interval of *total* months (negative for a negative interval)."""
        sign = -1 if total < 0 else 1
        y, m = divmod(abs(total), 12)
        return cls(sign * y, sign * m)

    @property
    def total_months(self) -> int:
        """The whole interval counted in months."""
        return self.years * 12 + self.months

    @property
    def remainder_months(self) -> int:
        """The months beyond the whole years (``months``; informix-driver's name)."""
        return self.months

    def __str__(self) -> str:
        # Informix's literal form: [-]Y-MM
        sign = "-" if self.years < 0 or self.months < 0 else ""
        return f"{sign}{abs(self.years)}-{abs(self.months):02d}"


class Multiset(list):
    """A MULTISET value: a list (elements in the server's order, duplicates
    kept) that says which collection it is, so a parameter given as one is
    sent as a MULTISET (a plain list is a LIST, a set a SET, a tuple a ROW)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Multiset({list.__repr__(self)})"


@dataclass(frozen=True, slots=True)
class Composite:
    """A parameter sent as the ROW/SET/MULTISET/LIST type *declaration*
    names (``Composite({"name": "Ann", "age": 41}, "ROW(name varchar(30),
    age integer)")``): its elements are written as that type's, so a ROW may
    be a mapping by field name, and CHAR fields are padded as declared."""

    value: object
    declaration: str


# -- length words -----------------------------------------------------------

def decimal_length(precision: int, scale: int | None = None) -> int:
    """The length word of DECIMAL/MONEY(precision, scale); ``scale=None`` is
    a floating DECIMAL(precision) (scale byte 255)."""
    if not 1 <= precision <= 32:
        raise DataError(f"DECIMAL precision must be 1..32, got {precision}")
    if scale is None:
        return precision << 8 | 0xFF
    if not 0 <= scale <= precision:
        raise DataError(f"DECIMAL scale must be 0..{precision}, got {scale}")
    return precision << 8 | scale


def split_decimal_length(length: int) -> tuple[int, int | None]:
    """``(precision, scale)`` of a DECIMAL/MONEY length word; scale None = floating."""
    scale = length & 0xFF
    return (length >> 8) & 0xFF, (None if scale == 0xFF else scale)


def varchar_length(maxlen: int, reserve: int = 0) -> int:
    """The length word of VARCHAR/NVARCHAR(maxlen, reserve)."""
    if not 1 <= maxlen <= 255 or not 0 <= reserve <= maxlen:
        raise DataError(f"VARCHAR({maxlen},{reserve}) is out of range (max 1..255, reserve 0..max)")
    return reserve << 8 | maxlen


def split_varchar_length(length: int) -> tuple[int, int]:
    """``(maxlen, reserve)`` of a VARCHAR/NVARCHAR length word."""
    return length & 0xFF, (length >> 8) & 0xFF


def _check_units(start: int, end: int, what: str) -> None:
    if start not in (TU_YEAR, TU_MONTH, TU_DAY, TU_HOUR, TU_MINUTE, TU_SECOND, TU_FRAC):
        raise DataError(f"{what}: bad start unit {start}")
    if end not in (TU_YEAR, TU_MONTH, TU_DAY, TU_HOUR, TU_MINUTE, TU_SECOND,
                   TU_F1, TU_F2, TU_F3, TU_F4, TU_F5):
        raise DataError(f"{what}: bad end unit {end}")
    # FRACTION TO FRACTION(n) is the one case where start may exceed end
    if start == TU_FRAC:
        if end <= TU_SECOND:
            raise DataError(f"{what}: FRACTION cannot be followed by a larger unit")
    elif end < start:
        raise DataError(f"{what}: end unit {end} precedes start unit {start}")


def datetime_length(start: int, end: int) -> int:
    """The qualifier word of DATETIME start TO end (datetime.h TU_DTENCODE)."""
    _check_units(start, end, "DATETIME qualifier")
    digits = end - start + (4 if start == TU_YEAR else 2)
    return digits << 8 | start << 4 | end


def interval_length(start: int, end: int, precision: int | None = None) -> int:
    """The qualifier word of INTERVAL start(precision) TO end (TU_IENCODE).

    *precision* is the leading field's digit count (default: 4 for YEAR,
    2 otherwise; 1..9).  YEAR/MONTH may not be mixed with DAY..FRACTION.
    FRACTION TO FRACTION(n) takes no precision: its n digits are all it has
    (encoded as DATETIME's, start ``TU_FRAC``).
    """
    _check_units(start, end, "INTERVAL qualifier")
    if start == TU_FRAC:
        if precision not in (None, 2):
            raise DataError("INTERVAL FRACTION TO FRACTION(n) takes no leading precision")
        return datetime_length(start, end)
    if (start <= TU_MONTH) != (end <= TU_MONTH):
        raise DataError("INTERVAL cannot mix YEAR/MONTH with DAY..FRACTION")
    if precision is None:
        precision = 4 if start == TU_YEAR else 2
    if not 1 <= precision <= 9:
        raise DataError(f"INTERVAL leading precision must be 1..9, got {precision}")
    return (precision + end - start) << 8 | start << 4 | end


def split_qualifier(length: int) -> tuple[int, int, int]:
    """``(digits, start, end)`` of a DATETIME/INTERVAL qualifier word."""
    return (length >> 8) & 0xFF, (length >> 4) & 0xF, length & 0xF


def interval_leading_precision(length: int) -> int:
    """Digits of the leading field of an INTERVAL qualifier word."""
    digits, start, end = split_qualifier(length)
    return digits - (end - start)


def qualifier_text(sqltype: int, length: int) -> str:
    """``'YEAR TO FRACTION(3)'`` / ``'DAY(5) TO SECOND'`` for a qualifier word."""
    digits, start, end = split_qualifier(length)
    first = "FRACTION" if start == TU_FRAC else TU_NAMES.get(start, f"?{start}")
    if sqltype == SQLINTERVAL and start != TU_FRAC:
        lead = digits - (end - start)
        if lead != (4 if start == TU_YEAR else 2):
            first += f"({lead})"
    last = f"FRACTION({end - TU_SECOND})" if end > TU_SECOND else TU_NAMES.get(end, f"?{end}")
    return f"{first} TO {last}"


# -- type declarations -------------------------------------------------------

#: Fixed lengths DESCRIBE reports for the types that have no parameters.
FIXED_LENGTHS = {
    SQLSMINT: 2, SQLINT: 4, SQLSERIAL: 4, SQLINFXBIGINT: 8, SQLBIGSERIAL: 8,
    SQLINT8: 10, SQLSERIAL8: 10, SQLSMFLOAT: 4, SQLFLOAT: 8, SQLDATE: 4,
    SQLBOOL: 1, SQLBYTES: 56, SQLTEXT: 56, SQLBLOB: 72, SQLCLOB: 72,
}

_SIMPLE_NAMES = {
    "SMALLINT": SQLSMINT, "INT": SQLINT, "INTEGER": SQLINT, "BIGINT": SQLINFXBIGINT,
    "INT8": SQLINT8, "SERIAL": SQLSERIAL, "SERIAL8": SQLSERIAL8, "BIGSERIAL": SQLBIGSERIAL,
    "SMALLFLOAT": SQLSMFLOAT, "REAL": SQLSMFLOAT, "FLOAT": SQLFLOAT,
    "DOUBLE PRECISION": SQLFLOAT, "DATE": SQLDATE, "BOOLEAN": SQLBOOL,
    "BYTE": SQLBYTES, "TEXT": SQLTEXT, "BLOB": SQLBLOB, "CLOB": SQLCLOB,
}
_UNIT_CODES = {"YEAR": TU_YEAR, "MONTH": TU_MONTH, "DAY": TU_DAY, "HOUR": TU_HOUR,
               "MINUTE": TU_MINUTE, "SECOND": TU_SECOND, "FRACTION": TU_FRAC}

_DECL = re.compile(r"^\s*([A-Z][A-Z0-9 ]*?)\s*(?:\(\s*([0-9 ,]*)\s*\))?\s*$")
_UNIT = re.compile(r"^\s*(YEAR|MONTH|DAY|HOUR|MINUTE|SECOND|FRACTION)\s*(?:\(\s*(\d+)\s*\))?\s*$")
_NOT_NULL = re.compile(r"\s+NOT\s+NULL\s*$")


def _unit(text: str, decl: str) -> tuple[int, int | None]:
    m = _UNIT.match(text)
    if not m:
        raise DataError(f"cannot parse time unit {text.strip()!r} in {decl!r}")
    return _UNIT_CODES[m.group(1)], (int(m.group(2)) if m.group(2) else None)


def _qualifier(rest: str, decl: str, interval: bool) -> int:
    parts = re.split(r"\s+TO\s+", rest.strip())
    if len(parts) != 2:
        raise DataError(f"{decl!r} needs a qualifier 'start TO end'")
    start, sprec = _unit(parts[0], decl)
    end, eprec = _unit(parts[1], decl)
    if end == TU_FRAC:  # FRACTION(n) as the end unit is TU_SECOND + n
        n = 3 if eprec is None else eprec
        if not 1 <= n <= 5:
            raise DataError(f"FRACTION precision must be 1..5 in {decl!r}")
        end = TU_SECOND + n
    elif eprec is not None:
        raise DataError(f"only FRACTION takes a precision at the end of {decl!r}")
    if interval:
        if start == TU_FRAC:
            raise DataError(f"INTERVAL starting at FRACTION is not supported: {decl!r}")
        return interval_length(start, end, sprec)
    if sprec is not None:
        raise DataError(f"DATETIME start units take no precision: {decl!r}")
    return datetime_length(start, end)


def parse_type(decl: str) -> ColumnType:
    """Parse an Informix type declaration into a ``ColumnType``.

    Accepts e.g. ``"INTEGER"``, ``"CHAR(10)"``, ``"VARCHAR(20,4)"``,
    ``"LVARCHAR(4000)"``, ``"DECIMAL(16)"``, ``"MONEY(8,2)"``,
    ``"DATETIME YEAR TO FRACTION(3)"``, ``"INTERVAL DAY(5) TO SECOND"``,
    with an optional trailing ``NOT NULL``.  Case-insensitive.
    """
    text = " ".join(decl.upper().split())
    nullable = True
    m = _NOT_NULL.search(text)
    if m:
        text, nullable = text[: m.start()], False
    for kw, code in (("DATETIME", SQLDTIME), ("INTERVAL", SQLINTERVAL)):
        if text.startswith(kw + " "):
            return ColumnType(code, _qualifier(text[len(kw):], decl, code == SQLINTERVAL), nullable)
    m = _DECL.match(text)
    if not m:
        raise DataError(f"cannot parse type declaration {decl!r}")
    name = m.group(1)
    try:
        args = [int(a) for a in m.group(2).split(",")] if m.group(2) else []
    except ValueError:
        raise DataError(f"bad parameters in type declaration {decl!r}") from None
    if name in _SIMPLE_NAMES:
        code = _SIMPLE_NAMES[name]
        # SERIAL(start) and FLOAT(n) take a parameter that changes nothing here
        if args and code not in (SQLSERIAL, SQLSERIAL8, SQLBIGSERIAL, SQLFLOAT):
            raise DataError(f"{name} takes no parameters: {decl!r}")
        return ColumnType(code, FIXED_LENGTHS[code], nullable)
    if name in ("CHAR", "CHARACTER", "NCHAR"):
        n = args[0] if args else 1
        if len(args) > 1 or not 1 <= n <= 32767:
            raise DataError(f"{name} length must be 1..32767: {decl!r}")
        return ColumnType(SQLNCHAR if name == "NCHAR" else SQLCHAR, n, nullable)
    if name in ("VARCHAR", "CHARACTER VARYING", "NVARCHAR"):
        if not 1 <= len(args) <= 2:
            raise DataError(f"{name} needs (max[,reserve]): {decl!r}")
        code = SQLNVCHAR if name == "NVARCHAR" else SQLVCHAR
        return ColumnType(code, varchar_length(args[0], args[1] if len(args) > 1 else 0), nullable)
    if name == "LVARCHAR":
        n = args[0] if args else 2048
        if len(args) > 1 or not 1 <= n <= 32739:
            raise DataError(f"LVARCHAR length must be 1..32739: {decl!r}")
        return ColumnType(SQLLVARCHAR, n, nullable)
    if name in ("DECIMAL", "DEC", "NUMERIC", "MONEY"):
        money = name == "MONEY"
        if len(args) > 2:
            raise DataError(f"{name} takes (precision[,scale]): {decl!r}")
        p = args[0] if args else 16
        s = args[1] if len(args) > 1 else (2 if money else None)
        return ColumnType(SQLMONEY if money else SQLDECIMAL, decimal_length(p, s), nullable)
    raise DataError(f"unknown type in declaration {decl!r}")


def type_text(ct: ColumnType) -> str:
    """The declaration of *ct* in Informix's spelling (inverse of ``parse_type``)."""
    code, n = ct.sqltype, ct.length
    names = {SQLCHAR: "CHAR", SQLNCHAR: "NCHAR", SQLVCHAR: "VARCHAR", SQLNVCHAR: "NVARCHAR",
             SQLLVARCHAR: "LVARCHAR", SQLDECIMAL: "DECIMAL", SQLMONEY: "MONEY"}
    fixed = {v: k for k, v in _SIMPLE_NAMES.items() if k not in ("INT", "REAL", "DOUBLE PRECISION")}
    if code in (SQLCHAR, SQLNCHAR, SQLLVARCHAR):
        out = f"{names[code]}({n})"
    elif code in (SQLVCHAR, SQLNVCHAR):
        mx, rs = split_varchar_length(n)
        out = f"{names[code]}({mx},{rs})" if rs else f"{names[code]}({mx})"
    elif code in (SQLDECIMAL, SQLMONEY):
        p, s = split_decimal_length(n)
        out = f"{names[code]}({p})" if s is None else f"{names[code]}({p},{s})"
    elif code == SQLDTIME:
        out = "DATETIME " + qualifier_text(code, n)
    elif code == SQLINTERVAL:
        out = "INTERVAL " + qualifier_text(code, n)
    elif code in fixed:
        out = fixed[code]
    elif ct.extended_name:
        out = ct.extended_name
        return out if ct.nullable or out.lower().endswith(" not null") else out + " not null"
    else:
        out = f"TYPE{code}"
    return out if ct.nullable else out + " NOT NULL"


# -- PEP 249 type objects and constructors --------------------------------------

class DBAPITypeObject:
    """A PEP 249 type object: equal to each Informix type code of its group.

    ``cursor.description[i][1] == informix_db.NUMBER`` is true when column
    *i* is numeric.  The NOT NULL flag (0x100) of a raw code is ignored.
    """

    __slots__ = ("name", "codes")

    def __init__(self, name: str, *codes: int) -> None:
        self.name = name
        self.codes = frozenset(codes)

    def __eq__(self, other) -> bool:
        if isinstance(other, DBAPITypeObject):
            return self.codes == other.codes
        if isinstance(other, int) and not isinstance(other, bool):
            return (other & SQLTYPE_MASK) in self.codes
        return NotImplemented

    def __ne__(self, other) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self) -> int:
        return hash(self.codes)

    def __repr__(self) -> str:
        return f"<informix_db.{self.name}: {sorted(self.codes)}>"


#: Character columns: CHAR, NCHAR, VARCHAR, NVARCHAR, LVARCHAR, TEXT and CLOB.
STRING = DBAPITypeObject("STRING", SQLCHAR, SQLNCHAR, SQLVCHAR, SQLNVCHAR, SQLLVARCHAR,
                         SQLTEXT, SQLCLOB)
#: Binary columns: BYTE and BLOB.
BINARY = DBAPITypeObject("BINARY", SQLBYTES, SQLBLOB)
#: Numeric columns: the integers (SERIALs included), FLOAT, SMALLFLOAT, DECIMAL, MONEY.
NUMBER = DBAPITypeObject("NUMBER", SQLSMINT, SQLINT, SQLFLOAT, SQLSMFLOAT, SQLDECIMAL,
                         SQLSERIAL, SQLMONEY, SQLINT8, SQLSERIAL8, SQLINFXBIGINT,
                         SQLBIGSERIAL)
#: Date/time columns: DATE, DATETIME (any qualifier) and INTERVAL.
DATETIME = DBAPITypeObject("DATETIME", SQLDATE, SQLDTIME, SQLINTERVAL)
#: Informix has no row-id type: ``ROWID`` is an INTEGER column to a client, so this
#: type object equals no type code (a description never reports a ROWID type).
ROWID = DBAPITypeObject("ROWID")


def Date(year: int, month: int, day: int):  # noqa: N802 - names fixed by PEP 249
    """A DATE value (``datetime.date``)."""
    return _dt.date(year, month, day)


def Time(hour: int, minute: int, second: int, microsecond: int = 0):  # noqa: N802
    """A DATETIME HOUR TO SECOND/FRACTION value (``datetime.time``)."""
    return _dt.time(hour, minute, second, microsecond)


def Timestamp(year: int, month: int, day: int, hour: int = 0, minute: int = 0,  # noqa: N802
              second: int = 0, microsecond: int = 0):
    """A DATETIME YEAR TO FRACTION value (``datetime.datetime``)."""
    return _dt.datetime(year, month, day, hour, minute, second, microsecond)


def DateFromTicks(ticks: float):  # noqa: N802
    """The local date at *ticks* seconds since the epoch (as ``time.localtime``)."""
    return _dt.date.fromtimestamp(ticks)


def TimeFromTicks(ticks: float):  # noqa: N802
    """The local time of day at *ticks* (microseconds kept)."""
    return _dt.datetime.fromtimestamp(ticks).time()


def TimestampFromTicks(ticks: float):  # noqa: N802
    """The local date and time at *ticks* (microseconds kept, no time zone)."""
    return _dt.datetime.fromtimestamp(ticks)


def Binary(data) -> bytes:  # noqa: N802
    """A BYTE value: *data* (bytes-like or an ``str`` is refused) as ``bytes``."""
    if isinstance(data, str):
        raise TypeError("Binary() takes bytes-like data, not str; encode it first")
    return bytes(data)
