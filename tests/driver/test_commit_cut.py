"""A connection lost during commit() says that the outcome is unknown."""

import pytest

from informix_db.exceptions import OperationalError
from informix_db.protocol import statement as st

from .cutting_proxy import CuttingProxy
from .dbapi_helpers import open_conn, table_name


class _Via:
    """The test server's address, seen through a proxy port."""

    def __init__(self, srv, port):
        self._srv, self.port, self.host = srv, port, "127.0.0.1"

    def __getattr__(self, name):
        return getattr(self._srv, name)


def _insert_then_commit_through_cut(server, table):
    with CuttingProxy((server.host, server.port), st.build_commit()) as proxy:
        conn = open_conn(_Via(server, proxy.port))
        cur = conn.cursor()
        cur.execute(f"INSERT INTO {table} VALUES (1)")
        with pytest.raises(OperationalError) as info:
            conn.commit()
        assert proxy.cut.is_set()
        return conn, info.value


@pytest.fixture
def table(server):
    name = table_name("cut")
    with open_conn(server, autocommit=True) as c:
        c.cursor().execute(f"CREATE TABLE {name} (id INT)")
    return name


def test_commit_cut_after_it_was_sent_says_the_outcome_is_unknown(server, table):
    conn, exc = _insert_then_commit_through_cut(server, table)
    assert "whether the transaction was committed is unknown" in str(exc)
    assert conn.broken


def test_connection_cut_during_commit_refuses_later_use(server, table):
    conn, _ = _insert_then_commit_through_cut(server, table)
    with pytest.raises(OperationalError, match="broken"):
        conn.cursor().execute("SELECT 1 FROM systables WHERE tabid = 1")


def test_server_commits_a_whole_commit_request_and_keeps_serving_others(server, table):
    _insert_then_commit_through_cut(server, table)
    with open_conn(server) as other:
        cur = other.cursor()
        cur.execute(f"SELECT COUNT(*) FROM {table}")
        # The whole COMMIT reached the server, so it committed: exactly what
        # the client could not know.
        assert cur.fetchone() == (1,)
