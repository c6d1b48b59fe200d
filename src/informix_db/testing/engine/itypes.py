"""Informix type declarations: parse them, store them in DuckDB, describe them.

DuckDB's types lose what Informix declares (CHAR padding, DATETIME
qualifiers, SERIAL, MONEY, INTERVAL families), so every column keeps its
declared ``IfxType``; this module says how each one is stored in DuckDB and
how a value written to it is coerced (in SQL, so expressions work too).

(An engine-internal parser: ``informix_db.types`` may grow a shared one.)
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace

from informix_db import types as T
from informix_db.exceptions import DataError
from informix_db.testing.engine.errors import InformixError
from informix_db.testing.engine.lexer import NUMBER, OP, WORD, Token, tokenize

#: Time-unit codes of the DATETIME/INTERVAL fields, and their digit widths.
UNITS = {"YEAR": T.TU_YEAR, "MONTH": T.TU_MONTH, "DAY": T.TU_DAY, "HOUR": T.TU_HOUR,
         "MINUTE": T.TU_MINUTE, "SECOND": T.TU_SECOND}
UNIT_NAMES = {v: k for k, v in UNITS.items()}
_ORDER = [T.TU_YEAR, T.TU_MONTH, T.TU_DAY, T.TU_HOUR, T.TU_MINUTE, T.TU_SECOND]


#: True while parsing a statement of an ANSI-compliant database, where DECIMAL
#: has no floating form: DECIMAL(p) is DECIMAL(p,0) and DECIMAL is DECIMAL(16,0).
#: A context variable so the planner need not thread the mode through every parser.
_ANSI_DECIMALS: ContextVar[bool] = ContextVar("ansi_decimals", default=False)


@contextmanager
def ansi_decimals(on: bool):
    """Parse declarations inside the block with the ANSI DECIMAL defaults if ``on``."""
    token = _ANSI_DECIMALS.set(on)
    try:
        yield
    finally:
        _ANSI_DECIMALS.reset(token)


def unit_name(code: int, start: bool = False) -> str:
    """``HOUR``, ``FRACTION(3)``; a start at FRACTION (``TU_FRAC``) is plain ``FRACTION``."""
    if code > T.TU_SECOND:
        return "FRACTION" if start else f"FRACTION({code - T.TU_SECOND})"
    return UNIT_NAMES[code]


@dataclass(frozen=True, slots=True)
class IfxType:
    """A declared Informix type: its family, its DESCRIBE form and its DuckDB storage."""

    family: str  # char varchar lvarchar int float decimal decfloat money date datetime time
    #              interval_ds interval_ym bool byte text
    sqltype: int
    length: int  # encoded length word, as ColumnType.length
    duck: str
    decl: str
    size: int = 0  # characters, or precision
    scale: int = 0
    start: int = 0
    end: int = 0
    serial: bool = False
    notnull: bool = False
    min_size: int = 0  # VARCHAR reserve
    #: ROW/SET/MULTISET/LIST ("composite" family): the members' types, a ROW's
    #: as (name, IfxType) pairs, a collection's one element type.
    members: tuple = ()
    #: A named ROW type's name (CREATE ROW TYPE): DESCRIBE and the catalog
    #: name the type by it; ``members`` are its fields all the same.
    type_name: str = ""

    @property
    def xname(self) -> str:
        """A composite's extended name in DESCRIBE: a named ROW type's name,
        else its declaration in lower case (``ROW(name varchar(50), age
        integer)``, a named member by its name); empty for other types."""
        if self.family != "composite":
            return ""
        return self.type_name or self._declaration(_member_xname)

    @property
    def shape(self) -> str:
        """A composite's whole structure as a declaration (named ROW types
        spelled out): what the text and binary codecs read and write."""
        return self._declaration(_member_shape) if self.family == "composite" else ""

    def _declaration(self, member) -> str:
        kind = "ROW" if self.sqltype == T.SQLROW else self.decl[: self.decl.index("(")]
        if kind == "ROW":
            inner = ", ".join(f"{n} {member(t)}" for n, t in self.members)
        else:
            inner = member(self.members[0])
        return f"{kind}({inner})"

    def column_type(self, nullable: bool | None = None) -> T.ColumnType:
        return T.ColumnType(self.sqltype, self.length,
                            (not self.notnull) if nullable is None else nullable, self.xname)

    @property
    def coltype(self) -> int:
        """``syscolumns.coltype``: the code, plus 256 when NOT NULL."""
        return self.sqltype | (T.SQLNONULL if self.notnull else 0)

    @property
    def collength(self) -> int:
        """``syscolumns.collength`` (VARCHAR packs its reserve in the high byte)."""
        return self.length

    def with_notnull(self, flag: bool = True) -> IfxType:
        return replace(self, notnull=flag)


def _member_xname(t: IfxType) -> str:
    text = t.xname or t.decl.lower()
    return text + " not null" if t.notnull else text


def _member_shape(t: IfxType) -> str:
    text = t.shape or t.decl.lower()
    return text + " not null" if t.notnull else text


#: How a named ROW type's name becomes its declaration (CREATE ROW TYPE),
#: for the statements of this context: ``resolver(name) -> decl | None``.
_ROW_TYPES: ContextVar = ContextVar("row_types", default=None)


def use_row_types(resolver) -> None:
    """Resolve named ROW types in this context (a session's thread) with *resolver*."""
    _ROW_TYPES.set(resolver)


def named_row_type(name: str) -> IfxType | None:
    """The named ROW type *name* of the current context, or None."""
    resolver = _ROW_TYPES.get()
    decl = resolver(name.lower()) if resolver is not None else None
    if decl is None:
        return None
    with ansi_decimals(False):
        shape, _ = parse_type_at(tokenize(decl), 0)
    return replace(shape, decl=name.lower(), type_name=name.lower())


def _char(family, code, n, decl_name, duck="VARCHAR") -> IfxType:
    return IfxType(family, code, n, duck, f"{decl_name}({n})", size=n)


def _num(code, size, duck, decl, family="int", serial=False) -> IfxType:
    return IfxType(family, code, size, duck, decl, serial=serial)


# SMALLINT is stored as a DuckDB INTEGER: Informix carries out arithmetic on
# SMALLINT operands as INTEGER (SMALLINT op SMALLINT -> INT in the numeric
# conversion table of the Informix ESQL/C Guide, "Convert numbers to numbers",
# https://help.hcl-software.com/hclinformix/1410/esqlc/ids_esqlc_0135.html),
# where DuckDB keeps SMALLINT * SMALLINT a SMALLINT and overflows at 16 bits.
# The declared type (DESCRIBE, syscolumns) stays SMALLINT, and every value
# written is still range-checked as one (values.coerce_sql: -1214).
SMALLINT = _num(T.SQLSMINT, 2, "INTEGER", "SMALLINT")
INTEGER = _num(T.SQLINT, 4, "INTEGER", "INTEGER")
BIGINT = _num(T.SQLINFXBIGINT, 8, "BIGINT", "BIGINT")
INT8 = _num(T.SQLINT8, 10, "BIGINT", "INT8")
SMALLFLOAT = _num(T.SQLSMFLOAT, 4, "FLOAT", "SMALLFLOAT", family="float")
FLOAT = _num(T.SQLFLOAT, 8, "DOUBLE", "FLOAT", family="float")
DATE = IfxType("date", T.SQLDATE, 4, "DATE", "DATE")
BOOLEAN = IfxType("bool", T.SQLBOOL, 1, "BOOLEAN", "BOOLEAN")
BYTE = IfxType("byte", T.SQLBYTES, 56, "BLOB", "BYTE")
TEXT = IfxType("text", T.SQLTEXT, 56, "VARCHAR", "TEXT")
# Smart large objects: the column stores the 72-byte locator (sbspace.py).
BLOB = IfxType("blob", T.SQLBLOB, 72, "BLOB", "BLOB")
CLOB = IfxType("clob", T.SQLCLOB, 72, "BLOB", "CLOB")


def char(n: int) -> IfxType:
    return _char("char", T.SQLCHAR, n, "CHAR")


def varchar(n: int, reserve: int = 0) -> IfxType:
    t = _char("varchar", T.SQLVCHAR, n, "VARCHAR")
    if reserve:
        # the length word packs the reserve in its high byte, as syscolumns does
        t = replace(t, decl=f"VARCHAR({n},{reserve})", min_size=reserve,
                    length=(reserve << 8) | n)
    return t


def lvarchar(n: int = 2048) -> IfxType:
    return _char("lvarchar", T.SQLLVARCHAR, n, "LVARCHAR")


def decimal(p: int = 16, s: int | None = None, money: bool = False) -> IfxType:
    if not 1 <= p <= 32 or (s is not None and not 0 <= s <= p):
        raise InformixError(-201, token=f"DECIMAL({p},{s})")
    name = "MONEY" if money else "DECIMAL"
    code = T.SQLMONEY if money else T.SQLDECIMAL
    if s is None:
        # Floating-point decimal: DuckDB has none. Up to 15 digits a DOUBLE keeps
        # them (the fetch rounds back to p) over Informix's whole exponent range;
        # beyond, the exact decimal text is stored (see decfloat.py).
        duck = "DOUBLE" if p <= 15 else "VARCHAR"
        return IfxType("decfloat", code, (p << 8) | 0xFF, duck, f"{name}({p})", size=p)
    return IfxType("money" if money else "decimal", code, (p << 8) | s,
                   f"DECIMAL({p},{s})", f"{name}({p},{s})", size=p, scale=s)


def datetime_(start: int, end: int) -> IfxType:
    """DATETIME start TO end; a qualifier starting at FRACTION has start ``TU_FRAC``."""
    try:
        length = T.datetime_length(start, end)
    except DataError:
        raise InformixError(-201, token="DATETIME") from None
    decl = f"DATETIME {unit_name(start, True)} TO {unit_name(end)}"
    # Qualifiers from HOUR down hold a time of day; the others a timestamp.
    duck = "TIME" if start >= T.TU_HOUR else "TIMESTAMP"
    family = "time" if start >= T.TU_HOUR else "datetime"
    return IfxType(family, T.SQLDTIME, length, duck, decl,
                   start=start, end=end, size=length >> 8)


def interval(start: int, end: int, leading: int | None = None) -> IfxType:
    """INTERVAL start(leading) TO end (YEAR/MONTH and DAY..FRACTION never mix)."""
    if leading is None:
        leading = 4 if start == T.TU_YEAR else 2
    try:
        length = T.interval_length(start, end, leading)
    except DataError:
        raise InformixError(-201, token="INTERVAL") from None
    default_lead = 4 if start == T.TU_YEAR else 2
    lead = unit_name(start, True)
    if leading != default_lead:
        lead = f"{lead}({leading})"
    decl = f"INTERVAL {lead} TO {unit_name(end)}"
    if end <= T.TU_MONTH:  # months as an integer: DuckDB's INTERVAL loses months
        return IfxType("interval_ym", T.SQLINTERVAL, length, "BIGINT", decl,
                       start=start, end=end, size=leading)
    return IfxType("interval_ds", T.SQLINTERVAL, length, "INTERVAL", decl,
                   start=start, end=end, size=leading)


class _Cursor:
    def __init__(self, tokens: list[Token], pos: int) -> None:
        self.toks = tokens
        self.pos = pos

    def peek(self, k: int = 0) -> Token | None:
        i = self.pos + k
        return self.toks[i] if i < len(self.toks) else None

    def word(self, *words: str) -> bool:
        t = self.peek()
        if t is not None and t.is_(*words):
            self.pos += 1
            return True
        return False

    def op(self, text: str) -> bool:
        t = self.peek()
        if t is not None and t.kind == OP and t.text == text:
            self.pos += 1
            return True
        return False

    def number(self) -> int:
        t = self.peek()
        if t is None or t.kind != NUMBER or not t.text.isdigit():
            raise InformixError(-201, token=t.text if t else "")
        self.pos += 1
        return int(t.text)

    def paren_ints(self, maxn: int = 2) -> list[int]:
        if not self.op("("):
            return []
        vals = [self.number()]
        while len(vals) < maxn and self.op(","):
            vals.append(self.number())
        if not self.op(")"):
            raise InformixError(-201, token=self.peek().text if self.peek() else ")")
        return vals

    def unit(self, allow_leading: bool = False) -> tuple[int, int | None]:
        t = self.peek()
        if t is None or t.kind != WORD:
            raise InformixError(-201, token=t.text if t else "")
        name = t.up
        self.pos += 1
        if name == "FRACTION":
            n = self.paren_ints(1)
            digits = n[0] if n else 3
            if not 1 <= digits <= 5:
                raise InformixError(-201, token="FRACTION")
            return T.TU_SECOND + digits, (digits if allow_leading else None)
        if name not in UNITS:
            raise InformixError(-201, token=t.text)
        lead = self.paren_ints(1) if allow_leading else []
        return UNITS[name], (lead[0] if lead else None)


def parse_qualifier(cur: _Cursor, for_interval: bool = False) -> tuple[int, int, int | None]:
    """``start [(n)] TO end``: the codes and the leading precision, if any.

    A qualifier that starts at FRACTION starts at ``TU_FRAC`` (datetime.h),
    whatever digits follow: FRACTION TO FRACTION(3) is start 12, end 13.
    """
    starts_at_fraction = (cur.peek() is not None and cur.peek().is_("FRACTION"))
    start, lead = cur.unit(allow_leading=for_interval)
    if cur.word("TO"):
        end, _ = cur.unit()
    else:
        end = start
    if starts_at_fraction:
        start, lead = T.TU_FRAC, None
    return start, end, lead


def parse_type_at(tokens: list[Token], pos: int) -> tuple[IfxType, int]:
    """Parse one Informix type starting at ``tokens[pos]``; returns it and the next index."""
    cur = _Cursor(tokens, pos)
    t = cur.peek()
    if t is None or t.kind != WORD:
        raise InformixError(-201, token=t.text if t else "")
    cur.pos += 1
    name = t.up
    if name in ("CHAR", "CHARACTER"):
        if cur.word("VARYING"):
            args = cur.paren_ints() or [1]
            return varchar(*args), cur.pos
        args = cur.paren_ints(1)
        return char(args[0] if args else 1), cur.pos
    if name == "NCHAR":
        args = cur.paren_ints(1)
        return _char("char", T.SQLNCHAR, args[0] if args else 1, "NCHAR"), cur.pos
    if name in ("VARCHAR", "NVARCHAR"):
        args = cur.paren_ints() or [1]
        t2 = varchar(*args)
        if name == "NVARCHAR":
            t2 = replace(t2, sqltype=T.SQLNVCHAR, decl="N" + t2.decl)
        return t2, cur.pos
    if name == "LVARCHAR":
        args = cur.paren_ints(1)
        return lvarchar(args[0] if args else 2048), cur.pos
    if name == "SMALLINT":
        return SMALLINT, cur.pos
    if name in ("INT", "INTEGER"):
        return INTEGER, cur.pos
    if name == "BIGINT":
        return BIGINT, cur.pos
    if name == "INT8":
        return INT8, cur.pos
    if name in ("SERIAL", "SERIAL8", "BIGSERIAL"):
        args = cur.paren_ints(1)
        code, base = {"SERIAL": (T.SQLSERIAL, INTEGER), "SERIAL8": (T.SQLSERIAL8, INT8),
                      "BIGSERIAL": (T.SQLBIGSERIAL, BIGINT)}[name]
        decl = name + (f"({args[0]})" if args else "")
        # Serial columns are NOT NULL in Informix (syscolumns.coltype carries
        # the 0x100 bit: 262 SERIAL, 274 SERIAL8, 309 BIGSERIAL), whether
        # declared so or not: "Serial columns do not allow NULL values"
        # (IBM Informix Guide to SQL: Tutorial, "Serial data types").
        return replace(base, sqltype=code, decl=decl, serial=True, notnull=True,
                       size=args[0] if args else 1, family="int"), cur.pos
    if name in ("SMALLFLOAT", "REAL"):
        return SMALLFLOAT, cur.pos
    if name == "FLOAT":
        cur.paren_ints(1)
        return FLOAT, cur.pos
    if name == "DOUBLE":
        cur.word("PRECISION")
        return FLOAT, cur.pos
    if name in ("DECIMAL", "DEC", "NUMERIC", "MONEY"):
        args = cur.paren_ints()
        money = name == "MONEY"
        if money:
            p = args[0] if args else 16
            s = args[1] if len(args) > 1 else 2
            return decimal(p, s, money=True), cur.pos
        ansi = _ANSI_DECIMALS.get()  # ANSI: a missing scale is 0, never floating
        if not args:
            return decimal(16, 0 if ansi or name == "NUMERIC" else None), cur.pos
        return decimal(args[0], args[1] if len(args) > 1 else (0 if ansi else None)), cur.pos
    if name == "DATE":
        return DATE, cur.pos
    if name == "DATETIME":
        start, end, _ = parse_qualifier(cur)
        return datetime_(start, end), cur.pos
    if name == "INTERVAL":
        start, end, lead = parse_qualifier(cur, for_interval=True)
        return interval(start, end, lead), cur.pos
    if name in ("BOOLEAN",):
        return BOOLEAN, cur.pos
    if name == "BYTE":
        return BYTE, cur.pos
    if name == "TEXT":
        return TEXT, cur.pos
    if name == "BLOB":
        return BLOB, cur.pos
    if name == "CLOB":
        return CLOB, cur.pos
    if name in _COMPOSITE_CODES and cur.op("("):
        return _composite(cur, name), cur.pos
    named = named_row_type(t.text)
    if named is not None:
        return named, cur.pos
    raise InformixError(-201, token=t.text)


_COMPOSITE_CODES = {"ROW": T.SQLROW, "SET": T.SQLSET, "MULTISET": T.SQLMULTISET,
                    "LIST": T.SQLLIST}
#: The DESCRIBE length of a composite column: the most bytes its text may
#: take in a tuple.  (What a real server states here is not known; no
#: client we have seen reads it.)
COMPOSITE_LENGTH = 32767


def _member(cur: _Cursor) -> IfxType:
    t, cur.pos = parse_type_at(cur.toks, cur.pos)
    if cur.word("NOT"):
        if not cur.word("NULL"):
            raise InformixError(-201, token=cur.peek().text if cur.peek() else "")
        t = t.with_notnull()
    return t


def _composite(cur: _Cursor, name: str) -> IfxType:
    """``ROW(f type, ...)`` or ``SET|MULTISET|LIST(type NOT NULL)`` after its ``(``:
    stored as a DuckDB STRUCT / list (a SET keeps distinct elements)."""
    if name == "ROW":
        fields = []
        while True:
            f = cur.peek()
            if f is None or f.kind != WORD:
                raise InformixError(-201, token=f.text if f else "")
            cur.pos += 1
            fields.append((f.text.lower(), _member(cur)))
            if not cur.op(","):
                break
        members = tuple(fields)
        duck = "STRUCT(" + ", ".join(f'"{n}" {m.duck}' for n, m in fields) + ")"
        decl = "ROW(" + ", ".join(f"{n} {m.decl}{' NOT NULL' if m.notnull else ''}"
                                  for n, m in fields) + ")"
    else:
        elem = _member(cur)
        members = (elem,)
        duck = f"{elem.duck}[]"
        decl = f"{name}({elem.decl}{' NOT NULL' if elem.notnull else ''})"
    if not cur.op(")"):
        raise InformixError(-201, token=cur.peek().text if cur.peek() else ")")
    return IfxType("composite", _COMPOSITE_CODES[name], COMPOSITE_LENGTH, duck, decl,
                   members=members)


def parse_type(decl: str) -> IfxType:
    """The ``IfxType`` of a declaration such as ``"DATETIME YEAR TO FRACTION(3)"``.

    Stored declarations are exact (a fixed DECIMAL always spells its scale),
    so they are read without the ANSI defaults whatever database is open.
    """
    toks = tokenize(decl)
    with ansi_decimals(False):
        t, pos = parse_type_at(toks, 0)
    if pos != len(toks):
        raise InformixError(-201, token=toks[pos].text)
    return t


def from_duckdb(duck_type: str) -> IfxType:
    """A sensible Informix type for an expression DuckDB typed as ``duck_type``."""
    d = duck_type.upper()
    if d.startswith("DECIMAL"):
        inside = d[d.index("(") + 1 : d.index(")")].split(",")
        p, s = int(inside[0]), int(inside[1])
        if p > 32:  # SUM of DECIMALs widens to 38 digits; Informix tops out at 32
            s = min(s, 32)
            p = 32
        return decimal(p, s)
    simple = {
        "TINYINT": SMALLINT, "SMALLINT": SMALLINT, "INTEGER": INTEGER, "BIGINT": BIGINT,
        "UTINYINT": SMALLINT, "USMALLINT": INTEGER, "UINTEGER": BIGINT,
        "FLOAT": SMALLFLOAT, "DOUBLE": FLOAT, "DATE": DATE, "BOOLEAN": BOOLEAN,
        "BLOB": BYTE, "INTERVAL": interval(T.TU_DAY, T.TU_F5, 9),
        "TIMESTAMP": datetime_(T.TU_YEAR, T.TU_F5),
        "TIMESTAMP WITH TIME ZONE": datetime_(T.TU_YEAR, T.TU_F5),
        "TIMESTAMP_S": datetime_(T.TU_YEAR, T.TU_SECOND),
        "TIMESTAMP_MS": datetime_(T.TU_YEAR, T.TU_F3),
        "TIME": datetime_(T.TU_HOUR, T.TU_F5),
    }
    if d in simple:
        return simple[d]
    if d in ("HUGEINT", "UBIGINT", "UHUGEINT"):
        return decimal(32, 0)
    # Strings of unknown length, NULL and anything else: a VARCHAR.
    return varchar(255)
