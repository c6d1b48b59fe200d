"""Work on parsed SPL statements: SELECT ... INTO lists, FOR ranges, RETURN
counts, and the WHERE CURRENT OF rewrite of a FOREACH cursor (parser helpers)."""

from __future__ import annotations

from informix_db.testing.engine.errors import InformixError
from informix_db.testing.engine.lexer import OP, WORD, Token, find_top, split_top
from informix_db.testing.engine.spl import nodes as n


def bad(tok: Token | None) -> InformixError:
    """The -201 of a syntax error at ``tok`` (None: the text ended too soon)."""
    return InformixError(-201, token=tok.text if tok is not None else "END")


def cursor_variable(cursor: str) -> str:
    """The variable holding the rowid of ``cursor``'s current row."""
    return f"__spl_cursor_{cursor}"


def current_of(body: list, cursor: str) -> bool:
    """Rewrite ``CURRENT OF cursor`` in the body's statements to ``rowid = <its
    variable>``; whether there was any."""
    found = False
    for st in body:
        if isinstance(st, n.Sql):
            toks = st.query.tokens
            out: list[Token] = []
            k = 0
            while k < len(toks):
                if (toks[k].is_("CURRENT") and k + 2 < len(toks) and toks[k + 1].is_("OF")
                        and toks[k + 2].text.lower() == cursor):
                    out += [Token(WORD, "rowid", -1), Token(OP, "=", -1),
                            Token(WORD, cursor_variable(cursor), -1)]
                    k += 3
                    found = True
                    continue
                out.append(toks[k])
                k += 1
            st.query.tokens = out
        for inner in _children(st):
            found = current_of(inner, cursor) or found
    return found


def check_returns(body: list, count: int) -> None:
    """Every RETURN gives as many values as RETURNING declares (or none)."""
    for st in body:
        if isinstance(st, n.Return) and st.values and len(st.values) != count:
            raise InformixError(-201, token="RETURN")
        for inner in _children(st):
            check_returns(inner, count)


def _children(st) -> list[list]:
    if isinstance(st, n.If):
        return [b for _, b in st.branches] + [st.otherwise]
    if isinstance(st, (n.ForRange, n.While, n.Loop, n.Foreach)):
        return [st.body]
    if isinstance(st, n.Block):
        return [st.body] + [h.body for h in st.handlers]
    return []


def range_of(toks: list[Token]) -> tuple:
    """``a [TO b [STEP s]]`` -> (a, b, s) expressions."""
    to = find_top(toks, 0, "TO")
    step = find_top(toks, 0, "STEP")
    if to < 0:
        if step >= 0 or not toks:
            raise bad(toks[step] if step >= 0 else None)
        return n.Expr(toks), None, None
    end = step if step > to else len(toks)
    if to == 0 or end == to + 1 or (step > to and step == len(toks) - 1):
        raise bad(toks[to])
    return (n.Expr(toks[:to]), n.Expr(toks[to + 1:end]),
            n.Expr(toks[step + 1:]) if step > to else None)


def split_into(toks: list[Token]) -> tuple[list[Token], list[str]]:
    """A SELECT's ``INTO v, ...`` (not INTO TEMP) taken out: (statement, variables)."""
    if not toks or not toks[0].is_("SELECT"):
        return toks, []
    into = find_top(toks, 0, "INTO")
    if into < 0 or (into + 1 < len(toks) and toks[into + 1].is_("TEMP", "EXTERNAL", "RAW",
                                                                "SCRATCH")):
        return toks, []
    end = find_top(toks, into, "FROM")
    end = len(toks) if end < 0 else end
    names = []
    for part in split_top(toks[into + 1:end]):
        if len(part) != 1 or part[0].kind != WORD:
            raise bad(part[0] if part else toks[into])
        names.append(part[0].text.lower())
    return toks[:into] + toks[end:], names
