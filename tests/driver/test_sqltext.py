"""Placeholders and leading keywords found in SQL text."""

from __future__ import annotations

import pytest

from informix_db.exceptions import ProgrammingError
from informix_db.protocol.sqltext import first_keyword, scan


def test_qmark_statement_is_sent_unchanged():
    p = scan("SELECT * FROM t WHERE a = ? AND b = ?")
    assert (p.sql, p.count, p.order) == ("SELECT * FROM t WHERE a = ? AND b = ?", 2, None)


def test_numeric_markers_become_qmarks_in_order():
    p = scan("UPDATE t SET a = :2 WHERE b = :1")
    assert p.sql == "UPDATE t SET a = ? WHERE b = ?"
    assert p.arrange(["b", "a"]) == ["a", "b"]


def test_repeated_numeric_marker_repeats_the_value():
    assert scan("SELECT :1, :1 FROM t").arrange([5]) == [5, 5]


@pytest.mark.parametrize("sql", [
    "SELECT '?' FROM t",
    "SELECT 'it''s :1 ?' FROM t",
    'SELECT "col?" FROM t',
    "SELECT a FROM t -- where ? \n",
    "SELECT a FROM t { comment ? :1 }",
    "SELECT a FROM t /* ? :1 */",
    "SELECT a::INTEGER FROM t",
    "SELECT DATETIME (12:30) HOUR TO MINUTE FROM t",
])
def test_markers_inside_literals_comments_and_casts_are_not_parameters(sql):
    p = scan(sql)
    assert (p.count, p.sql) == (0, sql)


def test_mixed_styles_are_refused():
    with pytest.raises(ProgrammingError, match="mixes"):
        scan("SELECT ? FROM t WHERE a = :1")


def test_numeric_markers_start_at_one():
    with pytest.raises(ProgrammingError):
        scan("SELECT :0 FROM t")


@pytest.mark.parametrize(("sql", "params"), [("SELECT ? FROM t", []),
                                             ("SELECT ? FROM t", [1, 2]),
                                             ("SELECT :2 FROM t", [1])])
def test_wrong_number_of_parameters(sql, params):
    with pytest.raises(ProgrammingError):
        scan(sql).arrange(params)


def test_non_string_statement_is_refused():
    with pytest.raises(ProgrammingError):
        scan(b"SELECT 1")


@pytest.mark.parametrize(("sql", "word"), [
    ("  select 1", "SELECT"),
    ("-- note\n{ more }\n/* x */ INSERT INTO t", "INSERT"),
    ("(SELECT 1)", "("),
    ("", ""),
    ("   ", ""),
    ("begin work", "BEGIN"),
])
def test_first_keyword_skips_blanks_and_comments(sql, word):
    assert first_keyword(sql) == word
