"""Integer codecs: layouts, NULL sentinels, ranges and truncation."""

import pytest
from hypothesis import given, strategies as st

from informix_db.codecs import integers as I
from informix_db.exceptions import DataError, FramingError, InterfaceError

CASES = [
    (I.encode_smallint, I.decode_smallint, 2, 0x7FFF),
    (I.encode_integer, I.decode_integer, 4, 0x7FFF_FFFF),
    (I.encode_bigint, I.decode_bigint, 8, 0x7FFF_FFFF_FFFF_FFFF),
    (I.encode_int8, I.decode_int8, 10, 0x7FFF_FFFF_FFFF_FFFF),
]
IDS = ["smallint", "integer", "bigint", "int8"]


@pytest.mark.parametrize("enc,dec,width,top", CASES, ids=IDS)
@given(data=st.data())
def test_round_trip_over_the_legal_range(enc, dec, width, top, data):
    v = data.draw(st.integers(-top, top))
    raw = enc(v)
    assert len(raw) == width
    assert dec(b"\x07" + raw, 1) == (v, width + 1)


@pytest.mark.parametrize("enc,dec,width,top", CASES, ids=IDS)
def test_null_round_trips_and_differs_from_every_value(enc, dec, width, top):
    raw = enc(None)
    assert dec(raw, 0) == (None, width)
    assert raw not in (enc(-top), enc(0), enc(top))


@pytest.mark.parametrize("enc,dec,width,top", CASES, ids=IDS)
@pytest.mark.parametrize("bad", ["low", "high"])
def test_values_beyond_the_range_are_data_errors(enc, dec, width, top, bad):
    with pytest.raises(DataError, match=str(-top - 1 if bad == "low" else top + 1)):
        enc(-top - 1 if bad == "low" else top + 1)


@pytest.mark.parametrize("enc,dec,width,top", CASES, ids=IDS)
def test_truncated_bytes_are_framing_errors(enc, dec, width, top):
    with pytest.raises(FramingError, match="truncated"):
        dec(enc(5)[:-1], 0)


@pytest.mark.parametrize("enc,dec,width,top", CASES, ids=IDS)
def test_non_integers_are_interface_errors(enc, dec, width, top):
    with pytest.raises(InterfaceError, match="int"):
        enc("5")


def test_null_sentinels_are_the_minimum_values():
    assert I.encode_smallint(None) == b"\x80\x00"
    assert I.encode_integer(None) == b"\x80\x00\x00\x00"
    assert I.encode_bigint(None) == b"\x80" + bytes(7)


def test_int8_is_sign_word_then_low_then_high_half():
    # vectors a real 12.10/15 server sent (recorded in the peer driver's notes)
    assert I.encode_int8(123456789012).hex() == "0001be991a140000001c"
    assert I.encode_int8(-123456789012).hex() == "ffffbe991a140000001c"
    assert I.encode_int8(42).hex() == "00010000002a00000000"
    assert I.encode_int8(None) == bytes(10)


def test_int8_with_a_bad_sign_word_is_a_data_error():
    with pytest.raises(DataError, match="sign word"):
        I.decode_int8(b"\x00\x02" + bytes(8), 0)


def test_integer_matches_jdbc_bind_bytes_of_42():
    # g15: JDBC bound setInt(42) as 00 00 00 2a
    assert I.encode_integer(42) == bytes.fromhex("0000002a")
