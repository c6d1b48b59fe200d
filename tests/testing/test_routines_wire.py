"""Stored routines over the wire: EXECUTE FUNCTION opens a cursor like a SELECT."""

from __future__ import annotations

import pytest

from informix_db.exceptions import DatabaseError, ProgrammingError
from informix_db.framing import messages as m


@pytest.fixture
def routines(cur):
    """Drop what a test created (the server lives for the module)."""
    made = []

    def make(sql, drop):
        cur.execute(sql)
        made.append(drop)
    yield make
    for drop in made:
        try:
            cur.execute(drop)
        except DatabaseError:
            pass


def test_create_function_then_execute_function_fetches_its_value(cur, routines):
    routines("CREATE FUNCTION w_dbl(n INT) RETURNING INT; RETURN n * 2; END FUNCTION",
             "DROP FUNCTION w_dbl")
    cur.execute("EXECUTE FUNCTION w_dbl(21)")
    assert cur.fetchall() == [(42,)]


def test_execute_function_is_described_as_statement_type_56(cur, routines):
    routines("CREATE FUNCTION w_one() RETURNING INT AS v; RETURN 1; END FUNCTION",
             "DROP FUNCTION w_one")
    cur.execute("EXECUTE FUNCTION w_one()")
    assert cur._description.stmt_type == m.SQ_EXECPROC
    assert cur.description[0][0] == "v"
    cur.fetchall()


def test_execute_function_binds_parameters(cur, routines):
    routines("CREATE FUNCTION w_cat(a VARCHAR(10), b INT) RETURNING VARCHAR(20);"
             " RETURN a || b; END FUNCTION", "DROP FUNCTION w_cat")
    cur.execute("EXECUTE FUNCTION w_cat(?, ?)", ("x", 7))
    assert cur.fetchall() == [("x7",)]


def test_return_with_resume_streams_every_row(cur, routines):
    routines("CREATE FUNCTION w_upto(n INT) RETURNING INT; DEFINE i INT;"
             " FOR i = 1 TO n RETURN i WITH RESUME; END FOR END FUNCTION",
             "DROP FUNCTION w_upto")
    cur.execute("EXECUTE FUNCTION w_upto(250)")
    assert [r[0] for r in cur.fetchall()] == list(range(1, 251))


def test_execute_procedure_returns_no_result_set(cur, routines):
    routines("CREATE TABLE w_t (a INT)", "DROP TABLE w_t")
    routines("CREATE PROCEDURE w_put(n INT) INSERT INTO w_t VALUES (n); END PROCEDURE",
             "DROP PROCEDURE w_put")
    cur.execute("EXECUTE PROCEDURE w_put(5)")
    assert cur.description is None
    cur.execute("SELECT a FROM w_t")
    assert cur.fetchall() == [(5,)]


def test_raise_exception_reaches_the_client_with_its_text(cur, routines):
    routines("CREATE PROCEDURE w_fail() RAISE EXCEPTION -746, 0, 'it broke'; END PROCEDURE",
             "DROP PROCEDURE w_fail")
    with pytest.raises(DatabaseError) as info:
        cur.execute("EXECUTE PROCEDURE w_fail()")
    assert info.value.sqlcode == -746
    assert "it broke" in str(info.value)


def test_unknown_routine_is_674(cur):
    with pytest.raises(ProgrammingError) as info:
        cur.execute("EXECUTE FUNCTION w_nosuch(1)")
    assert info.value.sqlcode == -674


def test_sysprocedures_is_queryable(cur, routines):
    routines("CREATE PROCEDURE w_p(a INT) END PROCEDURE", "DROP PROCEDURE w_p")
    cur.execute("SELECT numargs, isproc FROM sysprocedures WHERE procname = 'w_p'")
    assert cur.fetchall() == [(1, "t")]


def test_function_called_in_a_select(cur, routines):
    routines("CREATE FUNCTION w_inc(n INT) RETURNING INT; RETURN n + 1; END FUNCTION",
             "DROP FUNCTION w_inc")
    cur.execute("SELECT w_inc(tabid) FROM systables WHERE tabid = ?", (1,))
    assert cur.fetchall() == [(2,)]


def test_function_with_a_loop_called_in_a_select_runs_per_row(cur, routines):
    routines("CREATE FUNCTION w_tri(n INT) RETURNING INT; DEFINE i, s INT; LET s = 0;"
             " FOR i = 1 TO n LET s = s + i; END FOR RETURN s; END FUNCTION",
             "DROP FUNCTION w_tri")
    cur.execute("SELECT tabid, w_tri(tabid) FROM systables WHERE tabid <= 4 ORDER BY tabid")
    assert cur.fetchall() == [(1, 1), (2, 3), (3, 6), (4, 10)]
