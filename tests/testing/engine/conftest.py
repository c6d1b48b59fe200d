"""Fixtures for direct tests of the engine (no sockets)."""

from __future__ import annotations

import pytest

pytest.importorskip("duckdb")

from informix_db.testing.engine import Engine, InformixError  # noqa: E402


@pytest.fixture
def engine():
    eng = Engine(databases={"testdb": "logged"})
    yield eng
    eng.close()


@pytest.fixture
def session(engine):
    s = engine.open_session()
    s.open_database("testdb")
    yield s
    s.close()


@pytest.fixture
def other(engine):
    """A second session on the same database."""
    s = engine.open_session()
    s.open_database("testdb")
    yield s
    s.close()


def run(s, sql, params=()):
    """Execute ``sql``; the rows of a SELECT, else the Result."""
    stmt = s.prepare(sql)
    res = s.execute(stmt, params)
    if stmt.kind == "select":
        return res.fetchall()
    return res


def error_of(s, sql, params=()) -> InformixError:
    """The InformixError that executing ``sql`` raises."""
    with pytest.raises(InformixError) as info:
        run(s, sql, params)
    return info.value


@pytest.fixture
def q(session):
    """``q(sql, params)`` on the default session: rows of a SELECT, else the Result."""
    return lambda sql, params=(): run(session, sql, params)


@pytest.fixture
def err(session):
    """``err(sql, params)``: the InformixError executing it on the default session raises."""
    return lambda sql, params=(): error_of(session, sql, params)


@pytest.fixture
def runner():
    """``runner(session, sql, params)`` for tests with several sessions."""
    return run


@pytest.fixture
def error_in():
    return error_of
