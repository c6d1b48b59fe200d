"""The decoders bound to one column (``registry.codec_for(...).decode``) agree
with the general functions they shortcut, on every input.

The bound decoders read the canonical byte forms directly and hand anything
else to ``decode_decimal``, ``decode_datetime``, ``decode_char`` and
``decode_varchar``; so for valid values, corrupted bytes, random bytes,
truncations and odd offsets both must give the same value (same type and
repr) or raise the same exception class with the same message.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

from informix_db.codecs import boolean, floats
from informix_db.codecs import datetime as dtcodec
from informix_db.codecs import decimal as deccodec
from informix_db.codecs import strings
from informix_db.codecs.registry import codec_for
from informix_db.types import SQLCHAR, ColumnType, parse_type


def _outcome(func, *args):
    try:
        value, end = func(*args)
    except Exception as exc:  # noqa: BLE001 - the exception is what is compared
        return "raised", type(exc), str(exc)
    return type(value), repr(value), end


def _buffers(raw: bytes, rng: random.Random):
    """*raw* as decoders meet it: alone, inside a larger buffer, corrupted, cut short."""
    yield raw, 0
    yield memoryview(b"\x07\x00" + raw + b"\x00\x09"), 2
    yield bytearray(b"\xff" + raw), 1
    for cut in range(len(raw)):
        yield raw[:cut], 0
        yield memoryview(b"ab" + raw[:cut]), 2
    for _ in range(40):
        mutated = bytearray(raw)
        for _ in range(rng.randint(1, 3)):
            if mutated:
                mutated[rng.randrange(len(mutated))] = rng.choice(
                    (0, 1, 0x20, 0x63, 0x64, 0x7F, 0x80, 0xC0, 0xFF, rng.randrange(256)))
        yield bytes(mutated), 0
        yield memoryview(b"z" + bytes(mutated) + b"q"), 1
    for _ in range(20):
        yield bytes(rng.randrange(256) for _ in range(len(raw))), 0
    yield raw, -1
    yield raw, -len(raw)
    yield raw, len(raw) + 3


def _check(ctext, general, values, encoding="utf-8"):
    ct = parse_type(ctext)
    codec = codec_for(ct, encoding)
    rng = random.Random(ctext)
    for value in values:
        for buf, offset in _buffers(codec.encode(value), rng):
            assert _outcome(codec.decode, buf, offset) == _outcome(general, buf, offset), \
                (ctext, value, bytes(buf).hex(), offset)


DECIMALS = [None, Decimal(0), Decimal("1.50"), Decimal("-1.50"), Decimal("12345.45"),
            Decimal("-12345.45"), Decimal("0.01"), Decimal("-0.01"), Decimal("9999999999.99"),
            Decimal("-9999999999.99"), Decimal("100"), Decimal("-100"), Decimal("0.1"),
            Decimal("1E+3"), Decimal("123456789"), Decimal("-1E+3"), Decimal("0.000123"),
            Decimal("-0.000123"), Decimal("1.23456789012345678901234567890")]


@pytest.mark.parametrize("ctext", ["DECIMAL(12,2)", "DECIMAL(5,2)", "DECIMAL(5,3)",
                                   "DECIMAL(16,0)", "DECIMAL(32,2)", "DECIMAL(31,11)",
                                   "DECIMAL(1,0)", "DECIMAL(2,2)", "DECIMAL(32,32)",
                                   "MONEY(8,2)", "DECIMAL(10)", "DECIMAL(32)", "DECIMAL(1)"])
def test_decimal(ctext):
    length = parse_type(ctext).length
    fits = []
    for v in DECIMALS:
        try:
            codec_for(parse_type(ctext)).encode(v)
            fits.append(v)
        except Exception:  # noqa: BLE001 - values the column cannot hold are skipped
            pass
    _check(ctext, lambda buf, off: deccodec.decode_decimal(buf, off, length), fits)


@pytest.mark.parametrize("ctext", ["DECIMAL(12,2)", "DECIMAL(11,0)", "DECIMAL(12)"])
def test_decimal_every_digit_pattern(ctext):
    # every exponent byte, either sign, with digits ending at each pair
    length = parse_type(ctext).length
    dec = codec_for(parse_type(ctext)).decode
    for head in range(256):
        for digits in ([1, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [12, 34, 56, 78, 90, 10],
                       [99, 99, 99, 99, 99, 99], [5, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 50]):
            raw = bytes([head, *digits])
            assert _outcome(dec, raw, 0) == _outcome(deccodec.decode_decimal, raw, 0, length)


DATETIMES = [None, dt.datetime(2024, 1, 6, 6, 52, 45, 345000), dt.datetime(1, 1, 1),
             dt.datetime(9999, 12, 31, 23, 59, 59, 999999), dt.datetime(2000, 2, 29, 12, 0, 1, 10)]


@pytest.mark.parametrize("ctext", [
    "DATETIME YEAR TO FRACTION(3)", "DATETIME YEAR TO FRACTION(5)", "DATETIME YEAR TO FRACTION(1)",
    "DATETIME YEAR TO FRACTION(2)", "DATETIME YEAR TO FRACTION(4)", "DATETIME YEAR TO SECOND",
    "DATETIME YEAR TO MINUTE", "DATETIME YEAR TO HOUR", "DATETIME YEAR TO DAY",
    "DATETIME YEAR TO MONTH", "DATETIME YEAR TO YEAR", "DATETIME MONTH TO DAY",
    "DATETIME DAY TO SECOND"])
def test_datetime(ctext):
    ct = parse_type(ctext)
    values = DATETIMES if "HOUR" in ctext or "SECOND" in ctext or "MINUTE" in ctext \
        or "FRACTION" in ctext else [None] + [v.date() for v in DATETIMES[1:]]
    _check(ctext, lambda buf, off: dtcodec.decode_datetime(buf, off, ct.length), values)


@pytest.mark.parametrize("ctext", ["DATETIME HOUR TO SECOND", "DATETIME HOUR TO FRACTION(3)",
                                   "DATETIME HOUR TO FRACTION(5)", "DATETIME HOUR TO MINUTE",
                                   "DATETIME MINUTE TO SECOND", "DATETIME FRACTION TO FRACTION(3)"])
def test_time(ctext):
    ct = parse_type(ctext)
    _check(ctext, lambda buf, off: dtcodec.decode_datetime(buf, off, ct.length),
           [None, dt.time(0, 0), dt.time(23, 59, 59, 999999), dt.time(12, 30, 1, 120000)])


@pytest.mark.parametrize("encoding", ["utf-8", "iso-8859-1"])
@pytest.mark.parametrize("n", [1, 2, 10, 40])
def test_char(n, encoding):
    values = [None, "", "a", "é", "x" * n, "€"] if n >= 3 else [None, "", "a"]
    _check(f"CHAR({n})", lambda buf, off: strings.decode_char(buf, off, n, encoding),
           [v for v in values if v is None or _fits(v, n, encoding)], encoding)


def _fits(value: str, n: int, encoding: str) -> bool:
    try:
        return len(value.encode(encoding)) <= n
    except UnicodeEncodeError:
        return False


@pytest.mark.parametrize("encoding", ["utf-8", "iso-8859-1"])
def test_varchar(encoding):
    _check("VARCHAR(32)", lambda buf, off: strings.decode_varchar(buf, off, encoding),
           [None, "", "a", "\x01", "name 12345", "é" * 3, "x" * 32], encoding)


def test_char_zero_length():
    dec = codec_for(ColumnType(SQLCHAR, 0)).decode
    for buf, off in ((b"", 0), (b"abc", 1), (b"", 1), (b"a", -1)):
        assert _outcome(dec, buf, off) == _outcome(strings.decode_char, buf, off, 0)


def _reference_float(buf, offset, size):
    # the layout as the module notes state it, without the fast path
    from informix_db.codecs._common import truncated
    import struct
    end = offset + size
    raw = buf[offset:end]
    if len(raw) != size or offset < 0:
        raise truncated("FLOAT" if size == 8 else "SMALLFLOAT", offset, size, buf)
    if raw == b"\xff" * size:
        return None, end
    return struct.unpack(">d" if size == 8 else ">f", raw)[0], end


@pytest.mark.parametrize("ctext,size", [("FLOAT", 8), ("SMALLFLOAT", 4)])
def test_floats(ctext, size):
    _check(ctext, lambda buf, off: _reference_float(buf, off, size),
           [None, 0.0, -0.0, 1.5, float("inf"), float("-inf"), float("nan"), 1e30])
    dec = floats.decode_float if size == 8 else floats.decode_smallfloat
    nan = b"\x7f\xf8" + bytes(6) if size == 8 else b"\x7f\xc0\x00\x00"
    assert _outcome(dec, nan, 0)[1] == "nan"


def test_boolean():
    rng = random.Random(5)
    for value in (None, True, False):
        raw = boolean.encode_boolean(value)
        for extra in (b"", b"\x00", b"\x01\xff"):
            for buf, offset in _buffers(raw + extra, rng):
                got = _outcome(boolean.decode_boolean, buf, offset)
                want = _outcome(_reference_boolean, buf, offset)
                assert got == want, (bytes(buf).hex(), offset)


def _reference_boolean(buf, offset):
    # the envelope as the module notes state it, without the fast path
    import struct
    from informix_db.codecs._common import check, truncated
    from informix_db.exceptions import DataError
    try:
        ind, n = struct.unpack_from(">Bi", buf, offset)
    except struct.error:
        raise truncated("BOOLEAN envelope", offset, 5, buf) from None
    start = offset + 5
    if n < 0:
        raise DataError(f"BOOLEAN at offset {offset} declares negative length {n}")
    end = check(buf, start, n, "BOOLEAN")
    if ind == 1:
        return None, end
    if ind != 0 or n != 1:
        raise DataError(f"BOOLEAN at offset {offset}: indicator {ind}, length {n}; expected 0 and 1")
    v = {0x74: True, 0x54: True, 1: True, 0x66: False, 0x46: False, 0: False}.get(buf[start])
    if v is None:
        raise DataError(f"BOOLEAN at offset {start} holds byte 0x{buf[start]:02x}; expected 't' or 'f'")
    return v, end
