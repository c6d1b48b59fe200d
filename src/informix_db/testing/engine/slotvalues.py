"""The hidden parameter values of one execution, and the SERIAL counters.

The planner turns the user's ``?`` and the per-execution values (TODAY,
CURRENT, DBINFO, the SERIAL counter, MATCHES patterns given as parameters)
into slots, so a statement is translated once at PREPARE; this module
works out each slot's value at EXECUTE.  SERIAL counters live in the
Database (shared by sessions, never rolled back), a temp table's in the
session.

``SlotValues`` is a part of ``session.Session``.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

from informix_db.testing.engine import dtext, lobfuncs
from informix_db.testing.engine.errors import InformixError
from informix_db.testing.engine.literals import cut_datetime, matches_to_regex
from informix_db.testing.engine.planner import Plan
from informix_db.testing.engine.values import (
    _DECIMAL_FAMILIES, bind_value, composite_input, round_written,
)
from informix_db.testing.engine.xlate import slots_of

_TEXT_FAMILIES = ("char", "varchar", "lvarchar", "text")
#: Parameter types bind_value passes through unchanged (exact types: bool is an int).
_PLAIN = frozenset((int, float, str, bytes, bool, Decimal, _dt.date, _dt.datetime, _dt.time,
                    _dt.timedelta))
_PLAIN_OR_NONE = _PLAIN | {type(None)}
#: ``written`` of a ? stored in a character column (see _slot_recipe).
PRINTED = "printed"
#: Slot kinds whose value depends only on the row's parameters (see _slot_columns).
_COLUMN_KINDS = ("user", "text")


def _slot_recipe(p: Plan) -> list[tuple]:
    """Per slot of ``p``, what ``_slot_values`` does with it, worked out once per
    plan: ``(kind, arg1, arg2, text, char, dtext, written)`` where, for a user
    ``?``, arg1 is its index, arg2 its type, the flags say which conversions
    its type needs and ``written`` is the DECIMAL column it is rounded for,
    or ``PRINTED`` when it is stored in a character column (a DATE/DATETIME
    value is then stored as Informix prints it, ``dtext.printed``)."""
    recipe = p._slot_recipe
    if recipe is None:
        recipe = []
        ptypes = p.param_types
        for s in slots_of(p.tokens):
            if s[0] != "user":
                recipe.append((s[0], s[1] if len(s) > 1 else None,
                               s[2] if len(s) > 2 else None, False, False, False, None))
                continue
            i = s[1]
            t = ptypes[i] if i < len(ptypes) else None
            w = p.written.get(i)
            recipe.append(("user", i, t,
                           t is not None and t.family in _TEXT_FAMILIES,
                           t is not None and t.family == "char",
                           _text_input(t),
                           w if w is not None and w.family in _DECIMAL_FAMILIES
                           else PRINTED if w is not None and w.family in _TEXT_FAMILIES
                           else None))
        p._slot_recipe = recipe
    return recipe


def _text_input(t):
    """How text written to a column of type *t* becomes its value (None: as is)."""
    if t is None:
        return None
    if t.family in dtext.FAMILIES:
        return dtext.convert
    if t.family == "composite":
        return composite_input
    return None


class SlotValues:
    """Slot values and SERIAL counters of a ``Session``."""

    def _slot_values(self, p: Plan, params: list) -> list:
        now = None
        values = []
        encoding = self._db.encoding
        for kind, a, b, text, char, dtx, written in _slot_recipe(p):
            if kind == "user":
                v = params[a]
                if v is not None and type(v) not in _PLAIN:
                    v = bind_value(v)
                if text and isinstance(v, bytes):
                    v = v.decode(encoding, errors="replace")  # TEXT sent as bytes
                if char and isinstance(v, str):
                    v = v.rstrip(" ")  # CHAR compares without trailing blanks, as stored
                if dtx and (isinstance(v, str) or (v is not None and dtx is composite_input)):
                    v = dtx(v, b)  # text laid out like the qualifier, or a composite's
                if written is PRINTED:
                    v = dtext.printed(v, self.date_format)
                elif written is not None:  # stored: rounded as the column holds it
                    v = round_written(v, written)
                values.append(v)
            elif kind == "text":  # a string literal written to a DATETIME/INTERVAL column
                values.append(_text_input(b)(a, b))
            elif kind == "matches":
                v = params[a]
                values.append(None if v is None else matches_to_regex(str(v), b))
            elif kind == "today":
                now = now or _dt.datetime.now()
                values.append(now.date())
            elif kind == "current":
                now = now or _dt.datetime.now()
                values.append(cut_datetime(now, a, b))
            elif kind == "dbinfo":
                values.append(self._dbinfo(a))
            elif kind == "lo_in":  # FILETOBLOB/FILETOCLOB: a = (file, location), b = xid
                values.append(lobfuncs.read_client_file(self, a[0], a[1], b))
            elif kind == "serial":
                values.append(self._serial_base(p.name, a))
            else:  # pragma: no cover - the planner makes no other slots
                raise InformixError(-201, token=str(kind))
        return values

    def _slot_columns(self, p: Plan, rows: list) -> list[list] | None:
        """The slot values of many parameter *rows* at once, one list per slot:
        each value what ``_slot_values`` gives for its row, worked out a
        column at a time (a bulk load's hot path).  None when some slot's
        value depends on the row's turn or the clock (SERIAL, TODAY, ...):
        then only row by row is right.  Raises what ``_slot_values`` raises
        for some row (not necessarily for the same row first)."""
        recipe = _slot_recipe(p)
        if any(r[0] not in _COLUMN_KINDS for r in recipe):
            return None
        encoding = self._db.encoding
        columns = []
        for kind, a, b, text, char, dtx, written in recipe:
            if kind == "text":
                columns.append([_text_input(b)(a, b) for _ in rows])
                continue
            col = [r[a] for r in rows]
            if not _PLAIN_OR_NONE.issuperset(map(type, col)):
                col = [v if v is None or type(v) in _PLAIN else bind_value(v) for v in col]
            # the conversions of _slot_values, in its order
            if text:
                col = [v.decode(encoding, errors="replace") if isinstance(v, bytes) else v
                       for v in col]
            if char:
                col = [v.rstrip(" ") if isinstance(v, str) else v for v in col]
            if dtx:
                col = [dtx(v, b) if isinstance(v, str) or (
                    v is not None and dtx is composite_input) else v for v in col]
            if written is PRINTED:
                col = [dtext.printed(v, self.date_format) for v in col]
            elif written is not None:
                col = [None if v is None else round_written(v, written) for v in col]
            columns.append(col)
        return columns

    def _dbinfo(self, key: str):
        if key == "version":
            return self.engine.version
        if key == "dbname":
            return self._db.name if self._db else None
        if key == "sqlca.sqlerrd1":
            return self.last_serial
        if key == "sqlca.sqlerrd2":
            return self.last_rowcount
        if key == "sessionid":
            return self.id
        if key == "dbhostname":
            return "localhost"
        if key == "utc_current":
            return int(_dt.datetime.now(_dt.timezone.utc).timestamp())
        raise InformixError(-201, token=key)

    # SERIAL counters live in the Database (shared by sessions, never rolled back).
    def _serial_store(self, table: str) -> dict:
        return self._temp_serials if table in self._temp else self._db.serials

    def _serial_base(self, table: str, col: str) -> int:
        store = self._serial_store(table)
        key = (table, col)
        if key not in store:
            info = self._lookup(table)
            t = info.column(col)
            (top,) = self._conn.execute(f'SELECT max("{col}") FROM "{table}"').fetchone()
            store[key] = max(int(top or 0), t.size - 1)
        return store[key]
