"""Type-tagged JSON for values crossing between the two Python venvs.

The peer driver runs in its own interpreter (it imports as ``informix_db``
too), so plans and results travel as JSON. Plain JSON loses the difference
between ``Decimal`` and ``float``, ``bytes`` and ``str``, dates and strings;
each such value therefore travels as ``{"t": tag, "v": text}``.

This module is stdlib-only on purpose: ``peer_runner.py`` imports it inside
the peer venv, where our package must not be imported.
"""

from __future__ import annotations

import datetime
import decimal
from typing import Any


def _interval_ym_months(value: Any) -> int | None:
    """Total signed months of any year-month interval object, else None.

    Both drivers name the class ``IntervalYM``: ours keeps ``years`` and a
    remainder ``months`` (total in ``total_months``); the peer keeps only
    the signed total in ``months``.
    """
    if type(value).__name__ != "IntervalYM":
        return None
    if hasattr(value, "total_months"):
        return int(value.total_months)
    return int(value.months)


def encode(value: Any) -> Any:
    """A Python value -> JSON-safe tagged form (exact, reversible)."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return {"t": "int", "v": str(value)}  # JSON ints are fine, but keep huge ones exact
    if isinstance(value, float):
        return {"t": "float", "v": value.hex()}  # hex is exact, incl. inf/nan
    if isinstance(value, decimal.Decimal):
        return {"t": "decimal", "v": str(value)}
    if isinstance(value, datetime.datetime):
        return {"t": "datetime", "v": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"t": "date", "v": value.isoformat()}
    if isinstance(value, datetime.time):
        return {"t": "time", "v": value.isoformat()}
    if isinstance(value, datetime.timedelta):
        return {"t": "timedelta", "v": [value.days, value.seconds, value.microseconds]}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"t": "bytes", "v": bytes(value).hex()}
    months = _interval_ym_months(value)
    if months is not None:
        return {"t": "interval_ym", "v": months}
    if isinstance(value, (list, tuple)):
        return {"t": "tuple", "v": [encode(v) for v in value]}
    return {"t": "repr", "v": f"{type(value).__module__}.{type(value).__qualname__}: {value!r}"}


def decode(obj: Any, interval_ym: Any = None) -> Any:
    """Tagged form -> Python value.

    ``interval_ym`` is a callable ``months -> object`` used for the
    ``interval_ym`` tag (each side passes its own IntervalYM class).
    """
    if obj is None or isinstance(obj, (bool, str, int, float)):
        return obj
    if isinstance(obj, list):
        return [decode(v, interval_ym) for v in obj]
    tag, val = obj["t"], obj["v"]
    if tag == "int":
        return int(val)
    if tag == "float":
        return float.fromhex(val)
    if tag == "decimal":
        return decimal.Decimal(val)
    if tag == "datetime":
        return datetime.datetime.fromisoformat(val)
    if tag == "date":
        return datetime.date.fromisoformat(val)
    if tag == "time":
        return datetime.time.fromisoformat(val)
    if tag == "timedelta":
        return datetime.timedelta(days=val[0], seconds=val[1], microseconds=val[2])
    if tag == "bytes":
        return bytes.fromhex(val)
    if tag == "interval_ym":
        return interval_ym(val) if interval_ym is not None else ("interval_ym", val)
    if tag == "tuple":
        return tuple(decode(v, interval_ym) for v in val)
    if tag == "repr":
        return ("unrepresentable", val)
    raise ValueError(f"unknown tag {tag!r}")
