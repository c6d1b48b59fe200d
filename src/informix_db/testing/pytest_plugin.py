"""pytest fixtures for the SQLI test server.

Enable with ``pytest -p informix_db.testing.pytest_plugin`` or
``pytest_plugins = ["informix_db.testing.pytest_plugin"]`` in a conftest.

* ``informix_server``: one ``TestServer`` for the whole session
  (database ``testdb``, logged).
"""

from __future__ import annotations

import pytest

from informix_db.testing import TestServer


@pytest.fixture(scope="session")
def informix_server():
    """A running ``TestServer`` shared by the test session."""
    with TestServer() as server:
        yield server
