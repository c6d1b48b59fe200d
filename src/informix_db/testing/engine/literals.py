"""Informix literal forms DuckDB lacks: DATETIME/INTERVAL literals, MATCHES patterns.

Also the values of CURRENT/TODAY for a statement, cut to a qualifier.
"""

from __future__ import annotations

import datetime as _dt
import re

from informix_db import types as T
from informix_db.testing.engine.errors import InformixError

_FIELD_ORDER = [T.TU_YEAR, T.TU_MONTH, T.TU_DAY, T.TU_HOUR, T.TU_MINUTE, T.TU_SECOND]
_SEPS = {T.TU_MONTH: "-", T.TU_DAY: "-", T.TU_HOUR: " ", T.TU_MINUTE: ":", T.TU_SECOND: ":"}


def _split_fields(text: str, start: int, end: int) -> tuple[list[int], int, int, bool]:
    """Field values of a DATETIME/INTERVAL literal; also fraction micros, digits, sign."""
    s = text.strip()
    neg = s.startswith("-")
    if neg:
        s = s[1:].strip()
    units = [u for u in _FIELD_ORDER if start <= u <= min(end, T.TU_SECOND)]
    values: list[int] = []
    rest = s
    frac_us = 0
    for i, u in enumerate(units):
        if i > 0:
            sep = _SEPS[u]
            if not rest.startswith(sep) and not (sep == " " and rest[:1].isspace()):
                raise InformixError(-1262, token=text)
            rest = rest[1:].lstrip() if sep == " " else rest[1:]
        m = re.match(r"\d+", rest)
        if not m:
            raise InformixError(-1262, token=text)
        values.append(int(m.group()))
        rest = rest[m.end():]
    if end > T.TU_SECOND:
        if start > T.TU_SECOND:
            m = re.match(r"\.?(\d+)", rest)  # FRACTION TO FRACTION: ".12" or "12"
            digits = m.group(1) if m else ""
            rest = rest[m.end():] if m else rest
        else:
            m = re.match(r"\.(\d*)", rest)
            digits = m.group(1) if m else ""
            rest = rest[m.end():] if m else rest
        digits = (digits + "000000")[:6]
        frac_us = int(digits)
    if rest.strip():
        raise InformixError(-1264, token=text)
    return values, frac_us, len(units), neg


def datetime_value(text: str, start: int, end: int):
    """The Python value of ``DATETIME (text) start TO end`` (datetime, or time from HOUR)."""
    values, frac_us, _, _ = _split_fields(text, start, end)
    fields = dict(zip([u for u in _FIELD_ORDER if start <= u <= min(end, T.TU_SECOND)], values))
    try:
        if start >= T.TU_HOUR:
            return _dt.time(fields.get(T.TU_HOUR, 0), fields.get(T.TU_MINUTE, 0),
                            fields.get(T.TU_SECOND, 0), frac_us)
        return _dt.datetime(fields.get(T.TU_YEAR, 2000), fields.get(T.TU_MONTH, 1),
                            fields.get(T.TU_DAY, 1), fields.get(T.TU_HOUR, 0),
                            fields.get(T.TU_MINUTE, 0), fields.get(T.TU_SECOND, 0), frac_us)
    except ValueError:
        raise InformixError(-1263, token=text) from None


#: The largest value of each INTERVAL field after the first (the first has its precision).
_INTERVAL_MAX = {T.TU_MONTH: 11, T.TU_HOUR: 23, T.TU_MINUTE: 59, T.TU_SECOND: 59}


def _check_interval_fields(text: str, units: list[int], values: list[int],
                           leading: int | None) -> None:
    """-1263 for a field out of range: a later field past its unit, a first past its digits."""
    for k, (u, v) in enumerate(zip(units, values)):
        if k == 0:
            if leading is not None and v >= 10 ** leading:
                raise InformixError(-1263, token=text)
        elif v > _INTERVAL_MAX.get(u, v):
            raise InformixError(-1263, token=text)


def interval_value(text: str, start: int, end: int, leading: int | None = None):
    """``INTERVAL (text) start TO end``: months (int) for YEAR-MONTH, else a timedelta.

    ``leading`` is the first field's precision, checked when given.
    """
    values, frac_us, _, neg = _split_fields(text, start, end)
    _check_interval_fields(text, [u for u in _FIELD_ORDER if start <= u <= min(end, T.TU_SECOND)],
                           values, leading)
    sign = -1 if neg else 1
    if end <= T.TU_MONTH:
        units = [u for u in (T.TU_YEAR, T.TU_MONTH) if start <= u <= end]
        f = dict(zip(units, values))
        return sign * (f.get(T.TU_YEAR, 0) * 12 + f.get(T.TU_MONTH, 0))
    units = [u for u in _FIELD_ORDER if start <= u <= min(end, T.TU_SECOND)]
    f = dict(zip(units, values))
    td = _dt.timedelta(days=f.get(T.TU_DAY, 0), hours=f.get(T.TU_HOUR, 0),
                       minutes=f.get(T.TU_MINUTE, 0), seconds=f.get(T.TU_SECOND, 0),
                       microseconds=frac_us)
    return -td if neg else td


def cut_datetime(value: _dt.datetime, start: int, end: int):
    """``value`` cut to the qualifier: later fields zeroed, a time from HOUR on."""
    v = value
    if end <= T.TU_SECOND:
        v = v.replace(microsecond=0)
        if end < T.TU_SECOND:
            v = v.replace(second=0)
        if end < T.TU_MINUTE:
            v = v.replace(minute=0)
        if end < T.TU_HOUR:
            v = v.replace(hour=0)
        if end < T.TU_DAY:
            v = v.replace(day=1)
        if end < T.TU_MONTH:
            v = v.replace(month=1)
    else:
        step = 10 ** (6 - (end - T.TU_SECOND))
        v = v.replace(microsecond=v.microsecond // step * step)
    if start >= T.TU_HOUR:
        return v.time()
    return v


def matches_to_regex(pattern: str, escape: str | None = "\\") -> str:
    """The regular expression (full match) equal to an Informix MATCHES pattern."""
    out: list[str] = []
    i = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if escape and c == escape and i + 1 < n:
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if c == "*":
            out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "[":
            j = pattern.find("]", i + 1)
            if j < 0:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1 : j]
                neg = body.startswith("^")
                if neg:
                    body = body[1:]
                body = body.replace("\\", "\\\\").replace("[", "\\[")
                out.append("[" + ("^" if neg else "") + body + "]")
                i = j
        else:
            out.append(re.escape(c))
        i += 1
    return "(?s)" + "".join(out)
