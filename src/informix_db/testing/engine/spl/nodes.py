"""The SPL syntax tree: a routine and the statements of its body.

Expressions and embedded SQL stay token lists (engine lexer tokens): they
are run by the engine itself, never interpreted here.  ``Expr`` gives each
one an identity, the key of the session's plan cache.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from informix_db.testing.engine.itypes import IfxType
from informix_db.testing.engine.lexer import Token

_ids = itertools.count(1)


@dataclass(eq=False)
class Expr:
    """Tokens of one expression (or SQL statement) of the body."""

    tokens: list[Token]
    id: int = field(default_factory=lambda: next(_ids))

    @property
    def text(self) -> str:
        return " ".join(t.render() for t in self.tokens)


@dataclass
class Param:
    name: str
    type: IfxType
    default: Expr | None = None


@dataclass
class Routine:
    name: str
    isproc: bool  # CREATE PROCEDURE (a procedure may still return values: legacy)
    params: list[Param]
    returns: list[tuple[IfxType, str]]  # (type, AS name or "")
    body: list
    text: str = ""

    @property
    def required(self) -> int:
        """Arguments a call must give (the rest have DEFAULTs)."""
        n = len(self.params)
        while n and self.params[n - 1].default is not None:
            n -= 1
        return n


@dataclass
class Define:
    names: list[str]
    type: IfxType | None  # None: ``like`` names it
    default: Expr | None = None
    like: tuple[str, str] | None = None  # DEFINE v LIKE table.column
    glob: bool = False  # DEFINE GLOBAL: one variable per session, shared by routines


@dataclass
class Let:
    targets: list[str]
    values: list[Expr]  # one per target, or one (SELECT ...) / routine call for all


@dataclass
class If:
    branches: list[tuple[Expr, list]]  # (condition, statements)
    otherwise: list = field(default_factory=list)


@dataclass
class ForRange:
    var: str
    ranges: list[tuple[Expr, Expr | None, Expr | None]]  # (start, end or None, step)
    body: list


@dataclass
class While:
    cond: Expr
    body: list


@dataclass
class Loop:
    body: list


@dataclass
class Call:
    """CALL r(args) [RETURNING v, ...] and EXECUTE FUNCTION/PROCEDURE r(args) [INTO v, ...]."""

    name: str
    args: list[Expr]
    into: list[str]


@dataclass
class Foreach:
    query: Expr | None  # the SELECT without its INTO (None: ``call``)
    into: list[str]
    body: list
    call: Call | None = None  # FOREACH EXECUTE FUNCTION f(args) INTO ...
    cursor: str = ""  # named and used by WHERE CURRENT OF: rows carry their rowid last


@dataclass
class Return:
    values: list[Expr]
    resume: bool = False


@dataclass
class Raise:
    sqlcode: Expr
    isam: Expr | None = None
    text: Expr | None = None


@dataclass
class Sql:
    """An embedded SQL statement; ``into``: SELECT ... INTO variables (removed from it)."""

    query: Expr
    into: list[str] = field(default_factory=list)


@dataclass
class Exit:
    loop: str  # FOR, FOREACH, WHILE, LOOP, or "" (any)
    cont: bool = False  # CONTINUE instead of EXIT


@dataclass
class Handler:
    codes: list[int] | None  # ON EXCEPTION IN (codes); None: every error
    set_vars: list[str]
    body: list
    resume: bool = False


@dataclass
class Block:
    """BEGIN ... END (and the routine body): statements with their ON EXCEPTION handlers."""

    body: list
    handlers: list[Handler] = field(default_factory=list)


@dataclass
class Nothing:
    """A statement that does nothing here (TRACE, SET DEBUG FILE)."""
