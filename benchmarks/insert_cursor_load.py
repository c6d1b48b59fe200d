"""executemany through pipelined EXECUTEs against the insert cursor (SQ_PUT).

    python -m benchmarks.insert_cursor_load --rows 100000 --repeat 3

Loads ``--rows`` rows of ``compare_drivers``' 8-column table into the test
server (its own process), each implementation in a worker process of its
own, ``--repeat`` times each way: ``executemany(sql, rows)`` and
``executemany(sql, rows, insert_cursor=True)``, the rows made before the
clock starts and the COMMIT inside it.  Reports the median client CPU per
row (``getrusage``: the client alone, the server being another process),
the median wall time, and the ratio insert cursor / EXECUTE.  ``--fixed``
drops the VARCHAR column: rows of one size, packed many per PUT.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from benchmarks.compare_drivers import (
    COLUMNS, _cpu, _dbapi_connect, create_sql, insert_sql, make_row, run_worker, start_server,
)

_VARCHAR = next(i for i, c in enumerate(COLUMNS) if c[1].startswith("VARCHAR"))

WAYS = ("execute", "insert_cursor")


def _load(host: str, port: int, way: str, n: int, k: int,
          fixed: bool) -> tuple[float, float, int]:
    data = [make_row(i) for i in range(n)]
    table = f"put_load_{way}_{k}"
    create, insert = create_sql(table), insert_sql(table)
    if fixed:
        data = [r[:_VARCHAR] + r[_VARCHAR + 1:] for r in data]
        create = create.replace(f", {COLUMNS[_VARCHAR][0]} {COLUMNS[_VARCHAR][1]}", "")
        insert = insert.replace("?, ", "", 1)
    with _dbapi_connect(host, port) as conn:
        cur = conn.cursor()
        cur.execute(create)
        conn.commit()
        cpu, start = _cpu(), time.perf_counter()
        cur.executemany(insert, data, insert_cursor=way == "insert_cursor")
        conn.commit()
        seconds, cpu = time.perf_counter() - start, _cpu() - cpu
        cur.execute(f"SELECT COUNT(*) FROM {table}")
        count = int(cur.fetchone()[0])
        cur.execute(f"DROP TABLE {table}")
        conn.commit()
    return seconds, cpu, count


def worker(argv: list[str]) -> None:
    import json

    host, port, way, n, repeat = argv[0], int(argv[1]), argv[2], int(argv[3]), int(argv[4])
    runs = [_load(host, port, way, n, k, argv[5] == "fixed") for k in range(repeat)]
    if any(count != n for _, _, count in runs):
        raise SystemExit(f"{way}: loaded {[c for _, _, c in runs]} rows, not {n}")
    print("RESULT " + json.dumps({"seconds": statistics.median(r[0] for r in runs),
                                  "cpu": statistics.median(r[1] for r in runs)}))


def main() -> None:
    if sys.argv[1:2] == ["--worker"]:
        worker(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--fixed", action="store_true", help="without the VARCHAR column")
    args = parser.parse_args()
    proc, host, port = start_server()
    try:
        results = {}
        for impl in ("cython", "python"):
            for way in WAYS:
                results[impl, way] = run_worker(
                    "benchmarks.insert_cursor_load", impl,
                    [host, str(port), way, str(args.rows), str(args.repeat),
                     "fixed" if args.fixed else "all"], way)
    finally:
        proc.terminate()
        proc.wait()
    print(f"{args.rows} rows{' without the VARCHAR' if args.fixed else ''}, "
          f"median of {args.repeat}")
    print("| impl | way | client CPU us/row | wall s | CPU vs execute |")
    print("|---|---|---:|---:|---:|")
    for impl in ("cython", "python"):
        base = results[impl, "execute"]["cpu"]
        for way in WAYS:
            r = results[impl, way]
            print(f"| {impl} | {way} | {r['cpu'] / args.rows * 1e6:.2f} | {r['seconds']:.2f} "
                  f"| {r['cpu'] / base:.2f} |")


if __name__ == "__main__":
    main()
