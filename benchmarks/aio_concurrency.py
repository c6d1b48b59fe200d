"""Many concurrent asyncio clients: this driver's native aio against the peer's.

    python -m benchmarks.aio_concurrency --clients 100 --queries 1000

Starts the SQLI test server in its own process (``python -m
informix_db.testing``, as ``benchmarks.compare_drivers`` does), then, for
each client library, in a subprocess of its own:

- ``ours/cython`` and ``ours/python``: ``informix_db.aio`` (native asyncio
  on non-blocking sockets) with ``INFORMIX_DB_IMPL`` set;
- ``peer``: ``informix_db.aio`` of ``informix-driver`` (its blocking driver,
  each call handed to a worker thread) from its own venv
  (``INFORMIX_DB_PEER_PYTHON``, as for ``compare_drivers``), run with
  ``cwd="/"`` so it cannot import our ``src``.

Two workloads, each in a fresh subprocess:

- ``direct``: ``--clients`` tasks, each on a connection of its own (all
  opened concurrently first, timed apart), each running ``--queries``
  ``SELECT tabid FROM systables WHERE tabid = ?`` with a varying parameter
  on one cursor and checking every answer;
- ``pool``: the same tasks and queries through the library's async pool of
  ``--pool-size`` connections (opened before the clock starts): each query
  is ``async with pool.connection()``, a new cursor, execute, fetchall, as
  a request handler would do it.

Columns: wall time, queries/s, and the client process's CPU seconds over
the timed part (``getrusage(RUSAGE_SELF)``, user + system, every thread
of the process: the peer's worker threads included), per query too, with
the ratio to ``ours/cython``.  The test server is pure Python and, with
these tiny queries, almost surely the bottleneck: wall time and queries/s
mostly measure the server, the CPU columns measure the client.

A wrong answer, a failed query or a client that does not finish exits
with status 1.  Worker mode (``--worker``) imports only the standard
library at module level: in the peer's venv ``informix_db`` is the peer.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

SQL = "SELECT tabid FROM systables WHERE tabid = ?"
WORKLOADS = ("direct", "pool")


def _cpu() -> tuple[float, float]:
    """(user, system) CPU seconds this process has used, all its threads."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime, ru.ru_stime


def _timed(cpu0: tuple[float, float], start: float) -> dict:
    user, system = _cpu()
    return {"wall": time.perf_counter() - start, "user": user - cpu0[0], "sys": system - cpu0[1],
            "cpu": user - cpu0[0] + system - cpu0[1]}


# --------------------------------------------------------------------------
# worker side: one client library, one workload, in its own process


def _connect_kwargs(args) -> dict:
    # Keywords only: the peer's connect/create_pool take them so.
    return dict(host=args.host, port=args.port, user=args.user, password=args.password,
                database=args.database, server=args.server, connect_timeout=120,
                read_timeout=600)


def _expect_key(tabids: list[int], client: int, i: int) -> int:
    return tabids[(client * 7 + i) % len(tabids)]


def _check(rows, key: int) -> bool:
    return len(rows) == 1 and len(rows[0]) == 1 and rows[0][0] == key


async def _direct(args, tabids) -> dict:
    from informix_db import aio

    kw = _connect_kwargs(args)
    start = time.perf_counter()
    conns = await asyncio.gather(*(aio.connect(**kw) for _ in range(args.clients)))
    connect_s = time.perf_counter() - start

    async def client(n: int, conn) -> int:
        bad = 0
        cur = await conn.cursor()  # ours returns the cursor, awaitable too
        for i in range(args.queries):
            key = _expect_key(tabids, n, i)
            await cur.execute(SQL, (key,))
            bad += not _check(await cur.fetchall(), key)
        await cur.close()
        return bad

    cpu = _cpu()
    start = time.perf_counter()
    bad = await asyncio.gather(*(client(n, c) for n, c in enumerate(conns)))
    out = _timed(cpu, start)
    await asyncio.gather(*(c.close() for c in conns))
    return {"setup": connect_s, "bad": sum(bad), **out}


async def _pool(args, tabids) -> dict:
    from informix_db import aio

    start = time.perf_counter()
    pool = await aio.create_pool(**_connect_kwargs(args), min_size=args.pool_size,
                                 max_size=args.pool_size, acquire_timeout=600)
    setup_s = time.perf_counter() - start

    async def client(n: int) -> int:
        bad = 0
        for i in range(args.queries):
            key = _expect_key(tabids, n, i)
            async with pool.connection() as conn:
                cur = await conn.cursor()
                await cur.execute(SQL, (key,))
                bad += not _check(await cur.fetchall(), key)
                await cur.close()
        return bad

    cpu = _cpu()
    start = time.perf_counter()
    bad = await asyncio.gather(*(client(n) for n in range(args.clients)))
    out = _timed(cpu, start)
    await pool.close()
    return {"setup": setup_s, "bad": sum(bad), **out}


def worker(args) -> int:
    import informix_db  # ours or the peer's, whichever this interpreter has

    tabids = [int(t) for t in args.tabids.split(",")]
    run = _direct if args.worker == "direct" else _pool
    out = {"impl": getattr(informix_db, "IMPLEMENTATION", None),
           "version": getattr(informix_db, "__version__", None), "runs": []}
    for _ in range(args.repeat):
        out["runs"].append(asyncio.run(run(args, tabids)))
    print("RESULT " + json.dumps(out), flush=True)
    return 0


# --------------------------------------------------------------------------
# coordinator side


def _libraries() -> list[tuple[str, list[str] | None, dict, str | None, str]]:
    """(name, command prefix or None, extra env, cwd, skip reason)."""
    from benchmarks.compare_drivers import peer_python

    me = [sys.executable, "-m", "benchmarks.aio_concurrency"]
    root = str(Path(__file__).resolve().parent.parent)
    out = []
    for impl in ("cython", "python"):
        env = {"INFORMIX_DB_IMPL": impl}
        probe = subprocess.run([sys.executable, "-c", "import informix_db.aio"],
                               env={**os.environ, **env}, capture_output=True, text=True)
        reason = probe.stderr.strip().splitlines()[-1] if probe.returncode else ""
        out.append((f"ours/{impl}", None if reason else me, env, root, reason))
    peer = peer_python()
    if peer is None:
        out.append(("peer", None, {}, None, "no peer venv (.peer/bin/python, /tmp/peerenv, "
                                           "or set INFORMIX_DB_PEER_PYTHON)"))
    else:
        probe = subprocess.run([peer, "-c", "import informix_db.aio"], capture_output=True,
                               text=True, cwd="/")
        reason = probe.stderr.strip().splitlines()[-1] if probe.returncode else ""
        # The peer runs this file by path from "/": our src is not on its sys.path.
        out.append(("peer", None if reason else [peer, str(Path(__file__).resolve())],
                    {}, "/", reason))
    return out


def _run(cmd, env, cwd, workload, args, host, port, tabids, timeout) -> dict:
    from benchmarks.compare_drivers import DATABASE, PASSWORD, SERVER, USER

    proc = subprocess.run(
        [*cmd, "--worker", workload, "--host", host, "--port", str(port),
         "--user", USER, "--password", PASSWORD, "--database", DATABASE, "--server", SERVER,
         "--clients", str(args.clients), "--queries", str(args.queries),
         "--pool-size", str(args.pool_size), "--repeat", str(args.repeat),
         "--tabids", ",".join(map(str, tabids))],
        env={**{k: v for k, v in os.environ.items() if k != "PYTHONPATH"}, **env},
        cwd=cwd, capture_output=True, text=True, timeout=timeout)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise RuntimeError(f"status {proc.returncode}: "
                       + (proc.stderr.strip().splitlines() or ["no output"])[-1])


def _server_tabids(host: str, port: int) -> list[int]:
    import informix_db
    from benchmarks.compare_drivers import DATABASE, PASSWORD, SERVER, USER

    with informix_db.connect(host=host, port=port, user=USER, password=PASSWORD,
                             database=DATABASE, server=SERVER, read_timeout=600) as conn:
        cur = conn.cursor()
        cur.execute("SELECT tabid FROM systables ORDER BY tabid")
        return [r[0] for r in cur.fetchall()]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.aio_concurrency",
                                description=__doc__.split("\n\n")[0])
    p.add_argument("--clients", type=int, default=20, help="concurrent tasks (default 20)")
    p.add_argument("--queries", type=int, default=100, help="queries per task (default 100)")
    p.add_argument("--pool-size", type=int, default=10,
                   help="connections in the pool workload (default 10)")
    p.add_argument("--workloads", default=",".join(WORKLOADS),
                   help="comma-separated, of: direct, pool (default both)")
    p.add_argument("--repeat", type=int, default=1, help="runs per workload; medians shown")
    p.add_argument("--timeout", type=int, default=1800, help="seconds per client subprocess")
    for hidden in ("--worker", "--host", "--user", "--password", "--database", "--server",
                   "--tabids"):
        p.add_argument(hidden, help=argparse.SUPPRESS)
    p.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        return worker(args)
    workloads = [w.strip() for w in args.workloads.split(",") if w.strip()]
    if (min(args.clients, args.queries, args.pool_size, args.repeat) < 1
            or not workloads or set(workloads) - set(WORKLOADS)):
        p.error("--clients/--queries/--pool-size/--repeat must be positive, "
                "--workloads a list of direct, pool")

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import informix_db
    from benchmarks.compare_drivers import start_server

    total = args.clients * args.queries
    print(f"informix_db {informix_db.__version__}; {args.clients} concurrent asyncio clients x "
          f"{args.queries} queries ({total:,} in all) of {SQL!r}; pool workload: "
          f"{args.pool_size} connections; median of {args.repeat}; machine: "
          f"{os.cpu_count()} cores; server: pure-Python test server in its own process",
          flush=True)
    server, host, port = start_server()
    results: dict[tuple[str, str], dict] = {}
    skipped: dict[str, str] = {}
    problems: list[str] = []
    try:
        tabids = _server_tabids(host, port)
        for name, cmd, env, cwd, reason in _libraries():
            if cmd is None:
                skipped[name] = reason
                continue
            for workload in workloads:
                print(f"running {name} {workload} ...", flush=True)
                try:
                    res = _run(cmd, env, cwd, workload, args, host, port, tabids, args.timeout)
                except (RuntimeError, subprocess.TimeoutExpired) as exc:
                    problems.append(f"{name} {workload} failed: {exc}")
                    continue
                if name.startswith("ours/") and res.get("impl") != name.split("/")[1]:
                    problems.append(f"{name} ran implementation {res.get('impl')!r}")
                bad = sum(r["bad"] for r in res["runs"])
                if bad:
                    problems.append(f"{name} {workload}: {bad} wrong answers")
                results[(name, workload)] = res
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    def med(name, workload, key):
        res = results.get((name, workload))
        return statistics.median(r[key] for r in res["runs"]) if res else None

    header = (f"{'client':<12} {'workload':<8} {'setup s':>8} {'wall s':>8} {'queries/s':>10} "
              f"{'vs cython':>9}   {'client cpu s':>12} {'cpu us/query':>12} {'user us/q':>9} "
              f"{'sys us/q':>8} {'cpu / cython':>12}")
    print()
    print(header)
    print("-" * len(header))
    for workload in workloads:
        base_wall, base_cpu = med("ours/cython", workload, "wall"), med("ours/cython", workload, "cpu")
        for name, workload_ in results:
            if workload_ != workload:
                continue
            setup, wall, cpu, user, system = (med(name, workload, k) for k in
                                              ("setup", "wall", "cpu", "user", "sys"))
            speed = f"{base_wall / wall:.2f}x" if base_wall else "-"
            cpu_ratio = f"{cpu / base_cpu:.2f}x" if base_cpu else "-"
            print(f"{name:<12} {workload:<8} {setup:8.2f} {wall:8.2f} {total / wall:10,.0f} "
                  f"{speed:>9}   {cpu:12.2f} {cpu / total * 1e6:12.1f} "
                  f"{user / total * 1e6:9.1f} {system / total * 1e6:8.1f} {cpu_ratio:>12}")
    for name, reason in skipped.items():
        print(f"{name:<12} skipped: {reason}")
    print("(setup: opening the connections (direct, all at once) or the pool; wall and "
          "queries/s: the timed queries, whose pace the pure-Python test server sets, so "
          "they say little about the client; client cpu: user+system seconds of the "
          "client's process over the timed queries, all its threads (the peer's worker "
          "threads too) - the column that measures the client; user/sys: its two parts "
          "(sys is mostly the kernel's loopback TCP work, a cost per round trip that "
          "any client pays); vs cython: queries/s "
          "relative to ours/cython, above 1 is faster; cpu / cython: this client's CPU "
          "over ours/cython's, above 1 costs more)")
    if problems:
        print("PROBLEMS:\n" + "\n".join("  " + m for m in problems), file=sys.stderr)
        return 1
    print(f"OK: every answer checked ({total:,} queries per client and workload)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
