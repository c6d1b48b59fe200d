"""The fast wire encoders of the pure bind path against its general path.

``codecs.bind.WIRE_ENCODERS`` and ``protocol.binding.bind_message`` write
the common Python types straight to wire bytes; ``encode_bind_exact`` reads
a plain Decimal from its text.  Each must give exactly the bytes of the
general path (``bind_bytes(encode_bind(...))``, ``params_message(bind_params
(...))``, ``encode_bind_decimal`` of a Decimal subclass, which skips the
fast path), or decline (None) and leave the value, and its error, to it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from informix_db.codecs import decimal as deccodec
from informix_db.codecs.bind import WIRE_ENCODERS, bind_bytes, encode_bind
from informix_db.protocol import binding


class _Dec(Decimal):
    """A Decimal that takes the general path (the fast one keys on the exact type)."""


def _general_decimal(value: Decimal):
    return deccodec.encode_bind_decimal(_Dec(value))


def _outcome(fn, *args):
    try:
        return ("ok", fn(*args))
    except Exception as exc:  # the point is to compare whatever happens
        return ("raised", type(exc), str(exc))


def _general_message(values, encoding):
    return binding.params_message(binding.bind_params(values, encoding))


decimals = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.builds(lambda digits, exp, neg: Decimal(f"{'-' if neg else ''}{digits}E{exp}"),
              st.text("0123456789", min_size=1, max_size=36), st.integers(-45, 5), st.booleans()),
)
values = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**65), 2**65), st.floats(), st.text(max_size=40),
    decimals, st.dates(), st.datetimes(),
    st.datetimes(timezones=st.just(dt.timezone.utc)), st.times(), st.binary(max_size=40),
)
encodings = st.sampled_from(["utf-8", "iso-8859-1", "ascii", "utf-16", "utf-32", "cp1252"])


@settings(max_examples=400, deadline=None)
@given(decimals)
def test_exact_decimal_bytes_are_the_general_paths(value):
    fast = deccodec.encode_bind_exact(value)
    if fast is not None:
        assert fast == _general_decimal(value)
    assert _outcome(deccodec.encode_bind_decimal, value) == _outcome(_general_decimal, value)


@pytest.mark.parametrize("text", [
    "0", "-0", "-0.00", "0.000", "1.50", "-12345.678", "-0.05", "0.0012", "0.000001", "-99.99",
    "123456789012345678901234567890", "-1234567890123456789012345678.90",
    "1234567890123456789012345678901", "1E+5", "1E-7", "0E-7", "NaN", "-Infinity",
])
def test_exact_decimal_edges(text):
    value = Decimal(text)
    fast = deccodec.encode_bind_exact(value)
    if fast is not None:
        assert fast == _general_decimal(value)
    # exponent forms and more than 30 digits go the general way
    plain = str(value).lstrip("-").replace(".", "", 1)
    assert (fast is None) == (not plain.isdigit() or len(plain.lstrip("0")) > 30)


@settings(max_examples=400, deadline=None)
@given(values, encodings)
def test_wire_encoders_write_what_encode_bind_writes(value, encoding):
    encode = WIRE_ENCODERS.get(type(value))
    wire = encode(value, encoding) if encode is not None else None
    if wire is not None:
        assert wire == bind_bytes(encode_bind(value, None, encoding))


@settings(max_examples=300, deadline=None)
@given(st.lists(values, max_size=10), encodings)
def test_bind_message_is_params_message_of_bind_params(row, encoding):
    assert _outcome(binding.bind_message, row, encoding) == _outcome(_general_message, row, encoding)


@pytest.mark.parametrize("row", [
    [1, "é" * 20000, None],  # TEXT blob after fast values
    [2**63, 1.5],  # out of range after nothing
    [1.5, "a\x00b", 2**70],  # first error wins
    [dt.datetime(2020, 1, 2, tzinfo=dt.timezone.utc)],
    ["\ud800"],
    [b"abc", True, Decimal("1E+5"), dt.time(1, 2, 3), dt.timedelta(days=2)],
])
@pytest.mark.parametrize("encoding", ["utf-8", "ascii", "bogus-codec"])
def test_bind_message_falls_back_with_the_same_bytes_or_error(row, encoding):
    assert _outcome(binding.bind_message, row, encoding) == _outcome(_general_message, row, encoding)


def test_too_many_parameters_is_the_same_error():
    row = [1] * 0x8000
    assert _outcome(binding.bind_message, row, "utf-8") == _outcome(_general_message, row, "utf-8")
