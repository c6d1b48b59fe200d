"""Partitioned reads: rows/s and client CPU for 1, 2 and 4 partitions.

    python -m benchmarks.partitioned_read --rows 1000000
    python -m benchmarks.partitioned_read --dsn 'informix://...' --table t --column id

Without ``--dsn`` it starts the test server (``python -m informix_db.testing``)
in a process of its own and loads ``--rows`` rows into ``bench_part``; with
``--dsn`` it reads ``--table`` of that server as it is.  For each partition
count, ``partition_query(..., column=--column, count=n)`` splits the table
and a fresh pool of n processes reads one partition each (``to_pyarrow()``:
Arrow, the way Dask/Ray readers take it), ``--repeat`` times.

Reported per count (medians): the wall time from the first partition's
start to the last one's end (the pool is started before), rows/s, the
CPU the reads took in the workers (per row too), the whole client's CPU
(``getrusage`` of this process plus its reaped children: the pool's
workers with their start-up and imports) and, for the test server, its CPU
seconds (from /proc, Linux).  Each run checks the row count and
the sum of the ids.

The test server is pure Python on DuckDB: one process, its sessions threads
sharing one GIL, so it serves about as much as one or two cores give it
however many partitions ask; on a 2-core machine the client pool competes
with it for the same cores.  Numbers against the test server measure the
client's cost and show that partitions run in parallel, not what a real
Informix server (many CPU VPs) would serve.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import socket
import statistics
import subprocess
import sys
import time

from informix_db.partitions import connection_factory, partition_query
from informix_db.testing.bulk import create_doubled


def _cpu() -> float:
    """User + system CPU seconds of this process and its reaped children."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def _proc_cpu(pid: int) -> float | None:
    """CPU seconds of process *pid* (Linux /proc), None elsewhere."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "informix_db.testing", "--port", str(port),
                             "--database", "bench:logged"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"the test server did not start: {proc.stderr.read()!r}")
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the test server did not listen within 30 s")


def load(factory, rows: int) -> None:
    """``bench_part``: ids 1..rows."""
    conn = factory()
    try:
        create_doubled(conn.cursor(), "bench_part", rows, "partitioned")
    finally:
        conn.close()


def _warm() -> None:
    """Pool initializer: the imports a read needs, before the clock."""
    import pyarrow.compute  # noqa: F401

    import informix_db.arrow.fetch  # noqa: F401


def _read(part):
    """(rows, sum of ids, start, end, CPU seconds) of reading *part*."""
    import pyarrow.compute as pc

    start, cpu = time.time(), time.process_time()
    table = part.to_pyarrow()
    cpu, end = time.process_time() - cpu, time.time()
    return table.num_rows, pc.sum(table.column(0)).as_py() or 0, start, end, cpu


def run(factory, sql: str, column: str, count: int, repeat: int, server_pid: int | None):
    parts = partition_query(factory, sql, column=column, count=count)
    results = []
    for _ in range(repeat):
        cpu, server_cpu = _cpu(), _proc_cpu(server_pid) if server_pid else None
        with multiprocessing.get_context("spawn").Pool(len(parts), initializer=_warm) as pool:
            got = pool.map(_read, parts, chunksize=1)
            pool.close()
            pool.join()
        cpu = _cpu() - cpu
        if server_cpu is not None:
            server_cpu = _proc_cpu(server_pid) - server_cpu
        seconds = max(g[3] for g in got) - min(g[2] for g in got)
        results.append((seconds, cpu, server_cpu, sum(g[0] for g in got), sum(g[1] for g in got),
                        sum(g[4] for g in got)))
    return len(parts), results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--counts", default="1,2,4", help="partition counts (default 1,2,4)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dsn", help="read an existing server instead of the test server")
    ap.add_argument("--table", default="bench_part")
    ap.add_argument("--column", default="id")
    args = ap.parse_args(argv)

    server = None
    if args.dsn:
        factory = connection_factory(args.dsn)
    else:
        port = _free_port()
        server = start_server(port)
        factory = connection_factory(host="127.0.0.1", port=port, user="informix",
                                     password="in4mix", database="bench", server="informix",
                                     autocommit=True)
    try:
        if server is not None:
            started = time.perf_counter()
            load(factory, args.rows)
            print(f"loaded {args.rows} rows in {time.perf_counter() - started:.1f} s")
        where = "test server (one Python process)" if server else args.dsn.split("@")[-1]
        print(f"server: {where}; client cores: {os.cpu_count()}")
        print(f"{'parts':>5} {'seconds':>8} {'rows/s':>10} {'read CPU s':>10} "
              f"{'CPU us/row':>10} {'client CPU s':>12} {'server CPU s':>12}")
        expected = None
        for count in (int(c) for c in args.counts.split(",")):
            n, results = run(factory, f"SELECT * FROM {args.table}", args.column, count,
                             args.repeat, server.pid if server else None)
            check = {(r[3], r[4]) for r in results}
            expected = expected or check
            if check != expected or len(check) != 1:
                print(f"rows/checksum differ: {check} vs {expected}", file=sys.stderr)
                return 1
            rows = results[0][3]
            seconds = statistics.median(r[0] for r in results)
            cpu = statistics.median(r[1] for r in results)
            read_cpu = statistics.median(r[5] for r in results)
            server_cpu = [r[2] for r in results if r[2] is not None]
            server_text = f"{statistics.median(server_cpu):12.2f}" if server_cpu else f"{'-':>12}"
            print(f"{n:>5} {seconds:8.2f} {rows / seconds:10.0f} {read_cpu:10.2f} "
                  f"{read_cpu / rows * 1e6:10.2f} {cpu:12.2f} {server_text}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
