"""Type declarations, length words and IntervalYM."""

import pytest

from informix_db import types as T
from informix_db.exceptions import DataError


@pytest.mark.parametrize("decl,code,length", [
    ("INTEGER", T.SQLINT, 4),
    ("smallint", T.SQLSMINT, 2),
    ("BIGINT", T.SQLINFXBIGINT, 8),
    ("INT8", T.SQLINT8, 10),
    ("SERIAL", T.SQLSERIAL, 4),
    ("SERIAL8", T.SQLSERIAL8, 10),
    ("BIGSERIAL", T.SQLBIGSERIAL, 8),
    ("REAL", T.SQLSMFLOAT, 4),
    ("DOUBLE PRECISION", T.SQLFLOAT, 8),
    ("CHAR(10)", T.SQLCHAR, 10),
    ("CHAR", T.SQLCHAR, 1),
    ("NCHAR(10)", T.SQLNCHAR, 10),
    ("VARCHAR(20,4)", T.SQLVCHAR, 4 << 8 | 20),
    ("NVARCHAR(30)", T.SQLNVCHAR, 30),
    ("LVARCHAR", T.SQLLVARCHAR, 2048),
    ("LVARCHAR(4000)", T.SQLLVARCHAR, 4000),
    ("DECIMAL(16)", T.SQLDECIMAL, 16 << 8 | 255),
    ("DECIMAL", T.SQLDECIMAL, 16 << 8 | 255),
    ("DECIMAL(10,2)", T.SQLDECIMAL, 0x0A02),
    ("MONEY(8,2)", T.SQLMONEY, 0x0802),
    ("MONEY", T.SQLMONEY, 0x1002),
    ("DATE", T.SQLDATE, 4),
    ("DATETIME YEAR TO SECOND", T.SQLDTIME, 0x0E0A),
    ("DATETIME YEAR TO FRACTION(3)", T.SQLDTIME, 17 << 8 | 0x0D),
    ("DATETIME YEAR TO FRACTION", T.SQLDTIME, 17 << 8 | 0x0D),
    ("DATETIME HOUR TO SECOND", T.SQLDTIME, 6 << 8 | 0x6A),
    ("DATETIME FRACTION TO FRACTION(2)", T.SQLDTIME, 2 << 8 | 0xCC),
    ("INTERVAL DAY(5) TO SECOND", T.SQLINTERVAL, 11 << 8 | 0x4A),
    ("INTERVAL DAY TO FRACTION(5)", T.SQLINTERVAL, 13 << 8 | 0x4F),
    ("INTERVAL YEAR TO MONTH", T.SQLINTERVAL, 6 << 8 | 0x02),
    ("INTERVAL MONTH(9) TO MONTH", T.SQLINTERVAL, 9 << 8 | 0x22),
    ("BOOLEAN", T.SQLBOOL, 1),
    ("BYTE", T.SQLBYTES, 56),
    ("TEXT", T.SQLTEXT, 56),
])
def test_parse_type(decl, code, length):
    assert T.parse_type(decl) == T.ColumnType(code, length)


def test_datetime_year_to_second_length_matches_jdbc_capture():
    # g20: DESCRIBE of a DATETIME YEAR TO SECOND column carried 0x0e0a
    assert T.datetime_length(T.TU_YEAR, T.TU_SECOND) == 0x0E0A


def test_decimal_10_2_length_matches_jdbc_capture():
    # g20: DESCRIBE of DECIMAL(10,2) carried 0x0a02
    assert T.decimal_length(10, 2) == 0x0A02


def test_not_null_clears_nullable():
    assert T.parse_type("INTEGER NOT NULL") == T.ColumnType(T.SQLINT, 4, False)


@pytest.mark.parametrize("decl", [
    "CHAR(10) NOT NULL", "VARCHAR(20,4)", "DECIMAL(16)", "MONEY(8,2)",
    "DATETIME MONTH TO FRACTION(5)", "INTERVAL HOUR(7) TO MINUTE", "INTERVAL YEAR(9) TO MONTH",
])
def test_type_text_inverts_parse_type(decl):
    assert T.type_text(T.parse_type(decl)) == decl


@pytest.mark.parametrize("decl", [
    "DECIMAL(33)", "DECIMAL(5,6)", "VARCHAR(256)", "CHAR(0)", "DATETIME SECOND TO YEAR",
    "INTERVAL YEAR TO DAY", "INTERVAL DAY(10) TO SECOND", "DATETIME YEAR TO FRACTION(6)",
    "GEOMETRY", "INTEGER(4)", "DATETIME YEAR",
])
def test_bad_declarations_are_data_errors(decl):
    with pytest.raises(DataError):
        T.parse_type(decl)


def test_interval_leading_precision_is_recovered():
    assert T.interval_leading_precision(T.parse_type("INTERVAL DAY(5) TO SECOND").length) == 5


def test_interval_ym_normalises_from_months():
    assert T.IntervalYM.from_months(-18) == T.IntervalYM(-1, -6)
    assert T.IntervalYM.from_months(14).total_months == 14


def test_interval_ym_orders_by_length_and_hashes():
    values = [T.IntervalYM(1, 0), T.IntervalYM(-1, -6), T.IntervalYM(0, 11), T.IntervalYM(0, -6)]
    assert sorted(values) == sorted(values, key=lambda v: v.total_months)
    assert len({T.IntervalYM(1, 2), T.IntervalYM.from_months(14)}) == 1


def test_interval_ym_refuses_mixed_signs_and_big_months_beside_years():
    with pytest.raises(ValueError):
        T.IntervalYM(1, -2)
    with pytest.raises(ValueError):
        T.IntervalYM(1, 12)


def test_interval_ym_str_is_the_informix_literal():
    assert str(T.IntervalYM(-3, -4)) == "-3-04"
    assert repr(T.IntervalYM(3, 4)) == "IntervalYM(years=3, months=4)"
