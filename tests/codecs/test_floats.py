"""SMALLFLOAT/FLOAT codecs."""

import math
import struct

import pytest
from hypothesis import given, strategies as st

from informix_db.codecs import floats as F
from informix_db.exceptions import DataError, FramingError, InterfaceError


@given(st.floats(allow_nan=False))
def test_float_round_trips_every_double(v):
    assert F.decode_float(F.encode_float(v), 0) == (v, 8)


@given(st.floats(width=32, allow_nan=False))
def test_smallfloat_round_trips_every_single(v):
    assert F.decode_smallfloat(F.encode_smallfloat(v), 0) == (v, 4)


def test_null_is_all_ff_bytes():
    assert F.encode_float(None) == b"\xff" * 8
    assert F.encode_smallfloat(None) == b"\xff" * 4
    assert F.decode_float(b"\xff" * 8, 0) == (None, 8)
    assert F.decode_smallfloat(b"\xff" * 4, 0) == (None, 4)


def test_float_is_big_endian_ieee():
    assert F.encode_float(1.5) == struct.pack(">d", 1.5)


def test_smallfloat_overflow_is_a_data_error():
    with pytest.raises(DataError, match="SMALLFLOAT"):
        F.encode_smallfloat(1e300)


def test_strings_are_interface_errors():
    with pytest.raises(InterfaceError, match="FLOAT"):
        F.encode_float("1.5")


@pytest.mark.parametrize("dec,width", [(F.decode_float, 8), (F.decode_smallfloat, 4)])
def test_truncated_floats_are_framing_errors(dec, width):
    with pytest.raises(FramingError, match="truncated"):
        dec(bytes(width - 1), 0)


def test_infinities_pass_through():
    assert F.decode_float(F.encode_float(math.inf), 0)[0] == math.inf
