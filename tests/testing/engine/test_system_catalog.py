"""The system catalog every database has: real tabids, names and columns."""

from __future__ import annotations

import pytest

from informix_db.testing.engine.catalog_tables import TABLES

FIRST_TEN = ["systables", "syscolumns", "sysindices", "systabauth", "syscolauth", "sysviews",
             "sysusers", "sysdepend", "syssynonyms", "syssyntable"]


def columns_of(q, table):
    return [r[0] for r in q("select c.colname from syscolumns c, systables t"
                            " where c.tabid = t.tabid and t.tabname = ? order by c.colno",
                            (table,))]


def test_catalog_tabids_run_from_1_without_gaps(q):
    rows = q("select tabid from systables where tabid < 90 order by tabid")
    assert [r[0] for r in rows] == list(range(1, 68))


def test_first_ten_catalog_tables_are_named_as_on_a_real_server(q):
    rows = q("select tabname from systables where tabid <= 10 order by tabid")
    assert [r[0] for r in rows] == FIRST_TEN


def test_first_five_by_tabid_are_the_first_catalog_tables(q):
    assert q("select first 5 tabid from systables order by tabid") == [(i,) for i in range(1, 6)]


def test_sum_of_tabids_up_to_10_is_55(q):
    assert q("select sum(tabid) from systables where tabid <= 10") == [(55,)]


def test_sysindices_is_the_table_at_3_and_sysindexes_a_view(q):
    rows = q("select tabid, tabtype from systables where tabname in ('sysindices', 'sysindexes')"
             " order by tabid")
    assert rows == [(3, "T"), (67, "V")]


def test_locale_rows_keep_their_tabids(q):
    assert q("select tabid, tabname from systables where tabid >= 68 and tabid < 100"
             " order by tabid") == [(90, " GL_COLLATE"), (91, " GL_CTYPE"), (99, " VERSION")]


def test_first_user_table_is_tabid_100(q):
    q("create table first_one (a int)")
    assert q("select tabid from systables where tabname = 'first_one'") == [(100,)]


@pytest.mark.parametrize("table, columns", [
    ("syscolumns", ["colname", "tabid", "colno", "coltype", "collength", "colmin", "colmax",
                    "extended_id", "seclabelid", "colattr"]),
    ("sysconstraints", ["constrid", "constrname", "owner", "tabid", "constrtype", "idxname",
                        "collation"]),
    ("sysreferences", ["constrid", "primary", "ptabid", "updrule", "delrule", "matchtype",
                       "pendant"]),
    ("systabauth", ["grantor", "grantee", "tabid", "tabauth"]),
    ("sysviews", ["tabid", "seqno", "viewtext"]),
    ("syssynonyms", ["owner", "synname", "created", "tabid"]),
    ("sysproccolumns", ["procid", "paramid", "paramname", "paramtype", "paramlen", "paramxid",
                        "paramattr"]),
])
def test_catalog_table_has_its_documented_columns(q, table, columns):
    assert columns_of(q, table) == columns


def test_sysindexes_has_the_pre_7_2_shape(q):
    cols = columns_of(q, "sysindexes")
    assert cols[:5] == ["idxname", "owner", "tabid", "idxtype", "clustered"]
    assert cols[5:21] == [f"part{k}" for k in range(1, 17)]


def test_sysprocedures_starts_with_name_owner_and_id(q):
    assert columns_of(q, "sysprocedures")[:3] == ["procname", "owner", "procid"]


@pytest.mark.parametrize("name", [name for _, name, _, _ in TABLES])
def test_catalog_object_selects_the_columns_syscolumns_lists(session, q, name):
    described = [c.name for c in session.prepare(f"select * from {name}").columns]
    assert described == columns_of(q, name)


def test_unused_catalog_tables_are_empty(q):
    assert q("select count(*) from sysprocedures") == [(0,)]


def test_sysindices_lists_a_created_index(q):
    q("create table ix (a int, b int)")
    q("create index ix_b on ix (b)")
    assert q("select i.idxtype, i.clustered from sysindices i, systables t"
             " where i.tabid = t.tabid and t.tabname = 'ix'") == [("D", "-")]


def test_catalog_of_a_file_from_an_older_engine_is_brought_up_to_date(tmp_path):
    from informix_db.testing.engine import Engine

    with Engine(data_dir=tmp_path, databases={"old": "logged"}) as eng:
        root = eng.get("old").root
        root.execute("DELETE FROM __ifx_columns WHERE tabid BETWEEN 3 AND 89")
        root.execute("DELETE FROM __ifx_tables WHERE tabid BETWEEN 3 AND 89")
        root.execute("DROP TABLE sysviews")
        root.execute("CREATE OR REPLACE VIEW sysindexes AS SELECT 1 AS clustering")
        root.execute("CHECKPOINT")
    with Engine(data_dir=tmp_path) as eng:
        s = eng.open_session()
        s.open_database("old")
        assert s.execute("select count(*) from systables where tabid < 90").fetchall() == [(67,)]
        assert s.execute("select count(*) from sysviews").fetchall() == [(0,)]
        assert s.execute("select count(clustered) from sysindexes").fetchall() == [(0,)]
        s.close()


def test_sysviews_keeps_a_views_text_in_64_character_rows(q):
    q("create table vt (a int)")
    text = "create view long_view as select a from vt where a > 0 and a < 1000 and a <> 5"
    q(text)
    rows = q("select v.viewtext from sysviews v, systables t where v.tabid = t.tabid"
             " and t.tabname = 'long_view' order by v.seqno")
    assert [r[0] for r in rows] == [text[:64], text[64:].ljust(64)]


def test_sysdepend_links_a_view_to_what_it_reads(q):
    q("create table base (a int)")
    q("create view over_base as select a from base")
    q("create view over_view as select a from over_base")
    rows = q("select b.tabname, d.btype, v.tabname, d.dtype from sysdepend d, systables b,"
             " systables v where b.tabid = d.btabid and v.tabid = d.dtabid order by 3")
    assert rows == [("base", "T", "over_base", "V"), ("over_base", "V", "over_view", "V")]


def test_dropped_view_leaves_sysviews_and_sysdepend(q):
    q("create table gone_base (a int)")
    q("create view gone_view as select a from gone_base")
    q("drop view gone_view")
    assert q("select count(*) from sysviews") == [(0,)]
    assert q("select count(*) from sysdepend") == [(0,)]


def test_view_rolled_back_leaves_no_sysviews_row(q):
    q("create table rb (a int)")
    q("begin work")
    q("create view rb_view as select a from rb")
    q("rollback work")
    assert q("select count(*) from sysviews") == [(0,)]


@pytest.fixture
def keyed(q):
    q("create table parent (a int primary key, b int unique)")
    q("create table child (x int references parent (a), y int, z int check (z > 0),"
      " foreign key (y) references parent (b))")


def test_foreign_keys_are_referential_constraints(q, keyed):
    rows = q("select c.constrtype from sysconstraints c, systables t"
             " where c.tabid = t.tabid and t.tabname = 'child' order by c.constrid")
    assert sorted(r[0] for r in rows) == ["C", "R", "R"]


def test_sysreferences_points_at_the_referenced_key(q, keyed):
    rows = q("select pk.constrtype, pt.tabname, r.delrule from sysreferences r,"
             " sysconstraints pk, systables pt where pk.constrid = r.primary"
             " and pt.tabid = r.ptabid order by r.constrid")
    assert rows == [("P", "parent", "R"), ("U", "parent", "R")]


def test_foreign_key_has_an_index_on_its_columns(q, keyed):
    rows = q("select i.idxtype, i.part1 from sysindexes i, sysconstraints c"
             " where i.idxname = c.idxname and c.constrtype = 'R' order by i.part1")
    assert rows == [("D", 1), ("D", 2)]


def test_check_constraint_text_and_columns(q, keyed):
    assert q("select h.type, trim(h.checktext), d.colno from syschecks h, syscoldepend d"
             " where d.constrid = h.constrid") == [("T", "(z > 0)", 3)]


def test_check_constraints_keep_their_names(q):
    q("create table ck_t (a integer check (a > 0) constraint ck_a, b integer check (b > 1),"
      " c integer, check (c > 2) constraint ck_c, constraint ck_d check (c < 100))")
    rows = q("select c.constrname, h.checktext from sysconstraints c, syschecks h"
             " where c.constrid = h.constrid order by c.constrid")
    named = {name: text.strip() for name, text in rows}
    assert named["ck_a"] == "(a > 0)" and named["ck_c"] == "(c > 2)"
    assert named["ck_d"] == "(c < 100)"
    assert [n for n in named if n.startswith("c") and n[1:2].isdigit()] != []  # b's


def test_foreign_keys_keep_their_names(q):
    q("create table fk_p (id integer primary key)")
    q("create table fk_c (id integer, pid integer references fk_p (id) constraint fk_one,"
      " qid integer, foreign key (qid) references fk_p (id) constraint fk_two)")
    assert q("select c.constrname from sysconstraints c, sysreferences r"
             " where c.constrid = r.constrid order by 1") == [("fk_one",), ("fk_two",)]


def test_sequence_is_a_systables_row_of_type_q(q):
    q("create sequence seq_a")
    assert q("select tabid, tabtype from systables where tabname = 'seq_a'") == [(100, "Q")]


def test_syssequences_gives_a_sequences_settings(q):
    q("create sequence seq_b start with 5 increment by 2 maxvalue 100 cycle")
    assert q("select start_val, inc_val, max_val, cycle from syssequences s, systables t"
             " where s.tabid = t.tabid and t.tabname = 'seq_b'") == [(5, 2, 100, "1")]


def test_sequence_nextval_and_currval(q):
    q("create sequence seq_n start with 10")
    assert q("select seq_n.nextval from systables where tabid = 1") == [(10,)]
    assert q("select seq_n.currval, informix.seq_n.nextval from systables"
             " where tabid = 1") == [(10, 11)]
    q("create table seq_t (id integer)")
    q("insert into seq_t values (seq_n.NEXTVAL)")
    assert q("select id from seq_t") == [(12,)]


def test_sequence_takes_informix_one_word_negative_options(q):
    q("create sequence seq_o increment by 2 start with 5 nominvalue nomaxvalue nocycle"
      " nocache noorder")
    assert q("select seq_o.nextval from systables where tabid = 1") == [(5,)]


def test_dropped_sequence_leaves_the_catalog(q):
    q("create sequence seq_c")
    q("drop sequence seq_c")
    assert q("select count(*) from systables where tabname = 'seq_c'") == [(0,)]


@pytest.mark.parametrize("sql", [
    "select a.am_id from sysams a",
    "select sysams.am_id from informix.sysams",
    "select t.tabid from systables t, outer sysindexes i where t.tabid = i.tabid and t.tabid = 1",
    "select t.tabid from systables t left join sysconstraints c on c.tabid = t.tabid"
    " where t.tabid = 1",
    "select tabid from systables where tabid = 1 and tabid not in (select tabid from sysindexes)",
])
def test_catalog_tables_serve_aliased_joined_and_nested(q, sql):
    expected = [] if "sysams" in sql else [(1,)]
    assert q(sql) == expected


def test_catalog_table_columns_describe_with_their_declared_types(session):
    procname, numargs = session.prepare("select procname, numargs from sysprocedures").columns
    assert (procname.type.sqltype, procname.type.length, numargs.type.sqltype) == (13, 128, 2)


def test_writing_an_inline_catalog_table_is_error_206(err):
    assert err("delete from sysams").sqlcode == -206


def test_new_table_grants_public_all_but_alter_and_references(q):
    q("create table granted (a int)")
    assert q("select grantor, grantee, tabauth from systabauth a, systables t"
             " where a.tabid = t.tabid and t.tabname = 'granted'") == [
        ("informix", "public", "su-idx--n")]


def test_ansi_database_grants_public_nothing():
    from informix_db.testing.engine import Engine

    with Engine(databases={"ansidb": "ansi"}) as eng:
        s = eng.open_session()
        s.open_database("ansidb")
        s.execute("create table private_t (a int)")
        assert s.execute("select count(*) from systabauth").fetchall() == [(0,)]
        s.close()


def test_sysindexes_part_of_a_descending_key_is_negative(q):
    q("create table t_desc (q int, r int)")
    q("create index ix_desc on t_desc (q desc, r asc)")
    assert q("select part1, part2, part3 from sysindexes where idxname = 'ix_desc'") \
        == [(-1, 2, 0)]
