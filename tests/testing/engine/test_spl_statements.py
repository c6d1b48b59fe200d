"""The SPL statements of a routine body, run by the engine's interpreter."""

from __future__ import annotations

from decimal import Decimal

import pytest


@pytest.fixture
def fn(session, q):
    """``fn(body, returning='INT', params='')``: create function f and return its rows."""
    def make(body, returning="INT", params="", args=""):
        q(f"CREATE FUNCTION f({params}) RETURNING {returning}; {body} END FUNCTION")
        return session.execute(f"EXECUTE FUNCTION f({args})").fetchall()
    return make


def test_define_without_default_is_null(fn):
    assert fn("DEFINE x INT; RETURN x;") == [(None,)]


def test_define_default(fn):
    assert fn("DEFINE x INT DEFAULT 7; RETURN x;") == [(7,)]


def test_let_assigns_an_expression(fn):
    assert fn("DEFINE x INT; LET x = 6 * 7; RETURN x;") == [(42,)]


def test_let_stores_the_declared_type(fn):
    assert fn("DEFINE x DECIMAL(5,1); LET x = 2.26; RETURN x;",
              returning="DECIMAL(5,1)") == [(Decimal("2.3"),)]


def test_let_overflow_is_the_types_error(err, q, session):
    q("CREATE FUNCTION f() RETURNING SMALLINT; DEFINE x SMALLINT; LET x = 40000;"
      " RETURN x; END FUNCTION")
    assert err("EXECUTE FUNCTION f()").sqlcode == -1214


def test_let_several_targets(fn):
    assert fn("DEFINE a, b INT; LET a, b = 1, 2; RETURN a, b;", returning="INT, INT") == [(1, 2)]


def test_let_from_a_select(q, fn):
    q("CREATE TABLE t (a INT)")
    q("INSERT INTO t VALUES (5)")
    assert fn("DEFINE c INT; LET c = (SELECT count(*) FROM t); RETURN c;") == [(1,)]


def test_let_several_targets_from_one_select(q, fn):
    q("CREATE TABLE t (a INT, b INT)")
    q("INSERT INTO t VALUES (3, 4)")
    assert fn("DEFINE x, y INT; LET x, y = (SELECT a, b FROM t); RETURN x, y;",
              returning="INT, INT") == [(3, 4)]


def test_let_from_a_select_of_two_rows_is_284(q, err):
    q("CREATE TABLE t (a INT, b INT)")
    q("INSERT INTO t VALUES (1, 1), (2, 2)")
    q("CREATE FUNCTION f() RETURNING INT; DEFINE x, y INT; LET x, y = (SELECT a, b FROM t);"
      " RETURN x; END FUNCTION")
    assert err("EXECUTE FUNCTION f()").sqlcode == -284


def test_variables_are_parameters_of_expressions(fn):
    assert fn("RETURN n || '!';", returning="VARCHAR(10)", params="n VARCHAR(5)",
              args="'ab'") == [("ab!",)]


@pytest.mark.parametrize(("arg", "expected"), [(5, "big"), (1, "one"), (0, "other")])
def test_if_elif_else(fn, arg, expected):
    assert fn("IF n > 3 THEN RETURN 'big'; ELIF n = 1 THEN RETURN 'one'; ELSE RETURN 'other';"
              " END IF", returning="VARCHAR(5)", params="n INT", args=str(arg)) == [(expected,)]


def test_if_on_null_is_false(fn):
    assert fn("DEFINE x INT; IF x = 1 THEN RETURN 1; END IF RETURN 2;") == [(2,)]


def test_statement_without_semicolon_before_end_if(fn):
    assert fn("IF 1 = 1 THEN RETURN 1 END IF RETURN 2;") == [(1,)]


def test_for_to_step(fn):
    assert fn("DEFINE i, s INT; LET s = 0; FOR i = 1 TO 10 STEP 3 LET s = s + i; END FOR"
              " RETURN s;") == [(1 + 4 + 7 + 10,)]


def test_for_counts_down_without_step(fn):
    assert fn("DEFINE i INT; FOR i = 3 TO 1 RETURN i WITH RESUME; END FOR") == [
        (3,), (2,), (1,)]


def test_for_in_list(fn):
    assert fn("DEFINE i INT; FOR i IN (1 TO 2, 7) RETURN i WITH RESUME; END FOR") == [
        (1,), (2,), (7,)]


def test_while(fn):
    assert fn("DEFINE i INT; LET i = 0; WHILE i < 5 LET i = i + 2; END WHILE RETURN i;") == [(6,)]


def test_exit_for(fn):
    assert fn("DEFINE i INT; FOR i = 1 TO 10 IF i = 3 THEN EXIT FOR; END IF END FOR"
              " RETURN i;") == [(3,)]


def test_continue_while(fn):
    assert fn("DEFINE i, s INT; LET i = 0; LET s = 0; WHILE i < 4 LET i = i + 1;"
              " IF i = 2 THEN CONTINUE WHILE; END IF LET s = s + i; END WHILE RETURN s;") == [(8,)]


def test_foreach_select_into(q, fn):
    q("CREATE TABLE t (a INT, b VARCHAR(5))")
    q("INSERT INTO t VALUES (1, 'x'), (2, 'y')")
    assert fn("DEFINE va INT; DEFINE vb VARCHAR(5);"
              " FOREACH c1 FOR SELECT a, b INTO va, vb FROM t ORDER BY a"
              " RETURN va, vb WITH RESUME; END FOREACH",
              returning="INT, VARCHAR(5)") == [(1, "x"), (2, "y")]


def test_foreach_without_cursor_name_and_semicolon(q, fn):
    q("CREATE TABLE t (a INT)")
    q("INSERT INTO t VALUES (4), (5)")
    assert fn("DEFINE v, s INT; LET s = 0; FOREACH SELECT a INTO v FROM t LET s = s + v;"
              " END FOREACH RETURN s;") == [(9,)]


def test_foreach_execute_function(q, fn):
    q("CREATE FUNCTION g() RETURNING INT; RETURN 1 WITH RESUME; RETURN 2 WITH RESUME;"
      " END FUNCTION")
    assert fn("DEFINE v, s INT; LET s = 0; FOREACH EXECUTE FUNCTION g() INTO v"
              " LET s = s + v; END FOREACH RETURN s;") == [(3,)]


def test_variable_hides_a_column_of_the_same_name(q, fn):
    # IBM: an identifier that is both an SPL variable and a column is the variable
    q("CREATE TABLE t (a INT)")
    q("INSERT INTO t VALUES (1)")
    assert fn("DEFINE a INT; LET a = 9; RETURN (SELECT max(a) FROM t);") == [(9,)]


def test_qualified_column_is_the_column(q, fn):
    q("CREATE TABLE t (a INT)")
    q("INSERT INTO t VALUES (1)")
    assert fn("DEFINE a INT; LET a = 9; RETURN (SELECT max(t.a) FROM t);") == [(1,)]


def test_select_into(q, fn):
    q("CREATE TABLE t (k INT, v VARCHAR(5))")
    q("INSERT INTO t VALUES (1, 'one')")
    assert fn("DEFINE x VARCHAR(5); SELECT v INTO x FROM t WHERE k = n; RETURN x;",
              returning="VARCHAR(5)", params="n INT", args="1") == [("one",)]


def test_embedded_dml_uses_variables(q, session):
    q("CREATE TABLE t (k INT, v VARCHAR(5))")
    q("CREATE PROCEDURE put(n INT, s VARCHAR(5)) INSERT INTO t VALUES (n, s);"
      " UPDATE t SET v = v || '!' WHERE k = n; END PROCEDURE")
    session.execute("EXECUTE PROCEDURE put(3, 'c')")
    assert q("SELECT k, v FROM t") == [(3, "c!")]


def test_return_without_resume_ends_the_routine(fn):
    assert fn("RETURN 1; RETURN 2;") == [(1,)]


def test_function_ending_without_return_gives_no_row(fn):
    assert fn("DEFINE x INT; LET x = 1;") == []


def test_raise_exception_746_carries_the_text(q, err):
    q("CREATE PROCEDURE p(n INT) IF n < 0 THEN RAISE EXCEPTION -746, 0, 'negative ' || n;"
      " END IF END PROCEDURE")
    e = err("EXECUTE PROCEDURE p(-2)")
    assert (e.sqlcode, e.isam, e.token) == (-746, 0, "negative -2")
    assert "negative -2" in str(e)


def test_raise_exception_with_isam(q, err):
    q("CREATE PROCEDURE p() RAISE EXCEPTION -206, -111; END PROCEDURE")
    e = err("EXECUTE PROCEDURE p()")
    assert (e.sqlcode, e.isam) == (-206, -111)


def test_on_exception_traps_and_sets_codes(fn):
    assert fn("DEFINE c, i INT; ON EXCEPTION SET c, i RETURN c, i; END EXCEPTION"
              " RAISE EXCEPTION -746, 5, 'x'; RETURN 0, 0;", returning="INT, INT") == [(-746, 5)]


def test_on_exception_in_list_lets_others_through(q, err):
    q("CREATE FUNCTION f() RETURNING INT; ON EXCEPTION IN (-206) RETURN 1; END EXCEPTION"
      " RAISE EXCEPTION -746, 0, 'other'; END FUNCTION")
    assert err("EXECUTE FUNCTION f()").sqlcode == -746


def test_on_exception_traps_sql_errors(fn):
    assert fn("ON EXCEPTION IN (-206) RETURN -1; END EXCEPTION"
              " RETURN (SELECT count(*) FROM nosuch);") == [(-1,)]


def test_on_exception_with_resume_continues_after_the_statement(fn):
    assert fn("DEFINE x INT; BEGIN ON EXCEPTION LET x = 1; END EXCEPTION WITH RESUME"
              " RAISE EXCEPTION -746; LET x = x + 10; END RETURN x;") == [(11,)]


def test_call_returning(q, fn):
    q("CREATE FUNCTION g(n INT) RETURNING INT; RETURN n + 1; END FUNCTION")
    assert fn("DEFINE x INT; CALL g(4) RETURNING x; RETURN x;") == [(5,)]


def test_execute_function_into_inside_spl(q, fn):
    q("CREATE FUNCTION g(n INT) RETURNING INT; RETURN n + 1; END FUNCTION")
    assert fn("DEFINE x INT; EXECUTE FUNCTION g(1) INTO x; RETURN x;") == [(2,)]


def test_routine_call_in_an_expression(q, fn):
    q("CREATE FUNCTION g(n INT) RETURNING INT; RETURN n * 10; END FUNCTION")
    assert fn("RETURN g(2) + g(3);") == [(50,)]


def test_recursion(q, session):
    q("CREATE FUNCTION fact(n INT) RETURNING INT; IF n <= 1 THEN RETURN 1; END IF"
      " RETURN n * fact(n - 1); END FUNCTION")
    assert session.execute("EXECUTE FUNCTION fact(6)").fetchall() == [(720,)]


def test_runaway_recursion_is_an_error_not_a_crash(q, err):
    q("CREATE FUNCTION r() RETURNING INT; RETURN r(); END FUNCTION")
    assert err("EXECUTE FUNCTION r()").sqlcode == -201


def test_let_from_a_routine_with_two_values(q, fn):
    q("CREATE FUNCTION two() RETURNING INT, INT; RETURN 3, 4; END FUNCTION")
    assert fn("DEFINE a, b INT; LET a, b = two(); RETURN a * b;") == [(12,)]


def test_undefined_variable_is_201(q, err):
    q("CREATE FUNCTION f() RETURNING INT; LET nosuch = 1; RETURN 1; END FUNCTION")
    assert err("EXECUTE FUNCTION f()").sqlcode == -201


def test_system_statement_is_refused(err):
    assert err("CREATE PROCEDURE p() SYSTEM 'ls'; END PROCEDURE").sqlcode == -201


def test_failed_routine_leaves_the_session_usable(q, err, session):
    q("CREATE PROCEDURE p() RAISE EXCEPTION -746, 0, 'x'; END PROCEDURE")
    err("EXECUTE PROCEDURE p()")
    assert q("SELECT count(*) FROM systables WHERE tabid = 1") == [(1,)]


def test_work_before_an_error_stays_in_a_transaction(q, err):
    q("CREATE TABLE t (a INT)")
    q("CREATE PROCEDURE p() INSERT INTO t VALUES (1); RAISE EXCEPTION -746; END PROCEDURE")
    q("BEGIN WORK")
    err("EXECUTE PROCEDURE p()")
    assert q("SELECT count(*) FROM t") == [(1,)]
    q("ROLLBACK WORK")
    assert q("SELECT count(*) FROM t") == [(0,)]


def test_datetime_and_interval_literals_in_expressions(fn):
    import datetime as dt
    assert fn("RETURN DATETIME(2024-01-31 10:00:05) YEAR TO SECOND"
              " + INTERVAL(1 02:03:04) DAY TO SECOND;",
              returning="DATETIME YEAR TO SECOND") == [(dt.datetime(2024, 2, 1, 12, 3, 9),)]


def test_char_value_is_returned_blank_padded(fn):
    assert fn("DEFINE c CHAR(4); LET c = 'ab'; RETURN c;", returning="CHAR(4)") == [("ab  ",)]


def test_matches_in_a_condition(fn):
    assert fn("IF s MATCHES 'a*' THEN RETURN 1; END IF RETURN 0;", params="s VARCHAR(9)",
              args="'abc'") == [(1,)]


def test_serial_of_an_insert_in_the_routine(q, fn):
    q("CREATE TABLE t (id SERIAL, v INT)")
    assert fn("INSERT INTO t (v) VALUES (1); RETURN DBINFO('sqlca.sqlerrd1');") == [(1,)]


def test_runaway_loop_is_interrupted(q, err):
    q("CREATE PROCEDURE spin() LOOP END LOOP END PROCEDURE")
    e = err("EXECUTE PROCEDURE spin()")
    assert (e.sqlcode, e.token) == (-213, "spin")


def test_define_like_a_column_takes_its_type(q, fn):
    q("CREATE TABLE t (id SERIAL, v DECIMAL(6,2))")
    assert fn("DEFINE x LIKE t.v; DEFINE k LIKE t.id; LET x = 1.234; LET k = 7; RETURN x, k;",
              returning="DECIMAL(6,2), INT") == [(Decimal("1.23"), 7)]


def test_define_like_a_missing_table_is_206(q, err):
    q("CREATE FUNCTION f() RETURNING INT; DEFINE x LIKE nosuch.v; RETURN 1; END FUNCTION")
    assert err("EXECUTE FUNCTION f()").sqlcode == -206


def test_global_variable_lives_for_the_session(q, session):
    q("CREATE FUNCTION tick() RETURNING INT; DEFINE GLOBAL n INT DEFAULT 0; LET n = n + 1;"
      " RETURN n; END FUNCTION")
    q("CREATE FUNCTION peek() RETURNING INT; DEFINE GLOBAL n INT DEFAULT 100; RETURN n;"
      " END FUNCTION")
    session.execute("EXECUTE FUNCTION tick()").fetchall()
    assert session.execute("EXECUTE FUNCTION tick()").fetchall() == [(2,)]
    assert session.execute("EXECUTE FUNCTION peek()").fetchall() == [(2,)]


def test_global_variable_needs_a_default(err):
    assert err("CREATE PROCEDURE p() DEFINE GLOBAL n INT; END PROCEDURE").sqlcode == -201


def test_named_arguments_in_a_call(q, fn):
    q("CREATE FUNCTION g(a INT, b INT) RETURNING INT; RETURN a - b; END FUNCTION")
    assert fn("DEFINE x INT; CALL g(b = 1, a = 10) RETURNING x; RETURN x;") == [(9,)]


def test_function_created_after_a_first_run_is_called(q, err, session):
    q("CREATE FUNCTION f() RETURNING INT; RETURN h() + 1; END FUNCTION")
    err("EXECUTE FUNCTION f()")  # no h yet
    q("CREATE FUNCTION h() RETURNING INT; RETURN 10; END FUNCTION")
    assert session.execute("EXECUTE FUNCTION f()").fetchall() == [(11,)]


def test_update_where_current_of_the_foreach_cursor(q, session):
    q("CREATE TABLE t (k INT, v INT)")
    q("INSERT INTO t VALUES (1, 0), (2, 0), (3, 0)")
    q("CREATE PROCEDURE mark() DEFINE x INT;"
      " FOREACH c1 FOR SELECT k INTO x FROM t WHERE k >= 2"
      " UPDATE t SET v = x * 10 WHERE CURRENT OF c1; END FOREACH END PROCEDURE")
    session.execute("EXECUTE PROCEDURE mark()")
    assert q("SELECT k, v FROM t ORDER BY k") == [(1, 0), (2, 20), (3, 30)]


def test_delete_where_current_of_inside_an_if(q, session):
    q("CREATE TABLE t (k INT)")
    q("INSERT INTO t VALUES (1), (2), (3)")
    q("CREATE PROCEDURE odd_out() DEFINE x INT;"
      " FOREACH c2 FOR SELECT k INTO x FROM t"
      " IF MOD(x, 2) = 1 THEN DELETE FROM t WHERE CURRENT OF c2; END IF END FOREACH"
      " END PROCEDURE")
    session.execute("EXECUTE PROCEDURE odd_out()")
    assert q("SELECT k FROM t") == [(2,)]


def test_variable_right_after_on_in_a_join(q, fn):
    q("CREATE TABLE a (k INT)")
    q("CREATE TABLE b (k INT, v INT)")
    q("INSERT INTO a VALUES (1), (2)")
    q("INSERT INTO b VALUES (1, 10), (2, 20)")
    assert fn("RETURN (SELECT b.v FROM a JOIN b ON n = b.k AND a.k = b.k);",
              params="n INT", args="2") == [(20,)]
