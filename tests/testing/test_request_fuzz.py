"""Mutated client requests never break the test server: each ends, at worst,
its own session (a FramingError or an SQ_ERR), never with an internal error,
and the server goes on serving others.  The requests are IBM JDBC's own
(login, PREPARE, OPEN+NFETCH, a BIND of parameters) with seeded mutations."""

from __future__ import annotations

import logging
import os
import random
import socket
import struct
import sys
from pathlib import Path

from informix_db.connection import connect
from rawclient import PREPARE_GL_COLLATE, RawClient, login_bytes, open_fetch, prepare

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fuzz"))
import mutate  # noqa: E402

CASES = int(os.environ.get("INFORMIX_DB_SERVER_FUZZ_CASES", "1500"))

REQUESTS = [
    PREPARE_GL_COLLATE,
    prepare("select tabid, tabname from systables where tabid > ?", nparams=1),
    prepare("insert into fz values (?, ?)", nparams=2),
    PREPARE_GL_COLLATE[:-2] + open_fetch(4096)[:-2] + struct.pack(">h", 12),
    struct.pack(">hh", 35, 12) + struct.pack(">hh", 19, 12),  # BEGIN; COMMIT
]


def _exchange(server, data: bytes, *, logged_in: bool) -> None:
    client = RawClient(server, timeout=5)
    try:
        if logged_in:
            client.session()
        client.send(data)
        # No more is coming: the server answers what it can, then sees the end.
        client.sock.shutdown(socket.SHUT_WR)
        while client.sock.recv(65536):  # until the server ends the session
            pass
    except (OSError, ConnectionError):
        pass
    finally:
        client.close()


def test_mutated_requests_end_at_worst_their_own_session(server, caplog):
    with connect(server.host, server.port, "informix", "in4mix", "testdb",
                 server.server_name, autocommit=True) as conn:
        conn.cursor().execute("create table fz (a int, b varchar(10))")
    caplog.set_level(logging.ERROR, logger="informix_db.testing")
    rng = random.Random(5)
    logins = [login_bytes()]
    for index in range(CASES):
        if index % 4 == 0:
            _exchange(server, mutate.case(logins, 5, index), logged_in=False)
        else:
            _exchange(server, mutate.case(REQUESTS, 5, index), logged_in=True)
        if rng.random() < 0.02:
            socket.create_connection((server.host, server.port)).close()
    internal = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert internal == [], internal[0].getMessage() + "\n" + (internal[0].exc_text or "")
    with connect(server.host, server.port, "informix", "in4mix", "testdb",
                 server.server_name) as conn:
        cur = conn.cursor()
        cur.execute("select count(*) from systables where tabid = 1")
        assert cur.fetchone() == (1,)
