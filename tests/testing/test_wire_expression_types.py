"""Expression types and values through the driver, as a real Informix server gives them.

COUNT is a DECIMAL, DATETIME/INTERVAL literals keep their qualifiers (a
YEAR TO DAY literal is a date, a YEAR TO MONTH one an IntervalYM), division
by zero is -1202 and leaves the connection usable, a DATETIME cast to text
prints every digit of its qualifier.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from informix_db import DatabaseError
from informix_db import types as T
from informix_db.types import IntervalYM

ONE_ROW = " FROM systables WHERE tabid = 1"


def one(cur, sql, params=()):
    """(type code, value) of the one column of the one row of ``sql``."""
    cur.execute(sql, params)
    (row,) = cur.fetchall()
    return cur.description[0][1], row[0]


def test_count_star_is_a_decimal(cur):
    code, n = one(cur, "SELECT COUNT(*) FROM systables")
    assert (code, type(n)) == (T.SQLDECIMAL, Decimal) and n > 0


def test_sum_of_an_integer_column_is_a_decimal(cur):
    cur.execute("CREATE TEMP TABLE w_sum (a INT)")
    cur.execute("INSERT INTO w_sum VALUES (5)")
    assert one(cur, "SELECT SUM(a) FROM w_sum") == (T.SQLDECIMAL, Decimal(5))


def test_division_by_zero_is_1202_and_the_connection_goes_on(cur):
    with pytest.raises(DatabaseError) as info:
        cur.execute("SELECT 1/0" + ONE_ROW)
        cur.fetchall()
    assert info.value.sqlcode == -1202
    assert one(cur, "SELECT 1" + ONE_ROW)[1] == 1


def test_datetime_year_to_day_literal_is_a_date(cur):
    assert one(cur, "SELECT DATETIME(2026-05-04) YEAR TO DAY" + ONE_ROW) == (
        T.SQLDTIME, dt.date(2026, 5, 4))


def test_interval_year_to_month_literal_is_an_interval_ym(cur):
    assert one(cur, "SELECT INTERVAL(5-3) YEAR TO MONTH" + ONE_ROW) == (
        T.SQLINTERVAL, IntervalYM(5, 3))


def test_datetime_plus_year_month_interval_is_a_date(cur):
    sql = "SELECT DATETIME(2000-8-1) YEAR TO DAY + INTERVAL(3-5) YEAR TO MONTH" + ONE_ROW
    assert one(cur, sql)[1] == dt.date(2004, 1, 1)


def test_year_month_interval_arithmetic_stays_year_to_month(cur):
    sql = "SELECT INTERVAL(1-6) YEAR TO MONTH * 2 - INTERVAL(0-1) YEAR TO MONTH" + ONE_ROW
    assert one(cur, sql) == (T.SQLINTERVAL, IntervalYM(2, 11))


def test_bound_datetime_reads_back_as_informix_text(cur):
    cur.execute("CREATE TEMP TABLE w_dt (v DATETIME YEAR TO FRACTION(5))")
    cur.execute("INSERT INTO w_dt VALUES (?)", (dt.datetime(2026, 8, 31, 12, 30, 15, 120000),))
    assert one(cur, "SELECT v::LVARCHAR FROM w_dt")[1] == "2026-08-31 12:30:15.12000"


def test_bound_datetime_written_to_a_char_column_is_informix_text(cur):
    cur.execute("CREATE TEMP TABLE w_c (v VARCHAR(40))")
    cur.execute("INSERT INTO w_c VALUES (?)", (dt.datetime(2026, 8, 31, 12, 30, 15, 120000),))
    assert one(cur, "SELECT v FROM w_c")[1] == "2026-08-31 12:30:15.12000"


def test_bound_date_written_to_a_char_column_is_text_in_the_clients_dbdate(cur):
    # the driver logs in with DBDATE=Y4MD-, as IBM JDBC does; the peer driver's
    # real-server suite reads such a DATE back as '2026-08-31'
    cur.execute("CREATE TEMP TABLE w_d (v CHAR(10))")
    cur.execute("INSERT INTO w_d VALUES (?)", (dt.date(2026, 5, 4),))
    assert one(cur, "SELECT v FROM w_d")[1] == "2026-05-04"


def test_date_cast_to_text_is_text_in_the_clients_dbdate(cur):
    sql = "SELECT DATE('05/04/2026')::VARCHAR(12) || '|'" + ONE_ROW
    assert one(cur, sql)[1] == "2026-05-04|"


def test_date_prints_in_the_dbdate_the_client_logs_in_with(srv):
    from informix_db.connection import connect

    with connect(srv.host, srv.port, srv.user, srv.password, "testdb", srv.server_name,
                 connect_timeout=5, read_timeout=5, env={"DBDATE": "DMY4."}) as conn:
        cur = conn.cursor()
        assert one(cur, "SELECT MDY(5, 4, 2026) || ''" + ONE_ROW)[1] == "04.05.2026"
