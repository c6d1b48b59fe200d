"""informix_db.aio over the test server's TLS listener."""

from __future__ import annotations

import ssl

import pytest

from informix_db import aio
from informix_db.exceptions import OperationalError
from informix_db.testing.certs import HAVE_TRUSTME, make_ca, make_leaf

pytestmark = [pytest.mark.asyncio,
              pytest.mark.skipif(not HAVE_TRUSTME, reason="needs trustme")]
testing = pytest.importorskip("informix_db.testing")


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    d = tmp_path_factory.mktemp("pki")
    ca = make_ca(d, "good")
    return {"ca": ca, "server": make_leaf(d, "server", "IP:127.0.0.1", ca)}


@pytest.fixture(scope="module")
def tls_server(pki):
    with testing.TestServer(databases={"testdb": "logged"}, tls=pki["server"]) as srv:
        yield srv


async def _query(srv, tls) -> list:
    async with await aio.connect("127.0.0.1", srv.tls_port, srv.user, srv.password, "testdb",
                                 srv.server_name, tls=tls, connect_timeout=5) as conn:
        cur = conn.cursor()
        await cur.execute("SELECT tabid FROM systables WHERE tabid <= ? ORDER BY tabid", (3,))
        return await cur.fetchall()


async def test_a_verified_tls_connection_runs_queries(tls_server, pki):
    ctx = ssl.create_default_context(cafile=str(pki["ca"][0]))
    assert await _query(tls_server, ctx) == [(1,), (2,), (3,)]


async def test_an_untrusted_certificate_is_refused(tls_server):
    with pytest.raises(OperationalError, match="certificate verification failed"):
        await _query(tls_server, True)
