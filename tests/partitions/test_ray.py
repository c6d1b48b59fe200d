"""Ray (a local instance of 2 CPUs): ``ray.data.read_sql`` with our
connection factory, and Ray tasks over our partitions."""

from __future__ import annotations

import os
import time

import pytest

from informix_db.partitions import partition_query

ray = pytest.importorskip("ray")
pytest.importorskip("ray.data")
pytest.importorskip("pyarrow")


@pytest.fixture(scope="module")
def ray_local():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             configure_logging=False)
    try:
        yield ray
    finally:
        ray.shutdown()


def test_read_sql_with_our_factory(ray_local, factory, big_table):
    table, rows = big_table
    # Ray shards with MOD(ABS(<hash_fn>(<key>)), n) = i: an empty hash_fn
    # makes that MOD(ABS((id)), n), which Informix runs for an integer key.
    started = time.perf_counter()
    ds = ray.data.read_sql(f"SELECT id, d FROM {table}", factory, shard_keys=["id"],
                           shard_hash_fn="", override_num_blocks=8)
    stats = ds.aggregate(ray.data.aggregate.Count(), ray.data.aggregate.Sum("id"))
    print(f"\nray read_sql: {rows} rows, 8 shards: {time.perf_counter() - started:.2f} s")
    assert stats["count()"] == rows
    assert stats["sum(id)"] == rows * (rows + 1) // 2


def test_read_sql_unsharded(ray_local, factory, mix_table):
    table, expected = mix_table
    ds = ray.data.read_sql(f"SELECT id, name FROM {table}", factory)
    got = sorted(((r["id"], r["name"]) for r in ds.iter_rows()), key=repr)
    assert got == sorted(((r[0], r[5]) for r in expected), key=repr)


def test_tasks_over_partitions(ray_local, factory, big_table):
    table, rows = big_table

    @ray.remote
    def read(part):
        # long enough that the two CPUs' workers both take tasks, however
        # fast the reads are (the assertion on processes below)
        time.sleep(0.5)
        data = part.to_pyarrow()
        return data.num_rows, sum(data.column("id").to_pylist()), os.getpid()

    parts = partition_query(factory, f"SELECT * FROM {table}", column="id", count=8)
    started = time.perf_counter()
    results = ray.get([read.remote(p) for p in parts])
    print(f"\nray tasks: {rows} rows, 8 partitions: {time.perf_counter() - started:.2f} s")
    assert sum(r[0] for r in results) == rows
    assert sum(r[1] for r in results) == rows * (rows + 1) // 2
    assert len({r[2] for r in results}) > 1
