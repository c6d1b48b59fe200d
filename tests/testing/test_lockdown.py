"""The test server is safe to run where others can reach it: statements do
not reach the host, traces keep no passwords, stalled or surplus clients do
not hold threads, and a request cut before its end commits nothing."""

from __future__ import annotations

import os
import signal
import socket
import stat
import struct
import subprocess
import sys
import time

import pytest

from informix_db.connection import connect
from informix_db.exceptions import ProgrammingError
from rawclient import RawClient, login_bytes, prepare

SQ_ID, SQ_EXECUTE, SQ_EOT, SQ_CMMTWORK, SQ_BEGIN = 4, 7, 12, 19, 35


def _conn(server, password="in4mix"):
    return connect(server.host, server.port, "informix", password, "testdb",
                   server.server_name, autocommit=True)


def _sqlcode_refusing(server, sql) -> int:
    """The sqlcode of the ProgrammingError that *sql* fails with."""
    with _conn(server) as conn:
        with pytest.raises(ProgrammingError) as info:
            conn.cursor().execute(sql)
    return info.value.sqlcode


def _wait(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


@pytest.mark.parametrize("sql", [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM TABLE(glob('/etc/*'))",
    "SELECT read_text('/etc/hostname') FROM systables WHERE tabid = 1",
    "SELECT current_setting('threads') FROM systables WHERE tabid = 1",
    "SELECT * FROM duckdb_settings()",
    "SELECT version() FROM systables WHERE tabid = 1",
])
def test_duckdb_only_functions_fail_as_unknown_routines(server, sql):
    assert _sqlcode_refusing(server, sql) == -674


def test_informix_functions_still_run(server):
    with _conn(server) as conn:
        cur = conn.cursor()
        cur.execute("SELECT UPPER('a'), LENGTH('abc'), MOD(7, 3), NVL(NULL, 2) "
                    "FROM systables WHERE tabid = 1")
        assert cur.fetchone() == ("A", 3, 1, 2)


@pytest.mark.parametrize("sql", [
    "ATTACH '/tmp/other.db' AS other",
    "COPY systables TO '/tmp/out.csv'",
    "INSTALL httpfs",
    "PRAGMA version",
])
def test_duckdb_only_statements_are_syntax_errors(server, sql):
    assert _sqlcode_refusing(server, sql) == -201


def test_the_engine_reaches_no_file_even_when_a_statement_gets_through(tmp_path):
    """The second line of defence: DuckDB itself runs with external access
    off and its configuration locked."""
    import duckdb

    from informix_db.testing.engine import Engine

    secret = tmp_path / "secret.txt"
    secret.write_text("not for clients")
    engine = Engine(databases={"testdb": "logged"})
    try:
        root = engine.get("testdb").root
        with pytest.raises(duckdb.PermissionException):
            root.execute(f"SELECT * FROM read_text('{secret}')").fetchall()
        with pytest.raises(duckdb.Error):
            root.execute("SET enable_external_access = true")
    finally:
        engine.close()


def test_trace_keeps_no_password_and_only_its_owner_reads_it(server_factory, tmp_path):
    trace = tmp_path / "locked.log"
    srv = server_factory(trace=str(trace), password="s3cret-pw")
    with _conn(srv, "s3cret-pw"):
        pass
    with pytest.raises(Exception):
        _conn(srv, "guess-pw-9")  # a refused guess is not kept either
    text = trace.read_text()
    assert "LOGIN" in text
    for secret in (b"s3cret-pw", b"guess-pw-9"):
        assert secret.hex() not in text and secret.decode() not in text
    assert stat.S_IMODE(os.stat(trace).st_mode) == 0o600


def test_a_login_dripping_in_is_cut_at_the_login_deadline(server_factory):
    srv = server_factory(login_timeout=1.0)
    sock = socket.create_connection((srv.host, srv.port), timeout=10)
    start = time.monotonic()
    closed_at = None
    try:
        for byte in login_bytes()[:40]:
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                closed_at = time.monotonic()
                break
            time.sleep(0.1)
            sock.setblocking(False)
            try:
                if sock.recv(1) == b"":
                    closed_at = time.monotonic()
                    break
            except BlockingIOError:
                pass
            except OSError:
                closed_at = time.monotonic()
                break
            finally:
                sock.setblocking(True)
    finally:
        sock.close()
    assert closed_at is not None, "the server kept a dripping login past its deadline"
    assert closed_at - start < 3.0
    assert _wait(lambda: srv.session_count == 0)


def test_connections_past_max_sessions_are_closed_and_others_served(server_factory):
    srv = server_factory(max_sessions=2)
    first, second = RawClient(srv).session(), RawClient(srv).session()
    assert _wait(lambda: srv.session_count == 2)
    extra = socket.create_connection((srv.host, srv.port), timeout=5)
    try:
        extra.sendall(login_bytes())
        assert extra.recv(2) == b""  # closed, not served
    except ConnectionResetError:
        pass
    finally:
        extra.close()
    first.close()
    assert _wait(lambda: srv.session_count == 1)
    with _conn(srv) as conn:  # a slot is free again
        cur = conn.cursor()
        cur.execute("SELECT COUNT(*) FROM systables WHERE tabid = 1")
        assert cur.fetchone() == (1,)
    second.close()


def _exec(client: RawClient, sql: str) -> None:
    reply = client.call(prepare(sql))
    (sid,) = struct.unpack_from(">h", reply, 4)
    client.call(struct.pack(">hhhh", SQ_ID, sid, SQ_EXECUTE, SQ_EOT))


def _count(srv) -> int:
    with _conn(srv) as conn:
        cur = conn.cursor()
        cur.execute("SELECT COUNT(*) FROM cut_commit")
        return cur.fetchone()[0]


@pytest.mark.parametrize("with_eot", [False, True], ids=["cut-before-eot", "whole"])
def test_a_commit_takes_effect_only_once_its_request_has_arrived(server, with_eot):
    client = RawClient(server).session()
    _exec(client, "create table cut_commit (a int)")
    client.call(struct.pack(">hh", SQ_BEGIN, SQ_EOT))
    _exec(client, "insert into cut_commit values (1)")
    if with_eot:
        client.call(struct.pack(">hh", SQ_CMMTWORK, SQ_EOT))
    else:
        client.send(struct.pack(">h", SQ_CMMTWORK))  # and the connection is cut
    client.close()
    assert _wait(lambda: server.session_count == 0)
    assert _count(server) == (1 if with_eot else 0)


@pytest.mark.parametrize("host, warned", [("127.0.0.1", False), ("0.0.0.0", True)])
def test_cli_warns_when_listening_beyond_this_machine(host, warned):
    proc = subprocess.Popen([sys.executable, "-m", "informix_db.testing", "--host", host,
                             "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("listening on"), line
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert ("warning: listening on" in err) == warned, err
