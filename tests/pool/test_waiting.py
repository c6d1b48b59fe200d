"""Waiting for a connection: timeouts, first come first served, connects outside the lock."""

from __future__ import annotations

import threading
import time

import pytest

import informix_db
from informix_db.pool import blocking as pool_module

from .conftest import wait_for


def test_acquire_waits_up_to_acquire_timeout_then_raises_pool_timeout(make_pool):
    pool = make_pool(max_size=1, acquire_timeout=0.3)
    with pool.connection():
        started = time.monotonic()
        with pytest.raises(informix_db.PoolTimeout, match=r"no connection free within 0.3s \(all in use: max_size=1"):
            pool.acquire()
        assert 0.25 < time.monotonic() - started < 2
    assert pool.stats()["timeouts"] == 1 and pool.waiting == 0


def test_the_timeout_argument_overrides_acquire_timeout(make_pool):
    pool = make_pool(max_size=1, acquire_timeout=30)
    with pool.connection():
        started = time.monotonic()
        with pytest.raises(informix_db.PoolTimeout):
            pool.acquire(timeout=0.1)
        assert time.monotonic() - started < 2


def test_a_released_connection_goes_to_a_waiting_thread(make_pool):
    pool = make_pool(max_size=1, acquire_timeout=5)
    conn = pool.acquire()
    got = []
    waiter = threading.Thread(target=lambda: got.append(pool.acquire()))
    waiter.start()
    assert wait_for(lambda: pool.waiting == 1)
    assert not got
    pool.release(conn)
    waiter.join(5)
    assert got == [conn]
    pool.release(conn)


def test_waiting_threads_are_served_first_come_first_served(make_pool):
    pool = make_pool(max_size=1, acquire_timeout=10)
    held = pool.acquire()
    order = []

    def take(name):
        conn = pool.acquire()
        order.append(name)
        time.sleep(0.01)  # hold it a moment, so later ones really wait
        pool.release(conn)

    threads = []
    for i in range(6):
        threads.append(threading.Thread(target=take, args=(i,)))
        threads[-1].start()
        assert wait_for(lambda: pool.waiting == i + 1)
    pool.release(held)
    for t in threads:
        t.join(10)
    assert order == list(range(6))


def test_a_slow_connect_does_not_hold_up_a_release(make_pool, monkeypatch):
    pool = make_pool(max_size=2, acquire_timeout=10)
    conn = pool.acquire()
    entered, go_on = threading.Event(), threading.Event()
    real_connect = pool_module.connect

    def slow_connect(**kwargs):
        entered.set()
        go_on.wait(10)
        return real_connect(**kwargs)

    monkeypatch.setattr(pool_module, "connect", slow_connect)
    opener = threading.Thread(target=lambda: pool.release(pool.acquire()))
    opener.start()
    try:
        assert entered.wait(5)
        started = time.monotonic()
        pool.release(conn)  # while the other thread is still connecting
        assert time.monotonic() - started < 1
        assert pool.idle == 1
    finally:
        go_on.set()
        opener.join(10)
    assert pool.size == 2


def test_a_failed_connect_frees_its_place(make_pool, monkeypatch):
    pool = make_pool(max_size=1)

    def refuse(**kwargs):
        raise informix_db.OperationalError("could not connect")

    monkeypatch.setattr(pool_module, "connect", refuse)
    with pytest.raises(informix_db.OperationalError, match="could not connect"):
        pool.acquire()
    assert pool.size == 0 and pool.stats()["connect_errors"] == 1
    monkeypatch.undo()
    with pool.connection() as conn:
        assert not conn.closed


def test_a_discarded_connection_lets_a_waiter_open_a_new_one(make_pool):
    pool = make_pool(max_size=1, acquire_timeout=5)
    conn = pool.acquire()
    got = []
    waiter = threading.Thread(target=lambda: got.append(pool.acquire()))
    waiter.start()
    assert wait_for(lambda: pool.waiting == 1)
    pool.release(conn, broken=True)
    waiter.join(5)
    assert len(got) == 1 and got[0] is not conn and not got[0].closed
    pool.release(got[0])
