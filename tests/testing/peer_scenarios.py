"""Scenarios run by the peer driver (informix-driver) in its own venv.

Usage: <peer python> peer_scenarios.py PORT SCENARIO; prints one JSON
document with what the peer saw.  Only the peer's public API is used.
"""

import json
import sys

import informix_db  # the PEER driver: this file runs in the peer's venv


def connect(port, **kw):
    return informix_db.connect("127.0.0.1", port, user="informix", password="in4mix",
                               database="testdb", read_timeout=20, **kw)


def select(port):
    with connect(port, autocommit=True) as c:
        cur = c.cursor()
        cur.execute("create table ps1 (a integer, b varchar(20))")
        cur.execute("insert into ps1 values (1, 'one')")
        cur.execute("insert into ps1 values (2, 'two')")
        cur.execute("select a, b from ps1 order by a")
        return {"rows": cur.fetchall(), "names": [d[0] for d in cur.description]}


def params(port):
    with connect(port, autocommit=True) as c:
        cur = c.cursor()
        cur.execute("create table ps2 (a integer, b varchar(20))")
        cur.execute("insert into ps2 values (?, ?)", (7, "seven"))
        cur.execute("insert into ps2 values (?, ?)", (8, None))
        cur.execute("select a, b from ps2 where a >= ? order by a", (7,))
        return {"rows": cur.fetchall()}


def dml(port):
    with connect(port, autocommit=True) as c:
        cur = c.cursor()
        cur.execute("create table ps3 (a integer)")
        counts = []
        for i in range(4):
            cur.execute("insert into ps3 values (?)", (i,))
            counts.append(cur.rowcount)
        cur.execute("update ps3 set a = a * 10 where a > ?", (1,))
        counts.append(cur.rowcount)
        cur.execute("delete from ps3")
        counts.append(cur.rowcount)
        return {"counts": counts}


def errors(port):
    with connect(port, autocommit=True) as c:
        cur = c.cursor()
        try:
            cur.execute("select * from no_such_table")
        except informix_db.DatabaseError as exc:
            first = [type(exc).__name__, exc.sqlcode, exc.isamcode, exc.near]
        cur.execute("select count(*) from systables where tabid = 1")
        return {"error": first, "after": cur.fetchall()}


def transactions(port):
    with connect(port) as c:
        cur = c.cursor()
        cur.execute("create table ps4 (a integer)")
        c.commit()
        cur.execute("insert into ps4 values (1)")
        c.commit()
        cur.execute("insert into ps4 values (2)")
        c.rollback()
        cur.execute("select a from ps4")
        rows = cur.fetchall()
        c.commit()
        return {"rows": rows}


def large(port):
    with connect(port, autocommit=True) as c:
        cur = c.cursor()
        cur.execute("create table ps5 (a integer, b varchar(80))")
        cur.executemany("insert into ps5 values (?, ?)",
                        [(i, "v" * (i % 80)) for i in range(1000)])
        cur.execute("select a, b from ps5 order by a")
        rows = cur.fetchall()
        return {"n": len(rows), "ok": rows == [(i, "v" * (i % 80)) for i in range(1000)]}


def scroll(port):
    with connect(port, autocommit=True) as c:
        cur = c.cursor()
        cur.execute("create table ps6 (a integer)")
        cur.executemany("insert into ps6 values (?)", [(i,) for i in range(6)])
        sc = c.cursor(scrollable=True)
        sc.execute("select a from ps6 order by a")
        got = [sc.fetch_last(), sc.fetch_first(), sc.fetch_absolute(4), sc.fetchone(),
               sc.fetch_absolute(60)]
        sc.close()
        return {"got": got}


def blobs(port):
    with connect(port, autocommit=True) as c:
        cur = c.cursor()
        cur.execute("create table ps7 (a integer, b byte, t text)")
        data = bytes(range(256)) * 9
        cur.execute("insert into ps7 values (?, ?, ?)", (1, data, "text " * 300))
        cur.execute("insert into ps7 values (?, ?, ?)", (2, None, None))
        cur.execute("select a, b, t from ps7 order by a")
        rows = cur.fetchall()
        return {"ok": rows == [(1, data, "text " * 300), (2, None, None)]}


def pipelined_error(port):
    with connect(port, autocommit=True) as c:
        cur = c.cursor()
        cur.execute("create table ps8 (a integer primary key)")
        try:
            cur.executemany("insert into ps8 values (?)", [(1,), (2,), (2,), (3,)])
            error = None
        except informix_db.DatabaseError as exc:
            error = exc.sqlcode
        cur.execute("select a from ps8 order by a")
        return {"error": error, "rows": cur.fetchall()}


def smart_lob(port):
    """Read the BLOB of row 1 of table jpeer (another client wrote it)."""
    import hashlib

    with connect(port, autocommit=True) as c:
        data = c.cursor().read_blob_column("SELECT b FROM jpeer WHERE id = ?", (1,))
        return {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def smart_lob_three_way(port, table, size):
    """Write row 3 of *table* with the test's payload of *size* bytes, then
    read rows 1-3 (ours and IBM JDBC wrote 1 and 2): their SHA-256."""
    import hashlib

    size = int(size)
    period = bytes((i * 13 + size) % 256 for i in range(251))
    data = (period * (size // 251 + 1))[:size]
    with connect(port, autocommit=True) as c:
        cur = c.cursor()
        cur.write_blob_column(f"INSERT INTO {table} VALUES (3, BLOB_PLACEHOLDER)", data)
        read = {}
        for i in (1, 2, 3):
            got = cur.read_blob_column(f"SELECT b FROM {table} WHERE id = ?", (i,))
            read[str(i)] = hashlib.sha256(got).hexdigest()
        return {"read": read}


def version(port):
    with connect(port, autocommit=True) as c:
        return {"version": c.server_version}


if __name__ == "__main__":
    result = globals()[sys.argv[2]](int(sys.argv[1]), *sys.argv[3:])
    print(json.dumps(result, default=str))
