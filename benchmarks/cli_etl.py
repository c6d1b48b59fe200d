"""The informix-db command line on a bulk round trip: unload to Parquet, load back.

    python -m benchmarks.cli_etl --rows 1000000

Loads ``--rows`` rows of ``compare_drivers``' table into a test server of
its own, then, for each implementation, runs ``informix-db unload`` of the
table to a Parquet file and ``informix-db load --create`` of that file into
a new table, as the user would (a process each, ``--quiet``). Reports wall
seconds, rows/s and the command's CPU (``getrusage`` of the child); the
test server, one Python process on the same cores, bounds the wall figures
(its CPU is reported beside them). The loaded table's count is checked.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.compare_drivers import (
    DATABASE, PASSWORD, SERVER, SOURCE_TABLE, USER, load_source, start_server,
)


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _server_cpu(pid: int) -> float:
    """The test server's CPU seconds so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _command(impl: str, dsn: str, args: list[str]) -> tuple[float, float]:
    """Run ``python -m informix_db ARGS --quiet``; (wall seconds, its CPU seconds)."""
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run([sys.executable, "-m", "informix_db", *args, "--quiet"], check=True,
                   env={**os.environ, "INFORMIX_DB_IMPL": impl, "INFORMIX_DSN": dsn})
    return time.perf_counter() - start, _children_cpu() - cpu


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    args = ap.parse_args(argv)
    server, host, port = start_server()
    dsn = (f"informix://{USER}:{PASSWORD}@{host}:{port}/{DATABASE}?server={SERVER}"
           "&autocommit=true")
    lines = []
    try:
        load_source(host, port, args.rows)
        import informix_db

        with tempfile.TemporaryDirectory() as tmp:
            for impl in ("cython", "python"):
                out = str(Path(tmp) / f"{impl}.parquet")
                target = f"cli_copy_{impl}"
                s0 = _server_cpu(server.pid)
                wall, cpu = _command(impl, dsn, ["unload", f"SELECT * FROM {SOURCE_TABLE}",
                                                 "-o", out])
                s1 = _server_cpu(server.pid)
                lines.append((impl, "unload", wall, cpu, s1 - s0, os.path.getsize(out)))
                wall, cpu = _command(impl, dsn, ["load", target, out, "--create"])
                lines.append((impl, "load", wall, cpu, _server_cpu(server.pid) - s1,
                              os.path.getsize(out)))
                with informix_db.connect(host=host, port=port, user=USER, password=PASSWORD,
                                         database=DATABASE, server=SERVER) as conn:
                    cur = conn.cursor()
                    cur.execute(f"SELECT COUNT(*) FROM {target}")
                    count = int(cur.fetchone()[0])
                if count != args.rows:
                    raise RuntimeError(f"{impl}: loaded {count} rows, expected {args.rows}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"\n{args.rows} rows, Parquet file of {lines[0][5] / 2**20:.1f} MiB:\n")
    print("| implementation | command | seconds | rows/s | command CPU s | server CPU s |")
    print("|---|---|---:|---:|---:|---:|")
    for impl, what, wall, cpu, scpu, _ in lines:
        print(f"| {impl} | {what} | {wall:.1f} | {args.rows / wall:,.0f} | {cpu:.1f} | "
              f"{scpu:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
