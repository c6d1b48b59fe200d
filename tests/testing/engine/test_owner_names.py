"""Owner-qualified names (``owner.table``) in DDL, as in a database that is not
ANSI-compliant: the owner is recorded in systables (an undelimited one in lower
case, a quoted one as written); the table's name alone stays unique in the
database, and a qualified reference names the table only with its own owner."""

from __future__ import annotations

from conftest import run

NOT_IN_DATABASE = -206


def owner_of(q, name):
    (row,) = q(f"select owner from systables where tabname = '{name}'")
    return row[0].strip()


def test_create_table_records_an_undelimited_owner_in_lower_case(q):
    q("create table Test_Schema.sa_cc (a integer)")
    assert owner_of(q, "sa_cc") == "test_schema"


def test_create_table_keeps_a_quoted_owners_case(q):
    q("create table 'Otho'.mytab (a integer)")
    assert owner_of(q, "mytab") == "Otho"


def test_a_table_created_unqualified_is_informixs(q):
    q("create table plain (a integer)")
    assert owner_of(q, "plain") == "informix"


def test_the_owned_table_is_used_by_its_name_alone(q):
    q("create table test_schema.t1 (id integer primary key, x integer check (x > 0))")
    q("insert into t1 values (1, 5)")
    assert q("select x from t1") == [(5,)]


def test_references_may_name_the_parents_owner(q):
    q("create table test_schema.p (id integer primary key)")
    q("create table test_schema.c (id integer, pid integer references test_schema.p (id),"
      " foreign key (id) references test_schema.p (id))")
    (n,) = q("select count(*) from sysreferences r, systables t"
             " where r.ptabid = t.tabid and t.tabname = 'p'")[0]
    assert n == 2


def test_create_index_on_an_owned_table(q):
    q("create table test_schema.ix (a integer)")
    q("create index test_schema.ix_a on test_schema.ix (a)")
    assert q("select idxname from sysindexes where idxname = 'ix_a'") == [("ix_a",)]


def test_drop_table_with_its_owner(q):
    q("create table test_schema.gone (a integer)")
    q("drop table test_schema.gone")
    assert q("select tabname from systables where tabname = 'gone'") == []


def test_drop_table_with_another_owner_is_206_and_drops_nothing(q, err):
    q("create table test_schema.kept (a integer)")
    assert err("drop table someone.kept").sqlcode == NOT_IN_DATABASE
    assert owner_of(q, "kept") == "test_schema"


def test_create_table_as_select_records_the_owner(session, q):
    q("create table src (a integer)")
    run(session, "create table test_schema.copy as select a from src")
    assert owner_of(q, "copy") == "test_schema"
