"""BIND parameters: JDBC's g15 bytes, every type both ways, NULL and errors."""

import datetime as dt
from decimal import Decimal

import pytest

from informix_db.codecs import bind as BD
from informix_db.exceptions import DataError, FramingError, InterfaceError, NotSupportedError
from informix_db.types import ColumnType, IntervalYM, parse_type


def test_jdbc_g15_bind_bytes_are_reproduced():
    # g15: BIND of setInt(42), setString("hello") (after the 0005 0002 header)
    expected = bytes.fromhex("00020000" "0a00" "0000002a" "00000000" "0000" "000568656c6c6f00")
    assert BD.bind_bytes(BD.encode_bind(42)) + BD.bind_bytes(BD.encode_bind("hello")) == expected


def test_jdbc_g15_bind_bytes_are_read_back():
    buf = bytes.fromhex("000200000a000000002a000000000000000568656c6c6f00")
    first = BD.read_bind_param(buf, 0)
    second = BD.read_bind_param(buf, first[-1])
    assert first == (2, 0, 0x0A00, 42, 10)
    assert second == (0, 0, 0, "hello", len(buf))


VALUES = [
    7, -(2**31) + 1, 2**31, -(2**62), 1.5, "héllo", "", "odd", Decimal("-12345.678"),
    Decimal("0.05"), Decimal("1E+40"), dt.date(2024, 2, 29), dt.datetime(2024, 2, 29, 13, 45, 59, 120000),
    dt.time(23, 59, 59, 990000), dt.timedelta(days=-3, seconds=5, microseconds=10),
    IntervalYM(-5, -3), True, False,
]


@pytest.mark.parametrize("encoding", ["utf-8", "iso-8859-1"])
@pytest.mark.parametrize("value", VALUES, ids=[repr(v)[:30] for v in VALUES])
def test_python_values_round_trip_through_inferred_types(value, encoding):
    p = BD.encode_bind(value, encoding=encoding)
    wire = BD.bind_bytes(p) + b"NEXT"
    sqltype, ind, length, got, end = BD.read_bind_param(wire, 0, encoding)
    assert (sqltype, ind, length) == (p.sqltype, p.indicator, p.length)
    assert wire[end:] == b"NEXT" and end % 2 == 0
    assert got == value  # a bool comes back as SMALLINT 1/0, equal to True/False


COLUMN_CASES = [
    ("SMALLINT", -32767), ("INTEGER", 5), ("SERIAL", 9), ("BIGINT", 2**60), ("BIGSERIAL", 3),
    ("INT8", -(2**60)), ("SERIAL8", 11), ("REAL", 0.5), ("FLOAT", -2.25), ("DATE", dt.date(1, 1, 1)),
    ("DECIMAL(10,2)", Decimal("-1.50")), ("MONEY(8,2)", Decimal("3.00")), ("DECIMAL(16)", Decimal("1.25E-9")),
    ("DATETIME YEAR TO SECOND", dt.datetime(1999, 12, 31, 23, 59, 1)),
    ("DATETIME HOUR TO FRACTION(3)", dt.time(1, 2, 3, 4000)),
    ("INTERVAL DAY(5) TO SECOND", dt.timedelta(days=-99999)),
    ("INTERVAL YEAR TO MONTH", IntervalYM(9999, 11)),
    ("CHAR(5)", "ab"), ("VARCHAR(20,4)", "xyz"), ("NCHAR(3)", "n"), ("NVARCHAR(9)", "é"),
    ("LVARCHAR(100)", "long"),
]


@pytest.mark.parametrize("decl,value", COLUMN_CASES, ids=[c[0] for c in COLUMN_CASES])
def test_values_round_trip_as_a_declared_column_type(decl, value):
    p = BD.encode_bind(value, parse_type(decl))
    got = BD.read_bind_param(BD.bind_bytes(p), 0)[3]
    assert got == value


def test_serial_columns_are_bound_as_their_plain_integer_type():
    assert BD.encode_bind(1, parse_type("SERIAL")).sqltype == 2
    assert BD.encode_bind(1, parse_type("SERIAL8")).sqltype == 17
    assert BD.encode_bind(1, parse_type("BIGSERIAL")).sqltype == 52


# What IBM JDBC 4.50 sent for each setter, captured against our test server
# (indicator, length word and data follow the type code; data unpadded).
JDBC_BINDS = [
    ("setNull(INTEGER)", 2, -1, 0x0000, "", None),
    ("setNull(VARCHAR)", 13, -1, 0x0000, "", None),
    ("setNull(DECIMAL)", 5, -1, 0x0000, "", None),
    ("setNull(TIMESTAMP)", 10, -1, 0x0000, "", None),
    ("setNull(BIGINT)", 53, -1, 0x0000, "", None),
    ("setNull(LONGVARBINARY)", 11, -1, 0x0000, "", None),
    ("setNull(BOOLEAN)", 45, 0, 0x0000, "ffff0000", None),
    ("setNull(LONGVARCHAR)", 43, 0, 0x0000, "ffff0000", None),
    ("setShort(7)", 1, 0, 0x0500, "0007", 7),
    ("setBoolean(true)", 1, 0, 0x0500, "0001", 1),
    ("setLong(2**40)", 17, 0, 0x1300, "00010000000000000100", 2**40),
    ("setLong(-5)", 17, 0, 0x1300, "ffff0000000500000000", -5),
    ("setFloat(1.5)", 4, 0, 0x0000, "3fc00000", 1.5),
    ("setDouble(-2.25)", 3, 0, 0x0000, "c002000000000000", -2.25),
    ("setBigDecimal(-12345.678)", 5, 0, 0x0003, "00063c624c362014", Decimal("-12345.678")),
    ("setBigDecimal(0)", 5, 0, 0x0000, "00028000", Decimal("0")),
    ("setBigDecimal(0.05)", 5, 0, 0x0002, "0002c005", Decimal("0.05")),
    ("setBigDecimal(1E+5)", 5, 0, 0xFFFB, "0002c30a", Decimal("100000")),
    ("setBigDecimal(-1)", 5, 0, 0x0000, "00023e63", Decimal("-1")),
    ("setBigDecimal(32 digits)", 5, 0, 0x0002, "0011cf0c22384e5a0c22384e5a0c22384e5a0c",
     Decimal("123456789012345678901234567890.12")),
    ("setDate(2024-02-29)", 7, 0, 0x0000, "0000b126", dt.date(2024, 2, 29)),
    ("setTimestamp(...59.123456)", 10, 0, 0x130F, "000bc71418021d0d2d3b0c2232",
     dt.datetime(2024, 2, 29, 13, 45, 59, 123450)),
    ("setTimestamp(...59)", 10, 0, 0x130F, "000bc71418021d0d2d3b000000",
     dt.datetime(2024, 2, 29, 13, 45, 59)),
    ("setTimestamp(0001-01-01)", 10, 0, 0x130F, "000bc700010101000000000000", dt.datetime(1, 1, 1)),
    ("setTime(13:45:59)", 10, 0, 0x066A, "0004c30d2d3b", dt.time(13, 45, 59)),
    ("setObject(TRUE, BOOLEAN)", 45, 0, 0x0000, "000000000000000101", True),
    ("setObject(FALSE, BOOLEAN)", 45, 0, 0x0000, "000000000000000100", False),
    ("setString(odd)", 0, 0, 0x0000, "00036f6464", "odd"),
    ("IntervalDF(-3 00:00:05.00001)", 14, 0, 0x144F, "000c37636363636063635e63635a",
     -dt.timedelta(days=3, seconds=5, microseconds=10)),
    ("IntervalYM(-5-03)", 14, 0, 0x0602, "000438635e61", IntervalYM(-5, -3)),
]


@pytest.mark.parametrize("label,code,ind,length,data,value", JDBC_BINDS, ids=[b[0] for b in JDBC_BINDS])
def test_jdbc_bind_bytes_decode_to_the_bound_value(label, code, ind, length, data, value):
    wire = BD.bind_bytes(BD.BindParam(code, ind, length, bytes.fromhex(data))) + b"\x00\x07"
    got = BD.read_bind_param(wire, 0)
    assert got[3] == value and wire[got[4]:] == b"\x00\x07"


ENCODE_LIKE_JDBC = [
    (7, parse_type("SMALLINT"), "setShort(7)"), (True, parse_type("SMALLINT"), "setBoolean(true)"),
    (True, None, "setBoolean(true)"), (2**40, None, "setLong(2**40)"), (-5, parse_type("INT8"), "setLong(-5)"),
    (1.5, parse_type("REAL"), "setFloat(1.5)"), (-2.25, None, "setDouble(-2.25)"),
    (Decimal("-12345.678"), None, "setBigDecimal(-12345.678)"), (Decimal(0), None, "setBigDecimal(0)"),
    (Decimal("0.05"), None, "setBigDecimal(0.05)"), (Decimal("1E+5"), None, "setBigDecimal(1E+5)"),
    (Decimal("-1"), None, "setBigDecimal(-1)"),
    (Decimal("123456789012345678901234567890.12"), None, "setBigDecimal(32 digits)"),
    (dt.date(2024, 2, 29), None, "setDate(2024-02-29)"),
    (dt.datetime(2024, 2, 29, 13, 45, 59, 123456), None, "setTimestamp(...59.123456)"),
    (dt.datetime(2024, 2, 29, 13, 45, 59), None, "setTimestamp(...59)"),
    (dt.datetime(1, 1, 1), None, "setTimestamp(0001-01-01)"),
    (dt.time(13, 45, 59), None, "setTime(13:45:59)"),
    (True, parse_type("BOOLEAN"), "setObject(TRUE, BOOLEAN)"),
    (False, parse_type("BOOLEAN"), "setObject(FALSE, BOOLEAN)"),
    ("odd", None, "setString(odd)"),
    (-dt.timedelta(days=3, seconds=5, microseconds=10), None, "IntervalDF(-3 00:00:05.00001)"),
    (IntervalYM(-5, -3), parse_type("INTERVAL YEAR TO MONTH"), "IntervalYM(-5-03)"),
]


@pytest.mark.parametrize("value,ct,label", ENCODE_LIKE_JDBC,
                         ids=[e[2] + (" as column" if e[1] else "") for e in ENCODE_LIKE_JDBC])
def test_encoding_matches_what_jdbc_sends(value, ct, label):
    expected = {b[0]: b for b in JDBC_BINDS}[label]
    p = BD.encode_bind(value, ct)
    assert (p.sqltype, p.indicator, p.length, p.data.hex()) == expected[1:5]


def test_strings_are_sent_as_char_whatever_the_column():
    assert BD.encode_bind("x", parse_type("VARCHAR(10)")).sqltype == 0


def test_null_of_a_boolean_column_is_the_opaque_null_form_jdbc_sends():
    p = BD.encode_bind(None, parse_type("BOOLEAN"))
    assert (p.sqltype, p.indicator, p.length, p.data.hex()) == (45, 0, 0, "ffff0000")


def test_null_of_a_typed_column_carries_its_code_like_set_null():
    p = BD.encode_bind(None, parse_type("DECIMAL(10,2)"))
    assert (p.sqltype, p.indicator, p.length, p.data) == (5, -1, 0, b"")


def test_null_is_char_with_indicator_minus_one_and_no_data():
    assert BD.bind_bytes(BD.encode_bind(None)) == bytes.fromhex("0000ffff0000")
    assert BD.read_bind_param(bytes.fromhex("0000ffff0000"), 0) == (0, -1, 0, None, 6)


def test_bytes_are_sent_as_a_descriptor_with_the_blob_alongside():
    p = BD.encode_bind(b"abc")
    assert (p.sqltype, len(p.data), p.blob) == (11, 56, b"abc")
    ref = BD.read_bind_param(BD.bind_bytes(p), 0)[3]
    assert ref.size == 3


def test_text_column_takes_str():
    p = BD.encode_bind("héllo", ColumnType(12, 56))
    assert (p.sqltype, p.blob) == (12, "héllo".encode())


def test_ints_beyond_bigint_go_as_decimal():
    p = BD.encode_bind(10**30)
    assert p.sqltype == 5
    assert BD.read_bind_param(BD.bind_bytes(p), 0)[3] == 10**30


def test_int_min_goes_as_int8_since_it_is_integers_null():
    assert BD.encode_bind(-(2**31)).sqltype == 17


def test_unsupported_python_types_are_interface_errors():
    with pytest.raises(InterfaceError, match="parameter"):
        BD.encode_bind(object())


def test_out_of_range_values_are_data_errors():
    with pytest.raises(DataError, match="SMALLINT"):
        BD.encode_bind(40000, parse_type("SMALLINT"))


def test_unknown_bind_type_code_is_not_supported():
    with pytest.raises(NotSupportedError, match="99"):
        BD.decode_bind(99, 0, 0, b"\x00\x00", 0)


def test_bad_indicator_is_a_data_error():
    with pytest.raises(DataError, match="indicator"):
        BD.decode_bind(2, 5, 0, b"\x00\x00\x00\x00", 0)


def test_missing_pad_byte_is_a_framing_error():
    with pytest.raises(FramingError, match="pad"):
        BD.decode_bind(0, 0, 0, b"\x00\x03abc", 0)


def test_truncated_header_is_a_framing_error():
    with pytest.raises(FramingError, match="header"):
        BD.read_bind_param(b"\x00\x02\x00", 0)


def test_a_string_too_long_for_a_character_parameter_is_sent_as_text():
    value = "é" * 40000  # 80000 bytes in UTF-8: over the u16 length of CHAR
    p = BD.encode_bind(value, None, "utf-8")
    assert p.sqltype == 12  # TEXT
    assert p.blob == value.encode("utf-8")


def test_a_string_that_fits_stays_a_character_parameter():
    value = "é" * 30000  # 60000 bytes: still fits the u16 length
    p = BD.encode_bind(value, None, "utf-8")
    assert p.sqltype == 0  # CHAR
    assert p.data[:2] == (60000).to_bytes(2, "big")


@pytest.mark.parametrize("data, length, expected", [
    # IBM JDBC's setBoolean(true) / setNull(BOOLEAN) once the server described
    # the parameter as BOOLEAN: length word 7, "boolean" and a pad, the envelope
    ("626f6f6c65616e00" "0000000100000001" "0100", 7, True),
    ("626f6f6c65616e00" "0000000100000001" "0000", 7, False),
    ("626f6f6c65616e00" "ffff0000", 7, None),
])
def test_boolean_bind_named_by_jdbc_after_a_describe_is_read(data, length, expected):
    buf = bytes.fromhex(data)
    assert BD.decode_bind(45, 0, length, buf, 0, "latin-1") == (expected, len(buf))


def test_lvarchar_null_named_by_jdbc_after_a_describe_is_read():
    # setNull(VARCHAR) on a parameter described as LVARCHAR: length word 8, "lvarchar"
    buf = bytes.fromhex("6c76617263686172" "ffff0000")
    assert BD.decode_bind(43, 0, 8, buf, 0, "latin-1") == (None, len(buf))
