"""DATE codec: day count from 1899-12-31."""

import datetime

import pytest
from hypothesis import given, strategies as st

from informix_db.codecs import datetime as D
from informix_db.exceptions import DataError, FramingError, InterfaceError


@given(st.dates())
def test_every_python_date_round_trips(v):
    assert D.decode_date(D.encode_date(v), 0) == (v, 4)


def test_day_zero_is_1899_12_31():
    assert D.encode_date(datetime.date(1899, 12, 31)) == bytes(4)
    assert D.encode_date(datetime.date(1900, 1, 1)) == b"\x00\x00\x00\x01"
    assert D.encode_date(datetime.date(1899, 12, 30)) == b"\xff\xff\xff\xff"


def test_leap_day():
    v = datetime.date(2024, 2, 29)
    assert D.decode_date(D.encode_date(v), 0)[0] == v


def test_null_is_int_min():
    assert D.encode_date(None) == b"\x80\x00\x00\x00"
    assert D.decode_date(b"\x80\x00\x00\x00", 0) == (None, 4)


def test_day_counts_beyond_year_9999_are_data_errors():
    with pytest.raises(DataError, match="DATE"):
        D.decode_date(b"\x7f\xff\xff\xff", 0)


def test_truncated_date_is_a_framing_error():
    with pytest.raises(FramingError, match="DATE"):
        D.decode_date(b"\x00\x00", 0)


def test_non_dates_are_interface_errors():
    with pytest.raises(InterfaceError, match="date"):
        D.encode_date("2024-01-01")
