"""Fixtures for the command line tests: the DB-API tests' test server."""

from __future__ import annotations

import pytest

from driver.dbapi_helpers import DATABASES


@pytest.fixture(scope="module")
def server():
    testing = pytest.importorskip("informix_db.testing")
    with testing.TestServer(databases=DATABASES) as srv:
        yield srv
