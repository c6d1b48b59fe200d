"""Many clients at once, clients that die, and the command line."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time


import pytest

import jdbc
from rawclient import RawClient, prepare

GL_COLLATE = "select dirpath from informix.systables where tabname = ' GL_COLLATE'"


@pytest.mark.jdbc
def test_twenty_concurrent_jdbc_sessions_read_and_write_correctly(jvm, server):
    setup = jdbc.connect(server.jdbc_url())
    setup.createStatement().execute("create table shared (who integer, n integer)")
    setup.close()
    errors, results = [], {}

    def worker(who: int) -> None:
        try:
            conn = jdbc.connect(server.jdbc_url())
            ins = conn.prepareStatement("insert into shared values (?, ?)")
            for n in range(15):
                ins.setInt(1, who)
                ins.setInt(2, n)
                assert ins.executeUpdate() == 1
                if n % 5 == 0:  # interleave reads with the writes
                    q = conn.prepareStatement("select n from shared where who = ? order by n")
                    q.setInt(1, who)
                    assert jdbc.rows(q.executeQuery()) == [(i,) for i in range(n + 1)]
            q = conn.prepareStatement("select n from shared where who = ? order by n")
            q.setInt(1, who)
            results[who] = jdbc.rows(q.executeQuery())
            conn.close()
        except Exception as exc:  # reported below, with the worker's number
            errors.append((who, repr(exc)))

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    assert results == {w: [(i,) for i in range(15)] for w in range(20)}


@pytest.mark.jdbc
def test_client_killed_mid_statement_leaves_others_served(jvm, server):
    survivor = jdbc.connect(server.jdbc_url())
    st = survivor.createStatement()
    st.execute("create table big (a integer, b varchar(200))")
    ins = survivor.prepareStatement("insert into big values (?, ?)")
    for i in range(200):
        ins.setInt(1, i)
        ins.setString(2, "y" * 200)
        ins.executeUpdate()

    for cut in ("mid-request", "before-reply"):
        victim = RawClient(server).session()
        if cut == "mid-request":  # half a PREPARE, then a reset
            victim.send(prepare("select a, b from big")[:9])
        else:  # a whole request whose large reply is never read
            victim.call(prepare("select a, b from big"))
            victim.send(bytes.fromhex("00040000000300045f6b3100000600040000000900100000"
                                      "0000000c"))
        victim.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        victim.close()

    deadline = time.monotonic() + 10
    while server.session_count > 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.session_count == 1  # the victims' threads ended; the survivor remains
    # COUNT is a DECIMAL (a BigDecimal to JDBC, which jdbc.rows gives as text)
    assert jdbc.rows(st.executeQuery("select count(*) from big")) == [("200",)]
    fresh = jdbc.connect(server.jdbc_url())
    assert jdbc.rows(fresh.createStatement().executeQuery(GL_COLLATE)) == [("en_US.819",)]
    fresh.close()
    survivor.close()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_cli_prints_address_and_exits_cleanly_on_signal(tmp_path, signum):
    proc = subprocess.Popen(
        [sys.executable, "-m", "informix_db.testing", "--host", "127.0.0.1", "--port", "0",
         "--database", "clidb:ansi", "--trace", str(tmp_path / "cli.log")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("listening on 127.0.0.1:"), line + proc.stderr.read()
        port = int(line.rsplit(":", 1)[1])

        class Addr:
            host, databases = "127.0.0.1", {"clidb": "ansi"}
        Addr.port = port
        c = RawClient(Addr).session("clidb")
        assert c.call(prepare(GL_COLLATE))[:2] == b"\x00\x08"
        proc.send_signal(signum)
        assert proc.wait(timeout=15) == 0
        c.close()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "session 1" in (tmp_path / "cli.log").read_text()
