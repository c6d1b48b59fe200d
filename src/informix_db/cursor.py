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
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from informix_db.basecursor import BaseCursor
from informix_db.description import TypeCode
from informix_db.exceptions import InterfaceError
from informix_db.protocol.execution import OpenCursor

__all__ = ["Cursor", "TypeCode"]


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


class Cursor(BaseCursor):
    """A PEP 249 cursor.  Make one with ``Connection.cursor()``.

    ``Connection.cursor(scrollable=True)`` makes a scroll cursor: its
    queries open a server scroll cursor (SQ_SCROLL) and every row is
    fetched by position (SQ_SFETCH), so ``scroll()`` moves both ways and
    ``fetch_first/last/prior/absolute/relative`` are available.  A plain
    cursor streams forward in rounds of ``fetch_buffer_size`` bytes.
    """

    def __init__(self, connection, *, scrollable: bool = False) -> None:
        super().__init__(connection, scrollable=scrollable)
        self._busy = threading.Lock()  # see _exclusive
        self._owner: int | None = None

    @_exclusive
    def close(self) -> None:
        """Close the cursor (and its server cursor, if still open).  Idempotent."""
        self._conn._wait(self._close_gen(), self._files)

    def __enter__(self) -> Cursor:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    @_exclusive
    def execute(self, operation: str, parameters: Sequence[Any] | None = None) -> Cursor:
        """Run *operation* with *parameters* (a sequence; ``?`` or ``:n`` markers).

        Returns the cursor, so ``cur.execute(...).fetchall()`` works.
        """
        return self._conn._wait(self._execute_gen(operation, parameters), self._files)

    @_exclusive
    def executemany(self, operation: str, seq_of_parameters, *,
                    insert_cursor: bool = False) -> Cursor:
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

        *insert_cursor*: load a plain ``INSERT INTO t [(cols)] VALUES (?, ...)``
        through an Informix insert cursor instead (SQ_PUT, as IBM JDBC with
        ``IFX_USEPUT=1``): the rows go packed in the columns' own encodings,
        which the values must match (an int for an INTEGER, a str for a
        VARCHAR, ...; the server converts nothing).  The load is one
        transaction (under autocommit, begun and committed around it); a
        row the server refuses ends it, the rows before it stay, and the
        error says how many went in (``rows_loaded``).  Other statements, or
        a first row whose values do not match, take the EXECUTE path.
        """
        return self._conn._wait(self._executemany_gen(operation, seq_of_parameters,
                                                      insert_cursor), self._files)

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
        return self._conn._wait(self._callproc_gen(procname, parameters), self._files)

    # -- smart large objects through client files ---------------------------------------

    @_exclusive
    def write_blob_column(self, sql: str, blob_data, params: Sequence[Any] = (), *,
                          sentinel: str = "/tmp/_informix_db_blob_in",
                          clob: bool = False) -> Cursor:
        """Run *sql* with its ``BLOB_PLACEHOLDER`` token replaced by
        ``FILETOBLOB`` (``FILETOCLOB`` with *clob*) of *blob_data*, which the
        server then reads from this client: bytes, str, a binary file object
        or an iterable of bytes chunks, streamed in bounded memory.
        (The peer driver's call, same signature.)"""
        return self._conn._wait(self._write_blob_column_gen(sql, blob_data, params, sentinel,
                                                            clob), self._files)

    @_exclusive
    def read_blob_column(self, sql: str, params: Sequence[Any] = (), *,
                         sentinel: str = "/tmp/_informix_db_blob", into=None):
        """The content of the BLOB/CLOB column selected by ``SELECT col FROM ...``
        (the first row's; None for no row or NULL), through ``LOTOFILE``.
        With *into* (an object with ``write``, such as a binary file) the
        content is streamed into it in bounded memory and *into* returned.
        (The peer driver's call, same signature, plus *into*.)"""
        return self._conn._wait(self._read_blob_column_gen(sql, params, sentinel, into),
                                self._files)

    # -- fetching --------------------------------------------------------------------

    def fetchone(self) -> tuple | None:
        """The next row, or None when there are no more."""
        result = self._need_result()
        if type(result) is OpenCursor and result.rows:
            # a row already received: no I/O, no guard (deque.popleft is atomic)
            return self._take_row(result)
        return self._fetchone_slow()

    @_exclusive
    def _fetchone_slow(self) -> tuple | None:
        return self._conn._wait(self._fetchone_gen(), self._files)

    @_exclusive
    def fetchmany(self, size: int | None = None) -> list[tuple]:
        """Up to *size* (default ``arraysize``) next rows."""
        return self._conn._wait(self._fetchmany_gen(size), self._files)

    @_exclusive
    def fetchall(self) -> list[tuple]:
        """Every remaining row."""
        return self._conn._wait(self._fetchall_gen(), self._files)

    # -- Arrow (ADBC's DB-API extension names) ------------------------------------------

    @_exclusive
    def _fill_columns(self, columns, n: int) -> None:
        self._conn._wait(self._fill_columns_gen(columns, n), self._files)

    def fetch_arrow(self, *, batch_rows: int | None = None, floating_decimal: str = "float64"):
        """The rest of the result as Arrow data: an object with
        ``__arrow_c_stream__`` (``pyarrow.table(...)``, ``polars.DataFrame(...)``,
        DuckDB) that fetches batches of *batch_rows* rows as they are read.
        Needs no pyarrow.  *floating_decimal* ("float64" or "decimal128") is
        what a floating DECIMAL(p) becomes (README, "Arrow")."""
        return self._arrow_result(self._fill_columns, batch_rows, floating_decimal)

    def fetch_arrow_batches(self, rows: int | None = None, *,
                            floating_decimal: str = "float64"):
        """The rest of the result as an iterator of Arrow record batches of up
        to *rows* rows, each with ``__arrow_c_array__`` (``pyarrow.record_batch``)."""
        return iter(self._arrow_result(self._fill_columns, rows, floating_decimal))

    def fetch_arrow_table(self, *, batch_rows: int | None = None,
                          floating_decimal: str = "float64"):
        """The rest of the result as a ``pyarrow.Table`` (needs pyarrow)."""
        return self._arrow_result(self._fill_columns, batch_rows, floating_decimal).to_table()

    def fetch_record_batch(self, *, batch_rows: int | None = None,
                           floating_decimal: str = "float64"):
        """The rest of the result as a ``pyarrow.RecordBatchReader`` (needs pyarrow)."""
        return self._arrow_result(self._fill_columns, batch_rows, floating_decimal).to_reader()

    @_exclusive
    def adbc_ingest(self, table_name: str, data, mode: str = "create", *,
                    catalog_name: str | None = None, db_schema_name: str | None = None,
                    temporary: bool = False, insert_cursor: bool = False) -> int:
        """Load Arrow *data* (anything with ``__arrow_c_stream__`` or
        ``__arrow_c_array__``) into *table_name*; the number of rows loaded.
        *mode*: "create" (a new table, typed from the Arrow schema),
        "append", "replace" (drop, then create) or "create_append".  Rows are
        read batch by batch and sent pipelined, as ``executemany`` sends
        Arrow data: each row's SQ_BIND written from the Arrow buffers
        (``arrow.binds``; in C with the compiled build).  *insert_cursor*:
        through an insert cursor instead (``executemany``'s
        ``insert_cursor``: the rows become Python tuples first, which costs
        more client CPU on both builds, benchmarks/README.md)."""
        return self._conn._wait(self._adbc_ingest_gen(
            table_name, data, mode, catalog_name, db_schema_name, temporary, insert_cursor),
            self._files)

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
        self._conn._wait(self._scroll_gen(value, mode), self._files)

    # -- scroll cursors ------------------------------------------------------------------

    @_exclusive
    def fetch_first(self) -> tuple | None:
        """The first row (scroll cursors)."""
        return self._conn._wait(self._fetch_at_gen(0), self._files)

    @_exclusive
    def fetch_last(self) -> tuple | None:
        """The last row (scroll cursors); the cursor is then at the end."""
        return self._conn._wait(self._fetch_last_gen(), self._files)

    @_exclusive
    def fetch_prior(self) -> tuple | None:
        """The row before the one fetched last (scroll cursors)."""
        return self._conn._wait(self._fetch_at_gen(self._rownumber - 2), self._files)

    @_exclusive
    def fetch_absolute(self, index: int) -> tuple | None:
        """The row at 0-based *index* (scroll cursors); a negative *index*
        counts from the end, ``-1`` being the last row (as JDBC's
        ``absolute(-1)`` and Python sequences)."""
        return self._conn._wait(self._fetch_absolute_gen(index), self._files)

    @_exclusive
    def fetch_relative(self, offset: int) -> tuple | None:
        """The row *offset* rows from the one fetched last (scroll cursors)."""
        return self._conn._wait(self._fetch_at_gen(self._rownumber - 1 + offset), self._files)
