"""SQ_PUT at the byte level: IBM JDBC's own executeBatch request (captured
against this server with IFX_USEPUT=1) replayed, and a PUT with no insert
cursor open.  docs/insert-cursor-jdbc-wire.md describes the messages."""

from __future__ import annotations

import struct

from rawclient import PREPARE_GL_COLLATE, RawClient, prepare

#: JDBC's executeBatch of three rows of ``insert into t values (?,?,?,?)``
#: (t: a INTEGER, b VARCHAR(20), d DECIMAL(10,2), e DATE), statement id 0:
#: SQ_ID, SQ_CURNAME, SQ_OPEN, SQ_RETTYPE (direction 0 = PUT), three SQ_PUT
#: (i32 TupleSize, i16 Count 1, the row; the third's VARCHAR is NULL), SQ_EOT.
BATCH = bytes.fromhex(
    "00040000000300125f69667863303030303030303030303030310006"
    "006400000004000200000004000d00000014000500000a020007000000040011000000130001"
    "0000000004726f7730c019000000000000b0eb0000110000001300010000000104726f7731c1"
    "01190000000000b0ec000011000000100001000000020100c102190000000000b0ed000c")


def _messages(reply: bytes) -> list[int]:
    """The message codes of a reply made of XACTSTAT, DONE, COST, ERR, EOT."""
    codes, pos = [], 0
    sizes = {99: 6, 15: 14, 55: 8}
    while pos < len(reply):
        (code,) = struct.unpack_from(">h", reply, pos)
        codes.append(code)
        pos += 2
        if code == 12:
            break
        if code == 13:
            return codes  # an error: the rest is its fields
        pos += sizes[code]
    return codes


def _create_table(server) -> None:
    from informix_db.connection import connect

    c = connect(server.host, server.port, server.user, server.password, "testdb",
                server.server_name, connect_timeout=5, read_timeout=5, autocommit=True)
    try:
        c.cursor().execute("create table t (a integer, b varchar(20), d decimal(10,2), e date)")
    finally:
        c.close()


def test_jdbc_batch_bytes_insert_three_rows_each_put_answered_like_an_execute(server):
    _create_table(server)
    client = RawClient(server, timeout=5).session()
    try:
        client.call(prepare("insert into t values (?,?,?,?)", nparams=4))
        client.call(struct.pack(">hh", 35, 12))  # BEGIN
        reply = client.call(BATCH)
        # per PUT: SQ_XACTSTAT (logged database), SQ_DONE, SQ_COST
        assert _messages(reply) == [99, 15, 55] * 3 + [12]
        assert [struct.unpack_from(">i", reply, k + 4)[0]
                for k in range(8, len(reply) - 2, 34)] == [1, 1, 1]  # DONE rows
        client.call(struct.pack(">hh", 19, 12))  # COMMIT
    finally:
        client.close()
    from informix_db.connection import connect

    c = connect(server.host, server.port, server.user, server.password, "testdb",
                server.server_name, connect_timeout=5, read_timeout=5, autocommit=True)
    cur = c.cursor()
    cur.execute("select a, b, d, e from t order by a")
    got = [(a, b, str(d), str(e)) for a, b, d, e in cur.fetchall()]
    c.close()
    assert got == [(0, "row0", "0.25", "2024-01-01"), (1, "row1", "1.25", "2024-01-02"),
                   (2, None, "2.25", "2024-01-03")]


def test_put_without_an_open_insert_cursor_is_404_and_the_session_goes_on(server):
    client = RawClient(server, timeout=5).session()
    try:
        put = struct.pack(">hh", 4, 0) + struct.pack(">hih", 17, 4, 1) + b"\x00\x00\x00\x01"
        reply = client.call(put + b"\x00\x0c")
        assert reply[:4] == struct.pack(">hh", 13, -404)
        assert client.call(PREPARE_GL_COLLATE)[:2] == struct.pack(">h", 8)  # DESCRIBE
    finally:
        client.close()
