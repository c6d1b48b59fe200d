"""``AsyncConnectionPool``: the connection pool on asyncio.

The rules are the blocking pool's (``informix_db.pool``) and so is the
bookkeeping: both run ``PoolState``.  Here its calls need no lock (the event
loop runs one task at a time and none of them awaits); a waiter is a future,
served oldest first.  A connection comes back clean (its cursors closed, its
transaction rolled back, its settings restored) or is closed; an idle one
whose server hung up (the transport saw EOF or bytes nobody asked for) is
replaced, never handed out; one broken by a cancelled or timed-out call is
discarded when it comes back.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import math
from collections.abc import AsyncIterator, Callable
from typing import Any

from informix_db.aio.connection import AsyncConnection, connect
from informix_db.pool.state import (
    CLOSED, OPEN, PoolClosed, PoolState, PoolTimeout, check_options, restore,
)

__all__ = ["AsyncConnectionPool", "create_pool"]

_log = logging.getLogger(__name__)


def _hung_up(conn: AsyncConnection) -> bool:
    """Whether the idle *conn*'s server hung up or sent bytes unasked: the
    transport has already told its stream so (no system call, no round trip)."""
    stream = conn._stream
    return bool(stream.buffered) or stream._gone is not None


async def _close_quietly(conns) -> None:
    for conn in conns:
        try:
            await conn.close()
        except Exception as exc:  # closing never raises by contract; be safe anyway
            _log.debug("closing a pooled connection failed: %r", exc)


async def _maybe_await(result) -> None:
    if inspect.isawaitable(result):
        await result


class AsyncConnectionPool:
    """A pool of ``AsyncConnection``; make one with ``await aio.create_pool(...)``.

    ``await pool.acquire()`` / ``await pool.release(conn)``, or
    ``async with pool.connection() as conn:``; ``await pool.close()`` (or
    ``async with pool:``).  The attributes and rules are ``ConnectionPool``'s.
    """

    def __init__(self, connect_kwargs: dict[str, Any] | None = None, *, min_size: int = 0,
                 max_size: int = 10, acquire_timeout: float | None = 30.0,
                 max_idle: float | None = 600.0, max_lifetime: float | None = 3600.0,
                 check: Callable[[AsyncConnection], Any] | None = None,
                 configure: Callable[[AsyncConnection], Any] | None = None) -> None:
        check_options(min_size, max_size, acquire_timeout, max_idle, max_lifetime)
        self._connect_kwargs = dict(connect_kwargs or {})
        self.acquire_timeout = acquire_timeout
        self._check = check
        self._configure = configure
        self._state = PoolState(min_size=min_size, max_size=max_size, max_idle=max_idle,
                                max_lifetime=max_lifetime)

    async def open(self) -> AsyncConnectionPool:
        """Open ``min_size`` connections (``create_pool`` does)."""
        made = []
        try:
            for _ in range(self._state.min_size):
                made.append(await self.acquire())
        except BaseException:
            await self.close()
            for conn in made:
                await self.release(conn)
            raise
        for conn in made:
            await self.release(conn)
        self._state.counters["acquired"] = 0
        return self

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
        return self._state.size

    @property
    def idle(self) -> int:
        """Connections waiting in the pool to be handed out."""
        return len(self._state.idle)

    idle_count = idle  # informix-driver's name

    @property
    def waiting(self) -> int:
        """Tasks waiting in ``acquire`` for a connection."""
        return len(self._state.waiters)

    @property
    def closed(self) -> bool:
        return self._state.closed

    def stats(self) -> dict[str, int]:
        """``ConnectionPool.stats``."""
        return self._state.stats()

    def __repr__(self) -> str:
        s = self.stats()
        state = "closed" if self.closed else "open"
        return (f"<informix_db.aio.AsyncConnectionPool {state} size={s['size']} "
                f"idle={s['idle']} waiting={s['waiting']} max_size={s['max_size']}>")

    # -- acquiring ---------------------------------------------------------------

    async def acquire(self, timeout: float | None = None) -> AsyncConnection:
        """A connection for this task alone until ``release``; waits up to
        *timeout* seconds (None: ``acquire_timeout``; ``math.inf``: no
        limit), then ``PoolTimeout``; ``PoolClosed`` once closed."""
        if timeout is None:
            timeout = self.acquire_timeout
        state = self._state
        if state.closed:
            raise PoolClosed("the connection pool is closed")
        grant, to_close = state.checkout(asyncio.get_running_loop().time())
        await _close_quietly(to_close)
        if grant is None:
            grant = await self._wait(timeout)
        while True:
            if grant is OPEN:
                return await self._open()
            conn = grant.conn
            if await self._usable(conn):
                return conn
            grant = state.replace(conn)
            await _close_quietly([conn])

    async def _wait(self, timeout):
        state = self._state
        waiter = asyncio.get_running_loop().create_future()
        state.waiters.append(waiter)
        try:
            if timeout is None or math.isinf(timeout):
                grant = await asyncio.shield(waiter)
            else:
                grant = await asyncio.wait_for(asyncio.shield(waiter), timeout)
        except asyncio.TimeoutError:
            if waiter.done():  # granted at the deadline: take it
                grant = waiter.result()
            else:
                state.cancel_wait(waiter)
                waiter.cancel()
                raise PoolTimeout(
                    f"no connection free within {timeout}s (all in use: "
                    f"max_size={state.max_size}; {len(state.waiters)} more waiting)") from None
        except BaseException:  # cancelled: leave the queue, give back what was granted
            await self._abandon(waiter)
            raise
        if grant is CLOSED:
            raise PoolClosed("the connection pool was closed while waiting for a connection")
        return grant

    async def _abandon(self, waiter: asyncio.Future) -> None:
        state = self._state
        if not waiter.done():
            state.cancel_wait(waiter)
            waiter.cancel()
            return
        grant = waiter.result()
        if grant is OPEN:
            self._serve(state.give_up_place())
        elif grant is not CLOSED:
            await self.release(grant.conn)

    async def _open(self) -> AsyncConnection:
        """Open a connection in a place reserved for this task."""
        state = self._state
        try:
            conn = await connect(**self._connect_kwargs)
            if self._configure is not None:
                try:
                    await _maybe_await(self._configure(conn))
                except BaseException:
                    await _close_quietly([conn])
                    raise
        except BaseException:
            self._serve(state.open_failed())
            raise
        if state.opened(conn, asyncio.get_running_loop().time()) is None:
            await _close_quietly([conn])
            raise PoolClosed("the connection pool was closed while a connection was opened")
        return conn

    async def _usable(self, conn: AsyncConnection) -> bool:
        if conn.closed or conn.broken or _hung_up(conn):
            return False
        if self._check is not None:
            try:
                await _maybe_await(self._check(conn))
            except Exception as exc:
                _log.info("pool check failed, replacing the connection: %r", exc)
                return False
        return not (conn.closed or conn.broken)

    @staticmethod
    async def check_connection(conn: AsyncConnection) -> None:
        """A ``check=`` that makes one round trip (a one-row query)."""
        cur = conn.cursor()
        await cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
        await cur.fetchall()
        await cur.close()

    # -- returning ---------------------------------------------------------------

    async def release(self, conn: AsyncConnection, *, broken: bool = False) -> None:
        """Give *conn* back (``ConnectionPool.release``)."""
        state = self._state
        entry = state.begin_return(conn)
        reusable = False
        try:
            reusable = not broken and not state.closed and await self._clean(conn, entry)
        finally:
            handoff, to_close = state.checkin(conn, asyncio.get_running_loop().time(),
                                              reusable=reusable)
            self._serve(handoff)
            await _close_quietly(to_close)

    async def _clean(self, conn: AsyncConnection, entry) -> bool:
        if conn.closed or conn.broken:
            return False
        try:
            await conn._reset_for_pool()
            return restore(conn, entry)
        except Exception as exc:
            _log.info("discarding a pooled connection that could not be reset: %r", exc)
            return False

    def _serve(self, handoff) -> None:
        if handoff is None:
            return
        waiter, grant = handoff
        if waiter.done():  # gave up at this very moment: its grant goes back
            if grant is OPEN:
                self._serve(self._state.give_up_place())
            else:
                asyncio.ensure_future(self.release(grant.conn))
            return
        waiter.set_result(grant)

    @contextlib.asynccontextmanager
    async def connection(self, timeout: float | None = None) -> AsyncIterator[AsyncConnection]:
        """``async with pool.connection() as conn:`` (``ConnectionPool.connection``)."""
        conn = await self.acquire(timeout)
        try:
            yield conn
        finally:
            await self.release(conn)

    # -- closing -----------------------------------------------------------------

    async def close(self) -> None:
        """Close the idle connections and refuse new acquires (``PoolClosed``,
        also for tasks waiting now); connections in use close when released."""
        state = self._state
        if state.closed:
            return
        to_close, waiters = state.close()
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(CLOSED)
        await _close_quietly(to_close)

    async def __aenter__(self) -> AsyncConnectionPool:
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.close()


_CONNECT_SIGNATURE = inspect.signature(connect)


async def create_pool(
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
    check: Callable[[AsyncConnection], Any] | None = None,
    configure: Callable[[AsyncConnection], Any] | None = None,
    **connect_kwargs: Any,
) -> AsyncConnectionPool:
    """``informix_db.create_pool`` for asyncio: an ``AsyncConnectionPool`` of
    ``aio.connect`` connections, its ``min_size`` ones opened.  *check* and
    *configure* may be coroutine functions."""
    kwargs = dict(host=host, port=port, user=user, password=password, database=database,
                  server=server, **connect_kwargs)
    _CONNECT_SIGNATURE.bind(**kwargs)  # a misspelled argument fails now, not on first use
    pool = AsyncConnectionPool(kwargs, min_size=min_size, max_size=max_size,
                               acquire_timeout=acquire_timeout, max_idle=max_idle,
                               max_lifetime=max_lifetime, check=check, configure=configure)
    return await pool.open()
