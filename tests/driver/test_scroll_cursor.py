"""Scroll cursors (SQ_SCROLL + SQ_SFETCH) against a scripted server.

The TestServer does not implement SQ_SCROLL/SQ_SFETCH yet, so these tests
replay canned replies: the layouts (SFETCH's orientation short, 1-based
target int and buffer-size int; SQ_TUPID's position int after the TUPLE)
are those the peer driver uses against real Informix servers.  What they
pin is our side: the requests sent and the positions kept.
"""

from __future__ import annotations

import pytest

from informix_db.connection import connect
from informix_db.protocol import statement as st
from informix_db.protocol.execution import DEFAULT_FETCH_BUFFER

from . import sqli_decode as dec
from .captures import client_half, server_half
from .scripted_server import ScriptedServer

SQL = "SELECT 1 FROM systables WHERE tabid=1"  # g09: one INTEGER column
SETUP = [(len(client_half(p)), server_half(p)) for p in ("g01", "g02", "g03")]
PREPARE = (len(st.build_prepare(SQL.encode(), 0)), server_half("g09"))
OPEN = (len(st.build_open(0, st.cursor_name(0), None, None, scroll=True)), bytes.fromhex("000c"))
SFETCH_SIZE = len(st.build_sfetch(0, st.SFETCH_ABSOLUTE, 1, DEFAULT_FETCH_BUFFER))
ROWS = [10, 20, 30]
DONE_EOT = bytes.fromhex("000f 0000 00000001 00000000 00000000 000c")


def row_reply(position: int) -> bytes:
    """A TUPLE with ROWS[position-1], its SQ_TUPID, DONE, EOT."""
    return (bytes.fromhex("000e 0000 00000004") + ROWS[position - 1].to_bytes(4, "big")
            + bytes.fromhex("0019") + position.to_bytes(4, "big") + DONE_EOT)


def sfetch(position: int):
    return (SFETCH_SIZE, row_reply(position))


def scripted(*fetches):
    close = (16, bytes.fromhex("000c000c"))  # CLOSE and RELEASE, pipelined
    return ScriptedServer(server_half("g00"), SETUP + [PREPARE, OPEN, *fetches, close])


def open_cursor(srv):
    conn = connect("127.0.0.1", srv.port, "informix", "in4mix", "testdb", "informix",
                   connect_timeout=3, read_timeout=3, autocommit=True)
    cur = conn.cursor(scrollable=True)
    cur.execute(SQL)
    return conn, cur


def statement_requests(srv):
    """What the client sent after DBOPEN, before SQ_EXIT, split into requests."""
    return [r for chunk in srv.received[4:] if chunk != b"\x00\x38"
            for r in dec.split_requests(chunk)]


def sfetches(srv):
    return [dict(dec.decode_messages(r)) for r in statement_requests(srv)
            if dec.message_names(r)[:2] == ["SQ_ID", "SFETCH"]]


def test_scroll_cursor_opens_with_sq_scroll_and_no_fetch():
    with scripted() as srv:
        conn, cur = open_cursor(srv)
        cur.close()
        conn.close()
    opened = [r for r in statement_requests(srv) if b"_ifxc" in r][0]
    assert dec.message_names(opened) == ["SQ_ID", "CURNAME", "SCROLL", "OPEN", "EOT"]


def test_positioned_fetches_send_absolute_and_last():
    with scripted(sfetch(3), sfetch(1), sfetch(2), sfetch(1), sfetch(3)) as srv:
        conn, cur = open_cursor(srv)
        assert cur.fetch_last() == (30,) and cur.rowcount == 3
        assert cur.fetch_first() == (10,)
        assert cur.fetchone() == (20,)
        assert cur.fetch_prior() == (10,)
        cur.scroll(2, mode="absolute")  # the row count is known: no request
        assert cur.fetchone() == (30,)
        assert cur.fetchone() is None  # past the end: no request either
        cur.close()
        conn.close()
    got = [(f["SFETCH.orientation"], f["SFETCH.target"], f["SFETCH.bufsize"]) for f in sfetches(srv)]
    size = DEFAULT_FETCH_BUFFER
    assert got == [(4, 0, size), (6, 1, size), (6, 2, size), (6, 1, size), (6, 3, size)]


def test_scroll_outside_the_result_is_index_error():
    with scripted(sfetch(3)) as srv:
        conn, cur = open_cursor(srv)
        with pytest.raises(IndexError):
            cur.scroll(4, mode="absolute")
        with pytest.raises(IndexError):
            cur.scroll(-1)
        cur.close()
        conn.close()


def test_negative_absolute_fetch_counts_from_the_last_row():
    with scripted(sfetch(3), sfetch(3), sfetch(2)) as srv:
        conn, cur = open_cursor(srv)
        assert cur.fetch_absolute(-1) == (30,)  # LAST for the count, then ABSOLUTE 3
        assert cur.fetch_absolute(-2) == (20,)
        assert cur.fetch_absolute(-4) is None and cur.rownumber == 0  # before the first
        cur.close()
        conn.close()
    got = [(f["SFETCH.orientation"], f["SFETCH.target"]) for f in sfetches(srv)]
    assert got == [(4, 0), (6, 3), (6, 2)]
