"""DECIMAL/MONEY codec: the base-100 format over every precision and scale."""

from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from informix_db.codecs import decimal as D
from informix_db.exceptions import DataError, FramingError, InterfaceError
from informix_db.types import decimal_length

FIXED = [(p, s) for p in range(1, 33) for s in range(0, p + 1) if not (p == 32 and s & 1)]


@pytest.mark.parametrize("p,s", FIXED, ids=[f"{p}_{s}" for p, s in FIXED])
@settings(max_examples=12, deadline=None)
@given(data=st.data())
def test_fixed_decimal_round_trips_with_its_scale(p, s, data):
    n = data.draw(st.integers(-(10**p - 1), 10**p - 1))
    value = Decimal(f"{n}E{-s}")  # exact: scaleb would round to 28 digits
    length = decimal_length(p, s)
    raw = D.encode_decimal(value, length)
    assert len(raw) == D.decimal_width(length) == (p + (s & 1) + 3) // 2
    got, end = D.decode_decimal(raw, 0, length)
    assert got == value and got.as_tuple().exponent == -s and end == len(raw)


@pytest.mark.parametrize("p", range(1, 32))
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_floating_decimal_round_trips(p, data):
    n = data.draw(st.integers(-(10**p - 1), 10**p - 1))
    e = data.draw(st.integers(-120, 120 - p))
    value = Decimal(f"{n}E{e}")
    length = decimal_length(p)
    raw = D.encode_decimal(value, length)
    assert len(raw) == (p + 4) // 2  # scale byte 255 is odd
    assert D.decode_decimal(raw, 0, length) == (value, len(raw))


@settings(deadline=None)
@given(n=st.integers(10**31, 10**32 - 1), sign=st.sampled_from([1, -1]), half_e=st.integers(-60, 45))
def test_floating_decimal_32_holds_32_digits_aligned_on_a_pair(n, sign, half_e):
    value = Decimal(f"{sign * n}E{2 * half_e}")
    length = decimal_length(32)
    assert D.decode_decimal(D.encode_decimal(value, length), 0, length)[0] == value


def test_floating_decimal_32_rounds_32_misaligned_digits_to_16_pairs():
    length = decimal_length(32)
    value = Decimal("1" + "0" * 30 + "1" + "E1")  # needs 17 base-100 digits
    assert D.decode_decimal(D.encode_decimal(value, length), 0, length)[0] == Decimal("1E32")


@pytest.mark.parametrize("p", range(1, 33))
def test_null_is_all_zero_bytes(p):
    length = decimal_length(p, p // 2)
    raw = D.encode_decimal(None, length)
    assert raw == bytes(D.decimal_width(length))
    assert D.decode_decimal(raw, 0, length) == (None, len(raw))


def test_zero_has_exponent_byte_0x80_as_jdbc_binds_it():
    raw = D.encode_decimal(Decimal(0), decimal_length(5, 2))
    assert raw == b"\x80\x00\x00\x00"
    assert D.decode_decimal(raw, 0, decimal_length(5, 2))[0] == Decimal("0.00")


@pytest.mark.parametrize("raw,value", [
    ("c40c22384e5b", "12345678.91"),   # g21 row 1, JDBC decoded it
    ("3f5f00000000", "-0.05"),         # g21 row 2
])
def test_jdbc_capture_vectors(raw, value):
    length = decimal_length(10, 2)  # g20 DESCRIBE said 0x0a02
    assert D.decode_decimal(bytes.fromhex(raw), 0, length) == (Decimal(value), 6)
    assert D.encode_decimal(Decimal(value), length).hex() == raw


def test_negative_digits_are_the_base_100_complement():
    # -12.5 = -0.[12][50] * 100**1 -> exponent byte 0x41^0x7f, digits 99-12, 100-50
    assert D.encode_decimal(Decimal("-12.5"), decimal_length(4, 1)).hex() == "3e573200"  # width 4: one zero pad byte


def test_values_round_half_up_to_the_scale():
    length = decimal_length(5, 2)
    assert D.decode_decimal(D.encode_decimal(Decimal("1.005"), length), 0, length)[0] == Decimal("1.01")
    assert D.decode_decimal(D.encode_decimal(Decimal("-1.005"), length), 0, length)[0] == Decimal("-1.01")


def test_floating_decimal_keeps_p_significant_digits():
    length = decimal_length(3)
    assert D.decode_decimal(D.encode_decimal(Decimal("12345"), length), 0, length)[0] == Decimal("12300")


def test_decimal_32_with_odd_scale_loses_its_last_digit():
    length = decimal_length(32, 31)
    value = Decimal("1." + "1" * 30 + "9")
    got = D.decode_decimal(D.encode_decimal(value, length), 0, length)[0]
    assert got == Decimal("1." + "1" * 29 + "2" + "0")


def test_decimal_32_31_that_rounds_past_its_integer_digit_is_a_data_error():
    with pytest.raises(DataError, match="16 base-100 digits"):
        D.encode_decimal(Decimal("-9." + "9" * 31), decimal_length(32, 31))


def test_round_to_column_gives_what_the_column_stores():
    assert D.round_to_column(Decimal("1.005"), decimal_length(5, 2)) == Decimal("1.01")
    assert D.round_to_column(Decimal("12345"), decimal_length(3)) == Decimal("12300")
    with pytest.raises(DataError):
        D.round_to_column(Decimal("1000"), decimal_length(5, 2))


def test_ints_and_floats_are_accepted():
    length = decimal_length(6, 2)
    assert D.decode_decimal(D.encode_decimal(7, length), 0, length)[0] == Decimal("7.00")
    assert D.decode_decimal(D.encode_decimal(0.1, length), 0, length)[0] == Decimal("0.10")


def test_too_many_integer_digits_is_a_data_error():
    with pytest.raises(DataError, match=r"DECIMAL\(5,2\)"):
        D.encode_decimal(Decimal("1000"), decimal_length(5, 2))


def test_rounding_up_past_the_precision_is_a_data_error():
    with pytest.raises(DataError, match="DECIMAL"):
        D.encode_decimal(Decimal("999.999"), decimal_length(5, 2))


def test_exponent_beyond_the_format_is_a_data_error():
    with pytest.raises(DataError, match="magnitude"):
        D.encode_decimal(Decimal("1E+130"), decimal_length(16))


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity"), float("inf")])
def test_non_finite_values_are_data_errors(bad):
    with pytest.raises(DataError, match="finite"):
        D.encode_decimal(bad, decimal_length(16))


def test_strings_are_interface_errors():
    with pytest.raises(InterfaceError, match="Decimal"):
        D.encode_decimal("1.5", decimal_length(16))


def test_truncated_bytes_are_framing_errors():
    with pytest.raises(FramingError, match="truncated"):
        D.decode_decimal(b"\xc1\x01", 0, decimal_length(10, 2))


def test_digit_bytes_above_99_are_data_errors():
    with pytest.raises(DataError, match="above 99"):
        D.decode_decimal(b"\xc1\x64\x00\x00", 0, decimal_length(5, 2))


@settings(deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False, places=4,
                   min_value=Decimal("-1e27"), max_value=Decimal("1e27")))
def test_bind_round_trips_exactly_with_its_scale(value):
    word, raw = D.encode_bind_decimal(value)
    got, end = D.decode_bind_decimal(raw, 0, word)
    assert got == value and end == len(raw)
    if value:
        assert got.as_tuple().exponent == value.as_tuple().exponent


def test_bind_length_word_is_the_signed_scale_like_jdbc():
    assert D.encode_bind_decimal(Decimal("-12345.678")) == (0x0003, bytes.fromhex("00063c624c362014"))
    assert D.encode_bind_decimal(Decimal("1E+5")) == (0xFFFB, bytes.fromhex("0002c30a"))
    assert D.encode_bind_decimal(Decimal("0")) == (0x0000, bytes.fromhex("00028000"))


def test_bind_rounds_to_a_given_column():
    assert D.encode_bind_decimal(Decimal("1.235"), decimal_length(5, 2)) == (2, bytes.fromhex("0003c10118"))


def test_bind_decodes_the_peer_drivers_precision_scale_word():
    # the peer driver sends p<<8|s (0x0a03) with the same data
    assert D.decode_bind_decimal(bytes.fromhex("00063c624c362014"), 0, 0x0A03)[0] == Decimal("-12345.678")
