"""What create_pool makes and how a pool is used, grown, measured and closed."""

from __future__ import annotations

import threading

import pytest

import informix_db
from informix_db.exceptions import InterfaceError, OperationalError

from .conftest import wait_for


def test_the_pool_and_its_errors_are_on_the_module():
    assert informix_db.create_pool is informix_db.pool.create_pool
    assert informix_db.ConnectionPool is informix_db.pool.ConnectionPool
    assert issubclass(informix_db.PoolTimeout, OperationalError)
    assert issubclass(informix_db.PoolClosed, OperationalError)


def test_informix_driver_error_names_are_aliases():
    assert informix_db.PoolTimeoutError is informix_db.PoolTimeout
    assert informix_db.PoolClosedError is informix_db.PoolClosed
    # Deliberate difference: informix-driver's PoolClosedError is an InterfaceError.
    assert not issubclass(informix_db.PoolClosedError, InterfaceError)


def test_create_pool_takes_the_arguments_of_connect(server):
    with informix_db.create_pool(server.host, server.port, server.user, server.password,
                                 "testdb", server=server.server_name, autocommit=True,
                                 max_size=1) as pool, pool.connection() as conn:
        assert conn.autocommit is True and conn.database.name == "testdb"


def test_create_pool_takes_a_connection_string(server):
    url = (f"informix://{server.user}:{server.password}@{server.host}:{server.port}"
           f"/testdb?server={server.server_name}")
    with informix_db.create_pool(url, max_size=1) as pool, pool.connection() as conn:
        assert conn.database.name == "testdb"


def test_create_pool_takes_informix_driver_keywords(server):
    with informix_db.create_pool(host=server.host, port=server.port, user=server.user,
                                 password=server.password, database="testdb",
                                 server=server.server_name, max_size=1) as pool:
        with pool.connection() as conn:
            assert conn.database.name == "testdb"


def test_a_misspelled_connection_argument_fails_at_creation(server):
    with pytest.raises(TypeError):
        informix_db.create_pool(server.host, server.port, server.user, server.password,
                                "testdb", server=server.server_name, read_timout=5)


@pytest.mark.parametrize("sizes", [dict(max_size=0), dict(min_size=-1),
                                   dict(min_size=3, max_size=2)])
def test_impossible_sizes_are_refused(server, sizes):
    with pytest.raises(ValueError):
        informix_db.create_pool(server.host, server.port, server.user, server.password,
                                "testdb", server=server.server_name, **sizes)


def test_min_size_connections_are_opened_at_creation(quiet_server, make_pool):
    pool = make_pool(min_size=2, max_size=4)
    assert (pool.size, pool.idle) == (2, 2)
    assert quiet_server.session_count == 2


def test_the_pool_grows_on_demand_up_to_max_size(make_pool):
    pool = make_pool(max_size=3)
    assert pool.size == 0
    conns = [pool.acquire() for _ in range(3)]
    assert len(set(map(id, conns))) == 3 and pool.size == 3 and pool.idle == 0
    with pytest.raises(informix_db.PoolTimeout):
        pool.acquire(timeout=0.05)
    for conn in conns:
        pool.release(conn)
    assert (pool.size, pool.idle) == (3, 3)


def test_a_released_connection_is_handed_out_again(make_pool):
    pool = make_pool(max_size=2)
    with pool.connection() as first:
        pass
    with pool.connection() as second:
        assert second is first


def test_the_connection_block_returns_the_connection_when_it_raises(make_pool):
    pool = make_pool(max_size=1)
    with pytest.raises(ZeroDivisionError), pool.connection():
        1 / 0
    assert (pool.size, pool.idle) == (1, 1)


def test_a_healthy_connection_stays_pooled_after_an_operational_error_in_the_block(make_pool):
    pool = make_pool(max_size=1)
    with pytest.raises(OperationalError), pool.connection() as conn:
        raise OperationalError("the application's own failure")
    assert pool.idle == 1
    with pool.connection() as again:
        assert again is conn


def test_stats_tell_size_idle_in_use_and_waiting(make_pool):
    pool = make_pool(max_size=1, acquire_timeout=5)
    conn = pool.acquire()
    waiter = threading.Thread(target=lambda: pool.release(pool.acquire()))
    waiter.start()
    assert wait_for(lambda: pool.waiting == 1)
    stats = pool.stats()
    assert {k: stats[k] for k in ("size", "idle", "in_use", "waiting", "max_size")} == \
        dict(size=1, idle=0, in_use=1, waiting=1, max_size=1)
    pool.release(conn)
    waiter.join(5)
    assert pool.stats()["waiting"] == 0 and pool.stats()["acquired"] == 2
    assert pool.idle_count == pool.idle == 1


def test_close_closes_the_idle_connections_and_ends_their_sessions(quiet_server, make_pool):
    pool = make_pool(min_size=2)
    conns = [pool.acquire(), pool.acquire()]
    for conn in conns:
        pool.release(conn)
    pool.close()
    assert all(conn.closed for conn in conns) and pool.size == 0 and pool.closed
    assert wait_for(lambda: quiet_server.session_count == 0)


def test_close_is_idempotent(make_pool):
    pool = make_pool(min_size=1)
    pool.close()
    pool.close()
    assert pool.closed


def test_acquire_after_close_raises_pool_closed(make_pool):
    pool = make_pool(min_size=1)
    pool.close()
    with pytest.raises(informix_db.PoolClosed):
        pool.acquire()


def test_with_pool_closes_it(make_pool):
    with make_pool(min_size=1) as pool, pool.connection() as conn:
        pass
    assert pool.closed and conn.closed


def test_a_connection_in_use_at_close_is_closed_when_released(make_pool):
    pool = make_pool(max_size=1)
    conn = pool.acquire()
    pool.close()
    assert not conn.closed  # its user is not cut off
    pool.release(conn)
    assert conn.closed and pool.size == 0


def test_close_wakes_waiting_threads_with_pool_closed(make_pool):
    pool = make_pool(max_size=1, acquire_timeout=10)
    conn = pool.acquire()
    raised = []

    def wait():
        try:
            pool.acquire()
        except Exception as exc:
            raised.append(exc)

    waiter = threading.Thread(target=wait)
    waiter.start()
    assert wait_for(lambda: pool.waiting == 1)
    pool.close()
    waiter.join(2)
    assert not waiter.is_alive() and isinstance(raised[0], informix_db.PoolClosed)
    pool.release(conn)
