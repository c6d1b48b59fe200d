"""Live parity: IBM JDBC and our driver connect to one TestServer; their requests match.

The server's trace records every request of both sessions.  The login,
SQ_PROTOCOLS, SQ_INFO, SQ_DBOPEN and SQ_EXIT of the two sessions are
decoded and compared field by field after the same normalisation as
test_request_parity (JPype runs the JVM inside this process, so even the
process id and working directory agree; the thread id and the
application name do not).  JDBC's catalogue query between DBOPEN and
EXIT is a deliberate difference (docs/parity.md).
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


@pytest.fixture(scope="module")
def jdbc_module():
    try:
        from conformance import jdbc
    except ImportError as exc:
        pytest.skip(f"JDBC harness not importable: {exc}")
    try:
        jdbc.start_jvm()
    except jdbc.Unavailable as exc:
        pytest.skip(str(exc))
    return jdbc


def _requests(trace_text: str) -> dict[str, list[bytes]]:
    lines = trace_text.splitlines()
    out: dict[str, list[bytes]] = {}
    for i, line in enumerate(lines):
        parts = line.split()
        if len(parts) > 3 and parts[0] == "#" and parts[1] == "session" and parts[3] == "c->s":
            out.setdefault(parts[2], []).append(bytes.fromhex(lines[i + 1]))
    return out


@pytest.fixture(scope="module")
def sessions(jdbc_module, tmp_path_factory):
    trace = tmp_path_factory.mktemp("trace") / "pdus.txt"
    with testing.TestServer(engine=make_engine(), trace=trace) as srv:
        conn = jdbc_module.connect(
            jdbc_module.url(srv.host, srv.port, "testdb", srv.server_name, srv.user, srv.password)
        )
        conn.close()
        ours = connect(srv.host, srv.port, srv.user, srv.password, "testdb", srv.server_name,
                       connect_timeout=5, read_timeout=5)
        ours.close()
        deadline = time.monotonic() + 5
        while srv.session_count and time.monotonic() < deadline:
            time.sleep(0.01)
    first, second = _requests(trace.read_text()).values()
    return first, second  # JDBC connected first


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
