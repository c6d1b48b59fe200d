"""The one corpus of column types and values every conformance client uses.

Each :class:`Case` is a column declaration and the rows to push through it:
the value a client binds (``sent``) and the Python value the server must
hand back (``expected``, the same object unless storage changes it: CHAR
pads with blanks, DECIMAL(p,s) rounds to s places, SMALLFLOAT keeps 24 bits,
DATETIME/INTERVAL keep only their qualifier's fields).

How each client represents a family (its adapter converts to the Python
objects used here; see ``jdbc.py`` and ``peer.py``):

=============  ================================================  =====================
family         IBM JDBC 4.50 (JPype; read in jdbc.read)          peer informix-driver
=============  ================================================  =====================
char & co.     getString (CHAR/NCHAR blank padded)               str (the peer strips
                                                                 CHAR's trailing blanks)
smallint..     getShort/getInt/getLong + wasNull                 int
smallfloat     getFloat (float widens exactly)                   float
float          getDouble                                         float
decimal/money  getBigDecimal().toPlainString() -> Decimal        Decimal
date           getDate().toString() (JVM runs in UTC)            date
datetime       YEAR TO SECOND/FRACTION: getTimestamp()           date / time / datetime
               .toLocalDateTime() fields incl. nanos; other      (fields outside the
               qualifiers: getString() = Informix literal        qualifier defaulted)
interval_ym    getObject() -> IntervalYM.getMonths()             IntervalYM (.months)
interval_df    getObject() -> IntervalDF.getSeconds() +          timedelta
               getNanoSeconds() (same sign)
boolean        getBoolean + wasNull                              bool
byte           getBytes                                          bytes
text           getBytes() decoded from 8859-1 (getString of a    str
               TEXT over 64 KB gives NULs); bound with setString
               up to 32767 chars, else setAsciiStream
=============  ================================================  =====================

DATETIME and INTERVAL values compare by their qualifier's fields only
(:func:`canonical`), so a client that returns ``time(23, 59)`` and one that
returns ``"23:59"`` for ``DATETIME HOUR TO MINUTE`` agree.

INTERVAL YEAR TO MONTH values are ``informix_db.types.IntervalYM`` (the
codecs helper's; ``.total_months``). If that import fails, :func:`ym`
falls back to a ``("interval_ym", months)`` tuple; :func:`canonical`
accepts ours, the peer's (``.months`` = signed total) and the tuple.
"""

from __future__ import annotations

import datetime as dt
import struct
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .temporal import (  # noqa: F401 - re-exported: the corpus' public helpers
    UNITS,
    datetime_fields,
    datetime_literal,
    interval_literal,
    interval_months,
    parse_interval_df,
    truncate_fraction,
)

try:  # The codecs helper's year-month interval, once it exists.
    from informix_db.types import IntervalYM as _IntervalYM  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on the codecs helper's progress
    _IntervalYM = None


def ym(years: int, months: int, negative: bool = False) -> Any:
    """A year-month interval value (see the module docstring about switching)."""
    total = (years * 12 + months) * (-1 if negative else 1)
    if _IntervalYM is not None:
        return _IntervalYM.from_months(total)
    return ("interval_ym", total)  # placeholder while IntervalYM is missing


@dataclass(frozen=True)
class Row:
    """One value to insert and what selecting it back must give."""

    sent: Any
    expected: Any = field(default=None)
    same: bool = True  # expected is sent

    @property
    def want(self) -> Any:
        return self.sent if self.same else self.expected


def R(sent: Any, expected: Any = ...) -> Row:  # noqa: N802 - reads like a literal
    """Row shorthand: ``R(v)`` round-trips unchanged; ``R(v, e)`` reads back ``e``."""
    if expected is ...:
        return Row(sent)
    return Row(sent, expected, same=False)


@dataclass(frozen=True)
class Case:
    """A column type under test: its test id, declaration and rows."""

    id: str
    decl: str
    family: str
    rows: tuple[Row, ...]
    #: DATETIME/INTERVAL: the field names the qualifier covers, in order.
    fields: tuple[str, ...] = ()
    #: DATETIME/INTERVAL: digits of FRACTION(n), 0 when the qualifier has none.
    frac: int = 0


# --------------------------------------------------------------------------
# comparison

def _float32(x: float) -> float:
    """What a SMALLFLOAT (IEEE single) column keeps of ``x``."""
    return struct.unpack("f", struct.pack("f", x))[0]


def canonical(case: Case, value: Any) -> Any:
    """The comparable form of a value of ``case``'s type, from any client."""
    if value is None:
        return None
    if case.family == "datetime":
        return datetime_fields(case, value)
    if case.family == "interval_ym":
        return interval_months(value)
    if case.family == "interval_df" and isinstance(value, str):
        return parse_interval_df(value)
    if case.family in ("decimal", "money") and not isinstance(value, Decimal):
        return Decimal(str(value))
    return value


# --------------------------------------------------------------------------
# the corpus

LATIN1 = "naïve café"  # 10 characters, 10 bytes in en_US.819 (the server's locale)


def _char_rows(n: int) -> tuple[Row, ...]:
    full = ("0123456789" * (n // 10 + 1))[:n]
    return (
        R("abc", "abc".ljust(n)),
        R("", " " * n),  # Informix stores '' in CHAR(n) as n blanks
        R(full),
        R(LATIN1, LATIN1.ljust(n)),
        R(None),
    )


def _varchar_rows(n: int) -> tuple[Row, ...]:
    full = ("abcdefghij" * (n // 10 + 1))[:n]
    return (R("abc"), R(""), R("two trailing  "), R(full), R(LATIN1), R(None))


def _int_rows(hi: int) -> tuple[Row, ...]:
    # -hi-1 is the NULL sentinel of each Informix integer type, hence -hi.
    return (R(0), R(1), R(-1), R(hi), R(-hi), R(None))


_BASE_DT = dt.datetime(2024, 2, 29, 23, 59, 58, 123450)  # leap day, 5 fraction digits
_MIN_DT = dt.datetime(1900, 1, 1, 0, 0, 0, 0)
_MAX_DT = dt.datetime(9999, 12, 31, 23, 59, 59, 999990)


def _datetime_cases() -> list[Case]:
    cases = []
    ends = [(u, 0) for u in UNITS[:6]] + [("fraction", n) for n in range(1, 6)]
    for si, start in enumerate(UNITS):
        for end, frac in ends:
            ei = UNITS.index(end)
            if ei < si:
                continue
            fields = UNITS[si: ei + 1]
            end_decl = f"FRACTION({frac})" if end == "fraction" else end.upper()
            decl = f"DATETIME {start.upper()} TO {end_decl}"
            cid = f"datetime_{start}_to_{end}{frac or ''}"
            rows = tuple(
                R(v.replace(microsecond=truncate_fraction(v.microsecond, frac)) if frac else
                  v.replace(microsecond=0))
                for v in (_BASE_DT, _MIN_DT, _MAX_DT)
            ) + (R(None),)
            cases.append(Case(cid, decl, "datetime", rows, fields=tuple(fields), frac=frac))
    return cases


def _build() -> list[Case]:
    td = dt.timedelta
    cases = [
        Case("char_10", "CHAR(10)", "char", _char_rows(10)),
        Case("char_1", "CHAR(1)", "char", (R("x"), R("", " "), R("é"), R(None))),
        Case("varchar_20", "VARCHAR(20)", "varchar", _varchar_rows(20)),
        Case("varchar_20_4", "VARCHAR(20,4)", "varchar", _varchar_rows(20)),
        Case("varchar_255", "VARCHAR(255)", "varchar", _varchar_rows(255)),
        Case("lvarchar_2000", "LVARCHAR(2000)", "lvarchar", _varchar_rows(2000)),
        # the largest LVARCHAR: one value far beyond a 4 KB fetch buffer
        Case("lvarchar_32739", "LVARCHAR(32739)", "lvarchar",
             (R(("0123456789abcdef" * 2047)[:32739]), R("x"), R(None))),
        Case("nchar_10", "NCHAR(10)", "char", _char_rows(10)),
        Case("nvarchar_20", "NVARCHAR(20)", "varchar", _varchar_rows(20)),
        Case("smallint", "SMALLINT", "smallint", _int_rows(2**15 - 1)),
        Case("integer", "INTEGER", "integer", _int_rows(2**31 - 1)),
        Case("bigint", "BIGINT", "bigint", _int_rows(2**63 - 1)),
        Case("int8", "INT8", "bigint", _int_rows(2**63 - 1)),
        # SERIALs: explicit non-zero values are stored as given (0 asks for
        # the next one: see the serial tests). NULL is not insertable.
        Case("serial", "SERIAL", "integer", (R(1), R(7), R(2**31 - 1))),
        Case("serial8", "SERIAL8", "bigint", (R(1), R(7), R(2**63 - 1))),
        Case("bigserial", "BIGSERIAL", "bigint", (R(1), R(7), R(2**63 - 1))),
        Case("smallfloat", "SMALLFLOAT", "smallfloat", (
            R(0.0), R(-1.5), R(0.1, _float32(0.1)),
            R(3.4028234663852886e38), R(1.1754943508222875e-38), R(None))),
        Case("real", "REAL", "smallfloat", (R(2.5), R(-0.1, _float32(-0.1)), R(None))),
        Case("float", "FLOAT", "float", (
            R(0.0), R(-2.5), R(0.1), R(1.7976931348623157e308),
            R(2.2250738585072014e-308), R(-1e-300), R(None))),
        Case("double_precision", "DOUBLE PRECISION", "float",
             (R(3.141592653589793), R(-1e300), R(None))),
        Case("decimal_16_4", "DECIMAL(16,4)", "decimal", (
            R(Decimal("0")), R(Decimal("1.5"), Decimal("1.5000")),
            R(Decimal("-123456789012.3456")), R(Decimal("999999999999.9999")),
            R(Decimal("-0.0001")), R(None))),
        Case("decimal_32_0", "DECIMAL(32,0)", "decimal", (
            R(Decimal("99999999999999999999999999999999")),
            R(Decimal("-99999999999999999999999999999999")), R(Decimal("0")), R(None))),
        # A dec_t holds 16 base-100 digit pairs; pairs align on the decimal
        # point, so with an odd scale a nonzero integer digit costs a pair
        # and 31 significant digits are the most a value can keep there.
        Case("decimal_32_31", "DECIMAL(32,31)", "decimal", (
            R(Decimal("0.1234567890123456789012345678901")),
            R(Decimal("-9.999999999999999999999999999999")), R(None))),
        Case("decimal_32_30", "DECIMAL(32,30)", "decimal", (
            R(Decimal("99.999999999999999999999999999999")),
            R(Decimal("-0.000000000000000000000000000001")), R(None))),
        Case("decimal_5_2", "DECIMAL(5,2)", "decimal", (
            R(Decimal("123.45")), R(Decimal("-999.99")), R(Decimal("0.01")), R(None))),
        Case("decimal_16", "DECIMAL(16)", "decimal", (  # floating point decimal
            R(Decimal("1234567890.123456")), R(Decimal("-0.000001")),
            R(Decimal("1E+20")), R(Decimal("1.2345E+50")), R(Decimal("-1.2345E-50")),
            # 16 significant digits no double holds exactly
            R(Decimal("9999999999999999")), R(Decimal("-8.765432109876543E-20")),
            R(Decimal("0")), R(None))),
        Case("decimal_32", "DECIMAL(32)", "decimal", (
            R(Decimal("12345678901234567890123456789012")), R(Decimal("-1.5")),
            # a floating DECIMAL's exponent reaches far beyond 32 digits
            R(Decimal("1.5E+60")), R(Decimal("-2.5E-60")),
            R(Decimal("-1.234567890123456789012345678901E+100")), R(None))),
        Case("decimal_default", "DECIMAL", "decimal", (  # DECIMAL(16), floating
            R(Decimal("1234567890.123456")), R(Decimal("-1.5E-100")), R(None))),
        Case("money_default", "MONEY", "money", (  # MONEY(16,2)
            R(Decimal("12345678901234.56")), R(Decimal("-0.5"), Decimal("-0.50")), R(None))),
        Case("money_8", "MONEY(8)", "money", (  # MONEY(8,2)
            R(Decimal("123456.78")), R(None))),
        Case("money_16_2", "MONEY(16,2)", "money", (
            R(Decimal("0.00")), R(Decimal("-1234.56")), R(Decimal("99999999999999.99")),
            R(Decimal("7"), Decimal("7.00")), R(None))),
        Case("money_8_3", "MONEY(8,3)", "money", (R(Decimal("-12345.678")), R(None))),
        Case("money_32_2", "MONEY(32,2)", "money", (
            R(Decimal("999999999999999999999999999999.99")),
            R(Decimal("-0.01")), R(None))),
        Case("date", "DATE", "date", (
            R(dt.date(2024, 2, 29)), R(dt.date(1899, 12, 31)), R(dt.date(1970, 1, 1)),
            R(dt.date(2000, 1, 1)), R(dt.date(9999, 12, 31)), R(dt.date(1, 1, 1)),
            R(dt.date(1582, 10, 15)), R(None))),
        *_datetime_cases(),
        Case("interval_year_to_month", "INTERVAL YEAR TO MONTH", "interval_ym", (
            R(ym(5, 3)), R(ym(5, 3, negative=True)), R(ym(0, 0)), R(ym(9999, 11)),
            R(ym(0, 1, negative=True)), R(None)), fields=("year", "month")),
        Case("interval_year9_to_month", "INTERVAL YEAR(9) TO MONTH", "interval_ym", (
            # 2**31 - 1 months: the most IBM JDBC's IntervalYM (int months) holds
            R(ym(178_956_970, 7)), R(ym(123_456_789, 0, negative=True)), R(None)),
            fields=("year", "month")),
        Case("interval_day5_to_fraction5", "INTERVAL DAY(5) TO FRACTION(5)", "interval_df", (
            R(td(days=3, hours=4, minutes=5, seconds=6, microseconds=789010)),
            R(-td(days=3, hours=4, minutes=5, seconds=6, microseconds=789010)),
            R(td(0)), R(-td(seconds=1)), R(-td(microseconds=10)),
            R(td(days=99999, hours=23, minutes=59, seconds=59, microseconds=999990)),
            R(None)),
            fields=("day", "hour", "minute", "second", "fraction"), frac=5),
        Case("interval_day_to_fraction3", "INTERVAL DAY TO FRACTION(3)", "interval_df", (
            R(td(days=12, hours=1, microseconds=5000)), R(-td(days=99, seconds=59)), R(None)),
            fields=("day", "hour", "minute", "second", "fraction"), frac=3),
        Case("boolean", "BOOLEAN", "boolean", (R(True), R(False), R(None))),
        Case("byte", "BYTE", "byte", (
            R(b"\x00\x01\x00\xff"), R(b"\x00"), R(bytes(range(256)) * 40),
            R(bytes(range(255, -1, -1)) * 400), R(None))),  # 100 KB: many blob chunks
        Case("text", "TEXT", "text", (
            R("hello"), R(LATIN1), R("line1\nline2\ttab"),
            R("x" * 10000), R(("ÿ0123456789" * 7000)[:70000]), R(None))),
    ]
    ids = [c.id for c in cases]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    return cases


CASES: list[Case] = _build()
CASES_BY_ID: dict[str, Case] = {c.id: c for c in CASES}


def literal_sql(case: Case, value: Any) -> str:
    """A DATETIME/INTERVAL value as an SQL literal, e.g.
    ``DATETIME(23:59) HOUR TO MINUTE`` (NULL for None).

    Inserting these needs no parameter binding and no character-to-DATETIME
    conversion, so it isolates the server's tuple encoding of each qualifier.
    """
    if value is None:
        return "NULL"
    kind, qualifier = case.decl.split(" ", 1)
    text = (datetime_literal(case, value) if case.family == "datetime"
            else interval_literal(case, value))
    return f"{kind}({text}) {qualifier}"


LITERAL_CASES: list[Case] = [c for c in CASES if c.family in ("datetime", "interval_ym",
                                                              "interval_df")]


def insert_literal_sql(case: Case, client: str, index: int) -> str:
    """INSERT of row ``index`` of ``case`` written as an SQL literal."""
    value = literal_sql(case, case.rows[index].sent)
    return f"INSERT INTO {case_table(case, client)} (id, v) VALUES ({index}, {value})"


def only_rows(case: Case, keep) -> Case:
    """``case`` with just the rows whose expected value satisfies ``keep``.

    For values a client cannot represent at all (documented at each use);
    NULL rows are always kept.
    """
    rows = tuple(r for r in case.rows if r.want is None or keep(r.want))
    return Case(case.id, case.decl, case.family, rows, case.fields, case.frac)


def without_char_padding(case: Case) -> Case:
    """``case`` as clients that strip CHAR/NCHAR trailing blanks report it
    (the peer does, and so do our codecs; IBM JDBC's getString keeps them)."""
    if case.family != "char":
        return case
    rows = tuple(R(r.sent, None if r.want is None else r.want.rstrip(" ")) for r in case.rows)
    return Case(case.id, case.decl, case.family, rows, case.fields, case.frac)


def case_table(case: Case, client: str) -> str:
    """The table a round-trip test of ``case`` by ``client`` uses (unique)."""
    return f"{client}_{case.id}"[:128]


def create_table_sql(case: Case, client: str) -> str:
    return f"CREATE TABLE {case_table(case, client)} (id INTEGER NOT NULL, v {case.decl})"


def insert_sql(case: Case, client: str) -> str:
    return f"INSERT INTO {case_table(case, client)} (id, v) VALUES (?, ?)"


def select_sql(case: Case, client: str) -> str:
    return f"SELECT id, v FROM {case_table(case, client)} ORDER BY id"


@dataclass(frozen=True)
class ErrorCase:
    """A statement the server must refuse with ``sqlcode``.

    ``{t}`` in the SQL stands for a table name unique to the client and case.
    """

    id: str
    sqlcode: int
    sql: str
    setup: tuple[str, ...] = ()
    database: str = "testdb"
    #: values bound to the ``?`` markers of ``sql`` (None, int or Decimal)
    params: tuple = ()


ERROR_CASES: list[ErrorCase] = [
    ErrorCase("syntax", -201, "CREATE TABEL {t} (a INT)"),
    ErrorCase("no_such_table", -206, "SELECT * FROM {t}_missing"),
    ErrorCase("no_such_column", -217, "SELECT nosuchcol FROM {t}",
              setup=("CREATE TABLE {t} (a INT)",)),
    ErrorCase("duplicate_in_unique_index", -239, "INSERT INTO {t} VALUES (1)",
              setup=("CREATE TABLE {t} (a INT)", "CREATE UNIQUE INDEX {t}_ix ON {t} (a)",
                     "INSERT INTO {t} VALUES (1)")),
    # A constraint (PRIMARY KEY/UNIQUE) violation is -268 in a logged
    # database and -239 without logging (IBM's drivers, as documented by
    # 4Js' Genero migration notes); a unique index is always -239.
    ErrorCase("unique_constraint", -268, "INSERT INTO {t} VALUES (1)",
              setup=("CREATE TABLE {t} (a INT PRIMARY KEY)", "INSERT INTO {t} VALUES (1)")),
    ErrorCase("unique_constraint_unlogged", -239, "INSERT INTO {t} VALUES (1)",
              setup=("CREATE TABLE {t} (a INT PRIMARY KEY)", "INSERT INTO {t} VALUES (1)"),
              database="nologdb"),
    ErrorCase("null_into_not_null", -391, "INSERT INTO {t} VALUES (NULL)",
              setup=("CREATE TABLE {t} (a INT NOT NULL)",)),
    ErrorCase("char_to_numeric", -1213, "INSERT INTO {t} VALUES ('abc')",
              setup=("CREATE TABLE {t} (a INT)",)),
    ErrorCase("decimal_overflow", -1226, "INSERT INTO {t} VALUES (12345.67)",
              setup=("CREATE TABLE {t} (a DECIMAL(5,2))",)),
    # -32768 and -2**31 are the NULL values of SMALLINT/INTEGER, not numbers
    ErrorCase("smallint_overflow", -1214, "INSERT INTO {t} VALUES (-32768)",
              setup=("CREATE TABLE {t} (a SMALLINT)",)),
    ErrorCase("integer_overflow", -1215, "INSERT INTO {t} VALUES (2147483648)",
              setup=("CREATE TABLE {t} (a INTEGER)",)),
    ErrorCase("bound_null_into_not_null", -391, "INSERT INTO {t} VALUES (?)",
              setup=("CREATE TABLE {t} (a INT NOT NULL)",), params=(None,)),
    ErrorCase("bound_duplicate_key", -268, "INSERT INTO {t} VALUES (?)",
              setup=("CREATE TABLE {t} (a INT PRIMARY KEY)", "INSERT INTO {t} VALUES (5)"),
              params=(5,)),
    ErrorCase("bound_decimal_overflow", -1226, "INSERT INTO {t} VALUES (?)",
              setup=("CREATE TABLE {t} (a DECIMAL(5,2))",), params=(Decimal("12345.67"),)),
    ErrorCase("commit_outside_transaction", -255, "COMMIT WORK"),
    ErrorCase("begin_without_logging", -256, "BEGIN WORK", database="nologdb"),
]
ERROR_CASES_BY_ID = {e.id: e for e in ERROR_CASES}


#: Families Informix cannot compare with ``=`` (BYTE/TEXT: error -615).
NOT_COMPARABLE = frozenset(("byte", "text"))

LOOKUP_CASES: list[Case] = [c for c in CASES if c.family not in NOT_COMPARABLE]


def lookup_sql(case: Case, client: str) -> str:
    return f"SELECT id FROM {case_table(case, client)} WHERE v = ? ORDER BY id"


def lookup_value(case: Case, row: Row) -> Any:
    """The value to look a row up by: what the column holds (so a SMALLFLOAT
    is searched by its 24-bit value, which Informix compares exactly)."""
    return row.want if case.family == "smallfloat" else row.sent


def matching_ids(case: Case, index: int) -> list[int]:
    """Ids of the rows equal to row ``index`` under Informix comparison
    (CHAR ignores trailing blanks)."""
    def key(v):
        c = canonical(case, v)
        return c.rstrip(" ") if isinstance(c, str) else c
    want = key(case.rows[index].want)
    return [i for i, r in enumerate(case.rows) if r.want is not None and key(r.want) == want]


def ordered_ids(case: Case) -> list[int]:
    """Row ids as ``ORDER BY v, id`` gives them in Informix: NULL sorts
    lowest, character values compare as if blank-padded (in the 8859-1 code
    set, which orders like code points)."""
    def key(i):
        v = case.rows[i].want
        if v is None:
            return (0, 0, i)
        c = canonical(case, v)
        return (1, c.rstrip(" ") if isinstance(c, str) else c, i)
    return sorted(range(len(case.rows)), key=key)


def order_sql(case: Case, client: str) -> str:
    return f"SELECT id FROM {case_table(case, client)} ORDER BY v, id"


#: Every type in one row (offsets inside a tuple matter). SERIALs are left
#: out (one per table) and so is the 32 KB LVARCHAR (the row size limit).
WIDE_CASES: list[Case] = [c for c in CASES if c.id not in (
    "serial", "serial8", "bigserial", "lvarchar_32739")]


def wide_table_sql(cases: list[Case], client: str) -> str:
    cols = ", ".join(f"c{n} {c.decl}" for n, c in enumerate(cases))
    return f"CREATE TABLE {client}_wide (id INTEGER NOT NULL, {cols})"


def wide_insert_sql(cases: list[Case], client: str) -> str:
    marks = ", ".join("?" for _ in range(len(cases) + 1))
    return f"INSERT INTO {client}_wide VALUES ({marks})"


def wide_select_sql(cases: list[Case], client: str) -> str:
    cols = ", ".join(f"c{n}" for n in range(len(cases)))
    return f"SELECT id, {cols} FROM {client}_wide ORDER BY id"


def wide_row_count(cases: list[Case]) -> int:
    return max(len(c.rows) for c in cases)


def wide_row(case: Case, k: int) -> Row:
    """Row ``k`` of a column of the wide table: the case's k-th row, else NULL."""
    return case.rows[k] if k < len(case.rows) else R(None)
