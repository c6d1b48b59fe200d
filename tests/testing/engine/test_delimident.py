"""DELIMIDENT: with the client's DELIMIDENT=y, ``"..."`` is a delimited identifier.

Guide to SQL: Reference (DELIMIDENT) and Syntax (Delimited Identifiers):
letters in a delimited identifier are case-sensitive, it may hold any
character and equal a keyword; without DELIMIDENT ``"..."`` is a string
literal.  Undelimited names are folded to lower case.
"""

from __future__ import annotations

import pytest

from conftest import run


@pytest.fixture
def dq(session):
    """``dq(sql)`` on a session whose client sent DELIMIDENT=y."""
    session.delimident = True
    return lambda sql, params=(): run(session, sql, params)


def test_quoted_names_keep_their_case(dq):
    dq('create table "MyTab" ("MyCol" int)')
    dq('insert into "MyTab" values (7)')
    assert dq('select "MyCol" from "MyTab"') == [(7,)]


def test_without_delimident_double_quotes_make_a_string(q):
    assert q('select "MyCol" from systables where tabid = 1') == [("MyCol",)]


def test_reserved_word_as_a_quoted_column(dq):
    dq('create table t ("select" int, "from" varchar(5))')
    dq("insert into t values (1, 'a')")
    assert dq('select "select", "from" from t where "select" = 1') == [(1, "a")]


def test_catalog_stores_the_delimited_name_as_written(dq):
    dq('create table "Odd Name" ("Col #1" int, plain int)')
    assert dq("select tabname from systables where tabid >= 100") == [("Odd Name",)]
    cols = dq("select colname from syscolumns c, systables t where c.tabid = t.tabid"
              " and t.tabname = 'Odd Name' order by colno")
    assert cols == [("Col #1",), ("plain",)]


def test_unquoted_names_fold_and_match_a_quoted_lower_case_name(dq):
    dq("create table MixedT (Val int)")
    dq('insert into "mixedt" ("val") values (3)')
    assert dq("select tabname from systables where tabid >= 100") == [("mixedt",)]
    assert dq("select VAL from MIXEDT") == [(3,)]


def test_doubled_quote_inside_a_delimited_name(dq):
    dq('create table t ("say ""hi""" int)')
    assert dq("select colname from syscolumns where colname like 'say%'") == [('say "hi"',)]


def test_quoted_index_name_is_kept(dq):
    dq("create table t (a int)")
    dq('create index "IxA" on t (a)')
    assert dq("select idxname from sysindexes where idxname = 'IxA'") == [("IxA",)]


def test_quoted_alias_names_the_result_column(session, dq):
    dq("create table t (a int)")
    assert [c.name for c in session.prepare('select a as "Alias" from t').columns] == ["Alias"]
