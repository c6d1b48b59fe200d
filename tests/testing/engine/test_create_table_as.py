"""CREATE TABLE ... AS SELECT (IBM's AS SELECT clause): a table of the
query's column types, filled with its rows."""

from __future__ import annotations

import pytest
from conftest import error_of, run


@pytest.fixture
def src(session):
    run(session, "CREATE TABLE src (id SERIAL, name VARCHAR(20) NOT NULL, amt DECIMAL(8,2))")
    for name, amt in (("a", 1.5), ("b", 2.5)):
        run(session, "INSERT INTO src (name, amt) VALUES (?, ?)", (name, amt))
    return session


def test_the_new_table_holds_the_querys_rows(src):
    run(src, "CREATE TABLE dst AS SELECT src.id, src.name FROM src WHERE amt > 2")
    assert run(src, "SELECT id, name FROM dst") == [(2, "b")]


def test_a_column_list_names_the_new_columns_with_the_querys_types(src):
    run(src, "CREATE TABLE dst (k, n, a) AS SELECT id, name, amt FROM src")
    cols = run(src, "SELECT colname, coltype, collength FROM syscolumns c, systables t "
                    "WHERE c.tabid = t.tabid AND t.tabname = 'dst' ORDER BY colno")
    # SERIAL becomes INTEGER (2), NOT NULL is not carried (VARCHAR 13, DECIMAL 5)
    assert cols == [("k", 2, 4), ("n", 13, 20), ("a", 5, 8 * 256 + 2)]


def test_an_unnamed_expression_column_is_a_syntax_error(src):
    assert error_of(src, "CREATE TABLE dst AS SELECT id + 1 FROM src").sqlcode == -201
