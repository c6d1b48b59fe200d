"""BLOB/CLOB locators in a tuple: the opaque envelope holding the 72-byte
locator as hex (as Informix 15 sends it), NULL, and malformed values."""

from __future__ import annotations

import dataclasses
import struct

import pytest

from informix_db import BlobLocator, ClobLocator
from informix_db import types as T
from informix_db.codecs import registry, smartlob
from informix_db.codecs.describe import column_type_from_describe, describe_fields
from informix_db.exceptions import DataError, FramingError

BLOB = T.ColumnType(T.SQLBLOB, 72)
RAW = bytes(range(72))


def test_a_locator_travels_as_hex_in_the_opaque_envelope():
    wire = registry.encode_value(BLOB, BlobLocator(RAW))
    assert wire == b"\x00" + struct.pack(">i", 144) + RAW.hex().encode()
    assert registry.decode_value(BLOB, wire) == (BlobLocator(RAW), 149)


def test_a_null_locator_is_five_bytes():
    assert registry.encode_value(BLOB, None) == b"\x01\x00\x00\x00\x00"
    assert registry.decode_value(BLOB, b"\x01\x00\x00\x00\x00") == (None, 5)


def test_a_raw_72_byte_body_is_read_as_the_locator():
    wire = b"\x00" + struct.pack(">i", 72) + RAW
    assert registry.decode_value(T.ColumnType(T.SQLCLOB, 72), wire)[0] == ClobLocator(RAW)


@pytest.mark.parametrize("wire", [
    b"\x00" + struct.pack(">i", 10) + b"0" * 10,  # neither hex of 72 bytes nor 72 bytes
    b"\x00" + struct.pack(">i", 144) + b"zz" * 72,  # not hex
    b"\x00" + struct.pack(">i", -1),
    b"\x07" + struct.pack(">i", 144) + RAW.hex().encode(),  # no such indicator
])
def test_a_malformed_locator_is_a_data_error(wire):
    with pytest.raises(DataError):
        registry.decode_value(BLOB, wire)


def test_a_truncated_locator_is_a_framing_error():
    with pytest.raises(FramingError):
        registry.decode_value(BLOB, b"\x00" + struct.pack(">i", 144) + b"00")


def test_locators_are_frozen_hashable_and_keep_their_bytes_out_of_repr():
    loc = BlobLocator(RAW)
    with pytest.raises(dataclasses.FrozenInstanceError):
        loc.raw = bytes(72)
    assert hash(loc) == hash(BlobLocator(RAW)) and loc != ClobLocator(RAW)
    assert RAW.hex() not in repr(loc) and "BlobLocator" in repr(loc)


@pytest.mark.parametrize("size", [0, 71, 73])
def test_a_locator_is_exactly_72_bytes(size):
    with pytest.raises(ValueError, match="72 bytes"):
        BlobLocator(bytes(size))


@pytest.mark.parametrize("code, xid, name", [(T.SQLBLOB, 10, "blob"), (T.SQLCLOB, 11, "clob")])
def test_smart_lobs_are_described_as_udtfixed_with_their_extended_id(code, xid, name):
    assert describe_fields(T.ColumnType(code, 72)) == (T.SQLUDTFIXED, xid, name, 72)
    assert column_type_from_describe(T.SQLUDTFIXED, 72, xid, name) == T.ColumnType(code, 72)
    assert column_type_from_describe(T.SQLUDTFIXED, 72, xid, "") == T.ColumnType(code, 72)


def test_the_tuple_width_counts_the_hex_form():
    assert registry.tuple_width(BLOB) == smartlob.TUPLE_WIDTH == 149
