"""Compare this driver with the peer driver and IBM JDBC on one test server.

    python -m benchmarks.compare_drivers --rows 100000

Starts the SQLI test server in its own process (``python -m
informix_db.testing``), loads a table of N rows with this driver, then
times, for every client, fetching all rows (after connecting) and loading
the same N rows into a fresh table:

- ``ours/cython`` and ``ours/python``: this driver in a subprocess with
  ``INFORMIX_DB_IMPL`` set, streamed ``fetchmany``, ``executemany``;
- ``peer``: ``informix-driver`` through its DB-API in its own venv
  (``INFORMIX_DB_PEER_PYTHON``, default ``.peer/bin/python`` then
  ``/tmp/peerenv/bin/python``), ``fetchmany`` and ``executemany``;
- ``jdbc``: IBM's JDBC driver through JPype, ``getObject`` per column
  converted to Python values (int, Decimal, float, str, date, datetime),
  and ``addBatch``/``executeBatch``; ``jdbc/raw`` times the ResultSet
  iteration with ``getObject`` but no conversion.

Every measurement is repeated (``--repeat``, default 3); the table shows
medians, rows/s and the ratio to ``ours/cython``, and each client's own
CPU time per row (``getrusage``: user + system of its process), with the
ratio of the peer's to it.

``--replay`` fetches through ``benchmarks.replay_server`` instead: the
first fetch of each client is recorded from the test server (and not
counted), every later one is served from memory, so the fetch columns time
the client, not the pure-Python server.  Loads always go to the server.
``--fetch-buffer N`` sets this driver's ``fetch_buffer_size``. Each client's fetched rows
and each loaded table are checked (row count and a checksum of canonical
values); any mismatch exits with status 1. A client that is not available
is reported as skipped with the reason.

Worker mode (``--worker CLIENT``) is how the subprocesses run: it imports
only the standard library at module level, because in the peer's venv the
name ``informix_db`` is the peer package.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USER, PASSWORD, SERVER, DATABASE = "informix", "in4mix", "informix", "cmpdb"
SOURCE_TABLE = "cmp_src"
BATCH = 1000

#: (name, declared type, kind); kind says how a value is made canonical.
COLUMNS = (
    ("id", "INTEGER NOT NULL", "int"),
    ("i8", "BIGINT", "int"),
    ("amount", "DECIMAL(12,2)", "decimal"),
    ("ratio", "FLOAT", "float"),
    ("label", "VARCHAR(40)", "str"),
    ("code", "CHAR(8)", "str"),
    ("day", "DATE", "date"),
    ("stamp", "DATETIME YEAR TO SECOND", "datetime"),
)

_EPOCH = dt.date(1970, 1, 1)
_T0 = dt.datetime(2000, 1, 1)


def make_row(i: int) -> tuple:
    """Row *i* as loaded; every nullable column NULL now and then."""
    if i % 97 == 13:
        return (i,) + (None,) * (len(COLUMNS) - 1)
    sign = -1 if i % 2 else 1
    return (
        i,
        sign * (i * 1_000_003 + 2**40),
        Decimal(sign * (i * 7919 % 10**10)).scaleb(-2),
        sign * i / 7.0,
        f"row {i} " + "x" * (i % 20),
        f"c{i % 100000:05d}",
        _EPOCH + dt.timedelta(days=i % 40000 - 10000),
        _T0 + dt.timedelta(seconds=i * 37),
    )


def _canonical(kind: str, v) -> str:
    # Clients differ in representation only (the peer strips CHAR padding,
    # JDBC's BigDecimal may carry another scale): compare what they mean.
    if v is None:
        return "\x00"
    if kind == "int":
        return str(int(v))
    if kind == "decimal":
        return f"{Decimal(str(v)):.2f}"
    if kind == "float":
        return repr(float(v))
    if kind == "str":
        return str(v).rstrip(" ")
    if kind == "date":
        return v.isoformat()
    return v.isoformat(sep=" ", timespec="seconds")


class Checksum:
    """Row count and a digest of canonical values, rows in ``id`` order."""

    def __init__(self) -> None:
        self.rows = 0
        self._h = hashlib.sha256()

    def add(self, row) -> None:
        self.rows += 1
        self._h.update("\x01".join(_canonical(c[2], v) for c, v in zip(COLUMNS, row)).encode())
        self._h.update(b"\x02")

    def digest(self) -> str:
        return self._h.hexdigest()[:16]


def expected(rows: int) -> tuple[int, str]:
    c = Checksum()
    for i in range(rows):
        c.add(make_row(i))
    return c.rows, c.digest()


def create_sql(table: str) -> str:
    return f"CREATE TABLE {table} ({', '.join(f'{n} {t}' for n, t, _ in COLUMNS)})"


def insert_sql(table: str) -> str:
    return f"INSERT INTO {table} VALUES ({', '.join('?' * len(COLUMNS))})"


def select_sql(table: str) -> str:
    return f"SELECT {', '.join(c[0] for c in COLUMNS)} FROM {table} ORDER BY id"


# --------------------------------------------------------------------------
# worker side: one client, in its own process


def _dbapi_connect(host: str, port: int, fetch_buffer: int | None = None):
    import informix_db  # ours or the peer's, whichever this interpreter has

    extra = {} if fetch_buffer is None else {"fetch_buffer_size": fetch_buffer}
    return informix_db.connect(host=host, port=port, user=USER, password=PASSWORD,
                               database=DATABASE, server=SERVER,
                               connect_timeout=20, read_timeout=600, **extra)


def _cpu() -> float:
    """CPU seconds this process has used (user + system, all its threads)."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def _dbapi_fetch(conn, table: str) -> tuple[float, float, Checksum]:
    check = Checksum()
    cpu = _cpu()
    start = time.perf_counter()
    cur = conn.cursor()
    cur.arraysize = BATCH
    cur.execute(select_sql(table))
    rows = []
    while chunk := cur.fetchmany(BATCH):
        rows.extend(chunk)
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    cur.close()
    for row in rows:  # checked after the clock stops
        check.add(row)
    return seconds, cpu, check


def _dbapi_load(conn, table: str, rows: int) -> float:
    cur = conn.cursor()
    cur.execute(create_sql(table))
    conn.commit()
    data = [make_row(i) for i in range(rows)]
    cpu = _cpu()
    start = time.perf_counter()
    cur.executemany(insert_sql(table), data)
    conn.commit()
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    cur.close()
    return seconds, cpu


_JDBC_TYPES = None


def _jdbc_connect(host: str, port: int, options: str = ""):
    """An IBM JDBC connection; *options* are more URL properties (``;IFX_USEPUT=1``)."""
    import jpype

    if not jpype.isJVMStarted():
        jpype.startJVM("-Duser.timezone=UTC", classpath=jdbc_jars(), convertStrings=False)
    jpype.JClass("com.informix.jdbc.IfxDriver")
    dm = jpype.JClass("java.sql.DriverManager")
    dm.setLoginTimeout(20)
    url = (f"jdbc:informix-sqli://{host}:{port}/{DATABASE}:INFORMIXSERVER={SERVER};"
           f"user={USER};password={PASSWORD};IFX_SOC_TIMEOUT=600000{options}")
    conn = dm.getConnection(url)
    conn.setAutoCommit(False)
    return conn


def _jdbc_value(obj):
    """A java object from getObject as the Python value a user wants."""
    if obj is None:
        return None
    name = obj.getClass().getName()
    if name in ("java.lang.Integer", "java.lang.Long", "java.lang.Short"):
        return int(obj)
    if name == "java.math.BigDecimal":
        return Decimal(str(obj.toPlainString()))
    if name in ("java.lang.Double", "java.lang.Float"):
        return float(obj)
    if name == "java.lang.String":
        return str(obj)
    if name == "java.sql.Date":
        return dt.date.fromisoformat(str(obj.toString()))
    if name == "java.sql.Timestamp":
        t = obj.toLocalDateTime()
        return dt.datetime(int(t.getYear()), int(t.getMonthValue()), int(t.getDayOfMonth()),
                           int(t.getHour()), int(t.getMinute()), int(t.getSecond()),
                           int(t.getNano()) // 1000)
    raise TypeError(f"no conversion for {name}")


def _jdbc_fetch(conn, table: str, convert: bool) -> tuple[float, float, Checksum | int]:
    check = Checksum() if convert else None
    ncols = len(COLUMNS)
    cpu = _cpu()
    start = time.perf_counter()
    st = conn.createStatement()
    st.setFetchSize(BATCH)
    rs = st.executeQuery(select_sql(table))
    rows = []
    count = 0
    while rs.next():
        if convert:
            rows.append(tuple(_jdbc_value(rs.getObject(c)) for c in range(1, ncols + 1)))
        else:
            for c in range(1, ncols + 1):
                rs.getObject(c)
            count += 1
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    rs.close()
    st.close()
    if check is not None:
        for row in rows:
            check.add(row)
    return seconds, cpu, check if convert else count


def _jdbc_load(conn, table: str, rows: int, data=None) -> tuple[float, float]:
    """(seconds, CPU) of loading *data* (default: the *rows* rows of make_row)
    into a new *table* with addBatch/executeBatch."""
    import jpype

    st = conn.createStatement()
    st.execute(create_sql(table))
    st.close()
    conn.commit()
    if data is None:
        data = [make_row(i) for i in range(rows)]
    big, date, stamp = (jpype.JClass(n) for n in
                        ("java.math.BigDecimal", "java.sql.Date", "java.sql.Timestamp"))
    types = jpype.JClass("java.sql.Types")
    nulls = (types.INTEGER, types.BIGINT, types.DECIMAL, types.DOUBLE, types.VARCHAR,
             types.CHAR, types.DATE, types.TIMESTAMP)
    cpu = _cpu()
    start = time.perf_counter()
    ps = conn.prepareStatement(insert_sql(table))
    for n, row in enumerate(data, 1):
        for c, v in enumerate(row, 1):
            if v is None:
                ps.setNull(c, nulls[c - 1])
            elif c == 1:
                ps.setInt(c, v)
            elif c == 2:
                ps.setLong(c, v)
            elif c == 3:
                ps.setBigDecimal(c, big(str(v)))
            elif c == 4:
                ps.setDouble(c, v)
            elif c in (5, 6):
                ps.setString(c, v)
            elif c == 7:
                ps.setDate(c, date.valueOf(v.isoformat()))
            else:
                ps.setTimestamp(c, stamp.valueOf(v.strftime("%Y-%m-%d %H:%M:%S")))
        ps.addBatch()
        if n % BATCH == 0:  # bounded client memory, as a user would batch
            ps.executeBatch()
    ps.executeBatch()
    conn.commit()
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    ps.close()
    return seconds, cpu


def worker(args: argparse.Namespace) -> int:
    """Run one client's measurements and print one JSON line."""
    out: dict = {"fetch": [], "load": [], "checks": []}
    jdbc = args.worker.startswith("jdbc")
    conn = _jdbc_connect(args.host, args.port) if jdbc else _dbapi_connect(args.host, args.port)
    if not jdbc:
        import informix_db

        out["impl"] = getattr(informix_db, "IMPLEMENTATION", None)
    fetch_conn = conn
    if args.fetch_port != args.port:  # fetches go through the replay proxy
        fetch_conn = (_jdbc_connect(args.host, args.fetch_port) if jdbc
                      else _dbapi_connect(args.host, args.fetch_port, args.fetch_buffer))
    elif not jdbc and args.fetch_buffer is not None:
        conn.close()
        conn = fetch_conn = _dbapi_connect(args.host, args.port, args.fetch_buffer)

    def fetch():
        if args.worker == "jdbc/raw":
            return _jdbc_fetch(fetch_conn, SOURCE_TABLE, convert=False)
        return (_jdbc_fetch(fetch_conn, SOURCE_TABLE, convert=True) if jdbc
                else _dbapi_fetch(fetch_conn, SOURCE_TABLE))

    out["fetch_cpu"], out["load_cpu"] = [], []
    if fetch_conn is not conn:
        fetch()  # recorded by the proxy: the server's time, not counted
    for r in range(args.repeat):
        seconds, cpu, check = fetch()
        out["fetch"].append(seconds)
        out["fetch_cpu"].append(cpu)
        if args.worker == "jdbc/raw":
            out["checks"].append([check, None])
            continue
        out["checks"].append([check.rows, check.digest()])
        table = f"{args.load_prefix}_{r}"
        seconds, cpu = (_jdbc_load(conn, table, args.rows) if jdbc
                        else _dbapi_load(conn, table, args.rows))
        out["load"].append(seconds)
        out["load_cpu"].append(cpu)
        out.setdefault("tables", []).append(table)
    if fetch_conn is not conn:
        fetch_conn.close()
    conn.close()
    print("RESULT " + json.dumps(out), flush=True)
    return 0


# --------------------------------------------------------------------------
# coordinator side


def jdbc_jars() -> list[str]:
    """IBM's jar and the bson jar it needs (from INFORMIX_DB_JDBC_JAR or wbjdbc)."""
    import importlib.util

    explicit = os.environ.get("INFORMIX_DB_JDBC_JAR")
    if explicit:
        jar = Path(explicit)
        root = jar.parent.parent
    else:
        spec = importlib.util.find_spec("wbjdbc")
        if spec is None or not spec.submodule_search_locations:
            raise RuntimeError("no IBM JDBC jar (pip install \".[jdbc]\" or set INFORMIX_DB_JDBC_JAR)")
        root = Path(next(iter(spec.submodule_search_locations))) / "resources" / "maven"
        jar = root / "com.ibm.informix" / "jdbc-4.50.10.1.jar"
    bson = root / "org.mongodb" / "bson-3.8.0.jar"
    for path in (jar, bson):
        if not path.is_file():
            raise RuntimeError(f"missing jar {path}")
    return [str(jar), str(bson)]


def peer_python() -> str | None:
    explicit = os.environ.get("INFORMIX_DB_PEER_PYTHON")
    candidates = [explicit] if explicit else [str(ROOT / ".peer" / "bin" / "python"),
                                              "/tmp/peerenv/bin/python"]
    return next((c for c in candidates if c and Path(c).is_file()), None)


def clients() -> list[tuple[str, list[str] | None, dict, str]]:
    """(name, command prefix or None, extra env, skip reason) of every client."""
    me = [sys.executable, str(Path(__file__).resolve())]
    out = []
    for impl in ("cython", "python"):
        env = {"INFORMIX_DB_IMPL": impl}
        probe = subprocess.run([sys.executable, "-c", "import informix_db"],
                               env={**os.environ, **env}, capture_output=True, text=True)
        if probe.returncode:
            out.append((f"ours/{impl}", None, env, probe.stderr.strip().splitlines()[-1]))
        else:
            out.append((f"ours/{impl}", me, env, ""))
    peer = peer_python()
    if peer is None:
        out.append(("peer", None, {}, "no peer venv (.peer/bin/python, /tmp/peerenv, "
                                      "or set INFORMIX_DB_PEER_PYTHON)"))
    else:
        probe = subprocess.run([peer, "-c", "import informix_db"], capture_output=True,
                               text=True, cwd="/")
        out.append(("peer", [peer, str(Path(__file__).resolve())], {},
                    probe.stderr.strip().splitlines()[-1] if probe.returncode else ""))
    reason = ""
    try:
        import jpype  # noqa: F401

        jdbc_jars()
        if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
            reason = "no Java (java not on PATH, JAVA_HOME unset)"
    except ImportError:
        reason = "JPype1 is not installed (pip install \".[jdbc]\")"
    except RuntimeError as exc:
        reason = str(exc)
    for name in ("jdbc", "jdbc/raw"):
        out.append((name, me if not reason else None, {}, reason))
    return out


def start_server() -> tuple[subprocess.Popen, str, int]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "informix_db.testing", "--port", "0",
         "--database", f"{DATABASE}:logged", "--user", USER, "--password", PASSWORD,
         "--server-name", SERVER],
        stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    line = ""
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith("listening on "):
            host, _, port = line.split()[-1].rpartition(":")
            return proc, host, int(port)
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise RuntimeError(f"test server did not start (last output {line!r})")


def _table_checksum(host: str, port: int, table: str) -> tuple[int, str]:
    import informix_db

    with informix_db.connect(host=host, port=port, user=USER, password=PASSWORD,
                             database=DATABASE, server=SERVER, read_timeout=600) as conn:
        _, _, check = _dbapi_fetch(conn, table)
    return check.rows, check.digest()


def load_source(host: str, port: int, rows: int) -> None:
    """Create the source table and load *rows* rows into it (our driver)."""
    import informix_db

    with informix_db.connect(host=host, port=port, user=USER, password=PASSWORD,
                             database=DATABASE, server=SERVER, read_timeout=600) as conn:
        cur = conn.cursor()
        cur.execute(create_sql(SOURCE_TABLE))
        cur.executemany(insert_sql(SOURCE_TABLE), (make_row(i) for i in range(rows)))
        conn.commit()


def run_worker(module: str, impl: str, args: list[str], what: str):
    """Run ``python -m <module> --worker ...`` under implementation *impl*;
    the JSON after its ``RESULT`` line."""
    proc = subprocess.run([sys.executable, "-m", module, "--worker", *args],
                          env={**os.environ, "INFORMIX_DB_IMPL": impl}, capture_output=True,
                          text=True, timeout=3600)
    line = [x for x in proc.stdout.splitlines() if x.startswith("RESULT ")]
    if not line:
        raise RuntimeError(f"{impl}/{what} failed: {proc.stderr.strip()[-800:]}")
    return json.loads(line[0][len("RESULT "):])


def start_replay(host: str, port: int) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.replay_server", "--upstream", f"{host}:{port}"],
        stdout=subprocess.PIPE, text=True, cwd=ROOT)
    line = proc.stdout.readline()
    if not line.startswith("listening on "):
        proc.kill()
        raise RuntimeError(f"replay proxy did not start (output {line!r})")
    return proc, int(line.rsplit(":", 1)[1])


def _run_client(cmd, env, host, port, rows, repeat, name, fetch_port=None,
                fetch_buffer=None) -> dict:
    prefix = "cmp_" + name.replace("/", "_")
    extra = ["--fetch-port", str(fetch_port or port)]
    if fetch_buffer is not None and name.startswith("ours/"):
        extra += ["--fetch-buffer", str(fetch_buffer)]
    proc = subprocess.run(
        [*cmd, "--worker", name, "--host", host, "--port", str(port), "--rows", str(rows),
         "--repeat", str(repeat), "--load-prefix", prefix, *extra],
        env={**os.environ, **env}, capture_output=True, text=True, timeout=3600,
        cwd="/" if name == "peer" else None)  # the peer must not see our src on sys.path
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise RuntimeError(f"{name} failed (status {proc.returncode}): "
                       + (proc.stderr.strip().splitlines() or ["no output"])[-1])


def _fmt_rate(rows: int, seconds: float | None) -> str:
    return "-" if not seconds else f"{rows / seconds:,.0f}"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.compare_drivers",
                                description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--host", help=argparse.SUPPRESS)
    p.add_argument("--port", type=int, help=argparse.SUPPRESS)
    p.add_argument("--load-prefix", help=argparse.SUPPRESS)
    p.add_argument("--fetch-port", type=int, help=argparse.SUPPRESS)
    p.add_argument("--replay", action="store_true",
                   help="fetch through benchmarks.replay_server (times the client, not the server)")
    p.add_argument("--fetch-buffer", type=int, help="this driver's fetch_buffer_size")
    args = p.parse_args(argv)
    if args.rows < 1 or args.repeat < 1:
        p.error("--rows and --repeat must be positive")
    if args.worker:
        return worker(args)

    import informix_db

    want = expected(args.rows)
    print(f"informix_db {informix_db.__version__}; {args.rows} rows x {len(COLUMNS)} columns "
          f"({', '.join(t.replace(' NOT NULL', '') for _, t, _ in COLUMNS)}); "
          f"median of {args.repeat}; machine: {os.cpu_count()} cores; "
          f"server: pure-Python test server in its own process"
          + (", fetches replayed from memory" if args.replay else ""), flush=True)
    server, host, port = start_server()
    replay = fetch_port = None
    problems: list[str] = []
    results: dict[str, dict] = {}
    skipped: dict[str, str] = {}
    try:
        load_source(host, port, args.rows)
        if args.replay:
            replay, fetch_port = start_replay(host, port)
        for name, cmd, env, reason in clients():
            if cmd is None:
                skipped[name] = reason
                continue
            print(f"running {name} ...", flush=True)
            try:
                res = _run_client(cmd, env, host, port, args.rows, args.repeat, name,
                                  fetch_port, args.fetch_buffer)
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                skipped[name] = f"failed: {exc}"
                problems.append(f"{name}: {exc}")
                continue
            results[name] = res
            for got in res["checks"]:
                if got[0] != want[0] or (got[1] is not None and got[1] != want[1]):
                    problems.append(f"{name} fetched {got[0]} rows checksum {got[1]}, "
                                    f"loaded {want[0]} rows checksum {want[1]}")
            if res.get("tables"):
                got = _table_checksum(host, port, res["tables"][-1])
                if got != want:
                    problems.append(f"{name} loaded {got[0]} rows checksum {got[1]}, "
                                    f"expected {want[0]} rows checksum {want[1]}")
    finally:
        if replay is not None:
            replay.kill()
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    keys = ("fetch", "load", "fetch_cpu", "load_cpu")
    med = {n: {k: statistics.median(r[k]) if r.get(k) else None for k in keys}
           for n, r in results.items()}
    base = med.get("ours/cython", {})
    peer = med.get("peer", {})
    header = (f"{'client':<12} {'fetch s':>8} {'rows/s':>10} {'vs cython':>9}   "
              f"{'load s':>8} {'rows/s':>10} {'vs cython':>9}   "
              f"{'fetch cpu us/row':>16} {'peer/it':>7}   {'load cpu us/row':>15} {'peer/it':>7}")
    print(header)
    print("-" * len(header))
    for name, m in med.items():
        cells = []
        for k in ("fetch", "load"):
            s = m[k]
            ratio = f"{base[k] / s:.2f}x" if s and base.get(k) else "-"
            cells.append(f"{(f'{s:.2f}' if s else '-'):>8} {_fmt_rate(args.rows, s):>10} "
                         f"{ratio:>9}")
        for k, width in (("fetch_cpu", 16), ("load_cpu", 15)):
            s = m[k]
            per_row = f"{s / args.rows * 1e6:.2f}" if s else "-"
            ratio = f"{peer[k] / s:.1f}x" if s and peer.get(k) else "-"
            cells.append(f"{per_row:>{width}} {ratio:>7}")
        print(f"{name:<12} {'   '.join(cells)}")
    for name, reason in skipped.items():
        print(f"{name:<12} skipped: {reason}")
    print("(vs cython: speed relative to ours/cython, above 1 is faster; cpu: the client "
          "process's user+system time; peer/it: the peer's cpu per row over this client's; "
          "jdbc converts each value to Python, jdbc/raw only iterates getObject)")
    if problems:
        print("MISMATCH:\n" + "\n".join("  " + m for m in problems), file=sys.stderr)
        return 1
    print(f"OK: every client's rows equal the {args.rows} loaded (count and checksum)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
