"""Our driver against the TestServer's TLS listener (a port of its own, as in Informix)."""

from __future__ import annotations

import socket
import ssl
import subprocess
import sys
import time

import pytest

from informix_db.connection import connect
from informix_db.exceptions import OperationalError

from .servers import make_engine
from informix_db.testing.certs import HAVE_TRUSTME, make_ca, make_leaf

pytest_plugins = ["pytester"]  # the plugin's fixture is tried in a pytest of its own
pytestmark = pytest.mark.skipif(not HAVE_TRUSTME, reason="needs trustme")
testing = pytest.importorskip("informix_db.testing")


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    d = tmp_path_factory.mktemp("pki")
    ca = make_ca(d, "good")
    return {
        "ca": ca,
        "other_ca": make_ca(d, "other"),
        # Only the IP: connecting as "localhost" is a host-name mismatch.
        "server": make_leaf(d, "server", "IP:127.0.0.1", ca),
    }


@pytest.fixture(scope="module")
def server(pki):
    with testing.TestServer(engine=make_engine(), tls=pki["server"],
                            handshake_timeout=1.0) as srv:
        yield srv


def _connect(srv, *, host="127.0.0.1", port=None, tls="insecure", timeout=5):
    return connect(host, port or srv.tls_port, srv.user, srv.password, "testdb",
                   srv.server_name, tls=tls, connect_timeout=timeout)


def _trusting(ca_cert) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(ca_cert))


def _runs_a_query(conn) -> bool:
    with conn:
        cur = conn.cursor()
        cur.execute("select count(*) from systables where tabid = 1")
        return cur.fetchone()[0] == 1


def test_tls_listener_is_a_port_of_its_own(server):
    assert server.tls_port not in (None, server.port)


def test_plain_port_still_serves_plain_clients(server):
    assert _runs_a_query(_connect(server, port=server.port, tls=None))


def test_tls_insecure_connects_without_verifying(server):
    assert _runs_a_query(_connect(server, tls="insecure"))


def test_tls_true_refuses_a_certificate_the_system_does_not_trust(server):
    with pytest.raises(OperationalError, match="certificate verification failed"):
        _connect(server, tls=True)


def test_context_trusting_the_ca_verifies_and_connects(server, pki):
    conn = _connect(server, tls=_trusting(pki["ca"][0]))
    assert conn.server_version
    assert _runs_a_query(conn)


def test_context_with_another_ca_fails_verification(server, pki):
    with pytest.raises(OperationalError, match="certificate verification failed"):
        _connect(server, tls=_trusting(pki["other_ca"][0]))


def test_wrong_host_name_fails_verification(server, pki):
    with pytest.raises(OperationalError, match="certificate verification failed"):
        _connect(server, host="localhost", tls=_trusting(pki["ca"][0]))


def test_tls_server_hostname_is_the_name_verified_instead_of_host(server, pki):
    conn = connect("localhost", server.tls_port, server.user, server.password, "testdb",
                   server.server_name, tls=_trusting(pki["ca"][0]), connect_timeout=5,
                   tls_server_hostname="127.0.0.1")
    assert _runs_a_query(conn)


def test_tls_server_hostname_the_certificate_lacks_fails_verification(server, pki):
    with pytest.raises(OperationalError, match="certificate verification failed"):
        connect("127.0.0.1", server.tls_port, server.user, server.password, "testdb",
                server.server_name, tls=_trusting(pki["ca"][0]), connect_timeout=5,
                tls_server_hostname="db.example.com")


def test_plain_client_on_the_tls_port_fails_quickly_with_a_hint(server):
    started = time.monotonic()
    with pytest.raises(OperationalError, match="TLS listener, connect with tls=True"):
        _connect(server, tls=None, timeout=3)
    assert time.monotonic() - started < 3


def test_server_serves_others_after_failed_handshakes(server, pki):
    with pytest.raises(OperationalError):
        _connect(server, tls=None, timeout=3)
    with pytest.raises(OperationalError):
        _connect(server, tls=_trusting(pki["other_ca"][0]))
    assert _runs_a_query(_connect(server, tls=_trusting(pki["ca"][0])))


def test_stalled_handshake_does_not_block_other_clients(server):
    with socket.create_connection(("127.0.0.1", server.tls_port), timeout=5):
        assert _runs_a_query(_connect(server, tls="insecure"))


def test_stalled_handshake_is_dropped_after_the_timeout(server):
    with socket.create_connection(("127.0.0.1", server.tls_port), timeout=5) as raw:
        started = time.monotonic()
        assert raw.recv(10) == b""  # the server closed it (handshake_timeout=1)
        assert time.monotonic() - started < 4


def test_tls_accepts_a_server_context(pki):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(*map(str, pki["server"]))
    with testing.TestServer(engine=make_engine(), tls=ctx) as srv:
        assert _runs_a_query(_connect(srv, tls=_trusting(pki["ca"][0])))


def test_tls_rejects_other_arguments():
    with pytest.raises(TypeError, match="tls must be"):
        testing.TestServer(tls="cert.pem")


def test_without_tls_there_is_no_tls_port():
    with testing.TestServer(engine=make_engine()) as srv:
        assert srv.tls_port is None
        with pytest.raises(ValueError, match="no TLS listener"):
            srv.jdbc_url(tls=True)


def test_jdbc_url_for_tls_names_the_tls_port_and_sslconnection(server):
    url = server.jdbc_url(tls=True)
    assert f":{server.tls_port}/" in url and url.endswith(";SSLCONNECTION=true")


def test_cli_tls_flags_go_together():
    from informix_db.testing.__main__ import parse_args

    with pytest.raises(SystemExit):
        parse_args(["--tls-port", "0"])
    args = parse_args(["--tls-port", "0", "--tls-cert", "c.pem", "--tls-key", "k.pem"])
    assert (args.tls_port, args.tls_cert, args.tls_key) == (0, "c.pem", "k.pem")


def test_cli_serves_tls_on_its_own_port(pki):
    cert, key = pki["server"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "informix_db.testing", "--port", "0", "--tls-port", "0",
         "--tls-cert", str(cert), "--tls-key", str(key)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        plain = proc.stdout.readline()
        tls_line = proc.stdout.readline()
        assert plain.startswith("listening on "), proc.stderr.read() if proc.poll() else plain
        assert tls_line.startswith("listening (TLS) on 127.0.0.1:")
        port = int(tls_line.rsplit(":", 1)[1])
        conn = connect("127.0.0.1", port, "informix", "in4mix", "testdb", "informix",
                       tls=_trusting(pki["ca"][0]), connect_timeout=5)
        assert _runs_a_query(conn)
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


# IBM JDBC over TLS, in a JVM of its own (its trust store is fixed at JVM
# start, and the suites' shared JPype JVM is already running).
_JDBC_PROBE = """
import java.sql.*;
public class TlsProbe {
    public static void main(String[] a) throws Exception {
        Class.forName("com.informix.jdbc.IfxDriver");
        try (Connection c = DriverManager.getConnection(a[0]);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select count(*) from systables where tabid = 1")) {
            r.next();
            System.out.println("rows=" + r.getInt(1));
        } catch (SQLException e) {
            System.out.println("error=" + e.getMessage());
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) System.out.println("cause=" + t);
        }
    }
}
"""


@pytest.fixture(scope="module")
def jdbc_probe(tmp_path_factory):
    """run(url, ca_cert) -> the probe's output, or skip without Java/the jar."""
    import shutil

    ibm_jdbc = _import_ibm_jdbc()
    if not (shutil.which("java") and shutil.which("keytool")):
        pytest.skip("needs java and keytool")
    try:
        jars = ibm_jdbc.find_jars()
    except ibm_jdbc.Unavailable as exc:
        pytest.skip(str(exc))
    d = tmp_path_factory.mktemp("jdbc-tls")
    source = d / "TlsProbe.java"
    source.write_text(_JDBC_PROBE)

    def run(url: str, ca_cert) -> str:
        store = d / f"{ca_cert.stem}.p12"
        if not store.exists():
            subprocess.run(["keytool", "-importcert", "-noprompt", "-alias", "ca",
                            "-file", str(ca_cert), "-keystore", str(store),
                            "-storetype", "PKCS12", "-storepass", "changeit"],
                           check=True, capture_output=True, timeout=60)
        out = subprocess.run(
            ["java", f"-Djavax.net.ssl.trustStore={store}", "-Djavax.net.ssl.trustStorePassword=changeit",
             "-Djavax.net.ssl.trustStoreType=PKCS12", "-cp", ":".join(jars), str(source), url],
            capture_output=True, text=True, timeout=120)
        return out.stdout + out.stderr

    return run


def _import_ibm_jdbc():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).parents[1] / "ibm_jdbc.py"
    spec = importlib.util.spec_from_file_location("driver_tls_ibm_jdbc", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ibm_jdbc_connects_over_tls_trusting_the_ca(server, pki, jdbc_probe):
    assert "rows=1" in jdbc_probe(server.jdbc_url(tls=True), pki["ca"][0])


def test_ibm_jdbc_refuses_a_certificate_from_another_ca(server, pki, jdbc_probe):
    out = jdbc_probe(server.jdbc_url(tls=True), pki["other_ca"][0])
    assert "rows=" not in out and "SSLHandshakeException" in out


def test_pytest_plugin_offers_a_tls_server(pytester):
    pytester.makepyfile("""
        import ssl
        from informix_db.connection import connect

        def test_tls(informix_tls_server):
            srv = informix_tls_server
            ctx = ssl.create_default_context(cafile=srv.tls_ca)
            with connect("localhost", srv.tls_port, srv.user, srv.password, "testdb",
                         srv.server_name, tls=ctx, connect_timeout=5) as conn:
                assert conn.server_version
    """)
    result = pytester.runpytest_subprocess("-p", "informix_db.testing.pytest_plugin", "-q")
    result.assert_outcomes(passed=1)
