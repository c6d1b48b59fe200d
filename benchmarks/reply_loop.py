"""The fetch hot path in memory: row decode and the whole reply loop, per client.

    python -m benchmarks.reply_loop --rows 20000

Builds one fetch reply (SQ_TUPLE per row, SQ_DONE, SQ_COST, SQ_EOT) of the
issue's 10-column ETL row (INT, BIGINT, SMALLINT, VARCHAR(32), CHAR(10),
DECIMAL(12,2), FLOAT, DATE, DATETIME YEAR TO FRACTION(3), BOOLEAN) and
times, in a subprocess per client:

- ``decode``: the row decoder alone over every tuple payload;
- ``reply loop``: reading the whole reply from a receive buffer that
  already holds it (framing, dispatch, decode, the row list), so no socket
  and no server is measured;

for ``ours/cython``, ``ours/python``, ``peer`` (informix-driver in its
own venv, ``INFORMIX_DB_PEER_PYTHON`` as in ``compare_drivers``; its
reader is given the same bytes through an in-memory stand-in for its
socket) and ``C floor`` (``c_floor.pyx``: the same walk with every column's
type hard-coded, the least a compiled loop can do; compiled on the fly
with pyximport, so it needs Cython: ``pip install cython``).  Medians over ``--rounds`` workers per client (alternated) of
``--repeat`` timed runs each, ns per row, and each client's ratio to the
peer.  Every client's rows are checked against the values encoded.
Garbage collection is left on, as applications run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The DESCRIBE fields of each column: (name, type code, length word, xid, xname).
WIRE_COLUMNS = (
    ("i", 2, 4, 0, ""), ("b", 52, 8, 0, ""), ("s", 1, 2, 0, ""),
    ("v", 13, 32, 0, ""), ("c", 0, 10, 0, ""), ("d", 5, (12 << 8) | 2, 0, ""),
    ("f", 3, 8, 0, ""), ("dt", 7, 4, 0, ""),
    ("ts", 10, (17 << 8) | (0 << 4) | 13, 0, ""),  # YEAR TO FRACTION(3)
    ("ok", 41, 1, 5, "boolean"),
)


def _values(i: int) -> tuple:
    import datetime as dt
    from decimal import Decimal
    return (i, i * 1_000_003, i % 30000, f"name {i}", f"C{i % 1000:05d}",
            Decimal(f"{i % 100000}.{i % 100:02d}"), i / 7,
            dt.date(2000, 1, 1) + dt.timedelta(days=i % 9000),
            dt.datetime(2024, 1, 1) + dt.timedelta(seconds=i * 37, milliseconds=i % 1000),
            bool(i % 2))


def build_reply(n: int) -> tuple[list[bytes], bytes]:
    """The tuple payloads of *n* rows and the whole fetch reply carrying them."""
    import struct

    from informix_db.codecs import rows as spec
    from informix_db.codecs.describe import column_type_from_describe
    types = [column_type_from_describe(code, length, xid, xname)
             for _, code, length, xid, xname in WIRE_COLUMNS]
    payloads = [spec.encode_row(types, _values(i)) for i in range(n)]
    out = bytearray()
    for p in payloads:
        out += struct.pack(">hhi", 14, 0, len(p)) + p + (b"\0" if len(p) & 1 else b"")
    out += struct.pack(">hhiii", 15, 0, n, 0, 0) + struct.pack(">hii", 55, n, 1)
    out += struct.pack(">h", 12)
    return payloads, bytes(out)


def _canonical(v):
    # CHAR padding and a DECIMAL's trailing zeros are presentation: the
    # peer strips both, this driver keeps both.
    if isinstance(v, str):
        return v.rstrip()
    if type(v).__name__ == "Decimal":
        return v.normalize()
    return v


def _checksum(rows) -> str:
    import hashlib
    h = hashlib.sha256()
    for row in rows:
        h.update(repr(tuple(map(_canonical, row))).encode())
    return h.hexdigest()


def _time(func, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        func()
        times.append(time.perf_counter() - t)
    return times


# -- workers (run in a subprocess each) -------------------------------------------

def _ours(payloads, reply, repeat):
    import socket

    from informix_db import _impl
    from informix_db.codecs.describe import column_type_from_describe
    from informix_db.framing import messages as sq
    from informix_db.protocol.replies import ReplyReader
    from informix_db.protocol.statement import ColumnInfo, Description, StatementReader
    from informix_db.transport import SocketStream
    types = [column_type_from_describe(code, length, xid, xname)
             for _, code, length, xid, xname in WIRE_COLUMNS]
    decode = _impl.rows.row_decoder(types, "utf-8")
    # bytes payloads, as the peer's decoder is given them
    decode_times = _time(lambda: [decode(p, 0)[0] for p in payloads], repeat)

    desc = Description(sq.SQ_SELECT, 1, 0, tuple(
        ColumnInfo(name, ct, code, xname, 0)
        for (name, code, _, _, xname), ct in zip(WIRE_COLUMNS, types)))
    mine, theirs = socket.socketpair()
    stream = SocketStream(mine, recv_size=len(reply))
    reader = ReplyReader(stream)
    statement = StatementReader("utf-8", description=desc)

    def loop():
        # The reply already received: what is left is the client's work.
        stream.preload(reply)
        statement.rows = []
        reader.read_reply(statement.handlers)
        return statement.rows

    loop_times = _time(loop, repeat)
    rows = loop()
    mine.close()
    theirs.close()
    return decode_times, loop_times, rows


def _peer(payloads, reply, repeat):
    from informix_db import _resultset as rs
    from informix_db.cursors import Cursor
    columns = [rs.ColumnInfo(name=name, type_code=code & 0xFF, raw_type_code=code,
                             encoded_length=length, extended_id=xid, extended_name=xname)
               for name, code, length, xid, xname in WIRE_COLUMNS]
    readers = rs.compile_column_readers(columns)
    parse_row = rs.compile_row_decoder(readers, columns)
    decode_times = _time(lambda: [parse_row(p, 0, "utf-8") for p in payloads], repeat)

    class Memory:
        """Its socket as its reader sees it: a receive buffer already full."""

        def fill_recv_buf(self, n):
            if len(self._recv_buf) - self._recv_pos < n:
                raise EOFError("the reply ended early")

    class Conn:
        encoding = "utf-8"

    cur = object.__new__(Cursor)
    conn = Conn()
    conn._sock = Memory()
    cur._conn = conn
    cur._columns, cur._column_readers, cur._row_decoder = columns, readers, parse_row

    def loop():
        conn._sock._recv_buf = bytearray(reply)
        conn._sock._recv_pos = 0
        cur._rows = []
        cur._rowcount = -1
        cur._read_fetch_response()
        return cur._rows

    loop_times = _time(loop, repeat)
    return decode_times, loop_times, loop()


def _floor(payloads, reply, repeat):
    import tempfile

    import pyximport
    pyximport.install(build_dir=os.path.join(tempfile.gettempdir(), "informix-db-c-floor"),
                      language_level=3)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import c_floor

    def decode():
        # a payload is a reply of one tuple without its header: frame it
        rows = []
        for p in framed:
            c_floor.read_reply(p, 0, len(p), rows)
        return rows

    import struct
    framed = [struct.pack(">hhi", 14, 0, len(p)) + p + b"\0" * (len(p) & 1) + b"\x00\x0c"
              for p in payloads]
    decode_times = _time(decode, repeat)

    def loop():
        rows = []
        c_floor.read_reply(reply, 0, len(reply), rows)
        return rows

    return decode_times, _time(loop, repeat), loop()


def _worker(client: str, path: str, repeat: int) -> None:
    import pickle
    with open(path, "rb") as f:
        payloads, reply = pickle.load(f)
    run = {"peer": _peer, "floor": _floor}.get(client, _ours)
    decode_times, loop_times, rows = run(payloads, reply, repeat)
    n = len(payloads)
    print(json.dumps({"decode": statistics.median(decode_times) / n * 1e9,
                      "loop": statistics.median(loop_times) / n * 1e9,
                      "rows": len(rows), "checksum": _checksum(rows)}))


# -- driver -----------------------------------------------------------------------

def _peer_python() -> str | None:
    for candidate in (os.environ.get("INFORMIX_DB_PEER_PYTHON"), ROOT / ".peer/bin/python",
                      "/tmp/peerenv/bin/python"):
        if candidate and Path(candidate).exists():
            return str(candidate)
    return None


def _floor_python() -> str | None:
    import importlib.util
    return sys.executable if importlib.util.find_spec("Cython") else None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per worker")
    ap.add_argument("--rounds", type=int, default=3, help="workers per client, alternated")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        _worker(args.worker, args.data, args.repeat)
        return 0

    import pickle
    payloads, reply = build_reply(args.rows)
    expected = _checksum(_values(i) for i in range(args.rows))
    clients = [("ours/cython", sys.executable, {"INFORMIX_DB_IMPL": "cython"}),
               ("ours/python", sys.executable, {"INFORMIX_DB_IMPL": "python"}),
               ("peer", _peer_python(), {}),
               ("C floor", _floor_python(), {})]
    samples: dict[str, list[dict]] = {}
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "reply.pickle")
        with open(data, "wb") as f:
            pickle.dump((payloads, reply), f)
        # Rounds alternate the clients, so a noisy spell on a shared machine
        # falls on all of them rather than on one.
        for _ in range(args.rounds):
            for name, python, env in clients:
                if python is None or failed:
                    continue
                worker = {"peer": "peer", "C floor": "floor"}.get(name, "ours")
                # The peer's venv runs this file by path: there, informix_db is the peer.
                cmd = [python, str(Path(__file__).resolve()), "--worker", worker,
                       "--data", data, "--repeat", str(args.repeat)]
                proc = subprocess.run(cmd, capture_output=True, text=True,
                                      env={**os.environ, **env, "PYTHONPATH": ""}, cwd=tmp)
                if proc.returncode:
                    print(f"{name}: failed\n{proc.stderr[-2000:]}")
                    failed = True
                    continue
                res = json.loads(proc.stdout.strip().splitlines()[-1])
                if res["rows"] != args.rows or res["checksum"] != expected:
                    print(f"{name}: WRONG ROWS ({res['rows']} rows, "
                          f"checksum {res['checksum'][:12]})")
                    failed = True
                samples.setdefault(name, []).append(res)
    for name, python, _ in clients:
        if python is None:
            why = ("no Cython to build c_floor.pyx (pip install cython)" if name == "C floor"
                   else "no peer venv: set INFORMIX_DB_PEER_PYTHON")
            print(f"{name}: skipped ({why})")
    results = {name: {key: statistics.median(r[key] for r in runs) for key in ("decode", "loop")}
               for name, runs in samples.items()}
    peer, floor = results.get("peer"), results.get("C floor")
    print(f"\n{args.rows} rows of the 10-column ETL row, ns per row "
          f"(median of {args.rounds} x {args.repeat}):\n")
    print("| client | decode | x peer | reply loop | x peer | / C floor |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, res in results.items():
        dx = f"{peer['decode'] / res['decode']:.1f}x" if peer else "-"
        lx = f"{peer['loop'] / res['loop']:.1f}x" if peer else "-"
        fx = f"{res['loop'] / floor['loop']:.2f}" if floor else "-"
        print(f"| {name} | {res['decode']:,.0f} | {dx} | {res['loop']:,.0f} | {lx} | {fx} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
