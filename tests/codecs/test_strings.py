"""CHAR/NCHAR/VARCHAR/NVARCHAR/LVARCHAR codecs, in UTF-8 and ISO-8859-1."""

import pytest
from hypothesis import given, strategies as st

from informix_db.codecs import strings as S
from informix_db.exceptions import DataError, FramingError, InterfaceError

ENCODINGS = ["utf-8", "iso-8859-1"]
# characters every encoding under test can hold, without NUL
latin_text = st.text(st.characters(min_codepoint=1, max_codepoint=255), max_size=40)


@pytest.mark.parametrize("encoding", ENCODINGS)
@given(v=latin_text)
def test_char_round_trips_with_its_blank_padding(encoding, v):
    raw = S.encode_char(v, 90, encoding)
    assert len(raw) == 90
    padded = v + " " * (90 - len(v.encode(encoding)))
    assert S.decode_char(raw, 0, 90, encoding) == (padded, 90)


@pytest.mark.parametrize("encoding", ENCODINGS)
@given(v=latin_text)
def test_varchar_round_trips(encoding, v):
    raw = S.encode_varchar(v, 255, encoding)
    assert S.decode_varchar(raw + b"tail", 0, encoding) == (v, len(raw))


@pytest.mark.parametrize("encoding", ENCODINGS)
@given(v=latin_text)
def test_lvarchar_round_trips(encoding, v):
    raw = S.encode_lvarchar(v, 32739, encoding)
    assert S.decode_lvarchar(raw, 0, encoding) == (v, len(raw))


@pytest.mark.parametrize("encoding", ENCODINGS)
@given(v=latin_text)
def test_bind_strings_round_trip(encoding, v):
    raw = S.encode_bind_string(v, encoding)
    assert S.decode_bind_string(raw, 0, encoding) == (v, len(raw))


def test_char_is_blank_padded_and_null_starts_with_nul():
    # layouts a real server sent for CHAR(6) (peer driver's notes)
    assert S.encode_char("ab", 6) == b"ab    "
    assert S.encode_char("", 6) == b"      "
    assert S.encode_char(None, 6) == b"\x00     "
    assert S.decode_char(b"\x00     ", 0, 6) == (None, 6)
    assert S.decode_char(b"      ", 0, 6) == ("      ", 6)


def test_char_decoding_keeps_trailing_blanks_of_the_value():
    assert S.decode_char(b"ab    ", 0, 6) == ("ab    ", 6)
    assert S.decode_char(b" a b  ", 0, 6) == (" a b  ", 6)


def test_varchar_null_is_one_nul_byte_and_empty_is_length_zero():
    assert S.encode_varchar(None) == b"\x01\x00"
    assert S.encode_varchar("") == b"\x00"
    assert S.decode_varchar(b"\x01\x00", 0) == (None, 2)
    assert S.decode_varchar(b"\x00", 0) == ("", 1)


def test_lvarchar_null_and_empty_differ_only_in_the_indicator():
    assert S.encode_lvarchar(None) == b"\x01\x00\x00\x00\x00"
    assert S.encode_lvarchar("") == b"\x00\x00\x00\x00\x00"
    assert S.decode_lvarchar(b"\x01\x00\x00\x00\x00", 0) == (None, 5)


def test_lengths_count_encoded_bytes():
    assert S.encode_varchar("é", 10, "utf-8") == b"\x02\xc3\xa9"
    assert S.encode_varchar("é", 10, "iso-8859-1") == b"\x01\xe9"
    with pytest.raises(DataError, match="CHAR\\(1\\)"):
        S.encode_char("é", 1, "utf-8")


def test_bind_string_matches_jdbc_hello():
    # g15: JDBC bound setString("hello") as 0005 68656c6c6f
    assert S.encode_bind_string("hello") == bytes.fromhex("000568656c6c6f")


def test_too_long_values_are_data_errors():
    with pytest.raises(DataError, match="VARCHAR\\(3\\)"):
        S.encode_varchar("abcd", 3)
    with pytest.raises(DataError, match="LVARCHAR\\(3\\)"):
        S.encode_lvarchar("abcd", 3)


def test_nul_characters_are_refused():
    with pytest.raises(DataError, match="NUL"):
        S.encode_varchar("a\x00b")


def test_unencodable_text_is_a_data_error():
    with pytest.raises(DataError, match="iso-8859-1"):
        S.encode_varchar("€", 10, "iso-8859-1")


def test_undecodable_bytes_are_data_errors():
    with pytest.raises(DataError, match="utf-8"):
        S.decode_varchar(b"\x01\xff", 0, "utf-8")


def test_non_strings_are_interface_errors():
    with pytest.raises(InterfaceError, match="str"):
        S.encode_char(5, 3)


@pytest.mark.parametrize("raw,dec", [
    (b"\x05abc", S.decode_varchar),
    (b"", S.decode_varchar),
    (b"\x00\x00\x00\x00\x09abc", S.decode_lvarchar),
    (b"\x00\x00", S.decode_lvarchar),
])
def test_truncated_strings_are_framing_errors(raw, dec):
    with pytest.raises(FramingError, match="truncated"):
        dec(raw, 0)


def test_truncated_char_is_a_framing_error():
    with pytest.raises(FramingError, match="CHAR\\(6\\)"):
        S.decode_char(b"abc", 0, 6)


def test_char_drops_padding_blanks_beyond_its_byte_length():
    # "中文" padded to 6 characters is 10 bytes in UTF-8; CHAR(6) holds 6.
    assert S.encode_char("中文    ", 6, "utf-8") == "中文".encode() == bytes.fromhex("e4b8ade69687")
    assert S.encode_char("é" + " " * 5, 4, "utf-8") == b"\xc3\xa9  "


def test_char_still_rejects_data_beyond_its_byte_length():
    with pytest.raises(DataError, match="CHAR\\(5\\)"):
        S.encode_char("中文 x", 5, "utf-8")
