"""Rows of SQ_TUPLE payloads -> columns in Arrow's memory layout.

This is the readable specification of the columnar fetch; the Cython module
``informix_db._speedups.columnar`` mirrors it name for name and, value for
value, byte for byte (tests/codecs/test_columnar_parity.py holds them to
it).  Import it through the selector: ``from informix_db._impl import
columnar``.

``ColumnDecoder(columns, encoding, formats)`` is a row decoder (called as
``decoder(buf, offset) -> (None, offset_after_the_row)``, so the reply loops
drive it as they drive ``rows.RowDecoder``) that keeps each row's values by
column instead of returning them; *formats* are the columns' Arrow format
strings (``informix_db.arrow.columns.arrow_format``: the Arrow C Data
Interface's, a memory layout, nothing of pyarrow).  ``take(n)`` hands out
the first *n* rows as ``Column`` buffers (validity bitmap or None, then
data, or offsets and data) and keeps the rest.  A row is added whole or not
at all: a row that fails to decode leaves no value behind, and
``drop_last()`` takes back the last row when its caller finds it did not
fill its tuple.  Rows already decoded as tuples join by ``add_rows``.

Values are those ``fetchall`` gives (the row decoder's), laid out as
Arrow wants them (``build_column``): text as UTF-8 whatever the
connection's code set, dates as days since 1970-01-01, DATETIME as
timestamps or times in the unit of its last field, INTERVAL as durations or
a month count, DECIMAL as 128-bit integers at the column's scale (exactly:
a value with more digits than the scale raises ``DataError``).
"""

from __future__ import annotations

import datetime as _dt
import struct
from array import array
from itertools import accumulate
from typing import NamedTuple

from informix_db import types as T
from informix_db.exceptions import DataError, NotSupportedError

__all__ = ["Column", "ColumnDecoder", "build_column"]

_EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()


class Column(NamedTuple):
    """One column of a batch in Arrow's layout."""

    length: int
    null_count: int
    #: validity (None: no NULL), then the format's data buffers
    buffers: list


class ColumnDecoder:
    """Decodes rows of *columns* (``ColumnType``s) under *encoding* into
    columns of Arrow *formats*, one per column."""

    __slots__ = ("columns", "encoding", "formats", "_decode", "_rows", "_checked")

    def __init__(self, columns, encoding: str, formats) -> None:
        self.columns = tuple(columns)
        self.encoding = encoding
        self.formats = tuple(formats)
        if len(self.formats) != len(self.columns):
            raise ValueError(f"{len(self.formats)} formats for {len(self.columns)} columns")
        for fmt in self.formats:
            _check_format(fmt)
        # the row decoder the selector chose (imported here: the selector
        # imports this module while it is being set up)
        from informix_db._impl import rows

        self._decode = rows.RowDecoder(self.columns, encoding)
        #: The rows held (decoded and not yet taken), turned into columns by
        #: ``take``: one append per row here, one pass per column there.
        self._rows: list[tuple] = []
        #: (column, check) of the formats some decoded values do not fit
        self._checked = [(i, _fit_check(f)) for i, (f, ct)
                         in enumerate(zip(self.formats, self.columns)) if _fallible(f, ct)]

    @property
    def length(self) -> int:
        """Rows held."""
        return len(self._rows)

    def __call__(self, buf, offset: int = 0):
        """Decode the row at *offset* of *buf* into the columns: ``(None, new_offset)``."""
        row, offset = self._decode(buf, offset)
        self._add(row)
        return None, offset

    def _add(self, row) -> None:
        # Checked now, not at take: a row is kept whole or not at all, and
        # the row that does not fit is the one reported.
        for i, check in self._checked:
            if row[i] is not None:
                check(row[i])
        self._rows.append(row)

    def drop_last(self) -> None:
        """Take back the last row added."""
        if not self._rows:
            raise ValueError("no row to drop")
        self._rows.pop()

    def add_rows(self, rows) -> None:
        """Add rows already decoded (tuples of values, in column order)."""
        for row in rows:
            if len(row) != len(self.formats):
                raise ValueError(f"a row of {len(row)} values for {len(self.formats)} columns")
            self._add(tuple(row))

    def take(self, n: int | None = None) -> list[Column]:
        """The first *n* rows held (all when None), as one ``Column`` per column."""
        n = len(self._rows) if n is None else max(n, 0)
        rows, self._rows = self._rows[:n], self._rows[n:]
        cols = zip(*rows) if rows else [()] * len(self.formats)
        return [build_column(fmt, list(values)) for fmt, values in zip(self.formats, cols)]


def _check_format(fmt: str) -> None:
    if not (fmt in _FIXED or fmt in ("b", "tin", "u", "U", "z", "Z") or fmt.startswith("d:")):
        raise NotSupportedError(f"no Arrow builder for format {fmt!r}")


def _fit_check(fmt: str):
    """A function that raises what ``build_column`` raises for a value that
    does not fit *fmt*, by a cheaper test first."""
    if fmt.startswith("d:"):
        unit = 10 ** int(fmt.split(",")[1])
        limit = 10 ** 38

        def fits(v) -> bool:
            num, den = v.as_integer_ratio()
            n, rest = divmod(num * unit, den)
            return not rest and -limit < n < limit
    elif fmt == "tDu":
        def fits(v) -> bool:
            return -(1 << 63) <= _duration_us(v) < 1 << 63
    elif fmt == "tin":
        def fits(v) -> bool:
            return -(1 << 31) <= v.total_months < 1 << 31
    else:  # "l"
        def fits(v) -> bool:
            return -(1 << 63) <= v < 1 << 63

    def check(value) -> None:
        try:
            ok = fits(value)
        except (AttributeError, TypeError, ValueError, OverflowError):
            ok = False
        if not ok:
            build_column(fmt, [value])  # raises the builder's own error

    return check


def _fallible(fmt: str, ct) -> bool:
    """Whether some decoded values of column type *ct* do not fit *fmt*:
    128-bit decimals (too many digits), microsecond durations (past int64),
    month counts (past int32), INT8 (its magnitude word reaches 2**64 - 1)."""
    return (fmt.startswith("d:") or fmt in ("tDu", "tin")
            or (fmt == "l" and ct.sqltype in (T.SQLINT8, T.SQLSERIAL8)))


def _validity(values: list) -> tuple[bytearray | None, int]:
    """The validity bitmap (None when nothing is NULL) and the NULL count."""
    nulls = [i for i, v in enumerate(values) if v is None]
    if not nulls:
        return None, 0
    n = len(values)
    bits = bytearray(b"\xff" * ((n + 7) >> 3))
    if n & 7:
        bits[-1] = (1 << (n & 7)) - 1  # the bits past the end stay clear
    for i in nulls:
        bits[i >> 3] &= ~(1 << (i & 7)) & 0xFF
    return bits, len(nulls)


def _days(v) -> int:
    return v.toordinal() - _EPOCH_ORDINAL


def _micros_of_day(v) -> int:
    return ((v.hour * 60 + v.minute) * 60 + v.second) * 1_000_000 + v.microsecond


def _timestamp_us(v) -> int:
    if isinstance(v, _dt.datetime):
        return _days(v) * 86_400_000_000 + _micros_of_day(v)
    return _days(v) * 86_400_000_000  # a date: midnight


def _duration_us(v: _dt.timedelta) -> int:
    return (v.days * 86_400 + v.seconds) * 1_000_000 + v.microseconds


#: format -> (array typecode, value -> number)
_FIXED = {
    "s": ("h", int), "i": ("i", int), "l": ("q", int),
    "f": ("f", float), "g": ("d", float),
    "tdD": ("i", _days),
    "tss:": ("q", lambda v: _timestamp_us(v) // 1_000_000),
    "tsm:": ("q", lambda v: _timestamp_us(v) // 1_000),
    "tsu:": ("q", _timestamp_us),
    "tts": ("i", lambda v: _micros_of_day(v) // 1_000_000),
    "ttm": ("i", lambda v: _micros_of_day(v) // 1_000),
    "ttu": ("q", _micros_of_day),
    "tDs": ("q", lambda v: _duration_us(v) // 1_000_000),
    "tDm": ("q", lambda v: _duration_us(v) // 1_000),
    "tDu": ("q", _duration_us),
}


#: formats whose values go into the array as they are (int, float, Decimal)
_AS_IS = frozenset("silfg")


def _fixed(fmt: str, values: list, valid) -> list:
    code, convert = _FIXED[fmt]
    zero = 0.0 if code in "fd" else 0
    try:
        if fmt in _AS_IS:
            data = array(code, values if valid is None else
                         [zero if v is None else v for v in values])
        else:
            data = array(code, [zero if v is None else convert(v) for v in values])
    except (TypeError, AttributeError, OverflowError) as exc:
        raise DataError(f"a value does not fit Arrow type {fmt!r}: {exc}") from None
    return [valid, data]


_MONTH_DAY_NANO = struct.Struct("=iiq")


def _month_intervals(values: list, valid) -> list:
    pack = _MONTH_DAY_NANO.pack
    zero = pack(0, 0, 0)
    try:
        data = b"".join(zero if v is None else pack(v.total_months, 0, 0) for v in values)
    except (AttributeError, struct.error) as exc:
        raise DataError(f"a value does not fit an Arrow month interval: {exc}") from None
    return [valid, data]


def _bits(values: list, valid) -> list:
    data = bytearray((len(values) + 7) >> 3)
    for i, v in enumerate(values):
        if v:
            data[i >> 3] |= 1 << (i & 7)
    return [valid, data]


def _variable(fmt: str, values: list, valid) -> list:
    if fmt in "uU":  # Arrow text is UTF-8 whatever the connection's code set
        chunks = [b"" if v is None else v.encode("utf-8") for v in values]
    else:
        chunks = [b"" if v is None else bytes(v) for v in values]
    offsets = array("i" if fmt in "uz" else "q", [0])
    try:
        offsets.extend(accumulate(map(len, chunks)))
    except OverflowError:
        raise DataError("more than 2 GiB of text in one Arrow batch: fetch smaller "
                        "batches") from None
    return [valid, offsets, b"".join(chunks)]


def _decimals(fmt: str, values: list, valid) -> list:
    scale = int(fmt.split(",")[1])
    unit = 10 ** scale
    limit = 10 ** 38
    out = bytearray()
    zero = bytes(16)
    for v in values:
        if v is None:
            out += zero
            continue
        # exact integer arithmetic (Decimal's context would round past 28 digits)
        try:
            num, den = v.as_integer_ratio()
        except (AttributeError, ValueError, OverflowError):
            raise DataError(f"DECIMAL value {v!r} does not fit Arrow {fmt}") from None
        n, rest = divmod(num * unit, den)
        if rest or not -limit < n < limit:
            raise DataError(f"DECIMAL value {v} does not fit Arrow {fmt}")
        out += n.to_bytes(16, "little", signed=True)
    return [valid, out]


def build_column(fmt: str, values: list) -> Column:
    """*values* as decoded (None for NULL) in the buffers Arrow's *fmt* lays out."""
    valid, nulls = _validity(values)
    if fmt in _FIXED:
        buffers = _fixed(fmt, values, valid)
    elif fmt == "b":
        buffers = _bits(values, valid)
    elif fmt == "tin":
        buffers = _month_intervals(values, valid)
    elif fmt in ("u", "U", "z", "Z"):
        buffers = _variable(fmt, values, valid)
    elif fmt.startswith("d:"):
        buffers = _decimals(fmt, values, valid)
    else:
        raise NotSupportedError(f"no Arrow builder for format {fmt!r}")
    return Column(len(values), nulls, buffers)
