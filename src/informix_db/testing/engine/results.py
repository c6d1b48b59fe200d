"""What the session hands back: result columns, prepared statements, results.

A ``Result`` streams a SELECT's rows from the session's DuckDB connection;
DuckDB keeps one open stream per connection, so the session asks an open
result to read the rest of its rows into memory before it runs anything else.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass, field

from informix_db.types import ColumnType
from informix_db.testing.engine.itypes import IfxType
from informix_db.testing.engine.planner import Plan


@dataclass(frozen=True, slots=True)
class Column:
    """A result column: its Informix name and declared type."""

    name: str
    type: ColumnType


@dataclass
class Prepared:
    """A prepared statement: what kind it is, its result columns, its parameter count."""

    kind: str
    columns: list[Column]
    nparams: int
    sql: str
    plan: Plan = field(repr=False)
    ifx_types: list[IfxType] = field(default_factory=list, repr=False)
    #: The ColumnType each ``?`` is written to or compared with (None where unknown).
    param_types: list[ColumnType | None] = field(default_factory=list)
    #: INSERT/UPDATE: each ``?`` that is a whole value written to a column
    #: (VALUES of one row, ``SET c = ?``), in marker order, as that column:
    #: what Informix's DESCRIBE of such a statement returns.
    param_columns: list[Column] = field(default_factory=list)
    #: INSERT: the table's SERIAL/SERIAL8/BIGSERIAL columns, whose values are
    #: the statement's generated keys (``Result.keys`` rows, in this order).
    key_columns: list[Column] = field(default_factory=list)
    #: INSERT: the names of the target table's columns, in declared order
    #: (JDBC may ask for generated keys by column number).
    table_columns: list[str] = field(default_factory=list)

    @property
    def for_update(self) -> bool:
        """A SELECT ... FOR UPDATE (an update cursor; a scroll cursor refuses it)."""
        return bool(getattr(self.plan, "for_update", False))


class Result:
    """The outcome of one execution. SELECT rows stream through ``fetchmany``."""

    def __init__(self, columns=None, rowcount: int = 0, serial: int = 0, serial8: int = 0,
                 session=None, converters=None, rows=None, conn=None,
                 owns_conn: bool = False, keys=None) -> None:
        self.columns: list[Column] = columns or []
        self.rowcount = rowcount
        self.serial = serial
        self.serial8 = serial8
        #: An INSERT's written SERIAL-type values, a row per inserted row
        #: (``Prepared.key_columns`` order).
        self.keys: list[tuple] = keys or []
        self._session = session  # set while rows stream from a DuckDB connection
        self._conn = conn if conn is not None else (session._conn if session else None)
        self._owns_conn = owns_conn  # a connection of its own (closed at the end)
        self._conv = converters
        self._todo = None  # (index, converter) of the columns that have one
        self._buffer: collections.deque = collections.deque(rows or ())
        self._done = session is None

    def _pull(self, n: int) -> list[tuple]:
        rows = []
        while self._buffer and len(rows) < n:
            rows.append(self._buffer.popleft())
        if len(rows) < n and not self._done:
            try:
                more = self._conn.fetchmany(n - len(rows))
            except Exception as exc:  # a value that fails to convert mid-stream
                self._finish()
                raise self._session._fail(exc) from None
            if len(more) < n - len(rows):
                self._finish()
            rows.extend(more)
        return rows

    def fetchmany(self, n: int = 1) -> list[tuple]:
        """Up to ``n`` more rows (an empty list at the end)."""
        rows = self._pull(max(1, n))
        conv = self._conv
        if conv:
            # only the columns that have a converter, worked out once
            todo = self._todo
            if todo is None:
                todo = self._todo = [(i, c) for i, c in enumerate(conv) if c]
            out = []
            for r in rows:
                r = list(r)
                for i, c in todo:
                    r[i] = c(r[i])
                out.append(tuple(r))
            rows = out
        self.rowcount += len(rows)
        return rows

    def fetchall(self) -> list[tuple]:
        out = []
        while True:
            chunk = self.fetchmany(1000)
            if not chunk:
                return out
            out.extend(chunk)

    def _finish(self) -> None:
        if self._session is not None and self._session._streaming is self:
            self._session._streaming = None
        if self._owns_conn and not self._done:
            try:
                self._conn.close()
            except Exception:  # pragma: no cover - closing is best effort
                pass
        self._done = True

    def _materialize(self) -> None:
        """Read the rest now: the connection is needed for another statement."""
        if not self._done:
            self._buffer.extend(self._conn.fetchall())
            self._finish()

    def close(self) -> None:
        self._buffer.clear()
        self._finish()
