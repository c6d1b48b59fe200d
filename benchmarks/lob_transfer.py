"""Smart-large-object transfer speed: a BLOB written and read back, MB/s.

    python -m benchmarks.lob_transfer --mib 256 --repeat 3

Starts the SQLI test server in its own process (``python -m
informix_db.testing``, as ``benchmarks.compare_drivers`` does), then, for
each client, in a subprocess of its own (medians of ``--repeat`` runs):

- ``ours/cython`` and ``ours/python``: ``Cursor.write_blob_column`` from a
  binary file object (``io.BytesIO``; streamed: its size is known),
  ``read_blob_column(into=sink)`` into a hashing sink (streamed);
- ``peer``: ``informix-driver``'s ``write_blob_column`` (it takes bytes)
  and ``read_blob_column`` (it returns bytes), from its own venv
  (``INFORMIX_DB_PEER_PYTHON``), run from ``/`` so it cannot import our src;
- ``jdbc``: IBM JDBC through JPype, ``PreparedStatement.setBinaryStream``
  from a ``ByteArrayInputStream`` and ``ResultSet.getBinaryStream`` read in
  1 MiB arrays into a Java ``MessageDigest`` (the bytes stay in the JVM).

Ours and the peer move the object through the server's FILETOBLOB /
LOTOFILE and its SQ_FILE dialog, JDBC through fast-path ``ifx_lo_*`` calls
and SQ_LODATA (32,000 bytes a request both ways); the test server keeps the
object in a file of its sbspace.  Columns: MB/s of the write and of the read (wall clock: the
server's work is in it, the same for every client), the client's CPU
seconds per GiB (``getrusage``, user + system; the content is made before
the clock starts) and its peak resident set (``VmHWM``: every worker holds
the object's chunks to send, so this shows what the transfer adds), with
the CPU ratio to ``ours/cython``.  A content mismatch
exits with status 1.  Worker mode (``--worker``) imports only the standard
library at module level: in the peer's venv ``informix_db`` is the peer.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

try:
    from benchmarks.memory import peak_rss
except ImportError:  # the peer's worker runs this file by path, from /
    from memory import peak_rss

MIB = 1 << 20


def _cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def _blocks(mib: int):
    base = bytes(range(256)) * 4096
    for i in range(mib):
        k = i % 256
        yield base[k:] + base[:k]


class _Sink:
    def __init__(self) -> None:
        self.hash = hashlib.sha256()
        self.size = 0

    def write(self, data) -> None:
        self.hash.update(data)
        self.size += len(data)


def worker(args) -> int:
    import informix_db

    conn = informix_db.connect(host=args.host, port=args.port, user="informix",
                               password="in4mix", database="lobbench", server="informix",
                               read_timeout=600, autocommit=True)
    cur = conn.cursor()
    table = f"lob_{os.getpid()}"
    cur.execute(f"CREATE TABLE {table} (id INT, b BLOB)")
    blocks = list(_blocks(args.mib))  # made before the clock starts, for both
    want = hashlib.sha256()
    for block in blocks:
        want.update(block)
    runs = []
    ours = args.worker == "ours"
    for r in range(args.repeat):
        # ours streams a binary file object (its size is known, so nothing is
        # gathered); the peer takes bytes only
        data = io.BytesIO(b"".join(blocks)) if ours else b"".join(blocks)
        cpu0, t0 = _cpu(), time.perf_counter()
        cur.write_blob_column(f"INSERT INTO {table} VALUES (?, BLOB_PLACEHOLDER)", data, (r,))
        write_wall, write_cpu = time.perf_counter() - t0, _cpu() - cpu0
        del data
        cpu0, t0 = _cpu(), time.perf_counter()
        if ours:
            sink = cur.read_blob_column(f"SELECT b FROM {table} WHERE id = ?", (r,),
                                        into=_Sink())
            same = sink.size == args.mib * MIB and sink.hash.digest() == want.digest()
        else:
            got = cur.read_blob_column(f"SELECT b FROM {table} WHERE id = ?", (r,))
            same = got is not None and hashlib.sha256(got).digest() == want.digest()
            del got
        read_wall, read_cpu = time.perf_counter() - t0, _cpu() - cpu0
        runs.append({"write_wall": write_wall, "write_cpu": write_cpu,
                     "read_wall": read_wall, "read_cpu": read_cpu, "same": same})
    impl = getattr(informix_db, "IMPLEMENTATION", None)
    print("RESULT " + json.dumps({"runs": runs, "peak": peak_rss(), "impl": impl}))
    return 0


def jdbc_worker(args) -> int:
    import jpype

    from benchmarks.compare_drivers import jdbc_jars

    jpype.startJVM("-Duser.timezone=UTC", "-Xmx2g", classpath=jdbc_jars(),
                   convertStrings=False)
    jpype.JClass("com.informix.jdbc.IfxDriver")
    url = (f"jdbc:informix-sqli://{args.host}:{args.port}/lobbench:INFORMIXSERVER=informix;"
           "user=informix;password=in4mix;IFX_SOC_TIMEOUT=600000")
    conn = jpype.JClass("java.sql.DriverManager").getConnection(url)
    table = f"lob_{os.getpid()}"
    conn.createStatement().executeUpdate(f"CREATE TABLE {table} (id INT, b BLOB)")
    payload = b"".join(_blocks(args.mib))  # made before the clock starts
    want = hashlib.sha256(payload).hexdigest()
    data = jpype.JArray(jpype.JByte)(payload)
    del payload
    stream_of = jpype.JClass("java.io.ByteArrayInputStream")
    digest_of = jpype.JClass("java.security.MessageDigest")
    buf = jpype.JArray(jpype.JByte)(MIB)
    runs = []
    for r in range(args.repeat):
        cpu0, t0 = _cpu(), time.perf_counter()
        ps = conn.prepareStatement(f"INSERT INTO {table} VALUES (?, ?)")
        ps.setInt(1, r)
        ps.setBinaryStream(2, stream_of(data), len(data))
        ps.executeUpdate()
        ps.close()
        write_wall, write_cpu = time.perf_counter() - t0, _cpu() - cpu0
        cpu0, t0 = _cpu(), time.perf_counter()
        rs = conn.createStatement().executeQuery(f"SELECT b FROM {table} WHERE id = {r}")
        rs.next()
        stream, md, size = rs.getBinaryStream(1), digest_of.getInstance("SHA-256"), 0
        while (k := stream.read(buf)) != -1:
            md.update(buf, 0, k)
            size += k
        stream.close()
        rs.close()
        same = size == args.mib * MIB and bytes(md.digest()).hex() == want
        read_wall, read_cpu = time.perf_counter() - t0, _cpu() - cpu0
        runs.append({"write_wall": write_wall, "write_cpu": write_cpu,
                     "read_wall": read_wall, "read_cpu": read_cpu, "same": same})
    print("RESULT " + json.dumps({"runs": runs, "peak": peak_rss(), "impl": "jdbc"}))
    return 0


def _clients() -> list[tuple[str, list[str] | None, dict, str | None, str]]:
    from benchmarks.compare_drivers import peer_python

    root = str(Path(__file__).resolve().parent.parent)
    me = [sys.executable, "-m", "benchmarks.lob_transfer", "--worker", "ours"]
    out = [(f"ours/{impl}", me, {"INFORMIX_DB_IMPL": impl}, root, "")
           for impl in ("cython", "python")]
    peer = peer_python()
    if peer is None:
        out.append(("peer", None, {}, None, "no peer venv (set INFORMIX_DB_PEER_PYTHON)"))
    else:
        out.append(("peer", [peer, str(Path(__file__).resolve()), "--worker", "peer"], {},
                    "/", ""))
    try:
        import jpype  # noqa: F401

        from benchmarks.compare_drivers import jdbc_jars
        jdbc_jars()
    except Exception as exc:  # no JPype or no jar: say so and go on
        out.append(("jdbc", None, {}, None, f"IBM JDBC unavailable ({exc})"))
    else:
        out.append(("jdbc", [sys.executable, "-m", "benchmarks.lob_transfer", "--worker",
                             "jdbc"], {}, root, ""))
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.lob_transfer",
                                description=__doc__.split("\n\n")[0])
    p.add_argument("--mib", type=int, default=256, help="object size in MiB (default 256)")
    p.add_argument("--repeat", type=int, default=3, help="runs per client; medians shown")
    p.add_argument("--timeout", type=int, default=3600, help="seconds per client subprocess")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--host", help=argparse.SUPPRESS)
    p.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker == "jdbc":
        return jdbc_worker(args)
    if args.worker:
        return worker(args)
    if args.mib < 1 or args.repeat < 1:
        p.error("--mib and --repeat must be positive")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    server = subprocess.Popen([sys.executable, "-m", "informix_db.testing", "--port", "0",
                               "--database", "lobbench:logged"], stdout=subprocess.PIPE,
                              text=True)
    line = server.stdout.readline()
    if not line.startswith("listening on "):
        print(f"the test server did not start: {line!r}")
        return 1
    host, port = line.split()[-1].rsplit(":", 1)
    print(f"{args.mib} MiB BLOB, written then read back, median of {args.repeat}; "
          f"{os.cpu_count()} cores; server: the test server in its own process", flush=True)
    results, problems = {}, []
    try:
        for name, cmd, env, cwd, reason in _clients():
            if cmd is None:
                print(f"{name}: skipped ({reason})")
                continue
            print(f"running {name} ...", flush=True)
            proc = subprocess.run(
                [*cmd, "--host", host, "--port", port, "--mib", str(args.mib),
                 "--repeat", str(args.repeat)],
                env={**{k: v for k, v in os.environ.items() if k != "PYTHONPATH"}, **env},
                cwd=cwd, capture_output=True, text=True, timeout=args.timeout)
            res = next((json.loads(ln[7:]) for ln in proc.stdout.splitlines()
                        if ln.startswith("RESULT ")), None)
            if res is None:
                problems.append(f"{name}: status {proc.returncode}: "
                                + (proc.stderr.strip().splitlines() or ["no output"])[-1])
                continue
            if not all(r["same"] for r in res["runs"]):
                problems.append(f"{name}: the content read back differs")
            results[name] = res
    finally:
        server.terminate()
        server.wait(timeout=30)

    size = args.mib * MIB

    def med(name, key):
        return statistics.median(r[key] for r in results[name]["runs"])

    header = (f"{'client':<12} {'write MB/s':>10} {'read MB/s':>10} {'write cpu s/GiB':>15} "
              f"{'read cpu s/GiB':>14} {'peak RSS MiB':>12} {'cpu vs cython':>13}")
    print()
    print(header)
    print("-" * len(header))
    base = results.get("ours/cython")
    for name in results:
        cpu = med(name, "write_cpu") + med(name, "read_cpu")
        ratio = (f"{cpu / (med('ours/cython', 'write_cpu') + med('ours/cython', 'read_cpu')):.2f}x"
                 if base else "")
        print(f"{name:<12} {size / med(name, 'write_wall') / 1e6:>10.1f} "
              f"{size / med(name, 'read_wall') / 1e6:>10.1f} "
              f"{med(name, 'write_cpu') / size * (1 << 30):>15.2f} "
              f"{med(name, 'read_cpu') / size * (1 << 30):>14.2f} "
              f"{results[name]['peak'] / MIB:>12.1f} {ratio:>13}")
    for problem in problems:
        print("PROBLEM:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
