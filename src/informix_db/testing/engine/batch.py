"""Many executions of one ``INSERT ... VALUES (...)`` as a single DuckDB statement.

DuckDB spends milliseconds planning each single-row INSERT, so a client's
batch (executemany: one prepared INSERT, many parameter rows) is run as

    INSERT INTO t (cols) SELECT <the statement's value expressions>
    FROM (SELECT unnest(?) AS s0, unnest(?) AS s1, ...) AS __b

with one list per slot.  The value expressions are the prepared statement's
own (each ``?`` becomes ``__b.s<k>``), so every row is coerced exactly as
when it runs alone.  What could differ is the type DuckDB gives a value: a
lone ``?`` is typed from its Python value, a list from all of its items.
``column_lists`` therefore only batches slots whose values all get the same
DuckDB type on their own (and whose written DECIMALs keep their scale);
anything else runs row by row.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

from informix_db.testing.engine.lexer import Token
from informix_db.testing.engine.xlate import Slot, render

#: Slot kinds whose value a row can compute before any row runs (the session
#: advances SERIAL counters row by row as it computes them).  DBINFO (last row
#: count, last serial) depends on the rows before it having run; MATCHES
#: patterns are not in INSERT values.
_BATCHABLE_SLOTS = ("user", "text", "today", "current", "serial")

#: Largest DECIMAL width DuckDB keeps exact.
_MAX_WIDTH = 38


def template(plan) -> str | None:
    """The batch SQL of an INSERT plan, or None when it cannot run as a batch.

    Only ``INSERT ... VALUES (<one row>)`` qualifies, and only when every user
    ``?`` is a whole value (the planner coerces each to its column's type, so
    the list's own type never reaches a function or an operator) and each
    SERIAL column is left out or given by a ``?``.
    """
    if plan.kind != "insert" or not plan.tokens:
        return None
    toks = plan.tokens
    end = len(toks)
    returning = ""
    if plan.serials:
        if {c for c, _ in plan.serials} != set(plan.serial_params):
            return None
        last = toks[-1]
        if last.kind != "raw" or not last.text.startswith(" RETURNING "):
            return None
        returning = last.text
        end -= 1
    try:
        start = next(i for i, t in enumerate(toks) if t.kind == "raw" and t.text == "VALUES (")
    except StopIteration:
        return None
    if toks[end - 1].kind != "raw" or toks[end - 1].text != ")":
        return None
    body: list[Token] = []
    nslots = 0
    users = set()
    for t in toks[start + 1 : end - 1]:
        if isinstance(t, Slot):
            if t.slot[0] not in _BATCHABLE_SLOTS:
                return None
            if t.slot[0] == "user":
                users.add(t.slot[1])
            body.append(Token("raw", f"__b.s{nslots}"))
            nslots += 1
        else:
            body.append(t)
    if any(isinstance(t, Slot) for t in toks[:start]):
        return None
    if nslots == 0 or users != set(plan.written) or len(users) != plan.nparams:
        return None
    source = ", ".join(f"unnest(?) AS s{k}" for k in range(nslots))
    return (f"{render(toks[:start])} SELECT {render(body)} FROM (SELECT {source}) AS __b"
            + returning)


def _int_class(v: int) -> int:
    # the integer type DuckDB binds a lone Python int as
    if -2**31 <= v < 2**31:
        return 0
    if -2**63 <= v < 2**63:
        return 1
    if 0 <= v < 2**64:
        return 2
    return 3


def _decimal_shape(v: Decimal) -> tuple[int, int] | None:
    """(integer digits, scale) of a finite Decimal; None for NaN/Infinity."""
    if not v.is_finite():
        return None
    sign, digits, exp = v.as_tuple()
    scale = max(0, -exp)
    return max(len(digits) + exp, 1), scale


def _same_type(values: list) -> bool:
    """Whether a list parameter of *values* has the type each has alone."""
    kind = None
    for v in values:
        if v is None:
            continue
        t = type(v)
        if kind is None:
            kind = t
        elif t is not kind:
            return False
    if kind is None or kind in (str, bytes, float, bool, _dt.date, _dt.timedelta):
        return True
    if kind is int:
        ints = [v for v in values if v is not None]
        if -2**31 <= min(ints) and max(ints) < 2**31:
            return True  # all INTEGER: the common case, without a call per value
        classes = {_int_class(v) for v in ints}
        return len(classes) == 1
    if kind in (_dt.datetime, _dt.time):
        # an aware value binds as a TZ type
        return all(v.tzinfo is None for v in values if v is not None)
    if kind is Decimal:
        shapes = [_decimal_shape(v) for v in values if v is not None]
        if any(s is None for s in shapes) or len({s[1] for s in shapes}) != 1:
            return False  # differing scales would print differently as text
        return max(s[0] for s in shapes) + shapes[0][1] <= _MAX_WIDTH
    return False


def column_lists(rows: list[list]) -> list[list] | None:
    """The slot values of *rows* as one list per slot, or None if a list would
    type a value differently than the value alone."""
    return typed_columns([list(c) for c in zip(*rows)])


def typed_columns(columns: list[list]) -> list[list] | None:
    """*columns* (one list of values per slot), or None if a list would type
    a value differently than the value alone."""
    if not all(_same_type(c) for c in columns):
        return None
    return columns
