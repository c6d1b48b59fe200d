"""The type map and the column builders: each Informix type's decoded values
laid out in the buffers of its Arrow type (read back here by pyarrow's own
``Array.from_buffers``, independent of our C Data Interface export)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from informix_db import types as T
from informix_db.arrow import columns
from informix_db.exceptions import DataError, NotSupportedError

pa = pytest.importorskip("pyarrow")


def _pa_type(fmt: str):
    simple = {"s": pa.int16(), "i": pa.int32(), "l": pa.int64(), "f": pa.float32(),
              "g": pa.float64(), "u": pa.utf8(), "U": pa.large_utf8(), "z": pa.binary(),
              "Z": pa.large_binary(), "b": pa.bool_(), "tdD": pa.date32(),
              "tss:": pa.timestamp("s"), "tsm:": pa.timestamp("ms"), "tsu:": pa.timestamp("us"),
              "tts": pa.time32("s"), "ttm": pa.time32("ms"), "ttu": pa.time64("us"),
              "tDs": pa.duration("s"), "tDm": pa.duration("ms"), "tDu": pa.duration("us"), "tin": pa.month_day_nano_interval()}
    if fmt.startswith("d:"):
        p, s = map(int, fmt[2:].split(","))
        return pa.decimal128(p, s)
    return simple[fmt]


def _read(fmt: str, values: list):
    data = columns.build_column(fmt, values)
    bufs = [None if b is None else pa.py_buffer(bytes(memoryview(b).cast("B")))
            for b in data.buffers]
    if fmt == "tin":  # MonthDayNano(months, 0, 0) back to the driver's IntervalYM
        arr = pa.Array.from_buffers(_pa_type(fmt), data.length, bufs, data.null_count)
        return [None if v is None else T.IntervalYM.from_months(v.months)
                for v in arr.to_pylist()]
    return pa.Array.from_buffers(_pa_type(fmt), data.length, bufs, data.null_count).to_pylist()


def _ct(code, length=0):
    return T.ColumnType(code, length)


@pytest.mark.parametrize("ct, fmt", [
    (_ct(T.SQLSMINT), "s"), (_ct(T.SQLINT), "i"), (_ct(T.SQLSERIAL), "i"),
    (_ct(T.SQLINT8), "l"), (_ct(T.SQLSERIAL8), "l"), (_ct(T.SQLINFXBIGINT), "l"),
    (_ct(T.SQLBIGSERIAL), "l"), (_ct(T.SQLSMFLOAT), "f"), (_ct(T.SQLFLOAT), "g"),
    (_ct(T.SQLDECIMAL, T.decimal_length(12, 2)), "d:12,2"),
    (_ct(T.SQLMONEY, T.decimal_length(8, 2)), "d:8,2"),
    (_ct(T.SQLDECIMAL, T.decimal_length(16)), "g"),
    (_ct(T.SQLCHAR, 10), "u"), (_ct(T.SQLVCHAR, 20), "u"), (_ct(T.SQLNCHAR, 4), "u"),
    (_ct(T.SQLNVCHAR, 4), "u"), (_ct(T.SQLLVARCHAR, 2048), "u"), (_ct(T.SQLTEXT, 56), "U"),
    (_ct(T.SQLBYTES, 56), "Z"), (_ct(T.SQLBOOL, 1), "b"), (_ct(T.SQLDATE, 4), "tdD"),
    (_ct(T.SQLDTIME, T.datetime_length(T.TU_YEAR, T.TU_DAY)), "tdD"),
    (_ct(T.SQLDTIME, T.datetime_length(T.TU_YEAR, T.TU_MINUTE)), "tss:"),
    (_ct(T.SQLDTIME, T.datetime_length(T.TU_YEAR, T.TU_SECOND)), "tss:"),
    (_ct(T.SQLDTIME, T.datetime_length(T.TU_YEAR, T.TU_F3)), "tsm:"),
    (_ct(T.SQLDTIME, T.datetime_length(T.TU_YEAR, T.TU_F5)), "tsu:"),
    (_ct(T.SQLDTIME, T.datetime_length(T.TU_HOUR, T.TU_SECOND)), "tts"),
    (_ct(T.SQLDTIME, T.datetime_length(T.TU_HOUR, T.TU_F2)), "ttm"),
    (_ct(T.SQLDTIME, T.datetime_length(T.TU_HOUR, T.TU_F5)), "ttu"),
    (_ct(T.SQLINTERVAL, T.interval_length(T.TU_DAY, T.TU_SECOND)), "tDs"),
    (_ct(T.SQLINTERVAL, T.interval_length(T.TU_HOUR, T.TU_F3)), "tDm"),
    (_ct(T.SQLINTERVAL, T.interval_length(T.TU_DAY, T.TU_F5)), "tDu"),
    (_ct(T.SQLINTERVAL, T.interval_length(T.TU_YEAR, T.TU_MONTH)), "tin"),
])
def test_each_informix_type_has_its_arrow_type(ct, fmt):
    assert columns.arrow_format(ct) == fmt


def test_a_floating_decimal_is_decimal128_when_asked():
    ct = _ct(T.SQLDECIMAL, T.decimal_length(16))
    assert columns.arrow_format(ct, "decimal128") == columns.FLOATING_DECIMAL_FORMAT
    with pytest.raises(ValueError, match="floating_decimal"):
        columns.arrow_format(ct, "double")


@pytest.mark.parametrize("code", [T.SQLROW, T.SQLSET, T.SQLBLOB, T.SQLCLOB])
def test_types_without_an_arrow_form_are_refused_naming_the_column(code):
    with pytest.raises(NotSupportedError, match="column 'c'"):
        columns.arrow_field("c", T.ColumnType(code, 0, True, "ROW(a int)"))


@pytest.mark.parametrize("fmt, values", [
    ("s", [1, None, -32767, 32767]),
    ("i", [0, -2**31 + 1, None, 2**31 - 1]),
    ("l", [None, -2**63 + 1, 2**63 - 1, 5]),
    ("f", [1.5, None, -2.25]),
    ("g", [1e300, None, -0.1]),
    ("u", ["ab", None, "", "zé漢"]),
    ("U", ["long text", None]),
    ("Z", [b"\x00\x01", None, b""]),
    ("b", [True, False, None, True, True, False, True, False, True]),
    ("tdD", [dt.date(1899, 12, 31), None, dt.date(9999, 12, 31), dt.date(1970, 1, 1)]),
    ("tss:", [dt.datetime(2024, 2, 29, 23, 59, 58), None, dt.datetime(1, 1, 1)]),
    ("tsm:", [dt.datetime(2024, 2, 29, 1, 2, 3, 456000), None]),
    ("tsu:", [dt.datetime(1969, 12, 31, 23, 59, 59, 999999), None]),
    ("tts", [dt.time(23, 59, 59), None, dt.time(0, 0)]),
    ("ttm", [dt.time(1, 2, 3, 450000), None]),
    ("ttu", [dt.time(1, 2, 3, 456789), None]),
    ("tDs", [dt.timedelta(days=-3, seconds=5), None, dt.timedelta(days=999999999)]),
    ("tDm", [dt.timedelta(days=-3, seconds=5, milliseconds=7), None]),
    ("tDu", [dt.timedelta(days=-3, seconds=5, microseconds=7), None,
             dt.timedelta(days=100_000_000)]),
])
def test_values_read_back_from_their_buffers_unchanged(fmt, values):
    assert _read(fmt, values) == values


def test_decimals_keep_every_digit_and_their_sign():
    values = [Decimal("1234567890.12"), None, Decimal("-0.01"), Decimal("0.00"),
              Decimal("-9999999999.99")]
    assert _read("d:12,2", values) == values
    big = [Decimal("9" * 32), Decimal("-" + "9" * 32)]
    assert _read("d:32,0", big) == big


def test_a_decimal_that_does_not_fit_its_scale_is_an_error():
    with pytest.raises(DataError, match="does not fit"):
        columns.build_column("d:38,16", [Decimal("1e-20")])


def test_a_duration_beyond_its_unit_is_an_error():
    with pytest.raises(DataError, match="does not fit"):
        columns.build_column("tDu", [dt.timedelta(days=999_999_999)])


def test_month_intervals_are_their_signed_month_count():
    values = [T.IntervalYM(2, 3), None, T.IntervalYM(-1, -6)]
    assert _read("tin", values) == values


def test_a_column_without_nulls_has_no_validity_buffer():
    data = columns.build_column("i", [1, 2, 3])
    assert data.buffers[0] is None and data.null_count == 0


def test_a_column_of_nulls_counts_them_all():
    data = columns.build_column("u", [None] * 9)
    assert data.null_count == 9 and bytes(data.buffers[0]) == b"\x00\x00"


def test_an_empty_column_has_no_rows():
    assert _read("l", []) == [] and _read("u", []) == []
