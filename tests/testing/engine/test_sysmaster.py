"""sysmaster: always there, logged, its SMI tables listing the engine's databases."""

from __future__ import annotations

import datetime as dt

import pytest

from informix_db.testing.engine import Engine, InformixError

from conftest import run


@pytest.fixture
def master(engine):
    s = engine.open_session()
    s.open_database("sysmaster")
    yield s
    s.close()


def databases(s, table="sysdatabases"):
    return run(s, "select trim(name), is_logging, is_buff_log, is_ansi, flags"
                  f" from {table} order by 1")


def test_sysmaster_is_served_though_not_asked_for(engine):
    assert "sysmaster" in engine.database_names()


def test_sysmaster_is_logged(master):
    assert master.mode == "logged"


def test_sysmaster_asked_for_as_logged_is_accepted():
    with Engine(databases={"sysmaster": "logged", "testdb": "logged"}) as eng:
        assert eng.database_names() == ["sysmaster", "testdb"]


def test_sysmaster_asked_for_unlogged_is_refused():
    with pytest.raises(ValueError, match="sysmaster is always logged"):
        Engine(databases={"sysmaster": "unlogged"})


def test_sysdatabases_gives_each_database_its_logging_mode(engine, master):
    engine.create_database("nolog", "unlogged")
    engine.create_database("buf", "buffered")
    engine.create_database("ans", "ansi")
    assert databases(master) == [
        ("ans", 1, 0, 1, 5), ("buf", 1, 1, 0, 2), ("nolog", 0, 0, 0, 0),
        ("sysmaster", 1, 0, 0, 1), ("testdb", 1, 0, 0, 1)]


def test_sysdatabases_forgets_a_dropped_database(engine, master):
    engine.create_database("brief")
    engine.drop_database("brief")
    assert [r[0] for r in databases(master)] == ["sysmaster", "testdb"]


def test_sysdatabases_gives_creation_date_and_owner(master):
    assert run(master, "select owner, created from sysdatabases where name = 'testdb'") == [
        ("informix" + " " * 24, dt.date.today())]


def test_sysdatabases_name_is_char_128(master):
    (name,) = [c for c in master.prepare("select name from sysdatabases").columns]
    assert (name.type.sqltype, name.type.length) == (0, 128)


def test_sysdbslocale_gives_each_database_its_locale(engine, master):
    engine.create_database("utf", locale="en_US.utf8")
    rows = run(master, "select trim(dbs_dbsname), trim(dbs_collate) from sysdbslocale"
                       " where dbs_dbsname = 'utf'")
    assert rows == [("utf", "en_US.utf8")]


def test_smi_tables_are_in_sysmaster_systables_from_tabid_100(master):
    assert run(master, "select tabid, tabname, tabtype from systables where tabid >= 100"
                       " order by tabid") == [(100, "sysdatabases", "V"),
                                              (101, "sysdbslocale", "V")]


@pytest.mark.parametrize("name", ["sysmaster:sysdatabases", "sysmaster:informix.sysdatabases",
                                  'sysmaster:"informix".sysdatabases'])
def test_sysdatabases_is_read_from_another_database(session, name):
    assert [r[0] for r in databases(session, name)] == ["sysmaster", "testdb"]


def test_open_database_prefix_names_its_own_table(q):
    assert q("select tabname from testdb:informix.systables where tabid = 1") == [
        ("systables",)]


def test_another_databases_table_is_error_206(engine, err):
    engine.create_database("elsewhere")
    e = err("select * from elsewhere:systables")
    assert (e.sqlcode, e.token) == (-206, "elsewhere:systables")


def test_sysmaster_cannot_be_dropped(engine):
    with pytest.raises(InformixError) as info:
        engine.drop_database("sysmaster")
    assert info.value.sqlcode == -330


def test_sysmaster_cannot_be_created(engine):
    with pytest.raises(InformixError) as info:
        engine.create_database("sysmaster")
    assert info.value.sqlcode == -330


def test_sysdatabases_lists_databases_kept_on_disk(tmp_path):
    with Engine(data_dir=tmp_path, databases={"kept": "buffered"}):
        pass
    with Engine(data_dir=tmp_path) as eng:
        s = eng.open_session()
        s.open_database("sysmaster")
        assert databases(s) == [("kept", 1, 1, 0, 2), ("sysmaster", 1, 0, 0, 1)]
        s.close()
