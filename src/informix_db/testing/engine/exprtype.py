"""The Informix type of a DATETIME/INTERVAL expression, and its text as Informix prints it.

DuckDB types every point in time as a TIMESTAMP (or TIME) and every span as
an INTERVAL, so its result types lose the qualifier Informix keeps
(``DATETIME(2026-05-04) YEAR TO DAY`` is no YEAR TO FRACTION(5); an
``INTERVAL(5-3) YEAR TO MONTH`` is no DAY TO FRACTION span of 30-day months).
``infer`` works the qualifier out from the translated tokens, by the rules of
the Informix Guide to SQL: Reference ("Manipulating DATETIME with INTERVAL
values", "Manipulating DATE with DATETIME and INTERVAL values"):

- DATETIME +/- INTERVAL (and INTERVAL + DATETIME) is a DATETIME of the
  DATETIME operand's qualifier, when the INTERVAL's fields are all in it
  (``DATETIME (2000-8-1) YEAR TO DAY + INTERVAL (3-5) YEAR TO MONTH`` is
  ``DATETIME (2004-01-01) YEAR TO DAY``); otherwise Informix refuses it and
  the DuckDB type is left alone.
- A DATE is first converted to a DATETIME YEAR TO DAY.
- INTERVAL +/- INTERVAL of one family is an INTERVAL spanning both qualifiers;
  INTERVAL * or / a number, number * INTERVAL, keep the INTERVAL's type.
- DATETIME - DATETIME is an INTERVAL of the first operand's time units ("The
  first DATETIME value determines the precision of the result"), from DAY on.

Anything it does not understand gives None (the describer then types the
column from DuckDB's type).  ``text_sql`` is the SQL printing a DATETIME with
every digit of its qualifier, as Informix casts one to text
(``2026-08-31 12:30:15.12000`` for YEAR TO FRACTION(5), DuckDB would print
``...15.12``); the planner's passes ``datetime_texts`` (DATETIMEs turned into
text) and ``ym_refs`` (YEAR TO MONTH columns, stored as months, read as
DuckDB INTERVALs where they take part in arithmetic) use the column types.
"""

from __future__ import annotations

from informix_db import types as T
from informix_db.testing.engine import itypes, values
from informix_db.testing.engine.itypes import IfxType
from informix_db.testing.engine.lexer import NUMBER, OP, STRING, WORD, Token, matching_paren
from informix_db.testing.engine.xlate import CastOpen, Slot

#: A number whose exact type does not matter here (``INTERVAL * 2``).
_NUM = object()
_NUMERIC = ("int", "float", "decimal", "decfloat", "money")
_POINTS = ("datetime", "time")
_SPANS = ("interval_ds", "interval_ym")


class _Unknown(Exception):
    """A token the typer does not parse: the expression's type is not ours to say."""


def _is_num(t) -> bool:
    return t is _NUM or (isinstance(t, IfxType) and t.family in _NUMERIC)


def _fits(span: IfxType, point: IfxType) -> bool:
    """Whether every field of INTERVAL ``span`` is in DATETIME ``point``'s qualifier."""
    return point.start <= span.start and span.end <= point.end


def _as_point(t):
    """A DATE takes part in DATETIME arithmetic as a DATETIME YEAR TO DAY."""
    if isinstance(t, IfxType) and t.family == "date":
        return itypes.datetime_(T.TU_YEAR, T.TU_DAY)
    return t


def _span_union(a: IfxType, b: IfxType) -> IfxType:
    if a.family != b.family:
        raise _Unknown  # YEAR-MONTH and DAY-FRACTION spans never mix
    first = a if a.start <= b.start else b
    return itypes.interval(first.start, max(a.end, b.end), first.size)


def _difference(a: IfxType) -> IfxType | None:
    """DATETIME - DATETIME: an INTERVAL with the first operand's time units, from
    DAY (or HOUR) on; the leading field takes 9 digits, enough for any span."""
    if a.end < T.TU_DAY:
        return None  # a span of YEAR/MONTH fields: not worked out here
    return itypes.interval(max(a.start, T.TU_DAY), a.end, 9)


def _add(a, op: str, b):
    if _is_num(a) and _is_num(b):
        return _NUM
    if isinstance(a, IfxType) and isinstance(b, IfxType) and a.family == b.family == "date":
        return None  # DATE - DATE is a number of days
    a, b = _as_point(a), _as_point(b)
    if op == "-" and isinstance(a, IfxType) and isinstance(b, IfxType) \
            and a.family in _POINTS and b.family in _POINTS:
        return _difference(a)
    if not isinstance(a, IfxType) or not isinstance(b, IfxType):
        return None
    if a.family in _POINTS and b.family in _SPANS:
        return a if _fits(b, a) else None
    if op == "+" and a.family in _SPANS and b.family in _POINTS:
        return b if _fits(a, b) else None
    if a.family in _SPANS and b.family in _SPANS:
        return _span_union(a, b)
    return None


def _mul(a, op: str, b):
    if _is_num(a) and _is_num(b):
        return _NUM
    if isinstance(a, IfxType) and a.family in _SPANS and _is_num(b):
        return a
    if op == "*" and _is_num(a) and isinstance(b, IfxType) and b.family in _SPANS:
        return b
    return None


class _Typer:
    def __init__(self, toks: list[Token], column) -> None:
        self.toks = toks
        self.i = 0
        self.column = column

    def _peek_op(self, *ops: str) -> str | None:
        if self.i < len(self.toks):
            t = self.toks[self.i]
            if t.kind == OP and t.text in ops and not isinstance(t, CastOpen):
                return t.text
        return None

    def expr(self):
        left = self.term()
        while (op := self._peek_op("+", "-")) is not None:
            self.i += 1
            left = _add(left, op, self.term())
        return left

    def term(self):
        left = self.factor()
        while (op := self._peek_op("*", "/")) is not None:
            self.i += 1
            left = _mul(left, op, self.factor())
        return left

    def factor(self):
        if self._peek_op("+", "-"):
            self.i += 1
            t = self.factor()
            return t if _is_num(t) or (isinstance(t, IfxType) and t.family in _SPANS) else None
        return self.primary()

    def _group(self) -> tuple[int, int]:
        close = matching_paren(self.toks, self.i)
        inner = (self.i + 1, close)
        self.i = close + 1
        return inner

    def primary(self):
        if self.i >= len(self.toks):
            raise _Unknown
        t = self.toks[self.i]
        if isinstance(t, CastOpen):
            self._group()
            return t.target
        if t.kind == OP and t.text == "(":
            a, b = self._group()
            return infer_any(self.toks[a:b], self.column)
        if isinstance(t, Slot):
            self.i += 1
            if t.slot[0] == "today":
                return itypes.DATE
            if t.slot[0] == "current":
                return itypes.datetime_(t.slot[1], t.slot[2])
            if t.slot[0] == "lo_in":  # FILETOBLOB / FILETOCLOB
                return itypes.BLOB if t.slot[2] == T.XID_BLOB else itypes.CLOB
            return None
        if t.kind == NUMBER:
            self.i += 1
            return _NUM
        if t.kind == STRING:
            self.i += 1
            return None
        if t.kind != WORD:
            raise _Unknown
        nxt = self.toks[self.i + 1] if self.i + 1 < len(self.toks) else None
        if nxt is not None and nxt.kind == OP and nxt.text == "(":
            self.i += 1
            a, b = self._group()
            if t.text in ("__ifx_date", "make_date"):  # DATE(...), MDY(...)
                return itypes.DATE
            if t.is_("LOTOFILE"):  # the file's name, as LVARCHAR (the peer's real servers)
                return itypes.lvarchar()
            if t.is_("LOCOPY"):  # an object of its argument's kind
                inner = infer_any(self.toks[a:b], self.column)
                return inner if isinstance(inner, IfxType) and inner.family in ("blob", "clob") \
                    else itypes.BLOB
            if t.is_("MIN", "MAX"):  # keep the argument's type
                return infer_any(self.toks[a:b], self.column)
            if t.text == "to_months":  # a YEAR TO MONTH column read as months (ym_refs)
                inner = infer_any(self.toks[a:b], self.column)
                return inner if isinstance(inner, IfxType) and inner.family == "interval_ym" \
                    else None
            return None
        if nxt is not None and nxt.kind == OP and nxt.text == "." and self.i + 2 < len(self.toks) \
                and self.toks[self.i + 2].kind == WORD:
            self.i += 3
            return self.column(t.text.lower(), self.toks[self.i - 1].text.lower())
        if t.is_("CASE", "SELECT", "NULL", "NOT", "EXISTS", "DISTINCT", "INTERVAL", "TIMESTAMP",
                 "DATE", "TIME"):
            raise _Unknown
        self.i += 1
        return self.column(None, t.text.lower())


def infer_any(toks: list[Token], column):
    """``infer``, but numbers come back as the private number marker."""
    p = _Typer(toks, column)
    try:
        t = p.expr()
    except _Unknown:
        return None
    return t if p.i == len(toks) else None


def infer(toks: list[Token], column) -> IfxType | None:
    """The Informix type of expression ``toks`` (translated tokens), or None if unsure.

    ``column(owner_or_None, name)`` is a column's declared ``IfxType`` or None.
    """
    t = infer_any(toks, column)
    return t if isinstance(t, IfxType) else None


def resolver(tables: dict):
    """A ``column`` function for ``infer`` over ``alias -> TableInfo`` (None if ambiguous)."""
    def column(owner, name):
        if owner is not None:
            info = tables.get(owner)
            return info.column(name) if info is not None else None
        found = [c for c in (i.column(name) for i in tables.values() if i is not None) if c]
        return found[0] if len(found) == 1 else None
    return column


_FIELD_FMT = {T.TU_YEAR: ("%Y", 4), T.TU_MONTH: ("%m", 2), T.TU_DAY: ("%d", 2),
              T.TU_HOUR: ("%H", 2), T.TU_MINUTE: ("%M", 2), T.TU_SECOND: ("%S", 2)}
_SEP = {T.TU_MONTH: "-", T.TU_DAY: "-", T.TU_HOUR: " ", T.TU_MINUTE: ":", T.TU_SECOND: ":"}


def text_sql(t: IfxType, expr: str) -> str | None:
    """SQL printing DATETIME ``expr`` of type ``t`` with all of its qualifier's digits
    (None for qualifiers starting at FRACTION, left to DuckDB's text); a DATE
    prints as the session's DBDATE says (``values.date_format``)."""
    if t.family == "date":
        return f"strftime({expr}, '{values.date_format()}')"
    if t.family not in _POINTS or t.start > T.TU_SECOND:
        return None
    fmt = ""
    width = 0
    for unit in range(t.start, min(t.end, T.TU_SECOND) + 1):
        if unit not in _FIELD_FMT:
            continue
        if fmt:
            fmt += _SEP[unit]
            width += 1
        code, digits = _FIELD_FMT[unit]
        fmt += code
        width += digits
    if t.end > T.TU_SECOND:
        fmt += ".%f"  # six digits, cut to the qualifier's
        width += 1 + (t.end - T.TU_SECOND)
    value = f"(DATE '2000-01-01' + ({expr}))" if t.family == "time" else f"({expr})"
    return f"left(strftime({value}, '{fmt}'), {width})"


def _operand_before(toks: list[Token], j: int) -> int | None:
    """Start of the single term that ends just before ``toks[j]`` (None if unsure)."""
    k = j - 1
    if k < 0:
        return None
    t = toks[k]
    if t.kind == OP and t.text == ")":
        depth = 0
        for m in range(k, -1, -1):
            if toks[m].kind == OP and toks[m].text in ("(", ")"):
                depth += 1 if toks[m].text == ")" else -1
                if depth == 0:
                    if isinstance(toks[m], CastOpen) or not (m and toks[m - 1].kind == WORD):
                        return m
                    return m - 1  # a function call: typed by infer where it knows it
        return None
    if isinstance(t, Slot):
        return k
    if t.kind == WORD:
        if k >= 2 and toks[k - 1].kind == OP and toks[k - 1].text == "." \
                and toks[k - 2].kind == WORD:
            return k - 2
        return k
    return None


def _operand_after(toks: list[Token], j: int) -> int | None:
    """End (exclusive) of the single term that starts at ``toks[j]`` (None if unsure)."""
    if j >= len(toks):
        return None
    t = toks[j]
    if isinstance(t, CastOpen) or (t.kind == OP and t.text == "("):
        return matching_paren(toks, j) + 1
    if isinstance(t, Slot):
        return j + 1
    if t.kind == WORD:
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        if nxt is not None and nxt.kind == OP and nxt.text == "(":
            return matching_paren(toks, j + 1) + 1  # a function call (see _operand_before)
        if nxt is not None and nxt.kind == OP and nxt.text == "." and j + 2 < len(toks) \
                and toks[j + 2].kind == WORD:
            return j + 3
        return j + 1
    return None


#: Marks a value dml writes to a character column: text of its DATETIME if it is one.
MAYBE_TEXT = "__ifx_maybe_text"


def datetime_texts(toks: list[Token], tables: dict) -> list[Token]:
    """``toks`` with DATETIME values turned into text printed as Informix prints them:
    the operand of a cast to a character type (``__ifx_text(...)``, see
    ``xlate._emit_cast``), a value written to a character column (``MAYBE_TEXT``,
    always removed) and the operands of ``||``."""
    if not any(t.kind == OP and t.text == "||" or t.text in ("__ifx_text", MAYBE_TEXT)
               for t in toks):
        return toks
    column = resolver(tables)
    spans: dict[int, tuple[int, int, int, IfxType | None]] = {}  # start -> (end, a, b, type)
    for j, t in enumerate(toks):
        if t.kind == WORD and t.text in ("__ifx_text", MAYBE_TEXT) and j + 1 < len(toks) \
                and toks[j + 1].text == "(":
            close = matching_paren(toks, j + 1)
            typ = infer(toks[j + 2 : close], column)
            if typ is not None or t.text == MAYBE_TEXT:
                spans[j] = (close + 1, j + 2, close, typ)
        elif t.kind == OP and t.text == "||":
            a = _operand_before(toks, j)
            if a is not None:
                typ = infer(toks[a:j], column)
                if typ is not None:
                    spans.setdefault(a, (j, a, j, typ))
            b = _operand_after(toks, j + 1)
            if b is not None:
                typ = infer(toks[j + 1 : b], column)
                if typ is not None:
                    spans.setdefault(j + 1, (b, j + 1, b, typ))
    out: list[Token] = []
    k = 0
    marker = "\x00DT\x00"
    while k < len(toks):
        span = spans.get(k)
        sql = text_sql(span[3], marker) if span and span[3] is not None else None
        if sql is None and not (span and toks[k].text == MAYBE_TEXT):
            out.append(toks[k])
            k += 1
            continue
        end, a, b, _ = span
        left, right = sql.split(marker) if sql else ("(", ")")
        out.append(Token("raw", left))
        out.extend(datetime_texts(toks[a:b], tables) if b - a > 1 else toks[a:b])
        out.append(Token("raw", right))
        k = end
    return out


_ARITH = ("+", "-", "*", "/")


def _is_arith(t: Token | None) -> bool:
    return t is not None and t.kind == OP and t.text in _ARITH and not isinstance(t, CastOpen)


_COMPARE = ("=", "==", "<", ">", "<=", ">=", "<>", "!=")


def _compared_with_span(toks: list[Token], a: int, b: int) -> bool:
    """Whether ``toks[a:b]`` is compared with a YEAR TO MONTH literal (a typed group)."""
    def span_at(j: int) -> bool:
        t = toks[j] if 0 <= j < len(toks) else None
        return isinstance(t, CastOpen) and t.target is not None \
            and t.target.family == "interval_ym"

    def span_ending_at(j: int) -> bool:
        if not (0 <= j < len(toks) and toks[j].kind == OP and toks[j].text == ")"):
            return False
        depth = 0
        for m in range(j, -1, -1):
            if toks[m].kind == OP and toks[m].text in ("(", ")"):
                depth += 1 if toks[m].text == ")" else -1
                if depth == 0:
                    return span_at(m)
        return False

    after = toks[b] if b < len(toks) else None
    before = toks[a - 1] if a else None
    if before is not None and (before.is_("SET") or before.text == ","):
        return False  # the target of an UPDATE's SET c = ..., no comparison
    return (after is not None and after.kind == OP and after.text in _COMPARE
            and span_at(b + 1)) or (before is not None and before.kind == OP
                                    and before.text in _COMPARE and span_ending_at(a - 2))


def ym_refs(toks: list[Token], tables: dict) -> list[Token]:
    """``toks`` with INTERVAL YEAR TO MONTH column references that are operands of
    + - * / (or compared with a YEAR TO MONTH literal) read as DuckDB INTERVALs of
    months (``to_months(c)``).

    Such a column stores its months as a BIGINT (``itypes.interval``), which
    DuckDB would add to a date as days; an INTERVAL of months adds as
    Informix does, and its type is still YEAR TO MONTH (``infer``).
    """
    ym = {alias: {c for c, t in info.columns if t.family == "interval_ym"}
          for alias, info in tables.items() if info is not None}
    names = set().union(*ym.values()) if ym else set()
    if not names:
        return toks
    out: list[Token] = []
    n = len(toks)
    k = 0
    while k < n:
        t = toks[k]
        prev = toks[k - 1] if k else None
        end = None
        if t.kind == WORD and not (prev is not None and (
                prev.is_("AS") or (prev.kind == OP and prev.text == "."))):
            nxt = toks[k + 1] if k + 1 < n else None
            if nxt is not None and nxt.kind == OP and nxt.text == "." and k + 2 < n:
                if toks[k + 2].text.lower() in ym.get(t.text.lower(), ()):
                    end = k + 3  # alias.column
            elif t.text.lower() in names and not (nxt is not None and nxt.kind == OP
                                                  and nxt.text == "("):
                end = k + 1
        if end is not None and (_is_arith(prev) or _is_arith(toks[end] if end < n else None)
                                or _compared_with_span(toks, k, end)):
            out += [Token(WORD, "to_months"), Token(OP, "(")] + toks[k:end] + [Token(OP, ")")]
            k = end
            continue
        out.append(t)
        k += 1
    return out
