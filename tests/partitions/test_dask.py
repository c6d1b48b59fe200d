"""Partitions read by a real Dask cluster: two worker processes, each
partition on a worker, the union equal to the table."""

from __future__ import annotations

import os
import time

import pytest

from informix_db.partitions import partition_query, to_dask

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pytest.importorskip("pyarrow")
pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def client():
    # Workers are new processes: they import informix_db from the same path
    # (PYTHONPATH is inherited) and connect to the session's test server.
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                       dashboard_address=None)
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def test_from_map_over_range_partitions(client, factory, big_table):
    import dask

    table, rows = big_table
    parts = partition_query(factory, f"SELECT * FROM {table}", column="id", count=8)
    assert len(parts) == 8

    def read(part):
        frame = part.read_pandas()
        frame["pid"] = os.getpid()
        frame["part"] = part.index
        return frame

    started = time.perf_counter()
    frame = dd.from_map(read, parts)
    count, total, distinct, pids, per_part = dask.compute(
        frame.id.count(), frame.id.sum(), frame.id.nunique(), frame.pid.unique(),
        frame.groupby("part").id.count())
    elapsed = time.perf_counter() - started
    print(f"\ndask: {rows} rows in 8 partitions, 2 worker processes: {elapsed:.2f} s")
    assert count == rows and distinct == rows
    assert total == rows * (rows + 1) // 2                 # ids 1..rows, each once
    assert len(set(pids)) > 1 and os.getpid() not in set(pids)
    assert sorted(per_part.index) == list(range(8))
    assert max(per_part) - min(per_part) <= 1             # even ranges


def test_to_dask_hash_partitions(client, factory, big_table):
    table, rows = big_table
    parts = partition_query(factory, f"SELECT id, amount FROM {table}", hash_key="id", count=4)
    frame = to_dask(parts)
    assert frame.npartitions == 4
    assert list(frame.columns) == ["id", "amount"]
    assert frame.id.count().compute() == rows
    assert frame.id.sum().compute() == rows * (rows + 1) // 2
