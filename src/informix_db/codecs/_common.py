"""Shared helpers of the codecs: bounds checks and error messages.

Decoders read from any bytes-like object at an offset and return
``(value, new_offset)``; they raise ``FramingError`` when the bytes end
too early and ``DataError`` when the bytes are there but do not form a
valid value.  Encoders raise ``InterfaceError`` for a Python type they
cannot take and ``DataError`` for a value out of the column's range.
"""

from __future__ import annotations

from informix_db.exceptions import DataError, FramingError, InterfaceError


def truncated(what: str, offset: int, need: int, buf) -> FramingError:
    """The error for a value that runs past the end of *buf*."""
    have = len(buf) - offset
    return FramingError(
        f"truncated {what}: needs {need} bytes at offset {offset}, {max(have, 0)} left"
    )


def check(buf, offset: int, need: int, what: str) -> int:
    """Return ``offset + need`` if *buf* holds that many bytes from *offset*."""
    end = offset + need
    if offset < 0 or end > len(buf):
        raise truncated(what, offset, need, buf)
    return end


def wrong_type(what: str, value, expected: str) -> InterfaceError:
    """The error for a Python value of a type *what* cannot take."""
    return InterfaceError(
        f"{what} needs {expected}, got {type(value).__name__} {value!r:.60}"
    )


def out_of_range(what: str, value, why: str = "") -> DataError:
    """The error for a value that does not fit the column's type."""
    tail = f": {why}" if why else ""
    return DataError(f"value {value!r:.80} is out of range for {what}{tail}")
