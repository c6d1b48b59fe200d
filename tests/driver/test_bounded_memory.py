"""Client memory does not grow with the size of a result or of a load.

Each measurement runs in a fresh client process (the implementation under
test is inherited through INFORMIX_DB_IMPL) against a test server in its
own process, so the peak that ``tracemalloc`` reports is the client's
alone.  Measured at two sizes, the peaks must be the same within a small
margin: anything kept per row would add megabytes to the larger one.

``tracemalloc`` sees Python's allocations only; the fetch is also held to
the operating system's figure, the process's peak resident set size
(VmHWM, ``benchmarks.memory``: ``ru_maxrss`` would keep the test runner's
peak across the exec and could hide the client's), read after a warm-up fetch so that imports,
buffers and caches are in place in both runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .servers import server_process

pytest.importorskip("informix_db.testing")

CLIENT = r"""
import json, sys, tracemalloc
import informix_db
from informix_db.protocol import execution
host, port, what, n = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
RSS_WARMUP = 20_000
conn = informix_db.connect(host=host, port=port, user="informix", password="in4mix",
                           database="memdb", server="informix", read_timeout=120)
cur = conn.cursor()
if what in ("rss", "arrow"):
    from benchmarks.memory import peak_rss  # the repository root is the cwd
    if what == "arrow":  # Arrow batches, each handed to pyarrow and dropped
        import pyarrow
    def fetch(k):  # systables has 70 rows: four of them make 24 M
        cur.execute(f"SELECT FIRST {k} a.tabid, a.tabname, b.tabid, c.tabname "
                    "FROM systables a, systables b, systables c, systables d")
        if what == "arrow":
            return sum(pyarrow.record_batch(b).num_rows for b in cur.fetch_arrow_batches(8192))
        return sum(1 for _ in cur)
    fetch(RSS_WARMUP)
    before = peak_rss()
    count = fetch(n)
    print(json.dumps({"count": count, "peak": peak_rss(), "before": before}))
    sys.exit(0)
if what in ("load", "arrowload"):
    # windows of 256 KiB, so both sizes span many of them
    execution.EXECUTE_WINDOW_BYTES = 256 * 1024
    cur.execute(f"CREATE TABLE m{n} (i INT, s VARCHAR(20))")
if what == "arrowload":  # one batch of n rows, in pyarrow's memory (not traced)
    import pyarrow
    table = pyarrow.table({"i": pyarrow.array(range(n), pyarrow.int32()),
                           "s": [f"row {i}" for i in range(n)]}).combine_chunks()
tracemalloc.start()
if what == "arrowload":
    cur.executemany(f"INSERT INTO m{n} VALUES (?, ?)", table)
    count = cur.rowcount
elif what == "fetch":
    cur.execute(f"SELECT FIRST {n} a.tabid, a.tabname, b.tabid "
                "FROM systables a, systables b, systables c")
    count = sum(1 for _ in cur)
else:
    cur.executemany(f"INSERT INTO m{n} VALUES (?, ?)", ((i, f"row {i}") for i in range(n)))
    count = cur.rowcount
peak = tracemalloc.get_traced_memory()[1]
conn.rollback()
print(json.dumps({"count": count, "peak": peak}))
"""

#: What the larger run may add to the smaller one's peak.
MARGIN = 64 * 1024
#: The same for the peak resident set size: pages, allocator arenas and the
#: like move it by some hundreds of KiB from run to run; a row kept per row
#: adds about 150 bytes, so the 450,000 more rows of the larger run would add
#: tens of MiB.
RSS_MARGIN = 4 * 1024 * 1024


@pytest.fixture(scope="module")
def server_address():
    with server_process("memdb") as address:
        yield address


def _run(address, what: str, n: int) -> dict:
    host, port = address
    run = subprocess.run([sys.executable, "-c", CLIENT, host, port, what, str(n)],
                         capture_output=True, text=True, timeout=300,
                         cwd=Path(__file__).resolve().parents[2])
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["count"] == n
    return result


def _peak(address, what: str, n: int) -> int:
    return _run(address, what, n)["peak"]


def test_fetching_by_iteration_holds_the_same_memory_for_20k_and_200k_rows(server_address):
    small = _peak(server_address, "fetch", 20_000)
    large = _peak(server_address, "fetch", 200_000)
    assert large <= small + MARGIN, (small, large)


def test_executemany_from_a_generator_holds_one_window_for_20k_and_80k_rows(server_address):
    small = _peak(server_address, "load", 20_000)
    large = _peak(server_address, "load", 80_000)
    assert large <= small + MARGIN, (small, large)


def test_executemany_of_one_arrow_batch_holds_one_window_for_40k_and_120k_rows(server_address):
    # (the pure encoder's peak settles after some ten slices of the batch: 40k)
    pytest.importorskip("pyarrow")
    small = _peak(server_address, "arrowload", 40_000)
    large = _peak(server_address, "arrowload", 120_000)
    assert large <= small + MARGIN, (small, large)


@pytest.mark.skipif(sys.platform == "win32", reason="no resource.getrusage on Windows")
def test_fetching_by_iteration_holds_the_same_peak_rss_for_50k_and_500k_rows(server_address):
    small = _run(server_address, "rss", 50_000)
    large = _run(server_address, "rss", 500_000)
    assert large["peak"] <= small["peak"] + RSS_MARGIN, (small, large)


@pytest.mark.skipif(sys.platform == "win32", reason="no resource.getrusage on Windows")
def test_arrow_batches_hold_the_same_peak_rss_for_50k_and_500k_rows(server_address):
    pytest.importorskip("pyarrow")
    small = _run(server_address, "arrow", 50_000)
    large = _run(server_address, "arrow", 500_000)
    assert large["peak"] <= small["peak"] + RSS_MARGIN, (small, large)
