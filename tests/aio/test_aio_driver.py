"""informix_db.aio against the test server: what the blocking driver does,
awaited; the same exceptions; interrupted exchanges break the connection
instead of leaving it out of step."""

from __future__ import annotations

import asyncio
import socket

import pytest

import informix_db
from informix_db import aio
from informix_db.exceptions import OperationalError, ProgrammingError

from driver.captures import client_half, server_half
from driver.dbapi_helpers import table_name
from driver.scripted_server import ScriptedServer

from .conftest import open_aconn

pytestmark = pytest.mark.asyncio


async def test_connect_takes_a_connection_string(server):
    url = (f"informix://{server.user}:{server.password}@{server.host}:{server.port}/testdb"
           f"?server={server.server_name}")
    conn = await aio.connect(url)
    try:
        assert conn.database.name == "testdb" and not conn.closed
    finally:
        await conn.close()
    assert conn.closed


async def test_a_query_streams_its_rows_with_async_for(aconn):
    t = table_name()
    cur = aconn.cursor()
    await cur.execute(f"CREATE TABLE {t} (a INT, b VARCHAR(20))")
    await cur.executemany(f"INSERT INTO {t} VALUES (?, ?)", ((i, f"r{i}") for i in range(3000)))
    assert cur.rowcount == 3000
    await cur.execute(f"SELECT a, b FROM {t} ORDER BY a")
    assert [d[0] for d in cur.description] == ["a", "b"]
    got = [row async for row in cur]
    assert got == [(i, f"r{i}") for i in range(3000)]
    assert cur.rowcount == 3000


async def test_fetchone_fetchmany_and_fetchall_share_one_result(aconn):
    cur = aconn.cursor()
    await cur.execute("SELECT tabid FROM systables WHERE tabid <= 6 ORDER BY tabid")
    assert await cur.fetchone() == (1,)
    assert await cur.fetchmany(2) == [(2,), (3,)]
    assert await cur.fetchall() == [(4,), (5,), (6,)]
    assert await cur.fetchone() is None


async def test_rows_match_the_blocking_driver(server, aconn):
    sql = "SELECT tabid, tabname, created FROM systables WHERE tabid < ? ORDER BY tabid"
    cur = aconn.cursor()
    await cur.execute(sql, (20,))
    got = await cur.fetchall()
    with informix_db.connect(server.host, server.port, server.user, server.password,
                             "testdb", server.server_name) as conn:
        want = conn.cursor().execute(sql, (20,)).fetchall()
    assert got == want and len(got) > 5


async def test_a_scroll_cursor_moves_both_ways(aconn):
    cur = aconn.cursor(scrollable=True)
    await cur.execute("SELECT tabid FROM systables WHERE tabid <= 5 ORDER BY tabid")
    assert await cur.fetch_last() == (5,)
    assert await cur.fetch_first() == (1,)
    assert await cur.fetch_absolute(-2) == (4,)
    assert await cur.fetch_prior() == (3,)
    await cur.scroll(0, "absolute")
    assert await cur.fetchone() == (1,)


async def test_server_errors_raise_the_blocking_drivers_exceptions(aconn):
    cur = aconn.cursor()
    with pytest.raises(ProgrammingError) as info:
        await cur.execute("SELECT * FROM no_such_table")
    assert info.value.sqlcode == -206
    await cur.execute("SELECT tabid FROM systables WHERE tabid = 1")  # still usable
    assert await cur.fetchall() == [(1,)]


async def test_async_with_commits_on_success_and_rolls_back_on_error(server):
    t = table_name()
    async with await open_aconn(server) as conn:
        await conn.cursor().execute(f"CREATE TABLE {t} (a INT)")
    with pytest.raises(ZeroDivisionError):
        async with await open_aconn(server) as conn:
            await conn.cursor().execute(f"INSERT INTO {t} VALUES (1)")
            assert conn.in_transaction
            1 / 0
    async with await open_aconn(server) as conn:
        cur = conn.cursor()
        await cur.execute(f"INSERT INTO {t} VALUES (2)")
    assert conn.closed
    async with await open_aconn(server) as conn:
        cur = conn.cursor()
        await cur.execute(f"SELECT a FROM {t}")
        assert await cur.fetchall() == [(2,)]


async def test_rollback_undoes_the_transaction(server):
    t = table_name()
    conn = await open_aconn(server)
    try:
        cur = conn.cursor()
        await cur.execute(f"CREATE TABLE {t} (a INT)")
        await conn.commit()
        await cur.execute(f"INSERT INTO {t} VALUES (1)")
        await conn.rollback()
        assert not conn.in_transaction
        await cur.execute(f"SELECT count(*) FROM {t}")
        assert (await cur.fetchone())[0] == 0
    finally:
        await conn.close()


async def test_a_cancelled_fetch_breaks_the_connection_instead_of_desynchronising_it(server):
    conn = await open_aconn(server, fetch_buffer_size=64)
    cur = conn.cursor()
    await cur.execute("SELECT a.tabid, b.tabid FROM systables a, systables b")
    await cur.fetchone()
    task = asyncio.ensure_future(cur.fetchall())
    await asyncio.sleep(0)  # the fetch request is sent, its reply not yet read
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert conn.broken and conn.closed
    with pytest.raises(OperationalError, match="interrupted"):
        await cur.execute("SELECT 1 FROM systables")
    await conn.close()  # closing a broken connection is quiet
    conn2 = await open_aconn(server)  # the server is unharmed
    cur2 = conn2.cursor()
    await cur2.execute("SELECT tabid FROM systables WHERE tabid = 1")
    assert await cur2.fetchall() == [(1,)]
    await conn2.close()


async def test_wait_for_around_a_call_times_it_out_and_breaks_the_connection():
    steps = [(len(client_half(g)), server_half(g)) for g in ("g01", "g02", "g03")]
    with ScriptedServer(server_half("g00"), steps, then_silent=True) as srv:
        conn = await aio.connect("127.0.0.1", srv.port, "u", "p", "testdb", "s",
                                 connect_timeout=5)
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(conn.cursor().execute("SELECT 1 FROM t"), 0.2)
        assert conn.broken
        await conn.close()


async def test_read_timeout_bounds_each_exchange():
    steps = [(len(client_half(g)), server_half(g)) for g in ("g01", "g02", "g03")]
    with ScriptedServer(server_half("g00"), steps, then_silent=True) as srv:
        conn = await aio.connect("127.0.0.1", srv.port, "u", "p", "testdb", "s",
                                 connect_timeout=5, read_timeout=0.2)
        with pytest.raises(OperationalError, match="timed out after 0.2s"):
            await conn.cursor().execute("SELECT 1 FROM t")
        assert conn.broken
        await conn.close()


async def test_a_silent_server_during_login_times_out():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # the kernel completes the connect; nobody ever answers
    try:
        with pytest.raises(OperationalError, match="timed out after 0.3s"):
            await aio.connect("127.0.0.1", listener.getsockname()[1], "u", "p", "testdb", "s",
                              connect_timeout=0.3)
    finally:
        listener.close()


async def test_a_rejected_login_raises_951():
    with ScriptedServer(server_half("x01")) as srv:
        with pytest.raises(OperationalError) as info:
            await aio.connect("127.0.0.1", srv.port, "u", "p", "testdb", "s", connect_timeout=5)
    assert info.value.sqlcode == -951


async def test_concurrent_tasks_on_their_own_connections_each_read_what_they_wrote(server):
    t = table_name()
    async with await open_aconn(server) as setup:
        await setup.cursor().execute(f"CREATE TABLE {t} (task INT, n INT)")

    async def worker(k: int) -> list:
        async with await open_aconn(server) as conn:
            cur = conn.cursor()
            await cur.executemany(f"INSERT INTO {t} VALUES (?, ?)", [(k, n) for n in range(50)])
            await conn.commit()
            await cur.execute(f"SELECT n FROM {t} WHERE task = ? ORDER BY n", (k,))
            return [n for (n,) in await cur.fetchall()]

    results = await asyncio.gather(*(worker(k) for k in range(20)))
    assert results == [list(range(50))] * 20


async def test_tasks_sharing_a_connection_take_turns(aconn):
    async def one(k: int):
        cur = aconn.cursor()
        await cur.execute("SELECT tabid FROM systables WHERE tabid = ?", (k,))
        return await cur.fetchall()

    got = await asyncio.gather(*(one(k) for k in range(1, 30)))
    assert got == [[(k,)] for k in range(1, 30)]


async def test_awaiting_cursor_gives_the_cursor_as_informix_driver_does(aconn):
    cur = await aconn.cursor()
    await cur.execute("SELECT tabid FROM systables WHERE tabid = 2")
    assert await cur.fetchall() == [(2,)]
