"""Fixtures for the partitioned-extraction tests: the session's test server,
a picklable connection factory to it, and tables made once."""

from __future__ import annotations

import datetime
import os
from decimal import Decimal

import pytest

from informix_db.partitions import connection_factory
from informix_db.testing.bulk import create_doubled
from informix_db.testing.pytest_plugin import informix_server  # noqa: F401 - the fixture

#: Rows of the big table the Dask and Ray tests read (the issue asks for
#: 1M; INFORMIX_DB_PARTITION_ROWS=100000 makes a quicker run).
BIG_ROWS = int(os.environ.get("INFORMIX_DB_PARTITION_ROWS", "1000000"))


@pytest.fixture(scope="session")
def factory(informix_server):  # noqa: F811 - the fixture imported above
    srv = informix_server
    return connection_factory(host=srv.host, port=srv.port, user=srv.user,
                              password=srv.password, database="testdb",
                              server=srv.server_name, autocommit=True)


def _rows():
    """Rows of ``part_mix``: negatives, NULLs in every column now and then,
    the INTEGER range's edges (Informix keeps -2147483648 for NULL)."""
    base = datetime.datetime(2021, 3, 14, 1, 59, 26)
    out = []
    for i in range(-40, 260):
        null = i % 11 == 0
        out.append((None if null else i,
                    None if i % 13 == 0 else datetime.date(2020, 2, 28) + datetime.timedelta(days=i),
                    None if i % 17 == 0 else base + datetime.timedelta(seconds=977 * i),
                    None if i % 19 == 0 else Decimal(i * 37).scaleb(-2),
                    None if i % 23 == 0 else i * 0.25,
                    f"name{i}"))
    out.append((2147483647, datetime.date(9999, 12, 31), None, Decimal("-99999999.99"), 1e300, "max"))
    out.append((-2147483647, datetime.date(1, 1, 1), None, Decimal("99999999.99"), -1e300, "min"))
    return out


@pytest.fixture(scope="session")
def mix_table(factory):
    """``part_mix`` and its rows (as the driver reads them back)."""
    conn = factory()
    cur = conn.cursor()
    cur.execute("CREATE TABLE part_mix (id INT, d DATE, ts DATETIME YEAR TO SECOND, "
                "amount DECIMAL(10,2), f FLOAT, name VARCHAR(20))")
    cur.executemany("INSERT INTO part_mix VALUES (?, ?, ?, ?, ?, ?)", _rows())
    cur.execute("CREATE TABLE part_empty (id INT, d DATE)")
    cur.execute("CREATE TABLE part_nulls (id INT, d DATE)")
    cur.executemany("INSERT INTO part_nulls VALUES (?, ?)", [(None, None)] * 5)
    cur.execute("CREATE TABLE part_one (id INT)")
    cur.executemany("INSERT INTO part_one VALUES (?)", [(7,)] * 3)
    cur.execute("SELECT * FROM part_mix")
    rows = cur.fetchall()
    conn.close()
    return "part_mix", rows


@pytest.fixture(scope="session")
def big_table(factory):
    """``part_big``: BIG_ROWS rows, id 1..BIG_ROWS."""
    conn = factory()
    create_doubled(conn.cursor(), "part_big", BIG_ROWS)
    conn.close()
    return "part_big", BIG_ROWS
