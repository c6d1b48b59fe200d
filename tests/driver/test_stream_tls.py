"""TLS on the transport stream, against a local TLS echo server."""

from __future__ import annotations

import socket
import ssl
import threading

import pytest

from informix_db.exceptions import InterfaceError, OperationalError
from informix_db.transport import open_stream

from .test_stream import answering_peer

certs_ = pytest.importorskip("informix_db.testing.certs")
pytestmark = pytest.mark.skipif(not certs_.HAVE_TRUSTME, reason="needs trustme")


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    d = tmp_path_factory.mktemp("tls")
    ca = certs_.make_ca(d, "stream")
    return {
        "ca": str(ca[0]),
        "local": certs_.make_leaf(d, "localhost", "IP:127.0.0.1,DNS:localhost", ca),
        "other": certs_.make_leaf(d, "otherhost", "DNS:otherhost", ca),
    }


def _echo_server(cert, key):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    srv.settimeout(5)

    def serve():
        try:
            conn, _ = srv.accept()
        except OSError:
            return
        try:
            with ctx.wrap_socket(conn, server_side=True) as tls:
                data = tls.recv(100)
                tls.sendall(data[::-1])
        except (OSError, ssl.SSLError):
            pass  # the client refused our certificate

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    return srv, t


def _exchange(cert, key, tls):
    srv, t = _echo_server(cert, key)
    try:
        stream = open_stream("127.0.0.1", srv.getsockname()[1], connect_timeout=5, read_timeout=5, tls=tls)
        try:
            stream.send(b"ping")
            return bytes(stream.read_exact(4))
        finally:
            stream.close()
    finally:
        t.join(5)
        srv.close()


def test_tls_insecure_encrypts_without_verifying(certs):
    assert _exchange(*certs["other"], tls="insecure") == b"gnip"


def test_tls_true_verifies_against_the_system_trust_store(certs):
    # The test CA is in no system store: secure by default means refused.
    with pytest.raises(OperationalError, match="certificate verification failed"):
        _exchange(*certs["local"], tls=True)


def test_tls_with_an_unknown_mode_is_refused_before_connecting():
    with pytest.raises(InterfaceError, match="'insecure'"):
        open_stream("127.0.0.1", 9, connect_timeout=1, tls="no-verify")


def test_context_trusting_the_ca_connects(certs):
    ctx = ssl.create_default_context(cafile=certs["ca"])
    assert _exchange(*certs["local"], tls=ctx) == b"gnip"


def test_context_rejects_an_untrusted_certificate(certs):
    ctx = ssl.create_default_context()  # system CAs only: the test CA's leaf fails
    with pytest.raises(OperationalError, match="certificate verification failed"):
        _exchange(*certs["local"], tls=ctx)


def test_context_rejects_a_certificate_for_another_host(certs):
    ctx = ssl.create_default_context(cafile=certs["ca"])
    with pytest.raises(OperationalError, match="certificate verification failed"):
        _exchange(*certs["other"], tls=ctx)


def test_connect_over_tls_logs_in_and_opens_the_database(certs):
    testing = pytest.importorskip("informix_db.testing")
    from informix_db.connection import connect

    from .servers import make_engine

    cert, key = certs["local"]
    with testing.TestServer(engine=make_engine(), tls=(cert, key)) as server:
        ctx = ssl.create_default_context(cafile=certs["ca"])
        conn = connect("127.0.0.1", server.tls_port, server.user, server.password,
                       "testdb", server.server_name, tls=ctx, connect_timeout=5)
        with conn:
            assert conn.database.logged and conn.server_version


def test_long_tls_send_drains_replies_instead_of_deadlocking(certs):
    # As over plain TCP (test_stream.py): the server answers each KiB twice
    # before reading more; a request far beyond the socket buffers must
    # neither deadlock nor lose reply bytes the TLS layer buffered.
    cert, key = certs["local"]
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    srv.settimeout(5)
    # ~16 MiB: loopback TCP buffers grow to megabytes, so less may never block
    request = bytes(range(251)) * (64 * 1024)
    request = request[: len(request) // 1024 * 1024]

    def serve():
        conn, _ = srv.accept()
        with ctx.wrap_socket(conn, server_side=True) as tls:
            tls.settimeout(10)
            answering_peer(tls, len(request))

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    try:
        stream = open_stream("127.0.0.1", srv.getsockname()[1], connect_timeout=5,
                             read_timeout=5, tls=ssl.create_default_context(cafile=certs["ca"]))
        try:
            stream.send(request)
            answer = stream.read_bytes(2 * len(request))
        finally:
            stream.close()
    finally:
        t.join(10)
        srv.close()
    doubled = b"".join(request[i:i + 1024] * 2 for i in range(0, len(request), 1024))
    assert answer == doubled
