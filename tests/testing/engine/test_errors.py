"""Errors carry Informix's SQLCODE, ISAM code and offending token; the session survives them."""

from __future__ import annotations

import pytest

from informix_db.exceptions import DatabaseError


def codes(e):
    return e.sqlcode, e.isam


def test_syntax_error_is_201(err):
    e = err("selec * from systables")
    assert codes(e) == (-201, 0)


def test_syntax_error_names_the_token(err):
    assert err("select * frm systables").token.lower() == "systables"


def test_missing_table_is_206_with_isam_111(err):
    e = err("select * from nosuch")
    assert (codes(e), e.token) == ((-206, -111), "nosuch")


def test_insert_into_missing_table_is_206(err):
    assert codes(err("insert into nosuch values (1)")) == (-206, -111)


def test_missing_column_is_217(q, err):
    q("create table t (a int)")
    e = err("select b from t")
    assert (e.sqlcode, e.token) == (-217, "b")


def test_insert_of_missing_column_is_217(q, err):
    q("create table t (a int)")
    assert err("insert into t (b) values (1)").sqlcode == -217


def test_primary_key_duplicate_is_268_with_isam_100(q, err):
    q("create table t (a int primary key)")
    q("insert into t values (1)")
    assert codes(err("insert into t values (1)")) == (-268, -100)


def test_unique_constraint_duplicate_is_268(q, err):
    q("create table t (a int, b int, unique (a, b) constraint u_ab)")
    q("insert into t values (1, 2)")
    e = err("insert into t values (1, 2)")
    assert (codes(e), e.token) == ((-268, -100), "informix.u_ab")


def test_unique_index_duplicate_is_239_with_isam_100(q, err):
    q("create table t (a int)")
    q("create unique index ix_a on t (a)")
    q("insert into t values (1)")
    assert codes(err("insert into t values (1)")) == (-239, -100)


def test_constraint_duplicate_ignores_unique_indexes_of_other_tables(q, err):
    q("create table other (a int)")
    q("create unique index ux_other on other (a)")
    q("create table t (a int, constraint pk_t primary key (a))")
    q("insert into t values (1)")
    e = err("insert into t values (1)")
    assert (codes(e), e.token) == ((-268, -100), "informix.pk_t")


def test_unique_index_duplicate_is_named_after_its_own_table_index(q, err):
    q("create table other (a int)")
    q("create unique index ux_other on other (a)")
    q("create table t (a int)")
    q("create unique index ux_t on t (a)")
    q("insert into t values (1)")
    e = err("insert into t values (1)")
    assert (codes(e), e.token) == ((-239, -100), "ux_t")


def test_constraint_duplicate_in_an_unlogged_database_is_239(engine, runner, error_in):
    engine.create_database("nolog", "unlogged")
    s = engine.open_session()
    try:
        s.open_database("nolog")
        runner(s, "create table t (a int primary key)")
        runner(s, "insert into t values (1)")
        assert codes(error_in(s, "insert into t values (1)")) == (-239, -100)
    finally:
        s.close()


def test_null_into_not_null_is_391_naming_the_column(q, err):
    q("create table t (a int not null)")
    e = err("insert into t values (null)")
    assert (e.sqlcode, e.token) == (-391, "t.a")


def test_non_numeric_string_into_number_is_1213(q, err):
    q("create table t (a int)")
    assert err("insert into t values ('abc')").sqlcode == -1213


def test_bad_string_parameter_into_decimal_is_1213(q, err):
    q("create table t (a decimal(5,2))")
    assert err("insert into t values (?)", ["x1"]).sqlcode == -1213


def test_decimal_overflow_is_1226(q, err):
    q("create table t (a decimal(5,2))")
    assert err("insert into t values (12345.6)").sqlcode == -1226


def test_smallint_overflow_is_1214(q, err):
    q("create table t (a smallint)")
    assert err("insert into t values (?)", [40000]).sqlcode == -1214


def test_integer_overflow_is_1215(q, err):
    q("create table t (a integer)")
    assert err("insert into t values (?)", [2**40]).sqlcode == -1215


def test_existing_table_is_310(q, err):
    q("create table t (a int)")
    e = err("create table t (b int)")
    assert (e.sqlcode, e.token) == (-310, "t")


def test_missing_database_is_329(err):
    assert codes(err("database nosuchdb")) == (-329, -111)


def test_open_database_of_missing_one_raises_329(engine):
    s = engine.open_session()
    with pytest.raises(DatabaseError) as info:
        s.open_database("nosuchdb")
    assert info.value.sqlcode == -329


def test_create_existing_database_is_330(err):
    assert err("create database testdb with log").sqlcode == -330


def test_statement_without_database_is_349(engine, error_in):
    s = engine.open_session()
    assert error_in(s, "select * from systables").sqlcode == -349


def test_wrong_parameter_count_is_254(q, session):
    q("create table t (a int)")
    stmt = session.prepare("insert into t values (?)")
    with pytest.raises(DatabaseError) as info:
        session.execute(stmt, [])
    assert info.value.sqlcode == -254


def test_errors_are_database_errors_with_sqlcode(err):
    e = err("select * from nosuch")
    assert isinstance(e, DatabaseError) and e.isam_code == -111


def test_session_works_after_an_error(q, err):
    err("select * from nosuch")
    assert q("select count(*) from systables where tabid = 1") == [(1,)]


def test_failed_statement_changes_nothing(q, err):
    q("create table t (a int primary key)")
    q("insert into t values (1)")
    err("insert into t select 2 from systables union all select 1 from systables where tabid = 1")
    assert q("select a from t") == [(1,)]


@pytest.mark.parametrize("sql", [
    "create table x (a int not null default 5 primary key, b char(3) references t(a))",
    "create unique index ix on t (a)", "drop index ix", "drop table t", "rename column t.a to b",
    "alter table t add (z int default 1)", "delete from t where a matches 'x*' escape '!'",
    "update t set (a) = (1) where a = 2", "insert into t (a) values (1)",
    "select skip 1 first 2 a from t where a < extend(current, year to day)",
])
def test_statements_cut_short_raise_informix_errors(session, q, sql):
    from informix_db.testing.engine import InformixError

    q("create table t (a int)")
    words = sql.split(" ")
    for n in range(1, len(words)):
        for tail in ("", " (", " )", " ,"):
            try:
                session.prepare(" ".join(words[:n]) + tail)
            except InformixError:
                pass


def test_drop_of_a_missing_table_is_206(err):
    assert codes(err("drop table nosuch")) == (-206, -111)


def test_update_of_a_missing_table_is_206(err):
    assert codes(err("update nosuch set a = 1")) == (-206, -111)


def test_conversion_error_while_selecting_is_1213(session, q):
    from informix_db.testing.engine import InformixError

    q("create table cv (s varchar(5))")
    q("insert into cv values ('12')")
    q("insert into cv values ('x')")
    with pytest.raises(InformixError) as info:  # at OPEN or at FETCH, as DuckDB goes
        session.execute(session.prepare("select cast(s as integer) from cv")).fetchall()
    assert info.value.sqlcode == -1213


@pytest.mark.parametrize("decl, value, code", [
    ("SMALLINT", -32768, -1214), ("INTEGER", -2147483648, -1215),
    ("BIGINT", -9223372036854775808, -1215), ("INT8", -9223372036854775808, -1215),
])
def test_the_value_informix_keeps_for_null_is_an_overflow(q, err, decl, value, code):
    q(f"create table n (v {decl})")
    assert err("insert into n values (?)", [value]).sqlcode == code
    assert err(f"insert into n values ({value})").sqlcode == code
    q("insert into n values (?)", [value + 1])
    assert q("select v from n") == [(value + 1,)]
