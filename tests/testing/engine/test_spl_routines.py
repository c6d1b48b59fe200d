"""Stored routines in the engine: CREATE/DROP, sysprocedures, EXECUTE FUNCTION/PROCEDURE."""

from __future__ import annotations

import pytest

DBL = "CREATE FUNCTION dbl(n INT) RETURNING INT; RETURN n * 2; END FUNCTION"


def rows(session, sql, params=()):
    stmt = session.prepare(sql)
    return session.execute(stmt, params).fetchall()


def test_create_function_is_one_statement_of_its_own_kind(session):
    assert session.prepare(DBL).kind == "create_function"


def test_create_procedure_kind(session):
    assert session.prepare("CREATE PROCEDURE p() END PROCEDURE").kind == "create_procedure"


def test_execute_function_returns_the_value(session, q):
    q(DBL)
    assert rows(session, "EXECUTE FUNCTION dbl(21)") == [(42,)]


def test_execute_function_is_described_with_the_returning_types(session, q):
    q(DBL)
    stmt = session.prepare("EXECUTE FUNCTION dbl(1)")
    assert stmt.kind == "execute_function"
    assert [(c.name, c.type.sqltype) for c in stmt.columns] == [("(expression)", 2)]


def test_returning_as_names_the_columns(session, q):
    q("CREATE FUNCTION two() RETURNING INT AS a, VARCHAR(10) AS b; RETURN 1, 'x'; END FUNCTION")
    stmt = session.prepare("EXECUTE FUNCTION two()")
    assert [c.name for c in stmt.columns] == ["a", "b"]
    assert session.execute(stmt).fetchall() == [(1, "x")]


def test_execute_function_takes_a_parameter_typed_by_the_routine(session, q):
    q(DBL)
    stmt = session.prepare("EXECUTE FUNCTION dbl(?)")
    assert stmt.nparams == 1 and stmt.param_types[0].sqltype == 2
    assert session.execute(stmt, [5]).fetchall() == [(10,)]


def test_argument_is_stored_as_the_parameter_type(session, q):
    q("CREATE FUNCTION half(n INT) RETURNING DECIMAL(5,2); RETURN n / 2; END FUNCTION")
    from decimal import Decimal
    assert rows(session, "EXECUTE FUNCTION half(7.9)") == [(Decimal("4.00"),)]


def test_missing_argument_takes_its_default(session, q):
    q("CREATE FUNCTION greet(who VARCHAR(10) DEFAULT 'you') RETURNING VARCHAR(20);"
      " RETURN 'hi ' || who; END FUNCTION")
    assert rows(session, "EXECUTE FUNCTION greet()") == [("hi you",)]


def test_return_with_resume_gives_many_rows(session, q):
    q("CREATE FUNCTION upto(n INT) RETURNING INT; DEFINE i INT;"
      " FOR i = 1 TO n RETURN i WITH RESUME; END FOR END FUNCTION")
    assert rows(session, "EXECUTE FUNCTION upto(3)") == [(1,), (2,), (3,)]


def test_execute_procedure_runs_its_statements(session, q):
    q("CREATE TABLE t (a INT)")
    q("CREATE PROCEDURE fill(n INT) DEFINE i INT; FOR i = 1 TO n INSERT INTO t VALUES (i);"
      " END FOR END PROCEDURE")
    stmt = session.prepare("EXECUTE PROCEDURE fill(3)")
    assert stmt.kind == "execute_procedure" and stmt.columns == []
    session.execute(stmt)
    assert q("SELECT a FROM t ORDER BY a") == [(1,), (2,), (3,)]


def test_execute_procedure_runs_a_function_for_compatibility(session, q):
    q(DBL)
    assert rows(session, "EXECUTE PROCEDURE dbl(4)") == [(8,)]


def test_unknown_routine_is_674(err):
    e = err("EXECUTE FUNCTION nosuch(1)")
    assert (e.sqlcode, e.token) == (-674, "nosuch")


def test_too_many_arguments_is_674(q, err):
    q(DBL)
    assert err("EXECUTE FUNCTION dbl(1, 2)").sqlcode == -674


def test_missing_argument_without_default_is_674(q, err):
    q(DBL)
    assert err("EXECUTE FUNCTION dbl()").sqlcode == -674


def test_execute_function_of_a_procedure_is_674(q, err):
    q("CREATE PROCEDURE p() END PROCEDURE")
    assert err("EXECUTE FUNCTION p()").sqlcode == -674


def test_create_of_an_existing_routine_is_673(q, err):
    q(DBL)
    e = err(DBL)
    assert (e.sqlcode, e.token) == (-673, "dbl")


def test_create_if_not_exists_keeps_the_existing_routine(session, q):
    q(DBL)
    q("CREATE FUNCTION IF NOT EXISTS dbl(n INT) RETURNING INT; RETURN 0; END FUNCTION")
    assert rows(session, "EXECUTE FUNCTION dbl(2)") == [(4,)]


def test_function_without_returning_is_a_syntax_error(err):
    assert err("CREATE FUNCTION f() END FUNCTION").sqlcode == -201


def test_body_syntax_error_is_201(err):
    assert err("CREATE PROCEDURE p() LET = 1; END PROCEDURE").sqlcode == -201


def test_missing_end_is_201(err):
    assert err("CREATE PROCEDURE p() LET x = 1;").sqlcode == -201


def test_drop_function_removes_it(q, err):
    q(DBL)
    q("DROP FUNCTION dbl")
    assert err("EXECUTE FUNCTION dbl(1)").sqlcode == -674


def test_drop_of_a_missing_routine_is_674(err):
    assert err("DROP PROCEDURE nosuch").sqlcode == -674


def test_drop_if_exists_of_a_missing_routine_is_accepted(q):
    q("DROP FUNCTION IF EXISTS nosuch")


def test_drop_with_signature_picks_the_overload(session, q):
    q(DBL)
    q("CREATE FUNCTION dbl(a INT, b INT) RETURNING INT; RETURN a + b; END FUNCTION")
    q("DROP FUNCTION dbl(INT, INT)")
    assert rows(session, "EXECUTE FUNCTION dbl(3)") == [(6,)]


def test_overloads_resolve_by_argument_count(session, q):
    q(DBL)
    q("CREATE FUNCTION dbl(a INT, b INT) RETURNING INT; RETURN a + b; END FUNCTION")
    assert rows(session, "EXECUTE FUNCTION dbl(3, 4)") == [(7,)]


def test_sysprocedures_lists_the_routine(q):
    q(DBL)
    q("CREATE PROCEDURE p(a INT, b INT) END PROCEDURE")
    assert q("SELECT procname, owner, isproc, numargs FROM sysprocedures ORDER BY procid") == [
        ("dbl", "informix", "f", 1), ("p", "informix", "t", 2)]


def test_sysprocedures_rows_have_every_declared_column(session, q):
    q(DBL)
    stmt = session.prepare("SELECT * FROM sysprocedures")
    (row,) = session.execute(stmt).fetchall()
    declared = q("SELECT count(*) FROM syscolumns WHERE tabid = 16")[0][0]
    assert len(stmt.columns) == len(row) == declared
    assert dict(zip([c.name for c in stmt.columns], row))["langid"] == 2


def test_sysprocedures_is_in_systables(q):
    assert q("SELECT tabid FROM systables WHERE tabname = 'sysprocedures'") == [(16,)]


def test_sysprocbody_holds_the_text(q):
    q(DBL)
    (text,) = q("SELECT data FROM sysprocbody b JOIN sysprocedures p ON p.procid = b.procid"
                " WHERE p.procname = 'dbl' AND b.datakey = 'T'")[0]
    assert text.rstrip() == DBL


def test_dropped_routine_leaves_sysprocedures(q):
    q(DBL)
    q("DROP FUNCTION dbl")
    assert q("SELECT count(*) FROM sysprocedures WHERE procname = 'dbl'") == [(0,)]


def test_create_rolls_back_with_its_transaction(q, err):
    q("BEGIN WORK")
    q(DBL)
    q("ROLLBACK WORK")
    assert err("EXECUTE FUNCTION dbl(1)").sqlcode == -674


def test_routine_is_seen_by_another_session(q, other, runner):
    q(DBL)
    assert runner(other, "EXECUTE FUNCTION dbl(5)").fetchall() == [(10,)]


def test_routine_survives_a_restart(tmp_path):
    from informix_db.testing.engine import Engine

    with Engine(data_dir=str(tmp_path), databases={"keep": "logged"}) as eng:
        s = eng.open_session()
        s.open_database("keep")
        s.execute(DBL)
        s.close()
    with Engine(data_dir=str(tmp_path), databases={"keep": "logged"}) as eng:
        s = eng.open_session()
        s.open_database("keep")
        assert s.execute("EXECUTE FUNCTION dbl(8)").fetchall() == [(16,)]
        s.close()


@pytest.mark.parametrize("sql", ["EXECUTE FUNCTION", "EXECUTE FUNCTION f", "EXECUTE FUNCTION f(",
                                 "EXECUTE FUNCTION f(1,)", "DROP FUNCTION"])
def test_broken_routine_statements_are_201(err, sql):
    assert err(sql).sqlcode == -201


def test_deeply_nested_blocks_are_201_not_a_crash(err):
    body = "IF 1 = 1 THEN " * 3000 + "RETURN 1;" + " END IF" * 3000
    assert err(f"CREATE FUNCTION f() RETURNING INT; {body} END FUNCTION").sqlcode == -201


def test_return_of_the_wrong_number_of_values_is_201(err):
    assert err("CREATE FUNCTION f() RETURNING INT; RETURN 1, 2; END FUNCTION").sqlcode == -201


def test_for_without_to_is_201(err):
    assert err("CREATE PROCEDURE p() DEFINE i INT; FOR i = 1 END FOR END PROCEDURE").sqlcode == -201


def test_deep_calls_of_nested_blocks_fail_cleanly(q, err):
    body = "IF 1 = 1 THEN " * 60 + "RETURN r(n - 1);" + " END IF" * 60
    q(f"CREATE FUNCTION r(n INT) RETURNING INT; IF n = 0 THEN RETURN 0; END IF {body}"
      " END FUNCTION")
    assert err("EXECUTE FUNCTION r(39)").sqlcode == -201


def test_named_arguments_go_to_their_parameters(session, q):
    q("CREATE FUNCTION sub(a INT, b INT DEFAULT 1) RETURNING INT; RETURN a - b; END FUNCTION")
    assert rows(session, "EXECUTE FUNCTION sub(b = 10, a = 3)") == [(-7,)]


def test_named_arguments_may_leave_a_default_out(session, q):
    q("CREATE FUNCTION sub(a INT DEFAULT 100, b INT DEFAULT 1) RETURNING INT; RETURN a - b;"
      " END FUNCTION")
    assert rows(session, "EXECUTE FUNCTION sub(b = 10)") == [(90,)]


def test_named_parameter_placeholders_follow_the_text(session, q):
    q("CREATE FUNCTION sub(a INT, b INT) RETURNING INT; RETURN a - b; END FUNCTION")
    assert rows(session, "EXECUTE FUNCTION sub(b = ?, a = ?)", [1, 5]) == [(4,)]


def test_unknown_named_argument_is_674(q, err):
    q("CREATE FUNCTION sub(a INT, b INT) RETURNING INT; RETURN a - b; END FUNCTION")
    assert err("EXECUTE FUNCTION sub(a = 1, c = 2)").sqlcode == -674


def test_mixed_named_and_positional_arguments_are_201(q, err):
    q("CREATE FUNCTION sub(a INT, b INT) RETURNING INT; RETURN a - b; END FUNCTION")
    assert err("EXECUTE FUNCTION sub(1, b = 2)").sqlcode == -201


def test_repeated_prepares_keep_the_caches_bounded(session, q, monkeypatch):
    from informix_db.testing.engine.spl import evaluate

    monkeypatch.setattr(evaluate, "_CACHE_LIMIT", 50)
    q(DBL)
    for i in range(200):
        session.execute(session.prepare(f"EXECUTE FUNCTION dbl({i})")).fetchall()
    assert len(session._interpreter().ev._cache) <= 51


def test_in_parameter_mode_is_accepted(session, q):
    q("CREATE FUNCTION f(IN a INT) RETURNING INT; RETURN a; END FUNCTION")
    assert rows(session, "EXECUTE FUNCTION f(3)") == [(3,)]


def test_out_parameters_are_not_implemented(err):
    e = err("CREATE PROCEDURE p(OUT a INT) LET a = 1; END PROCEDURE")
    assert (e.sqlcode, e.token.upper()) == (-999, "OUT")


def test_prepared_call_follows_a_recreated_routine(session, q):
    q("CREATE FUNCTION g(a INT, b INT DEFAULT 0) RETURNING INT; RETURN a + b; END FUNCTION")
    stmt = session.prepare("EXECUTE FUNCTION g(1)")
    q("DROP FUNCTION g")
    q("CREATE FUNCTION g(a INT) RETURNING INT; RETURN a * 100; END FUNCTION")
    assert session.execute(stmt).fetchall() == [(100,)]
