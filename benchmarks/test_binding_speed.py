"""Throughput of parameter encoding (``bind_params``), per implementation.

``Cursor.executemany`` encodes every row with ``bind_params``, so this
bounds bulk loads.  Run with ``python -m pytest benchmarks --benchmark-enable``
and compare the ``[python]`` and ``[cython]`` rows.  Nothing here asserts a
timing: without ``--benchmark-enable`` each benchmark runs once, as a smoke
test.
"""

from __future__ import annotations

from informix_db.testing.bulk import COLUMNS, make_row

ROWS = 10_000
#: The bulk round trip's rows: one column of each common type, a NULL row now and then.
DATA = [make_row(i) for i in range(ROWS)]


def _encode_rows(bind_params, rows):
    n = 0
    for row in rows:
        n += len(bind_params(row, "utf-8"))
    return n


def test_encode_bulk_rows(benchmark, impl):
    assert benchmark(_encode_rows, impl.binding.bind_params, DATA) == ROWS * len(COLUMNS)
