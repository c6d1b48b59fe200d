"""informix-db: a PEP 249 driver for IBM Informix over the SQLI wire protocol."""

from informix_db._impl import IMPLEMENTATION
from informix_db.connection import Connection, connect
from informix_db import rows
from informix_db.codecs.smartlob import BlobLocator, ClobLocator
from informix_db.cursor import Cursor
from informix_db.lobparams import BlobValue, ClobValue
from informix_db.rows import Row
from informix_db.exceptions import (
    DatabaseError,
    DataError,
    Error,
    IntegrityError,
    InterfaceError,
    InternalError,
    NotSupportedError,
    OperationalError,
    ProgrammingError,
    Warning,
)
from informix_db.pool import (
    ConnectionPool,
    PoolClosed,
    PoolClosedError,
    PoolTimeout,
    PoolTimeoutError,
    create_pool,
)
from informix_db.types import (
    BINARY,
    DATETIME,
    NUMBER,
    ROWID,
    STRING,
    Binary,
    Composite,
    Date,
    DateFromTicks,
    IntervalYM,
    Multiset,
    Time,
    TimeFromTicks,
    Timestamp,
    TimestampFromTicks,
)

__version__ = "0.1.0.dev0"

apilevel = "2.0"
#: Threads may share the module and connections: a connection's requests
#: take turns (a lock per request/reply exchange).  Cursors are not shared:
#: a cursor refuses a second thread (each thread makes its own).
threadsafety = 2
#: ``?`` is Informix's own marker and is sent unchanged; ``:1``-style
#: (numeric) markers are accepted too and rewritten to ``?``.
paramstyle = "qmark"

__all__ = [
    "IMPLEMENTATION",
    "apilevel",
    "threadsafety",
    "paramstyle",
    "connect",
    "Connection",
    "Cursor",
    "Warning",
    "Error",
    "InterfaceError",
    "DatabaseError",
    "DataError",
    "OperationalError",
    "IntegrityError",
    "InternalError",
    "ProgrammingError",
    "NotSupportedError",
    "STRING",
    "BINARY",
    "NUMBER",
    "DATETIME",
    "ROWID",
    "Date",
    "Time",
    "Timestamp",
    "DateFromTicks",
    "TimeFromTicks",
    "TimestampFromTicks",
    "Binary",
    "IntervalYM",
    "Multiset",
    "Composite",
    "BlobLocator",
    "BlobValue",
    "ClobValue",
    "ClobLocator",
    "Row",
    "rows",
    "create_pool",
    "ConnectionPool",
    "PoolTimeout",
    "PoolClosed",
    "PoolTimeoutError",
    "PoolClosedError",
]
