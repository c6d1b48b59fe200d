"""Stored functions called from SQL expressions, expanded into the statement at PREPARE."""

from __future__ import annotations

import pytest


@pytest.fixture
def t(q):
    q("CREATE TABLE t (a INT)")
    q("INSERT INTO t VALUES (1), (-2), (0)")
    q("CREATE FUNCTION dbl(n INT) RETURNING INT; RETURN n * 2; END FUNCTION")


def test_function_in_the_select_list(t, q):
    assert q("SELECT a, dbl(a) FROM t ORDER BY a") == [(-2, -4), (0, 0), (1, 2)]


def test_function_result_is_named_and_typed_as_an_expression(t, session):
    stmt = session.prepare("SELECT dbl(a) FROM t")
    assert [(c.name, c.type.sqltype) for c in stmt.columns] == [("(expression)", 2)]


def test_function_result_has_the_returning_type(q):
    q("CREATE FUNCTION third(n INT) RETURNING DECIMAL(5,2); RETURN n / 3; END FUNCTION")
    from decimal import Decimal
    assert q("SELECT third(1) FROM systables WHERE tabid = 1") == [(Decimal("0.33"),)]


def test_function_in_where(t, q):
    assert q("SELECT a FROM t WHERE dbl(a) = -4") == [(-2,)]


def test_function_of_a_parameter(t, q):
    assert q("SELECT dbl(?) FROM t WHERE a = 1", [21]) == [(42,)]


def test_nested_calls(t, q):
    assert q("SELECT dbl(dbl(a)) FROM t WHERE a = 1") == [(4,)]


def test_if_elif_else_body_becomes_a_case(t, q):
    q("CREATE FUNCTION sgn(n INT) RETURNING VARCHAR(4); IF n > 0 THEN RETURN 'pos';"
      " ELIF n < 0 THEN RETURN 'neg'; END IF RETURN 'zero'; END FUNCTION")
    assert q("SELECT a, sgn(a) FROM t ORDER BY a") == [(-2, "neg"), (0, "zero"), (1, "pos")]


def test_default_argument(t, q):
    q("CREATE FUNCTION addk(n INT, k INT DEFAULT 10) RETURNING INT; RETURN n + k; END FUNCTION")
    assert q("SELECT addk(a) FROM t WHERE a = 1") == [(11,)]


def test_function_in_update(t, q):
    q("UPDATE t SET a = dbl(a) WHERE a = 1")
    assert q("SELECT a FROM t ORDER BY a") == [(-2,), (0,), (2,)]


def test_function_in_an_embedded_statement_of_a_routine(t, q, session):
    q("CREATE PROCEDURE put(n INT) INSERT INTO t VALUES (dbl(n)); END PROCEDURE")
    session.execute("EXECUTE PROCEDURE put(50)")
    assert q("SELECT a FROM t WHERE a > 10") == [(100,)]


def test_function_with_a_loop_runs_per_row(t, q):
    q("CREATE FUNCTION sumto(n INT) RETURNING INT; DEFINE i, s INT; LET s = 0;"
      " FOR i = 1 TO n LET s = s + i; END FOR RETURN s; END FUNCTION")
    # without STEP, FOR counts down when the end is below the start (IBM's FOR)
    assert q("SELECT a, sumto(a) FROM t ORDER BY a") == [(-2, -2), (0, 1), (1, 1)]


def test_function_with_a_loop_is_typed_by_its_returning_clause(t, session):
    session.execute("CREATE FUNCTION half(n INT) RETURNING DECIMAL(6,1); DEFINE r DECIMAL(6,1);"
                    " LET r = n / 2; RETURN r; END FUNCTION")
    stmt = session.prepare("SELECT half(a) FROM t")
    assert [c.type.sqltype for c in stmt.columns] == [5]


def test_recursive_function_runs(q):
    q("CREATE FUNCTION fact(n INT) RETURNING INT; IF n <= 1 THEN RETURN 1; END IF"
      " RETURN n * fact(n - 1); END FUNCTION")
    assert q("SELECT fact(5) FROM systables WHERE tabid = 1") == [(120,)]


def test_doubly_recursive_function_runs(q):
    q("CREATE FUNCTION fib(n INT) RETURNING INT; IF n < 2 THEN RETURN n; END IF"
      " RETURN fib(n - 1) + fib(n - 2); END FUNCTION")
    assert q("SELECT fib(tabid + 8) FROM systables WHERE tabid = 2") == [(55,)]


def test_parameter_used_twice_with_a_placeholder(q):
    q("CREATE FUNCTION sq(n INT) RETURNING INT; RETURN n * n; END FUNCTION")
    assert q("SELECT sq(?) FROM systables WHERE tabid = 1", [3]) == [(9,)]


def test_function_run_per_row_gets_null_arguments(q):
    q("CREATE TABLE v (a INT)")
    q("INSERT INTO v VALUES (NULL)")
    q("CREATE FUNCTION isnull(n INT) RETURNING CHAR(1); DEFINE r CHAR(1);"
      " IF n IS NULL THEN LET r = 'y'; ELSE LET r = 'n'; END IF RETURN r; END FUNCTION")
    assert q("SELECT isnull(a) FROM v") == [("y",)]


def test_function_run_per_row_takes_its_default_argument(t, q):
    q("CREATE FUNCTION addk(n INT, k INT DEFAULT 10) RETURNING INT; DEFINE r INT;"
      " LET r = n + k; RETURN r; END FUNCTION")
    assert q("SELECT addk(a) FROM t WHERE a = 1") == [(11,)]


def test_raise_exception_in_a_function_run_per_row_is_the_clients_error(t, q, err):
    q("CREATE FUNCTION chk(n INT) RETURNING INT; IF n < 0 THEN"
      " RAISE EXCEPTION -746, 0, 'negative'; END IF RETURN n; END FUNCTION")
    e = err("SELECT chk(a) FROM t")
    assert (e.sqlcode, e.token) == (-746, "negative")


def test_sql_statement_in_a_function_run_per_row_is_not_implemented(t, q, err):
    q("CREATE FUNCTION cnt(n INT) RETURNING INT; DEFINE c INT;"
      " SELECT COUNT(*) INTO c FROM t WHERE a > n; RETURN c; END FUNCTION")
    e = err("SELECT cnt(a) FROM t")
    assert (e.sqlcode, e.token) == (-999, "cnt")


def test_function_returning_several_values_in_an_expression_is_not_implemented(q, err):
    q("CREATE FUNCTION two(n INT) RETURNING INT, INT; RETURN n, n; END FUNCTION")
    e = err("SELECT two(1) FROM systables WHERE tabid = 1")
    assert (e.sqlcode, e.token) == (-999, "two")


def test_function_run_per_row_without_numpy_is_not_implemented(t, q, err, monkeypatch):
    from informix_db.testing.engine.spl import udf
    monkeypatch.setattr(udf, "available", lambda: False)
    q("CREATE FUNCTION sumto(n INT) RETURNING INT; DEFINE i, s INT; LET s = 0;"
      " FOR i = 1 TO n LET s = s + i; END FOR RETURN s; END FUNCTION")
    e = err("SELECT sumto(a) FROM t")
    assert (e.sqlcode, e.token) == (-999, "sumto")


def test_dropping_a_database_whose_functions_ran_per_row(engine):
    engine.create_database("udfdb", "logged")
    s = engine.open_session()
    s.open_database("udfdb")
    s.execute("CREATE FUNCTION one(n INT) RETURNING INT; DEFINE r INT; LET r = 1;"
              " RETURN r; END FUNCTION")
    s.execute("SELECT one(1) FROM systables WHERE tabid = 1")
    s.close_database()
    engine.drop_database("udfdb")
    assert "udfdb" not in engine.database_names()


def test_parameter_used_twice_with_a_value(q):
    q("CREATE FUNCTION sq(n INT) RETURNING INT; RETURN n * n; END FUNCTION")
    assert q("SELECT sq(tabid + 1) FROM systables WHERE tabid = 2") == [(9,)]


def test_wrong_argument_count_is_674(t, err):
    assert err("SELECT dbl(a, a) FROM t").sqlcode == -674


def test_column_named_like_a_function_is_left_alone(t, q):
    q("CREATE TABLE u (dbl INT)")
    q("INSERT INTO u VALUES (5)")
    assert q("SELECT dbl FROM u") == [(5,)]


def test_preparing_in_an_ansi_database_opens_no_transaction(engine):
    engine.create_database("ansidb", "ansi")
    s = engine.open_session()
    s.open_database("ansidb")
    s.execute("CREATE FUNCTION one() RETURNING INT; RETURN 1; END FUNCTION")
    s.execute("COMMIT WORK")
    s.prepare("COMMIT WORK")  # the routine names are looked up for every statement
    assert not s.in_transaction
    s.close()


def test_table_named_like_a_function_is_not_a_call(q):
    q("CREATE FUNCTION items(n INT) RETURNING INT; RETURN n; END FUNCTION")
    q("CREATE TABLE items (a INT, b INT)")
    q("INSERT INTO items (a, b) VALUES (1, 2)")
    assert q("SELECT a, items(b) FROM items") == [(1, 2)]


def test_absurdly_nested_calls_are_201_not_a_crash(t, err):
    assert err("SELECT " + "dbl(" * 3000 + "1" + ")" * 3000 + " FROM t").sqlcode == -201
