"""A connection comes back to the pool clean, or not at all."""

from __future__ import annotations

import pytest

import informix_db
from informix_db.exceptions import OperationalError, ProgrammingError

from .conftest import connect, count, make_table


def test_an_uncommitted_transaction_is_rolled_back_on_release(server, make_pool):
    table = make_table(server)
    pool = make_pool(max_size=1)
    conn = pool.acquire()
    conn.cursor().execute(f"INSERT INTO {table} VALUES (1)")
    assert conn.in_transaction
    pool.release(conn)
    assert not conn.in_transaction
    again = pool.acquire()
    assert again is conn
    with again.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM {table}")
        assert cur.fetchone() == (0,)  # not the first user's row, in its transaction
    again.commit()  # would make that row permanent, had it not been rolled back
    pool.release(again)
    assert count(server, table) == 0


def test_committed_work_survives_release(server, make_pool):
    table = make_table(server)
    pool = make_pool(max_size=1)
    with pool.connection() as conn:
        conn.cursor().execute(f"INSERT INTO {table} VALUES (1)")
        conn.commit()
    assert count(server, table) == 1


def test_the_connection_block_does_not_commit(server, make_pool):
    table = make_table(server)
    pool = make_pool(max_size=1)
    with pool.connection() as conn:
        conn.cursor().execute(f"INSERT INTO {table} VALUES (1)")
    assert count(server, table) == 0


def test_an_ansi_database_transaction_is_rolled_back_on_release(server, make_pool):
    table = make_table(server, "strict")
    pool = make_pool("strict", max_size=1)
    with pool.connection() as conn:
        conn.cursor().execute(f"INSERT INTO {table} VALUES (1)")
    with pool.connection() as again:
        assert again is conn
        again.commit()  # would make the first user's row permanent, had it stayed
    assert count(server, table, "strict") == 0


def test_open_cursors_are_closed_on_release(make_pool):
    pool = make_pool(max_size=1)
    conn = pool.acquire()
    reading = conn.cursor()
    reading.execute("SELECT tabid FROM systables")
    reading.fetchone()
    idle = conn.cursor()
    pool.release(conn)
    assert reading.closed and idle.closed
    with pytest.raises(informix_db.InterfaceError):
        reading.fetchone()


def test_open_cursors_release_their_server_statements(sessions, make_pool):
    pool = make_pool(max_size=1)
    conn = pool.acquire()
    cursors = [conn.cursor() for _ in range(3)]
    for cur in cursors:  # results left unread: the server holds their statements
        cur.execute("SELECT a.tabid FROM systables a, systables b")
        cur.fetchone()
    assert sessions.statements(conn) == 3
    pool.release(conn)
    assert sessions.statements(conn) == 0


def test_statements_of_cursors_already_collected_are_released_on_release(sessions, make_pool):
    pool = make_pool(max_size=1)
    conn = pool.acquire()
    cur = conn.cursor()
    cur.execute("SELECT a.tabid FROM systables a, systables b")
    cur.fetchone()
    del cur  # its statement waits for the connection's next request
    assert sessions.statements(conn) == 1
    pool.release(conn)
    assert sessions.statements(conn) == 0


def test_a_broken_connection_is_discarded_not_pooled(sessions, make_pool):
    pool = make_pool(max_size=2)
    conn = pool.acquire()
    sessions.hang_up(conn)
    with pytest.raises(OperationalError):
        conn.cursor().execute("SELECT tabid FROM systables")
    assert conn.broken
    pool.release(conn)
    assert (pool.size, pool.idle, pool.stats()["discarded"]) == (0, 0, 1)
    with pool.connection() as fresh:
        assert fresh is not conn and not fresh.closed


def test_a_closed_connection_is_discarded_not_pooled(make_pool):
    pool = make_pool(max_size=2)
    conn = pool.acquire()
    conn.close()
    pool.release(conn)
    assert (pool.size, pool.idle) == (0, 0)


def test_release_with_broken_true_discards_the_connection(make_pool):
    pool = make_pool(max_size=2)
    conn = pool.acquire()
    pool.release(conn, broken=True)
    assert conn.closed and pool.size == 0


def test_a_connection_that_cannot_be_reset_is_discarded(make_pool, monkeypatch):
    pool = make_pool(max_size=1)
    conn = pool.acquire()

    def fail():
        raise informix_db.OperationalError("reset failed")

    monkeypatch.setattr(conn, "_reset_for_pool", fail)
    pool.release(conn)
    assert conn.closed and pool.size == 0


def test_settings_a_user_changed_are_restored_on_release(make_pool):
    pool = make_pool(max_size=1)
    with pool.connection() as conn:
        conn.autocommit = True
        conn.row_factory = informix_db.Row
        conn.fetch_buffer_size = 4096
    with pool.connection() as again:
        assert again is conn
        assert (again.autocommit, again.row_factory, again.fetch_buffer_size) == \
            (False, None, 65536)


def test_a_connection_switched_to_another_database_is_discarded(make_pool):
    pool = make_pool(max_size=1)
    with pool.connection() as conn:
        conn.cursor().execute("DATABASE other")
        assert conn.database.name == "other"
    assert conn.closed and pool.size == 0
    with pool.connection() as fresh:
        assert fresh.database.name == "testdb"


def test_releasing_a_connection_the_pool_did_not_hand_out_raises(server, make_pool):
    pool = make_pool(max_size=1)
    with pool.connection():
        pass
    with connect(server) as stranger:
        with pytest.raises(ProgrammingError, match="not acquired from this pool"):
            pool.release(stranger)
        assert not stranger.closed
    assert (pool.size, pool.idle) == (1, 1)


def test_releasing_a_connection_twice_raises_and_changes_nothing(make_pool):
    pool = make_pool(max_size=2)
    conn = pool.acquire()
    pool.release(conn)
    with pytest.raises(ProgrammingError, match="already released"):
        pool.release(conn)
    assert (pool.size, pool.idle) == (1, 1)
    first, second = pool.acquire(), pool.acquire()
    assert first is conn and second is not conn  # pooled once, not twice
