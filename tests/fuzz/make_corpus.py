"""Write the fuzz seeds our test server gives (tests/fuzz/corpus/), from its trace.

    python tests/fuzz/make_corpus.py

A table with a column of every common type, NULLs included, is selected
through the driver; the DESCRIBE reply and the fetch reply that follows,
a fetched BYTE value's SQ_BLOB reply and an error reply are kept as seeds
beside the IBM JDBC captures.  Re-run it when the server's replies change.
"""

from __future__ import annotations

import datetime
import decimal
import tempfile
from pathlib import Path

from informix_db import connect
from informix_db.testing import TestServer

CORPUS = Path(__file__).resolve().parent / "corpus"
SQ_DESCRIBE, SQ_ERR, SQ_BLOB = 8, 13, 39

COLUMNS = ("i INT, s SMALLINT, b BIGINT, f FLOAT, sf SMALLFLOAT, d DECIMAL(12,2), "
           "m MONEY(8,2), c CHAR(10), v VARCHAR(20), lv LVARCHAR(200), dt DATE, "
           "ts DATETIME YEAR TO FRACTION(3), iv INTERVAL DAY(5) TO SECOND, "
           "ym INTERVAL YEAR TO MONTH, ok BOOLEAN, raw BYTE")
ROW = (1, -2, 2**40, 1.5, 0.25, decimal.Decimal("1234.56"), decimal.Decimal("7.50"), "char",
       "varchar", "lvarchar " * 5, datetime.date(2026, 12, 4),
       datetime.datetime(2026, 12, 4, 3, 4, 5, 678000), datetime.timedelta(days=3, seconds=7),
       None, True, b"\x00\x01bytes")


def _server_pdus(trace: Path) -> list[bytes]:
    pdus, take = [], False
    for line in trace.read_text().splitlines():
        if line.startswith("# session") and " s->c " in line:
            take = True
        elif take and not line.startswith("#"):
            pdus.append(bytes.fromhex(line.strip()))
            take = False
    return pdus


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        trace = Path(tmp) / "trace.log"
        with TestServer(trace=str(trace)) as srv:
            conn = connect(srv.host, srv.port, srv.user, srv.password, "testdb",
                           srv.server_name, autocommit=True)
            cur = conn.cursor()
            cur.execute(f"CREATE TABLE seeds ({COLUMNS})")
            cur.execute("INSERT INTO seeds VALUES (" + ", ".join("?" * len(ROW)) + ")", ROW)
            cur.execute("INSERT INTO seeds (i) VALUES (NULL)")
            cur.execute("SELECT * FROM seeds ORDER BY i")
            cur.fetchall()
            try:
                cur.execute("SELECT nosuch FROM seeds")
            except Exception:  # noqa: BLE001 - the error reply is the seed
                pass
            conn.close()
        pdus = _server_pdus(trace)
    code = [int.from_bytes(p[:2], "big", signed=True) for p in pdus]
    last_describe = max(i for i, c in enumerate(code) if c == SQ_DESCRIBE
                        and b"raw" in pdus[i] and i + 1 < len(pdus))
    seeds = {"statement/all_types.bin": pdus[last_describe] + pdus[last_describe + 1],
             "reply/error.bin": next(p for p, c in zip(pdus, code) if c == SQ_ERR)}
    blobs = [p for p, c in zip(pdus, code) if c == SQ_BLOB]
    if blobs:
        seeds["blob/fetched.bin"] = blobs[0]
    for name, data in seeds.items():
        path = CORPUS / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{path.relative_to(CORPUS.parent.parent.parent)}: {len(data)} bytes")


if __name__ == "__main__":
    main()
