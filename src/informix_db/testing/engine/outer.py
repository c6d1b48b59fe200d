"""Informix's own outer-join form: ``FROM a, OUTER b WHERE a.x = b.x``.

The conditions of the WHERE clause that name an OUTER table (``b.col``)
become that table's ``LEFT JOIN ... ON``; the rest stay in WHERE. The
tables before the first OUTER are cross-joined so every ON can see them.
Nested forms (``OUTER (b, c)``) are left alone (DuckDB then reports them).
"""

from __future__ import annotations

from informix_db.testing.engine.lexer import OP, WORD, Token, find_top, matching_paren, split_top

_WHERE_END = ("GROUP", "HAVING", "ORDER", "UNION", "INTERSECT", "EXCEPT", "LIMIT", "OFFSET",
              "INTO", "FOR")


def _conjuncts(toks: list[Token]) -> list[list[Token]]:
    """Split a condition at top-level ANDs (not the AND of BETWEEN)."""
    parts: list[list[Token]] = [[]]
    depth = 0
    pending_between = 0
    for t in toks:
        if t.kind == OP and t.text == "(":
            depth += 1
        elif t.kind == OP and t.text == ")":
            depth -= 1
        elif depth == 0 and t.is_("BETWEEN"):
            pending_between += 1
        elif depth == 0 and t.is_("AND"):
            if pending_between:
                pending_between -= 1
            else:
                parts.append([])
                continue
        parts[-1].append(t)
    return [p for p in parts if p]


def _names(item: list[Token]) -> tuple[str, str]:
    name = item[0].text.lower()
    alias = name
    rest = [t for t in item[1:] if not t.is_("AS")]
    if rest and rest[0].kind == WORD:
        alias = rest[0].text.lower()
    return name, alias


def _mentions(cond: list[Token], alias: str) -> bool:
    return any(t.kind == WORD and t.text.lower() == alias and k + 1 < len(cond)
               and cond[k + 1].kind == OP and cond[k + 1].text == "."
               for k, t in enumerate(cond))


_SET_OPS = ("UNION", "INTERSECT", "EXCEPT")


def rewrite_outer(toks: list[Token]) -> list[Token]:
    """The SELECT ``toks`` with ``, OUTER t`` turned into LEFT JOINs (each SELECT of a UNION)."""
    ops = [k for k in (find_top(toks, 0, w) for w in _SET_OPS) if k >= 0]
    if ops:
        k = min(ops)
        return _rewrite_operand(toks[:k]) + [toks[k]] + rewrite_outer(toks[k + 1 :])
    return _rewrite_operand(toks)


def _rewrite_operand(toks: list[Token]) -> list[Token]:
    """One query operand: ``[ALL] SELECT ...`` or ``[ALL] (query) [ORDER BY ...]``."""
    k = 0
    while k < len(toks) and toks[k].is_("ALL", "DISTINCT"):
        k += 1
    if k < len(toks) and toks[k].kind == OP and toks[k].text == "(":
        close = matching_paren(toks, k)
        return toks[: k + 1] + rewrite_outer(toks[k + 1 : close]) + toks[close:]
    return toks[:k] + _rewrite_one(toks[k:])


def _rewrite_one(toks: list[Token]) -> list[Token]:
    frm = find_top(toks, 0, "FROM")
    if frm < 0:
        return toks
    where = find_top(toks, frm + 1, "WHERE")
    end_words = [find_top(toks, frm + 1, w) for w in _WHERE_END]
    clause_end = min([k for k in end_words if k >= 0] + [len(toks)])
    from_end = where if 0 <= where < clause_end else clause_end
    items = split_top(toks[frm + 1 : from_end])
    if not any(it and it[0].is_("OUTER") for it in items):
        return toks
    inner: list[list[Token]] = []
    outer: list[list[Token]] = []
    for it in items:
        if it and it[0].is_("OUTER"):
            body = it[1:]
            if not body or body[0].kind != WORD:
                return toks  # OUTER (a, b): not handled
            outer.append(body)
        else:
            inner.append(it)
    conds = _conjuncts(toks[where + 1 : clause_end]) if 0 <= where < clause_end else []
    on: dict[int, list[list[Token]]] = {k: [] for k in range(len(outer))}
    rest: list[list[Token]] = []
    for c in conds:
        owners = [k for k, o in enumerate(outer) if _mentions(c, _names(o)[1])]
        if owners:
            on[max(owners)].append(c)
        else:
            rest.append(c)
    out = list(toks[: frm + 1])
    for k, it in enumerate(inner):
        if k:
            out += [Token(WORD, "CROSS"), Token(WORD, "JOIN")]
        out += it
    for k, o in enumerate(outer):
        out += [Token(WORD, "LEFT"), Token(WORD, "JOIN")] + o + [Token(WORD, "ON")]
        if not on[k]:
            out.append(Token(WORD, "TRUE"))
        for j, c in enumerate(on[k]):
            if j:
                out.append(Token(WORD, "AND"))
            out += [Token(OP, "(")] + c + [Token(OP, ")")]
    if rest:
        out.append(Token(WORD, "WHERE"))
        for j, c in enumerate(rest):
            if j:
                out.append(Token(WORD, "AND"))
            out += [Token(OP, "(")] + c + [Token(OP, ")")]
    out += toks[clause_end:]
    return out
