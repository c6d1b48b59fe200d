"""A column may be named ``today``: in an INSERT's column list and qualified
(``t.today``) it is the column; alone in an expression TODAY is the built-in."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import run


@pytest.fixture
def dates(session):
    run(session, "CREATE TEMP TABLE has_dates (id INT, today DATETIME YEAR TO SECOND)")
    run(session, "INSERT INTO has_dates (id, today) VALUES (?, ?)",
        (1, dt.datetime(2006, 5, 12, 12, 0, 0)))
    return session


def test_an_insert_column_list_names_the_today_column(dates):
    assert run(dates, "SELECT id FROM has_dates") == [(1,)]


def test_a_qualified_today_is_the_column(dates):
    assert run(dates, "SELECT x.today FROM has_dates x") == [(dt.datetime(2006, 5, 12, 12, 0),)]


def test_today_alone_is_the_current_date(dates):
    (row,) = run(dates, "SELECT TODAY FROM has_dates")
    assert row[0] == dt.date.today()
