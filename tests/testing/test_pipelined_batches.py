"""One-row INSERT requests written back to back (the peer driver's
executemany): run as engine batches across requests, each request still
answered on its own, in order."""

from __future__ import annotations

import struct


from informix_db.connection import connect
from rawclient import RawClient, prepare

EOT = b"\x00\x0c"


def _run(client: RawClient, sql: str) -> None:
    for request in (prepare(sql), struct.pack(">hhh", 4, 0, 7) + EOT,
                    struct.pack(">hhh", 4, 0, 11) + EOT):
        assert not client.call(request).startswith(b"\x00\x0d"), sql


def _row_request(k: int) -> bytes:
    """As the peer sends a row: SQ_ID (its short 4 + int 5 reads as SQ_ID 0,
    SQ_BIND), one INTEGER, SQ_EXECUTE, SQ_EOT."""
    return struct.pack(">hihhhHi", 4, 5, 1, 2, 0, 0, k) + struct.pack(">h", 7) + EOT


def _replies(client: RawClient, count: int) -> list[bytes]:
    """*count* replies, each up to and including its SQ_EOT."""
    out, data = [], b""
    while len(out) < count:
        data += client.sock.recv(65536)
        while True:
            end = _reply_end(data)
            if end is None:
                break
            out.append(data[:end])
            data = data[end:]
    assert data == b""
    return out


def _reply_end(data: bytes) -> int | None:
    pos = 0
    sizes = {99: 6, 15: 14, 55: 8}  # XACTSTAT, DONE, COST bodies
    while pos + 2 <= len(data):
        (code,) = struct.unpack_from(">h", data, pos)
        pos += 2
        if code == 12:
            return pos
        if code == 13:  # SQ_ERR: codes, int offset, token
            if pos + 10 > len(data):
                return None
            (n,) = struct.unpack_from(">H", data, pos + 8)
            pos += 10 + n + (n & 1)
        else:
            pos += sizes[code]
    return None


def _session(server) -> RawClient:
    client = RawClient(server, timeout=30).session()
    _run(client, "create table pb (k integer primary key)")
    assert client.call(prepare("insert into pb values (?)", nparams=1))[:2] == b"\x00\x08"
    return client


def _count(server) -> int:
    with connect(server.host, server.port, server.user, server.password, "testdb",
                 server.server_name, connect_timeout=5, read_timeout=5) as conn:
        cur = conn.cursor()
        cur.execute("select count(*) from pb")
        return cur.fetchone()[0]


def test_pipelined_row_requests_run_as_one_engine_batch(server, batches):
    client = _session(server)
    client.send(b"".join(_row_request(k) for k in range(300)))
    replies = _replies(client, 300)
    assert all(r.endswith(struct.pack(">h", 15) + struct.pack(">hiii", 0, 1, 0, 0)
                          + struct.pack(">hii", 55, 1, 1) + EOT) for r in replies)
    assert sum(batches) == 300 and len(batches) < 300
    client.close()


def test_a_failing_row_among_pipelined_requests_fails_only_its_own_request(server):
    client = _session(server)
    keys = [0, 1, 2, 3, 2, 5, 6, 7]  # the fifth request repeats a key
    client.send(b"".join(_row_request(k) for k in keys))
    replies = _replies(client, len(keys))
    failed = [i for i, r in enumerate(replies) if r.startswith(b"\x00\x0d")]
    assert failed == [4]
    assert struct.unpack_from(">h", replies[4], 2)[0] in (-239, -268)
    assert _count(server) == 7  # the requests after the failing one ran
    client.close()
