"""The binary form of ROW/SET/MULTISET/LIST values (what IBM JDBC reads when
it asks a composite column as type 44, and sends for ``setObject``): exact
bytes against the layouts the jar accepted, round trips, and hostile input
refused with the driver's errors."""

from __future__ import annotations

import datetime as dt
import struct
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from informix_db import Multiset
from informix_db import types as T
from informix_db.codecs import complexbinary as B
from informix_db.codecs import composite as C
from informix_db.codecs.bind import decode_bind
from informix_db.codecs.registry import codec_for
from informix_db.exceptions import DataError, FramingError, NotSupportedError

ROW2 = C.parse_composite("ROW(a integer, b varchar(10))")
LIST_ROW = C.parse_composite("LIST(ROW(a integer, b varchar(10)) not null)")
SET_INT = C.parse_composite("SET(integer not null)")


def _data(body: bytes) -> bytes:
    """The data part of a binary value (after header, entries and the 3 words)."""
    (n,) = struct.unpack_from(">i", body, B.HEADER)
    off = B.HEADER + 4 + n * B.ENTRY
    _, size, _ = struct.unpack_from(">iiI", body, off)
    return body[off + 12:off + 12 + size]


def test_a_row_is_its_fields_tuple_encodings_then_an_offset_table():
    body = B.encode_complex((1, "xy"), ROW2)
    assert len(body) == 1409  # three 414-byte entries carry the type
    assert _data(body).hex() == "00000001" "027879" "ffffffff" "00000004" "00000000"


def test_a_set_of_integers_is_the_integers_alone():
    # 988 bytes: the size of IBM JDBC's own setObject(HashSet{3,5,7})
    body = B.encode_complex(frozenset({3, 5, 7}), SET_INT)
    assert len(body) == 988
    assert _data(body).hex() == "00000003" "00000005" "00000007"


def test_a_list_of_rows_aligns_each_element_and_ends_with_the_offset_table():
    # [(1,'x'), (2,'yz')] as IBM JDBC reads it: each element's length, zeros up
    # to a multiple of 8 from the data's start (6, then 4), 1, 0, the row
    want = ("0020" "000000000000" "0000000100000000" "00000001" "0178" "ffffffff0000000400000000"
            "001f" "00000000" "0000000100000000" "00000002" "02797a" "ffffffff0000000400000000"
            "ffffffff" "00000022" "00000000")
    assert _data(B.encode_complex([(1, "x"), (2, "yz")], LIST_ROW)).hex() == want


def test_type_entries_carry_level_parent_name_and_not_null_flag():
    body = B.encode_complex([], LIST_ROW)
    entries = [body[B.HEADER + 4 + k * B.ENTRY:][:B.ENTRY] for k in range(4)]
    heads = [struct.unpack_from(">hhhh", e) for e in entries]
    assert heads == [(1, 0, 0, 0), (2, 1, 1, 0), (3, 2, 2, 1), (4, 2, 2, 1)]
    assert [struct.unpack_from(">H", e, 138)[0] for e in entries] == [21, 0x116, 2, 13]
    assert entries[2][8:9] == b"a" and entries[3][8:9] == b"b"


def test_boolean_elements_take_an_offset_table_like_other_opaque_values():
    # JDBC refused LIST(BOOLEAN) without it ("System or internal error")
    t = C.parse_composite("LIST(boolean not null)")
    assert _data(B.encode_complex([True, False], t)).hex() == (
        "000000000101" "000000000100" "ffffffff" "00000006" "00000000")


def test_null_is_the_full_header_with_the_null_flag():
    body = B.encode_complex(None, ROW2)
    assert B.decode_complex(body)[0] is None
    assert body[-4:] == b"\x80\x00\x00\x00"


VALUES = [
    (ROW2, (1, "xy")),
    (ROW2, (None, "")),
    (SET_INT, frozenset()),
    (C.parse_composite("MULTISET(integer not null)"), Multiset([2, 2, 9])),
    (C.parse_composite("SET(varchar(10) not null)"), frozenset({"ab", "c"})),
    (LIST_ROW, [(1, "x"), (2, "yz")]),
    (C.parse_composite("ROW(d date, m decimal(10,2), f float, l int8, bo boolean, c char(5),"
                       " lv lvarchar(100), s smallint)"),
     (dt.date(2024, 2, 29), Decimal("12.34"), 1.5, 2**40, True, "ab   ", "lvtext", 7)),
]


@pytest.mark.parametrize("t, value", VALUES, ids=[C.declaration(t) for t, _ in VALUES])
def test_values_round_trip_with_the_type_their_entries_carry(t, value):
    got, carried = B.decode_complex(B.encode_complex(value, t))
    assert got == value
    assert type(got) is type(value) or got._fields == tuple(n for n, _ in t.fields)
    assert C.declaration(carried).replace(" not null", "") == \
        C.declaration(t).replace(" not null", "")


def test_a_type_44_field_of_a_composite_column_is_the_length_then_the_binary_form():
    ct = T.ColumnType(T.SQLSENDRECV, 2048, True, "SET(integer not null)")
    codec = codec_for(ct)
    field = codec.encode("SET{3          ,5          }")  # the text form, read as the type
    assert struct.unpack_from(">i", field)[0] == len(field) - 4
    assert codec.decode(field + b"tail", 0) == (frozenset({3, 5}), len(field))


def test_jdbc_set_object_parameter_decodes_to_the_value():
    # setObject(HashSet{3,5,7}): type 44 named "multiset (  int  not null) "
    body = B.encode_complex(Multiset([3, 5, 7]), C.parse_composite("MULTISET(integer not null)"))
    name = b"multiset (  int  not null) "
    # the header's length word is the name's length; then name, pad, 0, 0, i32 n, data
    data = name + b"\0" + struct.pack(">hhi", 0, 0, len(body)) + body
    value, end = decode_bind(T.SQLSENDRECV, 0, len(name), data, 0)
    assert value == [3, 5, 7] and end >= len(data)


def test_a_row_holding_a_set_nests_it_with_its_length_pad_and_two_words():
    # the data bytes IBM JDBC itself wrote for ROW(1, SET{3,5})
    t = C.parse_composite("ROW(a integer, s SET(integer not null))")
    assert _data(B.encode_complex((1, frozenset({3, 5})), t)).hex() == (
        "00000001" "0012" "0000" "00000001" "00000000" "00000003" "00000005"
        "ffffffff" "00000004" "00000000")


def test_a_nested_value_already_at_a_multiple_of_8_is_padded_by_a_whole_8():
    # JDBC misread the second row as (-65536, '') with no pad there
    data = _data(B.encode_complex([(1, "abcde"), (2, "x")], LIST_ROW))
    assert data[38:40] == (8 + 8 + 18).to_bytes(2, "big") and data[40:48] == bytes(8)
    assert B.decode_complex(B.encode_complex([(1, "abcde"), (2, "x")], LIST_ROW))[0] == [
        (1, "abcde"), (2, "x")]


NESTED = [
    ("ROW(a integer, r ROW(x integer, y varchar(5)))", (1, (2, "yy"))),
    ("ROW(a integer, l LIST(varchar(10) not null))", (1, ["p", "qq"])),
    ("LIST(SET(integer not null) not null)", [frozenset({1, 2}), frozenset()]),
    ("LIST(LIST(smallint not null) not null)", [[1, 2], [3]]),
    ("ROW(a integer, b varchar(3), c smallint, s SET(integer not null))", (1, "b", 2, None)),
    ("MULTISET(ROW(d date, m decimal(8,2), l LIST(integer not null)) not null)",
     Multiset([(dt.date(2024, 1, 2), Decimal("1.50"), [7, 8])])),
]


@pytest.mark.parametrize("decl, value", NESTED, ids=[d for d, _ in NESTED])
def test_nested_rows_and_collections_round_trip(decl, value):
    t = C.parse_composite(decl)
    assert B.decode_complex(B.encode_complex(value, t))[0] == value


@pytest.mark.parametrize("cut", [0, 100, B.HEADER + 2, B.HEADER + 4 + 300, 1300])
def test_a_truncated_value_is_a_framing_error(cut):
    with pytest.raises(FramingError):
        B.decode_complex(B.encode_complex((1, "xy"), ROW2)[:cut])


def test_a_hostile_entry_count_is_refused_before_reading_entries():
    body = bytearray(B.encode_complex((1, "xy"), ROW2))
    body[B.HEADER:B.HEADER + 4] = (10**9).to_bytes(4, "big")
    with pytest.raises(FramingError, match="type entries"):
        B.decode_complex(bytes(body))


def test_an_offset_table_pointing_outside_the_data_is_refused():
    body = bytearray(B.encode_complex(frozenset({"ab", "c"}),
                                      C.parse_composite("SET(varchar(10) not null)")))
    body[-4:] = (10**6).to_bytes(4, "big")
    with pytest.raises(FramingError, match="offset"):
        B.decode_complex(bytes(body))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(VALUES), st.data())
def test_mutated_bytes_give_a_value_or_a_driver_error(case, data):
    t, value = case
    body = bytearray(B.encode_complex(value, t))
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(body) - 1))
        body[i] = data.draw(st.integers(0, 255))
    try:
        B.decode_complex(bytes(body))
    except (DataError, FramingError, NotSupportedError):
        pass
