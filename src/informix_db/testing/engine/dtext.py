"""Character text written to a DATETIME or INTERVAL column, converted as Informix does.

Informix reads a string given for a DATETIME/INTERVAL value as a literal
laid out like the target's qualifier: ``'23'`` for HOUR TO HOUR,
``'59:58'`` for MINUTE TO SECOND, ``'02-29'`` for MONTH TO DAY,
``'5-03'`` for INTERVAL YEAR TO MONTH, ``'3 04:05:06.78901'`` for
INTERVAL DAY TO FRACTION(5). Bad text gives -1262 (a non-numeric
character, or a missing field), -1263 (a field out of range) or -1264
(characters after the last field).

The result is the value the column's DuckDB storage binds: a ``datetime``
(or a ``time`` from HOUR on), a ``timedelta``, or total months.
"""

from __future__ import annotations

import datetime as _dt
import re

from informix_db.testing.engine.errors import InformixError
from informix_db.testing.engine.itypes import IfxType
from informix_db.testing.engine.literals import datetime_value, interval_value

#: Families whose string values this module converts.
FAMILIES = ("datetime", "time", "interval_ds", "interval_ym")


_ISO = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{1,2}(?::\d{1,2}(?:\.\d{1,6})?)?)?")


def _iso(text: str):
    """A full ISO date or timestamp (what a DATETIME YEAR TO ... prints), or None."""
    s = text.strip()
    if not _ISO.fullmatch(s):
        return None
    try:
        return _dt.datetime.fromisoformat(s)
    except ValueError:
        return None


def _datetime(text: str, t: IfxType):
    try:
        return datetime_value(text, t.start, t.end)
    except InformixError as exc:
        # A full ISO date or timestamp (text for YEAR TO ...) is accepted for
        # any qualifier and cut to the column's fields, as a DATETIME YEAR TO
        # FRACTION value would be: clients send datetimes as such text.
        iso = _iso(text)
        if iso is None:
            raise exc from None
        return _extend(iso, t)


def _extend(value, t: IfxType):
    """An ISO timestamp as the column's storage binds it."""
    if t.family == "time":
        return value.time()
    return value


def printed(value, date_format: str):
    """A DATE, DATETIME or TIME parameter written to a character column, as
    Informix prints it there; any other value as is.  The parameter's
    qualifier is the one the driver binds for its Python type (YEAR TO
    FRACTION(5) for a datetime, HOUR TO SECOND or FRACTION(5) for a time,
    see ``codecs.datetime.bind_length_for``); a DATE prints as the session's
    DBDATE says (*date_format*, ``values.dbdate_format``): the peer driver's
    real-server suite stores a DATE bound with DBDATE=Y4MD- as '2026-08-31'."""
    if isinstance(value, _dt.datetime):
        return f"{value:%Y-%m-%d %H:%M:%S}.{value.microsecond // 10:05d}"
    if isinstance(value, _dt.date):
        return value.strftime(date_format)
    if isinstance(value, _dt.time):
        text = f"{value:%H:%M:%S}"
        return f"{text}.{value.microsecond // 10:05d}" if value.microsecond else text
    return value


def convert(text: str, t: IfxType):
    """The storage value of ``text`` written to a column of type ``t`` (a DATETIME/INTERVAL)."""
    if t.family in ("datetime", "time"):
        return _datetime(text, t)
    return interval_value(text, t.start, t.end, leading=t.size)
