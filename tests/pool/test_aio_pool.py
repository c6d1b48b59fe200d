"""The asyncio pool (informix_db.aio.create_pool): the blocking pool's rules
on asyncio, under cancellation and a thousand tasks."""

from __future__ import annotations

import asyncio
import os
import random

import pytest
import pytest_asyncio

from informix_db import aio
from informix_db.exceptions import OperationalError

from .conftest import count, make_table, wait_for

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture
async def make_apool(server):
    """``await make_apool(**options)``: an asyncio pool on ``server``'s testdb,
    closed at the end of the test."""
    pools = []

    async def make(database: str = "testdb", **options):
        options.setdefault("acquire_timeout", 5.0)
        pool = await aio.create_pool(server.host, server.port, server.user, server.password,
                                     database, server=server.server_name, connect_timeout=5,
                                     read_timeout=10, **options)
        pools.append(pool)
        return pool

    yield make
    for pool in pools:
        await pool.close()


async def test_create_pool_opens_min_size_and_hands_them_out(make_apool):
    pool = await make_apool(min_size=2, max_size=3)
    assert (pool.size, pool.idle) == (2, 2)
    async with pool.connection() as conn:
        assert pool.idle == 1 and not conn.closed
        cur = conn.cursor()
        await cur.execute("SELECT tabid FROM systables WHERE tabid = 1")
        assert await cur.fetchall() == [(1,)]
    assert pool.idle == 2
    await pool.close()
    assert pool.closed and pool.size == 0


async def test_uncommitted_work_is_rolled_back_when_the_connection_comes_back(server,
                                                                             make_apool):
    table = make_table(server)
    pool = await make_apool(max_size=1)
    async with pool.connection() as conn:
        await conn.cursor().execute(f"INSERT INTO {table} VALUES (1)")
        assert conn.in_transaction
    async with pool.connection() as conn:
        assert not conn.in_transaction
        cur = conn.cursor()
        await cur.execute(f"SELECT COUNT(*) FROM {table}")
        assert (await cur.fetchone())[0] == 0
    await pool.close()


async def test_open_cursors_are_closed_and_released_on_return(sessions, make_apool):
    pool = await make_apool(max_size=1)
    async with pool.connection() as conn:
        cur = conn.cursor()
        await cur.execute("SELECT tabid FROM systables")
        await cur.fetchone()  # the server cursor stays open
        assert sessions.statements(conn) >= 1
    assert cur.closed
    assert sessions.statements(conn) == 0
    await pool.close()


async def test_a_connection_broken_by_a_cancelled_call_is_discarded(make_apool):
    pool = await make_apool(max_size=1, fetch_buffer_size=64)
    conn = await pool.acquire()
    cur = conn.cursor()
    await cur.execute("SELECT a.tabid FROM systables a, systables b")
    task = asyncio.ensure_future(cur.fetchall())
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert conn.broken
    await pool.release(conn)
    assert pool.stats()["discarded"] == 1 and pool.size == 0
    async with pool.connection() as fresh:
        assert fresh is not conn and not fresh.broken
    await pool.close()


async def test_a_waiter_times_out_with_pool_timeout(make_apool):
    pool = await make_apool(max_size=1)
    held = await pool.acquire()
    with pytest.raises(aio.PoolTimeout):
        await pool.acquire(timeout=0.1)
    assert isinstance(aio.PoolTimeout("x"), OperationalError)
    assert pool.waiting == 0
    await pool.release(held)
    await pool.close()


async def test_waiters_are_served_first_come_first_served(make_apool):
    pool = await make_apool(max_size=1)
    held = await pool.acquire()
    order = []

    async def wait(k):
        async with pool.connection():
            order.append(k)

    tasks = [asyncio.ensure_future(wait(k)) for k in range(5)]
    await asyncio.sleep(0.05)
    assert pool.waiting == 5
    await pool.release(held)
    await asyncio.gather(*tasks)
    assert order == [0, 1, 2, 3, 4]
    await pool.close()


async def test_closing_the_pool_refuses_acquires_and_wakes_waiters(make_apool):
    pool = await make_apool(max_size=1)
    held = await pool.acquire()
    waiter = asyncio.ensure_future(pool.acquire())
    await asyncio.sleep(0.01)
    await pool.close()
    with pytest.raises(aio.PoolClosed):
        await waiter
    with pytest.raises(aio.PoolClosed):
        await pool.acquire()
    await pool.release(held)  # closed on return
    assert held.closed


async def test_a_cancelled_waiter_leaves_the_queue(make_apool):
    pool = await make_apool(max_size=1)
    held = await pool.acquire()
    waiter = asyncio.ensure_future(pool.acquire())
    await asyncio.sleep(0.01)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert pool.waiting == 0
    await pool.release(held)
    async with pool.connection():
        pass
    await pool.close()


async def test_an_idle_connection_the_server_dropped_is_replaced(sessions, make_apool):
    pool = await make_apool(min_size=1, max_size=1)
    async with pool.connection() as first:
        pass
    sessions.hang_up(first)
    await asyncio.sleep(0.05)  # the transport sees the EOF
    async with pool.connection() as conn:
        assert conn is not first
        cur = conn.cursor()
        await cur.execute("SELECT tabid FROM systables WHERE tabid = 2")
        assert await cur.fetchall() == [(2,)]
    await pool.close()


async def test_cancelling_at_every_await_point_leaves_the_pool_working(server, make_apool):
    table = make_table(server, columns="k INTEGER")
    pool = await make_apool(max_size=2)

    async def unit(k):
        async with pool.connection() as conn:
            cur = conn.cursor()
            await cur.execute(f"INSERT INTO {table} VALUES (?)", (k,))
            await cur.execute(f"SELECT k FROM {table} WHERE k = ?", (k,))
            await cur.fetchall()
            await conn.commit()

    steps = 0
    for k in range(1, 200):
        task = asyncio.ensure_future(unit(k))
        for _ in range(k % 40):
            await asyncio.sleep(0)
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            steps += 1
        async with pool.connection() as conn:  # the next connection always works
            assert not conn.in_transaction and not conn.broken
            cur = conn.cursor()
            await cur.execute("SELECT tabid FROM systables WHERE tabid = 1")
            assert await cur.fetchall() == [(1,)]
    assert steps > 20  # cancellations did land inside the unit of work
    assert pool.stats()["in_use"] == 0
    await pool.close()


def _open_fds() -> int | None:
    try:
        return len(os.listdir("/proc/self/fd"))
    except OSError:
        return None


async def test_a_thousand_tasks_share_a_pool_of_20_without_cross_talk_or_leaks(quiet_server,
                                                                              make_apool):
    server = quiet_server
    table = make_table(server, columns="who INTEGER, n INTEGER")
    assert wait_for(lambda: server.session_count == 0)
    fds_before = _open_fds()
    pool = await make_apool(max_size=20, acquire_timeout=120)

    async def task(who: int) -> None:
        rng = random.Random(who)
        mine = []
        for n in range(3):
            async with pool.connection() as conn:
                cur = conn.cursor()
                assert not conn.in_transaction
                await cur.execute(f"INSERT INTO {table} VALUES (?, ?)", (who, n))
                if rng.random() < 0.7:
                    await conn.commit()
                    mine.append(n)
                await cur.execute(f"SELECT n FROM {table} WHERE who = ? ORDER BY n", (who,))
                rows = [r[0] for r in await cur.fetchall()]
                assert rows == sorted(set(mine) | {n}), (who, n, rows, mine)

    await asyncio.gather(*(task(who) for who in range(1000)))
    stats = pool.stats()
    assert stats["in_use"] == 0 and stats["size"] <= 20 and stats["acquired"] == 3000
    await pool.close()
    assert wait_for(lambda: server.session_count == 0)
    assert count(server, table) > 0
    if fds_before is not None:
        assert _open_fds() <= fds_before + 2


async def test_a_cursor_collected_unclosed_frees_its_statement_with_the_next_request(
        sessions, make_apool):
    import gc
    pool = await make_apool(max_size=1)
    async with pool.connection() as conn:
        cur = conn.cursor()
        await cur.execute("SELECT tabid FROM systables")
        await cur.fetchone()
        held = sessions.of(conn).statements._by_id
        statement = held[cur._result.description.stmt_id]
        del cur
        gc.collect()  # its finaliser does no I/O: the statement is queued
        assert any(s is statement for s in held.values())
        other = conn.cursor()
        await other.execute("SELECT tabid FROM systables WHERE tabid = 1")
        assert not any(s is statement for s in held.values())  # freed (its id may be reused)
        assert await other.fetchall() == [(1,)]
