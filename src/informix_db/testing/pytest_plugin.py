"""pytest fixtures for the SQLI test server.

Enable with ``pytest -p informix_db.testing.pytest_plugin`` or
``pytest_plugins = ["informix_db.testing.pytest_plugin"]`` in a conftest.

* ``informix_server``: one ``TestServer`` for the whole session
  (database ``testdb``, logged).
* ``informix_tls_server``: the same with a TLS listener on ``tls_port``
  and ``tls_ca``, the PEM file of the CA that signed its certificate.
"""

from __future__ import annotations

import pytest

from informix_db.testing import TestServer


@pytest.fixture(scope="session")
def informix_server():
    """A running ``TestServer`` shared by the test session."""
    with TestServer() as server:
        yield server


@pytest.fixture(scope="session")
def informix_tls_server(tmp_path_factory):
    """A running ``TestServer`` with a TLS listener on ``tls_port`` too.

    Its certificate (for ``IP:127.0.0.1`` and ``DNS:localhost``) is signed by
    a throw-away CA whose PEM file is ``server.tls_ca``: trust it with
    ``ssl.create_default_context(cafile=server.tls_ca)``.  Skips without the
    ``trustme`` (in the ``testing`` extra).
    """
    from informix_db.testing.certs import HAVE_TRUSTME, make_ca, make_leaf

    if not HAVE_TRUSTME:
        pytest.skip("the informix_tls_server fixture needs trustme")
    directory = tmp_path_factory.mktemp("informix-tls")
    ca = make_ca(directory, "informix-test")
    leaf = make_leaf(directory, "informix-server", "IP:127.0.0.1,DNS:localhost", ca)
    with TestServer(tls=leaf) as server:
        server.tls_ca = str(ca[0])
        yield server
