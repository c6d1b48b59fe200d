"""Every corpus type side by side in one table, through the peer."""

from __future__ import annotations

import pytest

from . import corpus, peer
from .test_peer_roundtrip import peer_bind

pytestmark = pytest.mark.peer


def test_peer_reads_every_type_side_by_side(peer_plan, server):
    cases = [peer.representable(c) for c in corpus.WIDE_CASES]
    rows = corpus.wide_row_count(cases)
    steps = [peer.connect_step(server, autocommit=True),
             peer.execute_step(corpus.wide_table_sql(cases, "p"))]
    steps += [peer.execute_step(corpus.wide_insert_sql(cases, "p"),
                                [k] + [peer_bind(c, corpus.wide_row(c, k).sent) for c in cases])
              for k in range(rows)]
    steps.append(peer.execute_step(corpus.wide_select_sql(cases, "p"), fetch=True))
    results = peer.run_plan(steps)
    assert [(n, r.error) for n, r in enumerate(results) if not r.ok] == []
    got_rows = results[-1].rows
    assert [r[0] for r in got_rows] == list(range(rows))
    wrong = [(k, case.id, got, want)
             for k, row in enumerate(got_rows)
             for case, value in zip(cases, row[1:])
             if (got := corpus.canonical(case, value))
             != (want := corpus.canonical(case, corpus.wide_row(case, k).want))]
    assert wrong == []
