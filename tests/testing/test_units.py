"""The test server's small parts on their own: login parsing, masks, stream, trace."""

from __future__ import annotations

import socket
import struct
import threading

import pytest

from informix_db.exceptions import FramingError
from informix_db.testing import TestServer
from informix_db.testing.capabilities import Negotiated, bits_of, mask_of
from informix_db.testing.login import parse_login
from informix_db.testing.stream import ClientClosed, ClientStream
from informix_db.testing.trace import Tracer
from rawclient import RawClient, login_bytes


def test_login_request_yields_user_password_server_and_environment():
    req = parse_login(login_bytes())
    assert (req.user, req.password, req.server_name, req.database) == (
        "informix", "in4mix", "informix", None)
    assert req.cap_1 == 316 and req.env["CLIENT_LOCALE"] == "en_US.8859-1"


@pytest.mark.parametrize("cut", [10, 60, 120])
def test_truncated_login_request_is_a_framing_error(cut):
    raw = login_bytes()
    with pytest.raises(FramingError):
        parse_login(raw[:2] + raw[2:cut])


def test_login_frame_that_is_not_a_connection_request_is_refused():
    raw = bytearray(login_bytes())
    raw[2] = 2  # SLType "accept": what a server sends, not a client
    with pytest.raises(FramingError, match="SLType 2"):
        parse_login(bytes(raw))


def test_mask_bits_round_trip_msb_first():
    assert bits_of(b"\x80\x01") == {0, 15}
    assert mask_of({0, 15, 62}) == bytes.fromhex("8001000000000002")
    assert bits_of(mask_of({3, 34, 70})) == {3, 34, 70}


def test_negotiated_bits_are_those_both_sides_have():
    n = Negotiated(mask_of({50, 62}), mask_of({34, 50}))
    assert n.four_byte_offsets and not n.long_sql_length and not n.has(34)


def _pair():
    a, b = socket.socketpair()
    a.settimeout(5)
    return a, b


def test_stream_reads_fields_split_across_packets():
    a, b = _pair()
    stream = ClientStream(a)

    def feed():
        for piece in (b"\x00", b"\x07\x00\x03ab", b"c\x00", b"\xff\xff\xff\xfe"):
            b.sendall(piece)

    threading.Thread(target=feed).start()
    assert stream.read_int16() == 7
    assert stream.read_lenbytes() == b"abc"
    assert stream.read_int32() == -2
    assert stream.take_consumed().hex() == "00070003616263" + "00" + "fffffffe"
    a.close(), b.close()


def test_stream_decode_waits_until_the_codec_has_its_bytes():
    a, b = _pair()
    stream = ClientStream(a)

    def codec(buf, off):  # a u16-counted string, as CHAR binds are
        if len(buf) - off < 2 or len(buf) - off < 2 + int.from_bytes(buf[off:off + 2], "big"):
            raise FramingError("truncated")
        n = int.from_bytes(buf[off:off + 2], "big")
        return bytes(buf[off + 2:off + 2 + n]), off + 2 + n

    threading.Timer(0.05, lambda: b.sendall(b"llo")).start()
    b.sendall(b"\x00\x05he")
    assert stream.decode(codec) == b"hello"
    a.close(), b.close()


def test_stream_reports_a_closed_client():
    a, b = _pair()
    stream = ClientStream(a)
    b.sendall(b"\x00")
    b.close()
    with pytest.raises(ClientClosed):
        stream.read_int16()
    a.close()


def test_trace_entries_name_session_direction_hex_and_decoded(tmp_path):
    tracer = Tracer(tmp_path / "t.log")
    tracer.log(3, "c->s", b"\x00\x0c", [("SQ_EOT", {})])
    tracer.close()
    lines = (tmp_path / "t.log").read_text().splitlines()
    assert lines[0].startswith("# session 3 c->s ") and lines[0].endswith(" 2 bytes")
    assert lines[1] == "000c"
    assert lines[2] == "# decoded [('SQ_EOT', {})]"


def test_garbage_instead_of_a_login_ends_only_that_connection(server):
    bad = socket.create_connection((server.host, server.port), timeout=5)
    bad.sendall(b"\x00\x10" + b"\xff" * 14)
    assert bad.recv(10) == b""
    bad.close()
    good = RawClient(server)
    assert good.login()[2] == 2  # SLType accept
    good.close()


def test_unknown_database_mode_is_refused():
    with pytest.raises(ValueError, match="mode"):
        TestServer(databases={"x": "sometimes"})


def test_stop_disconnects_clients_and_frees_the_port(server_factory):
    srv = server_factory()
    c = RawClient(srv).session()
    srv.stop()
    assert c.sock.recv(10) == b""
    with pytest.raises(OSError):
        socket.create_connection((srv.host, srv.port), timeout=1)
    c.close()


def test_pytest_plugin_fixture_serves(informix_server):
    c = RawClient(informix_server).session()
    assert c.call(b"\x00\x23\x00\x0c")[:2] == b"\x00\x63"  # BEGIN -> XACTSTAT first
    c.close()


def test_trace_shortens_huge_decoded_forms_but_keeps_every_byte(tmp_path):
    tracer = Tracer(tmp_path / "t.log")
    raw = bytes(20000)
    tracer.log(1, "c->s", raw, [("SQ_BIND", {"values": [raw]})])
    tracer.close()
    lines = (tmp_path / "t.log").read_text().splitlines()
    assert lines[1] == raw.hex()
    assert len(lines[2]) < 4100 and lines[2].endswith("more chars)")


@pytest.mark.parametrize("kind, code", [("select", 2), ("insert", 6), ("update", 4),
                                        ("delete", 5), ("create_table", 14), ("begin", 34),
                                        ("commit", 35), ("rollback", 36), ("select_into", 3)])
def test_engine_statement_kinds_become_informix_statement_types(kind, code):
    from informix_db.testing.statements import statement_type

    assert statement_type(kind) == code


def test_peer_sees_transaction_control_run_as_sql(server):
    """BEGIN WORK prepared as SQL describes as statement type 34 (SQ_BEGWORK)."""
    c = RawClient(server).session()
    reply = c.call(b"\x00\x02\x00\x00" + struct.pack(">i", 10) + b"BEGIN WORK"
                   + b"\x00\x16\x00\x31\x00\x0c")
    assert reply[:6] == b"\x00\x08\x00\x22\x00\x00"
    c.close()
