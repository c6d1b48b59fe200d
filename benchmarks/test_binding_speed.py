"""Throughput of parameter encoding and framing, per implementation.

``Cursor.executemany`` turns every row into its SQ_BIND message with
``bind_message`` and joins a window of them into one EXECUTE request
(``statement.build_execute_batch``), so these bound bulk loads on the
client side.  Run with ``python -m pytest benchmarks --benchmark-enable``
and compare the ``[python]`` and ``[cython]`` rows.  Nothing here asserts a
timing: without ``--benchmark-enable`` each benchmark runs once, as a smoke
test.
"""

from __future__ import annotations

import pytest

from informix_db.arrow import binds, reader
from informix_db.framing import messages as sq
from informix_db.protocol import binding as pure
from informix_db.protocol import statement
from informix_db.testing.bulk import COLUMNS, make_row

ROWS = 10_000
#: The bulk round trip's rows: one column of each common type, a NULL row now and then.
DATA = [make_row(i) for i in range(ROWS)]
#: A 20k-row executemany's worth, for the whole request.
BATCH_ROWS = 20_000
BATCH = DATA + [make_row(i) for i in range(ROWS, BATCH_ROWS)]


def _encode_rows(bind_params, rows):
    n = 0
    for row in rows:
        n += len(bind_params(row, "utf-8"))
    return n


def test_encode_bulk_rows(benchmark, impl):
    assert benchmark(_encode_rows, impl.binding.bind_params, DATA) == ROWS * len(COLUMNS)


def _frame_rows(bind_message, rows):
    return sum(len(bind_message(row, "utf-8")) for row in rows)


def test_bind_message_of_bulk_rows(benchmark, impl):
    # the same bytes as the pure specification, whichever twin runs
    assert benchmark(_frame_rows, impl.binding.bind_message, DATA) == _frame_rows(
        pure.bind_message, DATA)


def _execute_batch(bind_message, rows):
    """What executemany does on the client per window: a message per row,
    windows sized by the messages' lengths, one request of them all."""
    messages = []
    size = 0
    for row in rows:
        message = bind_message(row, "utf-8")
        messages.append(message)
        size += len(message) + 2
    request = statement.build_execute_batch(0, messages)
    assert len(request) == size + 6  # SQ_ID [id] ... SQ_EOT
    return request


def test_execute_batch_of_20k_bulk_rows(benchmark, impl):
    request = benchmark(_execute_batch, impl.binding.bind_message, BATCH)
    assert request.count(sq.SQ_EXECUTE.to_bytes(2, "big") + sq.SQ_BIND.to_bytes(2, "big")) \
        >= BATCH_ROWS - 1


def _arrow_messages(batch_messages, table) -> int:
    """What executemany/adbc_ingest do with Arrow data on the client: every
    row's SQ_BIND message, a batch at a time; their total size."""
    _, batches = reader.read_arrow_batches(table)
    order = list(range(table.num_columns))
    size = 0
    for fields, array in batches:
        messages, error = batch_messages(fields, array, order, "utf-8")
        assert error is None
        size += sum(map(len, messages))
    return size


def test_arrow_bind_messages_of_bulk_rows(benchmark, impl):
    """The same rows as a pyarrow Table (the INTERVAL column a duration, which
    takes the spec's route even compiled)."""
    pa = pytest.importorskip("pyarrow")
    table = pa.table({name: [row[j] for row in DATA] for j, (name, _) in enumerate(COLUMNS)})
    if impl.name == "cython":
        from informix_db._speedups.arrowbind import batch_messages
    else:
        batch_messages = binds.batch_messages
    # the same bytes as the pure specification, whichever twin runs
    assert benchmark(_arrow_messages, batch_messages, table) == _arrow_messages(
        binds.batch_messages, table)
