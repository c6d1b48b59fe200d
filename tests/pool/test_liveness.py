"""Connections that died while idle, and the max_idle / max_lifetime limits."""

from __future__ import annotations

import time

import pytest

import informix_db

from .conftest import wait_for


def test_a_connection_the_server_dropped_while_idle_is_replaced_not_handed_out(
        sessions, make_pool):
    pool = make_pool(max_size=1)
    with pool.connection() as conn:
        pass
    sessions.hang_up(conn)
    time.sleep(0.05)  # the hang-up reaches our socket
    with pool.connection() as fresh:
        assert fresh is not conn
        with fresh.cursor() as cur:
            cur.execute("SELECT tabid FROM systables WHERE tabid = 1")
            assert cur.fetchone() == (1,)
    assert conn.closed and pool.stats()["discarded"] == 1 and pool.size == 1


def test_every_idle_connection_the_server_dropped_is_replaced(sessions, make_pool):
    pool = make_pool(min_size=3, max_size=3)
    conns = [pool.acquire() for _ in range(3)]
    for conn in conns:
        pool.release(conn)
        sessions.hang_up(conn)
    time.sleep(0.05)
    fresh = [pool.acquire() for _ in range(3)]
    assert not set(map(id, fresh)) & set(map(id, conns))
    for conn in fresh:
        conn.cursor().execute("SELECT tabid FROM systables WHERE tabid = 1")
        pool.release(conn)
    assert pool.stats()["discarded"] == 3


def test_a_failing_check_replaces_the_connection(make_pool):
    seen = []

    def check(conn):
        seen.append(conn)
        if len(seen) == 1:
            raise informix_db.OperationalError("no answer")

    pool = make_pool(max_size=1, check=check)
    with pool.connection() as first:
        pass
    with pool.connection() as second:
        assert second is not first and first.closed
    assert seen == [first]  # run on idle connections being handed out, not on new ones


def test_check_connection_passes_a_working_connection(make_pool):
    pool = make_pool(max_size=1, check=informix_db.ConnectionPool.check_connection)
    with pool.connection() as first:
        pass
    with pool.connection() as second:
        assert second is first


def test_idle_connections_beyond_max_idle_are_closed(make_pool):
    pool = make_pool(min_size=1, max_size=3, max_idle=0.2)
    conns = [pool.acquire() for _ in range(3)]
    for conn in conns:
        pool.release(conn)
    time.sleep(0.3)
    with pool.connection() as conn:
        assert conn is conns[-1]  # the most recently used one is kept
    assert sum(c.closed for c in conns) == 2
    assert (pool.size, pool.stats()["expired"]) == (1, 2)


def test_max_idle_never_closes_below_min_size(make_pool):
    pool = make_pool(min_size=2, max_size=3, max_idle=0.1)
    first = pool.acquire()
    pool.release(first)
    time.sleep(0.2)
    with pool.connection():
        assert pool.size == 2
    assert pool.size == 2 and pool.stats()["expired"] == 0


def test_a_connection_past_max_lifetime_is_retired_when_released(make_pool):
    pool = make_pool(max_size=1, max_lifetime=0.2)
    conn = pool.acquire()
    time.sleep(0.3)
    pool.release(conn)
    assert conn.closed and pool.size == 0 and pool.stats()["expired"] == 1


def test_a_connection_past_max_lifetime_is_retired_instead_of_handed_out(make_pool):
    pool = make_pool(max_size=1, max_lifetime=0.3)
    with pool.connection() as conn:
        pass
    time.sleep(0.4)
    with pool.connection() as fresh:
        assert fresh is not conn and conn.closed


@pytest.mark.parametrize("limit", ["max_idle", "max_lifetime"])
def test_none_disables_the_limit(make_pool, limit):
    pool = make_pool(max_size=1, **{limit: None})
    with pool.connection() as conn:
        pass
    with pool.connection() as again:
        assert again is conn
    assert wait_for(lambda: pool.stats()["expired"] == 0)
