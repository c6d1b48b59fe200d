"""The declared type each ``?`` stands for, where the statement makes it plain.

An input DESCRIBE wants a type per parameter. Informix derives it from
the column the marker is written to or compared with; this module finds
the same for the plain forms: ``INSERT ... VALUES (?, ...)``, ``SET c = ?``,
``c = ?`` (and the other comparisons, LIKE/MATCHES, BETWEEN, IN lists).
Anything else stays unknown (None).
"""

from __future__ import annotations

from informix_db.testing.engine.catalog import TableInfo
from informix_db.testing.engine.itypes import IfxType
from informix_db.testing.engine.lexer import OP, WORD, Token
from informix_db.testing.engine.xlate import Slot

_COMPARE = ("=", "<>", "!=", "<", ">", "<=", ">=", "==")


def _user_index(tok: Token) -> int | None:
    if isinstance(tok, Slot) and tok.slot[0] in ("user", "matches"):
        return tok.slot[1]
    return None


def _column_before(toks: list[Token], k: int, tables: dict[str, TableInfo]) -> IfxType | None:
    """The declared type of a column reference ending at ``toks[k]``."""
    if k < 0 or toks[k].kind != WORD:
        return None
    name = toks[k].text.lower()
    if k >= 2 and toks[k - 1].kind == OP and toks[k - 1].text == "." and toks[k - 2].kind == WORD:
        info = tables.get(toks[k - 2].text.lower())
        return info.column(name) if info else None
    found = [info.column(name) for info in tables.values() if info.column(name) is not None]
    return found[0] if len(found) == 1 else None


def _column_after(toks: list[Token], k: int, tables: dict[str, TableInfo]) -> IfxType | None:
    """The declared type of a column reference starting at ``toks[k]``."""
    if k >= len(toks) or toks[k].kind != WORD:
        return None
    if k + 2 < len(toks) and toks[k + 1].kind == OP and toks[k + 1].text == "." \
            and toks[k + 2].kind == WORD:
        if k + 3 < len(toks) and toks[k + 3].kind == OP and toks[k + 3].text == "(":
            return None
        return _column_before(toks, k + 2, tables)
    if k + 1 < len(toks) and toks[k + 1].kind == OP and toks[k + 1].text == "(":
        return None  # a function call, not a column
    return _column_before(toks, k, tables)


def infer(toks: list[Token], nparams: int, tables: dict[str, TableInfo],
          known: dict[int, IfxType] | None = None) -> list[IfxType | None]:
    """A type (or None) per user parameter of the translated ``toks``."""
    types: list[IfxType | None] = [None] * nparams
    for i, t in (known or {}).items():
        if 0 <= i < nparams:
            types[i] = t
    n = len(toks)
    for k, tok in enumerate(toks):
        idx = _user_index(tok)
        if idx is None or idx >= nparams or types[idx] is not None:
            continue
        prev = toks[k - 1] if k else None
        nxt = toks[k + 1] if k + 1 < n else None
        found = None
        if prev is not None and prev.kind == OP and prev.text in _COMPARE:
            found = _column_before(toks, k - 2, tables)
        elif prev is not None and prev.is_("LIKE"):
            found = _column_before(toks, k - 2, tables)
        elif prev is not None and prev.is_("TO") and k >= 3 and toks[k - 2].is_("SIMILAR"):
            back = k - 4 if toks[k - 3].is_("NOT") else k - 3
            found = _column_before(toks, back, tables)
        if found is None and nxt is not None and nxt.kind == OP and nxt.text in _COMPARE:
            found = _column_after(toks, k + 2, tables)
        if found is None and prev is not None and (prev.is_("BETWEEN", "AND")
                                                   or prev.text in ("(", ",")):
            found = _list_or_range_column(toks, k, tables)
        types[idx] = found
    return types


def _list_or_range_column(toks, k, tables) -> IfxType | None:
    """``c BETWEEN ? AND ?`` and ``c IN (?, ?)``: the column ``c``."""
    depth = 0
    j = k - 1
    while j >= 0:
        t = toks[j]
        if t.kind == OP and t.text == ")":
            depth += 1
        elif t.kind == OP and t.text == "(":
            if depth == 0:
                if j >= 1 and toks[j - 1].is_("IN"):
                    back = j - 3 if j >= 2 and toks[j - 2].is_("NOT") else j - 2
                    return _column_before(toks, back, tables)
                return None
            depth -= 1
        elif depth == 0 and t.is_("BETWEEN"):
            back = j - 2 if j >= 1 and toks[j - 1].is_("NOT") else j - 1
            return _column_before(toks, back, tables)
        elif depth == 0 and (t.is_("WHERE", "AND", "OR", "ON", "HAVING", "SET")
                             and not (t.is_("AND") and _between_before(toks, j))):
            return None
        j -= 1
    return None


def _between_before(toks, j) -> bool:
    """True when the AND at ``j`` is the one of a ``BETWEEN x AND y``."""
    for m in range(j - 1, max(-1, j - 4), -1):
        if toks[m].is_("BETWEEN"):
            return True
    return False
