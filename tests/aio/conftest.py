"""Fixtures for the asyncio driver's tests: the test server of the DB-API
tests, and asyncio connections to it."""

from __future__ import annotations

import pytest
import pytest_asyncio

from informix_db import aio

from driver.dbapi_helpers import DATABASES


@pytest.fixture(scope="module")
def server():
    testing = pytest.importorskip("informix_db.testing")
    with testing.TestServer(databases=DATABASES) as srv:
        yield srv


async def open_aconn(srv, database: str = "testdb", **kw) -> aio.AsyncConnection:
    """An asyncio connection to *srv* with short timeouts."""
    kw.setdefault("connect_timeout", 5)
    kw.setdefault("read_timeout", 5)
    return await aio.connect(srv.host, srv.port, srv.user, srv.password, database,
                             srv.server_name, **kw)


@pytest_asyncio.fixture
async def aconn(server):
    """An autocommit asyncio connection to the test database."""
    conn = await open_aconn(server, autocommit=True)
    yield conn
    await conn.close()
