"""Dispatch by ColumnType: widths, unknown types (whole rows: test_rows.py)."""

import pytest

from informix_db.codecs import registry as R
from informix_db.exceptions import NotSupportedError
from informix_db.types import ColumnType, parse_type


@pytest.mark.parametrize("decl,width", [
    ("SMALLINT", 2), ("INTEGER", 4), ("SERIAL", 4), ("BIGINT", 8), ("INT8", 10),
    ("SERIAL8", 10), ("REAL", 4), ("FLOAT", 8), ("DATE", 4), ("CHAR(7)", 7),
    ("VARCHAR(20)", 21), ("LVARCHAR(100)", 105),
])
def test_tuple_width_is_the_largest_encoding(decl, width):
    assert R.tuple_width(parse_type(decl)) == width


def test_unknown_type_codes_are_not_supported():
    with pytest.raises(NotSupportedError, match="99"):
        R.codec_for(ColumnType(99, 4))

