"""Each listed server error reaches the peer driver with its SQLCODE, and
the connection keeps working afterwards."""

from __future__ import annotations

import pytest

from . import corpus, peer

pytestmark = pytest.mark.peer


def _alive_steps(table: str, conn: str = "a") -> list[dict]:
    return [peer.execute_step(f"CREATE TABLE {table} (a INT)", conn=conn),
            peer.execute_step(f"INSERT INTO {table} VALUES (42)", conn=conn),
            peer.execute_step(f"SELECT a FROM {table}", fetch=True, conn=conn)]


def _assert_alive(results) -> None:
    assert [r.ok for r in results] == [True] * 3, [r.error for r in results]
    assert results[-1].rows == [[42]]


@pytest.mark.parametrize("case", corpus.ERROR_CASES, ids=lambda e: e.id)
def test_peer_gets_the_sqlcode_and_connection_survives(peer_plan, server, case):
    table = f"pe_{case.id}"
    steps = [peer.connect_step(server, case.database, autocommit=True)]
    steps += [peer.execute_step(sql.format(t=table)) for sql in case.setup]
    steps.append(peer.execute_step(case.sql.format(t=table), case.params or None))
    steps += _alive_steps(f"{table}_alive")
    results = peer.run_plan(steps)
    n = 1 + len(case.setup)
    assert [r.error for r in results[:n]] == [None] * n
    failed = results[n]
    assert not failed.ok, "statement succeeded"
    assert failed.error.sqlcode == case.sqlcode, failed.error.message
    _assert_alive(results[n + 1:])


def test_peer_unknown_database_is_329_and_server_still_serves(peer_plan, server):
    results = peer.run_plan([peer.connect_step(server, "nosuchdb", conn="x"),
                             peer.connect_step(server)] + _alive_steps("pe_after_329"))
    assert results[0].error is not None and results[0].error.sqlcode == -329, results[0].error
    assert results[1].ok, results[1].error
    _assert_alive(results[2:])


@pytest.mark.parametrize("who", [{"password": "wrong"}, {"user": "nobody"}],
                         ids=["wrong_password", "unknown_user"])
def test_peer_bad_login_is_rejected_and_server_still_serves(peer_plan, server, who):
    """The peer does not decode the rejection's SQLCODE (it raises a plain
    OperationalError "server rejected the connection"); JDBC checks -951."""
    table = f"pe_after_951_{next(iter(who))}"
    results = peer.run_plan([peer.connect_step(server, conn="x", **who),
                             peer.connect_step(server)] + _alive_steps(table))
    assert results[0].error is not None, "bad login accepted"
    assert results[0].error.cls == "OperationalError"
    assert "rejected" in results[0].error.message
    assert results[1].ok, results[1].error
    _assert_alive(results[2:])


def test_peer_failed_statement_keeps_the_transaction_and_its_earlier_work(peer_plan, server):
    """Informix rolls back only the failing statement, not the transaction."""
    E = peer.execute_step
    results = peer.run_plan([
        peer.connect_step(server, conn="r", autocommit=True),
        peer.connect_step(server, conn="w", autocommit=False),
        E("CREATE TABLE pe_txn (a INT PRIMARY KEY)", conn="r"),
        E("INSERT INTO pe_txn VALUES (?)", [1], conn="w"),
        E("INSERT INTO pe_txn VALUES (?)", [1], conn="w"),
        E("INSERT INTO pe_txn VALUES (?)", [2], conn="w"),
        {"op": "commit", "conn": "w"},
        E("SELECT a FROM pe_txn ORDER BY a", fetch=True, conn="r"),
    ])
    assert [r.ok for r in results] == [True] * 4 + [False] + [True] * 3, \
        [r.error for r in results]
    assert results[4].error.sqlcode == -268
    assert results[-1].rows == [[1], [2]]
