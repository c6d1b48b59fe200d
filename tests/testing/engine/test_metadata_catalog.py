"""The system catalog IBM JDBC's DatabaseMetaData reads: getColumns and getPrimaryKeys.

The two queries below are what IBM JDBC 4.50 sends (taken from a server
trace) for ``getColumns(null, null, table, null)`` and
``getPrimaryKeys(null, null, table)``; ``{table}`` stands for the quoted name.
"""

from __future__ import annotations

import pytest

GET_COLUMNS_SQL = (
    'SELECT trim(t.owner), t.tabname, c.colname,informix.get_data_type(c.coltype, '
    'c.extended_id, 0), trim(informix.schema_coltypename(c.coltype,c.extended_id)),inform'
    'ix.schema_precision(c.coltype, c.extended_id, c.collength), '
    '0,informix.schema_numscale(c.coltype, c.collength), '
    'informix.schema_numprecradix(c.coltype),informix.schema_isnullable(c.coltype), '
    "NULL::VARCHAR(1),CASE d.type   WHEN 'L' THEN informix.get_default_value(c.coltype, "
    "c.extended_id, c.collength, d.default)   WHEN 'C' THEN 'current'   WHEN 'S' THEN "
    "'dbservername'   WHEN 'U' THEN 'user'   WHEN 'T' THEN 'today'  ELSE    "
    'NULL::VARCHAR(1) END,c.coltype, informix.schema_datetype(c.coltype, c.collength), '
    'informix.schema_charlen(c.coltype, c.extended_id, c.collength),c.colno, '
    'informix.schema_nullable(c.coltype)::VARCHAR(3), NULL::VARCHAR(1), NULL::VARCHAR(1),'
    ' NULL::VARCHAR(1), NULL::smallint, '
    'informix.schema_isautoincr(c.coltype)::VARCHAR(3),c.extended_id FROM '
    'testdb:informix.systables t,    OUTER testdb:informix.sysdefaults d, '
    'testdb:informix.syscolumns c     WHERE t.tabid = c.tabid and d.tabid = t.tabid      '
    "AND c.colno = d.colno      AND (t.tabtype not in ('P', 'S'))      AND (d.class in "
    "('T'))      AND t.tabname like {table}     AND t.owner like '%' and c.colname like "
    "'%' union SELECT    trim(st.owner),    st.tabname,    c.colname,   "
    'informix.get_data_type(c.coltype,c.extended_id, 0),    '
    'trim(informix.schema_coltypename(c.coltype,c.extended_id)),   '
    'informix.schema_precision(c.coltype, c.extended_id, c.collength),   0,   '
    'informix.schema_numscale(c.coltype, c.collength),    '
    'informix.schema_numprecradix(c.coltype),   informix.schema_isnullable(c.coltype),'
    "    NULL::VARCHAR(1),   CASE d.type      WHEN 'L' THEN "
    'informix.get_default_value(c.coltype, c.extended_id, c.collength, d.default)      '
    "WHEN 'C' THEN 'current' WHEN 'S' THEN 'dbservername' WHEN 'U' THEN 'user'      WHEN "
    "'T' THEN 'today'      ELSE        NULL::VARCHAR(1)    END,   c.coltype,    "
    'informix.schema_datetype(c.coltype, c.collength),    '
    'informix.schema_charlen(c.coltype, c.extended_id, c.collength),   c.colno,    '
    'informix.schema_nullable(c.coltype)::VARCHAR(3),    NULL::VARCHAR(1),    '
    'NULL::VARCHAR(1),    NULL::VARCHAR(1),    NULL::smallint,    '
    'informix.schema_isautoincr(c.coltype)::VARCHAR(3),    c.extended_id    FROM '
    'testdb:informix.systables st, testdb:informix.syssyntable s, '
    'testdb:informix.systables t,     OUTER  testdb:informix.sysdefaults d,  '
    'testdb:informix.syscolumns c       WHERE st.tabid = s.tabid       AND s.btabid = '
    't.tabid       AND t.tabid = c.tabid       AND d.tabid = t.tabid       AND c.colno = '
    "d.colno       AND (st.tabtype in ('P', 'S'))       AND (d.class in ('T'))       AND "
    "st.tabname LIKE {table}      AND st.owner LIKE '%' AND c.colname LIKE '%' order by "
    '1,2,16 '
)

GET_PRIMARY_KEYS_SQL = (
    '  select   sc.colname,  so.constrname,   st.tabname,   st.owner,   sc.colno,   '
    'ABS(si.part1),ABS(si.part2),ABS(si.part3),ABS(si.part4),  '
    'ABS(si.part5),ABS(si.part6),ABS(si.part7),ABS(si.part8)   from '
    'testdb:informix.systables st,testdb:informix.sysconstraints '
    'so,testdb:informix.sysindexes si,testdb:informix.syscolumns sc   where   ( '
    'st.tabname like {table} or   st.tabname like {table} ) and  st.tabid = so.tabid and'
    "  so.constrtype = 'P' and  so.idxname = si.idxname and  sc.tabid = st.tabid and  "
    "st.owner like '%' and  (sc.colno = ABS(si.part1) or    sc.colno = ABS(si.part2) or"
    '    sc.colno = ABS(si.part3) or    sc.colno = ABS(si.part4) or    sc.colno = '
    'ABS(si.part5) or    sc.colno = ABS(si.part6) or    sc.colno = ABS(si.part7) or    '
    'sc.colno = ABS(si.part8) ) order by 1'
)


def columns_of(q, table):
    return {r[2]: r for r in q(GET_COLUMNS_SQL.format(table=f"'{table}'"))}


@pytest.fixture
def mt(q):
    q("create table mt (id serial not null, name varchar(20,4) default 'x', amount decimal(10,2),"
      " f decimal(16), ts datetime year to fraction(3) default current year to fraction(3),"
      " d date default today, iv interval day(5) to second, primary key (id))")
    return "mt"


def test_get_columns_lists_every_column_in_order(q, mt):
    rows = q(GET_COLUMNS_SQL.format(table="'mt'"))
    assert [(r[2], r[15]) for r in rows] == [
        ("id", 1), ("name", 2), ("amount", 3), ("f", 4), ("ts", 5), ("d", 6), ("iv", 7)]


@pytest.mark.parametrize("col, data_type, type_name, size", [
    ("id", 4, "serial", 10), ("name", 12, "varchar", 20), ("amount", 3, "decimal", 10),
    ("f", 3, "decimal", 16), ("ts", 93, "datetime", 23), ("d", 91, "date", 10),
    ("iv", 1, "interval", 14),
])
def test_get_columns_gives_jdbc_type_name_and_size(q, mt, col, data_type, type_name, size):
    r = columns_of(q, mt)[col]
    assert (r[3], r[4], r[5]) == (data_type, type_name, size)


def test_get_columns_gives_scale_only_where_there_is_one(q, mt):
    cols = columns_of(q, mt)
    assert (cols["amount"][7], cols["f"][7], cols["name"][7]) == (2, None, None)


def test_get_columns_gives_nullability_and_autoincrement(q, mt):
    cols = columns_of(q, mt)
    assert (cols["id"][9], cols["id"][16], cols["id"][21]) == (0, "NO", "YES")
    assert (cols["name"][9], cols["name"][16], cols["name"][21]) == (1, "YES", "NO")


def test_get_columns_gives_defaults_as_informix_records_them(q, mt):
    cols = columns_of(q, mt)
    assert (cols["name"][11], cols["ts"][11], cols["d"][11], cols["amount"][11]) == (
        "x", "current", "today", None)


def test_get_primary_keys_gives_key_columns_and_constraint(q):
    q("create table pk2 (a int, b char(3), c int, constraint pk_ab primary key (b, a))")
    rows = q(GET_PRIMARY_KEYS_SQL.format(table="'pk2'"))
    # colname, constrname, tabname, owner, colno, part1..part8
    assert sorted((r[0], r[1], r[4], r[5], r[6], r[7]) for r in rows) == [
        ("a", "pk_ab", 1, 2, 1, 0), ("b", "pk_ab", 2, 2, 1, 0)]


def test_unique_constraint_is_not_a_primary_key(q):
    q("create table uq (a int unique, b int)")
    assert q(GET_PRIMARY_KEYS_SQL.format(table="'uq'")) == []
    assert q("select constrtype from sysconstraints c, systables t"
             " where c.tabid = t.tabid and t.tabname = 'uq'") == [("U",)]


def test_database_prefixed_names_follow_outer(q):
    q("create table a (x int)")
    q("create table b (x int, y int)")
    q("insert into a values (1)")
    assert q("select a.x, b.y from testdb:informix.a, outer testdb:informix.b"
             " where a.x = b.x") == [(1, None)]


def test_outer_join_in_the_second_select_of_a_union(q):
    q("create table a (x int)")
    q("create table b (x int, y int)")
    q("insert into a values (1)")
    assert q("select x, 0 from a where 1 = 0 union"
             " select a.x, b.y from a, outer b where a.x = b.x") == [(1, None)]
