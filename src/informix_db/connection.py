"""Connecting to an Informix server: login, negotiation, opening the database.

``connect()`` performs IBM JDBC's sequence, one request and one reply at a
time: the login packet, SQ_PROTOCOLS (capability masks), SQ_INFO (session
environment), SQ_DBOPEN (the database).  During the handshake each connect, send and
receive waits at most *connect_timeout*; afterwards each one waits at most
*read_timeout* (None: as long as a statement takes).  ``close()`` sends
SQ_EXIT and waits for its echo, bounded by *connect_timeout* again.

Cursors and statements come in a later slice; they will talk to the server
through ``Connection._roundtrip``.
"""

from __future__ import annotations

from informix_db.exceptions import Error, InterfaceError
from informix_db.protocol import login, session
from informix_db.protocol.capabilities import CLIENT_PROTOCOLS, Capabilities
from informix_db.protocol.locales import DEFAULT_CLIENT_LOCALE, codec_for_locale
from informix_db.protocol.replies import Handler, Reply, ReplyReader
from informix_db.transport import open_stream

__all__ = ["Connection", "connect"]


def connect(
    host: str,
    port: int,
    user: str,
    password: str | None,
    database: str | None,
    server: str,
    *,
    tls=None,
    connect_timeout: float | None = 10.0,
    read_timeout: float | None = None,
    client_locale: str = DEFAULT_CLIENT_LOCALE,
) -> Connection:
    """Log in to Informix *server* at *host*:*port* and open *database*.

    *server* is the INFORMIXSERVER name the listener answers to.  *database*
    None logs in without opening one.  *tls*: None/False for plain TCP,
    True for TLS without certificate checks, or an ``ssl.SSLContext``.
    Raises ``OperationalError`` for network failures and refusals (-951 bad
    user or password, -329 unknown database), with ``sqlcode`` set.
    """
    encoding = codec_for_locale(client_locale)
    stream = open_stream(
        host, port, connect_timeout=connect_timeout, read_timeout=connect_timeout, tls=tls
    )
    conn = Connection(stream, encoding=encoding, connect_timeout=connect_timeout)
    try:
        conn._handshake(user, password, database, server, client_locale)
        stream.settimeout(read_timeout)
    except BaseException:
        conn._abandon()
        raise
    return conn


class Connection:
    """One logged-in session.  Not thread-safe (DB-API threadsafety 1)."""

    def __init__(self, stream, *, encoding: str, connect_timeout: float | None) -> None:
        self._stream = stream
        self._reader = ReplyReader(stream, encoding)
        self._connect_timeout = connect_timeout
        #: Python codec of the client locale (statement text, strings).
        self.encoding = encoding
        #: The login reply: server banner, serial, echoed Cap words.
        self.login: login.LoginAccepted | None = None
        #: The SQ_PROTOCOLS outcome; consult it before framing a message.
        self.capabilities: Capabilities | None = None
        #: The open database: name, logged, ANSI (None before/without DBOPEN).
        self.database: session.DatabaseInfo | None = None
        self._closed = False

    # -- state ----------------------------------------------------------------

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

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

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

    def _handshake(self, user, password, database, server, client_locale) -> None:
        stream = self._stream
        stream.send(
            login.build_login_request(
                user, password, server,
                env=login.login_environment(client_locale),
                encoding=self.encoding,
            )
        )
        self.login = login.read_login_reply(stream)
        reply = self._roundtrip(session.build_protocols(CLIENT_PROTOCOLS))
        # A server that does not answer the mask agrees to nothing.
        self.capabilities = Capabilities(CLIENT_PROTOCOLS, reply.protocols or bytes(8))
        self._reader.int_error_offset = self.capabilities.int_sql_length
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
