"""One prepared INSERT run for many parameter rows as ONE DuckDB statement.

All or nothing: ``execute_many`` returns one ``Result`` per row when every
row went in, or None (the session as it was) when the statement or the
values do not suit a batch or some row fails; the caller then runs the rows
one by one.  SERIAL values are worked out row by row first, as each row
would get them alone, and checked against what the statement wrote.

``BatchExecution`` is a part of ``session.Session``; the statement
template comes from ``batch``.
"""

from __future__ import annotations

from informix_db.testing.engine import batch as batch_mod
from informix_db.testing.engine.errors import InformixError
from informix_db.testing.engine.planner import Plan
from informix_db.testing.engine.results import Prepared, Result


class BatchExecution:
    """``Session.execute_many``."""

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
        """execute_many's work under the database lock: the slot values (row
        by row when SERIAL counters in *store* must advance as each row would
        advance them), then the one statement; None when it must run row by
        row instead."""
        try:
            work = self._batch_by_columns(p, rows)
            if work is None:
                work = self._batch_by_rows(p, rows, store)
        except InformixError:
            return None  # a value some row must fail on
        results, columns, expect = work
        if columns is None:
            return None
        return self._run_batch(p, rows, columns, expect, results)

    def _batch_by_columns(self, p: Plan, rows: list):
        """``(results, columns or None, [])`` worked out a slot at a time (the
        fast way), or None when only row by row is right: SERIALs, slots that
        depend on the row's turn, or a failure other than an Informix error
        (row by row then fails exactly as it always has)."""
        if p.serials:
            return None
        try:
            columns = self._slot_columns(p, rows)
        except InformixError:
            raise
        except Exception:
            return None
        if columns is None:
            return None
        results = [Result(rowcount=1, serial=0, serial8=0) for _ in rows]
        return results, batch_mod.typed_columns(columns), []

    def _batch_by_rows(self, p: Plan, rows: list, store: dict):
        """``(results, columns or None, expected SERIALs)`` worked out row by
        row, advancing SERIAL counters in *store* as each row would."""
        values = []
        results = []
        expect = []
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
        return results, batch_mod.column_lists(values), expect

    def _run_batch(self, p: Plan, rows: list, columns: list, expect: list,
                   results: list) -> list[Result] | None:
        """The one DuckDB statement of a batch; *results* when all rows went in
        (and wrote the *expect*ed SERIALs), else None."""
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


class _BatchMismatch(Exception):
    """A batch wrote other SERIAL values than its rows would have one by one."""
