"""``bind_params`` and ``bind_message`` on both implementations: the same
BIND parameters and SQ_BIND message bytes, or the same error.

The pure ``informix_db.protocol.binding`` is the specification; the
compiled twin encodes the common Python types in C and must give, for every
parameter list and encoding, the same list of ``BindParam`` (type code,
indicator, length word, data, blob) and the same message bytes, or raise
the same exception class with the same message.  Every message is also
checked against the SQ_BIND the requests were framed with before
``bind_message`` existed (``_framed_as_before``, an independent oracle).
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import os
import struct
import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from informix_db import _impl
from informix_db.codecs.bind import BindParam, bind_bytes
from informix_db.framing import buffer
from informix_db.framing import messages as sq
from informix_db.protocol import binding as pure
from informix_db.exceptions import DataError, InterfaceError
from informix_db.testing.bulk import make_row
from informix_db.types import IntervalYM

ENCODINGS = ("utf-8", "iso-8859-1", "ascii", "utf-16", "cp1252")


def _outcome(module, values, encoding):
    """What ``module.bind_params`` did: the parameters as plain tuples, or the error."""
    try:
        params = module.bind_params(values, encoding)
    except Exception as exc:  # the point is to compare whatever happens
        return ("raised", type(exc), str(exc), getattr(exc, "message", None))
    assert all(type(p) is BindParam for p in params)
    return ("ok", [tuple(p) for p in params])


def _message_outcome(module, values, encoding):
    """What ``module.bind_message`` did: the message bytes, or the error."""
    try:
        message = module.bind_message(values, encoding)
    except Exception as exc:  # the point is to compare whatever happens
        return ("raised", type(exc), str(exc), getattr(exc, "message", None))
    assert type(message) is bytes
    return ("ok", message)


def _framed_as_before(params) -> bytes:
    """The SQ_BIND of *params* as ``statement._bind`` wrote it into a request
    (SQ_BIND [count], each parameter, SQ_BBIND + 1024-byte SQ_BLOB chunks)."""
    if not params:
        return b""
    w = buffer.WriteBuffer()
    w.write_int16(sq.SQ_BIND)
    w.write_int16(len(params))
    blobs = []
    for p in params:
        w.write_bytes(bind_bytes(p))
        if p.blob is not None:
            blobs.append(p.blob)
    if blobs:
        w.write_int16(sq.SQ_BBIND)
        w.write_int16(len(blobs))
        for data in blobs:
            for start in range(0, len(data), 1024):
                w.write_int16(sq.SQ_BLOB)
                w.write_lenbytes(data[start:start + 1024])
            w.write_int16(sq.SQ_BLOB)
            w.write_uint16(0)
    return w.getvalue()


def _expected_message(values, encoding):
    """The pure ``bind_params`` outcome, framed as before (or its error)."""
    outcome = _outcome(pure, values, encoding)
    if outcome[0] == "raised":
        return outcome
    return ("ok", _framed_as_before(pure.bind_params(values, encoding)))


def _same_as_pure(impl, values, encoding):
    assert _outcome(impl.binding, values, encoding) == _outcome(pure, values, encoding)
    expected = _expected_message(values, encoding)
    assert _message_outcome(pure, values, encoding) == expected
    assert _message_outcome(impl.binding, values, encoding) == expected


# -- values at every edge ----------------------------------------------------------

S_MAX, I_MAX, B_MAX = 2**15 - 1, 2**31 - 1, 2**63 - 1
INT_EDGES = [e + d for e in (0, S_MAX, -S_MAX, I_MAX, -I_MAX, B_MAX, -B_MAX)
             for d in (-2, -1, 0, 1, 2)]


class _Color(enum.IntEnum):
    RED = 1


class _Text(str):
    pass


class _Dec(Decimal):
    pass


class _Stamp(dt.datetime):
    pass


def _nan_with_payload(bits: int) -> float:
    return struct.unpack(">d", struct.pack(">Q", bits))[0]


EDGE_VALUES = [
    None, True, False, *INT_EDGES, 10**30, -(10**30),
    0.0, -0.0, 1.5, float("nan"), float("-inf"), float("inf"),
    _nan_with_payload(0xFFF8000000000123),
    1e308, 5e-324,
    "", "abc", "é", "€", "a\x00b", "\ud800",
    "x" * 65535, "x" * 65536, "é" * 32767, "é" * 32768,
    "€" * 21845, "€" * 21846, "x" * 16384,
    b"", b"abc", bytearray(b"zz"), memoryview(b"mv"),
    Decimal("0"), Decimal("-0"), Decimal("-0.00"), Decimal("0E+5"), Decimal("0E-50"),
    Decimal("1.50"), Decimal("-12345.678"), Decimal("1E+5"), Decimal("-1E+31"), Decimal("1E+32"),
    Decimal("1E-30"), Decimal("1E-31"), Decimal("1E-32"), Decimal("1E-40"), Decimal("1E+40"),
    Decimal("12345678901234567890123456789012"), Decimal("1234567890123456789012345678901.2"),
    Decimal("123456789012345678901234567890123"), Decimal("9.999999999999999999999999999999E+125"),
    Decimal("1E+999999"), Decimal("1E-999999"), Decimal("1E+999999999"), Decimal("1.0E-1000000007"),
    Decimal("0.000"), Decimal("0.0012"), Decimal("-1.2345E+5"), Decimal("1E-7"), Decimal("0E-7"),
    Decimal("NaN"), Decimal("-sNaN"),
    Decimal("-Infinity"),
    dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(1900, 2, 28), dt.date(2000, 2, 29),
    dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31, 23, 59, 59, 999999),
    dt.datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=dt.timezone.utc),
    dt.time(0, 0), dt.time(23, 59, 59, 999999), dt.time(1, 2, 3, 9),
    dt.timedelta(0), dt.timedelta(microseconds=-5), dt.timedelta(microseconds=-15),
    dt.timedelta(microseconds=9), dt.timedelta(days=-3, microseconds=5),
    dt.timedelta.max, dt.timedelta.min, dt.timedelta(days=-1),
    IntervalYM.from_months(-14), _Color.RED, _Text("sub"), _Dec("1.5"), _Stamp(2020, 1, 2),
    object(), [1], {"a": 1}, 1 + 2j,
]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("value", EDGE_VALUES, ids=lambda v: f"{type(v).__name__}:{v!r:.24}")
def test_edge_values_bind_as_the_pure_module_binds_them(impl, value, encoding):
    _same_as_pure(impl, [value], encoding)


@pytest.mark.parametrize("encoding", ["bogus-codec", "rot13", "utf-8\x00x", None, 7])
def test_odd_encodings_fail_or_succeed_as_in_the_pure_module(impl, encoding):
    for value in ("abc", "a\x00b", b"x", 5, None):
        _same_as_pure(impl, [value], encoding)


@pytest.mark.parametrize("text", ["1.5E+7", "-2E-9", "1.23456789E-20", "0E+3", "NaN"])
def test_decimals_bind_alike_when_the_context_writes_lowercase_exponents(impl, text):
    with decimal.localcontext() as ctx:
        ctx.capitals = 0
        _same_as_pure(impl, [Decimal(text)], "utf-8")


def test_error_names_the_parameter_position_as_the_pure_module_does(impl):
    _same_as_pure(impl, [1, "ok", 2**70], "utf-8")


_ITERABLES = {
    "tuple": lambda: (1, "a"),
    "iterator": lambda: iter([1, "a"]),
    "generator": lambda: (v for v in [None, 2.5]),
    "empty": lambda: [],
    "not iterable": lambda: 5,
}


@pytest.mark.parametrize("make", _ITERABLES.values(), ids=_ITERABLES.keys())
def test_any_iterable_or_none_behaves_as_in_the_pure_module(impl, make):
    # iterators are consumed once: each side gets its own
    assert _outcome(impl.binding, make(), "utf-8") == _outcome(pure, make(), "utf-8")
    assert (_message_outcome(impl.binding, make(), "utf-8")
            == _message_outcome(pure, make(), "utf-8"))


# -- whole messages ---------------------------------------------------------------------

def test_no_values_make_no_message(impl):
    assert impl.binding.bind_message([], "utf-8") == b""


def test_message_starts_with_sq_bind_and_the_parameter_count(impl):
    message = impl.binding.bind_message([1, "a", None], "utf-8")
    assert message[:4] == struct.pack(">hh", sq.SQ_BIND, 3)


@pytest.mark.parametrize("sizes", [(0,), (1,), (1023,), (1024,), (1025,), (2500, 3, 0)],
                         ids=str)
def test_blob_contents_follow_as_chunks_as_before(impl, sizes):
    values = [b"\x07" * n for n in sizes] + ["t" * 70_000, 5]
    _same_as_pure(impl, values, "utf-8")
    message = impl.binding.bind_message(values, "utf-8")
    assert struct.pack(">hh", sq.SQ_BBIND, len(sizes) + 1) in message


def test_a_bulk_row_frames_as_before(impl):
    for i in range(300):
        _same_as_pure(impl, make_row(i), "utf-8")


def test_the_error_of_a_late_value_names_its_position_in_the_message_too(impl):
    values = [1, b"blob", "x", 2**70]
    outcome = _message_outcome(impl.binding, values, "utf-8")
    assert outcome[:2] == ("raised", DataError) and outcome[2].startswith("parameter 4: ")
    _same_as_pure(impl, values, "utf-8")


@pytest.mark.parametrize("count", [0x7FFF, 0x8000])
def test_parameter_count_beyond_an_int16_is_refused_alike(impl, count):
    values = [None] * count
    assert _message_outcome(impl.binding, values, "utf-8") == _message_outcome(
        pure, values, "utf-8")
    if count > 0x7FFF:
        with pytest.raises(InterfaceError, match="at most 32767"):
            impl.binding.bind_message(values, "utf-8")
    else:
        assert impl.binding.bind_message(values, "utf-8") == _framed_as_before(
            pure.bind_params(values, "utf-8"))


# -- random parameter lists ----------------------------------------------------------

_DECIMALS = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.builds(
        lambda sign, digits, exp: Decimal((sign, tuple(digits), exp)),
        st.integers(0, 1),
        st.lists(st.integers(0, 9), min_size=1, max_size=40)
        | st.lists(st.integers(0, 9), min_size=30, max_size=33),
        st.integers(-70, 70) | st.integers(-(10**6), 10**6),
    ),
)
_TEXT = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF,
                                   exclude_categories=()), max_size=8),
    st.sampled_from(["x" * 65535, "é" * 32768, "€" * 21846]),
)
_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from(INT_EDGES) | st.integers() | st.integers(-(2**70), 2**70),
    st.floats() | st.binary(min_size=8, max_size=8).map(lambda b: struct.unpack(">d", b)[0]),
    _TEXT,
    st.binary(max_size=20),
    _DECIMALS,
    st.dates(),
    st.datetimes(timezones=st.none() | st.just(dt.timezone.utc)),
    st.times(),
    st.timedeltas(),
    (st.integers(-30, 30) | st.integers(-(10**6), 10**6)).map(
        lambda us: dt.timedelta(microseconds=us)),
    st.integers(-(10**6), 10**6).map(IntervalYM.from_months),
    st.sampled_from([object(), 1 + 2j, [1], _Color.RED, _Text("t"), bytearray(b"b")]),
)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(_VALUE, max_size=12), encoding=st.sampled_from(ENCODINGS))
def test_random_parameter_lists_bind_as_the_pure_module_binds_them(impl, values, encoding):
    _same_as_pure(impl, values, encoding)


@settings(max_examples=1500, deadline=None)
@given(value=_VALUE, encoding=st.sampled_from(ENCODINGS))
def test_random_single_values_bind_as_the_pure_module_binds_them(impl, value, encoding):
    _same_as_pure(impl, [value], encoding)


# -- the selector hands out the compiled twin ------------------------------------------

def test_impl_binding_is_the_module_of_its_implementation(impl):
    expected = (_impl.HOT_MODULES["binding"] if impl.name == "python"
                else "informix_db._speedups.binding")
    assert impl.binding.__name__ == expected


def test_cursor_binds_with_the_module_the_selector_chose_under_cython():
    try:
        _impl.load("cython")
    except ImportError:
        if os.environ.get("INFORMIX_DB_EXPECT_CYTHON") == "1":
            raise
        pytest.skip("this install has no compiled speedups")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env[_impl.ENV_VAR] = "cython"
    child = ("from informix_db import _impl, basecursor; "
             "print(_impl.binding.__name__, basecursor.binding is _impl.binding)")
    out = subprocess.run([sys.executable, "-c", child], env=env, capture_output=True,
                         text=True, timeout=60, check=True).stdout.split()
    assert out == ["informix_db._speedups.binding", "True"]
