"""ROW, SET, MULTISET and LIST values -> their text representation (the
reading side, and what a value is, are in ``composite``).

``format_text`` writes a value as its declared type says (integers in their
display width, as IBM's DataBlade API guide shows ``SET{3          ,5 ...}``;
character values quoted): what the test server sends, and the tuple
encoder's output.  ``python_text`` writes a parameter from its Python types
alone (a tuple is a ROW, a list a LIST, a set a SET, a ``Multiset`` a
MULTISET; DATETIME/INTERVAL as typed literals): Informix casts such text to
the column's type, as it does a quoted literal (``'SET{7, 12}'``).
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

from informix_db import types as T
from informix_db.codecs._temporal import layout
from informix_db.codecs.composite import ENVELOPE_NULL, MAX_DEPTH, CompositeType
from informix_db.codecs.datetime import encode_datetime
from informix_db.codecs.interval import encode_interval
from informix_db.exceptions import DataError

__all__ = ["format_text", "row_items", "collection_items", "is_composite_value",
           "python_text", "composite_encoder"]


# -- values -> text -------------------------------------------------------------------

#: Display widths integers are padded to (IBM: ``SET{3          ,5 ...}``).
_INT_WIDTH = {T.SQLSMINT: 6, T.SQLINT: 11, T.SQLSERIAL: 11, T.SQLINT8: 20, T.SQLSERIAL8: 20,
              T.SQLINFXBIGINT: 20, T.SQLBIGSERIAL: 20}
_SEP = {T.TU_YEAR: "-", T.TU_MONTH: "-", T.TU_DAY: " ", T.TU_HOUR: ":", T.TU_MINUTE: ":"}


def _quote(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _format_temporal(t: T.ColumnType, value) -> str:
    lay = layout(t.sqltype, t.length)
    enc = encode_datetime if t.sqltype == T.SQLDTIME else encode_interval
    negative, values, frac = lay.unpack(enc(value, t.length), 0, "value")
    out = []
    for k, (u, v) in enumerate(zip(lay.units, values)):
        out.append(str(v) if k == 0 else str(v).zfill(T.TU_DIGITS[u]))
        if k + 1 < len(lay.units):
            out.append(_SEP[u])
    text = "".join(out)
    if lay.frac:
        text += "." + str(frac).zfill(lay.frac)
    return ("-" if negative else "") + text


def row_items(t: CompositeType, value) -> list:
    """A ROW value's field values in declared order (a sequence, or a mapping
    by field name)."""
    if isinstance(value, dict):
        try:
            items = [value[n] for n, _ in t.fields]
        except KeyError as exc:
            raise DataError(f"ROW value has no field {exc.args[0]!r}") from None
    elif isinstance(value, (str, bytes)):
        raise DataError(f"a ROW value must be a tuple of fields, not {type(value).__name__}")
    else:
        items = list(value)
    if len(items) != len(t.fields):
        raise DataError(f"ROW of {len(t.fields)} fields given {len(items)} values")
    return items


def collection_items(t: CompositeType, value) -> list:
    """A collection's elements (a SET's sorted where they compare)."""
    if isinstance(value, (str, bytes, dict)):
        raise DataError(f"a {t.kind} value must be a collection of elements, "
                        f"not {type(value).__name__}")
    items = list(value)
    if t.kind == "SET":
        try:
            items = sorted(items, key=lambda v: (v is None, v))
        except TypeError:
            pass  # incomparable elements: as given
    return items


def _format(t, value, depth: int, date_format: str) -> str:
    if value is None:
        return "NULL"
    if isinstance(t, CompositeType) and t.kind == "NAMED":
        return _literal(value, depth)
    if isinstance(t, CompositeType):
        if depth >= MAX_DEPTH:
            raise DataError("composite value nested too deeply")
        if t.kind == "ROW":
            return "ROW(" + ",".join(_format(ft, v, depth + 1, date_format)
                                     for (_, ft), v in zip(t.fields, row_items(t, value))) + ")"
        return t.kind + "{" + ",".join(_format(t.element, v, depth + 1, date_format)
                                       for v in collection_items(t, value)) + "}"
    code = t.sqltype
    if code in _INT_WIDTH:
        if isinstance(value, bool) or not isinstance(value, int):
            raise DataError(f"{T.type_text(t)} element needs an int, got {type(value).__name__}")
        return str(value).ljust(_INT_WIDTH[code])
    if code in (T.SQLFLOAT, T.SQLSMFLOAT):
        return repr(float(value))
    if code in (T.SQLDECIMAL, T.SQLMONEY):
        return str(Decimal(value))
    if code == T.SQLBOOL:
        return "t" if value else "f"
    if code == T.SQLDATE:
        return _quote(value.strftime(date_format))
    if code in (T.SQLDTIME, T.SQLINTERVAL):
        return _quote(_format_temporal(t, value))
    if code in (T.SQLCHAR, T.SQLNCHAR) and isinstance(value, str):
        return _quote(value.ljust(t.length))
    if not isinstance(value, str):
        raise DataError(f"{T.type_text(t)} element needs a str, got {type(value).__name__}")
    return _quote(value)


def format_text(value, t: CompositeType, date_format: str = "%Y-%m-%d") -> str:
    """The text representation of *value* as a composite of type *t*; DATE
    elements as *date_format* says (a server prints them as the client's
    DBDATE says: this driver sends Y4MD-, ``2024-12-31``)."""
    return _format(t, value, 0, date_format)


# -- values -> text, from their Python types (parameters) ------------------------------

def is_composite_value(value) -> bool:
    """Whether a parameter is sent as a composite: a tuple (ROW), list (LIST,
    ``Multiset``: MULTISET), set or frozenset (SET)."""
    return isinstance(value, (tuple, list, set, frozenset))


def _literal(value, depth: int) -> str:
    if depth >= MAX_DEPTH:
        raise DataError("composite parameter nested too deeply")
    if value is None:
        return "NULL"
    if isinstance(value, tuple):
        return "ROW(" + ",".join(_literal(v, depth + 1) for v in value) + ")"
    if isinstance(value, (list, set, frozenset)):
        kind = ("MULTISET" if isinstance(value, T.Multiset) else
                "LIST" if isinstance(value, list) else "SET")
        items = list(value)
        if kind == "SET":
            try:
                items.sort()
            except TypeError:
                pass
        return kind + "{" + ",".join(_literal(v, depth + 1) for v in items) + "}"
    if isinstance(value, bool):
        return "'t'" if value else "'f'"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise DataError(f"{value} cannot be stored in Informix")
        return str(value)
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            raise DataError(f"a composite element cannot hold the time zone of {value!r:.60}")
        return f"DATETIME({value:%Y-%m-%d %H:%M:%S}.{value.microsecond // 10:05d}) " \
               "YEAR TO FRACTION(5)"
    if isinstance(value, _dt.date):
        # as the driver's DBDATE (Y4MD-) reads it
        return _quote(value.isoformat())
    if isinstance(value, _dt.time):
        return f"DATETIME({value:%H:%M:%S}.{value.microsecond // 10:05d}) HOUR TO FRACTION(5)"
    if isinstance(value, _dt.timedelta):
        us = abs(value) // _dt.timedelta(microseconds=1)
        days, rest = divmod(us, 86_400_000_000)
        h, rest = divmod(rest, 3_600_000_000)
        m, rest = divmod(rest, 60_000_000)
        sec, frac = divmod(rest, 1_000_000)
        sign = "-" if value < _dt.timedelta(0) else ""
        return f"INTERVAL({sign}{days} {h:02d}:{m:02d}:{sec:02d}.{frac // 10:05d}) " \
               "DAY(9) TO FRACTION(5)"
    if isinstance(value, T.IntervalYM):
        return f"INTERVAL({value}) YEAR(9) TO MONTH"
    raise DataError(f"a composite element cannot be a {type(value).__name__} ({value!r:.60})")


def python_text(value) -> str:
    """The text literal of a composite parameter, its kinds and element types
    taken from the Python types (``is_composite_value``)."""
    return _literal(value, 0)


# -- the tuple envelope ---------------------------------------------------------------

def composite_encoder(t: CompositeType, encoding: str):
    def encode(value) -> bytes:
        """A str is taken as the text representation itself."""
        if value is None:
            return ENVELOPE_NULL
        text = value if isinstance(value, str) else format_text(value, t)
        body = text.encode(encoding)
        return b"\x00" + len(body).to_bytes(4, "big") + body
    return encode
