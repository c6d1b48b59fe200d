"""Queries in parentheses: ``(SELECT ...)`` and UNION operands in parentheses.

Informix 14.10 and later accept a whole query in parentheses and parenthesized
operands of UNION/INTERSECT/EXCEPT; the engine prepares them as SELECTs with
the first operand's column types.
"""

from __future__ import annotations

import pytest

from informix_db import types as T


@pytest.fixture
def two(q):
    q("create table pa (x int, y decimal(8,2), z char(5))")
    q("create table pb (x int, w varchar(10))")
    q("insert into pa values (1, 1.5, 'ab')")
    q("insert into pa values (2, 2.5, 'cd')")
    q("insert into pb values (1, 'one')")
    q("insert into pb values (3, 'three')")
    return q


def _types(session, sql):
    return [(c.name, c.type.sqltype) for c in session.prepare(sql).columns]


def test_parenthesized_select_is_a_select(session):
    assert session.prepare("(SELECT tabid FROM systables)").kind == "select"


def test_parenthesized_select_gives_its_rows(two):
    assert two("(SELECT x FROM pa ORDER BY x)") == [(1,), (2,)]


def test_doubly_parenthesized_select_gives_its_rows(two):
    assert two("((SELECT x FROM pa ORDER BY x))") == [(1,), (2,)]


def test_parenthesized_select_keeps_first_inside(two):
    assert two("(SELECT FIRST 1 x FROM pa ORDER BY x DESC)") == [(2,)]


def test_parenthesized_select_describes_declared_types(session, two):
    assert _types(session, "(SELECT x, y, z FROM pa)") == [
        ("x", T.SQLINT), ("y", T.SQLDECIMAL), ("z", T.SQLCHAR)]


def test_parenthesized_select_takes_a_where_parameter(two):
    assert two("(SELECT x FROM pa WHERE x = ?)", (2,)) == [(2,)]


def test_union_of_parenthesized_selects_gives_both(two):
    assert two("(SELECT x FROM pa) UNION (SELECT x FROM pb) ORDER BY 1") == [(1,), (2,), (3,)]


def test_union_all_of_parenthesized_and_plain_select_keeps_duplicates(two):
    rows = two("(SELECT x FROM pa) UNION ALL SELECT x FROM pb ORDER BY x DESC")
    assert rows == [(3,), (2,), (1,), (1,)]


def test_union_of_parenthesized_selects_describes_the_first_operand(session, two):
    sql = "(SELECT x, z FROM pa) UNION (SELECT x, 'n' FROM pb)"
    assert _types(session, sql) == [("x", T.SQLINT), ("z", T.SQLCHAR)]


def test_parenthesized_operand_without_from_describes_its_own_list(session):
    # the select list ends at the operand's ')' even with no FROM clause
    assert _types(session, "(SELECT 1) UNION (SELECT 2)") == [("(constant)", T.SQLINT)]


def test_first_applies_to_its_own_parenthesized_operand(two):
    rows = two("(SELECT FIRST 1 x FROM pa ORDER BY x) UNION ALL (SELECT 9 FROM pb WHERE x = 3)")
    assert rows == [(1,), (9,)]


def test_intersect_of_parenthesized_selects(two):
    assert two("(SELECT x FROM pa) INTERSECT (SELECT x FROM pb)") == [(1,)]


def test_outer_join_inside_a_parenthesized_operand(two):
    rows = two("(SELECT pa.x, pb.w FROM pa, OUTER pb WHERE pa.x = pb.x) "
               "UNION (SELECT 9, 'n' FROM pb WHERE x = 3) ORDER BY 1")
    assert rows == [(1, "one"), (2, None), (9, "n")]


def test_lone_placeholder_in_a_parenthesized_select_is_refused(err, two):
    assert err("(SELECT ? FROM pa)", (1,)).sqlcode == -201


def test_lone_placeholder_in_a_parenthesized_union_operand_is_refused(err, two):
    assert err("(SELECT x FROM pa) UNION (SELECT ? FROM pb)", (1,)).sqlcode == -201


def test_parenthesized_union_into_temp_makes_the_table(two):
    two("(SELECT x FROM pa) UNION (SELECT x FROM pb) INTO TEMP pu")
    assert two("SELECT x FROM pu ORDER BY x") == [(1,), (2,), (3,)]


def test_parenthesized_expression_is_still_not_a_query(err):
    assert err("(1 + 2)").sqlcode == -201
