"""One client session: the current database, prepared statements, statement dispatch.

A ``Session`` is put together from parts with one job each:
``transactions`` (BEGIN/COMMIT/ROLLBACK, the replay log, savepoints),
``slotvalues`` (per-execution values, SERIAL counters), ``streaming``
(SELECT results), ``writes`` (DML, DDL, SELECT INTO TEMP) and ``batchrun``
(``execute_many``).  This module holds the session state, the databases it
opens, PREPARE and the EXECUTE dispatch by statement kind.
"""

from __future__ import annotations

from informix_db import types as T
from informix_db.testing.engine import catalog, describe as describe_mod, lobfuncs
from informix_db.testing.engine.sbspace import Descriptors
from informix_db.testing.engine.batchrun import BatchExecution
from informix_db.testing.engine.catalog import TableInfo
from informix_db.testing.engine.errors import InformixError, map_duckdb_error
from informix_db.testing.engine.itypes import IfxType, use_row_types
from informix_db.testing.engine.lexer import delimident
from informix_db.testing.engine.planner import NOOP_KINDS, Plan, plan as make_plan
from informix_db.testing.engine.results import Column, Prepared, Result
from informix_db.testing.engine.slotvalues import SlotValues
from informix_db.testing.engine.spl.statements import EXECUTE_KINDS, Routines
from informix_db.testing.engine.streaming import ResultStreaming
from informix_db.testing.engine.transactions import TransactionControl
from informix_db.testing.engine.values import DEFAULT_DATE_FORMAT, text_rules
from informix_db.testing.engine.writes import Writes
from informix_db.testing.engine.xlate import render

#: CREATE TABLE ... AS SELECT makes plain integers of a query's serial columns.
_PLAIN_OF_SERIAL = {T.SQLSERIAL: T.SQLINT, T.SQLSERIAL8: T.SQLINT8,
                    T.SQLBIGSERIAL: T.SQLINFXBIGINT}


class Session(TransactionControl, SlotValues, ResultStreaming, Writes, BatchExecution, Routines):
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
        self._row_types: dict[str, str | None] = {}
        self._row_types_version = -1
        self._open: list[Result] = []  # results streaming from their own connections
        self._dml_table: str | None = None  # the table the running INSERT/UPDATE writes
        self._tx_ddl = False  # this transaction changed the catalog
        self._temp: dict[str, TableInfo] = {}
        self._temp_serials: dict[tuple[str, str], int] = {}
        self._streaming: Result | None = None
        self.last_serial = 0
        self.last_rowcount = 0
        self.closed = False
        #: How DATE values print as text: the client's DBDATE (values.dbdate_format)
        self.date_format = DEFAULT_DATE_FORMAT
        #: The client sent DELIMIDENT=y: ``"x"`` is a delimited identifier
        self.delimident = False
        #: The client's files (FILETOBLOB/LOTOFILE 'client'): set by the protocol
        #: session to its SQ_FILE dialog (testing.clientfiles); None: no client.
        self.client_files = None
        #: Smart-large-object descriptors open in this session (ifx_lo_open)
        self.lo_descriptors = Descriptors(engine.sbspace)

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
            self._drop_transaction()
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

    # -- statements -------------------------------------------------------------
    def _text_rules(self):
        """``values.text_rules`` of the open database (code set, ANSI strictness)."""
        utf8 = self._db is not None and self._db.encoding == "utf-8"
        return text_rules(utf8=utf8, strict=self.mode == "ansi", date_fmt=self.date_format)

    def prepare(self, sql: str) -> Prepared:
        """Parse and check ``sql``; SELECTs get their result columns."""
        with delimident(self.delimident):
            return self._prepare(sql)

    def _prepare(self, sql: str) -> Prepared:
        self._check_open()
        lobfuncs.activate(self)
        use_row_types(self._row_type_decl)
        routine_stmt = self._routine_prepare(sql)  # CREATE/DROP/EXECUTE FUNCTION|PROCEDURE
        if routine_stmt is not None:
            return routine_stmt
        planned = self._inline_sql(sql)  # stored functions called in expressions
        with self._text_rules():
            p = make_plan(planned, self._lookup_safe, self.mode == "ansi",
                          self._db.name if self._db is not None else None)
        if p.kind in ("select", "insert", "update", "delete", "select_into") or p.ddl:
            self._need_db()
        columns: list[Column] = []
        types: list[IfxType] = []
        if p.kind == "select":
            columns, types = self._describe(p)
        ptypes = [t.column_type() if t is not None else None for t in p.param_types]
        ptypes += [None] * (p.nparams - len(ptypes))
        targets = [Column(p.targets[i], p.written[i].column_type()) for i in sorted(p.targets)]
        keys: list[Column] = []
        names: list[str] = []
        if p.kind == "insert":
            keys = [Column(c, t.column_type()) for c, t in p.serials]
            info = self._lookup(p.name)
            names = [c for c, _ in info.columns] if info is not None else []
        return Prepared(p.kind, columns, p.nparams, sql, p, types, ptypes, targets, keys, names)

    def execute(self, stmt: Prepared | str, params=()) -> Result:
        """Run a prepared statement (or SQL text) with ``params``."""
        # routines and statements run here lex their SQL text as the client does
        with delimident(self.delimident):
            return self._execute(stmt, params)

    def _execute(self, stmt: Prepared | str, params=()) -> Result:
        self._check_open()
        lobfuncs.activate(self)
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
        if kind in EXECUTE_KINDS:
            return self._routine_execute(stmt, params)
        if p.ddl is not None:
            return self._ddl(p)
        if kind == "create_table_as":
            return self._create_table_as(p)
        if kind == "select_into":
            return self._select_into(p, params)
        return self._dml(p, params)

    def _create_table_as(self, p: Plan) -> Result:
        """CREATE TABLE ... AS SELECT: a table of the query's column types
        (NOT NULL and SERIAL not carried over), then INSERT ... SELECT."""
        query = self.prepare(p.query)
        if query.kind != "select":
            raise InformixError(-201, token="AS")
        names = p.new_columns or [c.name for c in query.columns]
        if len(names) != len(query.columns):
            raise InformixError(-236)
        defs = []
        for name, col in zip(names, query.columns):
            if not name or name.startswith("("):
                raise InformixError(-201, token="AS")  # an expression needs a name
            ct = col.type
            code = _PLAIN_OF_SERIAL.get(ct.sqltype, ct.sqltype)
            defs.append(f"{name} {T.type_text(T.ColumnType(code, ct.length, True, ct.extended_name))}")
        # a quoted owner keeps its case ('owner'.table is Informix syntax)
        owner = "'" + p.owner.replace("'", "''") + "'." if p.owner else ""
        self._execute(f"CREATE {'TEMP ' if p.temp else ''}TABLE {owner}{p.name}"
                      f" ({', '.join(defs)})")
        return self._execute(f"INSERT INTO {p.name} ({', '.join(names)}) {p.query}")

    def close(self) -> None:
        """End the session: an open transaction is rolled back."""
        if self.closed:
            return
        self.lo_descriptors.close_all()
        self._discard()
        if self._tx:
            self._drop_transaction()
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

    def _map(self, exc: Exception) -> InformixError:
        if isinstance(exc, InformixError):
            return exc
        raised = lobfuncs.take_error()  # by a smart-LOB routine, inside DuckDB
        if raised is not None:
            return raised
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

    def _row_type_decl(self, name: str) -> str | None:
        """Named ROW type *name*'s declaration (``itypes.use_row_types``)."""
        if self._db is None:
            return None
        version = self._db.catalog_version
        if version != self._row_types_version:
            self._row_types = {}
            self._row_types_version = version
        if name not in self._row_types:
            self._detach()
            self._auto_begin()
            self._row_types[name] = catalog.row_type_decl(self._conn, name)
        return self._row_types[name]

    def _lookup_safe(self, name: str) -> TableInfo | None:
        if self._db is None:
            raise InformixError(-349)
        self._detach()
        self._auto_begin()
        try:
            return self._lookup(name)
        except Exception as exc:
            raise self._fail(exc) from None

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
