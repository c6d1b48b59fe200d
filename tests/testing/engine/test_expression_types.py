"""Expressions keep the Informix type (and value) a real server gives them.

COUNT is a DECIMAL; SUM/AVG are typed from their argument; DATETIME and
INTERVAL literals and their arithmetic keep their qualifiers (YEAR TO DAY is
a date, YEAR TO MONTH an IntervalYM); division by zero is -1202; a DATETIME
turned into text prints every digit of its qualifier.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from informix_db import types as T
from informix_db.types import IntervalYM

DIVIDE_BY_ZERO = -1202
ONE_ROW = " from systables where tabid = 1"


def described(session, sql):
    """(ColumnType, value) of the one column of the one row of ``sql``."""
    stmt = session.prepare(sql)
    (row,) = session.execute(stmt).fetchall()
    return stmt.columns[0].type, row[0]


# -- division by zero --------------------------------------------------------

@pytest.mark.parametrize("expr", ["1/0", "1.5/0", "1/0.0", "2.5e0/0"])
def test_division_of_a_constant_by_zero_is_1202(err, expr):
    assert err(f"select {expr}{ONE_ROW}").sqlcode == DIVIDE_BY_ZERO


@pytest.mark.parametrize("decl", ["INTEGER", "DECIMAL(10,2)", "FLOAT", "SMALLFLOAT", "MONEY"])
def test_division_by_a_zero_column_is_1202(q, err, decl):
    q(f"create table dz (n {decl}, z {decl})")
    q("insert into dz values (3, 0)")
    assert err("select n / z from dz").sqlcode == DIVIDE_BY_ZERO


def test_mod_by_zero_is_1202(err):
    assert err(f"select mod(5, 0){ONE_ROW}").sqlcode == DIVIDE_BY_ZERO


def test_division_by_zero_in_an_update_is_1202(q, err):
    q("create table du (n int)")
    q("insert into du values (1)")
    assert err("update du set n = n / 0").sqlcode == DIVIDE_BY_ZERO


def test_division_by_a_nonzero_number_still_divides(q):
    assert q(f"select 7 / 2{ONE_ROW}") == [(3.5,)]


# -- aggregates ----------------------------------------------------------------

def test_count_value_is_a_decimal(q):
    q("create table cv (a int)")
    q("insert into cv values (1)")
    (n,) = q("select count(*) from cv")[0]
    assert (type(n), n) == (Decimal, Decimal(1))


def test_count_of_a_column_is_a_decimal(session, q):
    q("create table cc (a int)")
    assert described(session, "select count(a) from cc") == (
        T.ColumnType(T.SQLDECIMAL, 15 << 8), Decimal(0))


def test_count_through_a_view_is_still_a_decimal(session, q):
    q("create table vc (a int)")
    q("insert into vc values (1)")
    q("create view vcv (n) as select count(*) from vc")
    t, v = described(session, "select n from vcv")
    assert (t.sqltype, type(v), v) == (T.SQLDECIMAL, Decimal, 1)


def test_sum_of_integers_is_a_decimal_32_0_value(session, q):
    q("create table si (a int)")
    q("insert into si values (2147483647)")
    q("insert into si values (2147483647)")
    t, v = described(session, "select sum(a) from si")
    assert (t, type(v), v) == (T.ColumnType(T.SQLDECIMAL, 32 << 8), Decimal, 2 * 2147483647)


def test_sum_of_money_is_money_of_its_scale(session, q):
    q("create table sm (m money(8,2))")
    q("insert into sm values (1.25)")
    assert described(session, "select sum(m) from sm") == (
        T.ColumnType(T.SQLMONEY, 32 << 8 | 2), Decimal("1.25"))


def test_sum_of_float_is_a_float(session, q):
    q("create table sf (f float)")
    q("insert into sf values (1.5)")
    assert described(session, "select sum(f) from sf") == (T.ColumnType(T.SQLFLOAT, 8), 1.5)


def test_avg_of_float_is_a_float(session, q):
    q("create table af (f smallfloat)")
    q("insert into af values (1.5)")
    assert described(session, "select avg(f) from af") == (T.ColumnType(T.SQLFLOAT, 8), 1.5)


def test_avg_of_decimal_is_a_floating_decimal(session, q):
    q("create table ad (d decimal(10,2))")
    q("insert into ad values (1.25)")
    q("insert into ad values (2.5)")
    assert described(session, "select avg(d) from ad") == (
        T.ColumnType(T.SQLDECIMAL, 32 << 8 | 0xFF), Decimal("1.875"))


def test_decimal_literals_divided_are_a_floating_decimal(session):
    assert described(session, f"select 5.52 / 2.4{ONE_ROW}") == (
        T.ColumnType(T.SQLDECIMAL, 32 << 8 | 0xFF), Decimal("2.3"))


def test_decimal_columns_divided_are_a_floating_decimal(session, q):
    q("create table dq (a decimal(10,2), b decimal(10,2))")
    q("insert into dq values (5.52, 2.4)")
    assert described(session, "select a / b from dq") == (
        T.ColumnType(T.SQLDECIMAL, 32 << 8 | 0xFF), Decimal("2.3"))


def test_a_float_divided_stays_a_float(session):
    t, _ = described(session, f"select 5.52e0 / 2.4{ONE_ROW}")
    assert t == T.ColumnType(T.SQLFLOAT, 8)


def test_max_of_a_datetime_expression_keeps_its_qualifier(session, q):
    q("create table md (d datetime year to day)")
    q("insert into md values (datetime(2026-05-04) year to day)")
    t, v = described(session, "select max(d + interval(1) day to day) from md")
    assert (t.length, v) == (T.datetime_length(T.TU_YEAR, T.TU_DAY), dt.date(2026, 5, 5))


# -- DATETIME and INTERVAL literals --------------------------------------------

def test_datetime_year_to_day_literal_is_a_date(session):
    t, v = described(session, f"select datetime(2026-05-04) year to day{ONE_ROW}")
    assert (t, v) == (T.ColumnType(T.SQLDTIME, T.datetime_length(T.TU_YEAR, T.TU_DAY)),
                      dt.date(2026, 5, 4))


def test_datetime_hour_to_second_literal_keeps_its_qualifier(session):
    t, v = described(session, f"select datetime(12:34:56) hour to second{ONE_ROW}")
    assert (t.length, v) == (T.datetime_length(T.TU_HOUR, T.TU_SECOND), dt.time(12, 34, 56))


def test_interval_year_to_month_literal_is_year_to_month(session):
    t, v = described(session, f"select interval(5-3) year to month{ONE_ROW}")
    assert (t, v) == (T.ColumnType(T.SQLINTERVAL, T.interval_length(T.TU_YEAR, T.TU_MONTH, 4)),
                      IntervalYM(5, 3))


def test_negative_year_to_month_literal(session):
    assert described(session, f"select interval(-1-6) year to month{ONE_ROW}")[1] == \
        IntervalYM(-1, -6)


def test_interval_year_literal_with_precision(session):
    t, v = described(session, f"select interval(2026) year(4) to year{ONE_ROW}")
    assert (t.length, v) == (T.interval_length(T.TU_YEAR, T.TU_YEAR, 4), IntervalYM(2026, 0))


def test_interval_day_to_second_literal_keeps_its_qualifier(session):
    t, v = described(session, f"select interval(3 04:05:06) day to second{ONE_ROW}")
    assert (t.length, v) == (T.interval_length(T.TU_DAY, T.TU_SECOND, 2),
                             dt.timedelta(days=3, hours=4, minutes=5, seconds=6))


def test_interval_literal_precision_widens_to_its_first_field(session):
    t, v = described(session, f"select interval(123) day to day{ONE_ROW}")
    assert (t.length, v) == (T.interval_length(T.TU_DAY, T.TU_DAY, 3), dt.timedelta(days=123))


def test_interval_literal_beyond_its_declared_precision_is_refused(err):
    assert err(f"select interval(123) day(2) to day{ONE_ROW}").sqlcode == -1263


def test_datetime_literal_cast_to_text_after_select(q):
    rows = q(f"select datetime(2026-05-04 10:00) year to minute::char(20){ONE_ROW}")
    assert rows == [("2026-05-04 10:00    ",)]


# -- DATETIME / INTERVAL arithmetic ----------------------------------------------

def test_datetime_plus_year_month_interval_keeps_the_datetime_qualifier(session):
    # the example of the Informix Guide to SQL: Reference
    t, v = described(session, "select datetime(2000-8-1) year to day"
                              f" + interval(3-5) year to month{ONE_ROW}")
    assert (t.length, v) == (T.datetime_length(T.TU_YEAR, T.TU_DAY), dt.date(2004, 1, 1))


def test_datetime_column_minus_year_month_interval(session, q):
    q("create table dc (d datetime year to second)")
    q("insert into dc values (datetime(2024-02-29 10:00:00) year to second)")
    t, v = described(session, "select d - interval(1-0) year to month from dc")
    assert (t.length, v) == (T.datetime_length(T.TU_YEAR, T.TU_SECOND),
                             dt.datetime(2023, 2, 28, 10, 0))


def test_year_month_interval_times_a_number_stays_year_to_month(session):
    t, v = described(session, f"select interval(1-6) year to month * 3{ONE_ROW}")
    assert (t.sqltype, v) == (T.SQLINTERVAL, IntervalYM(4, 6))


def test_year_month_interval_divided_truncates_months(session):
    assert described(session, f"select interval(0-3) year to month / 2{ONE_ROW}")[1] == \
        IntervalYM(0, 1)


def test_difference_of_year_month_intervals(session):
    t, v = described(session, "select interval(5-3) year to month"
                              f" - interval(0-4) year to month{ONE_ROW}")
    assert (t.length, v) == (T.interval_length(T.TU_YEAR, T.TU_MONTH, 4), IntervalYM(4, 11))


def test_datetime_difference_has_the_first_operands_units(session):
    t, v = described(session, "select datetime(2008-9-30 10:00:01) year to second"
                              f" - datetime(2008-9-1) year to day{ONE_ROW}")
    assert (t.length, v) == (T.interval_length(T.TU_DAY, T.TU_SECOND, 9),
                             dt.timedelta(days=29, seconds=36001))


def test_extend_keeps_its_qualifier_through_arithmetic(session):
    # the example of the Informix Guide to SQL: Reference
    t, v = described(session, "select extend(datetime(2008-8-1) year to day, year to minute)"
                              f" - interval(720) minute(3) to minute{ONE_ROW}")
    assert (t.length, v) == (T.datetime_length(T.TU_YEAR, T.TU_MINUTE),
                             dt.datetime(2008, 7, 31, 12, 0))


def test_today_plus_year_month_interval_is_a_year_to_day_datetime(session):
    t, v = described(session, f"select today + interval(1-0) year to month{ONE_ROW}")
    assert (t.length, type(v)) == (T.datetime_length(T.TU_YEAR, T.TU_DAY), dt.date)


def test_interval_with_fields_outside_the_datetime_is_not_narrowed(session):
    # Informix refuses HOUR fields on a YEAR TO DAY value; the type is left to DuckDB
    t, _ = described(session, "select datetime(2026-05-04) year to day"
                              f" + interval(1) hour to hour{ONE_ROW}")
    assert t.length != T.datetime_length(T.TU_YEAR, T.TU_DAY)


def test_year_month_literal_stored_in_a_year_to_month_column(q):
    q("create table ys (v interval year(4) to month)")
    q("insert into ys values (interval(2-6) year to month)")
    assert q("select v from ys") == [(IntervalYM(2, 6),)]


def ym_table(q):
    q("create table yc (d date, v interval year to month)")
    q("insert into yc values ('03/15/2026', interval(1-6) year to month)")


def test_date_plus_year_month_column_adds_months(session, q):
    ym_table(q)
    t, v = described(session, "select d + v from yc")
    assert (t.length, v) == (T.datetime_length(T.TU_YEAR, T.TU_DAY), dt.date(2027, 9, 15))


def test_year_month_column_times_a_number_is_year_to_month(session, q):
    ym_table(q)
    t, v = described(session, "select yc.v * 3 from yc")
    assert (t.length, v) == (T.interval_length(T.TU_YEAR, T.TU_MONTH, 4), IntervalYM(4, 6))


def test_year_month_column_plus_literal(session, q):
    ym_table(q)
    assert described(session, "select v + interval(0-7) year to month from yc")[1] == \
        IntervalYM(2, 1)


def test_sum_of_a_year_month_column_is_year_to_month(session, q):
    ym_table(q)
    q("insert into yc values ('03/15/2026', interval(0-7) year to month)")
    assert described(session, "select sum(v) from yc") == (
        T.ColumnType(T.SQLINTERVAL, T.interval_length(T.TU_YEAR, T.TU_MONTH, 4)),
        IntervalYM(2, 1))


def test_year_month_column_compared_with_a_literal(q):
    ym_table(q)
    assert q("select count(*) from yc where v = interval(1-6) year to month") == [(1,)]


def test_year_month_column_compared_with_a_literal_in_update_and_delete(q):
    ym_table(q)
    q("update yc set v = interval(0-1) year to month where v > interval(1-0) year to month")
    assert q("select v from yc") == [(IntervalYM(0, 1),)]
    assert q("delete from yc where interval(0-2) year to month > v").rowcount == 1


def test_year_month_expression_stored_in_a_year_to_month_column(q):
    q("create table ye (v interval year to month)")
    q("insert into ye values (interval(1-1) year to month * 2)")
    assert q("select v from ye") == [(IntervalYM(2, 2),)]


def test_update_doubles_a_year_month_column(q):
    ym_table(q)
    q("update yc set v = v * 2 where v = interval(1-6) year to month")
    assert q("select v from yc") == [(IntervalYM(3, 0),)]


def test_update_adds_a_year_month_column_to_a_date(q):
    ym_table(q)
    q("update yc set d = d + v")
    assert q("select d from yc") == [(dt.date(2027, 9, 15),)]


def test_year_month_expression_beyond_the_column_is_1265(q, err):
    ym_table(q)
    assert err("update yc set v = interval(10000-0) year(5) to month * 1").sqlcode == -1265


def test_year_month_column_in_a_where_clause_compares_as_months(q):
    ym_table(q)
    assert q("select count(*) from yc where v = ?", [IntervalYM(1, 6)]) == [(1,)]


# -- DATETIME as text ------------------------------------------------------------

def test_datetime_fraction5_cast_to_text_keeps_five_digits(q):
    q("create table tf (v datetime year to fraction(5))")
    q("insert into tf values (?)", [dt.datetime(2026, 8, 31, 12, 30, 15, 120000)])
    assert q("select v::lvarchar from tf") == [("2026-08-31 12:30:15.12000",)]


def test_datetime_fraction3_of_zero_prints_three_zeros(q):
    rows = q(f"select cast(datetime(2026-01-01 00:00:00.000) year to fraction(3)"
             f" as varchar(40)){ONE_ROW}")
    assert rows == [("2026-01-01 00:00:00.000",)]


def test_datetime_concatenated_with_text_prints_its_qualifier(q):
    q("create table tc (v datetime year to fraction(2))")
    q("insert into tc values (?)", [dt.datetime(2026, 8, 31, 12, 30, 15)])
    assert q("select 'at ' || v from tc") == [("at 2026-08-31 12:30:15.00",)]


def test_hour_to_fraction_cast_to_char(q):
    q("create table th (v datetime hour to fraction(4))")
    q("insert into th values (?)", [dt.time(1, 2, 3, 500000)])
    assert q("select cast(v as char(13)) from th") == [("01:02:03.5000",)]


def test_year_to_day_cast_to_char(q):
    q("create table td (v datetime year to day)")
    q("insert into td values (?)", [dt.date(2026, 5, 4)])
    assert q("select t.v::char(10) from td t") == [("2026-05-04",)]


def test_datetime_literal_stored_in_a_char_column_keeps_its_digits(q):
    q("create table sc (c char(25))")
    q("insert into sc values (datetime(2026-01-01 10:00:00.000) year to fraction(3))")
    assert q("select c from sc") == [("2026-01-01 10:00:00.000  ",)]


def test_datetime_column_stored_in_a_varchar_column_keeps_its_digits(q):
    q("create table sv (d datetime year to fraction(5), v varchar(40))")
    q("insert into sv (d) values (?)", [dt.datetime(2026, 8, 31, 12, 30, 15, 120000)])
    q("update sv set v = d")
    assert q("select v from sv") == [("2026-08-31 12:30:15.12000",)]


def test_number_stored_in_a_char_column_is_unchanged(q):
    q("create table sn (c varchar(10))")
    q("insert into sn values (1 + 2)")
    assert q("select c from sn") == [("3",)]
