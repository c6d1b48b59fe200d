"""What every connection shares, blocking or asyncio: the session's state
(transaction, database, capabilities), the decisions the statement layer
asks of it, and the login sequence as a generator of exchanges.

``informix_db.connection.Connection`` drives it with blocking I/O,
``informix_db.aio.AsyncConnection`` with asyncio; neither repeats any of it.
The transaction rules are those of ``informix_db.connection``'s docstring.
"""

from __future__ import annotations

import itertools
import re
import weakref
from collections.abc import Mapping
from dataclasses import dataclass

from informix_db import exceptions as _exc
from informix_db.dsn import DEFAULT_PORT, is_dsn, parse_dsn
from informix_db.exceptions import InterfaceError, OperationalError, ProgrammingError
from informix_db.framing import messages as sq
from informix_db.protocol import execution, login, session
from informix_db.protocol import statement as st
from informix_db.protocol.capabilities import CLIENT_PROTOCOLS, Capabilities
from informix_db.protocol.clientfiles import ClientFiles
from informix_db.protocol.execution import DEFAULT_FETCH_BUFFER, check_fetch_buffer_size
from informix_db.protocol.locales import DEFAULT_CLIENT_LOCALE, codec_for_locale
from informix_db.protocol.replies import Reply, ReplyReader
from informix_db.transport.stream import DEFAULT_KEEPALIVE

__all__ = ["BaseConnection", "ConnectArgs", "Login", "resolve_connect_args"]

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


def resolve_connect_args(
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
) -> ConnectArgs:
    """``connect()``'s arguments checked and resolved (a connection string
    taken apart, defaults applied, the code set chosen): what both the
    blocking and the asyncio ``connect`` need.  See ``connect``."""
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
    return ConnectArgs(host=host, port=port, user=user, password=password, database=database,
                       server=server, tls=tls, connect_timeout=connect_timeout,
                       read_timeout=read_timeout, keepalive=keepalive,
                       client_locale=client_locale, db_locale=db_locale,
                       autocommit=autocommit, fetch_buffer_size=fetch_buffer_size, env=env,
                       tls_server_hostname=tls_server_hostname, row_factory=row_factory,
                       encoding=encoding)


@dataclass
class ConnectArgs:
    """Resolved connection arguments (``resolve_connect_args``)."""

    host: str
    port: int
    user: str
    password: str | None
    database: str | None
    server: str
    tls: object
    connect_timeout: float | None
    read_timeout: float | None
    keepalive: float | None
    client_locale: str
    db_locale: str | None
    autocommit: bool
    fetch_buffer_size: int
    env: Mapping[str, str] | None
    tls_server_hostname: str | None
    row_factory: object
    encoding: str


def _db_codec(db_locale) -> str:
    """The Python codec of *db_locale*, with errors naming that argument."""
    try:
        return codec_for_locale(db_locale)
    except InterfaceError as exc:
        raise InterfaceError(str(exc).replace("client_locale", "db_locale")) from None


def no_login_hint(exc: BaseException, conn, tls) -> OperationalError | None:
    """For a plain login that got no reply at all, the error saying why that
    may be (Informix has no STARTTLS: a TLS listener drops a plain login
    unanswered); None for any other failure."""
    if not tls and conn.login is None and type(exc) is OperationalError and exc.sqlcode is None:
        return OperationalError(f"{exc} (no login reply: if this port is a TLS listener, "
                                f"connect with tls=True or an ssl.SSLContext)")
    return None


class Login:
    """The login exchange a handshake yields: its request, answered by a
    login reply packet (``login.read_login_reply``), not an SQ reply."""

    __slots__ = ("request",)

    def __init__(self, request: bytes) -> None:
        self.request = request


class BaseConnection:
    """State and protocol decisions of a session (see the module docstring)."""

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
        #: Client files of exchanges no cursor makes (``clientfiles``)
        self._client_files = ClientFiles()
        #: Fast-path routine handles: signature -> (database, handle) (``fastpath``)
        self._fp_handle_cache: dict[str, tuple[str, int]] = {}
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
        self._cursors_made = itertools.count()
        # Every cursor made, while it lives: _reset_for_pool closes the open ones.
        self._cursors: weakref.WeakSet = weakref.WeakSet()
        # Statements of cursors collected without close(): released with
        # the next request (no I/O may happen inside a finaliser).
        self._orphans: list[int] = []

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
        return f"<informix_db.{type(self).__name__} {self._stream.peer} database={db!r} {state}>"

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
        return st.cursor_name(next(self._cursors_made))  # next() is atomic: unique names

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

    def _compose(self, requests, begin: bool) -> tuple[list, int, bool]:
        """The requests of one exchange as sent: the CLOSE and RELEASE of
        statements given up (``_forget_statement``), then SQ_BEGIN when
        *begin* and no transaction is open yet (another thread or task
        sharing the connection may have begun one since the statement
        asked), then *requests*; how many went before *requests*, and
        whether SQ_BEGIN did.  Called with the connection's I/O lock held."""
        begin = begin and not self._in_transaction
        pre = []
        orphans, self._orphans = self._orphans, []
        for sid in orphans:
            pre.append((st.build_close(sid), None))
            pre.append((st.build_release(sid), None))
        if begin:
            pre.append((st.build_begin(), None))
        return pre + list(requests), len(pre), begin

    def _file_answer(self, reply: Reply, files):
        """The answer to the SQ_FILE request *reply* stopped at (``clientfiles``),
        the request cleared so reading goes on into the same reply."""
        request, reply.file = reply.file, None
        return (files or self._client_files).answer(request)

    def _settle(self, replies: list[Reply], npre: int, begin: bool) -> list[Reply]:
        """The replies to the exchange's own requests; a failed SQ_BEGIN is raised."""
        if begin:
            began = replies[npre - 1]
            if began.error is not None:
                raise began.error.exception()
            self._in_transaction = True
        return replies[npre:]

    def _after_statement(self, stmt_type: int, ok: bool) -> None:
        """Track the transaction state after a statement of *stmt_type* ran
        (``execution.statement_finished`` then commits it when the mode says so)."""
        if ok:
            if stmt_type == sq.SQ_BEGWORK:
                self._in_transaction = True
            elif stmt_type in (sq.SQ_COMMIT, sq.SQ_ROLLBACK):
                self._in_transaction = False
            elif self.transaction_mode == "ansi":
                self._in_transaction = True  # the server began one implicitly

    @property
    def _commits_after_statements(self) -> bool:
        """Whether the driver commits after each statement (ANSI, autocommit)."""
        return self._autocommit and self.transaction_mode == "ansi"

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
        self._fp_handle_cache.clear()  # handles name routines of the database left
        self._in_transaction = False  # a database change ends (or forbids) one

    def _forget_statement(self, stmt_id: int) -> None:
        """CLOSE and RELEASE *stmt_id* with the next request (exhausted results,
        and finalisers of cursors never closed: no I/O happens here)."""
        if not self._closed:
            self._orphans.append(stmt_id)

    def _reset_gen(self):
        """Make the connection clean for its next user (the pools): close its
        open cursors (releasing their server statements), free those of
        cursors collected unclosed, roll back an open transaction; a
        generator of exchanges.  Raises when that fails or leaves the
        connection closed or broken."""
        self._check_open()
        for cur in list(self._cursors):
            yield from cur._close_gen()
        self._cursors.clear()
        if self._orphans:
            yield ([], False)  # their CLOSE and RELEASE go first in any exchange
        yield from execution.end_transaction(self, st.build_rollback())
        self._check_open()

    # -- the handshake ------------------------------------------------------------

    def _handshake_gen(self, user, password, database, server, client_locale,
                       db_locale=None, env=None):
        """Log in, agree on the capabilities, send the session environment and
        open *database*: a generator of exchanges (``Login`` for the first)."""
        self.login = yield Login(login.build_login_request(
            user, password, server,
            env=login.login_environment(client_locale, db_locale, env),
            encoding=self.encoding))
        (reply,) = yield ([(session.build_protocols(CLIENT_PROTOCOLS), None)], False)
        _raise(reply)
        # A server that does not answer the mask agrees to nothing.
        self.capabilities = Capabilities(CLIENT_PROTOCOLS, reply.protocols or bytes(8))
        caps = self.capabilities
        self._int_sql_length = self._reader.int_error_offset = caps.int_sql_length
        self._long_fetch_buffer = caps.long_fetch_buffer
        self._four_byte_offsets = caps.four_byte_offsets
        (reply,) = yield ([(session.build_info_env(encoding=self.encoding), None)], False)
        _raise(reply)
        if database is not None:
            (reply,) = yield ([(session.build_dbopen(database, encoding=self.encoding), None)],
                              False)
            _raise(reply)
            self.database = session.DatabaseInfo.from_done(database, reply.done)


def _raise(reply: Reply) -> None:
    if reply.error is not None:
        raise reply.error.exception()


class _WarningsOnly:
    """The part of an SQ_DONE that ``DatabaseInfo.from_done`` reads."""

    __slots__ = ("warnings",)

    def __init__(self, warnings: int) -> None:
        self.warnings = warnings
