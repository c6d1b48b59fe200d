"""The reply reader: common server messages up to SQ_EOT."""

from __future__ import annotations

import threading
import time

import pytest

from informix_db.exceptions import (
    FramingError,
    IntegrityError,
    OperationalError,
    ProgrammingError,
)
from informix_db.protocol.replies import ReplyReader

from .captures import server_half

EOT = bytes.fromhex("000c")
DONE = bytes.fromhex("000f" "0001" "00000007" "00000042" "00000009")
COST = bytes.fromhex("0037" "00000064" "000003e8")
XACT = bytes.fromhex("0063" "0001" "0002" "0000")


def reader_for(pair, data: bytes) -> ReplyReader:
    stream, peer = pair
    peer.sendall(data)
    return ReplyReader(stream)


def test_done_fields_are_decoded(pair, protocol_impl):
    reply = reader_for(pair, DONE + EOT).read_reply()
    assert (reply.done.warnings, reply.done.rows, reply.done.rowid, reply.done.serial) == (1, 7, 0x42, 9)


def test_cost_fields_are_decoded(pair, protocol_impl):
    reply = reader_for(pair, COST + EOT).read_reply()
    assert (reply.cost.rows, reply.cost.cost) == (100, 1000)


def test_xactstat_events_are_collected_in_order(pair, protocol_impl):
    second = bytes.fromhex("0063" "0002" "0000" "0002")
    reply = reader_for(pair, XACT + second + DONE + EOT).read_reply()
    assert [(x.event, x.new_level, x.old_level) for x in reply.xact] == [(1, 2, 0), (2, 0, 2)]


def test_insertdone_decodes_serial8_and_bigserial(pair, protocol_impl):
    # INT8 123456789012 (sign 1, low, high) then BIGINT 5.
    body = bytes.fromhex("005e" "0001" "be991a14" "0000001c" "0000000000000005")
    reply = reader_for(pair, body + EOT).read_reply()
    assert (reply.insert.serial8, reply.insert.bigserial) == (123456789012, 5)


def test_insertdone_negative_serial8_is_sign_magnitude(pair, protocol_impl):
    body = bytes.fromhex("005e" "ffff" "0000002a" "00000000" "0000000000000000")
    assert reader_for(pair, body + EOT).read_reply().insert.serial8 == -42


def test_protocols_reply_gives_the_server_mask(pair, protocol_impl):
    reply = reader_for(pair, server_half("g01")).read_reply()
    assert reply.protocols == bytes.fromhex("bdbe9ffe5fb7ffeff0")


def test_error_is_raised_after_eot_with_its_diagnostics(pair, protocol_impl):
    stream, _ = pair
    reader = reader_for(pair, server_half("g31") + DONE + EOT)
    with pytest.raises(ProgrammingError) as info:
        reader.read_reply()
    err = info.value
    assert (err.sqlcode, err.isam_code, err.offset, err.token) == (-206, -111, 15, "nosuchtable")
    assert err.sqlstate == "42S02"
    assert "nosuchtable" in str(err)
    # The reply was consumed up to its EOT: the next reply reads cleanly.
    assert reader.read_reply().done.rows == 7
    assert not stream.broken


def test_error_can_be_returned_instead_of_raised(pair, protocol_impl):
    reply = reader_for(pair, server_half("g31")).read_reply(raise_error=False)
    assert reply.error.sqlcode == -206
    assert isinstance(reply.error.exception(), ProgrammingError)


def test_first_error_of_a_reply_wins(pair, protocol_impl):
    first = bytes.fromhex("000d" "fef4" "0000" "00000000" "0000")  # -268
    second = bytes.fromhex("000d" "ff9d" "0000" "00000000" "0000")  # -99
    with pytest.raises(IntegrityError) as info:
        reader_for(pair, first + second + EOT).read_reply()
    assert info.value.sqlcode == -268


def test_odd_token_padding_is_consumed(pair, protocol_impl):
    err = bytes.fromhex("000d" "fe89" "0000" "00000000" "0003") + b"abc\x00"  # -375, token "abc"
    reply = reader_for(pair, err + DONE + EOT).read_reply(raise_error=False)
    assert reply.error.token == "abc" and reply.done.rows == 7


def test_handlers_take_over_their_messages(pair, protocol_impl):
    seen = []

    def on_tuple(reader, reply):
        seen.append(reader.read_int32())

    data = bytes.fromhex("000e" "0000002a") + DONE + EOT
    reply = reader_for(pair, data).read_reply({14: on_tuple})
    assert seen == [42] and reply.done.rows == 7


def test_unknown_message_breaks_the_stream(pair, protocol_impl):
    stream, _ = pair
    with pytest.raises(FramingError, match="unexpected SQ_TUPLE"):
        reader_for(pair, bytes.fromhex("000e0000") + EOT).read_reply()
    assert stream.broken
    with pytest.raises(OperationalError, match="broken"):
        ReplyReader(stream).read_reply()


def test_reply_split_across_many_packets_is_read_whole(pair, protocol_impl):
    stream, peer = pair
    data = COST + DONE + EOT

    def dribble():
        for b in data:
            peer.sendall(bytes([b]))
            time.sleep(0.001)

    t = threading.Thread(target=dribble)
    t.start()
    reply = ReplyReader(stream).read_reply()
    t.join()
    assert reply.cost.cost == 1000 and reply.done.serial == 9


def test_error_offset_is_16_bit_without_capability_62(pair, protocol_impl):
    stream, peer = pair
    peer.sendall(bytes.fromhex("000d" "ff37" "0000" "0007" "0001") + b"t\x00" + EOT)
    reply = ReplyReader(stream, int_error_offset=False).read_reply(raise_error=False)
    assert (reply.error.sqlcode, reply.error.offset, reply.error.token) == (-201, 7, "t")


def test_handlers_can_take_a_raw_payload(pair, protocol_impl):
    rows = []

    def on_tuple(reader, reply):
        size = reader.read_int32()
        rows.append(bytes(reader.read_view(size)))

    data = bytes.fromhex("000e" "00000003") + b"xyz" + bytes.fromhex("000e" "00000001") + b"q" + EOT
    reader_for(pair, data).read_reply({14: on_tuple})
    assert rows == [b"xyz", b"q"]
