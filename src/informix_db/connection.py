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

import re
import threading
import time
from collections.abc import Mapping

from informix_db import exceptions as _exc
from informix_db.dsn import DEFAULT_PORT, is_dsn, parse_dsn
from informix_db.exceptions import Error, InterfaceError, OperationalError, ProgrammingError
from informix_db.framing import messages as sq
from informix_db.protocol import login, session
from informix_db.protocol import statement as st
from informix_db.protocol.execution import DEFAULT_FETCH_BUFFER, check_fetch_buffer_size
from informix_db.protocol.capabilities import CLIENT_PROTOCOLS, Capabilities
from informix_db.protocol.locales import DEFAULT_CLIENT_LOCALE, codec_for_locale
from informix_db.protocol.replies import Handler, Reply, ReplyReader
from informix_db.transport import open_stream
from informix_db.transport.stream import DEFAULT_KEEPALIVE

__all__ = ["Connection", "connect"]

#: Statement types that manage transactions or databases themselves.
_TX_STATEMENTS = frozenset((sq.SQ_BEGWORK, sq.SQ_COMMIT, sq.SQ_ROLLBACK, sq.SQ_DATABASE,
                            sq.SQ_CREADB, sq.SQ_DROPDB, sq.SQ_CLSDB))

#: Leading keywords of statements that manage transactions (or databases)
#: themselves: no automatic SQ_BEGIN before them.
_NO_AUTO_BEGIN = frozenset(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE",
                            "DATABASE", "SET"))


#: The database a DATABASE / CREATE DATABASE statement names (quotes and
#: an ``@server`` suffix dropped).
_DATABASE_NAME = re.compile(r"\bDATABASE\s+[\"']?([^\s\"'@;]+)", re.IGNORECASE)


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
    if is_dsn(host):
        parts = parse_dsn(host)
        host = parts.pop("host")
        given = dict(port=port, user=user, password=password, database=database, server=server)
        port, user, password, database, server = (
            given[k] if given[k] is not None else parts.pop(k, None) for k in given)
        for k in list(given):
            parts.pop(k, None)
        connect_timeout = parts.pop("connect_timeout", connect_timeout)
        read_timeout = parts.pop("read_timeout", read_timeout)
        keepalive = parts.pop("keepalive", keepalive)
        client_locale = parts.pop("client_locale", client_locale)
        db_locale = parts.pop("db_locale", db_locale)
        autocommit = parts.pop("autocommit", autocommit)
        fetch_buffer_size = parts.pop("fetch_buffer_size", fetch_buffer_size)
    port = DEFAULT_PORT if port is None else port
    server = "informix" if server is None else server
    if env:
        env = dict(env)
        client_locale = env.pop("CLIENT_LOCALE", client_locale)
        db_locale = env.pop("DB_LOCALE", db_locale)
    if isinstance(keepalive, bool):
        # informix-driver's on/off form: on means our default idle time
        keepalive = DEFAULT_KEEPALIVE if keepalive else None
    if not user:
        raise InterfaceError("connect() needs a user (argument, or in the connection string)")
    check_fetch_buffer_size(fetch_buffer_size)
    encoding = codec_for_locale(client_locale)
    if db_locale is not None:
        encoding = _db_codec(db_locale)
    started = time.monotonic()
    stream = open_stream(
        host, port, connect_timeout=connect_timeout, read_timeout=connect_timeout, tls=tls,
        keepalive=keepalive, server_hostname=tls_server_hostname)
    # One deadline for the whole of connecting: a server dripping its login
    # replies cannot stretch connect() past connect_timeout.
    stream.hold_deadline(connect_timeout, "connecting and logging in to", since=started)
    conn = Connection(stream, encoding=encoding, connect_timeout=connect_timeout,
                      autocommit=autocommit, fetch_buffer_size=fetch_buffer_size)
    conn.row_factory = row_factory
    try:
        conn._handshake(user, password, database, server, client_locale, db_locale, env)
        stream.release_deadline()
        stream.settimeout(read_timeout)
    except BaseException as exc:
        conn._abandon()
        if not tls and conn.login is None and type(exc) is OperationalError and exc.sqlcode is None:
            # Informix has no STARTTLS: a TLS listener drops a plain login unanswered.
            raise OperationalError(
                f"{exc} (no login reply: if this port is a TLS listener, "
                f"connect with tls=True or an ssl.SSLContext)") from exc
        raise
    return conn


def _db_codec(db_locale) -> str:
    """The Python codec of *db_locale*, with errors naming that argument."""
    try:
        return codec_for_locale(db_locale)
    except InterfaceError as exc:
        raise InterfaceError(str(exc).replace("client_locale", "db_locale")) from None


class Connection:
    """One logged-in session (PEP 249).  Not thread-safe (DB-API threadsafety 1).

    ``with connect(...) as conn:`` follows psycopg 3: the block's end commits
    (or rolls back when it raised) and then closes the connection.
    """

    # PEP 249 optional extension: the exception classes as attributes.
    Warning = _exc.Warning
    Error = _exc.Error
    InterfaceError = _exc.InterfaceError
    DatabaseError = _exc.DatabaseError
    DataError = _exc.DataError
    OperationalError = _exc.OperationalError
    IntegrityError = _exc.IntegrityError
    InternalError = _exc.InternalError
    ProgrammingError = _exc.ProgrammingError
    NotSupportedError = _exc.NotSupportedError

    def __init__(self, stream, *, encoding: str, connect_timeout: float | None,
                 autocommit: bool = False,
                 fetch_buffer_size: int = DEFAULT_FETCH_BUFFER) -> None:
        self._stream = stream
        self._reader = ReplyReader(stream, encoding)
        self._connect_timeout = connect_timeout
        #: Python codec of the client locale (statement text, strings).
        self.encoding = encoding
        #: The login reply: server banner, serial, echoed Cap words.
        self.login: login.LoginAccepted | None = None
        #: The SQ_PROTOCOLS outcome; consult it before framing a message.
        self.capabilities: Capabilities | None = None
        # What the statement layer asks the capabilities on every request,
        # read once when they are negotiated (JDBC's framing until then).
        self._int_sql_length = self._long_fetch_buffer = self._four_byte_offsets = True
        #: The open database: name, logged, ANSI (None before/without DBOPEN).
        self.database: session.DatabaseInfo | None = None
        self.fetch_buffer_size = fetch_buffer_size
        #: The row factory new cursors start with (``informix_db.rows``; None: tuples).
        self.row_factory = None
        self._closed = False
        self._autocommit = bool(autocommit)
        self._in_transaction = False
        self._cursors_made = 0
        # Statements of cursors collected without close(): released with
        # the next request (no I/O may happen inside a finaliser).
        self._orphans: list[int] = []
        # Held for each request/reply exchange.  threadsafety is 1, but a
        # second thread interleaving its request with another's reply would
        # read the wrong rows silently: it gets an InterfaceError instead.
        self._io_lock = threading.Lock()

    # -- state ----------------------------------------------------------------

    @property
    def fetch_buffer_size(self) -> int:
        """Bytes of rows asked for per SQ_NFETCH round by the cursors made
        from now on (each cursor may set its own)."""
        return self._fetch_buffer_size

    @fetch_buffer_size.setter
    def fetch_buffer_size(self, size: int) -> None:
        self._fetch_buffer_size = check_fetch_buffer_size(size)

    @property
    def server_version(self) -> str:
        """The version banner of the login reply (e.g. ``IBM Informix ... 12.10.FC12``)."""
        return self.login.server_version if self.login else ""

    @property
    def closed(self) -> bool:
        """True after ``close()`` or once the connection broke."""
        return self._closed or self._stream.closed

    @property
    def broken(self) -> bool:
        """True once a network failure or lost framing made the connection unusable."""
        return self._stream.broken

    def __repr__(self) -> str:
        state = "broken" if self.broken else "closed" if self.closed else "open"
        db = self.database.name if self.database else None
        return f"<informix_db.Connection {self._stream.peer} database={db!r} {state}>"

    @property
    def autocommit(self) -> bool:
        """Whether each statement is committed on its own (default False).

        Changing it while a transaction is open raises ``ProgrammingError``:
        commit or roll back first.
        """
        return self._autocommit

    @autocommit.setter
    def autocommit(self, value: bool) -> None:
        value = bool(value)
        if value == self._autocommit:
            return
        self._check_open()
        if self._in_transaction:
            raise ProgrammingError(
                "cannot change autocommit while a transaction is open; commit or roll back first")
        self._autocommit = value

    @property
    def in_transaction(self) -> bool:
        """Whether the driver knows a transaction to be open on the server."""
        return self._in_transaction

    @property
    def transaction_mode(self) -> str:
        """``"logged"``, ``"ansi"`` or ``"none"`` (unlogged database, or none open)."""
        db = self.database
        if db is None or not db.logged:
            return "none"
        return "ansi" if db.ansi else "logged"

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
        return cur

    def commit(self) -> None:
        """Commit the current transaction (see the module docstring per logging mode)."""
        try:
            self._end_transaction(st.build_commit())
        except OperationalError as exc:
            if not self._stream.broken:
                raise
            # The COMMIT may have reached the server and run, or not: a
            # retry could commit twice, a silent failure lose work.
            raise OperationalError(
                f"the connection was lost during COMMIT; whether the transaction was committed "
                f"is unknown ({exc})"
            ) from exc

    def rollback(self) -> None:
        """Roll back the current transaction (see the module docstring per logging mode)."""
        self._end_transaction(st.build_rollback())

    def _end_transaction(self, request: bytes) -> None:
        self._check_open()
        mode = self.transaction_mode
        if mode == "none" or (mode == "logged" and not self._in_transaction):
            return
        if mode == "ansi" and self._autocommit and not self._in_transaction:
            return
        (reply,) = self._exchange([(request, None)])
        self._in_transaction = False
        if reply.error is not None:
            raise reply.error.exception()

    def _check_open(self) -> None:
        if self._closed:
            raise InterfaceError("connection is closed")
        if self._stream.broken:
            raise _exc.OperationalError(
                f"connection is broken ({self._stream.broken_reason}); open a new connection")
        if self._stream.closed:
            raise InterfaceError("connection is closed")

    # -- what the statement layer uses -------------------------------------------

    def _next_cursor_name(self) -> str:
        name = st.cursor_name(self._cursors_made)
        self._cursors_made += 1
        return name

    def _needs_begin(self, keyword: str) -> bool:
        """Whether a statement starting with *keyword* must be preceded by SQ_BEGIN."""
        return (not self._autocommit and not self._in_transaction
                and self.transaction_mode == "logged"
                and keyword not in _NO_AUTO_BEGIN)

    def _needs_begin_for(self, stmt_type: int) -> bool:
        """Whether a described statement of *stmt_type* must be preceded by SQ_BEGIN."""
        return (not self._autocommit and not self._in_transaction
                and self.transaction_mode == "logged"
                and stmt_type not in _TX_STATEMENTS)

    def _exchange(self, requests, *, begin: bool = False) -> list[Reply]:
        """Send *requests* (``(bytes, handlers)`` pairs) together and read their
        replies in order, errors left in each ``Reply.error``.

        With *begin*, an SQ_BEGIN goes first (its failure is raised once
        every reply has been read).  Statements of abandoned cursors are
        closed and released first.
        """
        self._check_open()
        if not self._io_lock.acquire(blocking=False):
            raise InterfaceError(
                "the connection is busy with a request from another thread; informix_db "
                "connections are not thread-safe (threadsafety 1): use one per thread or a pool"
            )
        try:
            return self._exchange_locked(requests, begin)
        finally:
            self._io_lock.release()

    def _exchange_locked(self, requests, begin: bool) -> list[Reply]:
        pre = []
        orphans, self._orphans = self._orphans, []
        for sid in orphans:
            pre.append((st.build_close(sid), None))
            pre.append((st.build_release(sid), None))
        if begin:
            pre.append((st.build_begin(), None))
        todo = pre + list(requests)
        self._stream.send(b"".join([r for r, _ in todo]))
        read = self._reader.read_reply
        replies = [read(h, raise_error=False) for _, h in todo]
        if begin:
            began = replies[len(pre) - 1]
            if began.error is not None:
                raise began.error.exception()
            self._in_transaction = True
        return replies[len(pre):]

    def _after_statement(self, stmt_type: int, ok: bool, *, finished: bool = True) -> None:
        """Track the transaction state after a statement of *stmt_type* ran."""
        if ok:
            if stmt_type == sq.SQ_BEGWORK:
                self._in_transaction = True
            elif stmt_type in (sq.SQ_COMMIT, sq.SQ_ROLLBACK):
                self._in_transaction = False
            elif self.transaction_mode == "ansi":
                self._in_transaction = True  # the server began one implicitly
        if finished:
            self._statement_finished()

    @property
    def _commits_after_statements(self) -> bool:
        """Whether the driver commits after each statement (ANSI, autocommit)."""
        return self._autocommit and self.transaction_mode == "ansi"

    def _statement_finished(self) -> None:
        """A statement is over: in ANSI autocommit mode, commit it."""
        if self._autocommit and self._in_transaction and self.transaction_mode == "ansi":
            self.commit()

    def _database_changed(self, stmt_type: int, sql: str, warnings: int) -> None:
        """Follow a successful DATABASE, CREATE DATABASE or CLOSE DATABASE
        statement: ``database`` becomes the database now open (its logging
        mode from the SQ_DONE warning bits, as after SQ_DBOPEN) or None."""
        if stmt_type == sq.SQ_CLSDB:
            self.database = None
        elif stmt_type in (sq.SQ_DATABASE, sq.SQ_CREADB):
            match = _DATABASE_NAME.search(sql)
            name = match.group(1) if match else (self.database.name if self.database else "")
            self.database = session.DatabaseInfo.from_done(
                name, _WarningsOnly(warnings))
        else:
            return
        self._in_transaction = False  # a database change ends (or forbids) one

    def _forget_statement(self, stmt_id: int) -> None:
        """CLOSE and RELEASE *stmt_id* with the next request (exhausted results,
        and finalisers of cursors never closed: no I/O happens here)."""
        if not self._closed:
            self._orphans.append(stmt_id)

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
        if not stream.closed:
            try:
                stream.settimeout(self._connect_timeout)
                stream.send(session.build_exit())
                session.read_exit_ack(self._reader)
            except Error:
                pass
        stream.close()

    def _roundtrip(self, request: bytes, handlers: dict[int, Handler] | None = None) -> Reply:
        """Send *request* (ending in SQ_EOT) and read its reply."""
        if self._closed:
            raise InterfaceError("connection is closed")
        self._stream.send(request)
        return self._reader.read_reply(handlers)

    # -- the handshake ------------------------------------------------------------

    def _handshake(self, user, password, database, server, client_locale,
                   db_locale=None, env=None) -> None:
        stream = self._stream
        stream.send(
            login.build_login_request(
                user, password, server,
                env=login.login_environment(client_locale, db_locale, env),
                encoding=self.encoding,
            )
        )
        self.login = login.read_login_reply(stream)
        reply = self._roundtrip(session.build_protocols(CLIENT_PROTOCOLS))
        # A server that does not answer the mask agrees to nothing.
        self.capabilities = Capabilities(CLIENT_PROTOCOLS, reply.protocols or bytes(8))
        caps = self.capabilities
        self._int_sql_length = self._reader.int_error_offset = caps.int_sql_length
        self._long_fetch_buffer = caps.long_fetch_buffer
        self._four_byte_offsets = caps.four_byte_offsets
        self._roundtrip(session.build_info_env(encoding=self.encoding))
        if database is not None:
            reply = self._roundtrip(session.build_dbopen(database, encoding=self.encoding))
            self.database = session.DatabaseInfo.from_done(database, reply.done)

    def _abandon(self) -> None:
        """Give up a half-made connection: say goodbye if possible, close."""
        if self.login is not None and not self._stream.closed:
            self.close()
        else:
            self._closed = True
            self._stream.close()


class _WarningsOnly:
    """The part of an SQ_DONE that ``DatabaseInfo.from_done`` reads."""

    __slots__ = ("warnings",)

    def __init__(self, warnings: int) -> None:
        self.warnings = warnings
