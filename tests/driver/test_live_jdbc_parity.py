"""Live parity: IBM JDBC and our driver connect to one TestServer; their requests match.

The server's trace records every request of both sessions.  The login,
SQ_PROTOCOLS, SQ_INFO, SQ_DBOPEN and SQ_EXIT of the two sessions are
decoded and compared field by field after the same normalisation as
test_request_parity (JPype runs the JVM inside this process, so even the
process id and working directory agree; the thread id and the
application name do not).  JDBC's catalogue query between DBOPEN and
EXIT is a deliberate difference (docs/parity.md).  So is the input
describe: offered capability bit 34, JDBC asks SQ_CIDESCRIBE before it
binds, which our driver (binding by Python type) never does; the server
here leaves bit 34 out, and JDBC's other requests stay as they are.
"""

from __future__ import annotations

import time

import pytest

from informix_db.connection import connect

from . import sqli_decode as dec
from .servers import make_engine
from .test_request_parity import assert_same_fields, normalise

testing = pytest.importorskip("informix_db.testing")
pytestmark = pytest.mark.jdbc

from informix_db.testing.capabilities import (  # noqa: E402
    BIT_DESCRIBE_INPUT, DEFAULT_SERVER_MASK, bits_of, mask_of)

#: The test server's mask without bit 34 (see the module notes).
PARITY_MASK = mask_of(bits_of(DEFAULT_SERVER_MASK) - {BIT_DESCRIBE_INPUT})


def _requests(trace_text: str) -> dict[str, list[bytes]]:
    lines = trace_text.splitlines()
    out: dict[str, list[bytes]] = {}
    for i, line in enumerate(lines):
        parts = line.split()
        if len(parts) > 3 and parts[0] == "#" and parts[1] == "session" and parts[3] == "c->s":
            out.setdefault(parts[2], []).append(bytes.fromhex(lines[i + 1]))
    return out


def traced_sessions(jdbc_module, trace, jdbc_work=None, our_work=None, **our_options):
    """IBM JDBC, then our driver, each connect to one traced TestServer, run
    their *work* (a function of the connection) and close: ``(jdbc
    requests, our requests)``, each the raw requests of that session."""
    with testing.TestServer(engine=make_engine(), trace=trace, server_mask=PARITY_MASK) as srv:
        jconn = jdbc_module.connect(
            jdbc_module.url(srv.host, srv.port, "testdb", srv.server_name, srv.user, srv.password))
        try:
            if jdbc_work is not None:
                jdbc_work(jconn)
        finally:
            jconn.close()
        ours = connect(srv.host, srv.port, srv.user, srv.password, "testdb", srv.server_name,
                       connect_timeout=5, read_timeout=5, **our_options)
        try:
            if our_work is not None:
                our_work(ours)
        finally:
            ours.close()
        # the server writes a session's last trace lines as the session ends
        deadline = time.monotonic() + 5
        while srv.session_count and time.monotonic() < deadline:
            time.sleep(0.01)
    first, second = _requests(trace.read_text()).values()
    return first, second  # JDBC connected first


@pytest.fixture(scope="module")
def sessions(jdbc_module, tmp_path_factory):
    return traced_sessions(jdbc_module, tmp_path_factory.mktemp("trace") / "pdus.txt")


def test_live_login_matches_jdbc(sessions):
    jdbc_reqs, ours = sessions
    assert_same_fields(normalise(dec.decode_login(ours[0])), normalise(dec.decode_login(jdbc_reqs[0])))


@pytest.mark.parametrize(
    ("index", "decode"),
    [(1, dec.decode_protocols), (2, dec.decode_info), (3, dec.decode_dbopen)],
    ids=["protocols", "info", "dbopen"],
)
def test_live_session_setup_matches_jdbc(sessions, index, decode):
    jdbc_reqs, ours = sessions
    assert_same_fields(decode(ours[index]), decode(jdbc_reqs[index]))


def test_live_exit_matches_jdbc(sessions):
    jdbc_reqs, ours = sessions
    assert ours[-1] == jdbc_reqs[-1] == bytes.fromhex("0038")
    assert len(ours) == 5  # login, PROTOCOLS, INFO, DBOPEN, EXIT: nothing else


# -- statements ----------------------------------------------------------------------
#
# The same work done by IBM JDBC and by our driver, each on its own table
# (j_/d_ prefix): a one-row table (an empty first round is where the two
# differ on purpose: docs/parity.md), a query without and with a parameter, a parameterless
# UPDATE, commit, a parameterised INSERT, a batch of two, rollback.  Both
# start with autocommit off in the logged database.  The requests are
# compared field by field after normalising cursor names and the table
# prefix.  JDBC's GL_COLLATE query after DBOPEN is left out (docs/parity.md).

def _jdbc_work(jdbc, conn, t):
    # setShort: a Python int within SMALLINT range is sent as setShort sends it.
    # SMALLINT columns: the server describes an INSERT's markers as their
    # columns, and JDBC's setShort then sends the value in its column's
    # type, where our driver sends the narrowest type of the Python int
    # (docs/parity.md).
    s = conn.createStatement()
    s.executeUpdate(f"CREATE TABLE {t} (a SMALLINT, b SMALLINT)")
    s.executeUpdate(f"INSERT INTO {t} VALUES (1, 2)")
    conn.setAutoCommit(False)
    rs = s.executeQuery(f"SELECT a FROM {t}")
    while rs.next():
        pass
    rs.close()
    ps = conn.prepareStatement(f"SELECT b FROM {t} WHERE a = ?")
    ps.setShort(1, 1)
    rs = ps.executeQuery()
    while rs.next():
        pass
    rs.close()
    ps.close()
    s.executeUpdate(f"UPDATE {t} SET a = 1 WHERE b = 2")
    conn.commit()
    ps = conn.prepareStatement(f"INSERT INTO {t} VALUES (?, ?)")
    ps.setShort(1, 5)
    ps.setShort(2, 6)
    ps.executeUpdate()
    ps.close()
    ps = conn.prepareStatement(f"INSERT INTO {t} VALUES (?, ?)")
    for a, b in ((7, 8), (9, 10)):
        ps.setShort(1, a)
        ps.setShort(2, b)
        ps.addBatch()
    ps.executeBatch()
    ps.close()
    conn.rollback()
    s.close()


def _our_work(conn, t):
    cur = conn.cursor()
    conn.autocommit = True
    cur.execute(f"CREATE TABLE {t} (a SMALLINT, b SMALLINT)")
    cur.execute(f"INSERT INTO {t} VALUES (1, 2)")
    conn.autocommit = False
    cur.execute(f"SELECT a FROM {t}").fetchall()
    cur.execute(f"SELECT b FROM {t} WHERE a = ?", (1,)).fetchall()
    cur.execute(f"UPDATE {t} SET a = 1 WHERE b = 2")
    conn.commit()
    cur.execute(f"INSERT INTO {t} VALUES (?, ?)", (5, 6))
    cur.executemany(f"INSERT INTO {t} VALUES (?, ?)", [(7, 8), (9, 10)])
    conn.rollback()


def _statement_requests(reqs: list[bytes], prefix: bytes) -> list[list]:
    """Requests after DBOPEN, before EXIT, decoded and normalised."""
    body = reqs[4:-1]
    out = []
    skipping = False
    for raw in body:
        fields = dec.decode_messages(raw)
        if ("PREPARE.sql", b"select dirpath from informix.systables where tabname = ' GL_COLLATE'") in fields:
            skipping = True
        if skipping:
            if ("msg", "RELEASE") in fields:
                skipping = False
            continue
        norm = []
        for name, value in fields:
            if name == "CURNAME.name":
                value = "<cursor>"
            elif isinstance(value, bytes):
                value = value.replace(prefix, b"<t>")
            norm.append((name, value))
        out.append(norm)
    return out


@pytest.fixture(scope="module")
def statement_sessions(jdbc_module, tmp_path_factory):
    trace = tmp_path_factory.mktemp("trace") / "statements.txt"
    with testing.TestServer(engine=make_engine(), trace=trace, server_mask=PARITY_MASK) as srv:
        jconn = jdbc_module.connect(
            jdbc_module.url(srv.host, srv.port, "testdb", srv.server_name, srv.user, srv.password)
        )
        try:
            _jdbc_work(jdbc_module, jconn, "j_par")
        finally:
            jconn.close()
        # JDBC's default fetch buffer (FET_BUF_SIZE 4096), not ours (64 KiB).
        ours = connect(srv.host, srv.port, srv.user, srv.password, "testdb", srv.server_name,
                       connect_timeout=5, read_timeout=5, fetch_buffer_size=4096)
        try:
            _our_work(ours, "d_par")
        finally:
            ours.close()
        deadline = time.monotonic() + 5
        while srv.session_count and time.monotonic() < deadline:
            time.sleep(0.01)
    first, second = _requests(trace.read_text()).values()
    return _statement_requests(first, b"j_par"), _statement_requests(second, b"d_par")


def test_live_statement_requests_match_jdbc(statement_sessions):
    jdbc_reqs, ours = statement_sessions
    assert _names(ours) == _names(jdbc_reqs)
    for a, b in zip(ours, jdbc_reqs):
        assert_same_fields(a, b)


def _names(requests):
    return [[v for k, v in r if k == "msg"] for r in requests]


def test_live_statement_sequence_covers_every_message_kind(statement_sessions):
    _, ours = statement_sessions
    names = {v for r in ours for k, v in r if k == "msg"}
    assert {"PREPARE", "COMMAND", "CURNAME", "BIND", "OPEN", "NFETCH", "EXECUTE", "CLOSE",
            "RELEASE", "BEGIN", "CMMTWORK", "RBWORK"} <= names
