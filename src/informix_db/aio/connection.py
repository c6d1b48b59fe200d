"""``AsyncConnection`` and ``connect``: the driver on asyncio, natively.

No thread runs a call: the protocol logic is the blocking driver's own
(``protocol.execution``, ``BaseConnection``, ``BaseCursor``: generators of
exchanges), driven here by awaiting the socket (``AsyncStream``), and the
same compiled reply loop reads the rows.

An exchange that does not finish - its task cancelled, a timeout, a lost
connection - leaves the stream in the middle of a reply: the connection is
then *broken* (``broken`` and ``closed`` are True, every further use raises
``OperationalError`` naming the cause) and a pool discards it.  It is never
used again out of step.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from informix_db.aio.cursor import AsyncCursor
from informix_db.baseconnection import (
    BaseConnection, Login, no_login_hint, resolve_connect_args,
)
from informix_db.codecs.smartlob import ClobLocator
from informix_db.exceptions import Error, OperationalError
from informix_db.aio.lob import AsyncSmartLob
from informix_db.lob import lob_mode
from informix_db.protocol import execution, fastpath, lobio, login, session
from informix_db.protocol import statement as st
from informix_db.protocol.execution import DEFAULT_FETCH_BUFFER
from informix_db.protocol.locales import DEFAULT_CLIENT_LOCALE
from informix_db.protocol.replies import Reply
from informix_db.transport.asyncstream import open_async_stream
from informix_db.transport.stream import DEFAULT_KEEPALIVE

__all__ = ["AsyncConnection", "connect"]

#: asyncio.timeout (Python 3.11+): a deadline without a task per exchange.
_timeout = getattr(asyncio, "timeout", None)


async def connect(
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
) -> AsyncConnection:
    """``informix_db.connect`` for asyncio: the same arguments, meaning the
    same (a connection string included), returning an ``AsyncConnection``.

    *connect_timeout* bounds all of connecting (TCP, TLS, login);
    *read_timeout* each request and its whole reply, as for the blocking
    driver.  ``asyncio.timeout``/``wait_for`` around any call work too.
    """
    a = resolve_connect_args(
        host, port, user, password, database, server, tls=tls,
        connect_timeout=connect_timeout, read_timeout=read_timeout, keepalive=keepalive,
        client_locale=client_locale, db_locale=db_locale, autocommit=autocommit,
        fetch_buffer_size=fetch_buffer_size, env=env, tls_server_hostname=tls_server_hostname,
        row_factory=row_factory)
    made: list[AsyncConnection] = []
    try:
        return await asyncio.wait_for(_connect(a, made), a.connect_timeout)
    except asyncio.TimeoutError:
        for conn in made:
            conn._abandon()
        raise OperationalError(
            f"timed out after {a.connect_timeout}s connecting and logging in to "
            f"{a.host}:{a.port}") from None


async def _connect(a, made: list) -> AsyncConnection:
    stream = await open_async_stream(a.host, a.port, tls=a.tls, keepalive=a.keepalive,
                                     server_hostname=a.tls_server_hostname)
    conn = AsyncConnection(stream, encoding=a.encoding, connect_timeout=a.connect_timeout,
                           autocommit=a.autocommit, fetch_buffer_size=a.fetch_buffer_size)
    made.append(conn)
    conn.row_factory = a.row_factory
    try:
        await conn._wait(conn._handshake_gen(a.user, a.password, a.database, a.server,
                                             a.client_locale, a.db_locale, a.env))
    except BaseException as exc:
        conn._abandon()
        hint = no_login_hint(exc, conn, a.tls)
        if hint is not None:
            raise hint from exc
        raise
    conn._read_timeout = a.read_timeout
    return conn


class AsyncConnection(BaseConnection):
    """One logged-in session on asyncio.  Make one with ``await aio.connect(...)``.

    ``async with conn:`` commits at the end of the block (rolls back when it
    raised) and closes the connection, as the blocking ``Connection``.
    Tasks sharing a connection take turns request by request (an
    ``asyncio.Lock``); give each concurrent task its own connection (a pool)
    for transactions of its own.
    """

    def __init__(self, stream, **kwargs) -> None:
        super().__init__(stream, **kwargs)
        self._io_lock = asyncio.Lock()
        self._read_timeout: float | None = self._connect_timeout  # until logged in

    async def __aenter__(self) -> AsyncConnection:
        return self

    async def __aexit__(self, exc_type, exc, tb) -> None:
        try:
            if not self.closed:
                if exc_type is None:
                    await self.commit()
                else:
                    try:
                        await self.rollback()
                    except Error:
                        pass  # the block's own exception matters more
        finally:
            await self.close()

    def cursor(self, *, scrollable: bool = False, row_factory=...) -> AsyncCursor:
        """A new ``AsyncCursor`` (a scroll cursor with *scrollable*);
        *row_factory* (default: the connection's) says what rows are fetched as."""
        self._check_open()
        cur = AsyncCursor(self, scrollable=scrollable)
        cur.row_factory = self.row_factory if row_factory is ... else row_factory
        self._cursors.add(cur)
        return cur

    async def commit(self) -> None:
        """Commit the current transaction (``Connection.commit``)."""
        self._check_open()
        await self._wait(execution.end_transaction(self, st.build_commit()))

    async def rollback(self) -> None:
        """Roll back the current transaction (``Connection.rollback``)."""
        self._check_open()
        await self._wait(execution.end_transaction(self, st.build_rollback()))

    async def close(self) -> None:
        """End the session (SQ_EXIT, bounded by *connect_timeout*) and close
        the transport.  Idempotent; errors while saying goodbye are not raised."""
        if self._closed:
            return
        self._closed = True
        stream = self._stream
        if not stream.closed:
            try:
                stream.send(session.build_exit())
                await asyncio.wait_for(stream.parse(session.read_exit_ack, self._reader),
                                       self._connect_timeout)
            except (Error, asyncio.TimeoutError):
                pass
        stream.close()

    # -- the driver of the protocol generators -----------------------------------------

    async def create_lob(self, column: str, *, clob: bool = False) -> AsyncSmartLob:
        """``Connection.create_lob``: an ``AsyncSmartLob``."""
        self._check_open()
        locator, fd = await self._wait(lobio.create(self, column))
        if clob:
            locator = ClobLocator(locator.raw)
        return AsyncSmartLob(self, locator, fd, "r+")

    async def open_lob(self, locator, mode: str = "r") -> AsyncSmartLob:
        """``Connection.open_lob``: an ``AsyncSmartLob``."""
        self._check_open()
        fd = await self._wait(lobio.open_lob(self, locator, lob_mode(mode)))
        return AsyncSmartLob(self, locator, fd, mode)

    async def read_lob(self, locator) -> bytes | str | None:
        """``Connection.read_lob``."""
        if locator is None:
            return None
        async with await self.open_lob(locator) as lob:
            data = await lob.read()
        return data.decode(self.encoding) if lob.is_clob else data

    async def fast_path_call(self, signature: str, *params) -> list:
        """``Connection.fast_path_call``."""
        self._check_open()
        return await self._wait(fastpath.call(self, signature, params))

    async def _wait(self, gen, files=None):
        """Run *gen* (a generator of exchanges, as ``Connection._wait``) to its end."""
        try:
            todo = gen.send(None)
            while True:
                try:
                    replies = await (self._exchange(*todo, files=files) if type(todo) is tuple
                                     else self._login(todo))
                except BaseException as exc:
                    todo = gen.throw(exc)
                else:
                    todo = gen.send(replies)
        except StopIteration as stop:
            return stop.value

    async def _exchange(self, requests, begin: bool = False, files=None) -> list[Reply]:
        """Send *requests* together and read their replies (``Connection._exchange``)."""
        self._check_open()
        async with self._io_lock:
            self._check_open()
            if self._read_timeout is None:
                return await self._exchange_now(requests, begin, files)
            try:
                if _timeout is not None:  # no task of its own, unlike wait_for
                    async with _timeout(self._read_timeout):
                        return await self._exchange_now(requests, begin, files)
                return await asyncio.wait_for(self._exchange_now(requests, begin, files),
                                              self._read_timeout)
            except asyncio.TimeoutError:
                raise OperationalError(
                    f"timed out after {self._read_timeout}s waiting for {self._stream.peer}"
                ) from None

    async def _exchange_now(self, requests, begin: bool, files) -> list[Reply]:
        todo, npre, begin = self._compose(requests, begin)
        stream, reader = self._stream, self._reader
        try:
            stream.send(b"".join([r for r, _ in todo]))
            reader.files = files
            replies = []
            for _, handlers in todo:
                reply = Reply()
                await stream.parse(reader.read_into, reply, handlers)
                while reply.file is not None:  # the server waits for a client file
                    for piece in self._file_answer(reply, files):  # (errors: _interrupted)
                        stream.send(piece)
                        await stream.drain()
                    await stream.parse(reader.read_into, reply, handlers)
                replies.append(reply)
        except BaseException as exc:
            self._interrupted(exc)
            raise
        return self._settle(replies, npre, begin)

    async def _login(self, request: Login):
        stream = self._stream
        try:
            stream.send(request.request)
            return await stream.parse(login.read_login_reply, stream)
        except BaseException as exc:
            self._interrupted(exc)
            raise

    def _interrupted(self, exc: BaseException) -> None:
        """An exchange ended before its replies were read: out of step for good."""
        if not self._stream.broken:
            why = ("cancelled" if isinstance(exc, asyncio.CancelledError)
                   else f"{type(exc).__name__}: {exc}")
            self._stream.mark_broken(f"an exchange was interrupted before its reply was "
                                     f"read ({why})")

    async def _reset_for_pool(self) -> None:
        """Make the connection clean for its next user (``BaseConnection._reset_gen``)."""
        await self._wait(self._reset_gen())

    def _abandon(self) -> None:
        """Give up a half-made connection: close the transport."""
        self._closed = True
        self._stream.close()
