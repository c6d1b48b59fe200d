"""The statement state machine: prepare, execute, open, fetch, close, release.

It does no I/O.  Each operation is a generator that yields an *exchange*,
``(requests, begin)``: *requests* are ``(bytes, handlers)`` pairs to send
together, and the front end that drives the generator (the blocking
``Connection._wait``, or the asyncio connection's) sends them, reads
their replies in order and sends the list of ``Reply`` back in, errors
left in ``Reply.error`` (the generator decides which to raise); an
exception of the I/O is thrown in at the ``yield``.  With *begin*, an
SQ_BEGIN goes first and its failure is raised by the front end.  So the
blocking and the asyncio drivers run every line of this module alike
(psycopg 3's generators are the model).  Sending several requests before
reading any reply (pipelining) saves a network round trip per request;
the server answers them in order.

The *session* (a connection) gives the state the requests depend on
(encoding, capabilities, the transaction) and is told what happened
(``_after_statement``, ``_forget_statement``); none of that does I/O.

A statement's life (JDBC's sequence, shared/protocol/jdbc-captures):

* query: PREPARE+NDESCRIBE+WANTDONE -> DESCRIBE; then CURNAME+[BIND]+OPEN+
  NFETCH -> TUPLEs; NFETCH again until a round brings no rows; CLOSE and
  RELEASE (sent together, answered separately).
* statement without parameters that cannot return rows: COMMAND+
  NDESCRIBE+EXECUTE+RELEASE, one trip.
* statement with parameters: PREPARE -> DESCRIBE; SQ_ID + BIND+EXECUTE
  per parameter set in one request, then RELEASE (sent with it).
* scroll cursor (``ScrollCursor``): CURNAME+[BIND]+SCROLL+OPEN, then one
  SFETCH per row, by absolute position (or LAST).
* BYTE/TEXT columns: each value's content is fetched with FETCHBLOB while
  the cursor is open (``resolve_blobs``), before the rows are handed out.
"""

from __future__ import annotations

from collections import deque

from informix_db import types as T
from informix_db.codecs.binary import BlobRef
from informix_db.exceptions import DataError, Error, InterfaceError, OperationalError
from informix_db.framing import messages as sq
from informix_db._impl import replyloop
from informix_db.protocol import statement as st
from informix_db.protocol.replies import Handlers, Reply

__all__ = ["DEFAULT_FETCH_BUFFER", "Executed", "OpenCursor", "check_fetch_buffer_size",
           "ScrollCursor", "prepare", "run_command", "execute_prepared", "release",
           "resolve_blobs", "end_transaction", "statement_finished", "ROW_RETURNING",
           "EXECUTE_WINDOW_BYTES", "EXECUTE_WINDOW_SETS"]

#: Bytes of rows asked for per fetch round unless the connection or cursor
#: says otherwise.  Chosen from measurements (benchmarks/README.md): client
#: CPU per row falls by about two thirds from 4 KiB (JDBC's default) to
#: 64 KiB and little beyond, while each open cursor holds one such buffer
#: on the server.  Without capability bit 63 the size goes as 16 bits,
#: capped at 32767.
DEFAULT_FETCH_BUFFER = 64 * 1024


def check_fetch_buffer_size(size) -> int:
    """*size* if it is a valid fetch buffer size, else ``InterfaceError``.
    Servers ignore invalid sizes (IBM: 2 GiB is the largest since
    11.70.xC5), so they are refused here rather than silently replaced."""
    if type(size) is not int or not 1 <= size <= 0x7FFF_FFFF:
        raise InterfaceError(f"fetch_buffer_size must be an int of 1..2**31-1 bytes, got {size!r}")
    return size


#: Statement types that open a cursor instead of being executed.
ROW_RETURNING = frozenset((sq.SQ_SELECT,))

#: An EXECUTE request is cut after the parameter set that takes it past
#: this many bytes (or ``EXECUTE_WINDOW_SETS`` sets): the memory a batch of
#: any length holds at once.  Every BIND+EXECUTE of a window is sent before
#: any reply is read; the server's answers are drained while it is sent
#: (``SocketStream.send``), so a window cannot deadlock.
EXECUTE_WINDOW_BYTES = 4 * 1024 * 1024
EXECUTE_WINDOW_SETS = 100_000


def _reader(session, description=None) -> st.StatementReader:
    return st.StatementReader(session.encoding,
                              four_byte_offsets=session._four_byte_offsets,
                              description=description)


def _raise_first(replies) -> None:
    for reply in replies:
        if reply.error is not None:
            raise reply.error.exception()


_COMMIT = st.build_commit()


def end_transaction(session, request: bytes):
    """SQ_CMMTWORK or SQ_RBWORK (*request*) when the logging mode and the
    transaction state call for one (see ``connection``'s docstring)."""
    mode = session.transaction_mode
    if mode == "none" or (mode == "logged" and not session._in_transaction):
        return
    if mode == "ansi" and session._autocommit and not session._in_transaction:
        return
    try:
        (reply,) = yield ([(request, None)], False)
    except OperationalError as exc:
        if request != _COMMIT or not session.broken:
            raise
        # The COMMIT may have reached the server and run, or not: a
        # retry could commit twice, a silent failure lose work.
        raise OperationalError(
            f"the connection was lost during COMMIT; whether the transaction was committed "
            f"is unknown ({exc})"
        ) from exc
    session._in_transaction = False
    if reply.error is not None:
        raise reply.error.exception()


def statement_finished(session):
    """A statement is over: in ANSI autocommit mode, commit it."""
    if session._autocommit and session._in_transaction and session.transaction_mode == "ansi":
        yield from end_transaction(session, st.build_commit())


def prepare(session, sql: bytes, nparams: int) -> st.Description:
    """PREPARE *sql*; the server's DESCRIBE of it.

    No SQ_BEGIN goes before a PREPARE: like JDBC, the driver sends it after
    the DESCRIBE, with the OPEN or EXECUTE (and not at all before a
    statement that is itself transaction control).
    """
    reader = _reader(session)
    (reply,) = yield ([(st.build_prepare(sql, nparams, int_length=session._int_sql_length),
                        reader.handlers)], False)
    _raise_first([reply])
    if reader.description is None:
        raise InterfaceError("the server prepared the statement but sent no DESCRIBE")
    if reader.describe_error is not None:
        yield from release(session, reader.description.stmt_id, cursor=False)
        raise reader.describe_error
    return reader.description


class Executed:
    """What executing a statement reported."""

    __slots__ = ("stmt_type", "rowcount", "lastrowid", "warnings")

    def __init__(self, stmt_type: int, rowcount: int, lastrowid: int | None,
                 warnings: int = 0) -> None:
        self.stmt_type = stmt_type
        self.rowcount = rowcount
        self.lastrowid = lastrowid
        #: SQ_DONE's warning bits (after DATABASE: logged, ANSI).
        self.warnings = warnings


def _executed(stmt_type: int, reply: Reply) -> Executed:
    done = reply.done
    rows = done.rows if done is not None and stmt_type in st.ROW_COUNTING else -1
    lastrowid = None
    if reply.insert is not None:
        lastrowid = reply.insert.bigserial or reply.insert.serial8
    if not lastrowid and done is not None and done.serial:
        lastrowid = done.serial
    return Executed(stmt_type, rows, lastrowid or None,
                    done.warnings if done is not None else 0)


def run_command(session, sql: bytes, *, begin: bool) -> Executed:
    """COMMAND+NDESCRIBE+EXECUTE+RELEASE of *sql* (no parameters, no rows)."""
    reader = _reader(session)
    (reply,) = yield ([(st.build_command(sql, int_length=session._int_sql_length),
                        reader.handlers)], begin)
    stmt_type = reader.description.stmt_type if reader.description else 0
    session._after_statement(stmt_type, reply.error is None)
    yield from statement_finished(session)
    _raise_first([reply])
    return _executed(stmt_type, reply)


def _next_window(sets, first: int):
    """The next window of parameter sets from iterator *sets* (their SQ_BIND
    messages, ``binding.bind_message``): ``(window, failed, error, more)``.
    A set that cannot be encoded (the iterator raises an ``Error``) ends
    the window: *failed* is its index and *error* the exception; *more*
    says whether sets may follow the window."""
    window: list = []
    size = 0
    try:
        for message in sets:
            window.append(message)
            size += len(message) + 2  # and its SQ_EXECUTE
            if size >= EXECUTE_WINDOW_BYTES or len(window) >= EXECUTE_WINDOW_SETS:
                return window, None, None, True
    except Error as exc:
        return window, first + len(window), exc, False
    return window, None, None, False


def _batch_executed(stmt_type: int, totals) -> Executed:
    """What a batch reported, as one ``Executed``: rows summed over the sets
    that ran (-1 when the statement counts none, 0 when no set ran)."""
    if not totals.executed:
        rowcount = 0
    else:
        rowcount = totals.rowcount if stmt_type in st.ROW_COUNTING else -1
    return Executed(stmt_type, rowcount, totals.lastrowid, totals.warnings)


def execute_prepared(session, description: st.Description, param_sets, *,
                     begin: bool = False,
                     release_with: bool = True) -> tuple[Executed, int | None, Error | None]:
    """EXECUTE prepared statement *description* once per parameter set (each
    given as its SQ_BIND message, ``binding.bind_message``), then RELEASE it.

    *param_sets* may be any iterable, a lazy one included: it is consumed a
    window at a time (``EXECUTE_WINDOW_BYTES``), so memory stays bounded
    however many sets there are: the replies are read by
    ``replyloop.BatchLoop``, which keeps totals, not an object per set.  As
    IBM JDBC's batches do, one request carries SQ_ID and every BIND+EXECUTE
    of a window; the server runs them in order and stops at the first
    failure, so the sets after a failed one are not executed.  The RELEASE
    travels with the last window.  When the iterable raises an ``Error``
    for set k (a value that cannot be encoded), the sets before it are
    executed and set k is reported as the failed one.

    Returns ``(executed, failed_index, error)``: the totals of the sets
    that ran, and the index and exception of the failed set (or None, None).
    Without *release_with* the RELEASE goes alone, after the last reply (a
    statement whose execution may start SQ_FILE dialogs must end its
    exchange: ``clientfiles``).
    """
    sid = description.stmt_id
    stmt_type = description.stmt_type
    sets = iter(param_sets)
    totals = replyloop.BatchLoop()
    handlers = Handlers(bulk=totals)
    released = False
    start = 0
    try:
        while True:
            window, failed, error, more = _next_window(sets, start)
            if not window:
                # Nothing (more) to run: the last window ended exactly at the
                # last set, or the first set of this one could not be encoded.
                session._after_statement(stmt_type, error is None or totals.executed > 0)
                yield from statement_finished(session)
                released = True
                yield from release(session, sid, cursor=False)
                return _batch_executed(stmt_type, totals), failed, error
            before = totals.executed
            requests = [(st.build_execute_batch(sid, window), handlers)]
            if not more and release_with:
                requests.append((st.build_release(sid), None))
                released = True
            replies = yield (requests, begin and start == 0)
            if replies[0].error is not None:
                session._after_statement(stmt_type, totals.executed > 0)
                yield from statement_finished(session)
                if not released:
                    yield from release(session, sid, cursor=False)
                    released = True
                return (_batch_executed(stmt_type, totals), start + totals.executed - before,
                        replies[0].error.exception())
            start += len(window)
            if not more:
                break
        session._after_statement(stmt_type, True)
        yield from statement_finished(session)
        if not released:
            released = True
            yield from release(session, sid, cursor=False)
        if replies[-1].error is not None:
            raise replies[-1].error.exception()
        return _batch_executed(stmt_type, totals), failed, error
    except BaseException:
        if not released and not session.closed:
            try:
                yield from release(session, sid, cursor=False)
            except Error:
                pass
        raise


def release(session, stmt_id: int, *, cursor: bool) -> None:
    """CLOSE (when a cursor is open) and RELEASE statement *stmt_id*, sent
    together.  A failed CLOSE is ignored: the end of a transaction closes a
    server's cursors by itself.  A failed RELEASE is raised."""
    requests = [(st.build_release(stmt_id), None)]
    if cursor:
        requests.insert(0, (st.build_close(stmt_id), None))
    if session.closed:
        return
    replies = yield (requests, False)
    _raise_first(replies[-1:])


def _blob_columns(description: st.Description) -> tuple[tuple[int, bool], ...]:
    """``(index, is_text)`` of each BYTE/TEXT column."""
    return tuple((i, c.type.sqltype == T.SQLTEXT) for i, c in enumerate(description.result_columns)
                 if c.type.sqltype in (T.SQLBYTES, T.SQLTEXT))


def resolve_blobs(session, stmt_id: int, rows: list, blob_columns) -> list:
    """Replace the BYTE/TEXT descriptors in *rows* by their contents (bytes;
    TEXT as str), fetched with SQ_FETCHBLOB while the cursor is open.  All
    the fetches of *rows* go in one send."""
    wanted = [(r, i, text) for r, row in enumerate(rows) for i, text in blob_columns
              if isinstance(row[i], BlobRef)]
    if not wanted:
        return rows
    readers = [st.BlobReader(rows[r][i].size) for r, i, _ in wanted]
    replies = yield ([(st.build_fetchblob(stmt_id, rows[r][i].raw), br.handlers)
                      for (r, i, _), br in zip(wanted, readers)], False)
    _raise_first(replies)
    rows = [list(row) for row in rows]
    for (r, i, text), br in zip(wanted, readers):
        data = br.data
        if text:
            try:
                rows[r][i] = data.decode(session.encoding)
            except UnicodeDecodeError as exc:
                raise DataError(f"TEXT value is not valid {session.encoding}: {exc.reason}") from None
        else:
            rows[r][i] = data
    return [tuple(row) for row in rows]


def _finish_cursor(cur, quiet: bool) -> None:
    """CLOSE and RELEASE an open cursor once; *quiet* swallows a server error."""
    if not cur.open:
        return
    cur.open = False
    try:
        yield from release(cur.session, cur.description.stmt_id, cursor=True)
    except Error:
        if not quiet:
            raise
    yield from statement_finished(cur.session)


class OpenCursor:
    """A query's cursor on the server, read in rounds of ``fetch_size`` bytes."""

    __slots__ = ("session", "description", "fetch_size", "rows", "exhausted", "open",
                 "fetched", "columns", "_reader", "_blobs", "_wire")

    def __init__(self, session, description: st.Description, fetch_size: int) -> None:
        self.session = session
        self.description = description
        self.fetch_size = fetch_size
        #: Decoded rows received and not yet handed out.
        self.rows: deque = deque()
        #: True once a fetch round brought no rows.
        self.exhausted = False
        #: True while the statement is allocated on the server.
        self.open = True
        #: Rows received so far.
        self.fetched = 0
        #: The columnar decoder the rows go into (``decode_into``), else None.
        self.columns = None
        self._wire = st.wire_description(description)
        self._reader = _reader(session, self._wire or description).for_fetch_buffer(fetch_size)
        self._blobs = _blob_columns(description)

    def _take(self, reply: Reply) -> int:
        reader = self._reader
        got = reader.rows
        reader.rows = []
        if reply.error is not None:
            raise reply.error.exception()
        if reader.row_error is not None:
            err, reader.row_error = reader.row_error, None
            raise err
        if self._blobs and got:
            got = yield from resolve_blobs(self.session, self.description.stmt_id, got,
                                           self._blobs)
        self.rows.extend(got)
        self.fetched += len(got)
        return len(got)

    def decode_into(self, columns) -> bool:
        """Have the next rounds decode their rows into *columns* (a
        ``columnar.ColumnDecoder`` of this result's columns), the rows
        received so far added first; ``rows`` then holds a None per row.
        False, and nothing changed, when the rows need work of their own
        (BYTE/TEXT contents are fetched after their row)."""
        if self._blobs:
            return False
        if self.columns is not columns:
            columns.add_rows(self.rows)
            self.rows.clear()
            self._reader.decoder = columns
            self.columns = columns
        return True

    def start(self, name: str, message: bytes, *, begin: bool) -> None:
        """CURNAME+[BIND]+OPEN+NFETCH: open the cursor and read the first round."""
        sid = self.description.stmt_id
        request = st.build_open(sid, name, message, self.fetch_size,
                                int_size=self.session._long_fetch_buffer, rettype=self._wire)
        try:
            (reply,) = yield ([(request, self._reader.handlers)], begin)
            self.session._after_statement(self.description.stmt_type, reply.error is None)
            if (yield from self._take(reply)) == 0:
                yield from self._ended()
        except Error:
            yield from self.finish(quiet=True)
            raise

    def fetch_round(self) -> int:
        """One NFETCH round; the number of rows it brought (0: the end)."""
        if self.exhausted or not self.open:
            return 0
        sid = self.description.stmt_id
        try:
            (reply,) = yield ([(st.build_fetch(sid, self.fetch_size,
                                               int_size=self.session._long_fetch_buffer),
                                self._reader.handlers)], False)
            got = yield from self._take(reply)
        except Error:
            yield from self.finish(quiet=True)
            raise
        if got == 0:
            yield from self._ended()
        return got

    def _ended(self) -> None:
        """The rows are exhausted: free the server's cursor and statement.

        The CLOSE and RELEASE travel with the connection's next request
        (one round trip less per query; the server frees them before that
        request runs).  In ANSI autocommit mode they are sent at once,
        since the statement's COMMIT must follow them.
        """
        self.exhausted = True
        session = self.session
        if session._commits_after_statements:
            yield from self.finish()
        elif self.open:
            self.open = False
            session._forget_statement(self.description.stmt_id)

    def finish(self, *, quiet: bool = False) -> None:
        """CLOSE and RELEASE the server's cursor and statement (idempotent)."""
        self.exhausted = True
        yield from _finish_cursor(self, quiet)


class ScrollCursor:
    """A query's scroll cursor on the server: rows fetched by position.

    Opened with SQ_SCROLL before SQ_OPEN; each fetch is one SQ_SFETCH of
    one row, ABSOLUTE (1-based) or LAST, answered by the TUPLE and an
    SQ_TUPID with its position (no row: past either end).
    """

    __slots__ = ("session", "description", "fetch_size", "open", "total", "_reader", "_wire")

    def __init__(self, session, description: st.Description, fetch_size: int) -> None:
        self.session = session
        self.description = description
        self.fetch_size = fetch_size
        self.open = True
        #: The number of rows, once a LAST fetch has told it.
        self.total: int | None = None
        self._wire = st.wire_description(description)
        self._reader = _reader(session, self._wire or description).for_fetch_buffer(fetch_size)

    def start(self, name: str, message: bytes, *, begin: bool) -> None:
        """CURNAME+[BIND]+SCROLL+OPEN."""
        request = st.build_open(self.description.stmt_id, name, message, None, scroll=True,
                                rettype=self._wire)
        try:
            (reply,) = yield ([(request, self._reader.handlers)], begin)
            self.session._after_statement(self.description.stmt_type, reply.error is None)
            _raise_first([reply])
        except Error:
            yield from self.finish(quiet=True)
            raise

    def _sfetch(self, orientation: int, target: int):
        reader = self._reader
        reader.rows = []
        reader.tupid = None
        request = st.build_sfetch(self.description.stmt_id, orientation, target,
                                  self.fetch_size, int_size=self.session._long_fetch_buffer)
        (reply,) = yield ([(request, reader.handlers)], False)
        _raise_first([reply])
        if reader.row_error is not None:
            err, reader.row_error = reader.row_error, None
            raise err
        if not reader.rows:
            return None, None
        row = reader.rows[-1]
        blobs = _blob_columns(self.description)
        if blobs:
            row = (yield from resolve_blobs(self.session, self.description.stmt_id, [row],
                                            blobs))[0]
        return row, reader.tupid

    def absolute(self, position: int):
        """The row at 1-based *position*, or None past the end."""
        if position < 1 or (self.total is not None and position > self.total):
            return None
        row, _ = yield from self._sfetch(st.SFETCH_ABSOLUTE, position)
        return row

    def last(self):
        """``(last row, row count)``; ``(None, 0)`` for an empty result."""
        row, tupid = yield from self._sfetch(st.SFETCH_LAST, 0)
        if row is None:
            self.total = 0
        elif tupid is not None:
            self.total = tupid
        return row, self.total

    def count(self) -> int:
        """The number of rows (one LAST fetch the first time)."""
        if self.total is None:
            yield from self.last()
        if self.total is None:
            raise InterfaceError("the server answered SQ_SFETCH LAST without SQ_TUPID: "
                                 "the row count is unknown")
        return self.total

    def finish(self, *, quiet: bool = False) -> None:
        """CLOSE and RELEASE (idempotent)."""
        yield from _finish_cursor(self, quiet)
