"""DATABASE / CREATE DATABASE / CLOSE DATABASE through execute() keep
``Connection.database`` (and so the transaction mode) current."""

from __future__ import annotations

import pytest

from informix_db.exceptions import Error, ProgrammingError

from .dbapi_helpers import table_name

testing = pytest.importorskip("informix_db.testing")


@pytest.mark.parametrize(("name", "logged", "ansi", "mode"), [
    ("plain", False, False, "none"), ("strict", True, True, "ansi"),
    ("testdb", True, False, "logged"),
])
def test_database_statement_switches_the_open_database(conn, name, logged, ansi, mode):
    conn.cursor().execute(f"DATABASE {name}")
    assert (conn.database.name, conn.database.logged, conn.database.ansi) == (name, logged, ansi)
    assert conn.transaction_mode == mode


def test_statements_run_in_the_database_switched_to(conn):
    cur = conn.cursor()
    name = table_name("dbsw")
    cur.execute("DATABASE plain")
    cur.execute(f"CREATE TABLE {name} (i INTEGER)")
    cur.execute("DATABASE testdb")
    with pytest.raises(ProgrammingError):
        cur.execute(f"SELECT i FROM {name}")
    cur.execute("DATABASE plain")
    assert cur.execute(f"SELECT count(*) FROM {name}").fetchone() == (0,)


def test_close_database_leaves_no_database_open(conn):
    conn.cursor().execute("CLOSE DATABASE")
    assert conn.database is None
    assert conn.transaction_mode == "none"


def test_create_database_opens_it_with_its_logging_mode(conn):
    conn.cursor().execute("CLOSE DATABASE")
    name = table_name("newdb")
    conn.cursor().execute(f"CREATE DATABASE {name} WITH LOG MODE ANSI")
    assert (conn.database.name, conn.database.ansi) == (name, True)


def test_a_failed_database_statement_keeps_the_database(conn):
    with pytest.raises(Error, match="-329"):
        conn.cursor().execute("DATABASE no_such_db")
    assert conn.database.name == "testdb"


def test_database_keyword_in_lower_case_with_a_comment_before_it(conn):
    conn.cursor().execute("{ switch } database plain")
    assert conn.database.name == "plain"


@pytest.mark.parametrize(("sql", "name"), [
    ('DATABASE "stores"@ol_srv EXCLUSIVE', "stores"),
    ("create database sales in dbs1 with buffered log", "sales"),
    ("DATABASE\n  inv;", "inv"),
])
def test_database_name_is_taken_from_the_statement(sql, name):
    from informix_db.baseconnection import _DATABASE_NAME

    assert _DATABASE_NAME.search(sql).group(1) == name
