"""Wire-level behaviour of the test server, checked byte by byte."""

from __future__ import annotations

import socket
import struct

import pytest

from informix_db.testing.capabilities import (
    BIT_REMOVE_64K_LIMIT, DEFAULT_SERVER_MASK, bits_of, mask_of)
from rawclient import (ACCEPT_JDBC_TOOK, PREPARE_GL_COLLATE, PREPARE_SHORT_LENGTH,
                       REJECT_951, RawClient, dbopen, prepare)

GL_COLLATE = "select dirpath from informix.systables where tabname = ' GL_COLLATE'"


@pytest.fixture
def client(server):
    c = RawClient(server)
    yield c
    c.close()


def test_login_accept_is_byte_identical_to_the_reply_jdbc_accepted(client):
    assert client.login() == ACCEPT_JDBC_TOOK


def test_wrong_password_gets_the_951_rejection_jdbc_decodes(client):
    assert client.login("wrong") == REJECT_951


@pytest.mark.parametrize("mode, warnings", [("logged", 1), ("buffered", 1), ("ansi", 3),
                                            ("unlogged", 0)])
def test_dbopen_done_warnings_say_logged_and_ansi(server_factory, mode, warnings):
    srv = server_factory(databases={"db1": mode})
    c = RawClient(srv).session(None)
    reply = c.call(dbopen("db1"))
    assert reply[:2] == b"\x00\x0f"
    assert struct.unpack(">h", reply[2:4])[0] == warnings
    c.close()


def test_dbopen_of_unknown_database_is_329(client):
    client.session(None)
    reply = client.call(dbopen("nosuchdb"))
    assert reply[:2] == b"\x00\x0d"
    assert struct.unpack(">h", reply[2:4])[0] == -329


def test_prepare_describes_jdbc_catalog_query(client):
    client.session()
    reply = client.call(PREPARE_GL_COLLATE)
    # DESCRIBE: SELECT (2), id 0, one VARCHAR(64) column "dirpath" at offset 0
    assert reply[:4] == b"\x00\x08\x00\x02"
    assert b"dirpath\x00" in reply
    assert reply.endswith(b"\x00\x0f" + bytes(14) + b"\x00\x37" + bytes.fromhex("0000000100000001")
                          + b"\x00\x0c")


def test_without_bit_62_sql_length_and_error_offset_are_shorts(server_factory):
    mask = mask_of(bits_of(DEFAULT_SERVER_MASK) - {BIT_REMOVE_64K_LIMIT})
    srv = server_factory(server_mask=mask)
    c = RawClient(srv).session()
    reply = c.call(PREPARE_SHORT_LENGTH)
    assert reply[:4] == b"\x00\x08\x00\x02" and b"dirpath\x00" in reply
    err = c.call(prepare("select * from nosuch", long_length=False))
    # SQ_ERR: sqlcode, isam, SHORT offset, token "nosuch" (6 bytes), EOT
    assert err == struct.pack(">hhhhH", 13, -206, -111, 0, 6) + b"nosuch" + b"\x00\x0c"
    c.close()


def test_error_token_is_padded_to_even_length_and_session_continues(client):
    client.session()
    err = client.call(prepare("select * from nosuch1"))
    assert err == struct.pack(">hhhiH", 13, -206, -111, 0, 7) + b"nosuch1\x00" + b"\x00\x0c"
    again = client.call(prepare(GL_COLLATE))
    assert again[:2] == b"\x00\x08"


def test_exit_is_echoed_and_the_connection_closed(client):
    client.session()
    assert client.call(b"\x00\x38", ends_with=b"\x00\x38") == b"\x00\x38"
    assert client.sock.recv(10) == b""


#: SQ_ERR -999 ("Not implemented yet."), ISAM 0, offset 0, then a token.
def not_implemented(token: bytes) -> bytes:
    return (struct.pack(">hhhiH", 13, -999, 0, 0, len(token)) + token
            + (b"\x00" if len(token) & 1 else b"") + b"\x00\x0c")


def test_unknown_message_is_answered_with_999_and_the_session_continues(client):
    client.session()
    # the body holds an SQ_EOT-like 00 0c: only the end of the input counts
    reply = client.call(b"\x0f\xff" + b"\x00\x0c\x12\x34\x00\x01" + b"\x00\x0c")
    assert reply == not_implemented(b"SQ_4095")
    assert client.call(prepare(GL_COLLATE))[:2] == b"\x00\x08"


def getroutine(signature: bytes) -> bytes:
    """SQ_GETROUTINE by signature, laid out as the peer driver sends it to real
    servers: one byte (0 = by signature), int length, text, pad, flags short."""
    return (struct.pack(">hbi", 101, 0, len(signature)) + signature
            + (b"\x00" if len(signature) & 1 else b"") + struct.pack(">h", 0) + b"\x00\x0c")


def test_getroutine_gets_a_handle_and_a_request_sent_right_behind_it_is_answered(client):
    client.session()
    # Sent in one write: the fast-path request is read field by field, so
    # the PREPARE behind it is a request of its own, answered in turn.
    client.send(getroutine(b"function informix.ifx_lo_close(integer)")
                + prepare(GL_COLLATE))
    head = client.recv_exact(4)
    code, n = struct.unpack(">hh", head)
    rest = client.recv_exact(n + (n & 1) + 4 + 2)
    assert code == 101 and struct.unpack_from(">i", rest, n + (n & 1))[0] > 0
    assert rest[-2:] == b"\x00\x0c"
    assert client.call(b"")[:2] == b"\x00\x08"


def test_unknown_message_after_a_failure_adds_no_second_error(client):
    client.session()
    reply = client.call(prepare("select * from nosuch2")[:-2] + b"\x0f\xff\x00\x0c")
    assert reply.count(b"\x00\x0d") == 1 and reply.endswith(b"\x00\x0c")
    assert struct.unpack_from(">h", reply, 2)[0] == -206


def test_unknown_message_without_an_end_closes_its_session_with_a_log_line(
        short_idle_server, caplog):
    bad = RawClient(short_idle_server).session()
    # no SQ_EOT, then silence: after the idle timeout (1 s) the session gives up
    bad.send(b"\x0f\xff\x12\x34")
    assert bad.sock.recv(10) == b""
    assert any("malformed request" in r.getMessage() and "SQ_4095" in r.getMessage()
               for r in caplog.records)
    good = RawClient(short_idle_server).session()  # the server still serves
    assert good.call(prepare(GL_COLLATE))[:2] == b"\x00\x08"
    bad.close()
    good.close()


def test_garbage_message_ends_only_that_session(server):
    bad = RawClient(server).session()
    good = RawClient(server).session()
    # no SQ_EOT at the end of what was sent: the end cannot be found
    bad.send(b"\x0f\xff\x12\x34")
    bad.sock.shutdown(socket.SHUT_WR)
    assert bad.sock.recv(10) == b""
    assert good.call(prepare(GL_COLLATE))[:2] == b"\x00\x08"
    bad.close()
    good.close()


def test_each_fetch_reply_fits_the_client_buffer_until_one_has_no_rows(client):
    from rawclient import fetch_reply, nfetch, open_fetch

    client.session()
    client.call(prepare("create table fb (a integer, b varchar(100))"))
    client.call(b"\x00\x04\x00\x00\x00\x07\x00\x0b\x00\x0c")  # SQ_ID 0, EXECUTE, RELEASE
    for i in range(40):
        client.call(prepare(f"insert into fb values ({i}, '{'w' * 90}')"))
        client.call(b"\x00\x04\x00\x00\x00\x07\x00\x0b\x00\x0c")
    client.call(prepare("select a, b from fb order by a"))
    tuples, done = fetch_reply(client.call(open_fetch(600)))
    rounds, seen = [tuples], list(tuples)
    while tuples:
        tuples, done = fetch_reply(client.call(nfetch(600)))
        rounds.append(tuples)
        seen.extend(tuples)
    assert len(seen) == 40 and done == 40
    assert [int.from_bytes(t[:4], "big") for t in seen] == list(range(40))
    assert all(sum(8 + len(t) + (len(t) & 1) for t in r) <= 600 for r in rounds)
    assert len(rounds) > 5 and rounds[-1] == []


def test_dbclose_leaves_no_database_selected(client):
    client.session()
    assert client.call(b"\x00\x25\x00\x0c")[:2] == b"\x00\x0f"  # SQ_DBCLOSE -> DONE
    err = client.call(prepare("select tabname from systables"))
    assert err[:2] == b"\x00\x0d" and struct.unpack(">h", err[2:4])[0] == -349
