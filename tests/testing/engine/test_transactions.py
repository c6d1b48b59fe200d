"""Transactions per logging mode, isolation between sessions, and errors inside transactions."""

from __future__ import annotations

import pytest

from informix_db.testing.engine import InformixError


@pytest.fixture
def open_in(engine):
    """``open_in(mode)``: a new session on a new database with that logging mode."""
    made = []

    def factory(mode, name=None):
        name = name or f"db_{mode}"
        if not engine.exists(name):
            engine.create_database(name, mode)
        s = engine.open_session()
        s.open_database(name)
        made.append(s)
        return s
    yield factory
    for s in made:
        s.close()


def sqlcode(fn):
    with pytest.raises(InformixError) as info:
        fn()
    return info.value.sqlcode


# -- unlogged ---------------------------------------------------------------
def test_unlogged_database_refuses_begin_with_256(open_in):
    s = open_in("unlogged")
    assert sqlcode(s.begin) == -256


def test_unlogged_database_refuses_commit_with_256(open_in):
    s = open_in("unlogged")
    assert sqlcode(s.commit) == -256


def test_unlogged_changes_are_visible_at_once(open_in, runner):
    s1, s2 = open_in("unlogged"), open_in("unlogged")
    runner(s1, "create table t (a int)")
    runner(s1, "insert into t values (1)")
    assert runner(s2, "select a from t") == [(1,)]


def test_open_database_reports_the_mode(open_in):
    assert open_in("unlogged").mode == "unlogged"
    assert open_in("buffered").mode == "buffered"
    assert open_in("ansi").mode == "ansi"


# -- logged -------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["logged", "buffered"])
def test_logged_statement_autocommits_outside_a_transaction(open_in, runner, mode):
    s1, s2 = open_in(mode), open_in(mode)
    runner(s1, "create table t (a int)")
    runner(s1, "insert into t values (1)")
    assert not s1.in_transaction
    assert runner(s2, "select a from t") == [(1,)]


def test_commit_without_begin_is_255(session):
    assert sqlcode(session.commit) == -255


def test_rollback_statement_without_begin_is_255(err):
    assert err("rollback work").sqlcode == -255


def test_begin_inside_a_transaction_is_535(session):
    session.begin()
    assert sqlcode(session.begin) == -535


def test_begin_work_statement_opens_a_transaction(session, q):
    q("begin work")
    assert session.in_transaction


def test_uncommitted_insert_is_invisible_to_another_session(session, other, q, runner):
    q("create table t (a int)")
    q("begin work")
    q("insert into t values (1)")
    assert runner(other, "select count(*) from t") == [(0,)]


def test_committed_insert_becomes_visible(session, other, q, runner):
    q("create table t (a int)")
    q("begin work")
    q("insert into t values (1)")
    q("commit work")
    assert runner(other, "select count(*) from t") == [(1,)]


def test_rollback_undoes_the_transaction(session, q):
    q("create table t (a int)")
    session.begin()
    q("insert into t values (1)")
    session.rollback()
    assert q("select count(*) from t") == [(0,)]
    assert not session.in_transaction


def test_ddl_is_transactional(session, q, err):
    session.begin()
    q("create table t (a char(3))")
    session.rollback()
    assert err("select * from t").sqlcode == -206


def test_failed_statement_leaves_the_transaction_going(session, q, err):
    q("create table t (a int primary key)")
    session.begin()
    q("insert into t values (1)")
    assert err("insert into t values (1)").sqlcode == -268
    assert session.in_transaction
    q("insert into t values (2)")
    session.commit()
    assert q("select a from t order by a") == [(1,), (2,)]


def test_syntax_error_inside_a_transaction_keeps_earlier_work(session, q, err):
    q("create table t (a int)")
    session.begin()
    q("insert into t values (7)")
    err("select nocol from t")
    assert q("select a from t") == [(7,)]


def test_prepare_error_inside_a_transaction_keeps_earlier_work(session, q):
    q("create table t (a int)")
    session.begin()
    q("insert into t values (7)")
    with pytest.raises(InformixError):
        session.prepare("select * from nosuch")
    session.commit()
    assert q("select a from t") == [(7,)]


def test_replay_keeps_generated_serials(session, q, err):
    q("create table t (id serial, v int unique)")
    session.begin()
    q("insert into t (v) values (10)")
    err("insert into t (v) values (10)")
    q("insert into t (v) values (20)")
    session.commit()
    rows = q("select id, v from t order by v")
    assert rows[0] == (1, 10) and rows[1][1] == 20 and rows[1][0] > 1


def test_replay_keeps_temp_tables_and_ddl(session, q, err):
    session.begin()
    q("create table t (a int)")
    q("insert into t values (1)")
    err("insert into t values ('x')")
    q("insert into t values (2)")
    session.commit()
    assert q("select a from t order by a") == [(1,), (2,)]


def test_closing_a_session_rolls_back(engine, session, q, runner):
    q("create table t (a int)")
    s = engine.open_session()
    s.open_database("testdb")
    s.begin()
    runner(s, "insert into t values (1)")
    s.close()
    assert q("select count(*) from t") == [(0,)]


# -- ANSI -----------------------------------------------------------------------
def test_ansi_is_in_a_transaction_after_a_statement(open_in, runner):
    s = open_in("ansi")
    runner(s, "create table t (a int)")
    assert s.in_transaction


def test_ansi_work_is_invisible_until_commit(open_in, runner):
    s1, s2 = open_in("ansi"), open_in("ansi")
    runner(s1, "create table t (a int)")
    s1.commit()
    runner(s1, "insert into t values (1)")
    assert runner(s2, "select count(*) from t") == [(0,)]
    s2.commit()
    s1.commit()
    assert runner(s2, "select count(*) from t") == [(1,)]


def test_ansi_rollback_undoes_work(open_in, runner):
    s = open_in("ansi")
    runner(s, "create table t (a int)")
    s.commit()
    runner(s, "insert into t values (1)")
    s.rollback()
    assert runner(s, "select count(*) from t") == [(0,)]


def test_ansi_commit_without_work_is_accepted(open_in):
    s = open_in("ansi")
    s.commit()
    assert not s.in_transaction


def test_ansi_begin_after_work_is_535(open_in, runner):
    s = open_in("ansi")
    runner(s, "create table t (a int)")
    assert sqlcode(s.begin) == -535


def test_ansi_error_keeps_the_transaction(open_in, runner, error_in):
    s = open_in("ansi")
    runner(s, "create table t (a int not null)")
    runner(s, "insert into t values (1)")
    assert error_in(s, "insert into t values (null)").sqlcode == -391
    s.commit()
    assert runner(s, "select a from t") == [(1,)]


def test_database_statement_inside_a_transaction_is_refused(session, err):
    session.begin()
    assert err("database testdb").sqlcode == -759


def test_conflicting_update_is_244_record_locked(session, other, q, runner, error_in):
    q("create table t (id int, v int)")
    q("insert into t values (1, 1)")
    session.begin()
    other.begin()
    q("update t set v = 2 where id = 1")
    e = error_in(other, "update t set v = 3 where id = 1")
    assert (e.sqlcode, e.isam) == (-244, -107)


def test_ansi_database_switch_after_reading_only_is_allowed(open_in, runner):
    s = open_in("ansi")
    runner(s, "select count(*) from systables")
    s.open_database("testdb")
    assert s.database == "testdb"


def test_concurrent_sessions_in_threads_get_distinct_serials(engine, q):
    import threading

    q("create table s (id serial, v int)")
    errors, results = [], []

    def work():
        try:
            s = engine.open_session()
            s.open_database("testdb")
            stmt = s.prepare("insert into s (v) values (1)")
            for _ in range(20):
                results.append(s.execute(stmt, []).serial)
            s.close()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors and sorted(results) == list(range(1, 61))


# -- savepoints -------------------------------------------------------------------
def test_rollback_to_savepoint_undoes_later_work_only(session, q):
    q("create table t (a int)")
    session.begin()
    q("insert into t values (1)")
    q("savepoint sp1")
    q("insert into t values (2)")
    q("rollback work to savepoint sp1")
    q("insert into t values (3)")
    session.commit()
    assert q("select a from t order by a") == [(1,), (3,)]


def test_rollback_to_the_latest_savepoint_without_a_name(session, q):
    q("create table t (a int)")
    session.begin()
    q("savepoint a")
    q("insert into t values (1)")
    q("savepoint b")
    q("insert into t values (2)")
    q("rollback to savepoint")
    assert q("select a from t") == [(1,)]


def test_released_savepoint_cannot_be_rolled_back_to(session, q, err):
    session.begin()
    q("savepoint a")
    q("release savepoint a")
    assert err("rollback to savepoint a").sqlcode == -83


def test_savepoint_outside_a_transaction_is_255(err):
    assert err("savepoint x").sqlcode == -255


def test_other_session_sees_a_table_created_after_its_first_lookup(session, other, q, runner,
                                                                   error_in):
    assert error_in(other, "select * from later").sqlcode == -206
    q("create table later (c char(2))")
    assert runner(other, "select c from later") == []
    assert other.prepare("select c from later").columns[0].type.sqltype == 0


def test_uncommitted_ddl_is_not_seen_by_others_until_commit(session, other, q, runner,
                                                            error_in):
    session.begin()
    q("create table pending (a int)")
    assert error_in(other, "select * from pending").sqlcode == -206
    session.commit()
    assert runner(other, "select * from pending") == []


def test_rolled_back_alter_restores_the_columns(session, q):
    q("create table al (a int)")
    session.begin()
    q("alter table al add (b char(3))")
    session.rollback()
    assert [c.name for c in session.prepare("select * from al").columns] == ["a"]
