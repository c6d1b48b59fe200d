"""DESCRIBE of INSERT/UPDATE parameters and the input describe (bit 34), on the wire."""

from __future__ import annotations

import struct

import pytest

from informix_db import types as T
from informix_db.testing.capabilities import BIT_DESCRIBE_INPUT, bits_of
from rawclient import PROTOCOLS, RawClient, dbopen, login_bytes, prepare

SQ_ID, SQ_EXECUTE, SQ_EOT = 4, 7, 12
SQ_CIDESCRIBE, SQ_IDESCRIBE = 124, 125


def _describe(reply: bytes) -> tuple[int, list[tuple[str, int, int]]]:
    """(statement type, [(name, type code, length)]) of a DESCRIBE reply
    (four-byte offsets: the raw client offers JDBC's mask, bit 50 included)."""
    assert reply[:2] == b"\x00\x08"
    stmt_type, _sid, _cost, _size, ncols, names_size = struct.unpack_from(">hhihhi", reply, 2)
    pos = 18
    cols = []
    for _ in range(ncols):
        name_at, _start, code, _xid = struct.unpack_from(">iihi", reply, pos)
        pos += 14
        for _ in range(2):  # owner and extended type names
            (n,) = struct.unpack_from(">H", reply, pos)
            pos += 2 + n + (n & 1)
        _ref, _align, _src, length = struct.unpack_from(">hhii", reply, pos)
        pos += 12
        cols.append((name_at, code, length))
    names = reply[pos:pos + names_size]
    return stmt_type, [(names[at:names.index(b"\0", at)].decode(), code, length)
                       for at, code, length in cols]


def _run(client, sql):
    reply = client.call(prepare(sql))
    assert reply[:2] == b"\x00\x08", reply.hex()
    (sid,) = struct.unpack_from(">h", reply, 4)
    client.call(struct.pack(">hhhh", SQ_ID, sid, SQ_EXECUTE, SQ_EOT))


@pytest.fixture
def client(server):
    c = RawClient(server).session()
    _run(c, "create table pd (a integer, b varchar(20), c char(5) not null, s serial)")
    yield c
    c.close()


def test_prepared_insert_describes_markers_as_their_target_columns(client):
    stmt_type, cols = _describe(client.call(prepare("insert into pd (b, a) values (?, ?)",
                                                    nparams=2)))
    assert stmt_type == 6  # SQ_INSERT
    assert cols == [("b", T.SQLVCHAR, 20), ("a", T.SQLINT, 4)]


def test_insert_describe_of_not_null_column_carries_the_flag(client):
    _, cols = _describe(client.call(prepare("insert into pd values (1, 'x', ?, 0)", nparams=1)))
    assert cols == [("c", T.SQLCHAR | T.SQLNONULL, 5)]


def test_insert_without_markers_describes_no_columns(client):
    assert _describe(client.call(prepare("insert into pd (a, c) values (1, 'x')"))) == (6, [])


def test_update_describes_set_markers_when_ifx_upddesc_is_set(client):
    # The JDBC login the raw client sends carries IFX_UPDDESC=1.
    stmt_type, cols = _describe(client.call(
        prepare("update pd set b = ?, a = 3 where a = ?", nparams=2)))
    assert stmt_type == 4  # SQ_UPDATE
    assert cols == [("b", T.SQLVCHAR, 20)]


def test_update_describes_nothing_without_ifx_upddesc(server):
    c = RawClient(server)
    # the same login with the variable renamed: IFX_UPDDESC is not set
    raw = login_bytes().replace(b"IFX_UPDDESC\x00", b"IFX_UPDDESX\x00")
    c.send(raw)
    head = c.recv_exact(2)
    c.recv_exact(struct.unpack(">H", head)[0] - 2)
    c.call(PROTOCOLS)
    c.call(dbopen("testdb"))
    _run(c, "create table pe (a integer, b varchar(20))")
    assert _describe(c.call(prepare("update pe set b = ? where a = ?", nparams=2))) == (4, [])
    c.close()


def test_protocols_reply_offers_input_describe(server):
    c = RawClient(server)
    c.login()
    reply = c.call(PROTOCOLS)
    (length,) = struct.unpack(">H", reply[2:4])
    assert BIT_DESCRIBE_INPUT in bits_of(reply[4:4 + length])
    c.close()


def _idescribe(reply: bytes) -> list[tuple[int, int]]:
    """(type code, length) per parameter of an SQ_IDESCRIBE reply."""
    assert reply[:2] == struct.pack(">h", SQ_IDESCRIBE), reply.hex()
    count, flags = struct.unpack_from(">hh", reply, 2)
    assert flags == 0
    pos, out = 6, []
    for _ in range(count):
        code, _xid = struct.unpack_from(">hi", reply, pos)
        pos += 6
        for _ in range(2):
            (n,) = struct.unpack_from(">H", reply, pos)
            pos += 2 + n + (n & 1)
        _ref, _align, _src, length = struct.unpack_from(">hhii", reply, pos)
        pos += 12
        out.append((code, length))
    assert reply[pos:] == b"\x00\x0c"
    return out


def test_input_describe_gives_each_marker_its_column_type_or_unknown(client):
    reply = client.call(prepare("select a from pd where b = ? and a + ? > 0", nparams=2))
    (sid,) = struct.unpack_from(">h", reply, 4)
    got = _idescribe(client.call(struct.pack(">hhhh", SQ_ID, sid, SQ_CIDESCRIBE, SQ_EOT)))
    assert got == [(T.SQLVCHAR, 20), (51, 0)]  # 51: SQLUNKNOWN


def test_input_describe_of_insert_lists_every_marker(client):
    reply = client.call(prepare("insert into pd (a, c) values (?, ?)", nparams=2))
    (sid,) = struct.unpack_from(">h", reply, 4)
    got = _idescribe(client.call(struct.pack(">hhhh", SQ_ID, sid, SQ_CIDESCRIBE, SQ_EOT)))
    assert got == [(T.SQLINT, 4), (T.SQLCHAR | T.SQLNONULL, 5)]


def test_input_describe_of_unknown_statement_is_an_error(client):
    reply = client.call(struct.pack(">hhhh", SQ_ID, 9, SQ_CIDESCRIBE, SQ_EOT))
    assert reply[:2] == b"\x00\x0d"
    assert struct.unpack_from(">h", reply, 2)[0] == -410
