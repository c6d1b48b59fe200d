"""The statement state machine: prepare, execute, open, fetch, close, release.

It drives a *session* (the connection) through one method,
``session._exchange(requests, begin=...) -> list[Reply]``: the requests
(``(bytes, handlers)`` pairs) are sent together and their replies read in
order, errors left in ``Reply.error`` (the caller decides which to raise).
Sending several requests before reading any reply (pipelining) saves a
network round trip per request; the server answers them in order.

A statement's life (JDBC's sequence, shared/protocol/jdbc-captures):

* query: PREPARE+NDESCRIBE+WANTDONE -> DESCRIBE; then CURNAME+[BIND]+OPEN+
  NFETCH -> TUPLEs; NFETCH again until a round brings no rows; CLOSE and
  RELEASE (sent together, answered separately).
* statement without parameters that cannot return rows: COMMAND+
  NDESCRIBE+EXECUTE+RELEASE, one trip.
* statement with parameters: PREPARE -> DESCRIBE; [BIND]+EXECUTE per
  parameter set (all pipelined), then RELEASE.
"""

from __future__ import annotations

from collections import deque

from informix_db.exceptions import Error, InterfaceError
from informix_db.framing import messages as sq
from informix_db.protocol import statement as st
from informix_db.protocol.replies import Reply

__all__ = ["Executed", "OpenCursor", "prepare", "run_command", "execute_prepared",
           "open_cursor", "release", "ROW_RETURNING", "EXECUTE_WINDOW"]

#: Statement types that open a cursor instead of being executed.
ROW_RETURNING = frozenset((sq.SQ_SELECT,))

#: executemany sends at most this many EXECUTE requests before reading
#: their replies: each reply is ~40 bytes, so a window's replies fit the
#: socket buffers and the server never blocks writing while we still write.
EXECUTE_WINDOW = 512


def _reader(session, description=None) -> st.StatementReader:
    return st.StatementReader(session.encoding,
                              four_byte_offsets=session._four_byte_offsets,
                              description=description)


def _raise_first(replies) -> None:
    for reply in replies:
        if reply.error is not None:
            raise reply.error.exception()


def prepare(session, sql: bytes, nparams: int, *, begin: bool) -> st.Description:
    """PREPARE *sql*; the server's DESCRIBE of it."""
    reader = _reader(session)
    (reply,) = session._exchange(
        [(st.build_prepare(sql, nparams, int_length=session._int_sql_length), reader.handlers)],
        begin=begin)
    _raise_first([reply])
    if reader.description is None:
        raise InterfaceError("the server prepared the statement but sent no DESCRIBE")
    return reader.description


class Executed:
    """What executing a statement reported."""

    __slots__ = ("stmt_type", "rowcount", "lastrowid")

    def __init__(self, stmt_type: int, rowcount: int, lastrowid: int | None) -> None:
        self.stmt_type = stmt_type
        self.rowcount = rowcount
        self.lastrowid = lastrowid


def _executed(stmt_type: int, reply: Reply) -> Executed:
    done = reply.done
    rows = done.rows if done is not None and stmt_type in st.ROW_COUNTING else -1
    lastrowid = None
    if reply.insert is not None:
        lastrowid = reply.insert.bigserial or reply.insert.serial8
    if not lastrowid and done is not None and done.serial:
        lastrowid = done.serial
    return Executed(stmt_type, rows, lastrowid or None)


def run_command(session, sql: bytes, *, begin: bool) -> Executed:
    """COMMAND+NDESCRIBE+EXECUTE+RELEASE of *sql* (no parameters, no rows)."""
    reader = _reader(session)
    (reply,) = session._exchange(
        [(st.build_command(sql, int_length=session._int_sql_length), reader.handlers)],
        begin=begin)
    stmt_type = reader.description.stmt_type if reader.description else 0
    session._after_statement(stmt_type, reply.error is None)
    _raise_first([reply])
    return _executed(stmt_type, reply)


def execute_prepared(session, description: st.Description, param_sets) -> tuple[list, list]:
    """EXECUTE prepared statement *description* once per parameter set (pipelined
    in windows of ``EXECUTE_WINDOW``), then RELEASE it.

    Returns ``(executed, errors)``: one ``Executed`` per successful set and
    ``(index, exception)`` per failed one; every set is attempted.
    """
    sid = description.stmt_id
    results: list[Executed] = []
    errors: list[tuple[int, Error]] = []
    index = 0
    sets = iter(param_sets)
    release_sent = False
    try:
        while True:
            window = []
            for params in sets:
                window.append((st.build_execute(sid, params), None))
                if len(window) >= EXECUTE_WINDOW:
                    break
            last = len(window) < EXECUTE_WINDOW
            if last:
                window.append((st.build_release(sid), None))
                release_sent = True
            replies = session._exchange(window)
            if last:
                replies, release = replies[:-1], replies[-1]
            for reply in replies:
                if reply.error is not None:
                    errors.append((index, reply.error.exception()))
                else:
                    results.append(_executed(description.stmt_type, reply))
                index += 1
            if last:
                session._after_statement(description.stmt_type, not errors)
                if release.error is not None and not errors:
                    raise release.error.exception()
                return results, errors
    except BaseException:
        if not release_sent:
            release(session, sid, cursor=False)
        raise


def release(session, stmt_id: int, *, cursor: bool) -> None:
    """CLOSE (when a cursor is open) and RELEASE statement *stmt_id*; errors are
    raised after both replies are read."""
    requests = [(st.build_release(stmt_id), None)]
    if cursor:
        requests.insert(0, (st.build_close(stmt_id), None))
    if session.closed:
        return
    _raise_first(session._exchange(requests))


class OpenCursor:
    """A query's cursor on the server, read in rounds of ``fetch_size`` bytes."""

    __slots__ = ("session", "description", "fetch_size", "rows", "exhausted", "open",
                 "fetched", "_reader")

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
        self._reader = _reader(session, description)

    def _take(self, reply: Reply) -> int:
        reader = self._reader
        got = reader.rows
        reader.rows = []
        self.rows.extend(got)
        self.fetched += len(got)
        if reply.error is not None:
            raise reply.error.exception()
        if reader.row_error is not None:
            err, reader.row_error = reader.row_error, None
            raise err
        return len(got)

    def start(self, name: str, params, *, begin: bool) -> None:
        """CURNAME+[BIND]+OPEN+NFETCH: open the cursor and read the first round."""
        sid = self.description.stmt_id
        request = st.build_open(sid, name, params, self.fetch_size)
        try:
            (reply,) = self.session._exchange([(request, self._reader.handlers)], begin=begin)
            self.session._after_statement(self.description.stmt_type, reply.error is None,
                                          finished=False)
            if self._take(reply) == 0:
                self.finish()
        except Error:
            self.finish(quiet=True)
            raise

    def fetch_round(self) -> int:
        """One NFETCH round; the number of rows it brought (0: the end)."""
        if self.exhausted or not self.open:
            return 0
        sid = self.description.stmt_id
        try:
            (reply,) = self.session._exchange(
                [(st.build_fetch(sid, self.fetch_size), self._reader.handlers)])
            got = self._take(reply)
        except Error:
            self.finish(quiet=True)
            raise
        if got == 0:
            self.finish()
        return got

    def finish(self, *, quiet: bool = False) -> None:
        """CLOSE and RELEASE the server's cursor and statement (idempotent)."""
        self.exhausted = True
        if not self.open:
            return
        self.open = False
        try:
            release(self.session, self.description.stmt_id, cursor=True)
        except Error:
            if not quiet:
                raise
        self.session._statement_finished()
