"""LIKE with a pattern that is an expression: the default backslash escape
(or the statement's own ESCAPE) applies to the whole pattern."""

from __future__ import annotations

import pytest

from conftest import run


@pytest.fixture
def table(session):
    run(session, "CREATE TEMP TABLE lk (id INT, data VARCHAR(20))")
    for i, v in enumerate(["ab#c", "a%bc", "abc", "xab%"]):
        run(session, "INSERT INTO lk VALUES (?, ?)", (i, v))
    return session


def _ids(s, sql, params=()):
    return sorted(r[0] for r in run(s, sql, params))


def test_a_concatenated_pattern_takes_its_escape_clause(table):
    assert _ids(table, "SELECT id FROM lk WHERE data LIKE ? || '%' ESCAPE '#'", ("ab##",)) == [0]


def test_a_concatenated_pattern_in_parentheses_takes_its_escape_clause(table):
    assert _ids(table, "SELECT id FROM lk WHERE (data LIKE '%' || ? ESCAPE '#')", ("#%",)) == [3]


def test_a_concatenated_pattern_without_escape_uses_the_backslash(table):
    assert _ids(table, "SELECT id FROM lk WHERE data LIKE ? || '%'", ("a\\%",)) == [1]


def test_conditions_after_the_pattern_still_apply(table):
    assert _ids(table, "SELECT id FROM lk WHERE data LIKE 'a' || '%' AND id > 0") == [1, 2]
