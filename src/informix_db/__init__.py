"""informix-db: a PEP 249 driver for IBM Informix over the SQLI wire protocol."""

from informix_db._impl import IMPLEMENTATION
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

__version__ = "0.1.0.dev0"

apilevel = "2.0"
threadsafety = 1

__all__ = [
    "IMPLEMENTATION",
    "apilevel",
    "threadsafety",
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
]
