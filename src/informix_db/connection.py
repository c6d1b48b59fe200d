"""Connecting to an Informix server, and the PEP 249 ``Connection``.

``connect()`` performs IBM JDBC's sequence, one request and one reply at a
time: the login packet, SQ_PROTOCOLS (capability masks), SQ_INFO (session
environment), SQ_DBOPEN (the database).  All of it, TCP connect, TLS handshake
and login, ends within *connect_timeout*; afterwards each request and its whole
reply end within *read_timeout* (None: as long as a statement takes).
``close()`` sends SQ_EXIT and waits for its echo, bounded by *connect_timeout*.

Transactions follow the database's logging mode, as DBOPEN reported it:

* logged (non-ANSI): with autocommit off the driver sends SQ_BEGIN before
  the first statement of each transaction (as IBM JDBC, captures g25/g28);
  ``commit()``/``rollback()`` send SQ_CMMTWORK/SQ_RBWORK when a
  transaction is open and do nothing otherwise.  With autocommit on the
  server commits each statement itself.
* MODE ANSI: every statement runs inside an implicit transaction that
  the server begins; no SQ_BEGIN is sent.  ``commit()``/``rollback()``
  always send SQ_CMMTWORK/SQ_RBWORK; with autocommit on the driver
  commits after each statement (after a query, once its cursor is closed).
* unlogged (or no database): there are no transactions; every statement
  is final at once, and ``commit()``/``rollback()`` are no-ops.

A statement the application runs itself (``BEGIN WORK``, ``COMMIT WORK``,
``ROLLBACK WORK``) is never preceded by an automatic SQ_BEGIN, and its
success updates the connection's idea of whether a transaction is open.
Likewise ``DATABASE x``, ``CREATE DATABASE x`` and ``CLOSE DATABASE`` run
through ``execute()`` update ``Connection.database`` (and so the logging
mode the rules above follow) from the server's reply.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping

from informix_db.baseconnection import (
    BaseConnection, Login, no_login_hint, resolve_connect_args,
)
from informix_db.codecs.smartlob import ClobLocator
from informix_db.exceptions import Error
from informix_db.lob import SmartLob, lob_mode
from informix_db.protocol import execution, fastpath, lobio, login, session
from informix_db.protocol.execution import DEFAULT_FETCH_BUFFER
from informix_db.protocol.locales import DEFAULT_CLIENT_LOCALE
from informix_db.protocol import statement as st
from informix_db.protocol.replies import Reply
from informix_db.transport import open_stream
from informix_db.transport.stream import DEFAULT_KEEPALIVE

__all__ = ["Connection", "connect"]


def connect(
    host: str,
    port: int | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    server: str | None = None,
    *,
    tls=None,
    connect_timeout: float | None = 10.0,
    read_timeout: float | None = None,
    keepalive: float | None = DEFAULT_KEEPALIVE,
    client_locale: str = DEFAULT_CLIENT_LOCALE,
    db_locale: str | None = None,
    autocommit: bool = False,
    fetch_buffer_size: int = DEFAULT_FETCH_BUFFER,
    env: Mapping[str, str] | None = None,
    tls_server_hostname: str | None = None,
    row_factory=None,
) -> Connection:
    """Log in to Informix *server* at *host*:*port* and open *database*.

    *host* may instead be a connection string (``informix_db.dsn``)::

        connect("informix://informix:secret@db.example.com:9088/stores?server=ol_informix")
        connect("jdbc:informix-sqli://db.example.com:9088/stores:INFORMIXSERVER=ol_informix;"
                "user=informix;password=secret")
        connect("SERVER=ol_informix;DATABASE=stores;HOST=db.example.com;SERVICE=9088;"
                "UID=informix;PWD=secret")

    Arguments passed besides a connection string win over its parts
    (``connect(url, password=secret)`` keeps a password out of the URL); an
    option the string sets (``?read_timeout=30``) wins over the keyword's
    default.  *port* defaults to 9088 and *server* to ``"informix"``.

    *server* is the INFORMIXSERVER name the listener answers to.  *database*
    None logs in without opening one.  *tls*: None/False for plain TCP,
    True for TLS verified against the system's trust store (certificate
    and host name), ``"insecure"`` for TLS that accepts any certificate, or
    an ``ssl.SSLContext`` (e.g. ``ssl.create_default_context(cafile=...)``).
    Raises ``OperationalError`` for network failures and refusals (-951 bad
    user or password, -329 unknown database), with ``sqlcode`` set.
    *client_locale* (``CLIENT_LOCALE``, default ``en_US.8859-1``) and
    *db_locale* (``DB_LOCALE``, default None: not sent) go to the server in
    the login environment.  Character data (statement text, CHAR/VARCHAR/
    NCHAR/NVARCHAR/LVARCHAR/TEXT values) travels in the code set of
    *db_locale* when given (the client converts, as IBM JDBC does), else in
    that of *client_locale*; ``Connection.encoding`` is its Python codec.
    A character that code set lacks raises ``DataError`` (parameters) before
    anything is sent; bytes that are not valid in it raise ``DataError`` on
    fetch, never mojibake.
    *env*: more environment variables for the login (``{"DBDATE":
    "MDY4/", "OPTCOMPIND": "0"}``), replacing the driver's own of the same
    name; ``CLIENT_LOCALE``/``DB_LOCALE`` there act as *client_locale*/
    *db_locale*.  *tls_server_hostname*: the name a TLS certificate is
    checked against (and sent as SNI) when it is not *host*, e.g. when
    connecting by IP address.
    *autocommit*: the initial ``Connection.autocommit``.  *fetch_buffer_size*:
    the bytes of rows the server sends per fetch round (SQ_NFETCH; JDBC's
    FET_BUF_SIZE), default ``DEFAULT_FETCH_BUFFER`` (64 KiB): a query's
    result is read in such rounds as the application fetches, never all at
    once.  Each cursor can change it (``Cursor.fetch_buffer_size``).
    *row_factory*: what rows are fetched as (``informix_db.rows``: None or
    ``tuple_row`` for plain tuples, ``dict_row``, ``namedtuple_row``, ``Row``),
    the default of ``Connection.row_factory`` and so of each new cursor.

    Timeouts and dead peers:

    * *connect_timeout* (seconds, default 10) bounds the whole of
      connecting: TCP connect, TLS handshake and login together; and
      ``close()``.
    * *read_timeout* (default None) bounds each request and its whole reply
      (every fetch round is one), however slowly the bytes come: a deadline,
      as python-oracledb's ``call_timeout``, not an idle limit.  None means no
      statement timeout (as psycopg and
      asyncpg): a long query is allowed to run.  When it expires the driver
      raises ``OperationalError`` ("timed out after Ns waiting for ...") and
      the connection is *broken*: the server may still send the reply, so
      the conversation cannot continue; ``broken`` and ``closed`` become
      True and every further use raises ``OperationalError`` naming the
      cause.  Open a new connection.
    * *keepalive* (default 60 seconds; None or False turns it off, True is
      the default) enables TCP
      keepalive so a vanished peer (host down, cable cut, NAT entry dropped)
      is never waited for forever, even without *read_timeout*: after
      *keepalive* idle seconds the OS probes the server every 10 s and, after
      6 unanswered probes (about *keepalive* + 60 s in all), the wait fails
      with ``OperationalError`` and the connection is broken as above.  A
      live server working on a long statement answers the probes, so it is
      not interrupted.
    """
    a = resolve_connect_args(
        host, port, user, password, database, server, tls=tls,
        connect_timeout=connect_timeout, read_timeout=read_timeout, keepalive=keepalive,
        client_locale=client_locale, db_locale=db_locale, autocommit=autocommit,
        fetch_buffer_size=fetch_buffer_size, env=env, tls_server_hostname=tls_server_hostname,
        row_factory=row_factory)
    started = time.monotonic()
    stream = open_stream(
        a.host, a.port, connect_timeout=a.connect_timeout, read_timeout=a.connect_timeout,
        tls=a.tls, keepalive=a.keepalive, server_hostname=a.tls_server_hostname)
    # One deadline for the whole of connecting: a server dripping its login
    # replies cannot stretch connect() past connect_timeout.
    stream.hold_deadline(a.connect_timeout, "connecting and logging in to", since=started)
    conn = Connection(stream, encoding=a.encoding, connect_timeout=a.connect_timeout,
                      autocommit=a.autocommit, fetch_buffer_size=a.fetch_buffer_size)
    conn.row_factory = a.row_factory
    try:
        conn._wait(conn._handshake_gen(a.user, a.password, a.database, a.server,
                                       a.client_locale, a.db_locale, a.env))
        stream.release_deadline()
        stream.settimeout(a.read_timeout)
    except BaseException as exc:
        conn._abandon()
        hint = no_login_hint(exc, conn, a.tls)
        if hint is not None:
            raise hint from exc
        raise
    return conn


class Connection(BaseConnection):
    """One logged-in session (PEP 249).  Threads may share it (DB-API
    threadsafety 2): their requests take turns; each uses its own cursor.

    ``with connect(...) as conn:`` follows psycopg 3: the block's end commits
    (or rolls back when it raised) and then closes the connection.
    """

    def __init__(self, stream, **kwargs) -> None:
        super().__init__(stream, **kwargs)
        # Held for each request/reply exchange: threads sharing the
        # connection (threadsafety 2) take turns, never reading each other's
        # replies.  Each thread needs its own cursor (Cursor refuses a second).
        self._io_lock = threading.Lock()

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if not self.closed:
                if exc_type is None:
                    self.commit()
                else:
                    try:
                        self.rollback()
                    except Error:
                        pass  # the block's own exception matters more
        finally:
            self.close()

    # -- PEP 249 ----------------------------------------------------------------

    def cursor(self, *, scrollable: bool = False, row_factory=...):
        """A new ``Cursor`` on this connection (a scroll cursor with *scrollable*);
        *row_factory* (default: the connection's) says what rows are fetched as."""
        from informix_db.cursor import Cursor  # the DB-API layer sits above this module

        self._check_open()
        cur = Cursor(self, scrollable=scrollable)
        cur.row_factory = self.row_factory if row_factory is ... else row_factory
        self._cursors.add(cur)
        return cur

    def commit(self) -> None:
        """Commit the current transaction (see the module docstring per logging mode)."""
        self._check_open()
        self._wait(execution.end_transaction(self, st.build_commit()))

    def rollback(self) -> None:
        """Roll back the current transaction (see the module docstring per logging mode)."""
        self._check_open()
        self._wait(execution.end_transaction(self, st.build_rollback()))

    def create_lob(self, column: str, *, clob: bool = False) -> SmartLob:
        """A new, empty BLOB (a CLOB with *clob*) stored as *column*
        (``"table.column"``) stores its values, open for writing: write to it,
        close it, then bind its ``locator`` as a parameter (or use
        ``BlobValue``/``ClobValue``, which do all three)."""
        self._check_open()
        locator, fd = self._wait(lobio.create(self, column))
        if clob:
            locator = ClobLocator(locator.raw)
        return SmartLob(self, locator, fd, "r+")

    def open_lob(self, locator, mode: str = "r") -> SmartLob:
        """Open the BLOB/CLOB *locator* names (a query's ``BlobLocator`` /
        ``ClobLocator``) as a ``SmartLob``: read, seek, iterate in chunks;
        write too with *mode* ``"r+"``."""
        self._check_open()
        fd = self._wait(lobio.open_lob(self, locator, lob_mode(mode)))
        return SmartLob(self, locator, fd, mode)

    def read_lob(self, locator) -> bytes | str | None:
        """The whole content of *locator*'s object: bytes for a BLOB, str
        (the connection's code set) for a CLOB; None for None."""
        if locator is None:
            return None
        with self.open_lob(locator) as lob:
            data = lob.read()
        return data.decode(self.encoding) if lob.is_clob else data

    def fast_path_call(self, signature: str, *params) -> list:
        """Run routine *signature* (``"function informix.ifx_lo_close(integer)"``)
        by fast-path, without PREPARE/EXECUTE; its return values as a list.
        The handle is resolved once per connection and signature."""
        self._check_open()
        return self._wait(fastpath.call(self, signature, params))

    def _wait(self, gen, files=None):
        """Run *gen*, an operation of ``protocol.execution`` (a generator of
        exchanges), to its end with blocking I/O; its return value.  An
        exception of the I/O is thrown into it where it waits, so it can
        clean up (or not) as it decides.  *files*: the ``ClientFiles`` the
        server's SQ_FILE requests are answered from (a cursor's)."""
        try:
            todo = gen.send(None)
            while True:
                try:
                    replies = (self._exchange(*todo, files=files) if type(todo) is tuple
                               else self._login(todo))
                except BaseException as exc:
                    todo = gen.throw(exc)
                else:
                    todo = gen.send(replies)
        except StopIteration as stop:
            return stop.value

    def _exchange(self, requests, begin: bool = False, files=None) -> list[Reply]:
        """Send *requests* (``(bytes, handlers)`` pairs) together and read their
        replies in order, errors left in each ``Reply.error``.

        With *begin*, an SQ_BEGIN goes first (its failure is raised once
        every reply has been read).  Statements of abandoned cursors are
        closed and released first.
        """
        self._check_open()
        with self._io_lock:  # threads sharing the connection take turns, exchange by exchange
            self._check_open()
            todo, npre, begin = self._compose(requests, begin)
            stream, reader = self._stream, self._reader
            stream.send(b"".join([r for r, _ in todo]))
            reader.files = files
            replies = []
            for _, h in todo:
                reply = reader.read_reply(h, raise_error=False)
                while reply.file is not None:  # the server waits for a client file
                    try:
                        for piece in self._file_answer(reply, files):
                            stream.send(piece)
                    except BaseException as exc:  # an answer cut short: out of step
                        stream.mark_broken(f"a client file's answer failed: {exc}")
                        raise
                    reader.read_into(reply, h)
                replies.append(reply)
            return self._settle(replies, npre, begin)

    def _login(self, request: Login):
        self._stream.send(request.request)
        return login.read_login_reply(self._stream)

    # -- lifecycle --------------------------------------------------------------

    def close(self) -> None:
        """End the session (SQ_EXIT) and close the socket.  Idempotent.

        A broken connection is just closed.  Errors while saying goodbye
        are not raised: the socket is closed either way.
        """
        if self._closed:
            return
        self._closed = True
        stream = self._stream
        # Another thread's exchange in flight: wait for it (bounded), else
        # closing the socket under it ends it with OperationalError.
        timeout = -1 if self._connect_timeout is None else self._connect_timeout
        locked = self._io_lock.acquire(timeout=timeout)
        try:
            if locked and not stream.closed:
                try:
                    stream.settimeout(self._connect_timeout)
                    stream.send(session.build_exit())
                    session.read_exit_ack(self._reader)
                except Error:
                    pass
            stream.close()
        finally:
            if locked:
                self._io_lock.release()

    def _abandon(self) -> None:
        """Give up a half-made connection: say goodbye if possible, close."""
        if self.login is not None and not self._stream.closed:
            self.close()
        else:
            self._closed = True
            self._stream.close()

    def _reset_for_pool(self) -> None:
        """Make the connection clean for its next user (``informix_db.pool``):
        close every open cursor, releasing its server statement, and roll back
        an open transaction.  Raises when that fails or leaves the connection
        closed or broken: the pool then discards it."""
        self._wait(self._reset_gen())


