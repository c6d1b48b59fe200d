"""BYTE/TEXT: the 56-byte descriptor a tuple carries."""

import pytest

from informix_db.codecs import binary as X
from informix_db.exceptions import FramingError, InterfaceError


def test_descriptor_is_56_bytes_with_size_at_16():
    raw = X.encode_descriptor(1234, handle=7)
    assert len(raw) == 56
    assert raw[16:20] == (1234).to_bytes(4, "big")
    assert raw[20:24] == (7).to_bytes(4, "big")


def test_null_descriptor_sets_flag_bit_in_byte_39():
    raw = X.encode_descriptor(null=True)
    assert raw[39] == 1
    assert X.decode_descriptor(raw, 0) == (None, 56)


def test_descriptor_round_trips_as_blobref():
    ref, end = X.decode_descriptor(b"pad" + X.encode_descriptor(99, handle=5), 3)
    assert (ref.size, ref.handle, end) == (99, 5, 59)
    assert X.encode_tuple_descriptor(ref, False) == ref.raw


def test_tuple_descriptor_of_data_carries_its_length():
    assert X.decode_descriptor(X.encode_tuple_descriptor("héllo", True, "utf-8"), 0)[0].size == 6
    assert X.decode_descriptor(X.encode_tuple_descriptor(b"abc", False), 0)[0].size == 3


def test_str_for_byte_is_an_interface_error():
    with pytest.raises(InterfaceError, match="BYTE"):
        X.blob_payload("text", is_text=False)


def test_truncated_descriptor_is_a_framing_error():
    with pytest.raises(FramingError, match="descriptor"):
        X.decode_descriptor(bytes(55), 0)
