"""The SQ_PROTOCOLS masks and negotiation."""

from __future__ import annotations

import pytest

from informix_db.exceptions import InterfaceError
from informix_db.protocol.capabilities import (
    BIT_INPUT_DESCRIBE,
    BIT_INT_SQL_LENGTH,
    CLIENT_PROTOCOLS,
    CLIENT_PROTOCOLS_NO_INPUT_DESCRIBE,
    Capabilities,
    bits_of,
    mask_of,
)

SERVER_1210 = bytes.fromhex("bdbe9ffe7fb7ffeff0")


def test_bit_zero_is_the_high_bit_of_the_first_byte():
    assert bits_of(b"\x80\x00") == {0}
    assert bits_of(b"\x00\x01") == {15}


def test_mask_of_inverts_bits_of():
    assert mask_of(bits_of(CLIENT_PROTOCOLS)) == CLIENT_PROTOCOLS


def test_mask_of_refuses_a_bit_outside_the_mask():
    with pytest.raises(InterfaceError):
        mask_of({64})


def test_negotiated_bits_need_both_sides():
    caps = Capabilities(CLIENT_PROTOCOLS, SERVER_1210)
    assert 14 in bits_of(SERVER_1210) and 14 not in bits_of(CLIENT_PROTOCOLS)
    assert not caps.has(14)
    assert caps.bits == bits_of(CLIENT_PROTOCOLS) & bits_of(SERVER_1210)


def test_ninth_server_byte_is_never_negotiated():
    caps = Capabilities(CLIENT_PROTOCOLS, SERVER_1210)
    assert max(caps.bits) < 64


def test_bit_62_means_32_bit_sql_lengths():
    assert Capabilities(CLIENT_PROTOCOLS, SERVER_1210).int_sql_length
    without = mask_of(bits_of(SERVER_1210[:8]) - {BIT_INT_SQL_LENGTH})
    assert not Capabilities(CLIENT_PROTOCOLS, without).int_sql_length


def test_offer_without_input_describe_differs_only_in_bit_34():
    assert bits_of(CLIENT_PROTOCOLS) - bits_of(CLIENT_PROTOCOLS_NO_INPUT_DESCRIBE) == {BIT_INPUT_DESCRIBE}
    assert not Capabilities(CLIENT_PROTOCOLS_NO_INPUT_DESCRIBE, SERVER_1210).input_describe
    assert Capabilities(CLIENT_PROTOCOLS, SERVER_1210).input_describe
