"""What every cursor shares, blocking or asyncio: state, description and
the statement logic, as generators of exchanges (``protocol.execution``).

A front end runs each ``_*_gen`` method with its connection's ``_wait``:
``Cursor`` (``informix_db.cursor``) with blocking I/O, the asyncio cursor
with ``await``.  So both run the same lines; only the waiting differs.
Methods without a ``_gen`` suffix do no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from informix_db._impl import binding
from informix_db.exceptions import (
    DataError,
    InterfaceError,
    NotSupportedError,
    ProgrammingError,
)
from informix_db.protocol import execution, sqltext
from informix_db.protocol.clientfiles import ClientFiles, may_use_client_files
from informix_db.blobcolumns import BlobColumns
from informix_db.executemany import ExecuteMany, as_sequence
from informix_db.description import describe_column
from informix_db.lobparams import BlobValue, create_gen
from informix_db.protocol.statement import Description
from informix_db.rows import row_maker

__all__ = ["BaseCursor"]

#: Leading keywords after which a statement without parameters cannot
#: return rows: it goes to the server as one COMMAND request (as JDBC's
#: Statement.executeUpdate does).  Anything else is PREPAREd first.
_COMMAND_KEYWORDS = frozenset((
    "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "GRANT", "REVOKE",
    "RENAME", "LOCK", "UNLOCK", "BEGIN", "COMMIT", "ROLLBACK", "SET", "TRUNCATE",
    "DATABASE", "CLOSE", "SAVEPOINT", "MERGE",
))


class BaseCursor(ExecuteMany, BlobColumns):
    """State and statement logic of a cursor (see the module docstring)."""

    def __init__(self, connection, *, scrollable: bool = False) -> None:
        self._conn = connection
        self._closed = False
        #: Whether queries open server scroll cursors.
        self.scrollable = bool(scrollable)
        #: Rows ``fetchmany()`` returns by default.
        self.arraysize = 1
        self._fetch_buffer_size: int | None = None
        self._description: Description | None = None
        self._pep_description: list[tuple] | None = None
        self._result: execution.OpenCursor | None = None
        self._rowcount = -1
        self._lastrowid: int | None = None
        self._rownumber: int | None = None
        self._row_factory = getattr(connection, "row_factory", None)
        self._make_row = None  # the open result's row maker (None: plain tuples)
        #: The client files the server may read or write (SQ_FILE; ``lobs``)
        self._files = ClientFiles()

    # -- attributes --------------------------------------------------------------

    @property
    def row_factory(self):
        """What rows are fetched as (``informix_db.rows``; None: plain tuples).
        Setting it applies to the open result too, from the next fetch."""
        return self._row_factory

    @row_factory.setter
    def row_factory(self, factory) -> None:
        self._row_factory = factory
        self._make_row = (row_maker(factory, self) if self._pep_description is not None
                          else None)

    @property
    def fetch_buffer_size(self) -> int:
        """Bytes of rows the server sends per fetch round for this cursor's
        next queries: the connection's ``fetch_buffer_size`` until set.
        Bigger rounds cost fewer round trips and less client CPU per row;
        each holds that much of the result in memory at once."""
        if self._fetch_buffer_size is None:
            return self._conn.fetch_buffer_size
        return self._fetch_buffer_size

    @fetch_buffer_size.setter
    def fetch_buffer_size(self, size: int) -> None:
        self._fetch_buffer_size = execution.check_fetch_buffer_size(size)

    @property
    def connection(self):
        """The connection this cursor belongs to."""
        return self._conn

    @property
    def description(self) -> list[tuple] | None:
        """Per result column ``(name, type_code, display_size, internal_size,
        precision, scale, null_ok)``, or None when the last statement returned
        no rows.  ``type_code`` is a ``TypeCode`` (an ``int``, the Informix
        type number, with the declared type as ``.name``).

        * ``display_size``: characters of the widest value's text, as IBM
          JDBC's ``getColumnDisplaySize``: the declared length of character
          types, the digits of numbers (SMALLINT 5, INTEGER 10, BIGINT and
          INT8 19, DECIMAL(p,s) p; no sign or point), SMALLFLOAT 7, FLOAT
          17, DATE 10, DATETIME/INTERVAL their text with separators (YEAR
          TO SECOND: 19), BOOLEAN 1; None for BYTE/TEXT (no bound).
        * ``internal_size``: the most bytes a value takes on the wire.
        * ``precision``: decimal digits of a number (SMALLINT 5, INTEGER 10,
          BIGINT 19, SMALLFLOAT 7, FLOAT 15, DECIMAL(p,s) p); None for
          character, temporal, BOOLEAN and blob types.
        * ``scale``: digits after the point: 0 for integers, s for
          DECIMAL(p,s)/MONEY(p,s), the FRACTION digits of DATETIME/INTERVAL
          (0 without FRACTION, and for DATE); None where no fixed number
          exists (floating DECIMAL(p), SMALLFLOAT, FLOAT) or applies.
        * ``null_ok``: False for a NOT NULL column, as the server describes it.

        Where this departs from JDBC's ResultSetMetaData is listed, with the
        reasons, in docs/parity.md."""
        return self._pep_description

    @property
    def rowcount(self) -> int:
        """Rows changed by the last DML statement (summed over ``executemany``);
        for a query, -1 until its rows are exhausted, then how many there
        were; -1 for statements with no count."""
        return self._rowcount

    @property
    def lastrowid(self) -> int | None:
        """The SERIAL, SERIAL8 or BIGSERIAL value the last INSERT generated, else None."""
        return self._lastrowid

    @property
    def rownumber(self) -> int | None:
        """0-based index of the next row of the current result, or None."""
        return self._rownumber

    @property
    def closed(self) -> bool:
        return self._closed

    def __del__(self) -> None:
        result = getattr(self, "_result", None)
        if result is not None and result.open:
            result.open = False
            self._conn._forget_statement(result.description.stmt_id)

    def _check(self) -> None:
        if self._closed:
            raise InterfaceError("cursor is closed")
        self._conn._check_open()

    def _drop_result_gen(self, *, quiet: bool = False):
        result, self._result = self._result, None
        if result is not None and result.open and not self._conn.closed:
            yield from result.finish(quiet=quiet)

    def _reset_gen(self):
        # A failure to free the previous result must not fail the new
        # statement (a broken connection is still reported by _check).
        yield from self._drop_result_gen(quiet=True)
        self._description = None
        self._pep_description = None
        self._make_row = None
        self._rowcount = -1
        self._lastrowid = None
        self._rownumber = None

    def _close_gen(self):
        if self._closed:
            return
        self._closed = True
        yield from self._drop_result_gen(quiet=True)

    # -- executing -------------------------------------------------------------------

    def _encode_sql(self, sql: str) -> bytes:
        try:
            return sql.encode(self._conn.encoding)
        except UnicodeEncodeError as exc:
            # Bad data, not a misused interface: DataError, as for parameters.
            raise DataError(
                f"the statement cannot be encoded as {self._conn.encoding}: "
                f"{sql[exc.start]!r} at position {exc.start} is not in the code set") from None

    def _execute_gen(self, operation: str, parameters: Sequence[Any] | None = None):
        self._check()
        yield from self._reset_gen()
        self._files.captured = {}  # the files a statement wrote are its own
        marks = sqltext.scan(operation)
        values = marks.arrange(() if parameters is None else as_sequence(parameters))
        conn = self._conn
        if any(isinstance(v, BlobValue) for v in values):
            values = yield from self._with_locators_gen(values)
        message = binding.bind_message(values, conn.encoding)
        sql = self._encode_sql(marks.sql)
        keyword = sqltext.first_keyword(marks.sql)
        if not message and keyword in _COMMAND_KEYWORDS:
            done = yield from execution.run_command(conn, sql, begin=conn._needs_begin(keyword))
            self._files_checked()
            self._rowcount, self._lastrowid = done.rowcount, done.lastrowid
            conn._database_changed(done.stmt_type, marks.sql, done.warnings)
            return self
        desc = yield from execution.prepare(conn, sql, len(values))
        self._set_description(desc)
        begin = conn._needs_begin_for(desc.stmt_type)
        if desc.stmt_type in execution.ROW_RETURNING or desc.result_columns:
            kind = execution.ScrollCursor if self.scrollable else execution.OpenCursor
            result = kind(conn, desc, self.fetch_buffer_size)
            self._result = result
            self._rownumber = 0
            yield from result.start(conn._next_cursor_name(), message, begin=begin)
            self._files_checked()
            self._note_exhaustion()
            return self
        done, _failed, error = yield from execution.execute_prepared(
            conn, desc, [message], begin=begin, release_with=not may_use_client_files(sql))
        self._files_checked()
        if error is not None:
            raise error
        self._rowcount, self._lastrowid = done.rowcount, done.lastrowid
        return self

    def _with_locators_gen(self, values):
        """*values* with each BlobValue/ClobValue's object created and written:
        its locator in its place."""
        out = []
        for v in values:
            out.append((yield from create_gen(self._conn, v)) if isinstance(v, BlobValue) else v)
        return out

    def _callproc_gen(self, procname: str, parameters: Sequence[Any] | None = None):
        self._check()
        params = () if parameters is None else as_sequence(parameters)
        if not isinstance(procname, str) or not _ROUTINE_NAME.fullmatch(procname):
            raise ProgrammingError(f"not a routine name: {procname!r}")
        name = procname.rsplit(".", 1)[-1].lower()  # names are folded to lower case
        yield from self._execute_gen("SELECT isproc FROM sysprocedures WHERE procname = ?",
                                     (name,))
        kinds = {str(row[0]).strip() for row in (yield from self._fetchall_gen())}
        what = "FUNCTION" if "f" in kinds else "PROCEDURE"
        marks = ", ".join("?" * len(params))
        yield from self._execute_gen(f"EXECUTE {what} {procname}({marks})", params)
        return list(params)

    def _set_description(self, desc: Description) -> None:
        self._description = desc
        self._pep_description = ([describe_column(c) for c in desc.result_columns]
                                 if desc.result_columns else None)
        self._make_row = (row_maker(self._row_factory, self)
                          if self._pep_description is not None else None)

    def _note_exhaustion(self) -> None:
        result = self._result
        if isinstance(result, execution.ScrollCursor):
            if result.total is not None:
                self._rowcount = result.total
        elif result is not None and result.exhausted and not result.rows:
            self._rowcount = result.fetched

    # -- fetching --------------------------------------------------------------------

    def _need_result(self) -> execution.OpenCursor:
        self._check()
        if self._pep_description is None:
            raise ProgrammingError("the last statement returned no rows to fetch")
        result = self._result
        if result is None:
            raise ProgrammingError("the result has been closed")
        return result

    def _take_row(self, result):
        """The next received row of plain cursor *result* (there is one)."""
        rows = result.rows
        self._rownumber += 1
        row = rows.popleft()
        if not rows and result.exhausted:
            self._note_exhaustion()
        return row if self._make_row is None else self._make_row(row)

    def _fetchone_gen(self):
        result = self._need_result()
        self._no_columns(result)
        if isinstance(result, execution.ScrollCursor):
            return (yield from self._fetch_at_gen(self._rownumber))
        if not result.rows and not (yield from self._refill_gen(result)):
            return None
        return self._take_row(result)

    def _refill_gen(self, result):
        """Fetch rounds until rows arrive; False at the end of the result."""
        rows = result.rows
        while not rows:
            if result.exhausted or (yield from result.fetch_round()) == 0:
                self._note_exhaustion()
                return False
        return True

    def _fetchmany_gen(self, size: int | None = None, *, plain: bool = False):
        """Up to *size* rows; *plain*: as tuples, whatever the row factory."""
        result = self._need_result()
        self._no_columns(result)
        n = self.arraysize if size is None else size
        out: list[tuple] = []
        if isinstance(result, execution.ScrollCursor):
            while len(out) < n:
                row = yield from self._fetchone_gen()
                if row is None:
                    break
                out.append(row)
            return out
        rows = result.rows
        while len(out) < n:
            if not rows:
                if result.exhausted or (yield from result.fetch_round()) == 0:
                    break
            take = min(n - len(out), len(rows))
            out.extend(rows.popleft() for _ in range(take))
        self._rownumber += len(out)
        self._note_exhaustion()
        return out if self._make_row is None or plain else list(map(self._make_row, out))

    def _arrow_result(self, fill, batch_rows: int | None, floating_decimal: str):
        """The rest of the result as ``informix_db.arrow.fetch.ArrowResult``,
        rows moved into it by *fill(columns, n)* (``_fill_columns_gen`` run
        by the caller's waiter).  Imported here, when asked for: Arrow is an
        extra above this layer, and the driver never loads it otherwise."""
        from informix_db.arrow.fetch import ArrowResult

        result = self._need_result()
        return ArrowResult(self._description.result_columns, result._reader.encoding, fill,
                           batch_rows, floating_decimal=floating_decimal)

    def _fill_columns_gen(self, columns, n: int):
        """Fetch the result's rows into *columns* (a ``columnar.ColumnDecoder``
        of its columns) until it holds *n* or the result ends."""
        result = self._need_result()
        if isinstance(result, execution.ScrollCursor) or not result.decode_into(columns):
            rows = yield from self._fetchmany_gen(max(n - columns.length, 0), plain=True)
            columns.add_rows(rows)
            return
        before = columns.length
        while columns.length < n and not result.exhausted:
            got = yield from result.fetch_round()
            result.rows.clear()  # a None per row: the values are in columns
            if got == 0:
                break
        self._rownumber += columns.length - before
        self._note_exhaustion()

    @staticmethod
    def _no_columns(result) -> None:
        """Refuse tuples from a result whose rows go to an Arrow fetch, until it has them all."""
        columns = getattr(result, "columns", None)
        if columns is not None and (columns.length or not result.exhausted):
            raise InterfaceError("the rest of this result was handed to an Arrow fetch "
                                 "(fetch_arrow and friends)")

    def _fetchall_gen(self):
        result = self._need_result()
        self._no_columns(result)
        out: list[tuple] = []
        if isinstance(result, execution.ScrollCursor):
            while (row := (yield from self._fetchone_gen())) is not None:
                out.append(row)
            return out
        rows = result.rows
        while True:
            out.extend(rows)
            rows.clear()
            if result.exhausted or (yield from result.fetch_round()) == 0:
                break
        self._rownumber += len(out)
        self._note_exhaustion()
        return out if self._make_row is None else list(map(self._make_row, out))

    def _scroll_gen(self, value: int, mode: str = "relative"):
        result = self._need_result()
        if mode == "relative":
            target = self._rownumber + value
        elif mode == "absolute":
            target = value
        else:
            raise ProgrammingError(f"scroll mode must be 'relative' or 'absolute', not {mode!r}")
        if isinstance(result, execution.ScrollCursor):
            if not 0 <= target <= (yield from result.count()):
                raise IndexError(f"scroll target {target} is outside the result "
                                 f"of {result.total} rows")
            self._rownumber = target
            self._note_exhaustion()
            return
        if target < self._rownumber:
            raise NotSupportedError(
                "a plain cursor cannot move backwards; use connection.cursor(scrollable=True)")
        while self._rownumber < target:
            if (yield from self._fetchone_gen()) is None:
                raise IndexError(f"scroll target {target} is past the last row")

    # -- scroll cursors ------------------------------------------------------------------

    def _scroller(self) -> execution.ScrollCursor:
        result = self._need_result()
        if not isinstance(result, execution.ScrollCursor):
            raise NotSupportedError(
                "positioned fetches need a scroll cursor: connection.cursor(scrollable=True)")
        return result

    def _fetch_at_gen(self, index: int):
        """The row at 0-based *index*, leaving the cursor after it (None: none there)."""
        result = self._scroller()
        if index < 0:
            self._rownumber = 0
            return None
        row = yield from result.absolute(index + 1)
        if row is not None:
            self._rownumber = index + 1
        self._note_exhaustion()
        return row if row is None or self._make_row is None else self._make_row(row)

    def _fetch_last_gen(self):
        row, total = yield from self._scroller().last()
        self._rownumber = total or 0
        self._note_exhaustion()
        return row if row is None or self._make_row is None else self._make_row(row)

    def _fetch_absolute_gen(self, index: int):
        if index < 0:
            index += yield from self._scroller().count()
            if index < 0:
                self._rownumber = 0
                return None
        return (yield from self._fetch_at_gen(index))

    # -- PEP 249 no-ops -----------------------------------------------------------------

    def setinputsizes(self, sizes) -> None:
        """Accepted and ignored (types follow the Python values)."""

    def setoutputsize(self, size, column=None) -> None:
        """Accepted and ignored."""


_ROUTINE_NAME = re.compile(r"(?:[A-Za-z_][A-Za-z0-9_$]*\.)?[A-Za-z_][A-Za-z0-9_$]*")
