"""Queries in parentheses through the driver: prepared, described, fetched, scrolled.

Informix 14.10+ accepts ``(SELECT ...)`` and ``(SELECT ...) UNION (SELECT ...)``;
the server describes them as SELECTs (statement type SQ_SELECT), so the
driver opens a cursor for them.
"""

from __future__ import annotations

import pytest

from informix_db import types as T
from informix_db.connection import connect

ONE = "SELECT FIRST 1 tabid FROM systables"


@pytest.fixture
def scur(srv):
    """A scroll cursor on ``srv``'s testdb."""
    c = connect(srv.host, srv.port, srv.user, srv.password, "testdb", srv.server_name,
                connect_timeout=5, read_timeout=5, autocommit=True)
    yield c.cursor(scrollable=True)
    c.close()


def test_parenthesized_select_gives_rows(cur):
    cur.execute(f"({ONE})")
    assert cur.fetchall() == [(1,)]


def test_parenthesized_select_describes_its_column(cur):
    cur.execute(f"({ONE})")
    assert (cur.description[0][0], cur.description[0][1]) == ("tabid", T.SQLINT)


def test_parenthesized_union_gives_both_operands(cur):
    cur.execute(f"({ONE}) UNION (SELECT 99 FROM systables WHERE tabid = 1) ORDER BY 1")
    assert cur.fetchall() == [(1,), (99,)]


def test_parenthesized_union_all_with_a_plain_operand(cur):
    cur.execute(f"({ONE}) UNION ALL SELECT tabid FROM systables WHERE tabid = 1")
    assert cur.fetchall() == [(1,), (1,)]


def test_parenthesized_select_with_a_parameter(cur):
    cur.execute("(SELECT tabid FROM systables WHERE tabid = ?)", (2,))
    assert cur.fetchall() == [(2,)]


def test_parenthesized_union_scrolls_both_ways(scur):
    scur.execute("(SELECT tabid FROM systables WHERE tabid <= 3) "
                 "UNION (SELECT 99 FROM systables WHERE tabid = 1) ORDER BY 1")
    assert (scur.fetch_last(), scur.fetch_first(), scur.fetch_absolute(2)) == (
        (99,), (1,), (3,))
