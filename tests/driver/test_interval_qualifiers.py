"""Every INTERVAL qualifier through the wire: described, stored, read back."""

from __future__ import annotations

import datetime as dt

import pytest

from informix_db import DataError
from informix_db import types as T
from informix_db.types import IntervalYM

from .dbapi_helpers import table_name

pytest.importorskip("informix_db.testing")

_DS = ["DAY", "HOUR", "MINUTE", "SECOND"]
_US = {"DAY": 86_400_000_000, "HOUR": 3_600_000_000, "MINUTE": 60_000_000,
       "SECOND": 1_000_000}


def _ds_qualifiers():
    """(declaration, leading unit, leading digits, microseconds of the last unit)."""
    out = []
    for i, start in enumerate(_DS):
        for lead in (None, 1, 5, 9):
            head = start if lead is None else f"{start}({lead})"
            digits = 2 if lead is None else lead
            for end in _DS[i:]:
                decl = head if end == start and lead is None else f"{head} TO {end}"
                out.append((decl, start, digits, _US[end]))
            for n in (1, 2, 3, 4, 5):
                out.append((f"{head} TO FRACTION({n})", start, digits, 10 ** (6 - n)))
    for n in (1, 2, 3, 4, 5):
        out.append((f"FRACTION TO FRACTION({n})", "FRACTION", 0, 10 ** (6 - n)))
    return out


DS = _ds_qualifiers()
YM = [("YEAR", 12, 4, 12), ("YEAR(2) TO MONTH", 12, 2, 1), ("YEAR TO MONTH", 12, 4, 1),
      ("YEAR(9) TO MONTH", 12, 9, 1), ("MONTH", 1, 2, 1), ("MONTH(6) TO MONTH", 1, 6, 1)]


def _limit_us(start: str, digits: int) -> int:
    """Microseconds the leading field cannot reach (FRACTION: one second)."""
    return 1_000_000 if start == "FRACTION" else 10 ** digits * _US[start]


def _truncated(us: int, step: int) -> dt.timedelta:
    cut = abs(us) // step * step  # Informix truncates toward zero
    return dt.timedelta(microseconds=cut if us >= 0 else -cut)


@pytest.fixture
def one_column(conn):
    def make(decl: str) -> str:
        name = table_name("iq")
        conn.cursor().execute(f"CREATE TABLE {name} (v INTERVAL {decl})")
        return name
    return make


@pytest.mark.parametrize("decl,start,digits,step", DS, ids=[d[0] for d in DS])
def test_day_to_fraction_qualifiers_round_trip(conn, one_column, decl, start, digits, step):
    table = one_column(decl)
    top = min(_limit_us(start, digits), 999_999_999 * 86_400_000_000) - 1
    values = [top, -top, 1, -(top // 3), 0, 123_456_789 % top]
    cur = conn.cursor()
    cur.executemany(f"INSERT INTO {table} VALUES (?)",
                    [(dt.timedelta(microseconds=us),) for us in values] + [(None,)])
    cur.execute(f"SELECT v FROM {table}")
    assert cur.description[0][1] == T.SQLINTERVAL
    assert [r[0] for r in cur.fetchall()] == [_truncated(us, step) for us in values] + [None]


#: The qualifiers a timedelta can overflow (DAY(9) holds more than timedelta).
DS_BOUNDED = [q for q in DS if _limit_us(q[1], q[2]) <= dt.timedelta.max // dt.timedelta(
    microseconds=1)]


@pytest.mark.parametrize("decl,start,digits,step", DS_BOUNDED, ids=[d[0] for d in DS_BOUNDED])
def test_a_value_beyond_the_leading_digits_is_refused(conn, one_column, decl, start, digits,
                                                      step):
    table = one_column(decl)
    limit = _limit_us(start, digits)
    cur = conn.cursor()
    with pytest.raises(DataError) as info:
        cur.execute(f"INSERT INTO {table} VALUES (?)", (dt.timedelta(microseconds=limit),))
    assert info.value.sqlcode == -1265
    cur.execute(f"SELECT COUNT(*) FROM {table}")
    assert cur.fetchone() == (0,)


@pytest.mark.parametrize("decl,unit,digits,step", YM, ids=[d[0] for d in YM])
def test_year_month_qualifiers_round_trip(conn, one_column, decl, unit, digits, step):
    table = one_column(decl)
    top = 10 ** digits * unit - 1
    months = [top, -top, 0, 13, -25]
    cur = conn.cursor()
    cur.executemany(f"INSERT INTO {table} VALUES (?)",
                    [(IntervalYM.from_months(m),) for m in months])
    cur.execute(f"SELECT v FROM {table}")
    expected = [IntervalYM.from_months((abs(m) // step * step) * (1 if m >= 0 else -1))
                for m in months]
    assert [r[0] for r in cur.fetchall()] == expected
    with pytest.raises(DataError) as info:
        cur.execute(f"INSERT INTO {table} VALUES (?)", (IntervalYM.from_months(top + 1),))
    # YEAR(9) is also the parameter's own qualifier: the driver refuses first.
    assert info.value.sqlcode == (None if digits == 9 and unit == 12 else -1265)


def test_fraction_to_fraction_is_described_with_its_digits(conn, one_column):
    table = one_column("FRACTION TO FRACTION(4)")
    cur = conn.cursor()
    cur.execute(f"SELECT v FROM {table}")
    code = cur.description[0][1]
    assert code.name == "INTERVAL FRACTION TO FRACTION(4)"
    assert T.split_qualifier(T.interval_length(T.TU_FRAC, T.TU_F4)) == (4, T.TU_FRAC, T.TU_F4)
