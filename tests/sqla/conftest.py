"""Fixtures of the SQLAlchemy dialect tests: an engine on the shared test server."""

from __future__ import annotations

import itertools

import pytest

sqlalchemy = pytest.importorskip("sqlalchemy")

from sqlalchemy.dialects import registry  # noqa: E402

from informix_db.testing.pytest_plugin import informix_server  # noqa: E402,F401 - the fixture

# The entry points of pyproject.toml do this for an installed package; a
# source checkout on PYTHONPATH has no installed metadata of its own.
registry.register("informix", "informix_db.sqlalchemy", "InformixDialect")
registry.register("informix.informix_db", "informix_db.sqlalchemy", "InformixDialect")

_names = itertools.count()


def server_url(srv, driver: str = "informix") -> str:
    return (f"{driver}://{srv.user}:{srv.password}@{srv.host}:{srv.port}/testdb"
            f"?server={srv.server_name}&connect_timeout=5")


@pytest.fixture(scope="session")
def url(informix_server):  # noqa: F811 - the imported fixture, requested
    return server_url(informix_server)


@pytest.fixture(scope="session")
def driver_url(informix_server):  # noqa: F811 - the imported fixture, requested
    """The URL spelled with the driver: ``informix+informix_db://``."""
    return server_url(informix_server, "informix+informix_db")


@pytest.fixture(scope="session")
def engine(url):
    eng = sqlalchemy.create_engine(url)
    yield eng
    eng.dispose()


@pytest.fixture
def name():
    """A table name no other test uses."""
    return f"sa_t{next(_names)}"


@pytest.fixture
def metadata(engine):
    """A MetaData whose tables are dropped after the test."""
    md = sqlalchemy.MetaData()
    yield md
    md.drop_all(engine)
