"""Every corpus type side by side in one table: each value must come back
in its own column (a wrong offset inside the tuple shifts the rest)."""

from __future__ import annotations

import pytest

from . import corpus, jdbc

pytestmark = pytest.mark.jdbc


def test_jdbc_reads_every_type_side_by_side(jconn):
    cases = [jdbc.representable(c) for c in corpus.WIDE_CASES]
    stmt = jconn.createStatement()
    stmt.executeUpdate(corpus.wide_table_sql(cases, "j"))
    ps = jconn.prepareStatement(corpus.wide_insert_sql(cases, "j"))
    rows = corpus.wide_row_count(cases)
    for k in range(rows):
        ps.setInt(1, k)
        for n, case in enumerate(cases):
            jdbc.bind(ps, n + 2, case, corpus.wide_row(case, k).sent)
        assert ps.executeUpdate() == 1
    rs = stmt.executeQuery(corpus.wide_select_sql(cases, "j"))
    wrong = []
    k = 0
    while rs.next():
        assert int(rs.getInt(1)) == k
        for n, case in enumerate(cases):
            want = corpus.canonical(case, corpus.wide_row(case, k).want)
            got = corpus.canonical(case, jdbc.read(rs, n + 2, case))
            if got != want:
                wrong.append((k, case.id, got, want))
        k += 1
    assert k == rows
    assert wrong == []
