"""INSERT and UPDATE rewrites: coerce written values to the declared types, fill SERIALs.

Every value written to a column passes through ``values.coerce_sql`` for its
declared type. A SERIAL/SERIAL8/BIGSERIAL column given 0 or nothing gets the
table's next counter value: the statement takes the counter as a ``serial``
slot and numbers the generated rows from it; ``RETURNING`` hands the written
serials back so the session can advance the counter past explicit values and
report the generated one.  NULL is refused (-391 naming ``table.column``):
"NULL values are not valid in serial columns" (IBM Informix Guide to SQL:
Syntax, INSERT statement, "Inserting Values into Serial Columns",
https://www.ibm.com/docs/en/informix-servers/12.10?topic=statement-inserting-values-into-serial-columns).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from informix_db.testing.engine.catalog import TableInfo
from informix_db.testing.engine.errors import InformixError
from informix_db.testing.engine.itypes import IfxType
from informix_db.testing.engine import dtext
from informix_db.testing.engine.exprtype import MAYBE_TEXT
from informix_db.testing.engine.lexer import (
    NUMBER, OP, STRING, WORD, Token, find_top, matching_paren, split_top,
)
from informix_db.testing.engine.values import coerce_sql
from informix_db.testing.engine.xlate import CastOpen, SeqCall, Slot, slot

NULL_INTO_NOT_NULL = -391  # Cannot insert a null into column (table.column)


@dataclass
class Rewrite:
    """A rewritten DML statement: tokens in DuckDB form, plus SERIAL bookkeeping."""

    tokens: list[Token]
    serials: list[tuple[str, IfxType]] = field(default_factory=list)
    known: dict[int, IfxType] = field(default_factory=dict)  # parameter index -> column type
    #: parameter index -> the column a lone ``?`` is written to (VALUES of one row, SET)
    targets: dict[int, str] = field(default_factory=dict)
    #: INSERT ... VALUES of one row: per SERIAL column, the user parameter that gives
    #: its value, or None when the column is left out (always generated); a column
    #: given any other way is absent.
    serial_params: dict[str, int | None] = field(default_factory=dict)


def _param_of(tokens: list[Token]) -> int | None:
    """The user parameter index when ``tokens`` is a lone ``?``."""
    if len(tokens) == 1 and isinstance(tokens[0], Slot) and tokens[0].slot[0] == "user":
        return tokens[0].slot[1]
    return None


class _Builder:
    """Builds the output as text fragments interleaved with slot tokens."""

    def __init__(self) -> None:
        self.out: list[Token] = []

    def raw(self, text: str) -> None:
        self.out.append(Token("raw", text))

    def toks(self, tokens: list[Token]) -> None:
        self.out.extend(tokens)

    def coerced(self, t: IfxType, tokens: list[Token]) -> None:
        """``coerce_sql(t, <tokens>)`` with the slots of ``tokens`` kept as tokens."""
        if len(tokens) == 1 and tokens[0].kind == STRING and (
                t.family in dtext.FAMILIES or t.family == "composite"):
            # Informix reads the text as a literal of the column's qualifier; the
            # value is converted at execute time so bad text fails there.
            tokens = [slot("text", tokens[0].text, t)]
        elif t.family == "interval_ym":
            tokens = months_of_interval(months_of_literal(tokens))
        elif t.family in ("char", "varchar", "lvarchar") and not (
                len(tokens) == 1 and (tokens[0].kind in (STRING, NUMBER)
                                      or _param_of(tokens) is not None)):
            # a DATETIME stored as text prints all its digits; the planner, which
            # knows the column types, resolves the mark (exprtype.datetime_texts)
            tokens = [Token(WORD, MAYBE_TEXT), Token(OP, "("), *tokens, Token(OP, ")")]
        if any(isinstance(x, SeqCall) for x in tokens):
            # the wrapper may repeat the value (range checks): seq.NEXTVAL must
            # advance once, so it is read once, by an uncorrelated subquery
            tokens = [Token("raw", "(SELECT"), *tokens, Token("raw", ")")]
        marker = "\x00EXPR\x00"
        wrapper = coerce_sql(t, marker)
        pieces = wrapper.split(marker)
        for k, piece in enumerate(pieces):
            if piece:
                self.raw(piece)
            if k < len(pieces) - 1:
                self.out.append(Token(OP, "("))
                self.out.extend(tokens)
                self.out.append(Token(OP, ")"))


def months_of_literal(tokens: list[Token]) -> list[Token]:
    """A YEAR TO MONTH literal (``to_months(n)``) stored in such a column is just ``n``."""
    if len(tokens) == 6 and tokens[0].text == "(" and tokens[-1].text == ")":
        tokens = tokens[1:-1]  # the literal's typed group (xlate: _dt_literal)
    if len(tokens) == 4 and tokens[0].kind == WORD and tokens[0].text == "to_months" \
            and tokens[1].text == "(" and tokens[3].text == ")":
        return [tokens[2]]
    return tokens


def months_of_interval(tokens: list[Token]) -> list[Token]:
    """The whole months of a YEAR TO MONTH *expression* (a DuckDB INTERVAL: it holds a
    YEAR TO MONTH literal or a column read as months, see exprtype.ym_refs), the number
    a YEAR TO MONTH column stores; anything else is left as it is."""
    if not any((isinstance(t, CastOpen) and t.target is not None
                and t.target.family == "interval_ym") or t.text == "to_months" for t in tokens) \
            or any(isinstance(t, Slot) for t in tokens):  # a slot would be bound twice
        return tokens
    x = [Token(OP, "("), *tokens, Token(OP, ")")]
    return [Token("raw", "(datepart('year', "), *x, Token("raw", ") * 12 + datepart('month', "),
            *x, Token("raw", "))")]


def _serial_expr(b: _Builder, t: IfxType, table: str, col: str, value: list[Token] | None,
                 multi: bool) -> None:
    """The value written to a SERIAL column: the given one, or the next from the counter."""
    base = slot("serial", col)
    # Single rows take the counter's next value; a batch (multi) numbers its
    # generated rows in order, so each row gets what it would get alone.
    if value is None:
        b.raw("CAST(")
        b.out.append(base)
        b.raw((" + row_number() OVER ()" if multi else " + 1") + f" AS {t.duck})")
        return

    def generated() -> None:  # 0 asks for the next serial
        b.raw("(")
        b.toks(value)
        b.raw(") = 0")

    b.raw("CAST(CASE WHEN (")
    b.toks(value)
    # NULL is not a serial value (see the module docstring): -391 table.column
    where = f"{table}.{col}".replace("'", "''")
    b.raw(f") IS NULL THEN error('IFX{NULL_INTO_NOT_NULL}|{where}') WHEN ")
    generated()
    b.raw(" THEN ")
    b.out.append(base)
    if multi:
        b.raw(" + sum(CASE WHEN ")
        generated()
        b.raw(" THEN 1 ELSE 0 END) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)")
    else:
        b.raw(" + 1")
    b.raw(" ELSE (")
    b.toks(value)
    b.raw(f") END AS {t.duck})")


def rewrite_insert(toks: list[Token], info: TableInfo) -> Rewrite:
    """``INSERT INTO t [(cols)] VALUES (...) | SELECT ...`` with coercions and SERIALs."""
    # toks: INSERT INTO name ...
    i = 3
    if i < len(toks) and toks[i].kind == OP and toks[i].text == "(" and not (
            i + 1 < len(toks) and toks[i + 1].is_("SELECT", "WITH")):
        close = matching_paren(toks, i)
        cols = [p[0].text.lower() for p in split_top(toks[i + 1 : close]) if p]
        i = close + 1
    else:
        cols = [c for c, _ in info.columns]
    for c in cols:
        if info.column(c) is None:
            raise InformixError(-217, token=c)
    source = toks[i:]
    serial_cols = [(c, t) for c, t in info.columns if t.serial]
    missing_serials = [(c, t) for c, t in serial_cols if c not in cols]
    b = _Builder()
    target = cols + [c for c, _ in missing_serials]
    b.raw(f'INSERT INTO "{info.name}" (' + ", ".join(f'"{c}"' for c in target) + ") ")
    single = False
    rows: list[list[Token]] = []
    if source and source[0].is_("VALUES"):
        rest = source[1:]
        groups = split_top(rest)
        for g in groups:
            if not g or g[0].kind != OP or g[0].text != "(" or matching_paren(g, 0) != len(g) - 1:
                raise InformixError(-201, token=g[0].text if g else "VALUES")
            rows.append(g[1:-1])
        single = len(rows) == 1
    elif not source or not (source[0].is_("SELECT", "WITH") or
                            (source[0].kind == OP and source[0].text == "(")):
        raise InformixError(-201, token=source[0].text if source else "INSERT")
    known: dict[int, IfxType] = {}
    targets: dict[int, str] = {}
    serial_params: dict[str, int | None] = {}
    if single:
        values = split_top(rows[0])
        if len(values) != len(cols):
            raise InformixError(-236)
        for c, v in zip(cols, values):
            idx = _param_of(v)
            if idx is not None:
                known[idx] = info.column(c)
                targets[idx] = c
        b.raw("VALUES (")
        for k, (c, v) in enumerate(zip(cols, values)):
            if k:
                b.raw(", ")
            t = info.column(c)
            if t.serial:
                _serial_expr(b, t, info.name, c, v, multi=False)
                if _param_of(v) is not None:
                    serial_params[c] = _param_of(v)
            else:
                b.coerced(t, v)
        for c, t in missing_serials:
            b.raw(", ")
            _serial_expr(b, t, info.name, c, None, multi=False)
            serial_params[c] = None
        b.raw(")")
    else:
        names = [f"__c{k}" for k in range(len(cols))]
        b.raw("SELECT ")
        for k, (c, n) in enumerate(zip(cols, names)):
            if k:
                b.raw(", ")
            t = info.column(c)
            ref = [Token("raw", f"__src.{n}")]
            if t.serial:
                _serial_expr(b, t, info.name, c, ref, multi=True)
            else:
                b.coerced(t, ref)
        for c, t in missing_serials:
            b.raw(", " if cols else "")
            _serial_expr(b, t, info.name, c, None, multi=True)
        b.raw(" FROM (")
        b.toks(source)
        b.raw(") AS __src(" + ", ".join(names) + ")")
    if serial_cols:
        b.raw(" RETURNING " + ", ".join(f'"{c}"' for c, _ in serial_cols))
    return Rewrite(b.out, serial_cols, known, targets, serial_params)


def rewrite_update(toks: list[Token], info: TableInfo) -> Rewrite:
    """``UPDATE t SET c = e, (a, b) = (x, y) [WHERE ...]`` with each value coerced."""
    set_at = find_top(toks, 0, "SET")
    if set_at < 0:
        raise InformixError(-201, token="UPDATE")
    where_at = find_top(toks, set_at + 1, "WHERE")
    end = where_at if where_at >= 0 else len(toks)
    b = _Builder()
    b.toks(toks[: set_at + 1])
    pairs: list[tuple[str, list[Token]]] = []
    assigns = toks[set_at + 1 : end]
    if assigns and assigns[0].kind == OP and assigns[0].text == "(":
        close = matching_paren(assigns, 0)
        names = [p[-1].text.lower() for p in split_top(assigns[1:close]) if p]
        if close + 1 >= len(assigns) or assigns[close + 1].text != "=":
            raise InformixError(-201, token="SET")
        rhs = assigns[close + 2 :]
        if not rhs or rhs[0].text != "(" or matching_paren(rhs, 0) != len(rhs) - 1:
            raise InformixError(-201, token="SET")
        exprs = split_top(rhs[1:-1])
        if len(exprs) != len(names):
            raise InformixError(-201, token="SET")
        pairs = list(zip(names, exprs))
    else:
        for part in split_top(assigns):
            eq = next((k for k, t in enumerate(part) if t.kind == OP and t.text == "="), -1)
            if eq < 1:
                raise InformixError(-201, token=part[0].text if part else "SET")
            pairs.append((part[eq - 1].text.lower(), part[eq + 1 :]))
    known: dict[int, IfxType] = {}
    targets: dict[int, str] = {}
    for k, (name, expr) in enumerate(pairs):
        t = info.column(name)
        if t is None:
            raise InformixError(-217, token=name)
        idx = _param_of(expr)
        if idx is not None:
            known[idx] = t
            targets[idx] = name
        if k:
            b.raw(", ")
        b.raw(f'"{name}" = ')
        b.coerced(t, expr)
    if where_at >= 0:
        b.toks(toks[where_at:])
    return Rewrite(b.out, known=known, targets=targets)


def table_name_at(toks: list[Token], i: int) -> str:
    if i >= len(toks) or toks[i].kind not in (WORD, "string"):
        raise InformixError(-201, token=toks[i].text if i < len(toks) else "")
    return toks[i].text.lower()
