"""The informix-db command line on a bulk round trip: unload to Parquet, load back.

    python -m benchmarks.cli_etl --rows 1000000

Loads ``--rows`` rows of ``compare_drivers``' table into a test server of
its own, then, for each implementation, runs ``informix-db unload`` of the
table to a Parquet file and ``informix-db load --create`` of that file into
a new table, as the user would (a process each, ``--quiet``). Reports wall
seconds, rows/s and the command's CPU (``getrusage`` of the child); the
test server, one Python process on the same cores, bounds the wall figures
(its CPU is reported beside them). The loaded table's count is checked.

IBM JDBC's best paths run beside them when its jar is installed (``pip
install ".[jdbc]"``), in a process of their own (JPype): the unload reads
every value with ``getObject`` and writes the same Parquet file with
pyarrow; the load reads that file and sends its rows with ``addBatch`` /
``executeBatch`` under ``IFX_USEPUT=1`` (JDBC's insert cursor). Their CPU
includes the JVM's start and its compiler, as ours includes Python's start.
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
    BATCH, COLUMNS, DATABASE, PASSWORD, SERVER, SOURCE_TABLE, USER, jdbc_jars, load_source,
    select_sql, start_server,
)

#: Rows per Parquet row group the JDBC unload writes.
GROUP_ROWS = 65536


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


def _jdbc(what: str, host: str, port: int, path: str, other: str) -> tuple[float, float]:
    """Run this module's JDBC worker (*what*: unload or load); (wall, its CPU)."""
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run([sys.executable, "-m", "benchmarks.cli_etl", "--jdbc", what, "--host", host,
                    "--port", str(port), "--file", path, "--other", other], check=True)
    return time.perf_counter() - start, _children_cpu() - cpu


def jdbc_worker(what: str, host: str, port: int, path: str, other: str) -> None:
    """IBM JDBC's unload (getObject of every value, to Parquet with pyarrow,
    in the schema of the Parquet file *other*) or load (the Parquet file's
    rows through executeBatch, IFX_USEPUT=1, into the new table *other*)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from benchmarks.compare_drivers import _jdbc_connect, _jdbc_load, _jdbc_value

    if what == "load":
        conn = _jdbc_connect(host, port, ";IFX_USEPUT=1")
        data = pq.read_table(path)
        rows = zip(*(column.to_pylist() for column in data.columns))
        _jdbc_load(conn, other, data.num_rows, rows)
        conn.close()
        return
    conn = _jdbc_connect(host, port)
    names = [name for name, _, _ in COLUMNS]
    st = conn.createStatement()
    st.setFetchSize(BATCH)
    rs = st.executeQuery(select_sql(SOURCE_TABLE))
    # the schema our unload wrote (types inferred from Python values would
    # vary from one row group to the next)
    schema = pq.read_schema(other)
    writer, rows = pq.ParquetWriter(path, schema), []

    def flush():
        writer.write_table(pa.table({n: [r[j] for r in rows] for j, n in enumerate(names)},
                                    schema=schema))
        rows.clear()

    while rs.next():
        rows.append(tuple(_jdbc_value(rs.getObject(c)) for c in range(1, len(names) + 1)))
        if len(rows) == GROUP_ROWS:
            flush()
    if rows:
        flush()
    writer.close()
    rs.close()
    conn.close()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--jdbc", choices=("unload", "load"), help=argparse.SUPPRESS)
    ap.add_argument("--host", help=argparse.SUPPRESS)
    ap.add_argument("--port", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--file", help=argparse.SUPPRESS)
    ap.add_argument("--other", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.jdbc:
        jdbc_worker(args.jdbc, args.host, args.port, args.file, args.other)
        return 0
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
            try:
                jdbc_jars()
            except RuntimeError as exc:
                print(f"IBM JDBC left out: {exc}", file=sys.stderr)
            else:
                out = str(Path(tmp) / "jdbc.parquet")
                s0 = _server_cpu(server.pid)
                ours = str(Path(tmp) / "cython.parquet")
                wall, cpu = _jdbc("unload", host, port, out, ours)
                s1 = _server_cpu(server.pid)
                lines.append(("IBM JDBC", "unload", wall, cpu, s1 - s0, os.path.getsize(out)))
                # the file our unload wrote, so both loads send the same rows
                wall, cpu = _jdbc("load", host, port, ours, "cli_copy_jdbc")
                lines.append(("IBM JDBC", "load (IFX_USEPUT=1)", wall, cpu,
                              _server_cpu(server.pid) - s1, 0))
                with informix_db.connect(host=host, port=port, user=USER, password=PASSWORD,
                                         database=DATABASE, server=SERVER) as conn:
                    cur = conn.cursor()
                    cur.execute("SELECT COUNT(*) FROM cli_copy_jdbc")
                    count = int(cur.fetchone()[0])
                if count != args.rows:
                    raise RuntimeError(f"IBM JDBC: loaded {count} rows, expected {args.rows}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"\n{args.rows} rows, Parquet file of {lines[0][5] / 2**20:.1f} MiB:\n")
    print("| client | command | seconds | rows/s | command CPU s | server CPU s |")
    print("|---|---|---:|---:|---:|---:|")
    for impl, what, wall, cpu, scpu, _ in lines:
        print(f"| {impl} | {what} | {wall:.1f} | {args.rows / wall:,.0f} | {cpu:.1f} | "
              f"{scpu:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
