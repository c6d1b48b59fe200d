"""The one depth-0 token scan (lexer.top_level) and the clause walkers on it."""

from __future__ import annotations

from informix_db.testing.engine.describe import from_tables
from informix_db.testing.engine.lexer import find_top, tokenize, top_level


def _texts(sql: str, start: int = 0) -> list[str]:
    return [t.text for _, t in top_level(tokenize(sql), start)]


def test_top_level_skips_parenthesised_groups_but_yields_their_opening():
    assert _texts("a (b, (c)) d") == ["a", "(", "d"]


def test_top_level_stops_at_the_parenthesis_closing_the_enclosing_group():
    toks = tokenize("(x where y) z")
    assert [t.text for _, t in top_level(toks, 1)] == ["x", "where", "y"]


def test_find_top_ignores_words_inside_parentheses():
    toks = tokenize("select (select a from t where b = 1) from u where c = 2")
    assert toks[find_top(toks, 1, "WHERE") + 1].text == "c"


def test_find_top_without_a_match_is_minus_one():
    assert find_top(tokenize("select a from t"), 0, "WHERE") == -1


def test_from_tables_reads_tables_and_aliases_past_subqueries():
    toks = tokenize("select * from t1 a, (select x from t9) s, t2 as b join t3 on a.x = t3.x "
                    "where a.y = 1")
    frm = find_top(toks, 0, "FROM")
    # a derived table is known by its alias alone (no catalog table has that name)
    assert from_tables(toks, frm) == [("t1", "a"), ("s", "s"), ("t2", "b"), ("t3", "t3")]
