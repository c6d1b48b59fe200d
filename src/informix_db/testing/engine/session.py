"""One client session: the current database, its transaction, prepared statements.

Transactions follow the database's logging mode as Informix defines it:
unlogged databases have none (BEGIN WORK fails -256), logged ones
autocommit each statement unless BEGIN WORK opened one, ANSI ones are
always inside one (begun implicitly by the first statement).

A failed statement inside an Informix transaction fails alone; DuckDB
instead aborts the whole transaction. The session hides that by keeping
the log of the transaction's successful changes, with the exact values
bound (TODAY, CURRENT and SERIAL values included), and on an error rolling
back and replaying that log before reporting the error.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

from informix_db.testing.engine import batch as batch_mod, catalog, describe as describe_mod
from informix_db.testing.engine.catalog import TableInfo
from informix_db.testing.engine.errors import InformixError, map_duckdb_error
from informix_db.testing.engine.itypes import IfxType
from informix_db.testing.engine.literals import cut_datetime, matches_to_regex
from informix_db.testing.engine.planner import NOOP_KINDS, Plan, plan as make_plan
from informix_db.testing.engine.results import Column, Prepared, Result
from informix_db.testing.engine import dtext
from informix_db.testing.engine.values import (
    _DECIMAL_FAMILIES, bind_value, fetch_converter, round_written, text_rules,
)
from informix_db.testing.engine.xlate import render, slots_of


_TEXT_FAMILIES = ("char", "varchar", "lvarchar", "text")
#: Parameter types bind_value passes through unchanged (exact types: bool is an int).
_PLAIN = frozenset((int, float, str, bytes, bool, Decimal, _dt.date, _dt.datetime, _dt.time,
                    _dt.timedelta))


def _slot_recipe(p: Plan) -> list[tuple]:
    """Per slot of ``p``, what ``_slot_values`` does with it, worked out once per
    plan: ``(kind, arg1, arg2, text, char, dtext, written)`` where, for a user
    ``?``, arg1 is its index, arg2 its type, the flags say which conversions
    its type needs and ``written`` is the DECIMAL column it is rounded for."""
    recipe = p._slot_recipe
    if recipe is None:
        recipe = []
        ptypes = p.param_types
        for s in slots_of(p.tokens):
            if s[0] != "user":
                recipe.append((s[0], s[1] if len(s) > 1 else None,
                               s[2] if len(s) > 2 else None, False, False, False, None))
                continue
            i = s[1]
            t = ptypes[i] if i < len(ptypes) else None
            w = p.written.get(i)
            recipe.append(("user", i, t,
                           t is not None and t.family in _TEXT_FAMILIES,
                           t is not None and t.family == "char",
                           t is not None and t.family in dtext.FAMILIES,
                           w if w is not None and w.family in _DECIMAL_FAMILIES else None))
        p._slot_recipe = recipe
    return recipe


class Session:
    """A client session on an ``Engine`` (one DuckDB connection per open database)."""

    def __init__(self, engine, session_id: int, user: str = "informix") -> None:
        self.engine = engine
        self.id = session_id
        self.user = user
        self._db = None
        self._conn = None
        self._tx = False
        self._tx_log: list[tuple[str, list]] = []
        self._savepoints: list[tuple[str, int]] = []  # (name, position in the log)
        self._tables: dict[str, TableInfo | None] = {}  # catalog lookups, see _lookup
        self._tables_version = -1
        self._open: list[Result] = []  # results streaming from their own connections
        self._dml_table: str | None = None  # the table the running INSERT/UPDATE writes
        self._tx_ddl = False  # this transaction changed the catalog
        self._temp: dict[str, TableInfo] = {}
        self._temp_serials: dict[tuple[str, str], int] = {}
        self._streaming: Result | None = None
        self.last_serial = 0
        self.last_rowcount = 0
        self.closed = False

    # -- state ------------------------------------------------------------------
    @property
    def database(self) -> str | None:
        return self._db.name if self._db else None

    @property
    def mode(self) -> str | None:
        """``logged`` | ``buffered`` | ``unlogged`` | ``ansi``, or None without a database."""
        return self._db.mode if self._db else None

    @property
    def locale(self) -> str | None:
        """The locale the current database was created in, or None without one."""
        return self._db.locale if self._db else None

    @property
    def in_transaction(self) -> bool:
        return self._tx

    # -- databases ----------------------------------------------------------------
    def open_database(self, name: str) -> str:
        """Make ``name`` the current database (the DATABASE statement)."""
        db = self.engine.get(name)
        self._leave_database()
        self._db = db
        self._conn = db.connect()
        db.sessions += 1
        return db.mode

    def close_database(self) -> None:
        if self._db is None:
            raise InformixError(-349)
        self._leave_database()

    def _leave_database(self) -> None:
        if self._tx and (self.mode != "ansi" or self._tx_log):
            # Informix refuses to switch databases inside a transaction with work in it
            raise InformixError(-759)
        self._discard()
        if self._tx:  # ANSI: an empty implicit transaction just ends
            try:
                self._conn.execute("ROLLBACK")
            except Exception:
                pass
            self._tx = False
            self._reset_log()
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:  # pragma: no cover - best effort
                pass
        if self._db is not None:
            self._db.sessions -= 1
        self._db = None
        self._conn = None
        self._temp.clear()
        self._temp_serials.clear()

    # -- transactions -----------------------------------------------------------
    def begin(self) -> None:
        self._need_db()
        if not self._db.logged:
            raise InformixError(-256)
        if self._tx and (self.mode != "ansi" or self._tx_log):
            raise InformixError(-535)
        if not self._tx:
            self._detach()
            self._conn.execute("BEGIN TRANSACTION")
            self._tx = True
            self._reset_log()

    def commit(self) -> None:
        self._end("COMMIT")

    def rollback(self) -> None:
        self._end("ROLLBACK")

    def _end(self, what: str) -> None:
        self._need_db()
        if not self._db.logged:
            raise InformixError(-256)
        if not self._tx:
            if self.mode == "ansi":
                return  # an ANSI database is always in a (possibly empty) transaction
            raise InformixError(-255)
        self._detach()
        self._tx = False
        try:
            self._conn.execute(what)
        except Exception as exc:
            raise self._map(exc) from None
        finally:
            self._reset_log()  # after the COMMIT: others re-read what it published
        if what == "ROLLBACK":
            # temp tables created in the transaction are gone with it
            self._temp = {k: v for k, v in self._temp.items()
                          if self._table_exists(k)}

    def _reset_log(self) -> None:
        """A transaction ends or begins: nothing to replay, no savepoints."""
        self._tx_log = []
        self._savepoints = []
        if self._tx_ddl:
            self._catalog_changed()
            self._tx_ddl = False

    def _catalog_changed(self) -> None:
        """Make every session re-read table descriptions."""
        if self._db is not None:
            with self._db.lock:
                self._db.catalog_version += 1

    # Savepoints: DuckDB has none, but the replay log gives them for free: a
    # savepoint is a position in the log; rolling back to it replays the log
    # up to there.
    def savepoint(self, name: str) -> None:
        """``SAVEPOINT name``: remember this point of the open transaction."""
        self._need_db()
        self._auto_begin()
        if not self._tx:
            raise InformixError(-255)
        self._savepoints = [(n, k) for n, k in self._savepoints if n != name]
        self._savepoints.append((name, len(self._tx_log)))

    def rollback_to_savepoint(self, name: str | None = None) -> None:
        """``ROLLBACK TO SAVEPOINT [name]``: undo the work done since it (latest if no name)."""
        self._need_db()
        if not self._tx:
            raise InformixError(-255)
        names = [n for n, _ in self._savepoints]
        if not self._savepoints or (name is not None and name not in names):
            raise InformixError(-83, token=name or "")
        at = len(names) - 1 if name is None else len(names) - 1 - names[::-1].index(name)
        keep = self._savepoints[at][1]
        self._savepoints = self._savepoints[: at + 1]
        self._detach()
        self._tx_log = self._tx_log[:keep]
        self._recover()
        self._temp = {k: v for k, v in self._temp.items() if self._table_exists(k)}

    def release_savepoint(self, name: str) -> None:
        """``RELEASE SAVEPOINT name``: forget it and every later savepoint."""
        self._need_db()
        names = [n for n, _ in self._savepoints]
        if name not in names:
            raise InformixError(-83, token=name)
        self._savepoints = self._savepoints[: names.index(name)]

    def _auto_begin(self) -> None:
        if self.mode == "ansi" and not self._tx:
            self._detach()
            self._conn.execute("BEGIN TRANSACTION")
            self._tx = True
            self._reset_log()

    def _recover(self) -> None:
        """After a DuckDB error: undo the aborted transaction and redo its good part."""
        if not self._tx:
            return
        log = list(self._tx_log)
        self._catalog_changed()  # cached descriptions may include undone DDL
        try:
            self._conn.execute("ROLLBACK")
        except Exception:
            pass
        self._conn.execute("BEGIN TRANSACTION")
        try:
            for sql, params in log:
                self._conn.execute(sql, params)
        except Exception:
            # Replay impossible (others' committed changes interfere): the
            # transaction is lost, as after a long-transaction abort.
            try:
                self._conn.execute("ROLLBACK")
            except Exception:
                pass
            self._tx = False
            self._reset_log()
            raise InformixError(-458) from None

    # -- statements -------------------------------------------------------------
    def _text_rules(self):
        """``values.text_rules`` of the open database (code set, ANSI strictness)."""
        utf8 = self._db is not None and self._db.encoding == "utf-8"
        return text_rules(utf8=utf8, strict=self.mode == "ansi")

    def prepare(self, sql: str) -> Prepared:
        """Parse and check ``sql``; SELECTs get their result columns."""
        self._check_open()
        with self._text_rules():
            p = make_plan(sql, self._lookup_safe, self.mode == "ansi")
        if p.kind in ("select", "insert", "update", "delete", "select_into") or p.ddl:
            self._need_db()
        columns: list[Column] = []
        types: list[IfxType] = []
        if p.kind == "select":
            columns, types = self._describe(p)
        ptypes = [t.column_type() if t is not None else None for t in p.param_types]
        ptypes += [None] * (p.nparams - len(ptypes))
        return Prepared(p.kind, columns, p.nparams, sql, p, types, ptypes)

    def execute(self, stmt: Prepared | str, params=()) -> Result:
        """Run a prepared statement (or SQL text) with ``params``."""
        self._check_open()
        if isinstance(stmt, str):
            stmt = self.prepare(stmt)
        params = list(params or ())
        if len(params) != stmt.nparams:
            raise InformixError(-254)
        p = stmt.plan
        kind = p.kind
        if kind == "database":
            self.open_database(p.name)
            return Result()
        if kind == "close_database":
            self.close_database()
            return Result()
        if kind == "create_database":
            if self._tx and (self.mode != "ansi" or self._tx_log):
                raise InformixError(-759)
            self.engine.create_database(p.name, p.mode)
            self.open_database(p.name)
            return Result()
        if kind == "drop_database":
            if self._db is not None and self._db.name == p.name:
                raise InformixError(-425, -107, p.name)
            self.engine.drop_database(p.name)
            return Result()
        if kind == "begin":
            self.begin()
            return Result()
        if kind == "commit":
            self.commit()
            return Result()
        if kind == "rollback":
            self.rollback()
            return Result()
        if kind == "savepoint":
            self.savepoint(p.name)
            return Result()
        if kind == "rollback_to_savepoint":
            self.rollback_to_savepoint(p.name or None)
            return Result()
        if kind == "release_savepoint":
            self.release_savepoint(p.name)
            return Result()
        self._need_db()
        if kind in NOOP_KINDS:
            return Result()
        if kind == "select":
            return self._select(stmt, params)
        if p.ddl is not None:
            return self._ddl(p)
        if kind == "select_into":
            return self._select_into(p, params)
        return self._dml(p, params)

    def execute_many(self, stmt: Prepared, rows: list) -> list[Result] | None:
        """Run a prepared INSERT once per parameter row, all rows as one statement.

        All or nothing: returns one ``Result`` per row when every row went in,
        or None, with the session as it was, when the statement or the values
        do not suit a batch or some row fails; the caller then runs the rows
        one by one with ``execute``, which gives each row its own outcome (the
        error names the failing row, the rows before it stay).  Raises only
        when restoring the transaction after a failed batch is impossible (-458).
        """
        self._check_open()
        p = stmt.plan
        if self._db is None or p is None or p.kind != "insert" or len(rows) < 2:
            return None
        if not p._batch_done:
            p._batch = batch_mod.template(p)
            p._batch_done = True
        if p._batch is None or any(len(r) != stmt.nparams for r in rows):
            return None
        if p.serials and not all(
                i is None or type(r[i]) is int
                for i in p.serial_params.values() for r in rows):
            return None  # a SERIAL given otherwise than as an int (or NULL): row by row
        self._detach()
        self._auto_begin()
        with self._db.lock:
            store = self._serial_store(p.name) if p.serials else {}
            keys = [(p.name, c) for c, _ in p.serials]
            saved = {k: store[k] for k in keys if k in store}
            results = None
            try:
                results = self._batch_rows(p, rows, store)
            finally:
                if results is None:
                    for k in keys:  # counters advance only with rows written
                        store.pop(k, None)
                    store.update(saved)
        if results is None:
            return None
        last = results[-1]
        self.last_rowcount = 1
        if last.serial or last.serial8:
            self.last_serial = last.serial or last.serial8
        return results

    def _batch_rows(self, p: Plan, rows: list, store: dict) -> list[Result] | None:
        """execute_many's work under the database lock: the slot values row by
        row (advancing SERIAL counters in *store* as each row would), then the
        one statement; None when it must run row by row instead."""
        values = []
        results = []
        expect = []
        try:
            for r in rows:
                row = self._slot_values(p, list(r))
                serial = serial8 = 0
                written = []
                for col, t in p.serials:
                    key = (p.name, col)
                    i = p.serial_params[col]
                    given = r[i] if i is not None else None
                    value = store[key] + 1 if i is None or given == 0 else given
                    store[key] = max(store[key], value)
                    written.append(value)
                    if t.sqltype == 6:  # SERIAL
                        serial = value
                    else:
                        serial8 = value
                values.append(row)
                expect.append(tuple(written))
                results.append(Result(rowcount=1, serial=serial, serial8=serial8))
        except InformixError:
            return None  # a value the row itself must fail on
        columns = batch_mod.column_lists(values)
        if columns is None:
            return None
        # With SERIALs the statement's own counts are checked against those
        # worked out above before the rows may stay: in a transaction of its
        # own when the session has none.
        own_tx = bool(p.serials) and not self._tx
        try:
            if own_tx:
                self._conn.execute("BEGIN TRANSACTION")
            res = self._conn.execute(p._batch, columns)
            if p.serials:
                ok = [tuple(x) for x in res.fetchall()] == expect
            else:
                (count,) = res.fetchone() or (0,)
                ok = count == len(rows)
            if not ok:
                raise _BatchMismatch()
            if own_tx:
                self._conn.execute("COMMIT")
        except Exception:
            if own_tx:
                try:
                    self._conn.execute("ROLLBACK")
                except Exception:
                    pass
            else:
                self._recover()  # the failing row is found one by one
            return None
        if self._tx:
            self._tx_log.append((p._batch, columns))
        return results

    def close(self) -> None:
        """End the session: an open transaction is rolled back."""
        if self.closed:
            return
        self._discard()
        if self._tx:
            try:
                self._conn.execute("ROLLBACK")
            except Exception:
                pass
            self._tx = False
        try:
            self._leave_database()
        finally:
            self.closed = True

    # -- helpers ------------------------------------------------------------------
    def _check_open(self) -> None:
        if self.closed:
            raise InformixError(-908, token="session closed")

    def _need_db(self) -> None:
        if self._db is None:
            raise InformixError(-349)

    def _discard(self) -> None:
        """Drop open results without reading them (the session is leaving)."""
        if self._streaming is not None:
            self._streaming.close()
        for result in self._open:
            result.close()
        self._open = []

    def _detach(self) -> None:
        if self._streaming is not None:
            self._streaming._materialize()

    def _map(self, exc: Exception) -> InformixError:
        if isinstance(exc, InformixError):
            return exc
        import duckdb

        if not isinstance(exc, duckdb.Error):
            return InformixError(-201, token=str(exc)[:40])

        def unique_kind(cols):
            try:
                c = self._db.connect()
                try:
                    kind, name = catalog.unique_kind(c, cols, self._dml_table)
                finally:
                    c.close()
            except Exception:
                kind, name = "constraint", ""
            # IBM's drivers report a broken PRIMARY KEY/UNIQUE constraint as
            # -268 in a database with logging and as -239 (the UNIQUE INDEX
            # error) in one without (FINDINGS.md item 4, 4Js migration notes).
            if kind == "constraint" and self.mode == "unlogged":
                kind = "index"
            return kind, name
        return map_duckdb_error(exc, unique_kind=unique_kind)

    def _fail(self, exc: Exception) -> InformixError:
        """Map a DuckDB error and restore the transaction it aborted."""
        err = self._map(exc)
        self._recover()
        return err

    def _table_exists(self, name: str) -> bool:
        rows = self._conn.execute(
            "SELECT 1 FROM duckdb_tables() WHERE table_name = ? AND temporary", [name]).fetchall()
        return bool(rows)

    def _lookup(self, name: str) -> TableInfo | None:
        if name in self._temp:
            return self._temp[name]
        version = self._db.catalog_version
        if version != self._tables_version:
            self._tables = {}
            self._tables_version = version
        if name not in self._tables:
            self._tables[name] = catalog.lookup(self._conn, name)
        return self._tables[name]

    def _lookup_safe(self, name: str) -> TableInfo | None:
        if self._db is None:
            raise InformixError(-349)
        self._detach()
        self._auto_begin()
        try:
            return self._lookup(name)
        except Exception as exc:
            raise self._fail(exc) from None

    def _slot_values(self, p: Plan, params: list) -> list:
        now = None
        values = []
        encoding = self._db.encoding
        for kind, a, b, text, char, dtx, written in _slot_recipe(p):
            if kind == "user":
                v = params[a]
                if v is not None and type(v) not in _PLAIN:
                    v = bind_value(v)
                if text and isinstance(v, bytes):
                    v = v.decode(encoding, errors="replace")  # TEXT sent as bytes
                if char and isinstance(v, str):
                    v = v.rstrip(" ")  # CHAR compares without trailing blanks, as stored
                if dtx and isinstance(v, str):
                    v = dtext.convert(v, b)  # text laid out like the qualifier
                if written is not None:  # stored: rounded as the column holds it
                    v = round_written(v, written)
                values.append(v)
            elif kind == "text":  # a string literal written to a DATETIME/INTERVAL column
                values.append(dtext.convert(a, b))
            elif kind == "matches":
                v = params[a]
                values.append(None if v is None else matches_to_regex(str(v), b))
            elif kind == "today":
                now = now or _dt.datetime.now()
                values.append(now.date())
            elif kind == "current":
                now = now or _dt.datetime.now()
                values.append(cut_datetime(now, a, b))
            elif kind == "dbinfo":
                values.append(self._dbinfo(a))
            elif kind == "serial":
                values.append(self._serial_base(p.name, a))
            else:  # pragma: no cover - the planner makes no other slots
                raise InformixError(-201, token=str(kind))
        return values

    def _dbinfo(self, key: str):
        if key == "version":
            return self.engine.version
        if key == "dbname":
            return self._db.name if self._db else None
        if key == "sqlca.sqlerrd1":
            return self.last_serial
        if key == "sqlca.sqlerrd2":
            return self.last_rowcount
        if key == "sessionid":
            return self.id
        if key == "dbhostname":
            return "localhost"
        if key == "utc_current":
            return int(_dt.datetime.now(_dt.timezone.utc).timestamp())
        raise InformixError(-201, token=key)

    # SERIAL counters live in the Database (shared by sessions, never rolled back).
    def _serial_key(self, table: str, col: str):
        return (table, col)

    def _serial_store(self, table: str) -> dict:
        return self._temp_serials if table in self._temp else self._db.serials

    def _serial_base(self, table: str, col: str) -> int:
        store = self._serial_store(table)
        key = (table, col)
        if key not in store:
            info = self._lookup(table)
            t = info.column(col)
            (top,) = self._conn.execute(f'SELECT max("{col}") FROM "{table}"').fetchone()
            store[key] = max(int(top or 0), t.size - 1)
        return store[key]

    def _describe(self, p: Plan):
        self._detach()
        self._auto_begin()
        sql = render(p.tokens, "describe")
        try:
            rel = self._conn.sql(sql)
            names, types = list(rel.columns), [str(t) for t in rel.types]
        except Exception as exc:
            raise self._fail(exc) from None
        with self._text_rules():  # literals are CHARs of their length in bytes
            cols = describe_mod.select_columns(p.tokens, names, types, self._lookup)
        columns = [Column(n, t.column_type(nullable)) for n, t, nullable in cols]
        return columns, [t for _, t, _ in cols]

    def _run(self, sql: str, values: list, log: bool):
        try:
            res = self._conn.execute(sql, values)
        except Exception as exc:
            raise self._fail(exc) from None
        if log and self._tx:
            self._tx_log.append((sql, values))
        return res

    def _select(self, stmt: Prepared, params: list) -> Result:
        p = stmt.plan
        utf8 = self._db.encoding == "utf-8"
        conv = [fetch_converter(t, utf8) for t in stmt.ifx_types]
        conv = conv if any(conv) else None
        values = self._slot_values(p, params)
        if self.mode != "ansi" and not self._tx and not self._uses_temp(p):
            # Outside a transaction a SELECT gets a connection of its own, so several
            # cursors can stream at once; autocommit sees the same committed data.
            conn = self._db.connect()
            try:
                conn.execute(p.rendered(), values)
            except Exception as exc:
                conn.close()
                raise self._map(exc) from None
            result = Result(stmt.columns, 0, session=self, converters=conv, conn=conn,
                            owns_conn=True)
            self._open = [r for r in self._open if not r._done] + [result]
            return result
        self._detach()
        self._auto_begin()
        self._run(p.rendered(), values, log=False)
        result = Result(stmt.columns, 0, session=self, converters=conv)
        self._streaming = result
        return result

    def _uses_temp(self, p: Plan) -> bool:
        """Whether the statement names one of this session's temp tables."""
        return bool(self._temp) and any(
            t.kind == "word" and t.text.lower() in self._temp for t in p.tokens)

    def _select_into(self, p: Plan, params: list) -> Result:
        self._detach()
        self._auto_begin()
        columns, types = self._describe(p)
        sql = f'CREATE TEMP TABLE "{p.name}" AS ' + render(p.tokens)
        values = self._slot_values(p, params)
        self._run(sql, values, log=True)
        self._temp[p.name] = TableInfo(0, p.name, [(c.name, t) for c, t in zip(columns, types)],
                                       temp=True)
        (count,) = self._conn.execute(f'SELECT count(*) FROM "{p.name}"').fetchone()
        self.last_rowcount = count
        return Result(rowcount=count)

    def _dml(self, p: Plan, params: list) -> Result:
        self._detach()
        self._auto_begin()
        sql = p.rendered()
        with self._db.lock:  # SERIAL counters: read, use and advance atomically
            values = self._slot_values(p, params)
            self._dml_table = p.name  # names the table of a duplicate-key error
            try:
                res = self._run(sql, values, log=True)
            finally:
                self._dml_table = None
            serial = serial8 = 0
            if p.serials:
                rows = res.fetchall()
                count = len(rows)
                store = self._serial_store(p.name)
                for k, (col, t) in enumerate(p.serials):
                    written = [r[k] for r in rows if r[k] is not None]
                    if not written:
                        continue
                    key = (p.name, col)
                    store[key] = max(store.get(key, 0), max(written))
                    if t.sqltype == 6:  # SERIAL
                        serial = written[-1]
                    else:
                        serial8 = written[-1]
            else:
                (count,) = res.fetchone() or (0,)
        self.last_rowcount = count
        if serial or serial8:
            self.last_serial = serial or serial8
        return Result(rowcount=count, serial=serial, serial8=serial8)

    def _ddl(self, p: Plan) -> Result:
        self._detach()
        self._auto_begin()
        d = p.ddl
        own_tx = not self._tx
        try:
            if own_tx:  # DDL and its catalog rows land together or not at all
                self._conn.execute("BEGIN TRANSACTION")
            for stmt in d.statements:
                self._conn.execute(stmt)
                if self._tx:
                    self._tx_log.append((stmt, []))
            logging_conn = _LoggingConn(self._conn, self._tx_log if self._tx else None)
            if d.record is not None:
                d.record(logging_conn, self)
            if d.view is not None:
                self._record_view(logging_conn, *d.view)
            if own_tx:
                self._conn.execute("COMMIT")
        except Exception as exc:
            if own_tx:
                try:
                    self._conn.execute("ROLLBACK")
                except Exception:
                    pass
                raise self._map(exc) from None
            raise self._fail(exc) from None
        self._catalog_changed()
        if self._tx:
            self._tx_ddl = True
        if d.temp_table is not None:
            name, cols = d.temp_table
            self._temp[name] = TableInfo(0, name, cols, temp=True)
        if d.drops_table:
            if d.drops_table in self._temp:
                del self._temp[d.drops_table]
                self._temp_serials = {k: v for k, v in self._temp_serials.items()
                                      if k[0] != d.drops_table}
            else:
                with self._db.lock:
                    self._db.serials = {k: v for k, v in self._db.serials.items()
                                        if k[0] != d.drops_table}
        if d.creates_table and not d.temp_table:
            with self._db.lock:
                self._db.serials = {k: v for k, v in self._db.serials.items()
                                    if k[0] != d.creates_table}
        return Result()


    def _record_view(self, conn, name: str, names, select) -> None:
        """Keep a new view's column types (declared ones where they come from tables)."""
        rel = self._conn.sql(render(select, "describe"))
        with self._text_rules():
            cols = describe_mod.select_columns(select, list(rel.columns),
                                               [str(t) for t in rel.types], self._lookup)
        if names and len(names) == len(cols):
            cols = [(n, t, nullable) for n, (_, t, nullable) in zip(names, cols)]
        columns = [(n, t.with_notnull(not nullable)) for n, t, nullable in cols]
        catalog.add_table(conn, name, columns, tabtype="V")


class _BatchMismatch(Exception):
    """A batch wrote other SERIAL values than its rows would have one by one."""


class _LoggingConn:
    """A connection wrapper that logs catalog writes for transaction replay."""

    def __init__(self, conn, log) -> None:
        self._conn = conn
        self._log = log

    def execute(self, sql, params=None):
        res = self._conn.execute(sql, params or [])
        if self._log is not None and not sql.lstrip().upper().startswith("SELECT"):
            self._log.append((sql, list(params or [])))
        return res

    def executemany(self, sql, rows):
        for r in rows:
            self.execute(sql, r)
