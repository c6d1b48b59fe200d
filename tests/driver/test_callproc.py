"""Cursor.callproc (PEP 249): EXECUTE FUNCTION or PROCEDURE, rows through fetch*."""

from __future__ import annotations

import pytest

from informix_db.exceptions import ProgrammingError

from .dbapi_helpers import Spy, table_name

pytest.importorskip("informix_db.testing")


def test_callproc_of_a_function_fetches_its_rows(conn):
    cur = conn.cursor()
    name = table_name("cpf")
    cur.execute(f"CREATE FUNCTION {name}(n INT) RETURNING INT AS doubled; RETURN n * 2;"
                " END FUNCTION")
    cur.callproc(name, (21,))
    assert cur.description[0][0] == "doubled"
    assert cur.fetchall() == [(42,)]


def test_callproc_returns_a_copy_of_the_parameters(conn):
    cur = conn.cursor()
    name = table_name("cpc")
    cur.execute(f"CREATE FUNCTION {name}(a INT, b VARCHAR(5)) RETURNING INT; RETURN a;"
                " END FUNCTION")
    params = (1, "x")
    out = cur.callproc(name, params)
    assert out == [1, "x"] and out is not params


def test_callproc_of_a_procedure_runs_it_without_a_result_set(conn):
    cur = conn.cursor()
    table, proc = table_name("cpt"), table_name("cpp")
    cur.execute(f"CREATE TABLE {table} (a INT)")
    cur.execute(f"CREATE PROCEDURE {proc}(n INT) INSERT INTO {table} VALUES (n);"
                " END PROCEDURE")
    cur.callproc(proc, [7])
    assert cur.description is None
    assert cur.execute(f"SELECT a FROM {table}").fetchall() == [(7,)]


def test_callproc_without_parameters(conn):
    cur = conn.cursor()
    name = table_name("cpn")
    cur.execute(f"CREATE FUNCTION {name}() RETURNING INT; RETURN 5 WITH RESUME;"
                " RETURN 6 WITH RESUME; END FUNCTION")
    assert cur.callproc(name) == []
    assert cur.fetchall() == [(5,), (6,)]


def test_callproc_of_an_unknown_routine_is_674(conn):
    with pytest.raises(ProgrammingError) as info:
        conn.cursor().callproc("cp_nosuch", (1,))
    assert info.value.sqlcode == -674


@pytest.mark.parametrize("name", ["x; DROP TABLE t", "f(1)", "", "a.b.c", 5])
def test_callproc_refuses_what_is_no_routine_name(conn, name):
    with pytest.raises(ProgrammingError):
        conn.cursor().callproc(name, ())


def test_callproc_refuses_a_mapping(conn):
    with pytest.raises(ProgrammingError):
        conn.cursor().callproc("f", {"a": 1})


def _sent(spy, text: str) -> bool:
    return any(text.encode() in sent for sent in spy.sends)


def test_callproc_runs_a_function_with_execute_function(conn):
    cur = conn.cursor()
    name = table_name("cpk")
    cur.execute(f"CREATE FUNCTION {name}() RETURNING INT; RETURN 1; END FUNCTION")
    spy = Spy(conn)
    cur.callproc(name)
    assert _sent(spy, f"EXECUTE FUNCTION {name}()")


def test_callproc_runs_a_procedure_with_execute_procedure(conn):
    cur = conn.cursor()
    name = table_name("cpq")
    cur.execute(f"CREATE PROCEDURE {name}(a INT) END PROCEDURE")
    spy = Spy(conn)
    cur.callproc(name, (1,))
    assert _sent(spy, f"EXECUTE PROCEDURE {name}(?)")


def test_executemany_runs_a_procedure_per_parameter_set(conn):
    cur = conn.cursor()
    table, proc = table_name("cmt"), table_name("cmp")
    cur.execute(f"CREATE TABLE {table} (a INT)")
    cur.execute(f"CREATE PROCEDURE {proc}(n INT) INSERT INTO {table} VALUES (n * 10);"
                " END PROCEDURE")
    cur.executemany(f"EXECUTE PROCEDURE {proc}(?)", [(1,), (2,), (3,)])
    assert cur.execute(f"SELECT a FROM {table} ORDER BY a").fetchall() == [(10,), (20,), (30,)]
