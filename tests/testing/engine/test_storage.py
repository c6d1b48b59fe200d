"""Databases on disk survive restarts; large results stream; sessions share databases."""

from __future__ import annotations

import datetime as dt
import tracemalloc
from decimal import Decimal

import pytest

from informix_db import types as T
from informix_db.testing.engine import Engine, InformixError


def run(s, sql, params=()):
    stmt = s.prepare(sql)
    res = s.execute(stmt, params)
    return res.fetchall() if stmt.kind == "select" else res


def test_database_survives_a_restart_with_types_and_mode(tmp_path):
    with Engine(data_dir=tmp_path, databases={"keep": "ansi"}) as eng:
        s = eng.open_session()
        s.open_database("keep")
        run(s, "create table t (id serial, c char(5), d datetime year to minute)")
        run(s, "insert into t (c, d) values ('ab', ?)", [dt.datetime(2024, 1, 2, 3, 4, 5)])
        s.commit()
        s.close()
    with Engine(data_dir=tmp_path) as eng:
        s = eng.open_session()
        assert s.open_database("keep") == "ansi"
        stmt = s.prepare("select c, d from t")
        assert [c.type for c in stmt.columns] == [
            T.ColumnType(T.SQLCHAR, 5), T.ColumnType(T.SQLDTIME, (12 << 8) | (0 << 4) | 8)]
        assert s.execute(stmt).fetchall() == [("ab   ", dt.datetime(2024, 1, 2, 3, 4))]
        s.close()


def test_serial_counter_continues_after_a_restart(tmp_path):
    with Engine(data_dir=tmp_path, databases={"keep": "logged"}) as eng:
        s = eng.open_session()
        s.open_database("keep")
        run(s, "create table t (id serial, v int)")
        run(s, "insert into t values (41, 1)")
        s.close()
    with Engine(data_dir=tmp_path) as eng:
        s = eng.open_session()
        s.open_database("keep")
        assert run(s, "insert into t (v) values (2)").serial == 42
        s.close()


def test_locale_survives_a_restart(tmp_path):
    with Engine(data_dir=tmp_path, locale="en_US.57372", databases={"u": "logged"}):
        pass
    with Engine(data_dir=tmp_path) as eng:
        s = eng.open_session()
        s.open_database("u")
        assert run(s, "select dirpath from systables where tabname = ' GL_COLLATE'") == [
            ("en_US.57372",)]
        s.close()


def test_created_database_is_a_file_in_data_dir(tmp_path):
    with Engine(data_dir=tmp_path) as eng:
        s = eng.open_session()
        run(s, "create database fresh with buffered log")
        s.close()
    assert (tmp_path / "fresh.duckdb").exists()


def test_drop_database_removes_the_file(tmp_path):
    with Engine(data_dir=tmp_path, databases={"gone": "logged"}) as eng:
        eng.drop_database("gone")
        assert not (tmp_path / "gone.duckdb").exists()
        with pytest.raises(InformixError) as info:
            eng.open_session().open_database("gone")
        assert info.value.sqlcode == -329


def test_in_memory_databases_are_shared_by_sessions():
    with Engine(databases={"m": "logged"}) as eng:
        a, b = eng.open_session(), eng.open_session()
        a.open_database("m")
        b.open_database("m")
        run(a, "create table t (v decimal(5,2))")
        run(a, "insert into t values (1.5)")
        assert run(b, "select v from t") == [(Decimal("1.50"),)]


def test_in_memory_databases_of_two_engines_are_separate():
    with Engine(databases={"m": "logged"}) as e1, Engine(databases={"m": "logged"}) as e2:
        a, b = e1.open_session(), e2.open_session()
        a.open_database("m")
        b.open_database("m")
        run(a, "create table only_here (v int)")
        with pytest.raises(InformixError):
            b.prepare("select * from only_here")


def test_large_select_streams_in_rounds(session):
    run(session, "create table big (n bigint)")
    run(session, "insert into big select range from range(2000000)")
    tracemalloc.start()
    res = session.execute(session.prepare("select n, 'padding text' from big"))
    first = res.fetchmany(1000)
    second = res.fetchmany(1000)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [r[0] for r in first[:2]] == [0, 1] and second[0][0] == 1000
    assert peak < 20_000_000  # two million rows would take far more as Python tuples
    assert res.rowcount == 2000


def test_streaming_result_survives_another_statement(session):
    run(session, "create table s (n int)")
    run(session, "insert into s select range from range(5000)")
    res = session.execute(session.prepare("select n from s order by n"))
    assert res.fetchmany(10)[0] == (0,)
    run(session, "insert into s values (-1)")
    rest = res.fetchall()
    assert len(rest) == 4990 and rest[0] == (10,)


def test_fetchmany_returns_empty_at_the_end(session):
    res = session.execute(session.prepare("select tabid from systables where tabid = 1"))
    assert res.fetchmany(5) == [(1,)]
    assert res.fetchmany(5) == []


def test_threads_setting_reaches_duckdb():
    with Engine(databases={"m": "logged"}, threads=1) as eng:
        s = eng.open_session()
        s.open_database("m")
        assert s._conn.execute("select current_setting('threads')").fetchone()[0] == 1


def test_two_cursors_stream_side_by_side_without_reading_ahead(session):
    run(session, "create table big2 (n bigint)")
    run(session, "insert into big2 select range from range(1000000)")
    tracemalloc.start()
    a = session.execute(session.prepare("select n from big2 order by n"))
    b = session.execute(session.prepare("select n from big2 order by n desc"))
    run(session, "insert into big2 values (-5)")
    firsts = [a.fetchmany(2), b.fetchmany(2), a.fetchmany(1)]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert firsts == [[(0,), (1,)], [(999999,), (999998,)], [(2,)]]
    assert peak < 20_000_000


def test_select_in_a_transaction_sees_uncommitted_rows(session):
    run(session, "create table tx (n int)")
    session.begin()
    run(session, "insert into tx values (1)")
    assert run(session, "select n from tx") == [(1,)]


def test_unique_index_kind_survives_a_restart(tmp_path):
    with Engine(data_dir=tmp_path, databases={"k": "logged"}) as eng:
        s = eng.open_session()
        s.open_database("k")
        run(s, "create table t (a int)")
        run(s, "create unique index ix_t on t (a)")
        run(s, "insert into t values (1)")
        s.close()
    with Engine(data_dir=tmp_path) as eng:
        s = eng.open_session()
        s.open_database("k")
        with pytest.raises(InformixError) as info:
            run(s, "insert into t values (1)")
        assert info.value.sqlcode == -239
        s.close()


def test_drop_of_a_database_another_session_uses_is_425():
    with Engine(databases={"busy": "logged"}) as eng:
        user = eng.open_session()
        user.open_database("busy")
        with pytest.raises(InformixError) as info:
            run(eng.open_session(), "drop database busy")
        assert info.value.sqlcode == -425
