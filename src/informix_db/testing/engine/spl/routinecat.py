"""Stored routines in each database: the ``__ifx_procs`` table and ``sysprocedures``.

A routine is kept as its CREATE text (parsed again when first used after a
start, see ``parsed``), so it is transactional with the DDL and persistent
with the file like the rest of the catalog.  ``sysprocedures`` has the
columns of IBM's table that mean something here (Guide to SQL: Reference,
"SYSPROCEDURES": procid SERIAL, isproc 't' procedure / 'f' function, langid 2
= SPL in sysroutinelangs, mode 'O' owner routine); the compiled sizes are the
text's length.  ``sysprocbody`` holds the text in 256-character rows
(datakey 'T').
"""

from __future__ import annotations

import functools

from informix_db.testing.engine import catalog_tables
from informix_db.testing.engine.itypes import parse_type
from informix_db.testing.engine.lexer import tokenize
from informix_db.testing.engine.spl.nodes import Routine
from informix_db.testing.engine.spl.parser import parse_routine

# What each column of IBM's sysprocedures (declared in ``catalog_tables``)
# holds for an SPL routine here; the other columns are NULL.
_PROC_VALUES = {
    "procname": "procname", "owner": "owner", "procid": "procid", "mode": "'O'",
    "retsize": "nreturns * 4", "symsize": "0", "datasize": "0", "codesize": "length(text)",
    "numargs": "numargs", "isproc": "isproc", "paramstyle": "'I'", "langid": "2",
    "variant": "true", "client": "false", "handlesnulls": "true", "internal": "false",
    "parallelizable": "false", "percallcost": "0", "procflags": "0",
}


def _sysprocedures() -> str:
    cols = catalog_tables.BY_NAME["sysprocedures"][2]
    items = ", ".join(f'CAST({_PROC_VALUES.get(c, "NULL")} AS {parse_type(d).duck}) AS "{c}"'
                      for c, d in cols)
    return f"CREATE OR REPLACE VIEW sysprocedures AS SELECT {items} FROM __ifx_procs"


#: The catalog tables this module serves, as DuckDB views over ``__ifx_procs``.
VIEWS = ("sysprocedures", "sysprocbody")

_DDL = [
    "CREATE TABLE IF NOT EXISTS __ifx_procs (procid INTEGER, procname VARCHAR, owner VARCHAR,"
    " isproc VARCHAR, numargs INTEGER, nreturns INTEGER, text VARCHAR)",
    _sysprocedures(),
    """CREATE OR REPLACE VIEW sysprocbody AS
    SELECT p.procid, 'T' AS datakey, CAST(k.k + 1 AS INTEGER) AS seqno,
           substr(p.text, CAST(k.k * 256 + 1 AS INTEGER), 256) AS data
    FROM __ifx_procs p,
         LATERAL (SELECT unnest(range(0, CAST(ceil(length(p.text) / 256.0) AS BIGINT))) AS k) k""",
]


def install(conn) -> None:
    """Create (or bring up to date) the routine table and views in a database."""
    for sql in _DDL:
        conn.execute(sql)


def add(conn, routine: Routine, owner: str) -> int:
    """Record a new routine; returns its procid."""
    (top,) = conn.execute("SELECT max(procid) FROM __ifx_procs").fetchone()
    procid = (top or 0) + 1
    conn.execute("INSERT INTO __ifx_procs VALUES (?, ?, ?, ?, ?, ?, ?)",
                 [procid, routine.name, owner, "t" if routine.isproc else "f",
                  len(routine.params), len(routine.returns), routine.text])
    return procid


def drop(conn, procid: int) -> None:
    conn.execute("DELETE FROM __ifx_procs WHERE procid = ?", [procid])


def find(conn, name: str) -> list[tuple[int, bool, str]]:
    """``(procid, isproc, text)`` of every routine called ``name``."""
    rows = conn.execute("SELECT procid, isproc, text FROM __ifx_procs WHERE procname = ?"
                        " ORDER BY procid", [name]).fetchall()
    return [(procid, isproc == "t", text) for procid, isproc, text in rows]


@functools.lru_cache(maxsize=512)
def parsed(text: str) -> Routine:
    """The routine of a stored CREATE text (parsed once per text)."""
    return parse_routine(tokenize(text), text)
