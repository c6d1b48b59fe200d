"""``ConnectionPool``: ``PoolState`` under a ``threading.Lock``, an Event per
waiter, and the I/O (connecting, resetting, closing) outside the lock."""

from __future__ import annotations

import contextlib
import inspect
import logging
import math
import select
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from informix_db.connection import Connection, connect
from informix_db.pool.state import (
    CLOSED, OPEN, PoolClosed, PoolState, PoolTimeout, _Entry, check_options, restore,
)

__all__ = ["ConnectionPool", "create_pool"]

_log = logging.getLogger("informix_db.pool")


class _Waiter:
    __slots__ = ("event", "grant")

    def __init__(self) -> None:
        self.event = threading.Event()
        self.grant: _Entry | str | None = None


def _hung_up(conn: Connection) -> bool:
    """Whether the idle *conn*'s socket has something to read (EOF, a reset,
    stray bytes): the server says nothing unasked, so it is not usable.
    One poll, no round trip."""
    stream = conn._stream
    if stream.buffered:
        return True
    sock = getattr(stream, "_sock", None)  # SocketStream has no public fileno yet
    if sock is None:
        return True
    try:
        if isinstance(sock, ssl.SSLSocket) and sock.pending():
            return True
        fd = sock.fileno()
        if fd < 0:
            return True
        if hasattr(select, "poll"):
            poller = select.poll()
            poller.register(fd, select.POLLIN | select.POLLPRI)
            return bool(poller.poll(0))
        return bool(select.select([fd], [], [fd], 0)[0])
    except (OSError, ValueError):
        return True


def _close_quietly(conns) -> None:
    for conn in conns:
        try:
            conn.close()
        except Exception as exc:  # closing never raises by contract; be safe anyway
            _log.debug("closing a pooled connection failed: %r", exc)


class ConnectionPool:
    """A thread-safe pool of connections made by ``informix_db.connect``.

    Make one with ``create_pool``.  ``acquire()``/``release(conn)`` or
    ``with pool.connection() as conn:``; ``close()`` (or ``with pool:``).
    See the module docstring for the rules.
    """

    def __init__(self, connect_kwargs: dict[str, Any] | None = None, *, min_size: int = 0,
                 max_size: int = 10, acquire_timeout: float | None = 30.0,
                 max_idle: float | None = 600.0, max_lifetime: float | None = 3600.0,
                 check: Callable[[Connection], Any] | None = None,
                 configure: Callable[[Connection], Any] | None = None) -> None:
        check_options(min_size, max_size, acquire_timeout, max_idle, max_lifetime)
        self._connect_kwargs = dict(connect_kwargs or {})
        self.acquire_timeout = acquire_timeout
        self._check = check
        self._configure = configure
        self._lock = threading.Lock()
        self._state = PoolState(min_size=min_size, max_size=max_size, max_idle=max_idle,
                                max_lifetime=max_lifetime)
        made = []
        try:
            for _ in range(min_size):
                made.append(self.acquire())
        except BaseException:
            self.close()
            for conn in made:
                self.release(conn)
            raise
        for conn in made:
            self.release(conn)
        self._state.counters["acquired"] = 0

    # -- state -------------------------------------------------------------------

    @property
    def min_size(self) -> int:
        return self._state.min_size

    @property
    def max_size(self) -> int:
        return self._state.max_size

    @property
    def size(self) -> int:
        """Connections the pool owns (idle, in use, being opened)."""
        with self._lock:
            return self._state.size

    @property
    def idle(self) -> int:
        """Connections waiting in the pool to be handed out."""
        with self._lock:
            return len(self._state.idle)

    idle_count = idle  # informix-driver's name

    @property
    def waiting(self) -> int:
        """Threads blocked in ``acquire`` waiting for a connection."""
        with self._lock:
            return len(self._state.waiters)

    @property
    def closed(self) -> bool:
        return self._state.closed

    def stats(self) -> dict[str, int]:
        """Counts now (``size``, ``idle``, ``in_use``, ``opening``, ``waiting``,
        ``min_size``, ``max_size``) and since creation (``opened``,
        ``acquired``, ``discarded``: found unusable, ``expired``: closed for
        max_idle/max_lifetime, ``timeouts``, ``connect_errors``)."""
        with self._lock:
            return self._state.stats()

    def __repr__(self) -> str:
        s = self.stats()
        state = "closed" if self.closed else "open"
        return (f"<informix_db.ConnectionPool {state} size={s['size']} idle={s['idle']} "
                f"waiting={s['waiting']} max_size={s['max_size']}>")

    # -- acquiring ---------------------------------------------------------------

    def acquire(self, timeout: float | None = None) -> Connection:
        """A connection of the pool, for this caller alone until ``release``.

        Waits up to *timeout* seconds (None: the pool's ``acquire_timeout``;
        ``math.inf``: no limit) for one to be free, then raises
        ``PoolTimeout``; ``PoolClosed`` once the pool is closed.  Errors of
        opening a new connection (``OperationalError``) are raised as they are.
        """
        if timeout is None:
            timeout = self.acquire_timeout
        deadline = (None if timeout is None or math.isinf(timeout)
                    else time.monotonic() + timeout)
        waiter = None
        with self._lock:
            if self._state.closed:
                raise PoolClosed("the connection pool is closed")
            grant, to_close = self._state.checkout(time.monotonic())
            if grant is None:
                waiter = _Waiter()
                self._state.waiters.append(waiter)
        _close_quietly(to_close)
        if waiter is not None:
            grant = self._wait(waiter, deadline, timeout)
        while True:
            if grant is OPEN:
                return self._open()
            conn = grant.conn
            if self._usable(conn):
                return conn
            with self._lock:
                grant = self._state.replace(conn)
            _close_quietly([conn])

    def _wait(self, waiter: _Waiter, deadline: float | None, timeout) -> _Entry | str:
        remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
        try:
            waiter.event.wait(remaining)
        except BaseException:  # e.g. KeyboardInterrupt: leave the queue, give back a grant
            self._abandon(waiter)
            raise
        with self._lock:
            grant = waiter.grant
            if grant is None:
                self._state.cancel_wait(waiter)
                raise PoolTimeout(
                    f"no connection free within {timeout}s (all in use: "
                    f"max_size={self._state.max_size}; {len(self._state.waiters)} more waiting)")
        if grant is CLOSED:
            raise PoolClosed("the connection pool was closed while waiting for a connection")
        return grant

    def _abandon(self, waiter: _Waiter) -> None:
        """A waiter interrupted: out of the queue, and what it was granted back."""
        with self._lock:
            grant = waiter.grant
            if grant is None:
                self._state.cancel_wait(waiter)
                return
            if grant is OPEN:
                handoff = self._state.give_up_place()
                self._grant(handoff)
        if grant is OPEN:
            self._wake(handoff)
        elif grant is not CLOSED:
            self.release(grant.conn)

    def _open(self) -> Connection:
        """Open a connection in a place reserved for this caller (no lock held)."""
        try:
            conn = connect(**self._connect_kwargs)
            if self._configure is not None:
                try:
                    self._configure(conn)
                except BaseException:
                    _close_quietly([conn])
                    raise
        except BaseException:
            with self._lock:
                handoff = self._state.open_failed()
                self._grant(handoff)
            self._wake(handoff)
            raise
        with self._lock:
            entry = self._state.opened(conn, time.monotonic())
        if entry is None:
            _close_quietly([conn])
            raise PoolClosed("the connection pool was closed while a connection was opened")
        return conn

    def _usable(self, conn: Connection) -> bool:
        """Whether the idle connection being handed out still works."""
        if conn.closed or conn.broken or _hung_up(conn):
            return False
        if self._check is not None:
            try:
                self._check(conn)
            except Exception as exc:
                _log.info("pool check failed, replacing the connection: %r", exc)
                return False
        return not (conn.closed or conn.broken)

    @staticmethod
    def check_connection(conn: Connection) -> None:
        """A ``check=`` that makes one round trip (a one-row query); raises
        when the connection does not answer."""
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
            cur.fetchall()

    # -- returning ---------------------------------------------------------------

    def release(self, conn: Connection, *, broken: bool = False) -> None:
        """Give *conn* back: made clean and kept, or discarded (closed) when it
        cannot be made clean, is closed or broken, or *broken* is True.

        Raises ``ProgrammingError`` for a connection this pool did not hand
        out or one already released (nothing changes then).  After
        ``close()`` the connection is closed.
        """
        with self._lock:
            entry = self._state.begin_return(conn)
        reusable = False
        try:
            reusable = not broken and not self._state.closed and self._clean(conn, entry)
        finally:
            with self._lock:
                handoff, to_close = self._state.checkin(conn, time.monotonic(),
                                                        reusable=reusable)
                self._grant(handoff)
            self._wake(handoff)
            _close_quietly(to_close)

    def _clean(self, conn: Connection, entry: _Entry) -> bool:
        """Reset *conn* for its next user; False when it cannot be."""
        if conn.closed or conn.broken:
            return False
        try:
            conn._reset_for_pool()
            return restore(conn, entry)
        except Exception as exc:
            _log.info("discarding a pooled connection that could not be reset: %r", exc)
            return False

    @staticmethod
    def _grant(handoff) -> None:
        """Give a waiter what the state granted it (under the lock, so a
        waiter timing out at that moment sees it)."""
        if handoff is not None:
            waiter, grant = handoff
            waiter.grant = grant

    @staticmethod
    def _wake(handoff) -> None:
        if handoff is not None:
            handoff[0].event.set()

    @contextlib.contextmanager
    def connection(self, timeout: float | None = None) -> Iterator[Connection]:
        """``with pool.connection() as conn:`` acquires (see ``acquire``) and
        releases at the end of the block, raised or not.  It does not commit:
        what the block did not commit is rolled back."""
        conn = self.acquire(timeout)
        try:
            yield conn
        finally:
            self.release(conn)

    # -- closing -----------------------------------------------------------------

    def close(self) -> None:
        """Close the idle connections and refuse new acquires (``PoolClosed``,
        also for threads waiting now).  Connections in use are closed when
        released.  Idempotent."""
        with self._lock:
            if self._state.closed:
                return
            to_close, waiters = self._state.close()
            for waiter in waiters:
                waiter.grant = CLOSED
        for waiter in waiters:
            waiter.event.set()
        _close_quietly(to_close)

    def __enter__(self) -> ConnectionPool:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


_CONNECT_SIGNATURE = inspect.signature(connect)


def create_pool(
    host: str,
    port: int | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    server: str | None = None,
    *,
    min_size: int = 0,
    max_size: int = 10,
    acquire_timeout: float | None = 30.0,
    max_idle: float | None = 600.0,
    max_lifetime: float | None = 3600.0,
    check: Callable[[Connection], Any] | None = None,
    configure: Callable[[Connection], Any] | None = None,
    **connect_kwargs: Any,
) -> ConnectionPool:
    """A ``ConnectionPool`` of connections made by ``informix_db.connect`` with
    these arguments (the same as ``connect``'s, a connection string included).

    *min_size* connections are opened now; more as needed, up to *max_size*.
    *acquire_timeout*: seconds ``acquire`` waits for a free connection before
    ``PoolTimeout`` (None: no limit).  *max_idle*: seconds an idle connection
    is kept beyond *min_size*; *max_lifetime*: seconds after which a
    connection is retired (None: never).  *check*: called with each idle
    connection being handed out, raising when it is unusable (then it is
    replaced); ``ConnectionPool.check_connection`` makes one round trip.
    *configure*: called with each new connection (session settings).
    Unknown connection arguments raise ``TypeError`` here.
    """
    kwargs = dict(host=host, port=port, user=user, password=password, database=database,
                  server=server, **connect_kwargs)
    _CONNECT_SIGNATURE.bind(**kwargs)  # a misspelled argument fails now, not on first use
    return ConnectionPool(kwargs, min_size=min_size, max_size=max_size,
                          acquire_timeout=acquire_timeout, max_idle=max_idle,
                          max_lifetime=max_lifetime, check=check, configure=configure)
