"""Casts: the result is described with the cast's target type and holds its value."""

from __future__ import annotations

import pytest


@pytest.fixture
def bools(q):
    q("create table b (b BOOLEAN, n INT)")
    q("insert into b values ('t', 1)")
    q("insert into b values ('f', 2)")
    return q


def described(session, sql):
    """(name, sqltype, length) of the first result column of ``sql``."""
    col = session.prepare(sql).columns[0]
    return col.name, col.type.sqltype, col.type.length


@pytest.mark.parametrize("sql", ["select b::CHAR(1) from b order by n",
                                 "select cast(b as char(1)) from b order by n"])
def test_boolean_cast_to_char_is_t_or_f(bools, sql):
    assert bools(sql) == [("t",), ("f",)]


@pytest.mark.parametrize("sql", ["select b::CHAR(1) from b", "select cast(b as char(1)) from b"])
def test_cast_to_char_is_described_as_that_char(bools, session, sql):
    from informix_db import types as T
    assert described(session, sql)[1:] == (T.SQLCHAR, 1)


def test_boolean_cast_to_wider_char_is_padded_t(bools):
    assert bools("select b::CHAR(3) from b order by n") == [("t  ",), ("f  ",)]


def test_cast_to_char_cuts_to_its_length(q):
    q("create table s (v VARCHAR(10))")
    q("insert into s values ('abcdef')")
    assert q("select v::CHAR(3), cast(v as varchar(2)) from s") == [("abc", "ab")]


def test_cast_to_varchar_is_described_as_that_varchar(q, session):
    from informix_db import types as T
    q("create table s (v CHAR(10))")
    assert described(session, "select cast(v as varchar(7)) from s")[1:] == (T.SQLVCHAR, 7)


def test_cast_to_decimal_is_described_with_its_precision_and_scale(q, session):
    q("create table s (v INT)")
    assert described(session, "select v::DECIMAL(9,2) from s")[2] == (9 << 8) | 2


def test_cast_of_a_dotted_column_keeps_its_alias(q, session):
    q("create table s (v INT)")
    assert described(session, "select s.v::SMALLINT as w from s")[0] == "w"
