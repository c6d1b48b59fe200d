"""Placeholders in the select list, through the driver.

Informix takes no host variable by itself in the select list ("Expressions in
the Select List", Guide to SQL: Syntax): the test server refuses a lone ``?``
at PREPARE with -201.  A cast gives the placeholder a type and is accepted, as
is a placeholder that an operator connects to a constant.
"""

from __future__ import annotations

import pytest

from informix_db import ProgrammingError
from informix_db import types as T

SYNTAX_ERROR = -201
ONE_ROW = "FROM systables WHERE tabid = 1"


@pytest.mark.parametrize("select_list", ["?", "? AS v", "? v", "(?)", "tabid, ?", "? , tabid"])
def test_lone_placeholder_in_the_select_list_is_refused(cur, select_list):
    n = select_list.count("?")
    with pytest.raises(ProgrammingError) as info:
        cur.execute(f"SELECT {select_list} {ONE_ROW}", (7,) * n)
    assert info.value.sqlcode == SYNTAX_ERROR


def test_lone_placeholder_in_a_union_branch_is_refused(cur):
    with pytest.raises(ProgrammingError) as info:
        cur.execute(f"SELECT tabid {ONE_ROW} UNION SELECT ? {ONE_ROW}", (7,))
    assert info.value.sqlcode == SYNTAX_ERROR


def test_connection_stays_usable_after_a_refused_placeholder(cur):
    with pytest.raises(ProgrammingError):
        cur.execute(f"SELECT ? {ONE_ROW}", (7,))
    cur.execute(f"SELECT tabid {ONE_ROW}")
    assert cur.fetchall() == [(1,)]


@pytest.mark.parametrize(("expr", "value", "code"), [
    ("?::INTEGER", 7, T.SQLINT),
    ("CAST(? AS BIGINT)", 2**40, T.SQLINFXBIGINT),
    ("?::VARCHAR(10)", "abc", T.SQLVCHAR),
])
def test_cast_placeholder_gives_its_value_back_with_the_cast_type(cur, expr, value, code):
    cur.execute(f"SELECT {expr} {ONE_ROW}", (value,))
    assert (cur.fetchall(), cur.description[0][1]) == ([(value,)], code)


def test_placeholder_added_to_a_constant_gives_the_sum(cur):
    cur.execute(f"SELECT ? + 1 {ONE_ROW}", (7,))
    assert cur.fetchall() == [(8,)]


def test_placeholder_concatenated_to_a_constant_gives_the_text(cur):
    cur.execute(f"SELECT ? || 'x' {ONE_ROW}", ("a",))
    assert cur.fetchall() == [("ax",)]


def test_placeholder_in_the_where_clause_is_accepted(cur):
    cur.execute("SELECT tabid FROM systables WHERE tabid = ?", (1,))
    assert cur.fetchall() == [(1,)]
