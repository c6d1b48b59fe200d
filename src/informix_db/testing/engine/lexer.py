"""Split Informix SQL into tokens, and put tokens back together as DuckDB SQL.

Informix lexical rules that differ from DuckDB's: a double-quoted text is a
string literal, unless the client set DELIMIDENT (then it is a delimited
identifier, see ``QName``), ``{ ... }`` is a comment
except right after SET/MULTISET/LIST, where it holds a collection literal's
elements (``SET{1,2}``), and identifiers are case-insensitive (we fold them
to lower case).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from informix_db.testing.engine.errors import InformixError

WORD, NUMBER, STRING, PARAM, OP, HIDDEN = "word", "number", "string", "param", "op", "hidden"

#: The client sent DELIMIDENT (set per statement by the engine session).
_DELIMIDENT: ContextVar[bool] = ContextVar("delimident", default=False)


@contextmanager
def delimident(on: bool):
    """Lex ``"..."`` as a delimited identifier (``on``) or a string literal."""
    token = _DELIMIDENT.set(bool(on))
    try:
        yield
    finally:
        _DELIMIDENT.reset(token)


class QName(str):
    """A delimited identifier's text: its case is kept and it is never a keyword.

    The engine folds a name with ``.lower()`` and tests keywords with
    ``.upper()``; here ``lower()`` keeps the name as written (Informix stores
    and matches it exactly) and ``upper()`` gives the quoted form, which no
    keyword equals.  ``"abc"`` equals (and hashes as) the folded ``abc``.
    """

    __slots__ = ()

    def lower(self) -> QName:
        return self

    def upper(self) -> str:
        return '"' + str.replace(self, '"', '""') + '"'

    def __format__(self, spec: str) -> str:
        # the engine writes DuckDB names as f'"{name}"': a " inside is doubled
        return format(str.replace(self, '"', '""'), spec)


@dataclass(slots=True)
class Token:
    """One lexical unit; ``up`` is the upper-cased text used for keyword tests."""

    kind: str
    text: str
    pos: int = 0

    @property
    def up(self) -> str:
        return self.text.upper() if self.kind == WORD else self.text

    def is_(self, *words: str) -> bool:
        """True when this is a word equal (case-insensitively) to one of ``words``."""
        return self.kind == WORD and self.text.upper() in words

    def render(self) -> str:
        if self.kind == STRING:
            return "'" + self.text.replace("'", "''") + "'"
        if isinstance(self.text, QName):
            return self.text.upper()  # the quoted form: DuckDB's delimited identifier
        return self.text


_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<line>--[^\n]*)
  | (?P<block>/\*.*?\*/)
  | (?P<brace>\{[^}]*\})
  | (?P<squote>'(?:[^']|'')*')
  | (?P<dquote>"(?:[^"]|"")*")
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_\u00c0-\uffff][A-Za-z0-9_$\u00c0-\uffff]*)
  | (?P<param>\?)
  | (?P<op>\|\||::|<=|>=|<>|!=|==|[-+*/%(),.;:=<>\[\]])
    """,
    re.VERBOSE | re.DOTALL,
)


def tokenize(sql: str) -> list[Token]:
    """Tokens of ``sql`` without whitespace and comments; raises -201 on junk."""
    tokens: list[Token] = []
    pos = 0
    n = len(sql)
    braces = 0  # open collection-literal braces
    delimited = _DELIMIDENT.get()
    while pos < n:
        c = sql[pos]
        if c == "{" and tokens and tokens[-1].is_("SET", "MULTISET", "LIST"):
            tokens.append(Token(OP, "{", pos))
            braces += 1
            pos += 1
            continue
        if c == "}" and braces:
            tokens.append(Token(OP, "}", pos))
            braces -= 1
            pos += 1
            continue
        m = _TOKEN_RE.match(sql, pos)
        if m is None:
            raise InformixError(-201, token=sql[pos : pos + 10])
        kind = m.lastgroup
        text = m.group()
        if kind == "dquote" and delimited:
            if len(text) == 2:  # "" names nothing (Informix: -201)
                raise InformixError(-201, token=text)
            tokens.append(Token(WORD, QName(text[1:-1].replace('""', '"')), pos))
        elif kind in ("squote", "dquote"):
            q = text[0]
            tokens.append(Token(STRING, text[1:-1].replace(q + q, q), pos))
        elif kind == "number":
            tokens.append(Token(NUMBER, text, pos))
        elif kind == "word":
            tokens.append(Token(WORD, text, pos))
        elif kind == "param":
            tokens.append(Token(PARAM, "?", pos))
        elif kind == "op":
            tokens.append(Token(OP, "!=" if text == "!=" else text, pos))
        pos = m.end()
    # A trailing statement terminator is allowed and means nothing.
    while tokens and tokens[-1].kind == OP and tokens[-1].text == ";":
        tokens.pop()
    return tokens


def split_top(tokens: list[Token], sep: str = ",") -> list[list[Token]]:
    """Split ``tokens`` at ``sep`` operators outside parentheses."""
    parts: list[list[Token]] = [[]]
    depth = 0
    for tok in tokens:
        if tok.kind == OP:
            if tok.text in ("(", "["):
                depth += 1
            elif tok.text in (")", "]"):
                depth -= 1
            elif tok.text == sep and depth == 0:
                parts.append([])
                continue
        parts[-1].append(tok)
    return parts


def matching_paren(tokens: list[Token], i: int) -> int:
    """Index of the ``)`` closing the ``(`` at ``i``; raises -201 if unbalanced."""
    depth = 0
    for j in range(i, len(tokens)):
        t = tokens[j]
        if t.kind == OP:
            if t.text == "(":
                depth += 1
            elif t.text == ")":
                depth -= 1
                if depth == 0:
                    return j
    raise InformixError(-201, token="(")


def top_level(tokens: list[Token], start: int = 0):
    """``(index, token)`` of each token outside parentheses from ``start`` on.

    A ``(`` at that level is yielded, the group it opens (up to and including
    its ``)``) is not; an unmatched ``)`` ends the scan (the end of the
    enclosing group).  The one forward depth-0 scan ``find_top`` and the
    clause walkers share.
    """
    depth = 0
    for j in range(start, len(tokens)):
        t = tokens[j]
        if t.kind == OP and t.text in ("(", ")"):
            if t.text == ")":
                depth -= 1
                if depth < 0:
                    return
                continue
            depth += 1
            if depth == 1:
                yield j, t
            continue
        if depth == 0:
            yield j, t


def find_top(tokens: list[Token], start: int, *words: str) -> int:
    """Index of the first word in ``words`` at depth 0 from ``start``, or -1."""
    for j, t in top_level(tokens, start):
        if t.kind == WORD and t.text.upper() in words:
            return j
    return -1


_SET_OPS = ("UNION", "INTERSECT", "EXCEPT", "MINUS")


def query_selects(tokens: list[Token], start: int = 0) -> list[int]:
    """Indexes of the SELECTs at a query's own level from ``start``.

    Those at depth 0 and those heading an operand in parentheses, however
    deep: ``(SELECT ..) UNION ((SELECT ..))`` has two; a subquery in an
    expression or a FROM clause is not at the query's level.
    """
    out: list[int] = []
    operand = True  # a query operand may start here (the start, or after UNION ...)
    for j, t in top_level(tokens, start):
        if t.kind == OP and t.text == "(":
            if operand:
                out.extend(query_selects(tokens, j + 1))
            operand = False
        elif t.is_(*_SET_OPS):
            operand = True
        elif operand and t.is_("ALL", "DISTINCT"):
            continue
        else:
            if t.is_("SELECT"):
                out.append(j)
            operand = False
    return out


def leads_to_select(tokens: list[Token]) -> bool:
    """True for ``SELECT ...`` and for ``(SELECT ...`` behind any number of ``(``."""
    k = 0
    while k < len(tokens) and tokens[k].kind == OP and tokens[k].text == "(":
        k += 1
    return k < len(tokens) and tokens[k].is_("SELECT")
