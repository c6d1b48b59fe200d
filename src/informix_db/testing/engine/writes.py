"""Statements of a session that write: INSERT/UPDATE/DELETE, DDL, SELECT INTO TEMP.

Each runs inside the session's transaction (or, for DDL outside one, a
transaction of its own so the DuckDB DDL and its catalog rows land together)
and is logged for replay; INSERTs advance the SERIAL counters past the
values they wrote.

``Writes`` is a part of ``session.Session``.
"""

from __future__ import annotations

from informix_db.testing.engine import catalog, describe as describe_mod
from informix_db.testing.engine.catalog import TableInfo
from informix_db.testing.engine.lexer import STRING, WORD
from informix_db.testing.engine.planner import Plan
from informix_db.testing.engine.results import Result
from informix_db.testing.engine.transactions import LoggingConn
from informix_db.testing.engine.xlate import render


class Writes:
    """The writing statements of a ``Session``."""

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
            keys: list[tuple] = []
            if p.serials:
                rows = keys = res.fetchall()
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
        return Result(rowcount=count, serial=serial, serial8=serial8, keys=keys)

    def _ddl(self, p: Plan) -> Result:
        d = p.ddl
        if d.storage is not None:  # BLOB/CLOB, or BYTE/TEXT IN a blobspace
            d.storage.check(self.engine.blobspaces, self.engine.sbspace.names)
        self._detach()
        self._auto_begin()
        own_tx = not self._tx
        try:
            if own_tx:  # DDL and its catalog rows land together or not at all
                self._conn.execute("BEGIN TRANSACTION")
            for stmt in d.statements:
                self._conn.execute(stmt)
                if self._tx:
                    self._tx_log.append((stmt, []))
            logging_conn = LoggingConn(self._conn, self._tx_log if self._tx else None)
            if d.record is not None:
                d.record(logging_conn, self)
            if d.view is not None:
                self._record_view(logging_conn, *d.view, p.sql)
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

    def _record_view(self, conn, name: str, names, select, text: str) -> None:
        """Keep a new view's column types (declared ones where they come from tables)."""
        rel = self._conn.sql(render(select, "describe"))
        with self._text_rules():
            cols = describe_mod.select_columns(select, list(rel.columns),
                                               [str(t) for t in rel.types], self._lookup)
        if names and len(names) == len(cols):
            cols = [(n, t, nullable) for n, (_, t, nullable) in zip(names, cols)]
        columns = [(n, t.with_notnull(not nullable)) for n, t, nullable in cols]
        tabid = catalog.add_table(conn, name, columns, tabtype="V")
        catalog.record_view(conn, tabid, text.strip(), self._view_bases(select))

    def _view_bases(self, select) -> list[tuple[int, str]]:
        """The tables and views a view's SELECT names after FROM, JOIN or a comma there."""
        bases: dict[int, str] = {}
        after_from = False
        for prev, tok in zip([None, *select], select):
            if tok.is_("FROM"):
                after_from = True
            elif tok.is_("WHERE", "GROUP", "ORDER", "HAVING", "UNION"):
                after_from = False
            if tok.kind in (WORD, STRING) and prev is not None and (
                    prev.is_("FROM", "JOIN", "OUTER") or (after_from and prev.text == ",")):
                info = self._lookup(tok.text.lower())
                if info is not None and not info.temp and info.tabid:
                    bases[info.tabid] = "V" if self._is_view(info.tabid) else "T"
        return sorted(bases.items())

    def _is_view(self, tabid: int) -> bool:
        row = self._conn.execute("SELECT tabtype FROM __ifx_tables WHERE tabid = ?",
                                 [tabid]).fetchone()
        return bool(row) and row[0] == "V"
