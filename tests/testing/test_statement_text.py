"""Statement text that is not valid in the wire code set is refused with
-202, never run with the bad bytes replaced; the session stays usable.
Sent as raw PREPAREs: our driver refuses to send such text at all."""

from __future__ import annotations

import struct

import pytest

from rawclient import RawClient, prepare

SQ_ERR, SQ_DESCRIBE = 13, 8


def _sqlcode(reply: bytes) -> int:
    code, sqlcode = struct.unpack_from(">hh", reply, 0)
    assert code == SQ_ERR, f"expected SQ_ERR, got message {code}"
    return sqlcode


@pytest.fixture
def utf8_client(server_factory):
    srv = server_factory(locale="en_US.utf8")
    c = RawClient(srv).session()
    yield c
    c.close()


def test_invalid_utf8_in_statement_text_is_error_202(utf8_client):
    reply = utf8_client.call(prepare(b"select '\xff\xfe' from systables where tabid = 1"))
    assert _sqlcode(reply) == -202


def test_truncated_utf8_sequence_in_statement_text_is_error_202(utf8_client):
    # the first byte of a two-byte character, then a quote
    reply = utf8_client.call(prepare(b"select '\xc3' from systables where tabid = 1"))
    assert _sqlcode(reply) == -202


def test_session_stays_usable_after_refused_statement_text(utf8_client):
    utf8_client.call(prepare(b"select '\xff' from systables"))
    reply = utf8_client.call(prepare("select tabname from systables where tabid = 1"))
    assert struct.unpack_from(">h", reply, 0)[0] == SQ_DESCRIBE


def test_valid_utf8_statement_text_is_accepted(utf8_client):
    reply = utf8_client.call(prepare("select 'é€' from systables where tabid = 1"))
    assert struct.unpack_from(">h", reply, 0)[0] == SQ_DESCRIBE


def _command_execute(raw: bytes) -> bytes:
    """COMMAND + NDESCRIBE + EXECUTE + RELEASE + EOT, as IBM JDBC runs a statement."""
    return (struct.pack(">hhi", 1, 0, len(raw)) + raw + (b"\x00" if len(raw) & 1 else b"")
            + struct.pack(">hhhh", 22, 7, 11, 12))


def test_statement_text_with_bad_bytes_is_not_run(server_factory):
    from informix_db.connection import connect

    srv = server_factory(locale="en_US.utf8")
    with connect(srv.host, srv.port, srv.user, srv.password, "testdb", srv.server_name,
                 connect_timeout=10, read_timeout=30, autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute("create table st (v varchar(10))")
        c = RawClient(srv).session()
        try:
            reply = c.call(_command_execute(b"insert into st values ('a\xff')"))
        finally:
            c.close()
        assert _sqlcode(reply) == -202
        cur.execute("select count(*) from st")
        assert cur.fetchone() == (0,)
