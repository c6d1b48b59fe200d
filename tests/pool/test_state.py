"""PoolState, the policy shared by the blocking pool (and a later asyncio one):
no lock, no clock, no I/O, so each rule is checked with made-up times."""

from __future__ import annotations

import pytest

from informix_db.exceptions import ProgrammingError
from informix_db.pool import OPEN, PoolState


class FakeConnection:
    """What the state reads of a connection."""

    database = None
    autocommit = False
    row_factory = None
    fetch_buffer_size = 65536


fake_conn = FakeConnection


def state(**limits) -> PoolState:
    limits = dict(dict(min_size=0, max_size=2, max_idle=None, max_lifetime=None), **limits)
    return PoolState(**limits)


def open_one(s: PoolState, now: float = 0.0):
    grant, _ = s.checkout(now)
    assert grant is OPEN
    conn = fake_conn()
    s.opened(conn, now)
    return conn


def give_back(s: PoolState, conn, now: float = 0.0, reusable: bool = True):
    s.begin_return(conn)
    return s.checkin(conn, now, reusable=reusable)


def test_a_newcomer_never_overtakes_a_waiter():
    s = state(max_size=1)
    conn = open_one(s)
    s.waiters.append("first")
    assert s.checkout(0.0) == (None, [])  # even were a connection idle, it waits its turn
    handoff, _ = give_back(s, conn)
    assert handoff[0] == "first" and handoff[1].conn is conn


def test_the_place_of_a_discarded_connection_goes_to_the_oldest_waiter():
    s = state(max_size=1)
    conn = open_one(s)
    s.waiters.extend(["first", "second"])
    handoff, to_close = give_back(s, conn, reusable=False)
    assert handoff == ("first", OPEN) and to_close == [conn]
    assert s.size == 1 and list(s.waiters) == ["second"]


def test_the_most_recently_returned_connection_is_handed_out_first():
    s = state()
    a, b = open_one(s), open_one(s)
    give_back(s, a, 1.0)
    give_back(s, b, 2.0)
    assert s.checkout(3.0)[0].conn is b


def test_max_idle_closes_the_least_recently_used_but_keeps_min_size():
    s = state(min_size=1, max_size=3, max_idle=10.0)
    a, b, c = open_one(s), open_one(s), open_one(s)
    for when, conn in enumerate((a, b, c)):
        give_back(s, conn, float(when))
    grant, to_close = s.checkout(100.0)
    assert to_close == [a, b] and grant.conn is c and s.size == 1


def test_max_lifetime_retires_a_connection_at_checkout_and_opens_another():
    s = state(max_size=1, max_lifetime=5.0)
    conn = open_one(s, 0.0)
    give_back(s, conn, 1.0)
    grant, to_close = s.checkout(6.0)
    assert grant is OPEN and to_close == [conn] and s.counters["expired"] == 1


def test_returning_a_connection_twice_is_refused():
    s = state()
    conn = open_one(s)
    give_back(s, conn)
    with pytest.raises(ProgrammingError, match="already released"):
        s.begin_return(conn)
    with pytest.raises(ProgrammingError, match="not acquired from this pool"):
        s.begin_return(fake_conn())


def test_closing_hands_back_the_idle_connections_and_the_waiters():
    s = state(max_size=2)
    a, b = open_one(s), open_one(s)
    give_back(s, a)
    s.waiters.append("w")
    to_close, waiters = s.close()
    assert to_close == [a] and waiters == ["w"] and s.size == 1
    handoff, to_close = give_back(s, b)  # in use at close: discarded on return
    assert handoff is None and to_close == [b] and s.size == 0
