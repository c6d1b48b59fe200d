"""A scroll cursor over SELECT ... FOR UPDATE: -526 at OPEN, as Informix.

"-526 Updates are not allowed on a scroll cursor." The peer driver's tests,
run against real servers, see the PREPARE succeed and the OPEN fail.
"""

from __future__ import annotations

import pytest

from informix_db.connection import connect
from informix_db.exceptions import DatabaseError


@pytest.fixture
def conn(srv):
    c = connect(srv.host, srv.port, srv.user, srv.password, "testdb", srv.server_name,
                connect_timeout=5, read_timeout=5, autocommit=True)
    yield c
    c.close()


def test_scroll_cursor_over_select_for_update_fails_with_526(conn):
    scroll = conn.cursor(scrollable=True)
    with pytest.raises(DatabaseError) as failure:
        scroll.execute("select tabid from systables for update")
    assert failure.value.sqlcode == -526


def test_failed_scroll_open_leaves_the_session_and_the_cursor_usable(conn):
    scroll = conn.cursor(scrollable=True)
    for _ in range(3):  # a statement left allocated would show on the next round
        with pytest.raises(DatabaseError):
            scroll.execute("select tabid from systables for update of tabid")
        plain = conn.cursor()
        plain.execute("select first 1 tabid from systables order by tabid")
        assert plain.fetchone() == (1,)
        plain.close()
    scroll.execute("select tabid from systables where tabid < 3 order by tabid")
    assert scroll.fetch_last() == (2,)
    assert scroll.fetch_first() == (1,)


def test_plain_cursor_over_select_for_update_opens(conn):
    cur = conn.cursor()
    cur.execute("select tabid from systables where tabid = 1 for update")
    assert cur.fetchall() == [(1,)]


def test_scroll_cursor_over_select_for_read_only_opens(conn):
    scroll = conn.cursor(scrollable=True)
    scroll.execute("select tabid from systables where tabid = 1 for read only")
    assert scroll.fetch_first() == (1,)
