"""Generated keys on the wire (capability bit 48): SQ_AUTOGENKEYS after PREPARE,
the key columns in SQ_GENKEYS_DESCRIBE, their values in SQ_GENKEYS_TUPLE."""

from __future__ import annotations

import struct

import pytest

from informix_db.testing.capabilities import BIT_AUTO_GENERATED_KEYS, bits_of
from rawclient import PROTOCOLS, RawClient

SQ_ID, SQ_EXECUTE, SQ_EOT = 4, 7, 12
SQ_AUTOGENKEYS, SQ_GENKEYS_DESCRIBE, SQ_GENKEYS_TUPLE = 134, 135, 136


def _prepare(sql: str, keys: bytes = b"") -> bytes:
    """PREPARE [+ SQ_AUTOGENKEYS body *keys*] + NDESCRIBE + WANTDONE, as IBM JDBC sends."""
    raw = sql.encode()
    out = struct.pack(">hhi", 2, 0, len(raw)) + raw + (b"\0" if len(raw) & 1 else b"")
    if keys:
        out += struct.pack(">h", SQ_AUTOGENKEYS) + keys
    return out + struct.pack(">hhh", 22, 49, SQ_EOT)


def _tags(reply: bytes) -> list[int]:
    """The message codes of a reply made of DESCRIBE-like, TUPLE-like and
    fixed-size messages (enough for these replies)."""
    tags, pos = [], 0
    while pos < len(reply):
        (code,) = struct.unpack_from(">h", reply, pos)
        tags.append(code)
        pos += 2
        if code in (8, SQ_GENKEYS_DESCRIBE):
            _t, _i, _c, _s, ncols, names = struct.unpack_from(">hhihhi", reply, pos)
            pos += 16
            for _ in range(ncols):
                pos += 14
                for _ in range(2):
                    (n,) = struct.unpack_from(">H", reply, pos)
                    pos += 2 + n + (n & 1)
                pos += 12
            pos += names + (names & 1)
        elif code in (14, SQ_GENKEYS_TUPLE):
            (size,) = struct.unpack_from(">i", reply, pos + 2)
            pos += 6 + size + (size & 1)
        else:
            pos += {15: 14, 55: 8, 99: 6, 94: 18, 12: 0}[code]
    return tags


def _key_values(reply: bytes) -> list[bytes]:
    out, pos = [], 0
    marker = struct.pack(">h", SQ_GENKEYS_TUPLE) + b"\0\0"
    while (pos := reply.find(marker, pos)) >= 0:
        (size,) = struct.unpack_from(">i", reply, pos + 4)
        out.append(reply[pos + 8:pos + 8 + size])
        pos += 8 + size
    return out


@pytest.fixture
def client(server):
    c = RawClient(server).session()
    for sql in ("create table gk (id serial, a int)",):
        reply = c.call(_prepare(sql))
        (sid,) = struct.unpack_from(">h", reply, 4)
        c.call(struct.pack(">hhhh", SQ_ID, sid, SQ_EXECUTE, SQ_EOT))
    yield c
    c.close()


def test_protocols_reply_offers_generated_keys(server):
    c = RawClient(server)
    c.login()
    reply = c.call(PROTOCOLS)
    (length,) = struct.unpack(">H", reply[2:4])
    assert BIT_AUTO_GENERATED_KEYS in bits_of(reply[4:4 + length])
    c.close()


def test_prepare_with_autogenkeys_describes_the_key_columns(client):
    reply = client.call(_prepare("insert into gk (a) values (5)", struct.pack(">h", 1)))
    assert _tags(reply) == [8, SQ_GENKEYS_DESCRIBE, 15, 55, 12]
    at = reply.index(struct.pack(">h", SQ_GENKEYS_DESCRIBE))
    stmt_type, _sid, _cost, size, ncols = struct.unpack_from(">hhihh", reply, at + 2)
    assert (stmt_type, size, ncols) == (6, 4, 1)
    assert b"id\0" in reply[at:]


def test_execute_sends_the_generated_serial_as_a_key_tuple(client):
    reply = client.call(_prepare("insert into gk (a) values (5)", struct.pack(">h", 1)))
    (sid,) = struct.unpack_from(">h", reply, 4)
    done = client.call(struct.pack(">hhhh", SQ_ID, sid, SQ_EXECUTE, SQ_EOT))
    assert _key_values(done) == [struct.pack(">i", 1)]


def test_without_autogenkeys_no_key_messages_are_sent(client):
    reply = client.call(_prepare("insert into gk (a) values (5)"))
    assert SQ_GENKEYS_DESCRIBE not in _tags(reply)
    (sid,) = struct.unpack_from(">h", reply, 4)
    done = client.call(struct.pack(">hhhh", SQ_ID, sid, SQ_EXECUTE, SQ_EOT))
    assert SQ_GENKEYS_TUPLE not in _tags(done)


def test_keys_by_name_leave_out_columns_without_generated_values(client):
    body = struct.pack(">hhH", 3, 2, 1) + b"a\0" + struct.pack(">H", 2) + b"id"
    reply = client.call(_prepare("insert into gk (a) values (5)", body))
    at = reply.index(struct.pack(">h", SQ_GENKEYS_DESCRIBE))
    assert struct.unpack_from(">h", reply, at + 12)[0] == 1  # only "id"


def test_bad_autogenkeys_selector_ends_only_that_session(server):
    bad = RawClient(server).session()
    good = RawClient(server).session()
    bad.send(_prepare("select 1 from systables", struct.pack(">h", 9)))
    assert bad.sock.recv(100) == b""  # closed
    reply = good.call(_prepare("select 1 from systables where tabid = 1"))
    assert reply[:2] == b"\x00\x08"
    bad.close()
    good.close()
