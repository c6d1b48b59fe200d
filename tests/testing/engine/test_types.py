"""Every declared Informix type stores and returns its values as Informix would."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from informix_db import types as T
from informix_db.types import IntervalYM


def roundtrip(q, decl, value):
    q(f"create table rt (v {decl})")
    q("insert into rt values (?)", [value])
    return q("select v from rt")[0][0]


@pytest.mark.parametrize("decl, value", [
    ("SMALLINT", 32767), ("SMALLINT", -32767), ("INTEGER", 2147483647),
    ("INTEGER", -2147483647), ("BIGINT", 9223372036854775807), ("INT8", -9223372036854775807),
    ("SMALLFLOAT", 1.5), ("REAL", -0.25), ("FLOAT", 1.0e300), ("DOUBLE PRECISION", -2.5e-300),
    ("DECIMAL(32,0)", Decimal("99999999999999999999999999999999")),
    ("DECIMAL(32,31)", Decimal("-9.999999999999999999999999999999")),
    ("DECIMAL(32,30)", Decimal("99.999999999999999999999999999999")),
    ("DECIMAL(10,2)", Decimal("-12345678.90")), ("NUMERIC(5,5)", Decimal("0.00001")),
    ("MONEY", Decimal("12345678901234.56")), ("MONEY(8,3)", Decimal("-1.250")),
    ("DATE", dt.date(2024, 2, 29)), ("DATE", dt.date(1, 1, 1)), ("DATE", dt.date(9999, 12, 31)),
    ("BOOLEAN", True), ("BOOLEAN", False),
    ("VARCHAR(10)", "héllo €"), ("VARCHAR(10)", ""), ("VARCHAR(255,10)", "with trail  "),
    ("NVARCHAR(20)", "ünïcödé"), ("LVARCHAR(5000)", "x" * 5000), ("LVARCHAR", "ab"),
    ("TEXT", "a text\nwith lines"), ("BYTE", b"\x00\x01\x00\xff"), ("BYTE", b""),
    ("DATETIME YEAR TO SECOND", dt.datetime(2024, 2, 29, 23, 59, 59)),
    ("DATETIME YEAR TO FRACTION(5)", dt.datetime(1999, 12, 31, 23, 59, 59, 999990)),
    ("DATETIME YEAR TO FRACTION(3)", dt.datetime(2000, 1, 1, 0, 0, 0, 123000)),
    ("DATETIME YEAR TO DAY", dt.date(2024, 2, 29)),
    ("DATETIME HOUR TO SECOND", dt.time(23, 59, 58)),
    ("DATETIME HOUR TO FRACTION(5)", dt.time(1, 2, 3, 450010)),
    ("INTERVAL DAY(5) TO FRACTION(5)", dt.timedelta(days=-12345, seconds=3, microseconds=10)),
    ("INTERVAL DAY TO SECOND", dt.timedelta(days=-1, seconds=86399)),
    ("INTERVAL HOUR(4) TO MINUTE", dt.timedelta(hours=1000, minutes=5)),
    ("INTERVAL YEAR TO MONTH", IntervalYM(-3, -11)),
    ("INTERVAL YEAR(9) TO MONTH", IntervalYM(999999999, 11)),
    ("INTERVAL YEAR(9) TO MONTH", IntervalYM(-999999999, -11)),
    ("INTERVAL MONTH(5) TO MONTH", IntervalYM(8, 4)),
])
def test_value_round_trips(q, decl, value):
    assert roundtrip(q, decl, value) == value


@pytest.mark.parametrize("decl", ["SMALLINT", "INTEGER", "INT8", "FLOAT", "DECIMAL(5,2)",
                                  "DECIMAL(8)", "MONEY", "DATE", "CHAR(3)", "VARCHAR(3)",
                                  "LVARCHAR", "TEXT", "BYTE", "BOOLEAN", "DATETIME YEAR TO DAY",
                                  "INTERVAL YEAR TO MONTH", "INTERVAL DAY TO SECOND"])
def test_null_round_trips(q, decl):
    assert roundtrip(q, decl, None) is None


def test_char_is_blank_padded_to_its_length(q):
    assert roundtrip(q, "CHAR(6)", "ab") == "ab    "


def test_empty_char_reads_as_blanks(q):
    assert roundtrip(q, "CHAR(3)", "") == "   "


def test_char_compares_without_its_padding(q):
    q("create table c (v char(8))")
    q("insert into c values ('abc')")
    assert q("select count(*) from c where v = 'abc'") == [(1,)]


def test_nchar_is_padded_like_char(q):
    assert roundtrip(q, "NCHAR(4)", "é") == "é   "


def test_floating_decimal_keeps_its_significant_digits(q):
    assert roundtrip(q, "DECIMAL(6)", Decimal("1234.56")) == Decimal("1234.56")


def test_decimal_rounds_to_its_scale(q):
    assert roundtrip(q, "DECIMAL(6,2)", Decimal("1.235")) == Decimal("1.24")


def test_datetime_is_cut_to_its_qualifier(q):
    value = dt.datetime(2024, 5, 6, 7, 8, 9, 987654)
    assert roundtrip(q, "DATETIME YEAR TO MINUTE", value) == dt.datetime(2024, 5, 6, 7, 8)


@pytest.mark.parametrize("digits, micros", [(1, 900000), (2, 980000), (3, 987000),
                                            (4, 987600), (5, 987650)])
def test_datetime_fraction_is_cut_to_its_digits(q, digits, micros):
    value = dt.datetime(2024, 5, 6, 7, 8, 9, 987654)
    got = roundtrip(q, f"DATETIME YEAR TO FRACTION({digits})", value)
    assert got == value.replace(microsecond=micros)


def test_pre_epoch_fraction_is_cut_down_not_up(q):
    value = dt.datetime(1900, 1, 1, 0, 0, 0, 999999)
    got = roundtrip(q, "DATETIME YEAR TO FRACTION(1)", value)
    assert got == dt.datetime(1900, 1, 1, 0, 0, 0, 900000)


def test_interval_is_cut_to_its_last_field(q):
    got = roundtrip(q, "INTERVAL DAY TO MINUTE", dt.timedelta(days=2, seconds=3725))
    assert got == dt.timedelta(days=2, hours=1, minutes=2)


def test_serial_column_reads_back_as_integer(q):
    q("create table s (id serial, v int)")
    q("insert into s (v) values (5)")
    assert q("select id, v from s") == [(1, 5)]


def _described(session, sql):
    return {c.name: c.type for c in session.prepare(sql).columns}


@pytest.mark.parametrize("decl, ctype", [
    ("CHAR(10)", T.ColumnType(T.SQLCHAR, 10)),
    ("NCHAR(7)", T.ColumnType(T.SQLNCHAR, 7)),
    ("VARCHAR(100,5)", T.ColumnType(T.SQLVCHAR, (5 << 8) | 100)),
    ("NVARCHAR(40)", T.ColumnType(T.SQLNVCHAR, 40)),
    ("LVARCHAR(4000)", T.ColumnType(T.SQLLVARCHAR, 4000)),
    ("SMALLINT", T.ColumnType(T.SQLSMINT, 2)),
    ("INTEGER", T.ColumnType(T.SQLINT, 4)),
    ("BIGINT", T.ColumnType(T.SQLINFXBIGINT, 8)),
    ("INT8", T.ColumnType(T.SQLINT8, 10)),
    ("SERIAL", T.ColumnType(T.SQLSERIAL, 4, nullable=False)),
    ("SERIAL8", T.ColumnType(T.SQLSERIAL8, 10, nullable=False)),
    ("BIGSERIAL", T.ColumnType(T.SQLBIGSERIAL, 8, nullable=False)),
    ("SMALLFLOAT", T.ColumnType(T.SQLSMFLOAT, 4)),
    ("FLOAT", T.ColumnType(T.SQLFLOAT, 8)),
    ("DECIMAL(12,4)", T.ColumnType(T.SQLDECIMAL, (12 << 8) | 4)),
    ("DECIMAL(9)", T.ColumnType(T.SQLDECIMAL, (9 << 8) | 255)),
    ("MONEY", T.ColumnType(T.SQLMONEY, (16 << 8) | 2)),
    ("DATE", T.ColumnType(T.SQLDATE, 4)),
    ("DATETIME YEAR TO FRACTION(3)", T.ColumnType(T.SQLDTIME, (17 << 8) | (0 << 4) | 13)),
    ("DATETIME HOUR TO SECOND", T.ColumnType(T.SQLDTIME, (6 << 8) | (6 << 4) | 10)),
    ("INTERVAL DAY(3) TO SECOND", T.ColumnType(T.SQLINTERVAL, (9 << 8) | (4 << 4) | 10)),
    ("INTERVAL YEAR TO MONTH", T.ColumnType(T.SQLINTERVAL, (6 << 8) | (0 << 4) | 2)),
    ("BOOLEAN", T.ColumnType(T.SQLBOOL, 1)),
    ("BYTE", T.ColumnType(T.SQLBYTES, 56)),
    ("TEXT", T.ColumnType(T.SQLTEXT, 56)),
])
def test_select_describes_the_declared_type(session, q, decl, ctype):
    q(f"create table d (v {decl})")
    assert _described(session, "select v from d") == {"v": ctype}


@pytest.mark.parametrize("decl", ["CHAR(10)", "VARCHAR(10)", "INTEGER", "DATE", "BOOLEAN",
                                  "DATETIME YEAR TO SECOND", "INTERVAL YEAR TO MONTH"])
def test_declared_type_matches_the_codecs_parser(decl):
    from informix_db.testing.engine import parse_type

    assert parse_type(decl).column_type() == T.parse_type(decl)


def test_not_null_column_is_described_not_nullable(session, q):
    q("create table n (a int not null, b int)")
    cols = session.prepare("select a, b from n").columns
    assert [c.type.nullable for c in cols] == [False, True]


def test_star_describes_every_declared_column_in_order(session, q):
    q("create table st (a char(2), b datetime year to day, c money(8,2))")
    cols = session.prepare("select * from st").columns
    assert [(c.name, c.type.sqltype) for c in cols] == [
        ("a", T.SQLCHAR), ("b", T.SQLDTIME), ("c", T.SQLMONEY)]


def test_aliased_and_qualified_columns_keep_their_declared_type(session, q):
    q("create table al (c char(4))")
    cols = session.prepare("select x.c as k from al x").columns
    assert cols[0].name == "k" and cols[0].type == T.ColumnType(T.SQLCHAR, 4)


def test_count_star_is_a_decimal_named_count(session, q):
    q("create table cs (a int)")
    (col,) = session.prepare("select count(*) from cs").columns
    assert (col.name, col.type) == ("(count(*))", T.ColumnType(T.SQLDECIMAL, 15 << 8))


def test_sum_of_integers_is_a_decimal(session, q):
    q("create table su (a int)")
    (col,) = session.prepare("select sum(a) from su").columns
    assert (col.name, col.type.sqltype) == ("(sum)", T.SQLDECIMAL)


def test_avg_returns_a_decimal_value(q):
    q("create table av (a int)")
    q("insert into av values (1)")
    q("insert into av values (2)")
    assert q("select avg(a) from av") == [(Decimal("1.5"),)]


def test_expression_column_is_named_expression(session, q):
    q("create table ex (a int)")
    (col,) = session.prepare("select a + 1 from ex").columns
    assert (col.name, col.type.sqltype) == ("(expression)", T.SQLINT)


def test_a_derived_tables_column_is_named_by_its_name(session):
    cols = session.prepare("select a, q.b, a + 1 from "
                           "(select 1 as a, 2 as b from systables) as q").columns
    assert [c.name for c in cols] == ["a", "b", "(expression)"]


def test_a_collection_derived_tables_column_is_named_by_its_name(session):
    (col,) = session.prepare("select x from table(set{1, 2}) as t(x)").columns
    assert col.name == "x"


def test_datetime_literal_is_understood(q):
    rows = q("select datetime (2024-02-29 10:11:12.5) year to fraction(1) from systables"
             " where tabid = 1")
    assert rows == [(dt.datetime(2024, 2, 29, 10, 11, 12, 500000),)]


def test_interval_literal_adds_to_a_datetime(q):
    rows = q("select datetime (2024-02-28 00:00:00) year to second + interval (1 12) day to hour"
             " from systables where tabid = 1")
    assert rows == [(dt.datetime(2024, 2, 29, 12, 0),)]


def test_year_month_interval_literal_is_stored(q):
    q("create table ym (v interval year to month)")
    q("insert into ym values (interval (-2-03) year to month)")
    assert q("select v from ym") == [(IntervalYM(-2, -3),)]


def test_cast_to_informix_type(q):
    assert q("select cast('12.5' as decimal(5,2)) from systables where tabid = 1") == [
        (Decimal("12.50"),)]


def test_text_parameter_given_as_bytes_is_decoded_with_the_locale(q):
    q("create table tx (t text)")
    q("insert into tx values (?)", ["café".encode("latin-1")])
    assert q("select t from tx") == [("café",)]


def test_max_of_a_char_column_keeps_its_type_and_padding(session, q):
    q("create table mx (c char(4) not null)")
    q("insert into mx values ('b')")
    stmt = session.prepare("select max(c) from mx")
    assert (stmt.columns[0].name, stmt.columns[0].type) == (
        "(max)", T.ColumnType(T.SQLCHAR, 4, True))
    assert session.execute(stmt).fetchall() == [("b   ",)]


@pytest.mark.parametrize("digits", [1, 2, 3, 4, 5])
def test_fraction_to_fraction_starts_at_tu_frac(session, q, digits):
    decl = f"DATETIME FRACTION TO FRACTION({digits})"
    q(f"create table ff (v {decl})")
    stmt = session.prepare("select v from ff")
    assert stmt.columns[0].type.length == T.parse_type(decl).length
    assert (stmt.columns[0].type.length >> 4) & 0xF == T.TU_FRAC


def test_fraction_to_fraction_keeps_its_digits(q):
    q("create table ff (v DATETIME FRACTION TO FRACTION(2))")
    q("insert into ff values (DATETIME(.129) FRACTION TO FRACTION(3))")
    q("insert into ff values (?)", [".45"])
    assert q("select v from ff order by v") == [(dt.time(0, 0, 0, 120000),),
                                                (dt.time(0, 0, 0, 450000),)]
