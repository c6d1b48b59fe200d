"""The PEP 249 ``Cursor``: statements, parameters and streamed results.

The protocol work (which requests, in which order, how replies are read)
is ``informix_db.protocol.execution``'s; this module maps the DB-API onto
it.  Parameters use ``?`` (``paramstyle = "qmark"``, Informix's own
marker, sent unchanged); ``:1``-style numeric markers work too
(``informix_db.protocol.sqltext``).

A query's rows stream: ``execute`` opens the server cursor and reads the
first round of ``Cursor.fetch_buffer_size`` bytes of rows; later
rounds are fetched as the application asks for rows.  Once a round comes
back empty, the server cursor's CLOSE and RELEASE go with the
connection's next request (no round trip of their own); closing or
re-executing the cursor before that sends them at once, and an abandoned
cursor's go with the next request too.
"""

from __future__ import annotations

import functools
import itertools
import re
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from informix_db import types as T
from informix_db._impl import binding
from informix_db.codecs.registry import codec_for
from informix_db.exceptions import (
    DataError,
    Error,
    InterfaceError,
    NotSupportedError,
    ProgrammingError,
)
from informix_db.protocol import execution, sqltext
from informix_db.protocol.statement import ColumnInfo, Description
from informix_db.rows import row_maker

__all__ = ["Cursor", "TypeCode"]

#: Leading keywords after which a statement without parameters cannot
#: return rows: it goes to the server as one COMMAND request (as JDBC's
#: Statement.executeUpdate does).  Anything else is PREPAREd first.
_COMMAND_KEYWORDS = frozenset((
    "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "GRANT", "REVOKE",
    "RENAME", "LOCK", "UNLOCK", "BEGIN", "COMMIT", "ROLLBACK", "SET", "TRUNCATE",
    "DATABASE", "CLOSE", "SAVEPOINT", "MERGE",
))


def _exclusive(method):
    """Refuse a second thread while one is inside a cursor operation: two
    threads sharing a cursor would take each other's rows (or a fetch would
    find the next execute's result) and return too few rows without error.
    Calls nested in the same thread (fetchall of a scroll cursor calling
    fetchone) go through."""

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        me = threading.get_ident()
        if self._owner == me:
            return method(self, *args, **kwargs)
        if not self._busy.acquire(blocking=False):
            raise InterfaceError(
                "the cursor is in use by another thread; informix_db cursors are not "
                "thread-safe: give each thread its own cursor (and connection)")
        self._owner = me
        try:
            return method(self, *args, **kwargs)
        finally:
            self._owner = None
            self._busy.release()

    return guarded


class TypeCode(int):
    """A description's type code: the Informix type number (sqltypes.h),
    with the declared type's text as ``name`` (``DECIMAL(10,2)``)."""

    name: str

    def __new__(cls, code: int, name: str) -> TypeCode:
        obj = super().__new__(cls, code)
        obj.name = name
        return obj

    def __repr__(self) -> str:
        return f"TypeCode({int(self)}, {self.name!r})"


#: ``(display_size, precision, scale)`` of the types whose answer does not
#: depend on the declaration: what IBM JDBC's getColumnDisplaySize,
#: getPrecision and getScale report, except the scale of binary floats,
#: which have no fixed digits after the point (docs/parity.md).
_FIXED_SHAPE = {
    T.SQLSMINT: (5, 5, 0),
    T.SQLINT: (10, 10, 0), T.SQLSERIAL: (10, 10, 0),
    T.SQLINFXBIGINT: (19, 19, 0), T.SQLBIGSERIAL: (19, 19, 0),
    T.SQLINT8: (19, 19, 0), T.SQLSERIAL8: (19, 19, 0),
    T.SQLSMFLOAT: (7, 7, None), T.SQLFLOAT: (17, 15, None),
    T.SQLDATE: (10, None, 0),
    T.SQLBOOL: (1, None, None),
    # BYTE/TEXT: no bound on a value's size (JDBC answers the descriptor's 56)
    T.SQLBYTES: (None, None, None), T.SQLTEXT: (None, None, None),
}


def _temporal_text_width(length: int) -> int:
    """Characters of a DATETIME/INTERVAL value's text (``2024-02-29 13:45``):
    the qualifier's digits plus one separator before each field after the
    first, and the point before FRACTION (always there, even first)."""
    digits, start, end = T.split_qualifier(length)
    units = 0 if start > T.TU_SECOND else (min(end, T.TU_SECOND) - start) // 2 + 1
    return digits + max(units - 1, 0) + (1 if end > T.TU_SECOND else 0)


def _describe_column(col: ColumnInfo) -> tuple:
    """The PEP 249 7-tuple of one column (docs/parity.md, "description vs
    ResultSetMetaData", lists where it departs from IBM JDBC's answers)."""
    ct = col.type
    code, n = ct.sqltype, ct.length
    if code in _FIXED_SHAPE:
        display, precision, scale = _FIXED_SHAPE[code]
    elif code in (T.SQLDECIMAL, T.SQLMONEY):
        precision, scale = T.split_decimal_length(n)  # scale None: floating DECIMAL(p)
        display = precision
    elif code in (T.SQLDTIME, T.SQLINTERVAL):
        display, precision = _temporal_text_width(n), None
        scale = max(0, T.split_qualifier(n)[2] - T.TU_SECOND)
    elif code in (T.SQLVCHAR, T.SQLNVCHAR):
        display, precision, scale = T.split_varchar_length(n)[0], None, None
    else:  # CHAR, NCHAR, LVARCHAR and anything else: the declared length
        display, precision, scale = n, None, None
    try:
        internal = codec_for(ct).width
    except Error:
        internal = n
    name = T.type_text(T.ColumnType(code, n))
    return (col.name, TypeCode(code, name), display, internal, precision, scale, ct.nullable)


class Cursor:
    """A PEP 249 cursor.  Make one with ``Connection.cursor()``.

    ``Connection.cursor(scrollable=True)`` makes a scroll cursor: its
    queries open a server scroll cursor (SQ_SCROLL) and every row is
    fetched by position (SQ_SFETCH), so ``scroll()`` moves both ways and
    ``fetch_first/last/prior/absolute/relative`` are available.  A plain
    cursor streams forward in rounds of ``fetch_buffer_size`` bytes.
    """

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
        self._busy = threading.Lock()  # see _exclusive
        self._owner: int | None = None

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

    # -- lifecycle ------------------------------------------------------------------

    @_exclusive
    def close(self) -> None:
        """Close the cursor (and its server cursor, if still open).  Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._drop_result(quiet=True)

    def __enter__(self) -> Cursor:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __del__(self) -> None:
        result = getattr(self, "_result", None)
        if result is not None and result.open:
            result.open = False
            self._conn._forget_statement(result.description.stmt_id)

    def _check(self) -> None:
        if self._closed:
            raise InterfaceError("cursor is closed")
        self._conn._check_open()

    def _drop_result(self, *, quiet: bool = False) -> None:
        result, self._result = self._result, None
        if result is not None and result.open and not self._conn.closed:
            result.finish(quiet=quiet)

    def _reset(self) -> None:
        # A failure to free the previous result must not fail the new
        # statement (a broken connection is still reported by _check).
        self._drop_result(quiet=True)
        self._description = None
        self._pep_description = None
        self._make_row = None
        self._rowcount = -1
        self._lastrowid = None
        self._rownumber = None

    # -- executing -------------------------------------------------------------------

    def _encode_sql(self, sql: str) -> bytes:
        try:
            return sql.encode(self._conn.encoding)
        except UnicodeEncodeError as exc:
            # Bad data, not a misused interface: DataError, as for parameters.
            raise DataError(
                f"the statement cannot be encoded as {self._conn.encoding}: "
                f"{sql[exc.start]!r} at position {exc.start} is not in the code set") from None

    @_exclusive
    def execute(self, operation: str, parameters: Sequence[Any] | None = None) -> Cursor:
        """Run *operation* with *parameters* (a sequence; ``?`` or ``:n`` markers).

        Returns the cursor, so ``cur.execute(...).fetchall()`` works.
        """
        self._check()
        self._reset()
        marks = sqltext.scan(operation)
        values = marks.arrange(() if parameters is None else _as_sequence(parameters))
        conn = self._conn
        message = binding.bind_message(values, conn.encoding)
        sql = self._encode_sql(marks.sql)
        keyword = sqltext.first_keyword(marks.sql)
        if not message and keyword in _COMMAND_KEYWORDS:
            done = execution.run_command(conn, sql, begin=conn._needs_begin(keyword))
            self._rowcount, self._lastrowid = done.rowcount, done.lastrowid
            conn._database_changed(done.stmt_type, marks.sql, done.warnings)
            return self
        desc = execution.prepare(conn, sql, len(values))
        self._set_description(desc)
        begin = conn._needs_begin_for(desc.stmt_type)
        if desc.stmt_type in execution.ROW_RETURNING or desc.result_columns:
            kind = execution.ScrollCursor if self.scrollable else execution.OpenCursor
            result = kind(conn, desc, self.fetch_buffer_size)
            self._result = result
            self._rownumber = 0
            result.start(conn._next_cursor_name(), message, begin=begin)
            self._note_exhaustion()
            return self
        done, _failed, error = execution.execute_prepared(conn, desc, [message], begin=begin)
        if error is not None:
            raise error
        self._rowcount, self._lastrowid = done.rowcount, done.lastrowid
        return self

    @_exclusive
    def executemany(self, operation: str, seq_of_parameters) -> Cursor:
        """Run *operation* once per parameter sequence, pipelined.

        The statement is prepared once; then one request carries every
        BIND+EXECUTE of a window of parameter sets (up to
        ``execution.EXECUTE_WINDOW_BYTES``), as IBM JDBC's executeBatch
        sends them, with the RELEASE behind the last one; all of a window
        is sent before any reply is read.  *seq_of_parameters* may be any
        iterable, a generator included: it is consumed a window at a time,
        so a load of millions of rows holds one window in memory.

        The first set that fails - refused by the server, or a value that
        cannot be encoded - stops the batch: the exception says ``row k:``
        (0-based, also as ``batch_row``), the sets before it ran
        (``rowcount`` totals the rows they changed; roll back to undo them),
        the ones after it did not, and the connection stays usable.
        """
        self._check()
        self._reset()
        marks = sqltext.scan(operation)
        conn = self._conn
        self._rowcount = 0
        try:
            rows = iter(seq_of_parameters)
        except TypeError:
            raise ProgrammingError("executemany() needs an iterable of parameter sequences, "
                                   f"got {type(seq_of_parameters).__name__}") from None
        encoding = conn.encoding

        def encode(params):
            return binding.bind_message(marks.arrange(_as_sequence(params)), encoding)

        first = next(rows, _NO_ROW)
        if first is _NO_ROW:
            return self
        try:
            first_set = encode(first)  # a bad first row costs no round trip
        except Error as exc:
            raise _batch_error(exc, 0) from None
        sql = self._encode_sql(marks.sql)
        desc = execution.prepare(conn, sql, marks.count)
        if desc.stmt_type in execution.ROW_RETURNING or desc.result_columns:
            execution.release(conn, desc.stmt_id, cursor=False)
            raise NotSupportedError("executemany() cannot run a statement that returns rows")
        sets = itertools.chain((first_set,), map(encode, rows))
        done, failed, error = execution.execute_prepared(
            conn, desc, sets, begin=conn._needs_begin_for(desc.stmt_type))
        self._rowcount, self._lastrowid = done.rowcount, done.lastrowid
        if error is not None:
            raise _batch_error(error, failed)
        return self

    @_exclusive
    def callproc(self, procname: str, parameters: Sequence[Any] | None = None) -> list:
        """Call the stored routine *procname* with *parameters* (PEP 249).

        Informix runs a routine created by CREATE FUNCTION with EXECUTE
        FUNCTION and one created by CREATE PROCEDURE with EXECUTE PROCEDURE,
        so ``sysprocedures.isproc`` is read first to choose.  The rows the
        routine returns are the result set (``fetch*``; ``description`` names
        its RETURNING columns).  SPL parameters are input only: the returned
        copy of *parameters* is unchanged.
        """
        self._check()
        params = () if parameters is None else _as_sequence(parameters)
        if not isinstance(procname, str) or not _ROUTINE_NAME.fullmatch(procname):
            raise ProgrammingError(f"not a routine name: {procname!r}")
        name = procname.rsplit(".", 1)[-1].lower()  # names are folded to lower case
        self.execute("SELECT isproc FROM sysprocedures WHERE procname = ?", (name,))
        kinds = {str(row[0]).strip() for row in self.fetchall()}
        what = "FUNCTION" if "f" in kinds else "PROCEDURE"
        marks = ", ".join("?" * len(params))
        self.execute(f"EXECUTE {what} {procname}({marks})", params)
        return list(params)

    def _set_description(self, desc: Description) -> None:
        self._description = desc
        self._pep_description = ([_describe_column(c) for c in desc.result_columns]
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

    def fetchone(self) -> tuple | None:
        """The next row, or None when there are no more."""
        result = self._need_result()
        if isinstance(result, execution.ScrollCursor):
            return self._fetch_at(self._rownumber)
        rows = result.rows
        if not rows and not self._refill(result):
            return None
        self._rownumber += 1
        row = rows.popleft()
        if not rows and result.exhausted:
            self._note_exhaustion()
        return row if self._make_row is None else self._make_row(row)

    @_exclusive
    def _refill(self, result) -> bool:
        """Fetch rounds until rows arrive; False at the end of the result
        (fetchone's slow path: taking a row already received needs no guard,
        ``deque.popleft`` being atomic)."""
        rows = result.rows
        while not rows:
            if result.exhausted or result.fetch_round() == 0:
                self._note_exhaustion()
                return False
        return True

    @_exclusive
    def fetchmany(self, size: int | None = None) -> list[tuple]:
        """Up to *size* (default ``arraysize``) next rows."""
        result = self._need_result()
        n = self.arraysize if size is None else size
        out: list[tuple] = []
        if isinstance(result, execution.ScrollCursor):
            while len(out) < n:
                row = self.fetchone()
                if row is None:
                    break
                out.append(row)
            return out
        rows = result.rows
        while len(out) < n:
            if not rows:
                if result.exhausted or result.fetch_round() == 0:
                    break
            take = min(n - len(out), len(rows))
            out.extend(rows.popleft() for _ in range(take))
        self._rownumber += len(out)
        self._note_exhaustion()
        return out if self._make_row is None else list(map(self._make_row, out))

    @_exclusive
    def fetchall(self) -> list[tuple]:
        """Every remaining row."""
        result = self._need_result()
        out: list[tuple] = []
        if isinstance(result, execution.ScrollCursor):
            while (row := self.fetchone()) is not None:
                out.append(row)
            return out
        rows = result.rows
        while True:
            out.extend(rows)
            rows.clear()
            if result.exhausted or result.fetch_round() == 0:
                break
        self._rownumber += len(out)
        self._note_exhaustion()
        return out if self._make_row is None else list(map(self._make_row, out))

    def __iter__(self) -> Iterator[tuple]:
        return self

    def __next__(self) -> tuple:
        row = self.fetchone()
        if row is None:
            raise StopIteration
        return row

    @_exclusive
    def scroll(self, value: int, mode: str = "relative") -> None:
        """Move in the result (PEP 249): "relative" by *value* rows, "absolute"
        to row index *value*.  Leaving the result raises ``IndexError``.

        A plain cursor moves forward only (it skips rows; backwards is
        ``NotSupportedError``); a scroll cursor moves both ways.
        """
        result = self._need_result()
        if mode == "relative":
            target = self._rownumber + value
        elif mode == "absolute":
            target = value
        else:
            raise ProgrammingError(f"scroll mode must be 'relative' or 'absolute', not {mode!r}")
        if isinstance(result, execution.ScrollCursor):
            if not 0 <= target <= result.count():
                raise IndexError(f"scroll target {target} is outside the result "
                                 f"of {result.total} rows")
            self._rownumber = target
            self._note_exhaustion()
            return
        if target < self._rownumber:
            raise NotSupportedError(
                "a plain cursor cannot move backwards; use connection.cursor(scrollable=True)")
        while self._rownumber < target:
            if self.fetchone() is None:
                raise IndexError(f"scroll target {target} is past the last row")

    # -- scroll cursors ------------------------------------------------------------------

    def _scroller(self) -> execution.ScrollCursor:
        result = self._need_result()
        if not isinstance(result, execution.ScrollCursor):
            raise NotSupportedError(
                "positioned fetches need a scroll cursor: connection.cursor(scrollable=True)")
        return result

    @_exclusive
    def _fetch_at(self, index: int) -> tuple | None:
        """The row at 0-based *index*, leaving the cursor after it (None: none there)."""
        result = self._scroller()
        if index < 0:
            self._rownumber = 0
            return None
        row = result.absolute(index + 1)
        if row is not None:
            self._rownumber = index + 1
        self._note_exhaustion()
        return row if row is None or self._make_row is None else self._make_row(row)

    def fetch_first(self) -> tuple | None:
        """The first row (scroll cursors)."""
        return self._fetch_at(0)

    @_exclusive
    def fetch_last(self) -> tuple | None:
        """The last row (scroll cursors); the cursor is then at the end."""
        row, total = self._scroller().last()
        self._rownumber = total or 0
        self._note_exhaustion()
        return row if row is None or self._make_row is None else self._make_row(row)

    def fetch_prior(self) -> tuple | None:
        """The row before the one fetched last (scroll cursors)."""
        return self._fetch_at(self._rownumber - 2)

    def fetch_absolute(self, index: int) -> tuple | None:
        """The row at 0-based *index* (scroll cursors); a negative *index*
        counts from the end, ``-1`` being the last row (as JDBC's
        ``absolute(-1)`` and Python sequences)."""
        if index < 0:
            index += self._scroller().count()
            if index < 0:
                self._rownumber = 0
                return None
        return self._fetch_at(index)

    def fetch_relative(self, offset: int) -> tuple | None:
        """The row *offset* rows from the one fetched last (scroll cursors)."""
        return self._fetch_at(self._rownumber - 1 + offset)

    # -- PEP 249 no-ops -----------------------------------------------------------------

    def setinputsizes(self, sizes) -> None:
        """Accepted and ignored (types follow the Python values)."""

    def setoutputsize(self, size, column=None) -> None:
        """Accepted and ignored."""


_NO_ROW = object()
#: What callproc accepts as a routine name: [owner.]name.
_ROUTINE_NAME = re.compile(r"(?:[A-Za-z_][A-Za-z0-9_$]*\.)?[A-Za-z_][A-Za-z0-9_$]*")


def _batch_error(error: Error, row: int) -> Error:
    """*error*, its message prefixed with ``row k:`` and ``batch_row`` set."""
    error.args = (f"row {row}: {error.args[0] if error.args else error}", *error.args[1:])
    error.message = error.args[0]
    error.batch_row = row
    return error


def _as_sequence(parameters) -> Sequence:
    if isinstance(parameters, (str, bytes, bytearray)) or not isinstance(parameters, Sequence):
        if isinstance(parameters, dict):
            raise ProgrammingError("parameters must be a sequence (qmark/numeric style), "
                                   "not a mapping")
        raise ProgrammingError(
            f"parameters must be a sequence such as a tuple, got {type(parameters).__name__}")
    return parameters
