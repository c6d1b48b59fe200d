"""Floating DECIMAL(p) columns stored as text, read as DOUBLE inside expressions.

DuckDB has no floating decimal. A DOUBLE keeps 15 significant digits over
Informix's whole exponent range; a DECIMAL(38, s) keeps 38 digits in one
fixed window. A DECIMAL(16..32) column needs both (``9999999999999999``
and ``1.2345E+50`` in one DECIMAL(16)), so its values are stored as their
exact decimal text (``IfxType.duck == "VARCHAR"``). Selected as a whole
select-list item the text comes back exact (the fetch converter rounds it
to p digits); anywhere else (WHERE, ORDER BY, arithmetic, aggregates) the
reference is rewritten to ``CAST(ref AS DOUBLE)`` so it compares and sorts
as a number.
"""

from __future__ import annotations

from informix_db.testing.engine.lexer import OP, WORD, Token

_CLAUSE_WORDS = ("FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "UNION",
                 "INTERSECT", "EXCEPT", "INTO")


def is_text_stored(t) -> bool:
    """True for a floating DECIMAL stored as its decimal text."""
    return t.family == "decfloat" and t.duck == "VARCHAR"


def _kept_positions(toks: list[Token]) -> set[int]:
    """Token positions of whole select-list items (``c``, ``a.c``, with an alias) and of
    GROUP BY items: these keep the stored text (GROUP BY must match the select list)."""
    keep: set[int] = set()
    n = len(toks)
    k = 0
    while k < n:
        t = toks[k]
        if t.is_("SELECT"):
            j = k + 1
            while j < n and toks[j].is_("DISTINCT", "UNIQUE", "ALL"):
                j += 1
            depth = 0
            item_start = j
            while j <= n:
                tj = toks[j] if j < n else None
                at_end = tj is None or (depth == 0 and (tj.is_(*_CLAUSE_WORDS)
                                                        or (tj.kind == OP and tj.text == ")")))
                if at_end or (depth == 0 and tj.kind == OP and tj.text == ","):
                    _keep_item(toks, item_start, j, keep)
                    item_start = j + 1
                    if at_end:
                        break
                elif tj.kind == OP and tj.text == "(":
                    depth += 1
                elif tj.kind == OP and tj.text == ")":
                    depth -= 1
                j += 1
        elif t.is_("GROUP") and k + 1 < n and toks[k + 1].is_("BY"):
            j = k + 2
            depth = 0
            while j < n:
                tj = toks[j]
                if tj.kind == OP and tj.text == "(":
                    depth += 1
                elif tj.kind == OP and tj.text == ")":
                    if depth == 0:
                        break
                    depth -= 1
                elif depth == 0 and tj.is_(*_CLAUSE_WORDS):
                    break
                if depth == 0 and tj.kind == WORD:
                    keep.add(j)
                j += 1
        k += 1
    return keep


def _is_dot(tok: Token) -> bool:
    return tok.kind == OP and tok.text == "."


def _keep_item(toks: list[Token], a: int, b: int, keep: set[int]) -> None:
    """Mark the column of a select-list item ``toks[a:b]`` that is just ``c`` or ``a.c``."""
    item = toks[a:b]
    if len(item) >= 3 and item[-2].is_("AS"):
        item = item[:-2]
    elif (len(item) == 2 and item[0].kind == WORD and item[1].kind == WORD) or (
            len(item) == 4 and _is_dot(item[1]) and item[3].kind == WORD):
        item = item[:-1]  # a bare alias after the column
    if len(item) == 1 and item[0].kind == WORD:
        keep.add(a)
    elif len(item) == 3 and item[0].kind == WORD and _is_dot(item[1]) and item[2].kind == WORD:
        keep.add(a + 2)


def wrap_refs(toks: list[Token], tables: dict) -> list[Token]:
    """``toks`` with references to text-stored DECIMAL columns cast to DOUBLE,
    except whole select-list items and GROUP BY items (see the module docstring)."""
    wide = {alias: {c for c, t in info.columns if is_text_stored(t)}
            for alias, info in tables.items() if info is not None}
    names = set().union(*wide.values()) if wide else set()
    if not names:
        return toks
    keep = _kept_positions(toks)
    out: list[Token] = []
    n = len(toks)
    k = 0
    while k < n:
        t = toks[k]
        nxt = toks[k + 1] if k + 1 < n else None
        if t.kind == WORD and nxt is not None and nxt.kind == OP and nxt.text == "." \
                and k + 2 < n and toks[k + 2].kind == WORD \
                and toks[k + 2].text.lower() in wide.get(t.text.lower(), ()) \
                and k + 2 not in keep \
                and not (k + 3 < n and toks[k + 3].kind == OP and toks[k + 3].text == "("):
            out += [Token(WORD, "CAST"), Token(OP, "("), t, nxt, toks[k + 2],
                    Token(WORD, "AS"), Token(WORD, "DOUBLE"), Token(OP, ")")]
            k += 3
            continue
        prev = toks[k - 1] if k else None
        if t.kind == WORD and t.text.lower() in names and k not in keep \
                and not (prev is not None and (prev.is_("AS") or
                                               (prev.kind == OP and prev.text == "."))) \
                and not (nxt is not None and nxt.kind == OP and nxt.text in ("(", ".")):
            out += [Token(WORD, "CAST"), Token(OP, "("), t, Token(WORD, "AS"),
                    Token(WORD, "DOUBLE"), Token(OP, ")")]
            k += 1
            continue
        out.append(t)
        k += 1
    return out
