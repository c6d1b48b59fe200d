"""A bulk round trip against the embedded test server, checked value by value.

    python -m informix_db.testing.bulk --rows 100000

Starts a ``TestServer`` on a free loopback port, creates a table with one
column of each common Informix type, loads *rows* rows with one
``executemany``, reads them back streamed (``fetchmany``) and compares every
value with what was inserted.  It prints the active implementation
(``informix_db.IMPLEMENTATION``) and rows/s for the load and for the fetch,
and exits with status 1 and the first mismatches when any value differs
(status 2 when the driver or the server fails).

Rows are a pure function of their index (``make_row``), so the check needs
no copy of what was sent; ``expected_row`` is what the check compares
against (tests replace it to prove a wrong value is caught).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from decimal import Decimal

import informix_db
from informix_db.connection import connect

__all__ = ["COLUMNS", "make_row", "expected_row", "run", "main", "create_doubled"]

#: (name, declared type) of the table's columns, in order; ``id`` is the key.
COLUMNS = (
    ("id", "INTEGER NOT NULL"),
    ("i8", "BIGINT"),
    ("amount", "DECIMAL(12,2)"),
    ("ratio", "FLOAT"),
    ("label", "VARCHAR(40)"),
    ("code", "CHAR(8)"),
    ("day", "DATE"),
    ("stamp", "DATETIME YEAR TO FRACTION(3)"),
    ("span", "INTERVAL DAY(5) TO SECOND"),
    ("flag", "BOOLEAN"),
)

_EPOCH = dt.date(1970, 1, 1)
_T0 = dt.datetime(2000, 1, 1)


def make_row(i: int) -> tuple:
    """Row *i* as inserted: varied values, a NULL in each nullable column now and then."""
    if i % 97 == 13:  # every nullable column NULL once in a while
        return (i,) + (None,) * (len(COLUMNS) - 1)
    sign = -1 if i % 2 else 1
    return (
        i,
        sign * (i * 1_000_003 + 2**40),
        Decimal(sign * (i * 7919 % 10**10)).scaleb(-2),
        sign * i / 7.0,
        f"row {i} " + "x" * (i % 20),
        f"c{i % 100000:05d}".ljust(8),  # CHAR(8): blank padding is kept on the way back
        _EPOCH + dt.timedelta(days=i % 40000 - 10000),
        _T0 + dt.timedelta(seconds=i * 37, milliseconds=i % 1000),
        dt.timedelta(days=sign * (i % 90000), seconds=i % 86400),
        bool(i % 3),
    )


def expected_row(i: int) -> tuple:
    """What row *i* must read back as (module-level so tests can replace it)."""
    return make_row(i)


def _create_sql(table: str) -> str:
    return f"CREATE TABLE {table} ({', '.join(f'{n} {t}' for n, t in COLUMNS)})"


def _insert_sql(table: str) -> str:
    return f"INSERT INTO {table} VALUES ({', '.join('?' * len(COLUMNS))})"


def _select_sql(table: str) -> str:
    return f"SELECT {', '.join(n for n, _ in COLUMNS)} FROM {table} ORDER BY id"


def _same(got, want) -> bool:
    # type() too: 1 == 1.0 == True would hide a decoding to the wrong type.
    return got == want and type(got) is type(want)


class Result:
    """Counts and timings of one run, and the first mismatches found."""

    def __init__(self) -> None:
        self.rows_loaded = 0
        self.rows_read = 0
        self.load_seconds = 0.0
        self.fetch_seconds = 0.0
        self.mismatches: list[str] = []
        self.mismatch_count = 0


def run(conn, rows: int, *, batch: int = 1000, table: str = "bulk_roundtrip",
        max_reported: int = 10) -> Result:
    """Create *table* on *conn*, load *rows* rows, read and check them."""
    res = Result()
    cur = conn.cursor()
    cur.execute(_create_sql(table))
    conn.commit()
    insert = _insert_sql(table)
    start = time.perf_counter()
    cur.executemany(insert, (make_row(i) for i in range(rows)))
    conn.commit()
    res.load_seconds = time.perf_counter() - start
    res.rows_loaded = cur.rowcount
    start = time.perf_counter()
    cur.arraysize = batch
    cur.execute(_select_sql(table))
    names = [d[0] for d in cur.description]
    expect_id = 0
    while chunk := cur.fetchmany():
        for got in chunk:
            want = expected_row(expect_id)
            for name, g, w in zip(names, got, want):
                if not _same(g, w):
                    res.mismatch_count += 1
                    if len(res.mismatches) < max_reported:
                        res.mismatches.append(
                            f"row {expect_id} column {name}: read {g!r}, inserted {w!r}")
            expect_id += 1
    res.fetch_seconds = time.perf_counter() - start
    res.rows_read = expect_id
    cur.close()
    return res


def create_doubled(cursor, table: str, rows: int, name: str = "row") -> None:
    """Create *table* ``(id INT, d DATE, amount DECIMAL(12,2), name VARCHAR(20))``
    holding ids 1..*rows*, made by INSERT ... SELECTs that double it: a million
    rows in 21 statements, with no rows crossing the wire."""
    cursor.execute(f"CREATE TABLE {table} (id INT, d DATE, amount DECIMAL(12,2), "
                   "name VARCHAR(20))")
    cursor.execute(f"INSERT INTO {table} VALUES (1, '01/01/2020', 0.01, ?)", (name,))
    have = 1
    while have < rows:
        take = min(have, rows - have)
        cursor.execute(f"INSERT INTO {table} SELECT id + {have}, d + {have % 3650} UNITS DAY, "
                       f"amount + {have}, name FROM {table} WHERE id <= {take}")
        have += take


def _rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f} rows/s" if seconds > 0 else "n/a"


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m informix_db.testing.bulk",
        description="Bulk round trip (executemany, streamed fetch, full check) "
                    "against the embedded SQLI test server.")
    p.add_argument("--rows", type=int, default=100_000, help="rows to load (default 100000)")
    p.add_argument("--batch", type=int, default=1000, help="rows per fetchmany (default 1000)")
    args = p.parse_args(argv)
    if args.rows < 1 or args.batch < 1:
        p.error("--rows and --batch must be positive")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    from informix_db.testing import TestServer  # needs the testing extra (DuckDB)

    print(f"informix_db {informix_db.__version__}, implementation: "
          f"{informix_db.IMPLEMENTATION}", flush=True)
    print("columns: " + ", ".join(t.replace(" NOT NULL", "") for _, t in COLUMNS), flush=True)
    try:
        with TestServer(databases={"bulkdb": "logged"}) as srv:
            with connect(srv.host, srv.port, srv.user, srv.password, "bulkdb",
                         srv.server_name, connect_timeout=10, read_timeout=None) as conn:
                res = run(conn, args.rows, batch=args.batch)
    except informix_db.Error as exc:
        print(f"FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    print(f"load : {res.rows_loaded} rows in {res.load_seconds:.2f}s "
          f"({_rate(res.rows_loaded, res.load_seconds)}) [executemany]")
    print(f"fetch: {res.rows_read} rows in {res.fetch_seconds:.2f}s "
          f"({_rate(res.rows_read, res.fetch_seconds)}) [fetchmany({args.batch})]")
    problems = []
    if res.rows_loaded != args.rows:
        problems.append(f"executemany reported {res.rows_loaded} rows, expected {args.rows}")
    if res.rows_read != args.rows:
        problems.append(f"read back {res.rows_read} rows, expected {args.rows}")
    if res.mismatch_count:
        problems.append(f"{res.mismatch_count} values differ from what was inserted:")
        problems.extend("  " + m for m in res.mismatches)
    if problems:
        sys.stdout.flush()
        print("MISMATCH: " + "\n".join(problems), file=sys.stderr)
        return 1
    print(f"OK: all {args.rows} rows x {len(COLUMNS)} columns read back equal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
