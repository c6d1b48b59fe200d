"""A derived table's columns keep their declared types in the outer DESCRIBE.

Informix describes ``SELECT ... FROM (SELECT ...) alias`` by the columns of
the inner SELECT: a VARCHAR(20) stays VARCHAR(20), a DATETIME YEAR TO
SECOND keeps its qualifier, NOT NULL stays NOT NULL (partitioned reads wrap
every query so, and their Arrow types follow the DESCRIBE).
"""

from __future__ import annotations

import pytest

from informix_db import types as T

TABLE = ("create table dt_src (id int not null, name varchar(20), "
         "ts datetime year to second, amount decimal(10,2))")


@pytest.fixture
def src(session):
    session.execute(session.prepare(TABLE))
    return session


def _columns(session, sql):
    return [(c.name, T.type_text(c.type), c.type.nullable)
            for c in session.prepare(sql).columns]


def test_star_of_a_derived_table_keeps_the_declared_types(src):
    assert _columns(src, "select * from (select * from dt_src) q") == [
        ("id", "INTEGER NOT NULL", False), ("name", "VARCHAR(20)", True),
        ("ts", "DATETIME YEAR TO SECOND", True), ("amount", "DECIMAL(10,2)", True)]


def test_named_columns_of_a_derived_table_keep_the_declared_types(src):
    cols = _columns(src, "select q.name, ts from (select id, name, ts from dt_src "
                         "where id > 0) as q where id < 10")
    assert cols == [("name", "VARCHAR(20)", True), ("ts", "DATETIME YEAR TO SECOND", True)]


def test_min_and_max_over_a_derived_table_keep_the_column_types(src):
    cols = _columns(src, "select min(id), max(ts) from (select * from dt_src) q")
    assert [c[1] for c in cols] == ["INTEGER", "DATETIME YEAR TO SECOND"]


def test_an_expression_column_of_a_derived_table_is_typed_from_its_value(src):
    cols = _columns(src, "select n2, amount from (select name || 'x' as n2, amount "
                         "from dt_src) q")
    assert cols[1] == ("amount", "DECIMAL(10,2)", True)
    assert cols[0][1].startswith(("VARCHAR", "LVARCHAR", "CHAR"))


def test_column_names_after_the_alias_rename_the_derived_columns(src):
    cols = _columns(src, "select * from (select id, name from dt_src) as q(a, b)")
    assert cols == [("a", "INTEGER NOT NULL", False), ("b", "VARCHAR(20)", True)]
