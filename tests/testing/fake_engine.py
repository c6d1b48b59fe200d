"""A tiny stand-in for the SQL engine, for testing the wire side alone.

sqlite3 underneath; only INTEGER, SERIAL, CHAR(n) and VARCHAR(n) columns;
the engine contract of docs/internals.md (open_session, open_database,
prepare, execute, Result.fetchmany, begin/commit/rollback, InformixError).
"""

from __future__ import annotations

import re
import sqlite3
import threading
from dataclasses import dataclass, field

from informix_db import types as T
from informix_db.exceptions import DatabaseError


class InformixError(DatabaseError):
    def __init__(self, sqlcode: int, isam: int = 0, token: str = "") -> None:
        super().__init__(f"{sqlcode}", sqlcode=sqlcode, isam_code=isam, token=token)


@dataclass
class Prepared:
    kind: str
    columns: list
    nparams: int
    sql: str


@dataclass
class Result:
    columns: list
    rowcount: int = -1
    serial: int | None = None
    serial8: int | None = None
    rows: list = field(default_factory=list)

    def fetchmany(self, n: int) -> list:
        out, self.rows = self.rows[:n], self.rows[n:]
        return out


_TYPE = re.compile(r"(\w+)\s+(integer|int|serial|char|varchar)\s*(?:\((\d+)\))?", re.I)
_CANNED = {
    "select dirpath from informix.systables where tabname = ' gl_collate'":
        ([("dirpath", T.ColumnType(T.SQLVCHAR, 64))], [("en_US.819",)]),
}


class Engine:
    def __init__(self, data_dir=None, databases=None, threads=1):
        self.databases = dict(databases or {"testdb": "logged"})
        self._db = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        self.lock = threading.RLock()
        self.tables: dict[str, dict[str, T.ColumnType]] = {}
        self.delay = 0.0  # seconds every execute sleeps (for kill tests)

    def open_session(self):
        return Session(self)

    def close(self):
        self._db.close()


class Session:
    def __init__(self, engine: Engine):
        self.e = engine
        self.database = None
        self.mode = None
        self.in_transaction = False

    def open_database(self, name):
        if name not in self.e.databases:
            raise InformixError(-329, -111, name)
        self.database, self.mode = name, self.e.databases[name]
        return "logged" if self.mode == "buffered" else self.mode

    def prepare(self, sql):
        if self.database is None:
            raise InformixError(-349)
        low = " ".join(sql.lower().split())
        if low in _CANNED:
            return Prepared("select", _CANNED[low][0], 0, sql)
        words = low.split()
        kind = words[0] if words else ""
        if kind == "create" and words[1] == "table":
            return Prepared("create_table", [], 0, sql)
        if kind == "select":
            return Prepared("select", self._select_columns(sql), sql.count("?"), sql)
        if kind in ("insert", "update", "delete", "drop"):
            table = words[2] if kind in ("insert", "delete", "drop") else words[1]
            if table not in self.e.tables:
                raise InformixError(-206, -111, table)
            cols = []
            if kind == "insert":
                # Like a real server, a prepared INSERT describes its target columns.
                cols = list(self.e.tables[table].items())
            return Prepared(kind, cols, sql.count("?"), sql)
        raise InformixError(-201)

    def _select_columns(self, sql):
        with self.e.lock:
            try:
                cur = self.e._db.execute(sql, [None] * sql.count("?"))
            except sqlite3.Error as exc:
                table = re.search(r"no such table: (\w+)", str(exc))
                raise InformixError(-206 if table else -201, -111 if table else 0,
                                    table.group(1) if table else "") from None
        known = {}
        for cols in self.e.tables.values():
            known.update(cols)
        return [(d[0], known.get(d[0].lower(), T.ColumnType(T.SQLINT, 4, False)))
                for d in cur.description]

    def execute(self, stmt, params=()):
        import time
        if self.e.delay:
            time.sleep(self.e.delay)
        with self.e.lock:
            low = " ".join(stmt.sql.lower().split())
            if low in _CANNED:
                cols, rows = _CANNED[low]
                return Result(cols, 0, rows=list(rows))
            if stmt.kind == "create_table":
                name = stmt.sql.split()[2].split("(")[0].lower()
                if name in self.e.tables:
                    raise InformixError(-310, 0, name)
                body = stmt.sql[stmt.sql.index("(") + 1: stmt.sql.rindex(")")]
                cols = {}
                for m in _TYPE.finditer(body):
                    kind = m.group(2).lower()
                    code = {"char": T.SQLCHAR, "varchar": T.SQLVCHAR,
                            "serial": T.SQLSERIAL}.get(kind, T.SQLINT)
                    cols[m.group(1).lower()] = T.ColumnType(code, int(m.group(3) or 4))
                self.e.tables[name] = cols
                self.e._db.execute(stmt.sql.replace("serial", "integer primary key autoincrement"))
                return Result([], 0)
            try:
                cur = self.e._db.execute(stmt.sql, list(params))
            except sqlite3.IntegrityError:
                raise InformixError(-268, -100, "u") from None
            if stmt.kind == "select":
                rows = [tuple(r) for r in cur.fetchall()]
                return Result(stmt.columns, 0, rows=rows)
            serial = cur.lastrowid if stmt.kind == "insert" else None
            return Result([], cur.rowcount, serial=serial)

    def begin(self):
        if self.mode == "unlogged":
            raise InformixError(-256)
        if self.in_transaction:
            raise InformixError(-535)
        self.in_transaction = True

    def commit(self):
        if not self.in_transaction:
            raise InformixError(-255)
        self.in_transaction = False

    def rollback(self):
        if not self.in_transaction:
            raise InformixError(-255)
        self.in_transaction = False

    def close(self):
        pass
