"""Transactions per logging mode, autocommit and the context manager (TestServer)."""

from __future__ import annotations

import pytest

from informix_db import exceptions as E
from informix_db.exceptions import ProgrammingError

from .dbapi_helpers import Spy, open_conn, table_name

testing = pytest.importorskip("informix_db.testing")


def make_table(srv, database):
    """A one-column table created (and committed) in *database*."""
    name = table_name("tx")
    with open_conn(srv, database, autocommit=True) as c:
        c.cursor().execute(f"CREATE TABLE {name} (a INTEGER)")
    return name


def count(srv, database, table) -> int:
    """Rows of *table* as another session sees them."""
    with open_conn(srv, database, autocommit=True) as c:
        cur = c.cursor()
        cur.execute(f"SELECT COUNT(*) FROM {table}")
        return cur.fetchone()[0]


# -- logged databases ---------------------------------------------------------------

def test_autocommit_defaults_to_false(server):
    with open_conn(server) as conn:
        assert conn.autocommit is False


def test_logged_first_statement_is_preceded_by_begin(server):
    table = make_table(server, "testdb")
    with open_conn(server) as conn:
        spy = Spy(conn)
        cur = conn.cursor()
        cur.execute(f"INSERT INTO {table} VALUES (1)")
        cur.execute(f"INSERT INTO {table} VALUES (2)")
        assert spy.messages()[0] == ["BEGIN", "EOT"]
        assert spy.flat().count("BEGIN") == 1
        assert conn.in_transaction


def test_logged_begin_comes_after_the_describe_of_a_prepared_statement(server):
    table = make_table(server, "testdb")
    with open_conn(server) as conn:
        spy = Spy(conn)
        conn.cursor().execute(f"SELECT a FROM {table} WHERE a = ?", (1,))
        assert [m[0] for m in spy.messages()[:3]] == ["PREPARE", "BEGIN", "SQ_ID"]


def test_logged_commit_makes_changes_visible_and_ends_the_transaction(server):
    table = make_table(server, "testdb")
    with open_conn(server) as conn:
        conn.cursor().execute(f"INSERT INTO {table} VALUES (1)")
        assert count(server, "testdb", table) == 0
        spy = Spy(conn)
        conn.commit()
        assert spy.messages() == [["CMMTWORK", "EOT"]]
        assert count(server, "testdb", table) == 1 and not conn.in_transaction


def test_logged_rollback_undoes_changes(server):
    table = make_table(server, "testdb")
    with open_conn(server) as conn:
        cur = conn.cursor()
        cur.execute(f"INSERT INTO {table} VALUES (1)")
        spy = Spy(conn)
        conn.rollback()
        assert spy.messages() == [["RBWORK", "EOT"]]
        cur.execute(f"SELECT COUNT(*) FROM {table}")
        assert cur.fetchone() == (0,)


def test_next_transaction_begins_again_after_commit(server):
    table = make_table(server, "testdb")
    with open_conn(server) as conn:
        cur = conn.cursor()
        cur.execute(f"INSERT INTO {table} VALUES (1)")
        conn.commit()
        spy = Spy(conn)
        cur.execute(f"INSERT INTO {table} VALUES (2)")
        assert spy.messages()[0] == ["BEGIN", "EOT"]


def test_commit_without_a_transaction_sends_nothing(server):
    with open_conn(server) as conn:
        spy = Spy(conn)
        conn.commit()
        conn.rollback()
        assert spy.sends == []


def test_logged_autocommit_sends_no_begin_and_commits_each_statement(server):
    table = make_table(server, "testdb")
    with open_conn(server, autocommit=True) as conn:
        spy = Spy(conn)
        conn.cursor().execute(f"INSERT INTO {table} VALUES (?)", (1,))
        assert "BEGIN" not in spy.flat()
        assert count(server, "testdb", table) == 1


def test_explicit_begin_work_is_not_doubled_and_opens_a_transaction(server):
    table = make_table(server, "testdb")
    with open_conn(server, autocommit=True) as conn:
        spy = Spy(conn)
        cur = conn.cursor()
        cur.execute("BEGIN WORK")
        cur.execute(f"INSERT INTO {table} VALUES (1)")
        assert conn.in_transaction and "BEGIN" not in spy.flat()
        conn.rollback()
        assert count(server, "testdb", table) == 0


def test_changing_autocommit_inside_a_transaction_is_refused(server):
    table = make_table(server, "testdb")
    with open_conn(server) as conn:
        conn.cursor().execute(f"INSERT INTO {table} VALUES (1)")
        with pytest.raises(ProgrammingError):
            conn.autocommit = True
        conn.commit()
        conn.autocommit = True
        assert conn.autocommit


def test_a_failed_statement_keeps_the_transaction(server):
    table = make_table(server, "testdb")
    with open_conn(server) as conn:
        cur = conn.cursor()
        cur.execute(f"INSERT INTO {table} VALUES (1)")
        with pytest.raises(ProgrammingError):
            cur.execute("INSERT INTO nosuchtable VALUES (1)")
        conn.commit()
    assert count(server, "testdb", table) == 1


# -- unlogged databases -----------------------------------------------------------

def test_unlogged_has_no_transactions(server):
    table = make_table(server, "plain")
    with open_conn(server, "plain") as conn:
        assert conn.transaction_mode == "none"
        spy = Spy(conn)
        conn.cursor().execute(f"INSERT INTO {table} VALUES (1)")
        conn.rollback()
        conn.commit()
        assert "BEGIN" not in spy.flat() and "RBWORK" not in spy.flat()
        assert "CMMTWORK" not in spy.flat()
    assert count(server, "plain", table) == 1  # the rollback could not undo it


# -- ANSI databases -------------------------------------------------------------------

def test_ansi_sends_no_begin_and_rollback_undoes(server):
    table = make_table(server, "strict")
    with open_conn(server, "strict") as conn:
        assert conn.transaction_mode == "ansi"
        spy = Spy(conn)
        cur = conn.cursor()
        cur.execute(f"INSERT INTO {table} VALUES (1)")
        assert "BEGIN" not in spy.flat() and conn.in_transaction
        conn.rollback()
        cur.execute(f"SELECT COUNT(*) FROM {table}")
        assert cur.fetchone() == (0,)
        conn.rollback()


def test_ansi_commit_makes_changes_visible(server):
    table = make_table(server, "strict")
    with open_conn(server, "strict") as conn:
        conn.cursor().execute(f"INSERT INTO {table} VALUES (1)")
        conn.commit()
    assert count(server, "strict", table) == 1


def test_ansi_autocommit_commits_after_each_statement(server):
    table = make_table(server, "strict")
    with open_conn(server, "strict", autocommit=True) as conn:
        spy = Spy(conn)
        conn.cursor().execute(f"INSERT INTO {table} VALUES (1)")
        assert spy.messages()[-1] == ["CMMTWORK", "EOT"]
        assert count(server, "strict", table) == 1


def test_ansi_autocommit_commits_a_query_once_its_cursor_closes(server):
    table = make_table(server, "strict")
    with open_conn(server, "strict", autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute(f"INSERT INTO {table} VALUES (1)")
        cur.execute(f"SELECT a FROM {table}")
        spy = Spy(conn)
        cur.fetchall()
        assert spy.messages()[-3:] == [["SQ_ID", "CLOSE", "EOT"], ["SQ_ID", "RELEASE", "EOT"],
                                       ["CMMTWORK", "EOT"]]


# -- the context manager -------------------------------------------------------------

def test_with_block_commits_then_closes(server):
    table = make_table(server, "testdb")
    with open_conn(server) as conn:
        conn.cursor().execute(f"INSERT INTO {table} VALUES (1)")
    assert conn.closed
    assert count(server, "testdb", table) == 1


def test_with_block_rolls_back_on_exception_then_closes(server):
    table = make_table(server, "testdb")
    with pytest.raises(RuntimeError):
        with open_conn(server) as conn:
            conn.cursor().execute(f"INSERT INTO {table} VALUES (1)")
            raise RuntimeError("boom")
    assert conn.closed
    assert count(server, "testdb", table) == 0


def test_exception_classes_are_connection_attributes(server):
    with open_conn(server) as conn:
        for name in ("Warning", "Error", "InterfaceError", "DatabaseError", "DataError",
                     "OperationalError", "IntegrityError", "InternalError",
                     "ProgrammingError", "NotSupportedError"):
            assert getattr(conn, name) is getattr(E, name)


def test_commit_on_a_closed_connection_is_interface_error(server):
    conn = open_conn(server)
    conn.close()
    with pytest.raises(E.InterfaceError):
        conn.commit()
