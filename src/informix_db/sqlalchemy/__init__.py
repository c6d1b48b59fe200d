"""SQLAlchemy 2.x dialect for Informix over informix_db (needs the ``sqlalchemy`` extra).

``create_engine("informix://user:pw@host:9088/db?server=ol_informix")``; the
entry points ``informix`` and ``informix.informix_db`` (pyproject.toml) make
SQLAlchemy find it.  Nothing outside this package imports SQLAlchemy: the
driver itself keeps no runtime dependencies.
"""

from __future__ import annotations

from informix_db.sqlalchemy.base import InformixDialect
from informix_db.sqlalchemy.compiler import MATCHES
from informix_db.sqlalchemy.types import (
    BIGSERIAL, BLOB, BYTE, CLOB, DATETIME, INT8, INTERVAL, LVARCHAR, MONEY, NCHAR, NVARCHAR,
    SERIAL, SERIAL8, SMALLFLOAT, TEXT,
)

dialect = InformixDialect

__all__ = [
    "BIGSERIAL", "BLOB", "BYTE", "CLOB", "DATETIME", "INT8", "INTERVAL", "InformixDialect",
    "LVARCHAR", "MONEY", "NCHAR", "NVARCHAR", "SERIAL", "SERIAL8", "SMALLFLOAT", "TEXT",
    "dialect", "matches",
]


def matches(expr, pattern):
    """``expr MATCHES pattern``: Informix's glob match (``*``, ``?``, ``[...]``)."""
    return expr.operate(MATCHES, pattern)


try:  # Alembic finds InformixImpl by importing it; Alembic is optional
    from informix_db.sqlalchemy import alembic as _alembic  # noqa: F401
except ImportError:
    pass
