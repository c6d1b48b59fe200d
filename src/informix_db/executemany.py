"""``executemany`` and ``adbc_ingest``: many parameter sets for one
statement, pipelined (``execution.execute_prepared``: a window of
BIND+EXECUTE per request), through an insert cursor when asked
(``protocol.insertcursor``), one statement per row for rows with BLOB/CLOB
values (their objects are created first), and Arrow data written straight
into SQ_BIND messages (the Arrow extra's ``binds.ArrowInput``).  A part of
every cursor (``BaseCursor``), as generators like the rest of the statement
logic."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from informix_db._impl import binding
from informix_db.exceptions import DatabaseError, Error, InterfaceError, NotSupportedError, \
    ProgrammingError
from informix_db.lobparams import BlobValue
from informix_db.protocol import execution, insertcursor, sqltext
from informix_db.protocol.clientfiles import may_use_client_files
from informix_db.protocol.statement import Description

__all__ = ["ExecuteMany", "as_sequence"]


class ExecuteMany:
    """The bulk statements of a cursor; it needs the cursor's ``_conn``,
    ``_check``, ``_reset_gen``, ``_execute_gen``, ``_encode_sql``,
    ``_files_checked`` and its ``_rowcount``/``_lastrowid``."""

    def _executemany_gen(self, operation: str, seq_of_parameters, insert_cursor: bool = False):
        self._check()
        yield from self._reset_gen()
        marks = sqltext.scan(operation)
        conn = self._conn
        self._rowcount = 0
        encoding = conn.encoding
        if _is_arrow(seq_of_parameters):
            # Arrow data (a table, a frame), read batch by batch.  The Arrow
            # extra is imported only here, when given Arrow data.
            from informix_db.arrow.binds import ArrowInput

            arrow = seq_of_parameters if getattr(seq_of_parameters, "is_arrow_input", False) \
                else ArrowInput(seq_of_parameters)
            if not insert_cursor:
                # each row's SQ_BIND straight from the Arrow buffers
                try:
                    yield from self._execute_sets_gen(marks, arrow.messages(marks, encoding))
                finally:
                    arrow.close()
                return self
            seq_of_parameters = arrow.rows()  # an insert cursor's rows are tuples
        try:
            rows = iter(seq_of_parameters)
        except TypeError:
            raise ProgrammingError("executemany() needs an iterable of parameter sequences, "
                                   f"got {type(seq_of_parameters).__name__}") from None

        def encode(params):
            try:
                return binding.bind_message(marks.arrange(as_sequence(params)), encoding)
            except InterfaceError:
                if any(isinstance(v, BlobValue) for v in as_sequence(params)):
                    raise _LobRow(params) from None
                raise

        first = next(rows, _NO_ROW)
        if first is _NO_ROW:
            return self
        if any(isinstance(v, BlobValue) for v in as_sequence(first)):
            yield from self._one_at_a_time_gen(operation, itertools.chain((first,), rows))
            return self
        try:
            first_set = encode(first)  # a bad first row costs no round trip
        except Error as exc:
            raise _batch_error(exc, 0) from None
        sql = self._encode_sql(marks.sql)
        desc = yield from execution.prepare(conn, sql, marks.count)
        if desc.stmt_type in execution.ROW_RETURNING or desc.result_columns:
            yield from execution.release(conn, desc.stmt_id, cursor=False)
            raise NotSupportedError("executemany() cannot run a statement that returns rows")
        put = None
        if insert_cursor:
            try:
                first_row = next(_put_rows((first,), marks))
            except Error:
                first_row = None
            put = insertcursor.encoder_for(desc, marks.sql, marks.count, first_row, conn.encoding)
        if put is not None:
            done, failed, error = yield from insertcursor.load(
                conn, desc, _put_rows(itertools.chain((first,), rows), marks), put,
                conn._next_cursor_name())
            self._rowcount, self._lastrowid = done.rowcount, done.lastrowid
            if error is not None:
                raise _batch_error(error, failed, loaded=done.rowcount)
            return self
        done, failed, error = yield from self._execute_prepared_gen(
            desc, sql, itertools.chain((first_set,), map(encode, rows)))
        if isinstance(error, _LobRow):
            # a later row has BLOB/CLOB values: it and the rest go one at a time
            yield from self._one_at_a_time_gen(operation, itertools.chain((error.params,), rows),
                                               failed, max(done.rowcount, 0))
        elif error is not None:
            raise _batch_error(error, failed)
        return self

    def _one_at_a_time_gen(self, operation: str, rows, start: int = 0, total: int = 0):
        """executemany of *rows* (row *start* on, after *total* rows changed)
        one statement each: their BLOB/CLOB objects are created before it."""
        for i, params in enumerate(rows, start):
            try:
                yield from self._execute_gen(operation, params)
            except Error as exc:
                raise _batch_error(exc, i, loaded=total) from None
            total += max(self._rowcount, 0)
        self._rowcount = total

    def _execute_sets_gen(self, marks, sets):
        """executemany's EXECUTE path for parameter sets given as their SQ_BIND
        messages (iterator *sets*; an ``Error`` from it fails that set)."""
        try:
            first_set = next(sets, _NO_ROW)  # a bad first row costs no round trip
        except Error as exc:
            raise _batch_error(exc, 0) from None
        if first_set is _NO_ROW:
            return
        sql = self._encode_sql(marks.sql)
        desc = yield from execution.prepare(self._conn, sql, marks.count)
        if desc.stmt_type in execution.ROW_RETURNING or desc.result_columns:
            yield from execution.release(self._conn, desc.stmt_id, cursor=False)
            raise NotSupportedError("executemany() cannot run a statement that returns rows")
        done, failed, error = yield from self._execute_prepared_gen(
            desc, sql, itertools.chain((first_set,), sets))
        if error is not None:
            raise _batch_error(error, failed)

    def _execute_prepared_gen(self, desc: Description, sql: bytes, sets):
        """The pipelined EXECUTEs: ``(done, failed, error)`` of
        ``execution.execute_prepared``, rowcount and lastrowid set."""
        conn = self._conn
        done, failed, error = yield from execution.execute_prepared(
            conn, desc, sets, begin=conn._needs_begin_for(desc.stmt_type),
            release_with=not may_use_client_files(sql))
        self._files_checked()
        self._rowcount, self._lastrowid = done.rowcount, done.lastrowid
        return done, failed, error

    def _adbc_ingest_gen(self, table_name: str, data, mode: str, catalog_name, db_schema_name,
                         temporary: bool, insert_cursor: bool | None = None):
        from informix_db.arrow import ingest  # the extras layer, when asked for

        if catalog_name is not None or db_schema_name is not None:
            raise NotSupportedError("adbc_ingest: catalog_name and db_schema_name are not "
                                    "supported (name an owner as owner.table in table_name)")
        table, insert, source, create = ingest.ingest_plan(table_name, data, mode, temporary)
        try:
            if mode == "replace":
                try:
                    yield from self._execute_gen(f"DROP TABLE {table}")
                except DatabaseError as exc:
                    if exc.sqlcode != ingest.NO_SUCH_TABLE:
                        raise
            if create is not None:
                try:
                    yield from self._execute_gen(create)
                except DatabaseError as exc:
                    if mode != "create_append" or exc.sqlcode != ingest.TABLE_EXISTS:
                        raise
            yield from self._executemany_gen(insert, source, bool(insert_cursor))
        finally:
            source.close()  # a failure mid-way releases the Arrow data now
        return max(self._rowcount, 0)


_NO_ROW = object()


class _LobRow(InterfaceError):
    """executemany's row *params* holds BLOB/CLOB values: it cannot go
    pipelined (its objects are created first)."""

    def __init__(self, params) -> None:
        super().__init__("a row with BLOB/CLOB values")
        self.params = params


def _is_arrow(data) -> bool:
    """Arrow data (the PyCapsule interface), or the Arrow extra's opened form
    of it (``binds.ArrowInput``), told without importing that extra."""
    return hasattr(data, "__arrow_c_stream__") or hasattr(data, "__arrow_c_array__") \
        or getattr(data, "is_arrow_input", False) is True
#: What callproc accepts as a routine name: [owner.]name.
def _batch_error(error: Error, row: int, loaded: int | None = None) -> Error:
    """*error*, its message prefixed with ``row k:`` and ``batch_row`` set;
    with *loaded*, the rows inserted before it too (``rows_loaded``)."""
    where = f"row {row}" if loaded is None else f"row {row} ({loaded} rows inserted before it)"
    error.args = (f"{where}: {error.args[0] if error.args else error}", *error.args[1:])
    error.message = error.args[0]
    error.batch_row = row
    if loaded is not None:
        error.rows_loaded = loaded
    return error


def _put_rows(rows, marks):
    """*rows* as value lists in ``?`` order, with ``arrange``'s checks; plain
    tuples and lists of qmark statements go as they are (the encoder checks
    their length), so the common load pays no call per row here."""
    if marks.order is None:
        for params in rows:
            if type(params) is not tuple and type(params) is not list:
                params = marks.arrange(as_sequence(params))
            yield params
    else:
        for params in rows:
            yield marks.arrange(as_sequence(params))


def as_sequence(parameters) -> Sequence:
    if isinstance(parameters, (str, bytes, bytearray)) or not isinstance(parameters, Sequence):
        if isinstance(parameters, dict):
            raise ProgrammingError("parameters must be a sequence (qmark/numeric style), "
                                   "not a mapping")
        raise ProgrammingError(
            f"parameters must be a sequence such as a tuple, got {type(parameters).__name__}")
    return parameters
