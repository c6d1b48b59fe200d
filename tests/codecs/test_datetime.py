"""DATETIME codec over every qualifier pair."""

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from informix_db.codecs import datetime as D
from informix_db.exceptions import DataError, FramingError, InterfaceError
from informix_db.types import (
    TU_DAY, TU_FRAC, TU_HOUR, TU_MINUTE, TU_MONTH, TU_SECOND, TU_YEAR, datetime_length,
)

UNITS = [TU_YEAR, TU_MONTH, TU_DAY, TU_HOUR, TU_MINUTE, TU_SECOND]
ENDS = UNITS + [11, 12, 13, 14, 15]
QUALIFIERS = [(s, e) for s in UNITS for e in ENDS if e >= s] + [(TU_FRAC, e) for e in range(11, 16)]
ATTRS = {TU_YEAR: "year", TU_MONTH: "month", TU_DAY: "day", TU_HOUR: "hour",
         TU_MINUTE: "minute", TU_SECOND: "second"}


def expected_type(start, end):
    if start >= TU_HOUR:
        return dt.time
    return dt.date if end <= TU_DAY else dt.datetime


@pytest.mark.parametrize("start,end", QUALIFIERS, ids=[f"{s}_{e}" for s, e in QUALIFIERS])
@settings(max_examples=25, deadline=None)
@given(value=st.datetimes())
def test_every_qualifier_keeps_exactly_its_fields(start, end, value):
    length = datetime_length(start, end)
    kind = expected_type(start, end)
    source = value.time() if kind is dt.time else value
    raw = D.encode_datetime(source, length)
    assert len(raw) == D.datetime_width(length)
    got, off = D.decode_datetime(raw, 0, length)
    assert off == len(raw) and type(got) is kind
    for unit, attr in ATTRS.items():
        if (start <= unit <= end) and start != TU_FRAC:
            assert getattr(got, attr) == getattr(value, attr)
    if end > TU_SECOND:
        step = 10 ** (6 - (end - TU_SECOND))
        assert got.microsecond == value.microsecond // step * step


@pytest.mark.parametrize("start,end", QUALIFIERS, ids=[f"{s}_{e}" for s, e in QUALIFIERS])
def test_null_is_all_zero_bytes(start, end):
    length = datetime_length(start, end)
    raw = D.encode_datetime(None, length)
    assert raw == bytes(D.datetime_width(length))
    assert D.decode_datetime(raw, 0, length) == (None, len(raw))


@pytest.mark.parametrize("raw,value", [
    ("c71418021d0d2d3b", dt.datetime(2024, 2, 29, 13, 45, 59)),  # g21 row 1, JDBC decoded it
    ("c713630c1f173b01", dt.datetime(1999, 12, 31, 23, 59, 1)),   # g21 row 2
])
def test_jdbc_capture_vectors(raw, value):
    length = 0x0E0A  # g20 DESCRIBE: DATETIME YEAR TO SECOND
    assert D.decode_datetime(bytes.fromhex(raw), 0, length) == (value, 8)
    assert D.encode_datetime(value, length).hex() == raw


def test_leap_day_year_to_day():
    length = datetime_length(TU_YEAR, TU_DAY)
    v = dt.date(2024, 2, 29)
    assert D.decode_datetime(D.encode_datetime(v, length), 0, length)[0] == v


def test_month_to_day_fills_the_year_with_a_leap_year():
    length = datetime_length(TU_MONTH, TU_DAY)
    got = D.decode_datetime(D.encode_datetime(dt.date(2024, 2, 29), length), 0, length)[0]
    assert got == dt.date(2000, 2, 29)


def test_day_to_hour_is_a_datetime_in_january_2000():
    length = datetime_length(TU_DAY, TU_HOUR)
    got = D.decode_datetime(D.encode_datetime(dt.datetime(2021, 5, 31, 7), length), 0, length)[0]
    assert got == dt.datetime(2000, 1, 31, 7)


def test_year_to_day_stores_only_its_digits_with_the_point_after_second():
    # 20240229 followed by implied hh mm ss -> exponent 7, four digit bytes
    assert D.encode_datetime(dt.date(2024, 2, 29), datetime_length(TU_YEAR, TU_DAY)).hex() == "c71418021d"


def test_fraction_3_truncates_microseconds():
    length = datetime_length(TU_HOUR, 13)
    got = D.decode_datetime(D.encode_datetime(dt.time(1, 2, 3, 456789), length), 0, length)[0]
    assert got == dt.time(1, 2, 3, 456000)


def test_date_into_a_time_qualifier_is_an_interface_error():
    with pytest.raises(InterfaceError, match="time"):
        D.encode_datetime(dt.date(2024, 1, 1), datetime_length(TU_HOUR, TU_SECOND))


def test_time_into_a_date_qualifier_is_an_interface_error():
    with pytest.raises(InterfaceError, match="date"):
        D.encode_datetime(dt.time(1, 2), datetime_length(TU_YEAR, TU_SECOND))


def test_strings_are_interface_errors():
    with pytest.raises(InterfaceError):
        D.encode_datetime("2024-01-01", datetime_length(TU_YEAR, TU_DAY))


def test_impossible_dates_on_the_wire_are_data_errors():
    # 2023-02-29 does not exist
    with pytest.raises(DataError, match="not a valid"):
        D.decode_datetime(bytes.fromhex("c71417021d"), 0, datetime_length(TU_YEAR, TU_DAY))


def test_negative_datetime_on_the_wire_is_a_data_error():
    with pytest.raises(DataError, match="negative"):
        D.decode_datetime(bytes.fromhex("3c636363"), 0, datetime_length(TU_HOUR, TU_SECOND))


def test_digit_bytes_above_99_are_data_errors():
    with pytest.raises(DataError, match="malformed"):
        D.decode_datetime(bytes.fromhex("c3ff0000"), 0, datetime_length(TU_HOUR, TU_SECOND))


def test_truncated_datetime_is_a_framing_error():
    with pytest.raises(FramingError, match="DATETIME"):
        D.decode_datetime(bytes.fromhex("c71418"), 0, 0x0E0A)


def test_normalised_form_without_leading_zero_digits_decodes():
    # 00:05:30 as a server may normalise it: exponent 2, digits 05 30
    got = D.decode_datetime(bytes.fromhex("c2051e00"), 0, datetime_length(TU_HOUR, TU_SECOND))
    assert got == (dt.time(0, 5, 30), 4)


@given(st.datetimes())
def test_bind_round_trips_year_to_fraction_5(value):
    length = D.bind_length_for(value)
    raw = D.encode_bind_datetime(value, length)
    got, end = D.decode_bind_datetime(raw, 0, length)
    assert end == len(raw) and got == value.replace(microsecond=value.microsecond // 10 * 10)


def test_time_binds_as_hour_to_second_like_jdbc_set_time():
    assert D.bind_length_for(dt.time(13, 45, 59)) == 0x066A
    assert D.bind_length_for(dt.time(13, 45, 59, 10)) == datetime_length(TU_HOUR, 15)


def test_bind_of_year_to_second_matches_the_peer_drivers_bytes():
    # the peer (tested on real servers) binds datetime(2024,2,29,13,45,59) like this
    raw = D.encode_bind_datetime(dt.datetime(2024, 2, 29, 13, 45, 59), 0x0E0A)
    assert raw.hex() == "0008c71418021d0d2d3b"


@pytest.mark.parametrize("length", [0x03DD, 0x0E86, 0x0A76, 0x0304])  # bad start; end<start; odd start; digits
def test_invalid_qualifier_words_are_data_errors(length):
    # 0x03dd: FRACTION TO FRACTION(3) written with start 13; Informix (and
    # IBM JDBC) want start TU_FRAC = 12 (0x03cd)
    with pytest.raises(DataError, match="qualifier"):
        D.decode_datetime(bytes(8), 0, length)
