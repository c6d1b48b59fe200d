"""Aware datetimes are refused, never stored with their offset dropped.

Informix DATETIME has no time zone; which wall clock an aware value should
become is the application's decision (codecs.datetime.aware_refused)."""

import datetime as dt

import pytest

from informix_db.exceptions import DataError

UTC_PLUS_2 = dt.timezone(dt.timedelta(hours=2))


@pytest.fixture
def cur(conn):
    c = conn.cursor()
    c.execute("CREATE TEMP TABLE tz_t (id INT, ts DATETIME YEAR TO FRACTION(5), t DATETIME HOUR TO SECOND)")
    yield c
    c.close()


def test_aware_datetime_parameter_is_refused_with_data_error(cur):
    with pytest.raises(DataError, match="time zone"):
        cur.execute("INSERT INTO tz_t (id, ts) VALUES (1, ?)", (dt.datetime(2026, 5, 4, 12, 0, tzinfo=UTC_PLUS_2),))


def test_aware_time_parameter_is_refused_with_data_error(cur):
    with pytest.raises(DataError, match="time zone"):
        cur.execute("INSERT INTO tz_t (id, t) VALUES (1, ?)", (dt.time(12, 0, tzinfo=dt.timezone.utc),))


def test_aware_datetime_in_executemany_is_refused_and_names_the_row(cur):
    rows = [(1, dt.datetime(2026, 5, 4, 12, 0)), (2, dt.datetime(2026, 5, 4, 12, 0, tzinfo=dt.timezone.utc))]
    with pytest.raises(DataError, match="time zone"):
        cur.executemany("INSERT INTO tz_t (id, ts) VALUES (?, ?)", rows)


def test_session_stays_usable_after_an_aware_value_is_refused(cur):
    with pytest.raises(DataError):
        cur.execute("INSERT INTO tz_t (id, ts) VALUES (1, ?)", (dt.datetime(2026, 5, 4, tzinfo=dt.timezone.utc),))
    cur.execute("INSERT INTO tz_t (id, ts) VALUES (2, ?)", (dt.datetime(2026, 5, 4, 12, 30),))
    cur.execute("SELECT id, ts FROM tz_t")
    assert cur.fetchall() == [(2, dt.datetime(2026, 5, 4, 12, 30))]


def test_converted_aware_value_stores_the_chosen_wall_clock(cur):
    aware = dt.datetime(2026, 5, 4, 12, 0, tzinfo=UTC_PLUS_2)
    cur.execute("INSERT INTO tz_t (id, ts) VALUES (1, ?)", (aware.astimezone(dt.timezone.utc).replace(tzinfo=None),))
    cur.execute("SELECT ts FROM tz_t")
    assert cur.fetchone() == (dt.datetime(2026, 5, 4, 10, 0),)
