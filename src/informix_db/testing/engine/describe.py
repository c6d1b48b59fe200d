"""The Informix result columns of a SELECT: declared types where they come from tables.

DuckDB tells each output column's storage type; a column taken straight
from a table (``c``, ``t.c``, ``*``, ``t.*``) gets its declared Informix
type instead, and expressions get a sensible Informix type with Informix's
column names (``(count(*))``, ``(sum)``, ``(expression)``, ``(constant)``).
"""

from __future__ import annotations

from dataclasses import replace

from informix_db import types as T
from informix_db.testing.engine import exprtype, itypes
from informix_db.testing.engine.catalog import TableInfo
from informix_db.testing.engine.itypes import IfxType
from informix_db.testing.engine.lexer import (
    NUMBER, OP, STRING, WORD, Token, find_top, matching_paren, query_selects, split_top,
    top_level,
)
from informix_db.testing.engine.values import byte_length
from informix_db.testing.engine.xlate import CastOpen, Slot

_CLAUSE_END = ("WHERE", "GROUP", "HAVING", "ORDER", "UNION", "INTERSECT", "EXCEPT", "LIMIT",
               "OFFSET", "INTO", "FOR")
_JOIN_WORDS = ("JOIN", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "NATURAL", "ON",
               "USING", "LATERAL")


def from_tables(toks: list[Token], start: int) -> list[tuple[str, str]]:
    """(table, alias) pairs named in the FROM clause that begins at ``start``."""
    out: list[tuple[str, str]] = []
    expect_table = True
    resume = 0  # the index after the last table and alias taken
    n = len(toks)
    for j, t in top_level(toks, start + 1):
        if j < resume:
            continue
        if t.kind == OP:
            if t.text == ",":
                expect_table = True
            continue
        if t.is_(*_CLAUSE_END):
            break
        if t.is_("JOIN", "OUTER"):
            expect_table = True
            continue
        if t.is_(*_JOIN_WORDS):
            if t.is_("ON", "USING"):
                expect_table = False
            continue
        if expect_table and t.kind in (WORD, STRING):
            name = t.text.lower()
            alias = name
            k = j + 1
            if k < n and toks[k].is_("AS"):
                k += 1
            if k < n and toks[k].kind == WORD and not toks[k].is_(*_CLAUSE_END, *_JOIN_WORDS):
                alias = toks[k].text.lower()
                k += 1
            out.append((name, alias))
            expect_table = False
            resume = k
    return out


def _item_name(item: list[Token]) -> tuple[list[Token], str | None]:
    """Split ``expr [AS] alias`` into the expression and its alias."""
    if len(item) >= 2 and item[-1].kind == WORD:
        if item[-2].is_("AS"):
            return item[:-2], item[-1].text.lower()
        prev = item[-2]
        if (prev.kind in (WORD, STRING, NUMBER) and not prev.is_("DISTINCT", "UNIQUE", "ALL")) \
                or isinstance(prev, Slot) or (prev.kind == OP and prev.text == ")"):
            if not item[-1].is_("END", "NULL", "TRUE", "FALSE"):
                return item[:-1], item[-1].text.lower()
    return item, None


_AGGREGATES = ("COUNT", "SUM", "AVG", "MIN", "MAX")
#: Bare words that are values, not columns: labelled "(expression)".  Any
#: other bare name not found in a table (a derived table's column, say)
#: is labelled by its name, as Informix labels it.
_NILADIC = frozenset(("user", "current_user", "today", "current", "sysdate", "dbservername",
                      "sitename", "current_role", "default_role"))


def _expr_label(expr: list[Token]) -> str:
    if expr and expr[0].is_(*_AGGREGATES) and len(expr) > 1 and expr[1].text == "(":
        name = expr[0].text.lower()
        if name == "count" and len(expr) >= 3 and expr[2].text == "*":
            return "(count(*))"
        return f"({name})"
    if len(expr) == 1 and (expr[0].kind in (NUMBER, STRING)):
        return "(constant)"
    return "(expression)"


def _select_list(toks: list[Token], sel: int) -> tuple[int, int, int]:
    """Where the select list of the SELECT at ``sel`` starts and ends, and its FROM (or -1)."""
    frm = find_top(toks, sel + 1, "FROM")
    end = frm if frm >= 0 else _group_end(toks, sel)
    for stop in _CLAUSE_END:
        k = find_top(toks, sel + 1, stop)
        if 0 <= k < end:
            end = k
    head = sel + 1
    while head < end and toks[head].is_("DISTINCT", "UNIQUE", "ALL"):
        head += 1
    return head, end, frm


def _group_end(toks: list[Token], k: int) -> int:
    """The index of the ``)`` closing the parentheses around ``toks[k]`` (or the end)."""
    depth = 0
    for j in range(k, len(toks)):
        t = toks[j]
        if t.kind == OP and t.text == "(":
            depth += 1
        elif t.kind == OP and t.text == ")":
            if depth == 0:
                return j
            depth -= 1
    return len(toks)


def has_bare_placeholder(toks: list[Token]) -> bool:
    """True when the select list of a query (or of a UNION operand, parenthesized
    or not) holds a lone user ``?`` (with or without a display label or
    enclosing parentheses)."""
    for j in query_selects(toks):
        head, end, _ = _select_list(toks, j)
        for item in split_top(toks[head:end]):
            expr, _ = _item_name(item)
            while len(expr) > 2 and expr[0].kind == OP and expr[0].text == "(" \
                    and matching_paren(expr, 0) == len(expr) - 1:
                expr = expr[1:-1]
            if len(expr) == 1 and isinstance(expr[0], Slot) and expr[0].slot[0] == "user":
                return True
    return False


def derived_tables(toks: list[Token], start: int):
    """alias -> (the SELECT, the column names given after the alias or None)
    of each derived table, ``(SELECT ...) alias [(c1, ...)]``, in the FROM
    clause that begins at ``start``."""
    out: dict[str, tuple[list[Token], list[str] | None]] = {}
    n = len(toks)
    for j, t in top_level(toks, start + 1):
        if t.is_(*_CLAUSE_END):
            break
        if t.kind == OP and t.text == "(" and j + 1 < n and toks[j + 1].is_("SELECT"):
            close = matching_paren(toks, j)
            k = close + 1
            if k < n and toks[k].is_("AS"):
                k += 1
            if k < n and toks[k].kind == WORD and not toks[k].is_(*_CLAUSE_END, *_JOIN_WORDS):
                names = None
                if k + 1 < n and toks[k + 1].kind == OP and toks[k + 1].text == "(":
                    end = matching_paren(toks, k + 1)
                    names = [p[0].text.lower() for p in split_top(toks[k + 2:end]) if p]
                out[toks[k].text.lower()] = (toks[j + 1:close], names)
    return out


def select_columns(toks: list[Token], duck_names: list[str], duck_types: list[str], lookup):
    """(name, IfxType, nullable) per output column of the SELECT in ``toks``."""
    fallback = [(n, itypes.from_duckdb(d), True) for n, d in zip(duck_names, duck_types)]
    found = _declared(toks, lookup)
    if found is None:
        return fallback
    result, aggs, infos = found
    if result is None or len(result) != len(duck_types):
        return _by_name(fallback, infos)
    return _reconciled(result, aggs, duck_types)


def _declared(toks: list[Token], lookup):
    """``(result, aggs, infos)``: each output column's (name, declared type or
    None, nullable), the types of aggregate columns, the FROM clause's
    ``alias -> TableInfo``; result None when the columns can only be matched
    by name; None when ``toks`` is no plain SELECT."""
    sel = next((k for k, t in enumerate(toks) if t.is_("SELECT")), -1)
    if sel < 0 or (toks and toks[0].is_("WITH")):
        return None
    head, end, frm = _select_list(toks, sel)
    tables = from_tables(toks, frm) if frm >= 0 else []
    infos = {}
    for name, alias in tables:
        info = lookup(name)
        if info is not None:
            infos[alias] = info
    if frm >= 0:
        # A derived table's columns keep the types they have in its SELECT
        # (Informix describes them so): known ones declared, the rest None.
        for alias, (inner, names) in derived_tables(toks, frm).items():
            got = _declared(inner, lookup)
            if got is None or got[0] is None:
                continue
            cols = [(n, t) for n, t, _ in got[0]]
            if names is not None:  # alias(c1, c2, ...) names the columns
                if len(names) != len(cols):
                    continue
                cols = [(n, t) for n, (_, t) in zip(names, cols)]
            infos[alias] = TableInfo(0, alias, cols)
    result: list[tuple[str, IfxType | None, bool]] = []
    labels: dict[int, str] = {}  # index -> Informix label of an expression column
    aggs: dict[int, IfxType | None] = {}  # index -> type of an aggregate column
    column = exprtype.resolver(infos)
    for item in split_top(toks[head:end]):
        expr, alias = _item_name(item)
        if len(expr) == 1 and expr[0].kind == OP and expr[0].text == "*":
            for name, al in tables:
                info = infos.get(al)
                if info is None:
                    return None, aggs, infos
                result.extend((c, t, t is None or not t.notnull) for c, t in info.columns)
            continue
        if len(expr) == 3 and expr[1].text == "." and expr[2].text == "*":
            info = infos.get(expr[0].text.lower())
            if info is None:
                return None, aggs, infos
            result.extend((c, t, t is None or not t.notnull) for c, t in info.columns)
            continue
        col = None
        label = None
        whole = expr
        if len(expr) >= 4 and expr[0].is_("MIN", "MAX") and expr[1].text == "(" \
                and expr[-1].text == ")":
            # MIN/MAX of a column keep its declared type (nullable: no rows -> NULL)
            label = f"({expr[0].text.lower()})"
            expr = expr[2:-1]
        if len(expr) == 1 and expr[0].kind == WORD:
            col = (None, expr[0].text.lower())
        elif len(expr) == 3 and expr[1].text == "." and expr[0].kind == WORD \
                and expr[2].kind == WORD:
            col = (expr[0].text.lower(), expr[2].text.lower())
        declared = None
        if col is not None:
            owner, cname = col
            cands = [infos[owner]] if owner in infos else (
                [] if owner else list(infos.values()))
            found = [info.column(cname) for info in cands if info.column(cname) is not None]
            if len(found) == 1:
                declared = found[0]
        if declared is not None:
            if label:
                result.append((alias or label, declared.with_notnull(False), True))
            else:
                result.append((alias or col[1], declared, not declared.notnull))
            continue
        expr = whole
        if expr and isinstance(expr[0], CastOpen) and expr[0].target is not None \
                and matching_paren(expr, 0) == len(expr) - 1:
            # one cast: Informix describes it with the cast's target type
            result.append((alias or "(expression)", expr[0].target, True))
            continue
        if len(expr) == 1 and expr[0].kind == STRING and expr[0].text:
            # a quoted literal is a CHAR of its length in bytes of the database
            # code set, as Informix describes it
            result.append((alias or "(constant)", itypes.char(byte_length(expr[0].text)), True))
            continue
        if len(expr) == 1 and isinstance(expr[0], Slot) and expr[0].slot[0] in ("current", "today"):
            s = expr[0].slot
            t = itypes.DATE if s[0] == "today" else itypes.datetime_(s[1], s[2])
            result.append((alias or "(expression)", t, True))
            continue
        typed = exprtype.infer(expr, column)
        if typed is not None and (typed.family in _TIME_FAMILIES or _lob_call(expr)):
            # DATETIME/INTERVAL arithmetic keeps its Informix qualifier (exprtype)
            result.append((alias or _expr_label(expr), typed, True))
            continue
        labels[len(result)] = label or (
            col[1] if col is not None and col[1] not in _NILADIC else _expr_label(expr))
        aggs[len(result)] = _aggregate_type(expr, column) or _quotient_type(expr, column)
        result.append((alias or labels[len(result)], None, True))
    return result, aggs, infos


def _reconciled(result, aggs, duck_types):
    """The declared columns checked against what DuckDB returns: a type
    that does not match the value's is replaced by one made from DuckDB's."""
    out = []
    for k, ((name, t, nullable), d) in enumerate(zip(result, duck_types)):
        if t is None:
            t = aggs.get(k)
            if t is not None and t.duck != d:
                if t.family in ("decimal", "money"):
                    t = replace(t, duck=d)  # DuckDB's integer: fetched as a Decimal
                elif t.family not in ("decfloat", "interval_ym") \
                        and not (t.family == "float" and d == "DOUBLE"):
                    t = None
            if t is None:
                t = itypes.from_duckdb(d)
        elif t.duck != d and t.family in ("decimal", "money") and d in _INTEGERS:
            t = replace(t, duck=d)  # a view's COUNT/SUM column: DuckDB keeps an integer
        elif t.duck != d and not (t.duck.startswith("DECIMAL") and d.startswith("DECIMAL")) \
                and not (t.family == "char" and d == "VARCHAR") \
                and not (t.family == "interval_ym" and d == "INTERVAL") \
                and not (t.family == "composite" and _unquoted(t.duck) == _unquoted(d)):
            t = itypes.from_duckdb(d)  # the name matched but the value is something else
        out.append((name, t, nullable))
    return out


_INTEGERS = ("BIGINT", "HUGEINT", "INTEGER")


def _unquoted(duck: str) -> str:
    """A STRUCT type as DuckDB spells it quotes only some field names."""
    return duck.replace('"', "")


def _lob_call(expr) -> bool:
    """A smart-LOB routine call (LOTOFILE, LOCOPY, FILETOBLOB): typed by exprtype,
    as DuckDB's VARCHAR/BLOB is not what Informix describes."""
    head = expr[0]
    return (isinstance(head, Slot) and head.slot[0] == "lo_in") or (
        head.kind == WORD and head.is_("LOTOFILE", "LOCOPY") and len(expr) > 1
        and expr[1].text == "(" and matching_paren(expr, 1) == len(expr) - 1)

#: Families whose expressions ``exprtype`` types (qualifiers DuckDB loses).
_TIME_FAMILIES = ("datetime", "time", "interval_ds", "interval_ym")

#: COUNT's type: real servers describe COUNT(*) as a DECIMAL (the peer driver's
#: integration suite, run on Informix 12.10/14.10/15, gets a Decimal from
#: ``SELECT COUNT(*)``; ODBC users report SQL_DECIMAL for it). The precision
#: is not confirmed by a capture: 15 digits hold any row count.
COUNT_TYPE = itypes.decimal(15, 0)


def _aggregate_type(expr: list[Token], column) -> IfxType | None:
    """The Informix type of a COUNT/SUM/AVG/MIN/MAX select item, or None.

    COUNT is a DECIMAL (see ``COUNT_TYPE``). AVG is a floating DECIMAL(32),
    except that of a FLOAT/SMALLFLOAT, which stays a FLOAT; SUM of an integer
    is a DECIMAL(32,0), of a DECIMAL(p,s) a DECIMAL(32,s), of MONEY a MONEY(32,s)
    and of a FLOAT a FLOAT (the peer suite: SUM and AVG of an INTEGER column
    are Decimals). MIN/MAX keep the argument's type.
    """
    if not (len(expr) >= 4 and expr[0].is_(*_AGGREGATES) and expr[1].text == "("
            and matching_paren(expr, 1) == len(expr) - 1):
        return None
    name = expr[0].up
    if name == "COUNT":
        return COUNT_TYPE
    arg = expr[2:-1]
    if arg and arg[0].is_("DISTINCT", "UNIQUE", "ALL"):
        arg = arg[1:]
    t = exprtype.infer(arg, column) if arg else None
    if name in ("MIN", "MAX") or (t is not None and t.family == "interval_ym"):
        return t  # SUM/AVG of YEAR TO MONTH spans are spans (months: any number)
    if t is not None and t.family == "float":
        return itypes.FLOAT
    if name == "AVG":
        return itypes.decimal(32)
    if t is None:
        return None
    if t.family == "int":
        return itypes.decimal(32, 0)
    if t.family in ("decimal", "money"):
        return itypes.decimal(32, t.scale, money=t.family == "money")
    if t.family == "decfloat":
        return itypes.decimal(32)
    return None


def _quotient_type(expr: list[Token], column) -> IfxType | None:
    """``a / b`` of two DECIMALs (columns or literals such as 5.52): a floating
    DECIMAL(32), as Informix divides decimals (HCL ESQL/C guide, "Obtain the
    DECIMAL data type of the arithmetic result"); DuckDB types it DOUBLE, so the
    value is the double's shortest digits.  None for anything else."""
    depth, ops = 0, []
    for k, t in enumerate(expr):
        if t.kind == OP and t.text == "(":
            depth += 1
        elif t.kind == OP and t.text == ")":
            depth -= 1
        elif depth == 0 and t.kind == OP and t.text in ("+", "-", "*", "/", "||"):
            ops.append(k)
    if len(ops) != 1 or expr[ops[0]].text != "/" or ops[0] == 0:
        return None
    if all(_is_decimal(side, column) for side in (expr[: ops[0]], expr[ops[0] + 1 :])):
        return itypes.decimal(32)
    return None


def _is_decimal(toks: list[Token], column) -> bool:
    if len(toks) == 1 and toks[0].kind == NUMBER:
        return "." in toks[0].text and "e" not in toks[0].text.lower()  # a DECIMAL literal
    t = exprtype.infer(toks, column)
    return t is not None and t.family == "decimal"


def _by_name(fallback, infos):
    """Match output columns to table columns by name alone (joins with USING, ...)."""
    out = []
    for name, t, nullable in fallback:
        found = [i.column(name) for i in infos.values() if i.column(name) is not None]
        if len(found) == 1 and found[0].duck == t.duck:
            out.append((name, found[0], not found[0].notnull))
        else:
            out.append((name, t, nullable))
    return out


__all__ = ["select_columns", "from_tables", "has_bare_placeholder", "T"]
