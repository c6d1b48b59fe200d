"""DML row counts and transaction visibility through the peer driver."""

from __future__ import annotations

import pytest

from . import peer

pytestmark = pytest.mark.peer

E = peer.execute_step


def _run_ok(steps):
    results = peer.run_plan(steps)
    assert [(i, r.error) for i, r in enumerate(results) if not r.ok] == []
    return results


def _filled(server, table: str) -> list[dict]:
    return [peer.connect_step(server, autocommit=True),
            E(f"CREATE TABLE {table} (a INT, b INT)")] + [
            E(f"INSERT INTO {table} VALUES (?, 0)", [a]) for a in range(1, 6)]


@pytest.mark.parametrize("sql,count", [
    ("UPDATE {t} SET b = 1 WHERE a <= 2", 2),
    ("UPDATE {t} SET b = 1 WHERE a > 100", 0),
    ("DELETE FROM {t} WHERE a >= 3", 3),
    ("UPDATE {t} SET b = ? WHERE a = ?", 1),
], ids=["update_2", "update_none", "delete_3", "prepared_update_1"])
def test_peer_rowcount_is_rows_affected(peer_plan, server, sql, count):
    table = f"pd_rc_{count}_{'p' if '?' in sql else 'l'}_{sql.split()[0].lower()}"
    params = [9, 4] if "?" in sql else None
    results = _run_ok(_filled(server, table) + [E(sql.format(t=table), params)])
    assert [r.rowcount for r in results[2:7]] == [1] * 5
    assert results[-1].rowcount == count


def test_peer_insert_select_rowcount(peer_plan, server):
    results = _run_ok(_filled(server, "pd_src") + [
        E("CREATE TABLE pd_copy (a INT, b INT)"),
        E("INSERT INTO pd_copy SELECT * FROM pd_src WHERE a > 1")])
    assert results[-1].rowcount == 4


def test_peer_executemany_inserts_every_row(peer_plan, server):
    from . import tagged

    results = _run_ok([peer.connect_step(server, autocommit=True),
                       E("CREATE TABLE pd_many (a INT)"),
                       {"op": "executemany", "conn": "a", "sql": "INSERT INTO pd_many VALUES (?)",
                        "seq": [[tagged.encode(a)] for a in (1, 2, 3)]},
                       E("SELECT a FROM pd_many ORDER BY a", fetch=True)])
    assert results[-1].rows == [[1], [2], [3]]


@pytest.mark.parametrize("decl", ["SERIAL", "SERIAL8", "BIGSERIAL"])
def test_peer_serial_zero_gets_next_value(peer_plan, server, decl):
    t = f"pd_{decl.lower()}"
    results = _run_ok([peer.connect_step(server, autocommit=True),
                       E(f"CREATE TABLE {t} (id {decl}, x INT)"),
                       E(f"INSERT INTO {t} VALUES (10, 0)"),
                       E(f"INSERT INTO {t} VALUES (0, 1)"),
                       E(f"SELECT id FROM {t} WHERE x = 1", fetch=True)])
    assert results[-1].rows == [[11]]


def _visibility_plan(server, table: str, finish: str) -> list[dict]:
    return [peer.connect_step(server, conn="r", autocommit=True),
            peer.connect_step(server, conn="w", autocommit=False),
            E(f"CREATE TABLE {table} (a INT)", conn="r"),
            E(f"INSERT INTO {table} VALUES (1)", conn="w"),
            E(f"SELECT COUNT(*) FROM {table}", fetch=True, conn="w"),
            {"op": finish, "conn": "w"},
            E(f"SELECT COUNT(*) FROM {table}", fetch=True, conn="r")]


def test_peer_rollback_is_invisible_to_another_connection(peer_plan, server):
    results = _run_ok(_visibility_plan(server, "pd_rb", "rollback"))
    assert results[4].rows == [[1]]  # the writer sees its own row
    assert results[-1].rows == [[0]]


def test_peer_commit_is_visible_to_another_connection(peer_plan, server):
    results = _run_ok(_visibility_plan(server, "pd_cm", "commit"))
    assert results[-1].rows == [[1]]


def test_peer_reads_every_row_of_a_result_spanning_many_fetches(peer_plan, server):
    from . import tagged

    rows = [[a, f"row {a:05d} " + "x" * 30] for a in range(3000)]
    results = _run_ok([peer.connect_step(server, autocommit=True),
                       E("CREATE TABLE pd_big (a INT, s VARCHAR(50))"),
                       {"op": "executemany", "conn": "a", "sql": "INSERT INTO pd_big VALUES (?, ?)",
                        "seq": [[tagged.encode(v) for v in r] for r in rows]},
                       E("SELECT a, s FROM pd_big ORDER BY a", fetch=True)])
    assert results[-1].rows == rows
