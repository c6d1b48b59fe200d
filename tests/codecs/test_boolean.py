"""BOOLEAN codec: the opaque envelope in tuples, 't'/'f' CHAR in binds."""

import pytest

from informix_db.codecs import boolean as B
from informix_db.exceptions import DataError, FramingError, InterfaceError


@pytest.mark.parametrize("value", [True, False, None])
def test_round_trip(value):
    raw = B.encode_boolean(value)
    assert B.decode_boolean(raw + b"rest", 0) == (value, len(raw))


def test_true_is_the_envelope_around_byte_1_which_jdbc_reads_as_true():
    assert B.encode_boolean(True).hex() == "000000000101"
    assert B.encode_boolean(False).hex() == "000000000100"


@pytest.mark.parametrize("byte,value", [(b"t", True), (b"T", True), (b"f", False), (b"F", False)])
def test_letter_values_a_server_may_send_are_read(byte, value):
    # the peer driver's notes record a real server sending 0x74 for true
    assert B.decode_boolean(b"\x00\x00\x00\x00\x01" + byte, 0) == (value, 6)


def test_null_is_indicator_one_and_length_zero():
    assert B.encode_boolean(None) == b"\x01\x00\x00\x00\x00"


def test_unknown_value_byte_is_a_data_error():
    with pytest.raises(DataError, match="0x78"):
        B.decode_boolean(b"\x00\x00\x00\x00\x01x", 0)


def test_wrong_envelope_length_is_a_data_error():
    with pytest.raises(DataError, match="length 2"):
        B.decode_boolean(b"\x00\x00\x00\x00\x02tt", 0)


def test_truncated_envelope_is_a_framing_error():
    with pytest.raises(FramingError, match="BOOLEAN"):
        B.decode_boolean(b"\x00\x00\x00\x00\x01", 0)


def test_strings_are_interface_errors():
    with pytest.raises(InterfaceError, match="bool"):
        B.encode_boolean("t")


@pytest.mark.parametrize("value", [True, False, None])
def test_bind_envelope_round_trips(value):
    raw = B.encode_bind_boolean(value)
    assert B.decode_bind_boolean(raw + b"\x00\x07", 0) == (value, len(raw))


def test_bind_null_flag_other_than_minus_one_or_zero_is_a_data_error():
    with pytest.raises(DataError, match="NULL flag"):
        B.decode_bind_boolean(b"\x00\x05\x00\x00", 0)


def test_truncated_bind_envelope_is_a_framing_error():
    with pytest.raises(FramingError, match="opaque"):
        B.decode_bind_boolean(b"\x00\x00\x00\x00\x00\x00\x00\x01", 0)
