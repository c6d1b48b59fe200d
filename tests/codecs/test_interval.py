"""INTERVAL codec: both families, negatives, leading precision limits."""

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from informix_db.codecs import interval as I
from informix_db.exceptions import DataError, FramingError, InterfaceError
from informix_db.types import (
    TU_DAY, TU_FRAC, TU_HOUR, TU_MINUTE, TU_MONTH, TU_SECOND, TU_YEAR, IntervalYM, interval_length,
)

DF_UNITS = [TU_DAY, TU_HOUR, TU_MINUTE, TU_SECOND]
DF = [(s, e) for s in DF_UNITS for e in DF_UNITS + [11, 12, 13, 14, 15] if e >= s]
YM = [(TU_YEAR, TU_YEAR), (TU_YEAR, TU_MONTH), (TU_MONTH, TU_MONTH)]
US = {TU_DAY: 86_400_000_000, TU_HOUR: 3_600_000_000, TU_MINUTE: 60_000_000, TU_SECOND: 1_000_000,
      11: 100_000, 12: 10_000, 13: 1_000, 14: 100, 15: 10}
TD_MAX_US = 999_999_999 * 86_400_000_000  # timedelta.min, mirrored


def us_of(td):
    return (td.days * 86_400 + td.seconds) * 1_000_000 + td.microseconds


@pytest.mark.parametrize("prec", [1, 2, 5, 9])
@pytest.mark.parametrize("start,end", DF, ids=[f"{s}_{e}" for s, e in DF])
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_day_fraction_intervals_round_trip_truncated_to_the_last_field(start, end, prec, data):
    length = interval_length(start, end, prec)
    limit = min(10**prec * US[start] - 1, TD_MAX_US)
    us = data.draw(st.integers(-limit, limit))
    value = dt.timedelta(microseconds=us)
    raw = I.encode_interval(value, length)
    assert len(raw) == I.interval_width(length)
    got, off = I.decode_interval(raw, 0, length)
    magnitude = abs(us) // US[end] * US[end]
    assert off == len(raw) and got == dt.timedelta(microseconds=magnitude if us >= 0 else -magnitude)


@pytest.mark.parametrize("prec", [1, 2, 4, 9])
@pytest.mark.parametrize("start,end", YM)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_year_month_intervals_round_trip(start, end, prec, data):
    length = interval_length(start, end, prec)
    unit = 12 if start == TU_YEAR else 1
    months = data.draw(st.integers(-(10**prec * unit - 1), 10**prec * unit - 1))
    got = I.decode_interval(I.encode_interval(IntervalYM.from_months(months), length), 0, length)[0]
    kept = abs(months) // 12 * 12 if end == TU_YEAR else abs(months)
    assert got == IntervalYM.from_months(kept if months >= 0 else -kept)


@pytest.mark.parametrize("start,end", DF + YM)
def test_null_is_all_zero_bytes(start, end):
    length = interval_length(start, end)
    raw = I.encode_interval(None, length)
    assert raw == bytes(I.interval_width(length))
    assert I.decode_interval(raw, 0, length) == (None, len(raw))


def test_leading_precision_limit_is_enforced():
    length = interval_length(TU_DAY, TU_SECOND, 2)
    assert I.decode_interval(I.encode_interval(dt.timedelta(days=99), length), 0, length)[0] == dt.timedelta(days=99)
    with pytest.raises(DataError, match="leading field 100"):
        I.encode_interval(dt.timedelta(days=100), length)
    with pytest.raises(DataError, match="leading field"):
        I.encode_interval(dt.timedelta(days=-100), length)


def test_leading_hours_may_exceed_a_day():
    length = interval_length(TU_HOUR, TU_MINUTE, 3)
    v = dt.timedelta(hours=100, minutes=5)
    assert I.encode_interval(v, length).hex() == "c4010005"  # 0 100 05 -> pairs 01 00 05
    assert I.decode_interval(I.encode_interval(v, length), 0, length)[0] == v


def test_negative_interval_has_a_complemented_layout():
    # the peer driver's encoding of -(3 days - 5.00001 s) as DAY(9) TO FRACTION(5)
    length = interval_length(TU_DAY, 15, 9)
    v = dt.timedelta(days=-3, seconds=5, microseconds=10)
    assert I.encode_interval(v, length).hex() == "3763636363614c282d00000a"


def test_year_month_layout():
    assert I.encode_interval(IntervalYM(-5, -3), interval_length(TU_YEAR, TU_MONTH, 9)).hex() == "35636363635e61"


def test_zero_is_not_negative():
    length = interval_length(TU_DAY, TU_SECOND, 5)
    assert I.encode_interval(dt.timedelta(microseconds=-1), length) == I.encode_interval(dt.timedelta(0), length)


def test_timedelta_for_a_year_month_qualifier_is_an_interface_error():
    with pytest.raises(InterfaceError, match="IntervalYM"):
        I.encode_interval(dt.timedelta(days=1), interval_length(TU_YEAR, TU_MONTH))


def test_interval_ym_for_a_day_qualifier_is_an_interface_error():
    with pytest.raises(InterfaceError, match="timedelta"):
        I.encode_interval(IntervalYM(1, 0), interval_length(TU_DAY, TU_SECOND))


def test_truncated_interval_is_a_framing_error():
    with pytest.raises(FramingError, match="INTERVAL"):
        I.decode_interval(b"\xc6\x00", 0, interval_length(TU_DAY, TU_SECOND, 5))


def test_exponent_larger_than_the_qualifier_is_a_data_error():
    with pytest.raises(DataError, match="exponent"):
        I.decode_interval(bytes.fromhex("c9000000000000"), 0, interval_length(TU_DAY, TU_SECOND, 5))


def test_odd_leading_precision_overflow_on_the_wire_is_a_data_error():
    # DAY(5): the pad digit before the 5 day digits must be zero
    with pytest.raises(DataError, match="overflows"):
        I.decode_interval(bytes.fromhex("c6100000000000"), 0, interval_length(TU_DAY, TU_SECOND, 5))


@given(st.timedeltas(min_value=dt.timedelta(days=-999_999_999), max_value=dt.timedelta(days=999_999_999)))
def test_bind_round_trips_day_9_to_fraction_5(value):
    length = I.bind_length_for(value)
    raw = I.encode_bind_interval(value, length)
    got, end = I.decode_bind_interval(raw, 0, length)
    us = us_of(value)
    magnitude = abs(us) // 10 * 10
    assert end == len(raw) and got == dt.timedelta(microseconds=magnitude if us >= 0 else -magnitude)


def test_bind_of_interval_ym_uses_year_9_to_month():
    assert I.bind_length_for(IntervalYM(1, 1)) == interval_length(TU_YEAR, TU_MONTH, 9)




def test_negative_interval_with_a_digit_above_99_is_a_data_error():
    with pytest.raises(DataError, match="above 99"):
        I.decode_interval(bytes.fromhex("39ff0000000000"), 0, interval_length(TU_DAY, TU_SECOND, 5))


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
@settings(max_examples=20, deadline=None)
@given(us=st.integers(-999_999, 999_999))
def test_fraction_to_fraction_holds_under_a_second(n, us):
    length = interval_length(TU_FRAC, TU_SECOND + n)
    assert length >> 8 == n  # n digits, encoded like DATETIME FRACTION TO FRACTION(n)
    raw = I.encode_interval(dt.timedelta(microseconds=us), length)
    step = 10 ** (6 - n)
    cut = abs(us) // step * step
    assert I.decode_interval(raw, 0, length) == (
        dt.timedelta(microseconds=cut if us >= 0 else -cut), len(raw))


def test_fraction_to_fraction_refuses_a_whole_second():
    length = interval_length(TU_FRAC, TU_SECOND + 3)
    with pytest.raises(DataError, match="less than one second"):
        I.encode_interval(dt.timedelta(seconds=-1), length)


def test_fraction_to_fraction_takes_no_leading_precision():
    with pytest.raises(DataError, match="no leading precision"):
        interval_length(TU_FRAC, TU_SECOND + 3, 5)
