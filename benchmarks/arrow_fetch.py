"""Arrow against tuples: client CPU and peak memory of fetching, and of loading.

    python -m benchmarks.arrow_fetch --rows 200000

Loads ``--rows`` rows of ``compare_drivers``' table into the test server,
then, each implementation and way in a process of its own (so peak RSS is
that way's), ``--repeat`` times:

* fetch: ``fetchall()`` (a list of tuples) against ``fetch_arrow()`` read
  into a ``pyarrow.Table``, through the replay proxy (fetch rounds served
  from memory, so the client is what is measured);
* load: ``executemany`` of the tuples against ``adbc_ingest`` of the same
  rows as a pyarrow Table (the data made before the clock starts), by its
  default route and by each of its two routes: EXECUTE (each row's SQ_BIND
  written from the Arrow buffers, ``arrow.binds``) and an insert cursor
  (rows made Python tuples, then PUT rows).

Reports the median client CPU per row (``getrusage``), the memory the way
took (a fetch: peak RSS after the first fetch over the process's baseline; a
load: peak RSS growth over its input data, first run), and the ratios.  Fetched rows are counted and
checksummed after each clock stops, the Arrow ones converted back first.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

from benchmarks.compare_drivers import (
    COLUMNS, SOURCE_TABLE, Checksum, _cpu, _dbapi_connect, create_sql, expected, insert_sql,
    load_source, make_row, run_worker, select_sql, start_replay, start_server,
)
from benchmarks.memory import peak_rss, reset_peak

WAYS = ("fetchall", "fetch_arrow", "executemany", "adbc_ingest", "adbc_ingest_execute",
        "adbc_ingest_put")
#: adbc_ingest's insert_cursor argument per way (None: its default)
_ROUTE = {"adbc_ingest": None, "adbc_ingest_execute": False, "adbc_ingest_put": True}


def _rss_mib() -> float:
    """This process's peak resident set since the last ``reset_peak``, MiB."""
    return peak_rss() / (1 << 20)


def _fetch(way: str, host: str, port: int, peak: list):
    with _dbapi_connect(host, port) as conn:
        cur = conn.cursor()
        cpu, start = _cpu(), time.perf_counter()
        cur.execute(select_sql(SOURCE_TABLE))
        got = cur.fetchall() if way == "fetchall" else cur.fetch_arrow_table()
        seconds, cpu = time.perf_counter() - start, _cpu() - cpu
        cur.close()
    peak.append(_rss_mib())  # before the check below makes Python rows of it all
    rows = got if way == "fetchall" else list(zip(*(c.to_pylist() for c in got.columns)))
    check = Checksum()
    for row in rows:
        check.add(row)
    return seconds, cpu, check.rows, check.digest()


def _load(way: str, host: str, port: int, n: int, k: int, peak: list):
    import pyarrow as pa

    data = [make_row(i) for i in range(n)]
    if way in _ROUTE:  # the same rows as a table; the tuples dropped
        data = pa.table({name: [r[j] for r in data] for j, (name, _, _) in enumerate(COLUMNS)})
    peak.append(_rss_mib())  # the input's own memory, not the load's
    table = f"arrow_load_{way}_{k}"
    with _dbapi_connect(host, port) as conn:
        cur = conn.cursor()
        cur.execute(create_sql(table))
        conn.commit()
        cpu, start = _cpu(), time.perf_counter()
        if way == "executemany":
            cur.executemany(insert_sql(table), data)
        else:
            cur.adbc_ingest(table, data, mode="append", insert_cursor=_ROUTE[way])
        conn.commit()
        seconds, cpu = time.perf_counter() - start, _cpu() - cpu
        peak.append(_rss_mib())
        cur.execute(f"SELECT COUNT(*) FROM {table}")
        count = int(cur.fetchone()[0])
        cur.execute(f"DROP TABLE {table}")
        conn.commit()
    return seconds, cpu, count, None


def worker(way: str, host: str, port: int, rows: int, repeat: int) -> None:
    import gc

    import pyarrow  # noqa: F401 - imported before the baseline RSS is taken

    gc.collect()
    reset_peak()
    base = _rss_mib()
    runs, peak = [], []
    for k in range(repeat):
        if way in ("fetchall", "fetch_arrow"):
            runs.append(_fetch(way, host, port, peak))
        else:
            runs.append(_load(way, host, port, rows, k, peak))
    # RSS high-water marks: a fetch's right after the first fetch (before its
    # check); a load's growth over its input, in the first run
    grown = peak[0] - base if way.startswith("fetch") else peak[1] - peak[0]
    print("RESULT " + json.dumps({"runs": runs, "peak_mib": grown}), flush=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--worker", choices=WAYS, help=argparse.SUPPRESS)
    ap.add_argument("--host", help=argparse.SUPPRESS)
    ap.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        worker(args.worker, args.host, args.port, args.rows, args.repeat)
        return 0

    want = expected(args.rows)
    server, host, port = start_server()
    replay = None
    results = {}
    try:
        load_source(host, port, args.rows)
        replay, fetch_port = start_replay(host, port)
        _fetch("fetchall", host, fetch_port, [])  # the first pass records the rounds
        for impl in ("cython", "python"):
            for way in WAYS:
                to = fetch_port if way.startswith("fetch") else port
                out = run_worker("benchmarks.arrow_fetch", impl,
                                 [way, "--host", host, "--port", str(to), "--rows",
                                  str(args.rows), "--repeat", str(args.repeat)], way)
                for _, _, rows, digest in out["runs"]:
                    if rows != args.rows or (digest is not None and (rows, digest) != want):
                        raise RuntimeError(f"{impl}/{way}: {rows} rows {digest}, expected {want}")
                results[impl, way] = (statistics.median(r[1] for r in out["runs"]),
                                      out["peak_mib"])
    finally:
        if replay is not None:
            replay.kill()
        server.terminate()
        server.wait(timeout=30)

    print(f"\n{args.rows} rows, medians of {args.repeat} (memory: see the module docstring):\n")
    print("| implementation | way | client CPU us/row | memory MiB | tuples' CPU / this | "
          "tuples' memory / this |")
    print("|---|---|---:|---:|---:|---:|")
    for impl in ("cython", "python"):
        for way, base in (("fetchall", None), ("fetch_arrow", "fetchall"),
                          ("executemany", None), ("adbc_ingest", "executemany"),
                          ("adbc_ingest_execute", "executemany"),
                          ("adbc_ingest_put", "executemany")):
            cpu, peak = results[impl, way]
            ratio = mem = ""
            if base:
                bcpu, bpeak = results[impl, base]
                ratio = f"{bcpu / cpu:.2f}x" if cpu else ""
                mem = f"{bpeak / peak:.1f}x" if peak > 0 else ""
            print(f"| {impl} | {way} | {cpu / args.rows * 1e6:.2f} | {peak:.0f} | {ratio} | {mem} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
