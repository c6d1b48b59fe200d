"""Client CPU of fetching with ``informix_db.aio`` against the blocking driver.

    python -m benchmarks.aio_fetch --rows 100000

Loads ``--rows`` rows of ``compare_drivers``' table into the test server,
then fetches them ``--repeat`` times through the replay proxy
(``replay_server``: fetch rounds served from memory, so the client is what
is measured) with the blocking ``Cursor`` and with ``AsyncCursor``
(``fetchmany`` in batches, as ``compare_drivers``), each implementation and
mode in a process of its own.  Reports the median client CPU per row
(``getrusage``) and wall time, and the asyncio/blocking CPU ratio per
implementation.  Rows are checked (count and checksum) after each clock stops.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time

from benchmarks.compare_drivers import (
    BATCH, DATABASE, PASSWORD, SERVER, SOURCE_TABLE, USER, Checksum, _cpu, _dbapi_connect,
    _dbapi_fetch, expected, load_source, run_worker, select_sql, start_replay, start_server,
)

MODES = ("blocking", "asyncio")


def _fetch_blocking(host: str, port: int) -> tuple[float, float, Checksum]:
    with _dbapi_connect(host, port) as conn:
        return _dbapi_fetch(conn, SOURCE_TABLE)  # compare_drivers' own fetch


async def _fetch_asyncio(host: str, port: int) -> tuple[float, float, Checksum]:
    from informix_db import aio
    async with await aio.connect(host=host, port=port, user=USER, password=PASSWORD,
                                 database=DATABASE, server=SERVER, read_timeout=600) as conn:
        cpu, start = _cpu(), time.perf_counter()
        cur = conn.cursor()
        cur.arraysize = BATCH
        await cur.execute(select_sql(SOURCE_TABLE))
        rows = []
        while chunk := await cur.fetchmany(BATCH):
            rows.extend(chunk)
        seconds, cpu = time.perf_counter() - start, _cpu() - cpu
        await cur.close()
    check = Checksum()
    for row in rows:
        check.add(row)
    return seconds, cpu, check


def worker(mode: str, host: str, port: int, repeat: int) -> None:
    runs = []
    for _ in range(repeat):
        if mode == "asyncio":
            seconds, cpu, check = asyncio.run(_fetch_asyncio(host, port))
        else:
            seconds, cpu, check = _fetch_blocking(host, port)
        runs.append((seconds, cpu, check.rows, check.digest()))
    print("RESULT " + json.dumps(runs), flush=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--worker", choices=MODES, help=argparse.SUPPRESS)
    ap.add_argument("--host", help=argparse.SUPPRESS)
    ap.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        worker(args.worker, args.host, args.port, args.repeat)
        return 0

    want = expected(args.rows)
    server, host, port = start_server()
    replay = None
    try:
        load_source(host, port, args.rows)
        replay, fetch_port = start_replay(host, port)
        # The first pass records the rounds; every measured one is replayed.
        _fetch_blocking(host, fetch_port)
        results = {}
        for impl in ("cython", "python"):
            for mode in MODES:
                runs = run_worker("benchmarks.aio_fetch", impl,
                                  [mode, "--host", host, "--port", str(fetch_port),
                                   "--repeat", str(args.repeat)], mode)
                for _, _, rows, digest in runs:
                    if (rows, digest) != want:
                        raise RuntimeError(f"{impl}/{mode} fetched {rows} rows {digest}, "
                                           f"expected {want}")
                results[impl, mode] = (statistics.median(r[0] for r in runs),
                                       statistics.median(r[1] for r in runs))
    finally:
        if replay is not None:
            replay.kill()
        server.terminate()
        server.wait(timeout=30)

    print(f"\n{args.rows} rows fetched through the replay proxy, medians of {args.repeat}:\n")
    print("| implementation | mode | wall s | client CPU us/row | asyncio / blocking CPU |")
    print("|---|---|---:|---:|---:|")
    for impl in ("cython", "python"):
        base = results[impl, "blocking"][1]
        for mode in MODES:
            wall, cpu = results[impl, mode]
            ratio = f"{cpu / base:.2f}x" if mode == "asyncio" else ""
            print(f"| {impl} | {mode} | {wall:.3f} | {cpu / args.rows * 1e6:.2f} | {ratio} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
