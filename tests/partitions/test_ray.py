"""Ray (a local instance of 2 CPUs): ``ray.data.read_sql`` with our
connection factory, and Ray tasks over our partitions.

Ray runs in a child process, not in the test process: its core worker
installs its own SIGSEGV handler, which takes the signals a JVM started
earlier in the same process (IBM JDBC's cross-checks, through JPype) uses
for its own null checks, and the test process then dies at the next such
check.  The child gets the factory and the tables pickled and prints what
Ray read.
"""

from __future__ import annotations

import base64
import json
import os
import pickle
import subprocess
import sys

import pytest

pytest.importorskip("ray")
pytest.importorskip("ray.data")
pytest.importorskip("pyarrow")

CHILD = r"""
import base64, json, os, pickle, sys, time
import ray
from informix_db.partitions import partition_query

factory, big, mix = pickle.loads(base64.b64decode(sys.argv[1]))
ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
try:
    out = {}
    # Ray shards with MOD(ABS(<hash_fn>(<key>)), n) = i: an empty hash_fn
    # makes that MOD(ABS((id)), n), which Informix runs for an integer key.
    ds = ray.data.read_sql(f"SELECT id, d FROM {big}", factory, shard_keys=["id"],
                           shard_hash_fn="", override_num_blocks=8)
    stats = ds.aggregate(ray.data.aggregate.Count(), ray.data.aggregate.Sum("id"))
    out["sharded"] = [stats["count()"], stats["sum(id)"]]
    ds = ray.data.read_sql(f"SELECT id, name FROM {mix}", factory)
    out["unsharded"] = [[r["id"], r["name"]] for r in ds.iter_rows()]

    @ray.remote
    def read(part):
        # long enough that both CPUs' workers take tasks, however fast the reads
        time.sleep(0.5)
        data = part.to_pyarrow()
        return data.num_rows, sum(data.column("id").to_pylist()), os.getpid()

    parts = partition_query(factory, f"SELECT * FROM {big}", column="id", count=8)
    results = ray.get([read.remote(p) for p in parts])
    out["tasks"] = [sum(r[0] for r in results), sum(r[1] for r in results),
                    sorted({r[2] for r in results}), os.getpid()]
finally:
    ray.shutdown()
print("RESULT " + json.dumps(out))
"""


@pytest.fixture(scope="module")
def ray_read(factory, big_table, mix_table):
    """What Ray read in its own process: the sharded and unsharded
    read_sql and the tasks over our partitions."""
    arg = base64.b64encode(pickle.dumps((factory, big_table[0], mix_table[0]))).decode()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    run = subprocess.run([sys.executable, "-c", CHILD, arg], capture_output=True, text=True,
                         timeout=600, env=env)
    line = [x for x in run.stdout.splitlines() if x.startswith("RESULT ")]
    assert run.returncode == 0 and line, run.stderr[-3000:]
    return json.loads(line[0][len("RESULT "):])


def test_read_sql_with_our_factory(ray_read, big_table):
    rows = big_table[1]
    assert ray_read["sharded"] == [rows, rows * (rows + 1) // 2]


def test_read_sql_unsharded(ray_read, mix_table):
    expected = mix_table[1]
    got = sorted((tuple(r) for r in ray_read["unsharded"]), key=repr)
    assert got == sorted(((r[0], r[5]) for r in expected), key=repr)


def test_tasks_over_partitions_run_in_worker_processes(ray_read, big_table):
    rows = big_table[1]
    count, total, pids, child = ray_read["tasks"]
    assert (count, total) == (rows, rows * (rows + 1) // 2)
    assert len(pids) > 1 and child not in pids
