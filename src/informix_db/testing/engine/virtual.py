"""Catalog tables served as inline subqueries instead of DuckDB objects.

Most of the catalog's ~70 objects are empty in this engine, and the rest are
views; creating them in every new database (a DuckDB table or view each)
doubled the cost of creating a database. A statement naming one in its FROM
list gets, in that place, the object's SELECT as a subquery instead
(``FROM sysams`` -> ``FROM (SELECT ... WHERE false) AS "sysams"``). The
token keeps the object's name, so describing still finds its declared
columns in the catalog.
"""

from __future__ import annotations

from dataclasses import dataclass

from informix_db.testing.engine.lexer import OP, WORD, Token

#: name -> the SELECT that serves it (filled by ``syscat``, ``catalog``, ``smi``).
REGISTRY: dict[str, str] = {}

_ENDS = ("WHERE", "GROUP", "HAVING", "ORDER", "UNION", "INTERSECT", "EXCEPT", "LIMIT",
         "OFFSET", "INTO", "FOR", "SELECT", "SET", "VALUES")
_NOT_ALIAS = (*_ENDS, "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "NATURAL",
              "ON", "USING", "LATERAL")


@dataclass(slots=True)
class VirtualTable(Token):
    """A FROM-list name rendered as its subquery (``body``)."""

    body: str = ""

    def render(self) -> str:
        return self.body


def expand(toks: list[Token]) -> list[Token]:
    """``toks`` with every registered name in a FROM list made a ``VirtualTable``."""
    if not any(t.kind == WORD and t.text.lower() in REGISTRY for t in toks):
        return toks
    out: list[Token] = []
    in_from = [False]  # per parenthesis depth: inside a FROM list
    for k, t in enumerate(toks):
        if t.kind == OP and t.text == "(":
            in_from.append(False)
        elif t.kind == OP and t.text == ")":
            if len(in_from) > 1:
                in_from.pop()
        elif t.is_("FROM"):
            in_from[-1] = True
        elif t.is_(*_ENDS):
            in_from[-1] = False
        name = t.text.lower()
        if (t.kind == WORD and not isinstance(t, VirtualTable) and name in REGISTRY
                and in_from[-1] and out and _table_place(out)):
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            aliased = nxt is not None and (
                nxt.is_("AS") or (nxt.kind == WORD and not nxt.is_(*_NOT_ALIAS)))
            body = f"({REGISTRY[name]})" + ("" if aliased else f' AS "{name}"')
            out.append(VirtualTable(WORD, t.text, t.pos, body))
        else:
            out.append(t)
    return out


def _table_place(out: list[Token]) -> bool:
    prev = out[-1]
    if prev.is_("JOIN", "OUTER") or (prev.kind == OP and prev.text == ","):
        return True
    # DELETE FROM a catalog table names no subquery (DuckDB then finds no table)
    return prev.is_("FROM") and not (len(out) > 1 and out[-2].is_("DELETE"))
