"""Dispatch by ColumnType: rows of mixed types, widths, unknown types."""

import datetime

import pytest

from informix_db.codecs import registry as R
from informix_db.exceptions import FramingError, InterfaceError, NotSupportedError
from informix_db.types import ColumnType, parse_type


def cols(*decls):
    return [parse_type(d) for d in decls]


@pytest.mark.parametrize("encoding", ["utf-8", "iso-8859-1"])
def test_a_mixed_row_round_trips(encoding):
    columns = cols("INTEGER", "VARCHAR(10)", "CHAR(5)", "DATE", "FLOAT", "SMALLINT", "INT8",
                   "LVARCHAR", "BIGINT", "REAL", "NCHAR(3)", "NVARCHAR(4)")
    values = (42, "hé", None, datetime.date(2024, 2, 29), 1.5, None, -123456789012, "x",
              2**62, 0.25, "n  ", "nv")  # NCHAR(3) keeps its blank padding
    payload = R.encode_row(columns, values, encoding)
    assert R.row_decoder(columns, encoding)(payload) == (values, len(payload))


def test_a_row_of_nulls_round_trips():
    columns = cols("INTEGER", "VARCHAR(10)", "CHAR(5)", "DATE", "FLOAT", "SMALLINT", "INT8",
                   "LVARCHAR", "BIGSERIAL", "SMALLFLOAT", "SERIAL")
    payload = R.encode_row(columns, [None] * len(columns))
    assert R.row_decoder(columns)(payload)[0] == (None,) * len(columns)


@pytest.mark.parametrize("decl,width", [
    ("SMALLINT", 2), ("INTEGER", 4), ("SERIAL", 4), ("BIGINT", 8), ("INT8", 10),
    ("SERIAL8", 10), ("REAL", 4), ("FLOAT", 8), ("DATE", 4), ("CHAR(7)", 7),
    ("VARCHAR(20)", 21), ("LVARCHAR(100)", 105),
])
def test_tuple_width_is_the_largest_encoding(decl, width):
    assert R.tuple_width(parse_type(decl)) == width


def test_truncated_row_is_a_framing_error():
    columns = cols("INTEGER", "INTEGER")
    with pytest.raises(FramingError):
        R.row_decoder(columns)(b"\x00\x00\x00\x01\x00\x00")


def test_unknown_type_codes_are_not_supported():
    with pytest.raises(NotSupportedError, match="99"):
        R.codec_for(ColumnType(99, 4))


def test_row_length_mismatch_is_an_interface_error():
    with pytest.raises(InterfaceError, match="2 values for 1"):
        R.encode_row(cols("INTEGER"), [1, 2])
