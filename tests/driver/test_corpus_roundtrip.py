"""The driver's leg of the three-way agreement: every corpus value, round-tripped.

For each type of the shared conformance corpus (tests/conformance/corpus.py)
our driver creates the corpus table on the TestServer, inserts every row
with bound parameters (executemany, as the other clients use prepared
inserts) and reads them back; what it decodes must be the corpus'
expected value, compared by ``conformance.checks.mismatches`` exactly as
the IBM JDBC and peer suites compare theirs.  BYTE/TEXT contents come
through SQ_FETCHBLOB while the cursor is open.  The server encodes, IBM
JDBC decodes (test_jdbc_roundtrip), our driver decodes (here).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .dbapi_helpers import open_conn

sys.path.insert(0, str(Path(__file__).parents[1]))
from conformance import corpus  # noqa: E402
from conformance.checks import mismatches  # noqa: E402

testing = pytest.importorskip("informix_db.testing")

def driver_case(case: corpus.Case) -> corpus.Case:
    """The corpus case as our driver reports it: exactly the corpus' value.
    CHAR/NCHAR keep their blank padding (informix_db.codecs.strings), as IBM
    JDBC's getString does; only the peer driver strips it."""
    return case


@pytest.fixture(scope="module")
def conn():
    with testing.TestServer(databases={"testdb": "logged"}) as srv:
        with open_conn(srv, autocommit=True) as c:
            yield c


def _params(case):
    return [(i, row.sent) for i, row in enumerate(case.rows)]


@pytest.mark.parametrize("case", corpus.CASES, ids=lambda c: c.id)
def test_driver_reads_back_every_corpus_value(conn, case):
    cur = conn.cursor()
    cur.execute(corpus.create_table_sql(case, "d"))
    cur.executemany(corpus.insert_sql(case, "d"), _params(case))
    assert cur.rowcount == len(case.rows)
    cur.execute(corpus.select_sql(case, "d"))
    assert mismatches(driver_case(case), cur.fetchall()) == []
