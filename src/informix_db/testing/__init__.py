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

from informix_db.testing.capabilities import DEFAULT_SERVER_MASK
from informix_db.testing.server import SQLIServer
from informix_db.testing.session import SessionConfig
from informix_db.testing.trace import Tracer

__all__ = ["TestServer", "DATABASE_MODES"]

#: Logging modes a database can be created with.
DATABASE_MODES = ("logged", "buffered", "unlogged", "ansi")


class TestServer:
    """An SQLI server on ``host``:``port``; a context manager, or ``start()``/``stop()``.

    *databases* maps each database name to its logging mode (one of
    ``DATABASE_MODES``); *data_dir* keeps the data between runs (None keeps
    it in memory); *trace* is a file path that receives every PDU of every
    session, as hex plus decoded; *locale* is the server's DB_LOCALE, whose
    code set character data travels in unless a client names its DB_LOCALE.
    *engine* replaces the default engine (tests of the wire side only);
    *server_mask* replaces the SQ_PROTOCOLS capability mask offered (framing
    follows the bits both sides have; see ``capabilities``).
    """

    __test__ = False  # not a pytest test class, despite the name

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0,
                 databases: dict[str, str] | None = None, user: str = "informix",
                 password: str = "in4mix", server_name: str = "informix",
                 data_dir=None, trace=None, locale: str = "en_US.819",
                 engine=None, server_mask: bytes = DEFAULT_SERVER_MASK) -> None:
        self.databases = dict(databases if databases is not None else {"testdb": "logged"})
        for name, mode in self.databases.items():
            if mode not in DATABASE_MODES:
                raise ValueError(f"database {name!r}: mode must be one of "
                                 f"{', '.join(DATABASE_MODES)}, not {mode!r}")
        self.user = user
        self.password = password
        self.server_name = server_name
        self.data_dir = data_dir
        self.trace = trace
        self.locale = locale
        self._requested = (host, port)
        self._engine = engine
        self._owns_engine = engine is None
        self._server_mask = server_mask
        self._server: SQLIServer | None = None
        self._tracer: Tracer | None = None
        self.host = host
        self.port = port

    def _make_engine(self):
        from informix_db.testing.engine import Engine  # DuckDB is only needed here

        return Engine(data_dir=self.data_dir, databases=self.databases)

    def start(self) -> TestServer:
        """Listen and serve in background threads; returns self."""
        if self._server is not None:
            return self
        engine = self._engine if self._engine is not None else self._make_engine()
        self._engine = engine
        self._tracer = Tracer(self.trace) if self.trace else None
        config = SessionConfig(user=self.user, password=self.password,
                               server_name=self.server_name,
                               server_mask=self._server_mask, tracer=self._tracer,
                               locale=self.locale)
        self._server = SQLIServer(engine, config, *self._requested)
        self.host, self.port = self._server.host, self._server.port
        self._server.start()
        return self

    def stop(self) -> None:
        """Disconnect every client and stop listening (idempotent)."""
        server, self._server = self._server, None
        if server is not None:
            server.stop()
        if server is not None and self._owns_engine:
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

    def jdbc_url(self, database: str | None = None) -> str:
        """The IBM JDBC URL of *database* (default: the first one) on this server."""
        db = database or next(iter(self.databases))
        return (f"jdbc:informix-sqli://{self.host}:{self.port}/{db}:"
                f"INFORMIXSERVER={self.server_name};user={self.user};password={self.password}")

    def __enter__(self) -> TestServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
