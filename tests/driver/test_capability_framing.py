"""The statement layer frames by the negotiated capabilities (TestServer).

The server withholds one framing bit at a time from its mask; the driver
must then use the 16-bit layout: bit 50 (DESCRIBE names size and offsets),
bit 62 (SQL text lengths, SQ_ERR offsets), bit 63 (fetch buffer sizes).
"""

from __future__ import annotations

import pytest

from informix_db.exceptions import ProgrammingError
from informix_db.protocol.capabilities import bits_of, mask_of

from .dbapi_helpers import open_conn

testing = pytest.importorskip("informix_db.testing")


def mask_without(bit: int) -> bytes:
    full = testing.DEFAULT_SERVER_MASK
    return mask_of(bits_of(full) - {bit}, len(full))


@pytest.fixture(scope="module", params=[50, 62, 63], ids=lambda b: f"without-bit-{b}")
def conn(request):
    with testing.TestServer(server_mask=mask_without(request.param)) as srv:
        with open_conn(srv, autocommit=True, fetch_buffer_size=200) as c:
            assert not c.capabilities.has(request.param)
            yield c


def test_multi_round_query_with_parameters(conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE rounds (i INTEGER, name VARCHAR(30))")
    cur.executemany("INSERT INTO rounds VALUES (?, ?)", [(i, f"name {i}") for i in range(120)])
    cur.execute("SELECT i, name FROM rounds WHERE i >= ? ORDER BY i", (20,))
    rows = cur.fetchall()
    assert [r[0] for r in rows] == list(range(20, 120)) and rows[0][1] == "name 20"


def test_scroll_cursor(conn):
    cur = conn.cursor(scrollable=True)
    cur.execute("SELECT tabid FROM systables ORDER BY tabid")
    last = cur.fetch_last()
    assert cur.fetch_first()[0] < last[0]


def test_server_error_is_read_in_step(conn):
    cur = conn.cursor()
    with pytest.raises(ProgrammingError) as info:
        cur.execute("SELECT * FROM no_such_table_here")
    assert info.value.sqlcode == -206
    cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
    assert cur.fetchone() == (1,)
