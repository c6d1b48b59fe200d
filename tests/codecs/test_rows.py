"""Whole rows: round trips, NULL rows, truncation, length mismatches, buffers.

Every test runs on both implementations (the ``impl`` fixture); the
exact agreement between them is test_rows_parity.py's job.
"""

import datetime
from decimal import Decimal

import pytest

from informix_db.exceptions import (
    DataError,
    FramingError,
    InterfaceError,
    NotSupportedError,
)
from informix_db.types import ColumnType, IntervalYM, parse_type


def cols(*decls):
    return [parse_type(d) for d in decls]


MIXED = cols("INTEGER", "VARCHAR(10)", "CHAR(5)", "DATE", "FLOAT", "SMALLINT", "INT8",
             "LVARCHAR", "BIGINT", "REAL", "NCHAR(3)", "NVARCHAR(4)", "BOOLEAN",
             "DECIMAL(8,3)", "DATETIME YEAR TO FRACTION(3)", "INTERVAL DAY(3) TO SECOND",
             "INTERVAL YEAR TO MONTH")
MIXED_VALUES = (42, "hé", None, datetime.date(2024, 2, 29), 1.5, None, -123456789012, "x",
                2**62, 0.25, "n  ", "nv", False, Decimal("-12.500"),
                datetime.datetime(1999, 12, 31, 23, 59, 58, 125000),
                -datetime.timedelta(days=3, seconds=7), IntervalYM.from_months(-14))


@pytest.mark.parametrize("encoding", ["utf-8", "iso-8859-1"])
def test_a_mixed_row_round_trips(impl, encoding):
    payload = impl.rows.encode_row(MIXED, MIXED_VALUES, encoding)
    assert impl.rows.row_decoder(MIXED, encoding)(payload) == (MIXED_VALUES, len(payload))


def test_a_row_of_nulls_round_trips(impl):
    payload = impl.rows.encode_row(MIXED, [None] * len(MIXED))
    assert impl.rows.row_decoder(MIXED)(payload)[0] == (None,) * len(MIXED)


def test_a_row_is_read_from_an_offset(impl):
    payload = impl.rows.encode_row(MIXED, MIXED_VALUES)
    decoded, end = impl.rows.row_decoder(MIXED)(b"\x07" * 3 + payload, 3)
    assert decoded == MIXED_VALUES and end == len(payload) + 3


@pytest.mark.parametrize("wrap", [bytes, bytearray, memoryview])
def test_any_bytes_like_buffer_is_read(impl, wrap):
    payload = impl.rows.encode_row(MIXED, MIXED_VALUES)
    assert impl.rows.row_decoder(MIXED)(wrap(payload))[0] == MIXED_VALUES


def test_char_keeps_its_blank_padding(impl):
    payload = impl.rows.encode_row(cols("CHAR(6)"), ["ab"])
    assert impl.rows.row_decoder(cols("CHAR(6)"))(payload)[0] == ("ab    ",)


def test_truncated_row_is_a_framing_error(impl):
    with pytest.raises(FramingError, match="truncated INTEGER"):
        impl.rows.row_decoder(cols("INTEGER", "INTEGER"))(b"\x00\x00\x00\x01\x00\x00")


def test_text_the_code_set_cannot_decode_is_a_data_error(impl):
    with pytest.raises(DataError, match="VARCHAR at offset 1 is not valid utf-8"):
        impl.rows.row_decoder(cols("VARCHAR(5)"))(b"\x02\xc3\x28")


def test_unknown_type_codes_are_not_supported(impl):
    with pytest.raises(NotSupportedError, match="99"):
        impl.rows.row_decoder([ColumnType(99, 4)])


def test_row_length_mismatch_is_an_interface_error(impl):
    with pytest.raises(InterfaceError, match="2 values for 1"):
        impl.rows.encode_row(cols("INTEGER"), [1, 2])


def test_an_encoder_is_reused_for_many_rows(impl):
    encode = impl.rows.row_encoder(cols("INTEGER", "VARCHAR(5)"))
    assert [encode((i, str(i))) for i in (1, 22)] == [
        b"\x00\x00\x00\x01\x011", b"\x00\x00\x00\x16\x0222"]


def test_a_value_of_the_wrong_type_is_the_codecs_error(impl):
    with pytest.raises(InterfaceError, match="INTEGER needs an int"):
        impl.rows.encode_row(cols("INTEGER"), ["7"])


def test_decoder_and_encoder_expose_their_columns(impl):
    columns = cols("INTEGER", "DATE")
    assert impl.rows.row_decoder(columns, "iso-8859-1").columns == tuple(columns)
    assert impl.rows.row_encoder(columns).encoding == "utf-8"
