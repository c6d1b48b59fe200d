"""Parsing the server's answer to the login request."""

from __future__ import annotations

import pytest

from informix_db.exceptions import FramingError, OperationalError
from informix_db.protocol import login

from .captures import server_half

ACCEPT = server_half("g00")
ACCEPT_NO_EOT = server_half("x04")
REJECT = server_half("x01")


def test_accept_gives_the_version_banner(protocol_impl):
    reply = login.parse_login_reply(ACCEPT[2:])
    assert reply.server_version == "IBM Informix Dynamic Server Version 12.10.FC12"


def test_accept_gives_the_echoed_capabilities(protocol_impl):
    reply = login.parse_login_reply(ACCEPT[2:])
    assert (reply.cap_1, reply.cap_2, reply.cap_3) == (316, 0, 0)
    assert reply.float_format == "IEEEI"


def test_accept_without_end_marker_is_accepted(protocol_impl):
    assert login.parse_login_reply(ACCEPT_NO_EOT[2:]).server_version == "9.56"


def test_rejection_raises_operational_error_with_sqlcode_951(protocol_impl):
    with pytest.raises(OperationalError) as info:
        login.parse_login_reply(REJECT[2:])
    assert info.value.sqlcode == -951
    assert info.value.sqlstate == "28000"
    assert "user informix is not known" in str(info.value)


def test_rejection_mentions_a_system_error(protocol_impl):
    # Put os error 111 into the init-response block of the rejection.
    body = bytearray(REJECT[2:])
    marker = body.index(bytes.fromhex("0066"))
    body[marker + 10:marker + 14] = (111).to_bytes(4, "big")
    with pytest.raises(OperationalError, match="system error 111"):
        login.parse_login_reply(bytes(body))


def test_truncated_reply_is_a_framing_error(protocol_impl):
    with pytest.raises(FramingError):
        login.parse_login_reply(ACCEPT[2:40])


def test_wrong_marker_is_a_framing_error(protocol_impl):
    body = bytearray(ACCEPT[2:])
    body[4:6] = b"\x00\x63"  # SQ_ASSOC (100) -> 99
    with pytest.raises(FramingError, match="expected marker 100"):
        login.parse_login_reply(bytes(body))


def test_unknown_sltype_is_a_framing_error(protocol_impl):
    with pytest.raises(FramingError, match="SLType 7"):
        login.parse_login_reply(b"\x07" + ACCEPT[3:])


def test_redirect_is_refused_clearly(protocol_impl):
    with pytest.raises(OperationalError, match="redirect"):
        login.parse_login_reply(b"\x0d" + ACCEPT[3:])


def test_read_login_reply_takes_exactly_one_packet(pair, protocol_impl):
    stream, peer = pair
    peer.sendall(ACCEPT + b"\x00\x0c")
    assert login.read_login_reply(stream).cap_1 == 316
    assert bytes(stream.read_exact(2)) == b"\x00\x0c"


def test_read_login_reply_rejects_a_too_short_length(pair, protocol_impl):
    stream, peer = pair
    peer.sendall(b"\x00\x04\x02\x3c")
    with pytest.raises(FramingError):
        login.read_login_reply(stream)
