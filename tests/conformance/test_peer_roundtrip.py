"""Every corpus type the peer driver supports: it inserts each value with
parameters and reads back exactly the value the corpus expects."""

from __future__ import annotations

import pytest

from . import corpus, peer
from .checks import mismatches

pytestmark = pytest.mark.peer


def peer_bind(case: corpus.Case, value):
    """What the peer binds: natural objects where it has an encoder for the
    column's type, else the Informix literal text (the server converts).

    The peer has no binder for datetime.time and binds date as DATE, so
    DATETIME qualifiers other than YEAR TO SECOND/FRACTION go as literals.
    """
    if value is None:
        return None
    if case.family == "datetime" and not (case.fields[0] == "year" and "second" in case.fields):
        return corpus.datetime_literal(case, value)
    if case.family == "interval_ym" and isinstance(value, tuple):
        return corpus.interval_literal(case, value)
    return value


@pytest.mark.parametrize("case", corpus.CASES, ids=lambda c: c.id)
def test_peer_reads_back_what_it_inserted(peer_plan, server, case):
    case = peer.representable(case)
    steps = [peer.connect_step(server, autocommit=True),
             peer.execute_step(corpus.create_table_sql(case, "p"))]
    steps += [peer.execute_step(corpus.insert_sql(case, "p"), [i, peer_bind(case, row.sent)])
              for i, row in enumerate(case.rows)]
    steps.append(peer.execute_step(corpus.select_sql(case, "p"), fetch=True))
    results = peer.run_plan(steps)
    failed = [(n, r.error) for n, r in enumerate(results) if not r.ok]
    assert failed == []
    assert [r.rowcount for r in results[2:-1]] == [1] * len(case.rows)
    got = [(row[0], row[1]) for row in results[-1].rows]
    assert mismatches(case, got) == []


@pytest.mark.parametrize("case", corpus.LITERAL_CASES, ids=lambda c: c.id)
def test_peer_reads_back_datetime_and_interval_sql_literals(peer_plan, server, case):
    """Rows inserted as DATETIME(...)/INTERVAL(...) literals: no binding, no
    character conversion, only the server's encoding and the peer's decoding."""
    case = peer.representable(case)
    steps = [peer.connect_step(server, autocommit=True),
             peer.execute_step(corpus.create_table_sql(case, "pl"))]
    steps += [peer.execute_step(corpus.insert_literal_sql(case, "pl", i))
              for i in range(len(case.rows))]
    steps.append(peer.execute_step(corpus.select_sql(case, "pl"), fetch=True))
    results = peer.run_plan(steps)
    assert [(n, r.error) for n, r in enumerate(results) if not r.ok] == []
    assert mismatches(case, [(row[0], row[1]) for row in results[-1].rows]) == []


@pytest.mark.parametrize("case", corpus.LOOKUP_CASES, ids=lambda c: c.id)
def test_peer_orders_and_finds_each_row_by_its_value(peer_plan, server, case):
    """ORDER BY v sorts as Informix does (NULL lowest), and WHERE v = ? with
    each stored value selects exactly the equal rows."""
    case = peer.representable(case)
    steps = [peer.connect_step(server, autocommit=True),
             peer.execute_step(corpus.create_table_sql(case, "pw"))]
    steps += [peer.execute_step(corpus.insert_sql(case, "pw"), [i, peer_bind(case, row.sent)])
              for i, row in enumerate(case.rows)]
    steps.append(peer.execute_step(corpus.order_sql(case, "pw"), fetch=True))
    looked = [i for i, row in enumerate(case.rows) if row.sent is not None]
    steps += [peer.execute_step(corpus.lookup_sql(case, "pw"),
                                [peer_bind(case, corpus.lookup_value(case, case.rows[i]))],
                                fetch=True) for i in looked]
    results = peer.run_plan(steps)
    assert [(n, r.error) for n, r in enumerate(results) if not r.ok] == []
    order = results[-len(looked) - 1].rows
    assert [row[0] for row in order] == corpus.ordered_ids(case), "ORDER BY v"
    found = {i: [row[0] for row in r.rows] for i, r in zip(looked, results[-len(looked):])}
    assert {i: ids for i, ids in found.items() if ids != corpus.matching_ids(case, i)} == {}


@pytest.mark.parametrize("case", [c for c in corpus.CASES if not c.id.startswith(
    ("serial", "bigserial"))], ids=lambda c: c.id)
def test_peer_update_replaces_each_value(peer_plan, server, case):
    """UPDATE ... SET v = ? moves every value (NULL included) to another row."""
    case = peer.representable(case)
    n = len(case.rows)
    table = corpus.case_table(case, "pu")
    steps = [peer.connect_step(server, autocommit=True),
             peer.execute_step(corpus.create_table_sql(case, "pu"))]
    steps += [peer.execute_step(corpus.insert_sql(case, "pu"), [i, peer_bind(case, row.sent)])
              for i, row in enumerate(case.rows)]
    steps += [peer.execute_step(f"UPDATE {table} SET v = ? WHERE id = ?",
                                [peer_bind(case, case.rows[(i + 1) % n].sent), i])
              for i in range(n)]
    steps.append(peer.execute_step(corpus.select_sql(case, "pu"), fetch=True))
    results = peer.run_plan(steps)
    assert [(k, r.error) for k, r in enumerate(results) if not r.ok] == []
    assert [r.rowcount for r in results[2 + n:2 + 2 * n]] == [1] * n
    rotated = corpus.Case(case.id, case.decl, case.family,
                          case.rows[1:] + case.rows[:1], case.fields, case.frac)
    assert mismatches(rotated, [(row[0], row[1]) for row in results[-1].rows]) == []
