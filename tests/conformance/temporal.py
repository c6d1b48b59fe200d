"""DATETIME and INTERVAL values as qualifier fields and Informix literal text.

A DATETIME compares by the fields its qualifier covers (``Case.fields``,
``Case.frac`` digits of FRACTION), whatever object a client returns; these
helpers extract those fields, write the literal text a server accepts, and
parse the text IBM JDBC returns. INTERVAL YEAR TO MONTH values reduce to a
signed month count, DAY TO FRACTION values to ``timedelta``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .corpus import Case

UNITS = ("year", "month", "day", "hour", "minute", "second", "fraction")


def truncate_fraction(micro: int, digits: int) -> int:
    step = 10 ** (6 - digits) if digits else 1_000_000
    return micro - micro % step


def datetime_fields(case: Case, value: Any) -> tuple[int, ...] | None:
    """The qualifier's fields of a DATETIME value (object or literal text)."""
    if value is None:
        return None
    if isinstance(value, str):
        return _parse_datetime_literal(case, value)
    got = {
        "year": getattr(value, "year", None),
        "month": getattr(value, "month", None),
        "day": getattr(value, "day", None),
        "hour": getattr(value, "hour", None),
        "minute": getattr(value, "minute", None),
        "second": getattr(value, "second", None),
        "fraction": getattr(value, "microsecond", None),
    }
    out = []
    for name in case.fields:
        v = got[name]
        if v is None:
            raise TypeError(f"{type(value).__name__} has no {name} field for {case.decl}")
        out.append(truncate_fraction(v, case.frac) if name == "fraction" else v)
    return tuple(out)


_SEPARATORS = {"month": "-", "day": "-", "hour": " ", "minute": ":", "second": ":", "fraction": "."}


def datetime_literal(case: Case, value: Any) -> str:
    """Informix literal text of a DATETIME value for ``case``'s qualifier."""
    parts = []
    for i, (name, v) in enumerate(zip(case.fields, datetime_fields(case, value))):
        if name == "fraction":
            text = f"{v:06d}"[: case.frac]
        elif name == "year":
            text = f"{v:04d}"
        else:
            text = f"{v:02d}"
        parts.append((_SEPARATORS[name] if i else "") + text)
    return "".join(parts)


def _parse_datetime_literal(case: Case, text: str) -> tuple[int, ...]:
    text = text.strip()
    if case.fields[0] == "fraction":
        text = text.removeprefix(".")  # IBM JDBC writes FRACTION TO FRACTION as ".123"
    nums = re.split(r"[-: .]", text)
    if len(nums) != len(case.fields):
        raise ValueError(f"{text!r} does not have the fields of {case.decl}")
    out = []
    for name, n in zip(case.fields, nums):
        if name == "fraction":
            out.append(int(n.ljust(6, "0")[:6]))
        else:
            out.append(int(n))
    return tuple(out)


def interval_literal(case: Case, value: Any) -> str:
    """Informix literal text of an INTERVAL value."""
    if case.family == "interval_ym":
        months = interval_months(value)
        sign = "-" if months < 0 else ""
        return f"{sign}{abs(months) // 12}-{abs(months) % 12:02d}"
    sign = "-" if value < dt.timedelta(0) else ""
    v = abs(value)
    secs = v.seconds
    text = f"{sign}{v.days} {secs // 3600:02d}:{secs // 60 % 60:02d}:{secs % 60:02d}"
    if case.frac:
        text += "." + f"{v.microseconds:06d}"[: case.frac]
    return text


def interval_months(value: Any) -> int:
    """Signed total months of a year-month interval in any representation."""
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "interval_ym":
        return int(value[1])
    if hasattr(value, "total_months"):  # ours: years + remainder months
        return int(value.total_months)
    if hasattr(value, "months"):  # the peer's: .months is the signed total
        return int(value.months)
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(-?)\s*(\d+)-(\d+)\s*", value)
        if not m:
            raise ValueError(f"not a YEAR TO MONTH literal: {value!r}")
        total = int(m.group(2)) * 12 + int(m.group(3))
        return -total if m.group(1) else total
    raise TypeError(f"not a year-month interval: {value!r}")


def parse_interval_df(text: str) -> dt.timedelta:
    """``[-]D HH:MM:SS[.F]`` -> timedelta (exactly, fraction to microseconds)."""
    m = re.fullmatch(r"\s*(-?)\s*(\d+) (\d+):(\d+):(\d+)(?:\.(\d+))?\s*", text)
    if not m:
        raise ValueError(f"not a DAY TO FRACTION literal: {text!r}")
    frac = int((m.group(6) or "0").ljust(6, "0")[:6])
    td = dt.timedelta(
        days=int(m.group(2)), hours=int(m.group(3)), minutes=int(m.group(4)),
        seconds=int(m.group(5)), microseconds=frac,
    )
    return -td if m.group(1) else td
