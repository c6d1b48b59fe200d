"""Character text written to DATETIME and INTERVAL columns, read as Informix reads it."""

from __future__ import annotations

import datetime as dt

import pytest

from informix_db.types import IntervalYM

CASES = [
    ("DATETIME HOUR TO HOUR", "23", dt.time(23, 0)),
    ("DATETIME MINUTE TO SECOND", "59:58", dt.time(0, 59, 58)),
    ("DATETIME YEAR TO YEAR", "2024", dt.date(2024, 1, 1)),
    ("DATETIME MONTH TO DAY", "02-29", dt.date(2000, 2, 29)),
    ("DATETIME DAY TO HOUR", "31 07", dt.datetime(2000, 1, 31, 7)),
    ("DATETIME YEAR TO MONTH", "1999-12", dt.date(1999, 12, 1)),
    ("DATETIME HOUR TO FRACTION(2)", " 01:02:03.45 ", dt.time(1, 2, 3, 450000)),
    ("DATETIME YEAR TO SECOND", "2024-02-29 23:59:59", dt.datetime(2024, 2, 29, 23, 59, 59)),
    ("INTERVAL YEAR TO MONTH", "5-03", IntervalYM.from_months(63)),
    ("INTERVAL YEAR(9) TO MONTH", "-123456789-11", IntervalYM.from_months(-(123456789 * 12 + 11))),
    ("INTERVAL MONTH TO MONTH", "17", IntervalYM.from_months(17)),
    ("INTERVAL DAY(5) TO FRACTION(5)", "3 04:05:06.78901",
     dt.timedelta(days=3, hours=4, minutes=5, seconds=6, microseconds=789010)),
    ("INTERVAL HOUR(3) TO MINUTE", "-100:30", -dt.timedelta(hours=100, minutes=30)),
]
IDS = [c[0].lower().replace(" ", "_") for c in CASES]


@pytest.mark.parametrize("decl, text, expected", CASES, ids=IDS)
def test_bound_text_is_read_in_the_column_qualifier_layout(q, decl, text, expected):
    q(f"create table h (v {decl})")
    q("insert into h (v) values (?)", [text])
    assert q("select v from h") == [(expected,)]


@pytest.mark.parametrize("decl, text, expected", CASES, ids=IDS)
def test_text_literal_is_read_in_the_column_qualifier_layout(q, decl, text, expected):
    q(f"create table h (v {decl})")
    q(f"insert into h (v) values ('{text}')")
    assert q("select v from h") == [(expected,)]


def test_update_with_text_is_read_in_the_column_qualifier_layout(q):
    q("create table h (v DATETIME MINUTE TO SECOND)")
    q("insert into h (v) values ('01:02')")
    q("update h set v = '59:58'")
    assert q("select v from h") == [(dt.time(0, 59, 58),)]


def test_text_compared_with_a_column_is_read_in_its_layout(q):
    q("create table h (v DATETIME HOUR TO HOUR)")
    q("insert into h (v) values ('23')")
    assert q("select count(*) from h where v = ?", ["23"]) == [(1,)]


def test_iso_timestamp_text_still_fills_a_time_column(q):
    q("create table h (v DATETIME HOUR TO SECOND)")
    q("insert into h (v) values (?)", ["2024-01-02 03:04:05"])
    assert q("select v from h") == [(dt.time(3, 4, 5),)]


@pytest.mark.parametrize("decl, text, code", [
    ("DATETIME HOUR TO HOUR", "2x", -1264),
    ("DATETIME HOUR TO HOUR", "x", -1262),
    ("DATETIME MINUTE TO SECOND", "59", -1262),
    ("DATETIME HOUR TO HOUR", "24", -1263),
    ("DATETIME MONTH TO DAY", "02-30", -1263),
    ("DATETIME YEAR TO MONTH", "2024-13", -1263),
    ("DATETIME HOUR TO HOUR", "23:00", -1264),
    ("INTERVAL YEAR TO MONTH", "5-12", -1263),
    ("INTERVAL YEAR TO MONTH", "five", -1262),
    ("INTERVAL DAY(5) TO FRACTION(5)", "3 24:00:00.0", -1263),
    ("INTERVAL DAY(2) TO HOUR", "100 01", -1263),
    ("INTERVAL HOUR TO MINUTE", "1:2:3", -1264),
])
def test_malformed_text_gives_the_informix_error(q, err, decl, text, code):
    q(f"create table h (v {decl})")
    assert err("insert into h (v) values (?)", [text]).sqlcode == code
    assert err(f"insert into h (v) values ('{text}')").sqlcode == code


@pytest.mark.parametrize("value, text", [
    (dt.datetime(2026, 5, 4, 10, 11, 12, 123456), "2026-05-04 10:11:12.12345"),
    (dt.datetime(2026, 5, 4), "2026-05-04 00:00:00.00000"),
    (dt.date(2026, 5, 4), "05/04/2026"),  # a session without DBDATE: MDY4/
    (dt.time(1, 2, 3), "01:02:03"),
    (dt.time(1, 2, 3, 450000), "01:02:03.45000"),
], ids=["datetime", "midnight", "date", "time", "time_fraction"])
def test_bound_temporal_written_to_a_character_column_is_printed_as_informix_does(q, value, text):
    q("create table h (c char(30), v varchar(30), l lvarchar(30))")
    q("insert into h (c, v, l) values (?, ?, ?)", [value] * 3)
    q("update h set v = ? where 1 = 1", [value])
    assert q("select c, v, l from h") == [(text.ljust(30), text, text)]


def test_bound_temporal_batch_written_to_a_character_column_is_informix_text(q, session):
    q("create table h (v varchar(30))")
    stmt = session.prepare("insert into h (v) values (?)")
    session.execute_many(stmt, [[dt.date(2026, 5, 4)], [dt.datetime(2026, 5, 4, 1, 2, 3)]])
    assert sorted(q("select v from h")) == [("05/04/2026",), ("2026-05-04 01:02:03.00000",)]


def test_date_function_reads_dbdate_text(q):
    assert q("select date('05/04/2026') from systables where tabid = 1") == [(dt.date(2026, 5, 4),)]


def test_mdy_cast_to_text_prints_in_dbdate_form(q):
    assert q("select mdy(5, 4, 2026)::varchar(12) from systables where tabid = 1") \
        == [("05/04/2026",)]


@pytest.mark.parametrize("dbdate, text", [
    ("Y4MD-", "2026-05-04"), ("MDY4/", "05/04/2026"), ("DMY2.", "04.05.26"),
    ("Y4MD0", "20260504"), ("MDY4", "05/04/2026"), ("nonsense", "05/04/2026"), (None, "05/04/2026"),
])
def test_dbdate_gives_the_date_text_format(dbdate, text):
    from informix_db.testing.engine.values import dbdate_format
    assert dt.date(2026, 5, 4).strftime(dbdate_format(dbdate)) == text


def test_a_session_prints_dates_in_its_date_format(q, session):
    from informix_db.testing.engine.values import dbdate_format
    session.date_format = dbdate_format("Y4MD-")
    assert q("select mdy(5, 4, 2026) || '' from systables where tabid = 1") == [("2026-05-04",)]


def test_date_function_on_either_side_of_concatenation_prints_as_text(q):
    assert q("select '<' || mdy(5, 4, 2026) || '>' from systables where tabid = 1") \
        == [("<05/04/2026>",)]
