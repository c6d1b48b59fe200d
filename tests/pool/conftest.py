"""Fixtures of the pool tests: a test server whose sessions can be inspected
(open statements) and cut from the server side, and pools closed after each test."""

from __future__ import annotations

import socket
import threading
import time
import weakref

import pytest

import informix_db

#: Databases of the pool tests' server.
DATABASES = {"testdb": "logged", "other": "logged", "strict": "ansi"}


def wait_for(predicate, timeout: float = 5.0) -> bool:
    """Poll *predicate* until it is true or *timeout* seconds pass."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


class ServerSessions:
    """The server-side ``Session`` of each client, as the test server runs it."""

    def __init__(self) -> None:
        self._live: weakref.WeakSet = weakref.WeakSet()
        self._lock = threading.Lock()

    def add(self, session) -> None:
        with self._lock:
            self._live.add(session)

    def of(self, conn):
        """The server's session of our connection *conn* (matched by TCP port)."""
        stream = conn._stream
        sock = getattr(stream, "_sock", None)  # SocketStream; AsyncStream has a transport
        ours = (sock.getsockname() if sock is not None
                else stream._transport.get_extra_info("sockname"))
        with self._lock:
            for session in list(self._live):
                try:
                    if session.sock.getpeername() == ours:
                        return session
                except OSError:
                    continue
        raise LookupError(f"no server session for {conn!r}")

    def statements(self, conn) -> int:
        """Statements the server holds for *conn*'s session (prepared, not released)."""
        return len(self.of(conn).statements._by_id)

    def hang_up(self, conn) -> None:
        """The server ends *conn*'s session, as a server restart or an
        administrator's ``onmode -z`` would."""
        self.of(conn).sock.shutdown(socket.SHUT_RDWR)


@pytest.fixture(scope="module")
def sessions():
    return ServerSessions()


@pytest.fixture(scope="module")
def server(sessions):
    """A test server (one per module) whose sessions ``sessions`` sees."""
    testing = pytest.importorskip("informix_db.testing")
    from informix_db.testing import server as server_module

    class RecordedSession(server_module.Session):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            sessions.add(self)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(server_module, "Session", RecordedSession)
        with testing.TestServer(databases=DATABASES) as srv:
            yield srv


@pytest.fixture
def quiet_server(server):
    """``server`` once the sessions of earlier tests have ended (they end
    asynchronously after their clients close): ``session_count`` is 0."""
    assert wait_for(lambda: server.session_count == 0), "sessions of earlier tests linger"
    return server


_tables = iter(range(10**9))


def table_name(prefix: str = "p") -> str:
    return f"{prefix}_{next(_tables)}"


def connect(srv, database: str = "testdb", **kw):
    """A connection outside any pool, to look at the data as another session."""
    return informix_db.connect(srv.host, srv.port, srv.user, srv.password, database,
                               server=srv.server_name, connect_timeout=5, read_timeout=10,
                               **kw)


def count(srv, table: str, database: str = "testdb") -> int:
    """Rows of *table* as another session sees them (committed rows only)."""
    with connect(srv, database, autocommit=True) as c, c.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM {table}")
        return cur.fetchone()[0]


def make_table(srv, database: str = "testdb", columns: str = "a INTEGER") -> str:
    name = table_name()
    with connect(srv, database, autocommit=True) as c, c.cursor() as cur:
        cur.execute(f"CREATE TABLE {name} ({columns})")
    return name


@pytest.fixture
def make_pool(server):
    """``make_pool(**options)``: a pool on ``server``'s ``testdb`` (or
    ``database=``), closed at the end of the test."""
    pools = []

    def make(database: str = "testdb", **options):
        options.setdefault("acquire_timeout", 5.0)
        pool = informix_db.create_pool(server.host, server.port, server.user, server.password,
                                       database, server=server.server_name,
                                       connect_timeout=5, read_timeout=10, **options)
        pools.append(pool)
        return pool

    yield make
    for pool in pools:
        pool.close()
