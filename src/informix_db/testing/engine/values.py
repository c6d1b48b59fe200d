"""Python values in and out of DuckDB storage, per declared Informix type.

``coerce_sql`` wraps the SQL expression written to a column so DuckDB stores
what Informix would (CHAR without its padding, DATETIME cut to its
qualifier, ...); ``fetch_converter`` turns a stored value back into the
Python value the driver expects (CHAR padded to its length, ...).
"""

from __future__ import annotations

import datetime as _dt
from decimal import Context, Decimal

from informix_db import types as T
from informix_db.testing.engine.itypes import IfxType

try:  # the codecs helper adds it; until then a stand-in with the same idea
    from informix_db.types import IntervalYM  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - only until informix_db.types has it
    from dataclasses import dataclass

    @dataclass(frozen=True, slots=True)
    class IntervalYM:  # type: ignore[no-redef]
        """PLACEHOLDER (engine-local): a signed YEAR TO MONTH interval."""

        years: int = 0
        months: int = 0


def ym_to_months(value) -> int:
    """Total signed months of an ``IntervalYM`` (whatever its field layout)."""
    for attr in ("total_months",):
        if hasattr(value, attr):
            return int(getattr(value, attr))
    years = int(getattr(value, "years", 0))
    months = int(getattr(value, "months", 0))
    return years * 12 + months


def months_to_ym(total: int):
    """An ``IntervalYM`` of ``total`` signed months."""
    sign = -1 if total < 0 else 1
    years, months = divmod(abs(total), 12)
    try:
        return IntervalYM(sign * years, sign * months)
    except TypeError:  # a layout with one total-months field
        return IntervalYM(total)  # type: ignore[call-arg]


_TRUNC_UNIT = {T.TU_YEAR: "year", T.TU_MONTH: "month", T.TU_DAY: "day", T.TU_HOUR: "hour",
               T.TU_MINUTE: "minute", T.TU_SECOND: "second"}


def _trunc_timestamp(expr: str, end: int) -> str:
    if end in _TRUNC_UNIT:
        return f"date_trunc('{_TRUNC_UNIT[end]}', {expr})"
    step = 10 ** (6 - (end - T.TU_SECOND))  # microseconds per last fraction digit
    if step == 1:
        return expr
    us = f"epoch_us({expr})"
    return f"make_timestamp({us} - ((({us}) % {step}) + {step}) % {step})"


def coerce_sql(t: IfxType, expr: str) -> str:
    """DuckDB SQL storing the value of ``expr`` as a column of type ``t`` does."""
    e = f"({expr})"
    fam = t.family
    if fam == "char":
        return f"rtrim(substr(CAST({e} AS VARCHAR), 1, {t.size}), ' ')"
    if fam in ("varchar", "lvarchar"):
        return f"substr(CAST({e} AS VARCHAR), 1, {t.size})"
    if fam == "datetime":
        inner = f"CAST({e} AS TIMESTAMP)"
        return _trunc_timestamp(inner, t.end)
    if fam == "time":
        inner = f"(TIMESTAMP '2000-01-01' + CAST({e} AS TIME))"
        return f"CAST({_trunc_timestamp(inner, t.end)} AS TIME)"
    return f"CAST({e} AS {t.duck})"


def _pad(n: int):
    def conv(v):
        return v if v is None or len(v) >= n else v.ljust(n)
    return conv


def _decfloat(p: int):
    ctx = Context(prec=p)

    def conv(v):
        return None if v is None else ctx.create_decimal(repr(float(v)))
    return conv


def _interval_ds(end: int):
    step = 10 ** (6 - (end - T.TU_SECOND)) if end > T.TU_SECOND else {
        T.TU_SECOND: 1_000_000, T.TU_MINUTE: 60_000_000, T.TU_HOUR: 3_600_000_000,
        T.TU_DAY: 86_400_000_000}[end]

    def conv(v):
        if v is None or step == 1:
            return v
        us = (v.days * 86_400 + v.seconds) * 1_000_000 + v.microseconds
        cut = abs(us) // step * step  # Informix truncates toward zero
        return _dt.timedelta(microseconds=cut if us >= 0 else -cut)
    return conv


def _ym(v):
    return None if v is None else months_to_ym(int(v))


def _blob(v):
    return None if v is None else bytes(v)


def fetch_converter(t: IfxType):
    """A function turning a stored value into the Python value, or None if identity."""
    fam = t.family
    if fam == "char":
        return _pad(t.size)
    if fam == "decfloat":
        return _decfloat(t.size)
    if fam == "interval_ds":
        return _interval_ds(t.end)
    if fam == "interval_ym":
        return _ym
    if fam == "byte":
        return _blob
    return None


def bind_value(v):
    """A Python parameter value as DuckDB should bind it."""
    if v is None or isinstance(v, (int, float, str, bytes, Decimal, bool,
                                   _dt.date, _dt.time, _dt.timedelta)):
        return v
    if isinstance(v, IntervalYM) or hasattr(v, "years") and hasattr(v, "months"):
        return ym_to_months(v)
    if isinstance(v, (bytearray, memoryview)):
        return bytes(v)
    return v
