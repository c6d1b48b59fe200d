"""Database-qualified table names: ``db:table`` and ``db:owner.table``.

A name qualified with the open database is that database's table (IBM JDBC
qualifies every catalog table so). ``sysmaster:`` names of the SMI tables
read sysmaster's tables from any database (``smi``). Other databases'
tables cannot be read from here (each database is its own DuckDB
instance): -206 names the qualified table, rather than silently reading the
open database's table of the same name.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from informix_db.testing.engine import smi
from informix_db.testing.engine.errors import InformixError
from informix_db.testing.engine.lexer import OP, STRING, WORD, Token

#: The open database while a statement is planned ("" = unknown: prefixes just vanish).
_CURRENT: ContextVar[str] = ContextVar("current_database", default="")


@contextmanager
def current_database(name: str | None):
    """Plan statements inside the block as run in database ``name``."""
    token = _CURRENT.set((name or "").lower())
    try:
        yield
    finally:
        _CURRENT.reset(token)


def resolve(toks: list[Token], i: int) -> tuple[Token | None, int]:
    """``toks[i]`` is a database name followed by ``:``: the table token to emit
    instead of the whole qualified name (None: emit the rest as it is) and the
    index to go on from."""
    db = toks[i].text.lower()
    j = i + 2
    if (j + 2 < len(toks) and toks[j].kind in (WORD, STRING) and toks[j + 1].kind == OP
            and toks[j + 1].text == "." and toks[j + 2].kind in (WORD, STRING)):
        j += 2  # an owner
    table = toks[j]
    name = table.text.lower()
    if db == smi.SYSMASTER and name in smi.TABLES:
        return Token(WORD, smi.PREFIX + name, table.pos), j + 1
    current = _CURRENT.get()
    if not current or db == current:
        return None, i + 2
    raise InformixError(-206, -111, f"{db}:{name}")
