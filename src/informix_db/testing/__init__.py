"""A self-contained Informix SQLI test server for driver and application tests.

``TestServer`` speaks the SQLI wire protocol on a free loopback port, with
Informix SQL semantics provided by ``informix_db.testing.engine`` (DuckDB
underneath)::

    from informix_db.testing import TestServer

    with TestServer(databases={"testdb": "logged"}) as srv:
        url = (f"jdbc:informix-sqli://{srv.host}:{srv.port}/testdb:"
               f"INFORMIXSERVER={srv.server_name};user={srv.user};password={srv.password}")

IBM's JDBC driver and other SQLI clients connect to it as to a real server.
``python -m informix_db.testing`` serves from the command line (``--help``),
and ``informix_db.testing.pytest_plugin`` offers an ``informix_server``
fixture.  The wire side lives in ``session`` (dispatch), ``login``,
``describe``, ``cursors``, ``binds``, ``blobs``, ``replies``, ``stream``,
``server`` and ``trace``; the SQL engine in ``informix_db.testing.engine``.
"""

from __future__ import annotations

import ssl

from informix_db.testing.capabilities import DEFAULT_SERVER_MASK
from informix_db.testing.locales import check_locale
from informix_db.testing.server import SQLIServer
from informix_db.testing.session import SessionConfig
from informix_db.testing.trace import Tracer

__all__ = ["TestServer", "DATABASE_MODES"]

#: Logging modes a database can be created with.
DATABASE_MODES = ("logged", "buffered", "unlogged", "ansi")


class TestServer:
    """An SQLI server on ``host``:``port``; a context manager, or ``start()``/``stop()``.

    *databases* maps each database name to its logging mode (one of
    ``DATABASE_MODES``); ``sysmaster`` is served besides them, always logged
    as Informix creates it, its ``sysdatabases`` listing every database (and
    ``sysmaster:sysdatabases`` reads it from any of them). *data_dir* keeps
    the data between runs (None keeps it in memory); *trace* is a file path
    that receives every PDU of every
    session, as hex plus decoded; *locale* is the server's DB_LOCALE, whose
    code set character data travels in unless a client names its DB_LOCALE.
    *engine* replaces the default engine (tests of the wire side only);
    *server_mask* replaces the SQ_PROTOCOLS capability mask offered (framing
    follows the bits both sides have; see ``capabilities``).

    ``create_database(name, mode, locale=...)`` and ``drop_database(name)``
    add and remove databases (one may have a locale other than the server's).

    *blobspaces* names the blobspaces a BYTE/TEXT column may be stored
    ``IN`` (``IN TABLE`` always works; any other name is -606).
    *sbspaces* names the sbspaces BLOB/CLOB content lives in (the first is
    the default, SBSPACENAME; ``()``: none, smart large objects are -9810).

    *tls* (an ``ssl.SSLContext`` for the server side, or a ``(certfile,
    keyfile)`` pair) adds a TLS listener on ``tls_port`` (*tls_port*, 0 = a
    free one) beside the plain ``port``: like an Informix instance with an
    ``onsocssl`` sqlhosts entry next to its ``onsoctcp`` one (Informix has
    no STARTTLS).  Each TLS handshake runs in its client's thread and must
    finish within *handshake_timeout* seconds.

    It is made for tests, and locked down for running where others can
    reach it: at most *max_sessions* clients at once (more are disconnected
    at accept), a login must arrive whole within *login_timeout* seconds,
    statements reach no file, network or setting of the host (DuckDB's
    external access is off and its functions that are no Informix function
    fail with -674), and a *trace* file is created readable by its owner
    only, with login passwords masked.
    """

    __test__ = False  # not a pytest test class, despite the name

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0,
                 databases: dict[str, str] | None = None, user: str = "informix",
                 password: str = "in4mix", server_name: str = "informix",
                 data_dir=None, trace=None, locale: str = "en_US.819",
                 engine=None, server_mask: bytes = DEFAULT_SERVER_MASK,
                 tls: ssl.SSLContext | tuple[str, str] | None = None, tls_port: int = 0,
                 handshake_timeout: float = 10.0, blobspaces=(), sbspaces=("sbspace1",),
                 max_sessions: int = 256, login_timeout: float = 10.0) -> None:
        self.databases = dict(databases if databases is not None else {"testdb": "logged"})
        for name, mode in self.databases.items():
            if mode not in DATABASE_MODES:
                raise ValueError(f"database {name!r}: mode must be one of "
                                 f"{', '.join(DATABASE_MODES)}, not {mode!r}")
        check_locale(locale)
        self.user = user
        self.password = password
        self.server_name = server_name
        self.data_dir = data_dir
        self.trace = trace
        self.locale = locale
        self.blobspaces = tuple(blobspaces)
        self.sbspaces = tuple(sbspaces)
        self._requested = (host, port)
        self._engine = engine
        self._owns_engine = engine is None
        self._server_mask = server_mask
        self._server: SQLIServer | None = None
        self._tracer: Tracer | None = None
        self.host = host
        self.port = port
        self.tls_context = _server_context(tls)
        self.handshake_timeout = handshake_timeout
        self.max_sessions = max_sessions
        self.login_timeout = login_timeout
        #: The TLS listener's port once started (None without *tls*).
        self.tls_port: int | None = None
        self._requested_tls_port = tls_port

    def _make_engine(self):
        from informix_db.testing.engine import Engine  # DuckDB is only needed here

        # The databases are created in the server's locale, so their
        # GL_COLLATE/GL_CTYPE rows name the code set the session speaks.
        return Engine(data_dir=self.data_dir, databases=self.databases, locale=self.locale,
                      blobspaces=self.blobspaces, sbspaces=self.sbspaces)

    def _engine_now(self):
        """The engine this server serves (made now if not yet: before ``start()``)."""
        if self._engine is None:
            self._engine = self._make_engine()
        return self._engine

    def create_database(self, name: str, mode: str = "logged", *,
                        locale: str | None = None) -> None:
        """Create database *name* with logging *mode* (one of ``DATABASE_MODES``)
        in *locale* (an Informix locale such as ``"en_US.utf8"``; default: the
        server's *locale*), as ``CREATE DATABASE`` would.  A locale whose form
        or code set the server does not know raises ``ValueError``.

        Works before or after ``start()``.  Unlike the *databases* given to
        the constructor it is not re-created by a later ``start()``: without
        *data_dir* it lasts until ``stop()``.  A name in use raises
        ``informix_db.exceptions.DatabaseError`` with sqlcode -330.
        """
        if mode not in DATABASE_MODES:
            raise ValueError(f"database {name!r}: mode must be one of "
                             f"{', '.join(DATABASE_MODES)}, not {mode!r}")
        if locale is not None:
            check_locale(locale)
        self._engine_now().create_database(name, mode, locale=locale)

    def drop_database(self, name: str) -> None:
        """Drop database *name*, as ``DROP DATABASE`` would: ``DatabaseError``
        with sqlcode -329 if there is none, -425 while a session has it open."""
        self._engine_now().drop_database(name)

    def start(self) -> TestServer:
        """Listen and serve in background threads; returns self."""
        if self._server is not None:
            return self
        engine = self._engine_now()
        self._tracer = Tracer(self.trace) if self.trace else None
        config = SessionConfig(user=self.user, password=self.password,
                               server_name=self.server_name,
                               server_mask=self._server_mask, tracer=self._tracer,
                               locale=self.locale, login_timeout=self.login_timeout)
        self._server = SQLIServer(engine, config, *self._requested,
                                  tls_context=self.tls_context,
                                  tls_port=self._requested_tls_port,
                                  handshake_timeout=self.handshake_timeout,
                                  max_sessions=self.max_sessions)
        self.host, self.port = self._server.host, self._server.port
        self.tls_port = self._server.tls_port
        self._server.start()
        return self

    def stop(self) -> None:
        """Disconnect every client and stop listening (idempotent)."""
        server, self._server = self._server, None
        if server is not None:
            server.stop()
        if self._owns_engine and self._engine is not None:  # also one made before start()
            close = getattr(self._engine, "close", None)
            if close is not None:
                close()
            self._engine = None
        if self._tracer is not None:
            self._tracer.close()
            self._tracer = None

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def session_count(self) -> int:
        """Clients connected right now."""
        return self._server.session_count if self._server else 0

    def jdbc_url(self, database: str | None = None, *, tls: bool = False) -> str:
        """The IBM JDBC URL of *database* (default: the first one) on this server.

        With *tls* the URL names the TLS port and adds ``SSLCONNECTION=true``
        (IBM JDBC's switch for TLS; its ``ENCRYPT=true`` is not TLS: it still
        sends plain SQLI); the JVM must trust the certificate
        (``-Djavax.net.ssl.trustStore=...``).
        """
        db = database or next(iter(self.databases))
        if tls and self.tls_port is None:
            raise ValueError("this TestServer has no TLS listener (pass tls=...)")
        port = self.tls_port if tls else self.port
        url = (f"jdbc:informix-sqli://{self.host}:{port}/{db}:"
               f"INFORMIXSERVER={self.server_name};user={self.user};password={self.password}")
        return url + ";SSLCONNECTION=true" if tls else url

    def __enter__(self) -> TestServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _server_context(tls) -> ssl.SSLContext | None:
    """The server-side SSLContext for TestServer's *tls* argument."""
    if tls is None or isinstance(tls, ssl.SSLContext):
        return tls
    if isinstance(tls, (tuple, list)) and len(tls) == 2:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(tls[0]), str(tls[1]))
        return context
    raise TypeError("tls must be an ssl.SSLContext, a (certfile, keyfile) pair or None, "
                    f"not {type(tls).__name__}")
