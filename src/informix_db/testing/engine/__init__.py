"""Informix SQL semantics on DuckDB: the engine behind the SQLI test server.

Knows nothing of the wire. See docs/internals.md ("The test server: engine
contract") for the interface the wire side uses::

    engine = Engine(databases={"testdb": "logged"})
    s = engine.open_session()
    s.open_database("testdb")
    res = s.execute(s.prepare("select tabname from systables where tabid = ?"), [1])
    res.fetchmany(10)
"""

from informix_db.testing.engine.databases import DEFAULT_LOCALE, DEFAULT_VERSION, Database, Engine
from informix_db.testing.engine.errors import InformixError
from informix_db.testing.engine.itypes import IfxType, parse_type
from informix_db.testing.engine.results import Column, Prepared, Result
from informix_db.testing.engine.session import Session

__all__ = [
    "Engine",
    "Database",
    "Session",
    "Prepared",
    "Result",
    "Column",
    "InformixError",
    "IfxType",
    "parse_type",
    "DEFAULT_VERSION",
    "DEFAULT_LOCALE",
]
