"""Arbitrary bytes never leak struct.error, IndexError, ValueError & co."""

import pytest
from hypothesis import given, settings, strategies as st

from informix_db.codecs import bind as BD
from informix_db.codecs import registry as R
from informix_db.exceptions import DataError, FramingError, NotSupportedError
from informix_db.types import parse_type

DECLS = [
    "SMALLINT", "INTEGER", "BIGINT", "INT8", "REAL", "FLOAT", "DATE", "CHAR(5)", "VARCHAR(10)",
    "LVARCHAR(50)", "NCHAR(3)", "DECIMAL(10,2)", "DECIMAL(16)", "DECIMAL(32,31)", "MONEY(8,2)",
    "DATETIME YEAR TO FRACTION(5)", "DATETIME MONTH TO DAY", "DATETIME HOUR TO SECOND",
    "DATETIME FRACTION TO FRACTION(3)", "INTERVAL DAY(9) TO FRACTION(5)", "INTERVAL DAY(5) TO SECOND",
    "INTERVAL YEAR(9) TO MONTH", "INTERVAL HOUR(3) TO MINUTE", "BOOLEAN", "BYTE", "TEXT",
]


@pytest.mark.parametrize("decl", DECLS)
@settings(max_examples=60, deadline=None)
@given(raw=st.binary(max_size=80), offset=st.integers(0, 4))
def test_decoding_garbage_raises_only_driver_errors(decl, raw, offset):
    try:
        value, end = R.decode_value(parse_type(decl), raw, offset)
    except (DataError, FramingError):
        return
    assert offset <= end <= len(raw)


@settings(max_examples=300, deadline=None)
@given(code=st.sampled_from([0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 43, 45, 52, 53]),
       indicator=st.sampled_from([0, 0, 0, -1]), length=st.integers(0, 0xFFFF), raw=st.binary(max_size=70))
def test_decoding_garbage_bind_data_raises_only_driver_errors(code, indicator, length, raw):
    try:
        value, end = BD.decode_bind(code, indicator, length, raw, 0)
    except (DataError, FramingError, NotSupportedError):
        return
    assert end <= len(raw)
