"""Python values in and out of DuckDB storage, per declared Informix type.

``coerce_sql`` wraps the SQL expression written to a column so DuckDB stores
what Informix would (CHAR without its padding, DATETIME cut to its
qualifier, ...); ``fetch_converter`` turns a stored value back into the
Python value the driver expects (CHAR padded to its length, ...).
"""

from __future__ import annotations

from informix_db.codecs.smartlob import SmartLobLocator

import datetime as _dt
import re
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Context, Decimal

from informix_db import types as T
from informix_db.codecs import composite, compositeformat
from informix_db.codecs.decimal import round_to_column
from informix_db.exceptions import DataError
from informix_db.testing.engine.errors import InformixError
from informix_db.testing.engine.itypes import IfxType

from informix_db.types import IntervalYM


def ym_to_months(value: IntervalYM) -> int:
    """Total signed months of an ``IntervalYM``."""
    return value.total_months


def months_to_ym(total: int):
    """An ``IntervalYM`` of ``total`` signed months."""
    return IntervalYM.from_months(total)


_TRUNC_UNIT = {T.TU_YEAR: "year", T.TU_MONTH: "month", T.TU_DAY: "day", T.TU_HOUR: "hour",
               T.TU_MINUTE: "minute", T.TU_SECOND: "second"}


def _trunc_timestamp(expr: str, end: int) -> str:
    if end in _TRUNC_UNIT:
        return f"date_trunc('{_TRUNC_UNIT[end]}', {expr})"
    step = 10 ** (6 - (end - T.TU_SECOND))  # microseconds per last fraction digit
    if step == 1:
        return expr
    us = f"epoch_us({expr})"
    return f"make_timestamp({us} - ((({us}) % {step}) + {step}) % {step})"


#: How the open database stores text: (its code set is UTF-8, too long is an error).
_TEXT_RULES: ContextVar[tuple[bool, bool]] = ContextVar("text_rules", default=(False, False))

VALUE_TOO_LONG = -1279  # Value exceeds string column length

#: DBDATE's default (MDY4/), as strftime: how DATE values print as text.
DEFAULT_DATE_FORMAT = "%m/%d/%Y"
#: The planning session's date format (see dbdate_format).
_DATE_FORMAT: ContextVar[str] = ContextVar("date_format", default=DEFAULT_DATE_FORMAT)
_DBDATE_FIELD = {"M": "%m", "D": "%d", "Y2": "%y", "Y4": "%Y"}


def dbdate_format(dbdate: str | None) -> str:
    """The strftime format of a DBDATE setting: its month, day and year fields
    (Y2/Y4) in order, then the separator (``-``, ``.``, ``/``; ``0`` for none),
    e.g. ``Y4MD-`` -> ``%Y-%m-%d`` (what IBM JDBC and the drivers send).
    Unset or not a standard DBDATE form: the default MDY4/ (Guide to SQL:
    Reference, DBDATE)."""
    m = re.fullmatch(r"((?:M|D|Y2|Y4){3})([-./0]?)", (dbdate or "").strip().upper())
    if m is None:
        return DEFAULT_DATE_FORMAT
    fields = re.findall(r"M|D|Y2|Y4", m.group(1))
    if sorted(f[0] for f in fields) != ["D", "M", "Y"]:
        return DEFAULT_DATE_FORMAT
    sep = {"": "/", "0": ""}.get(m.group(2), m.group(2))
    return sep.join(_DBDATE_FIELD[f] for f in fields)


def date_format() -> str:
    """The strftime format DATE values of the statement being planned print in."""
    return _DATE_FORMAT.get()


@contextmanager
def text_rules(*, utf8: bool, strict: bool, date_fmt: str = DEFAULT_DATE_FORMAT):
    """Plan statements for a database whose code set is UTF-8 (*utf8*) or
    single-byte, and which refuses (*strict*: ANSI) or cuts over-long text;
    DATE values print as *date_fmt* (the session's DBDATE, ``dbdate_format``)."""
    token = _TEXT_RULES.set((utf8, strict))
    token2 = _DATE_FORMAT.set(date_fmt)
    try:
        yield
    finally:
        _DATE_FORMAT.reset(token2)
        _TEXT_RULES.reset(token)


def _fit_text(text: str, n: int, blank_padded: bool) -> str:
    """SQL storing *text* in n BYTES of the database code set, as Informix does.

    CHAR/VARCHAR/LVARCHAR(n) (and NCHAR/NVARCHAR) hold n bytes, not n
    characters.  Over-long text is cut at a character boundary in a database
    that is not ANSI-compliant and is error -1279 in an ANSI one.  DuckDB keeps
    UTF-8, so ``strlen`` is the byte count in a UTF-8 database; in a single-byte
    one a character is a byte.  CHAR drops the trailing blanks it pads anyway.
    """
    utf8, strict = _TEXT_RULES.get()
    size = "strlen" if utf8 else "length"
    if blank_padded:
        text = f"rtrim({text}, ' ')"
    if strict:
        return f"CASE WHEN {size}({text}) > {n} THEN error('IFX{VALUE_TOO_LONG}') ELSE {text} END"
    if not utf8:
        return f"substr({text}, 1, {n})"
    # the longest prefix of whole characters within n bytes (k characters take >= k bytes)
    chars = f"len(list_filter(range(1, {n} + 1), lambda k: strlen(substr({text}, 1, k)) <= {n}))"
    return f"CASE WHEN strlen({text}) <= {n} THEN {text} ELSE substr({text}, 1, {chars}) END"


#: DuckDB integer type a value is checked against -> (the value Informix
#: reserves for NULL, its overflow SQLCODE).
_RESERVED_MIN = {"SMALLINT": (-32768, -1214), "INTEGER": (-2147483648, -1215),
                 "BIGINT": (-9223372036854775808, -1215)}


def range_type(t: IfxType) -> str:
    """The DuckDB integer type whose range a value of ``t`` must fit.

    That is the storage type, except for SMALLINT: it is stored as an INTEGER
    (see ``itypes.SMALLINT``) but holds 16 bits.
    """
    return "SMALLINT" if t.sqltype == T.SQLSMINT else t.duck


def checked_int_sql(t: IfxType, expr: str) -> str:
    """``expr`` cast to the storage of integer type ``t`` with its range checked:
    DuckDB's own cast fails beyond the range (-1214/-1215, see errors.py)."""
    check = range_type(t)
    cast = f"CAST({expr} AS {check})"
    return cast if check == t.duck else f"CAST({cast} AS {t.duck})"


#: Microseconds in one unit of an INTERVAL's leading field.
_START_US = {T.TU_DAY: 86_400_000_000, T.TU_HOUR: 3_600_000_000, T.TU_MINUTE: 60_000_000,
             T.TU_SECOND: 1_000_000}
INTERVAL_OVERFLOW = -1265
#: Beyond this a leading-field limit needs no check: DuckDB's to_microseconds
#: takes a BIGINT, and Python's timedelta stops at 999999999 days anyway.
_MAX_INTERVAL_US = 2**63 - 1


def coerce_sql(t: IfxType, expr: str) -> str:
    """DuckDB SQL storing the value of ``expr`` as a column of type ``t`` does."""
    e = f"({expr})"
    fam = t.family
    if fam in ("char", "varchar", "lvarchar"):
        return _fit_text(f"CAST({e} AS VARCHAR)", t.size, fam == "char")
    if fam == "date":
        # DBDATE's default form (MDY4/) as well as ISO dates
        text = f"CAST({e} AS VARCHAR)"
        return (f"CASE WHEN regexp_full_match({text}, '\\d{{1,2}}/\\d{{1,2}}/\\d{{4}}')"
                f" THEN CAST(strptime({text}, '%m/%d/%Y') AS DATE) ELSE CAST({e} AS DATE) END")
    if fam == "datetime":
        inner = f"CAST({e} AS TIMESTAMP)"
        return _trunc_timestamp(inner, t.end)
    if fam == "time":
        inner = f"(DATE '2000-01-01' + CAST({e} AS TIME))"
        return f"CAST({_trunc_timestamp(inner, t.end)} AS TIME)"
    if fam == "int" and range_type(t) in _RESERVED_MIN:
        # Informix keeps the type's most negative value for NULL: storing it
        # is the overflow error (-1214 SMALLINT, -1215 INTEGER/INT8/BIGINT).
        low, code = _RESERVED_MIN[range_type(t)]
        cast = checked_int_sql(t, e)
        return f"CASE WHEN {cast} = {low} THEN error('IFX{code}') ELSE {cast} END"
    if fam in ("interval_ds", "interval_ym"):
        # The leading field holds its declared digits and no more: a value
        # beyond them is an overflow (-1265), never stored to fail on fetch.
        cast = f"CAST({e} AS {t.duck})"
        if fam == "interval_ym":
            limit = f"{10 ** t.size * (12 if t.start == T.TU_YEAR else 1)}"
        elif t.start == T.TU_FRAC:  # FRACTION TO FRACTION(n): under one second
            limit = "to_microseconds(1000000)"
        else:
            us = 10 ** t.size * _START_US[t.start]
            if us > _MAX_INTERVAL_US:  # no value reaches it (a timedelta cannot)
                return cast
            limit = f"to_microseconds({us})"
        return (f"CASE WHEN {cast} >= {limit} OR {cast} <= -{limit}"
                f" THEN error('IFX{INTERVAL_OVERFLOW}') ELSE {cast} END")
    if fam == "composite" and t.sqltype == T.SQLSET:
        return f"list_distinct(CAST({e} AS {t.duck}))"  # a SET holds each element once
    if fam == "decfloat" and t.duck == "VARCHAR":
        # exact decimal text; text that is no number fails the DOUBLE cast (-1213)
        text = f"CAST({e} AS VARCHAR)"
        return (f"CASE WHEN TRY_CAST({text} AS DOUBLE) IS NULL"
                f" THEN CAST(CAST({text} AS DOUBLE) AS VARCHAR) ELSE trim({text}) END")
    return f"CAST({e} AS {t.duck})"


def byte_length(text: str) -> int:
    """Bytes *text* takes in the code set of the database being planned (see text_rules)."""
    utf8, _ = _TEXT_RULES.get()
    return len(text.encode("utf-8")) if utf8 else len(text)


def _pad(n: int, utf8: bool):
    """CHAR(n) values blank-padded to n BYTES of the database code set, as Informix
    pads them (so 'é' in a UTF-8 CHAR(4) is 'é' and two blanks)."""
    if not utf8:  # one byte per character
        def conv(v):
            return v if v is None or len(v) >= n else v.ljust(n)
        return conv

    def conv_utf8(v):
        if v is None or len(v) >= n:  # n characters take at least n bytes
            return v
        short = n - len(v.encode("utf-8"))
        return v + " " * short if short > 0 else v
    return conv_utf8


def _decfloat(p: int):
    ctx = Context(prec=p)

    def conv(v):
        if v is None:
            return None
        if isinstance(v, float):  # shortest text of the double, then p digits
            return ctx.create_decimal(repr(v))
        # stored text (or a DECIMAL expression): p digits, no trailing zeros
        return ctx.create_decimal(v).normalize(ctx)
    return conv


def _interval_ds(end: int):
    step = 10 ** (6 - (end - T.TU_SECOND)) if end > T.TU_SECOND else {
        T.TU_SECOND: 1_000_000, T.TU_MINUTE: 60_000_000, T.TU_HOUR: 3_600_000_000,
        T.TU_DAY: 86_400_000_000}[end]

    def conv(v):
        if v is None or step == 1:
            return v
        us = (v.days * 86_400 + v.seconds) * 1_000_000 + v.microseconds
        cut = abs(us) // step * step  # Informix truncates toward zero
        return _dt.timedelta(microseconds=cut if us >= 0 else -cut)
    return conv


def _ym(v):
    if v is None:
        return None
    if isinstance(v, _dt.timedelta):
        # A YEAR TO MONTH expression is a DuckDB INTERVAL of months only, which
        # DuckDB hands to Python as 30-day months (a stored one is a number).
        days = abs(v.days) // 30
        return months_to_ym(days if v >= _dt.timedelta(0) else -days)
    return months_to_ym(int(v))


def _int_decimal(v):
    """An integer DuckDB value of a DECIMAL column (COUNT, SUM of integers)."""
    return v if v is None or isinstance(v, Decimal) else Decimal(v)


def _to_date(v):
    return None if v is None else v.date()


def _blob(v):
    return None if v is None else bytes(v)


def _composite(t: IfxType, utf8: bool, date_format: str | None = None):
    """Stored STRUCT (dict) / list values -> the driver's ROW named tuple, SET
    frozenset, MULTISET/LIST list, each member through its own converter; with
    a *date_format*, the text representation a client is sent (DATEs in it
    as the client's DBDATE says)."""
    ctype = composite.parse_composite(t.shape)
    if date_format is not None:
        value_of = _composite(t, utf8)

        def text(v):
            return None if v is None else compositeformat.format_text(value_of(v), ctype, date_format)
        return text
    if t.sqltype == T.SQLROW:
        cls = composite.row_class(ctype)
        convs = [(n, fetch_converter(m, utf8)) for n, m in t.members]

        def row(v):
            if v is None:
                return None
            vals = list(v.values())  # fields in declared order
            return cls(*[c(x) if c else x for (_, c), x in zip(convs, vals)])
        return row
    conv = fetch_converter(t.members[0], utf8)
    is_set = t.sqltype == T.SQLSET

    def coll(v):
        if v is None:
            return None
        items = [conv(x) for x in v] if conv else list(v)
        if is_set:
            try:
                return frozenset(items)
            except TypeError:
                return items
        return items
    return coll


def composite_input(text, t: IfxType):
    """A composite written as text (a quoted literal, ``'SET{1,2}'``, or a
    parameter bound as text: how clients send these types, Informix casting
    the text) or as a value (IBM JDBC's binary form, decoded) as the value
    DuckDB stores (dicts for ROWs, lists)."""
    if not isinstance(text, str):
        try:
            return _to_duck(text, t)
        except (TypeError, ValueError, AttributeError):
            raise InformixError(-1260) from None
    try:
        value = composite.parse_text(text, composite.parse_composite(t.shape))
    except DataError:
        raise InformixError(-1260) from None  # no conversion between the types
    return _to_duck(value, t)


def _to_duck(v, t: IfxType):
    if v is None:
        return None
    if t.family != "composite":
        return bind_value(v)
    if t.sqltype == T.SQLROW:
        return {n: _to_duck(x, m) for (n, m), x in zip(t.members, v)}
    return [_to_duck(x, t.members[0]) for x in v]


def fetch_converter(t: IfxType, utf8: bool = False, date_format: str | None = None):
    """A function turning a stored value into the Python value, or None if identity;
    *utf8*: the database code set is UTF-8 (CHAR pads by bytes); *date_format*:
    a composite is sent as its text, its DATEs printed so (the session's DBDATE)."""
    fam = t.family
    if fam == "composite":
        return _composite(t, utf8, date_format)
    if fam == "char":
        return _pad(t.size, utf8)
    if fam == "decfloat":
        return _decfloat(t.size)
    if fam == "interval_ds":
        return _interval_ds(t.end)
    if fam == "interval_ym":
        return _ym
    if fam in ("decimal", "money") and t.duck in ("BIGINT", "HUGEINT", "INTEGER"):
        return _int_decimal
    if fam == "byte":
        return _blob
    if fam == "datetime" and t.end <= T.TU_DAY:
        return _to_date  # a DATETIME that ends at DAY or before is a date in Python
    return None


_DECIMAL_FAMILIES = ("decimal", "money", "decfloat")


def round_written(v, t: IfxType):
    """A number written to a DECIMAL/MONEY column, rounded as the column stores it.

    Informix rounds half up to the scale (or to p significant digits) and
    keeps at most 16 base-100 digit pairs; a value too large is -1226.
    """
    if t.family not in _DECIMAL_FAMILIES or v is None or isinstance(v, bool) \
            or not isinstance(v, (Decimal, int, float)):
        return v
    try:
        d = round_to_column(v, t.length)
    except DataError:
        raise InformixError(-1226) from None
    # a text-stored floating DECIMAL binds its exact text (see decfloat.py)
    return str(d) if t.family == "decfloat" and t.duck == "VARCHAR" else d


def bind_value(v):
    """A Python parameter value as DuckDB should bind it."""
    if v is None or isinstance(v, (int, float, str, bytes, Decimal, bool,
                                   _dt.date, _dt.time, _dt.timedelta)):
        return v
    if isinstance(v, IntervalYM):
        return ym_to_months(v)
    if isinstance(v, (bytearray, memoryview)):
        return bytes(v)
    if isinstance(v, SmartLobLocator):  # a BLOB/CLOB column stores the locator
        return v.raw
    return v
