"""Informix SQL forms on top of DuckDB: FIRST/SKIP, MATCHES, TODAY/CURRENT, SERIAL, catalog."""

from __future__ import annotations

import datetime as dt

import pytest

from informix_db import types as T


@pytest.fixture
def nums(q):
    q("create table nums (n int, s varchar(20))")
    for i in range(1, 11):
        q("insert into nums values (?, ?)", [i, f"name{i}"])
    return q


# -- FIRST / SKIP ----------------------------------------------------------------
def test_first_limits_rows(nums):
    assert nums("select first 3 n from nums order by n") == [(1,), (2,), (3,)]


def test_skip_first_pages(nums):
    assert nums("select skip 2 first 3 n from nums order by n") == [(3,), (4,), (5,)]


def test_skip_alone_skips(nums):
    assert nums("select skip 8 n from nums order by n") == [(9,), (10,)]


def test_limit_in_the_select_head(nums):
    assert nums("select limit 2 n from nums order by n desc") == [(10,), (9,)]


def test_first_in_a_subquery_applies_to_it(nums):
    rows = nums("select count(*) from nums where n in (select first 4 n from nums order by n)")
    assert rows == [(4,)]


def test_unique_is_distinct(q):
    q("create table u (a int)")
    for v in (1, 1, 2):
        q("insert into u values (?)", [v])
    assert q("select unique a from u order by a") == [(1,), (2,)]


# -- MATCHES / LIKE ----------------------------------------------------------------
@pytest.mark.parametrize("pattern, expected", [
    ("name1*", [1, 10]), ("name?", list(range(1, 10))), ("name[2-4]", [2, 3, 4]),
    ("name[^1-8]", [9]), ("*0", [10]), ("NAME1", []),
])
def test_matches_patterns(nums, pattern, expected):
    rows = nums(f"select n from nums where s matches '{pattern}' order by n")
    assert [r[0] for r in rows] == expected


def test_matches_with_a_parameter_pattern(nums):
    assert nums("select n from nums where s matches ? order by n", ["*1?"]) == [(10,)]


def test_not_matches(nums):
    assert len(nums("select n from nums where s not matches 'name1*'")) == 8


def test_matches_escape_makes_star_literal(q):
    q("create table m (s varchar(10))")
    q("insert into m values ('a*b')")
    q("insert into m values ('axb')")
    assert q("select s from m where s matches 'a!*b' escape '!'") == [("a*b",)]


def test_matches_backslash_is_the_default_escape(q):
    q("create table m (s varchar(10))")
    q("insert into m values ('a?')")
    q("insert into m values ('ab')")
    assert q("select s from m where s matches 'a\\?'") == [("a?",)]


def test_like_backslash_escapes_by_default(q):
    q("create table l (s varchar(10))")
    q("insert into l values ('a_b')")
    q("insert into l values ('axb')")
    assert q("select s from l where s like 'a\\_b'") == [("a_b",)]


def test_concatenation(q):
    assert q("select 'ab' || 'cd' from systables where tabid = 1") == [("abcd",)]


# -- TODAY / CURRENT ---------------------------------------------------------------
def test_today_is_the_local_date(q):
    before = dt.date.today()
    (value,) = q("select today from systables where tabid = 1")[0]
    assert before <= value <= dt.date.today()


def test_current_is_cut_to_its_qualifier(q):
    (value,) = q("select current year to second from systables where tabid = 1")[0]
    assert value.microsecond == 0
    assert abs(value - dt.datetime.now()) < dt.timedelta(seconds=5)


def test_current_hour_to_minute_is_a_time(session, q):
    stmt = session.prepare("select current hour to minute from systables where tabid = 1")
    assert stmt.columns[0].type == T.ColumnType(T.SQLDTIME, (4 << 8) | (6 << 4) | 8)
    (value,) = session.execute(stmt, []).fetchall()[0]
    assert isinstance(value, dt.time) and value.second == 0


def test_current_describes_year_to_fraction3(session):
    (col,) = session.prepare("select current from systables where tabid = 1").columns
    assert col.type.sqltype == T.SQLDTIME and col.type.length & 0xFF == (0 << 4) | 13


def test_today_as_a_column_default(q):
    q("create table d (a int, made date default today)")
    q("insert into d (a) values (1)")
    assert q("select made from d")[0][0] == dt.date.today()


def test_current_in_where_compares_with_datetimes(q):
    q("create table e (t datetime year to second)")
    q("insert into e values (?)", [dt.datetime(2000, 1, 1)])
    assert q("select count(*) from e where t < current") == [(1,)]


# -- SERIAL -------------------------------------------------------------------------
def test_serial_is_generated_and_reported(q):
    q("create table s (id serial, v char(1))")
    assert q("insert into s (v) values ('a')").serial == 1
    assert q("insert into s values (0, 'b')").serial == 2


def test_explicit_serial_is_kept_and_moves_the_counter(q):
    q("create table s (id serial, v char(1))")
    q("insert into s values (50, 'a')")
    assert q("insert into s (v) values ('b')").serial == 51


def test_lower_explicit_serial_does_not_move_the_counter_back(q):
    q("create table s (id serial, v int)")
    q("insert into s values (10, 1)")
    q("insert into s values (3, 2)")
    assert q("insert into s (v) values (3)").serial == 11


def test_serial_start_value(q):
    q("create table s (id serial(1000), v int)")
    assert q("insert into s (v) values (1)").serial == 1000


def test_serial8_and_bigserial_are_reported_as_serial8(q):
    q("create table s8 (id serial8, v int)")
    q("create table bs (id bigserial, v int)")
    r8 = q("insert into s8 (v) values (1)")
    rb = q("insert into bs (v) values (1)")
    assert (r8.serial, r8.serial8, rb.serial8) == (0, 1, 1)


def test_insert_select_numbers_each_row(q):
    q("create table src (v int)")
    for v in (1, 2, 3):
        q("insert into src values (?)", [v])
    q("create table s (id serial, v int)")
    res = q("insert into s (v) select v from src")
    assert res.rowcount == 3
    assert sorted(r[0] for r in q("select id from s")) == [1, 2, 3]


def test_serial_counter_is_shared_by_sessions(session, other, q, runner):
    q("create table s (id serial, v int)")
    q("insert into s (v) values (1)")
    assert runner(other, "insert into s (v) values (2)").serial == 2


def test_serial_parameter_zero_generates(q):
    q("create table s (id serial, v int)")
    assert q("insert into s values (?, ?)", [0, 5]).serial == 1


def test_dbinfo_sqlerrd1_is_the_last_serial(q):
    q("create table s (id serial, v int)")
    q("insert into s (v) values (1)")
    q("insert into s (v) values (1)")
    assert q("select dbinfo('sqlca.sqlerrd1') from systables where tabid = 1") == [(2,)]


# -- DML counts ------------------------------------------------------------------------
def test_update_reports_rows_and_coerces(nums):
    assert nums("update nums set s = ? where n > ?", ["x" * 30, 8]).rowcount == 2
    assert nums("select s from nums where n = 9") == [("x" * 20,)]


def test_update_of_a_column_list(nums):
    nums("update nums set (n, s) = (100, 'hundred') where n = 1")
    assert nums("select n, s from nums where n = 100") == [(100, "hundred")]


def test_delete_reports_rows(nums):
    assert nums("delete from nums where n <= 3").rowcount == 3


def test_delete_without_from(nums):
    assert nums("delete nums where n = 1").rowcount == 1


# -- connect-time queries, DBINFO, system catalog -------------------------------------
def test_jdbc_locale_query(q):
    assert q("select dirpath from informix.systables where tabname = ' GL_COLLATE'") == [
        ("en_US.819",)]


def test_utf8_locale_is_a_database_property(engine, runner):
    engine.create_database("utf8db", "logged", locale="en_US.57372")
    s = engine.open_session()
    s.open_database("utf8db")
    rows = runner(s, "select dirpath from informix.systables where tabname = ' GL_COLLATE'")
    assert rows == [("en_US.57372",)]


def test_version_query_answers_the_banner(q):
    assert q("SELECT FIRST 1 DBINFO('version','full') FROM systables") == [
        ("IBM Informix Dynamic Server Version 12.10.FC12",)]


def test_version_is_an_engine_setting():
    from informix_db.testing.engine import Engine

    banner = "IBM Informix Dynamic Server Version 14.10.FC1"
    with Engine(databases={"v": "logged"}, version=banner) as eng:
        s = eng.open_session()
        s.open_database("v")
        rows = s.execute(s.prepare("select dbinfo('version','full') from systables"
                                   " where tabid = 1")).fetchall()
    assert rows == [(banner,)]


def test_dbinfo_dbname(q):
    assert q("select dbinfo('dbname') from systables where tabid = 1") == [("testdb",)]


def test_systables_lists_user_tables_from_tabid_100(q):
    q("create table first_t (a int, b char(2))")
    rows = q("select tabid, tabname, owner, ncols, tabtype from informix.systables"
             " where tabid >= 100")
    assert rows == [(100, "first_t", "informix".ljust(32), 2, "T")]


def test_systables_nrows_counts_rows(q):
    q("create table t (a int)")
    q("insert into t values (1)")
    assert q("select nrows from systables where tabname = 't'") == [(1.0,)]


def test_syscolumns_has_coltype_with_not_null_flag(q):
    q("create table c (a int not null, b varchar(10,2), c decimal(8,3))")
    rows = q("select c.colname, c.colno, c.coltype, c.collength from syscolumns c, systables t"
             " where c.tabid = t.tabid and t.tabname = 'c' order by c.colno")
    assert rows == [("a", 1, T.SQLINT | T.SQLNONULL, 4), ("b", 2, T.SQLVCHAR, 2 * 256 + 10),
                    ("c", 3, T.SQLDECIMAL, 8 * 256 + 3)]


def test_system_tables_describe_their_own_columns(q):
    rows = q("select colname from syscolumns where tabid = 1 and colno <= 4 order by colno")
    assert rows == [("tabname",), ("owner",), ("partnum",), ("tabid",)]


def test_drop_table_removes_it_from_the_catalog(q):
    q("create table gone (a int)")
    q("drop table gone")
    assert q("select count(*) from systables where tabname = 'gone'") == [(0,)]


# -- DDL forms -------------------------------------------------------------------------
def test_alter_table_add_and_drop_columns(session, q):
    q("create table a (x int)")
    q("alter table a add (y char(3), z date)")
    q("alter table a drop (x)")
    cols = session.prepare("select * from a").columns
    assert [(c.name, c.type.sqltype) for c in cols] == [("y", T.SQLCHAR), ("z", T.SQLDATE)]


def test_rename_table_keeps_declared_types(session, q):
    q("create table old_t (c char(5))")
    q("rename table old_t to new_t")
    assert session.prepare("select c from new_t").columns[0].type == T.ColumnType(T.SQLCHAR, 5)


def test_rename_column(session, q):
    q("create table rc (c char(5))")
    q("rename column rc.c to d")
    assert session.prepare("select d from rc").columns[0].name == "d"


def test_create_table_informix_clauses_are_accepted(q):
    q("create table x (a int, primary key (a) constraint pk_x) extent size 16 next size 16"
      " lock mode row")
    assert q("select count(*) from systables where tabname = 'x'") == [(1,)]


def test_temp_table_is_private_to_the_session(session, other, q, error_in):
    q("create temp table tmp (c char(4))")
    q("insert into tmp values ('ab')")
    assert q("select c from tmp") == [("ab  ",)]
    assert error_in(other, "select * from tmp").sqlcode == -206


def test_select_into_temp(q):
    q("create table src (c char(3))")
    q("insert into src values ('x')")
    q("select c from src into temp t2 with no log")
    assert q("select c from t2") == [("x  ",)]


def test_noop_statements_are_accepted(q):
    q("create table t (a int)")
    for sql in ("set lock mode to wait 10", "set isolation to dirty read", "lock table t in"
                " share mode", "update statistics", "grant select on t to public"):
        assert q(sql).rowcount == 0


def test_statement_kinds(session):
    kinds = {sql: session.prepare(sql).kind for sql in (
        "select * from systables", "create table k (a int)", "begin work", "commit work",
        "rollback work", "database testdb", "set isolation to committed read")}
    assert list(kinds.values()) == ["select", "create_table", "begin", "commit", "rollback",
                                    "database", "set"]


def test_nparams_counts_markers(session):
    assert session.prepare("select * from systables where tabid = ? or tabname = ?").nparams == 2


def test_create_and_drop_database_statements(engine, runner):
    s = engine.open_session()
    runner(s, "create database made with log mode ansi")
    assert (s.database, s.mode) == ("made", "ansi")
    runner(s, "close database")
    runner(s, "drop database made")
    assert not engine.exists("made")


def test_date_accepts_the_dbdate_mdy4_form(q):
    q("create table dd (d date)")
    q("insert into dd values ('02/29/2024')")
    q("insert into dd values (?)", ["2024-03-01"])
    assert q("select d from dd order by d") == [(dt.date(2024, 2, 29),), (dt.date(2024, 3, 1),)]


def test_bad_date_string_is_1218(q, err):
    q("create table dd (d date)")
    assert err("insert into dd values ('2024-13-45')").sqlcode == -1218


def test_for_update_clause_is_accepted(nums):
    assert nums("select n from nums where n = 1 for update") == [(1,)]


def test_decode_maps_values(nums):
    rows = nums("select decode(n, 1, 'one', 2, 'two', 'many') from nums where n <= 3 order by n")
    assert rows == [("one",), ("two",), ("many",)]


def test_nvl_replaces_null(q):
    assert q("select nvl(null, 5) from systables where tabid = 1") == [(5,)]


def test_mdy_builds_a_date(q):
    assert q("select mdy(2, 29, 2024) from systables where tabid = 1") == [(dt.date(2024, 2, 29),)]


def test_extend_cuts_a_datetime(q):
    rows = q("select extend(datetime (2024-05-06 07:08:09) year to second, year to hour)"
             " from systables where tabid = 1")
    assert rows == [(dt.datetime(2024, 5, 6, 7),)]


def test_date_function_converts(q):
    rows = q("select date('2024-01-31') from systables where tabid = 1")
    assert rows == [(dt.date(2024, 1, 31),)]


def test_truncate_empties_a_table(nums):
    nums("truncate table nums")
    assert nums("select count(*) from nums") == [(0,)]


def test_view_columns_keep_declared_types(session, q):
    q("create table vt (c char(4), n int)")
    q("insert into vt values ('a', 1)")
    q("create view vv (cc, nn) as select c, n from vt")
    stmt = session.prepare("select cc from vv")
    assert stmt.columns[0].type == T.ColumnType(T.SQLCHAR, 4)
    assert session.execute(stmt).fetchall() == [("a   ",)]


def test_drop_view(q, err):
    q("create table vt (c char(4))")
    q("create view vv as select c from vt")
    q("drop view vv")
    assert err("select * from vv").sqlcode == -206


def test_string_constant_is_described_as_char(session):
    (col,) = session.prepare("select 'abc' from systables where tabid = 1").columns
    assert (col.name, col.type) == ("(constant)", T.ColumnType(T.SQLCHAR, 3, True))


# -- parameter types (for an input DESCRIBE) ---------------------------------------------
@pytest.fixture
def ptab(q):
    q("create table p (id serial, c char(5), d decimal(8,2), t datetime year to second)")
    return q


def _ptypes(session, sql):
    return [t.sqltype if t else None for t in session.prepare(sql).param_types]


def test_insert_parameters_take_their_column_types(session, ptab):
    assert _ptypes(session, "insert into p (c, d, t) values (?, ?, ?)") == [
        T.SQLCHAR, T.SQLDECIMAL, T.SQLDTIME]


def test_update_and_where_parameters_take_column_types(session, ptab):
    assert _ptypes(session, "update p set d = ? where c = ? and ? < p.t") == [
        T.SQLDECIMAL, T.SQLCHAR, T.SQLDTIME]


def test_select_parameters_in_between_in_and_like(session, ptab):
    sql = "select id from p x where x.d between ? and ? and c in (?, ?) and c like ?"
    assert _ptypes(session, sql) == [T.SQLDECIMAL] * 2 + [T.SQLCHAR] * 3


def test_parameter_of_an_expression_is_unknown(session, ptab):
    assert _ptypes(session, "select id from p where d + ? > 1") == [None]


def test_delete_parameter_type(session, ptab):
    assert _ptypes(session, "delete from p where id = ?") == [T.SQLSERIAL]


def test_char_parameter_matches_regardless_of_trailing_blanks(q):
    q("create table cp (c char(6))")
    q("insert into cp values ('ab')")
    assert q("select count(*) from cp where c = ?", ["ab    "]) == [(1,)]


def test_nulls_sort_first_ascending_and_last_descending(q):
    q("create table no (a int)")
    for v in (2, None, 1):
        q("insert into no values (?)", [v])
    assert q("select a from no order by a") == [(None,), (1,), (2,)]
    assert q("select a from no order by a desc") == [(2,), (1,), (None,)]


# -- Informix outer joins ------------------------------------------------------------------
@pytest.fixture
def orders(q):
    q("create table cust (id int, name char(5))")
    q("create table ord (cid int, amount int)")
    for cid, name in ((1, "ann"), (2, "bob")):
        q("insert into cust values (?, ?)", [cid, name])
    q("insert into ord values (1, 10)")
    return q


def test_outer_table_keeps_unmatched_rows(orders):
    rows = orders("select c.name, o.amount from cust c, outer ord o where c.id = o.cid"
                  " order by c.id")
    assert rows == [("ann  ", 10), ("bob  ", None)]


def test_outer_join_keeps_other_conditions_in_where(orders):
    rows = orders("select c.name, o.amount from cust c, outer ord o"
                  " where c.id = o.cid and c.id > 1")
    assert rows == [("bob  ", None)]


def test_outer_join_describes_declared_types(session, orders):
    cols = session.prepare("select c.name, o.amount from cust c, outer ord o"
                           " where c.id = o.cid").columns
    assert [c.type.sqltype for c in cols] == [T.SQLCHAR, T.SQLINT]


def test_units_adds_days_to_today(q):
    (value,) = q("select today + 3 units day from systables where tabid = 1")[0]
    assert value.date() == dt.date.today() + dt.timedelta(days=3)


def test_units_of_a_parenthesised_operand(q):
    (value,) = q("select datetime (2024-01-31 10:00:00) year to second + (1 + 1) units hour"
                 " from systables where tabid = 1")[0]
    assert value == dt.datetime(2024, 1, 31, 12, 0)


def test_year_month_literal_adds_months_to_a_date(q):
    # DATE + INTERVAL is a DATETIME YEAR TO DAY (the DATE is extended), read as a date
    (value,) = q("select date('2024-01-15') + interval (1) month to month"
                 " from systables where tabid = 1")[0]
    assert value == dt.date(2024, 2, 15)
