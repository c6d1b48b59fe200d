"""The fetch and load paths, per implementation: values, rows, the reply
loop in memory, and end to end against the replay proxy.

Run with ``python -m pytest benchmarks --benchmark-enable`` and compare the
``[python]`` and ``[cython]`` rows.  Nothing here asserts a timing; without
``--benchmark-enable`` each benchmark runs once on a small input, as a
smoke test of its results.

The end-to-end benchmarks run this process's client (with the chosen
implementation's hot modules patched in) against a test server in its own
process, through ``benchmarks/replay_server.py``: every fetch round is
served from memory after the first pass, so they time the client.
"""

from __future__ import annotations

import datetime as dt
import socket
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from informix_db import basecursor as cursor_module  # where the statement logic binds
from informix_db.codecs import rows as spec
from informix_db.framing import messages as sq
from informix_db.protocol import execution, replies, statement
from informix_db.protocol.replies import ReplyReader
from informix_db.protocol.statement import ColumnInfo, Description, StatementReader
from informix_db.transport import SocketStream
from informix_db.types import parse_type

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import compare_drivers as cd  # noqa: E402
import reply_loop as rl  # noqa: E402

TEN = [parse_type(d) for d in (
    "INTEGER", "BIGINT", "SMALLINT", "VARCHAR(32)", "CHAR(10)", "DECIMAL(12,2)", "FLOAT", "DATE",
    "DATETIME YEAR TO FRACTION(3)", "BOOLEAN")]
FIVE = [parse_type(d) for d in ("INTEGER", "VARCHAR(32)", "DECIMAL(12,2)", "DATE", "FLOAT")]

#: One column type per value benchmark and the values it is timed on.
VALUES = {
    "DECIMAL(16,4)": [Decimal(i * 7919).scaleb(-4) for i in range(1000)],
    "DATETIME YEAR TO SECOND": [dt.datetime(2020, 1, 1) + dt.timedelta(seconds=i * 3617)
                                for i in range(1000)],
    "DATETIME YEAR TO FRACTION(5)": [dt.datetime(2020, 1, 1) + dt.timedelta(microseconds=i * 36170010)
                                     for i in range(1000)],
    "INTERVAL DAY(3) TO SECOND": [dt.timedelta(days=i % 900, seconds=i * 7) for i in range(1000)],
    "DATE": [dt.date(1990, 1, 1) + dt.timedelta(days=i * 11) for i in range(1000)],
}


def _ten(i: int) -> tuple:
    return rl._values(i)


def _five(i: int) -> tuple:
    v = rl._values(i)
    return (v[0], v[3], v[5], v[7], v[6])


def _size(benchmark, full: int, smoke: int) -> int:
    return smoke if benchmark.disabled else full


# -- values and rows ------------------------------------------------------------------

@pytest.mark.parametrize("decl", sorted(VALUES))
def test_decode_values(benchmark, impl, decl):
    columns = [parse_type(decl)]
    payloads = [spec.encode_row(columns, (v,)) for v in VALUES[decl]]
    decode = impl.rows.row_decoder(columns, "utf-8")
    got = benchmark(lambda: [decode(p, 0)[0][0] for p in payloads])
    assert got == VALUES[decl]


@pytest.mark.parametrize("decl", sorted(VALUES))
def test_encode_values(benchmark, impl, decl):
    columns = [parse_type(decl)]
    encode = impl.rows.row_encoder(columns, "utf-8")
    got = benchmark(lambda: [encode((v,)) for v in VALUES[decl]])
    assert got == [spec.encode_row(columns, (v,)) for v in VALUES[decl]]


@pytest.mark.parametrize("width", [5, 10])
def test_decode_rows(benchmark, impl, width):
    columns, make = (FIVE, _five) if width == 5 else (TEN, _ten)
    n = _size(benchmark, 10_000, 500)
    payloads = [spec.encode_row(columns, make(i)) for i in range(n)]
    decode = impl.rows.row_decoder(columns, "utf-8")
    got = benchmark(lambda: [decode(p, 0)[0] for p in payloads])
    assert got == [spec.row_decoder(columns, "utf-8")(p, 0)[0] for p in payloads]


# -- the reply loop in memory ---------------------------------------------------------

def test_fetch_reply_loop_in_memory(benchmark, impl, monkeypatch):
    monkeypatch.setattr(statement, "replyloop", impl.replyloop)
    monkeypatch.setattr(statement, "rows", impl.rows)
    n = _size(benchmark, 20_000, 500)
    _, reply = rl.build_reply(n)
    types = [c for c in TEN]
    desc = Description(sq.SQ_SELECT, 1, 0, tuple(
        ColumnInfo(f"c{i}", ct, ct.sqltype, "", 0) for i, ct in enumerate(types)))
    mine, theirs = socket.socketpair()
    stream = SocketStream(mine, recv_size=len(reply))
    reader = ReplyReader(stream)
    st = StatementReader("utf-8", description=desc)

    def loop():
        stream.preload(reply)  # the reply already received
        st.rows = []
        reader.read_reply(st.handlers)
        return st.rows

    try:
        rows = benchmark(loop)
    finally:
        mine.close()
        theirs.close()
    assert len(rows) == n and rows[7] == spec.row_decoder(types, "utf-8")(
        spec.encode_row(types, _ten(7)), 0)[0]


# -- end to end, against the replay proxy -----------------------------------------------

@pytest.fixture(scope="module")
def replayed(request):
    """(host, server port, replay port) with the compare_drivers table loaded."""
    pytest.importorskip("informix_db.testing")
    import informix_db
    config = request.config  # the project's addopts disable; --benchmark-enable wins
    disabled = config.getoption("benchmark_disable") and not config.getoption("benchmark_enable")
    rows = 2_000 if disabled else 100_000
    server, host, port = cd.start_server()
    replay = None
    try:
        with informix_db.connect(host=host, port=port, user=cd.USER, password=cd.PASSWORD,
                                 database=cd.DATABASE, server=cd.SERVER) as conn:
            cur = conn.cursor()
            cur.execute(cd.create_sql(cd.SOURCE_TABLE))
            cur.executemany(cd.insert_sql(cd.SOURCE_TABLE), (cd.make_row(i) for i in range(rows)))
            conn.commit()
        replay, replay_port = cd.start_replay(host, port)
        yield host, port, replay_port
    finally:
        if replay is not None:
            replay.kill()
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def client_impl(impl, monkeypatch):
    """This process's driver on *impl*'s hot modules."""
    for module in (replies, statement):
        monkeypatch.setattr(module, "buffer", impl.buffer)
    monkeypatch.setattr(statement, "rows", impl.rows)
    monkeypatch.setattr(statement, "replyloop", impl.replyloop)
    monkeypatch.setattr(execution, "replyloop", impl.replyloop)
    monkeypatch.setattr(cursor_module, "binding", impl.binding)
    return impl


def _connect(host, port):
    import informix_db
    return informix_db.connect(host=host, port=port, user=cd.USER, password=cd.PASSWORD,
                               database=cd.DATABASE, server=cd.SERVER, read_timeout=600)


def test_fetch_100k_rows_end_to_end(benchmark, client_impl, replayed):
    host, _, replay_port = replayed
    n = _size(benchmark, 100_000, 2_000)
    sql = f"SELECT FIRST {n} * FROM {cd.SOURCE_TABLE}"
    with _connect(host, replay_port) as conn:
        def fetch():
            cur = conn.cursor()
            cur.execute(sql)
            count = sum(1 for _ in cur)
            cur.close()
            return count

        fetch()  # recorded from the server by the proxy
        assert benchmark(fetch) == n


def test_executemany_100k_rows(benchmark, client_impl, replayed):
    host, port, _ = replayed
    n = _size(benchmark, 100_000, 2_000)
    rows = [cd.make_row(i) for i in range(n)]
    with _connect(host, port) as conn:
        cur = conn.cursor()
        cur.execute(cd.create_sql("load_bench"))

        def load():
            cur.execute("DELETE FROM load_bench")
            cur.executemany(cd.insert_sql("load_bench"), rows)
            return cur.rowcount

        assert benchmark.pedantic(load, rounds=1 if benchmark.disabled else 3) == n
        conn.rollback()


def test_connect(benchmark, client_impl, replayed):
    host, port, _ = replayed

    def connect_and_close():
        _connect(host, port).close()

    benchmark(connect_and_close)
