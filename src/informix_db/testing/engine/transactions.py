"""Transactions of a session: BEGIN/COMMIT/ROLLBACK per logging mode, the
replay log, savepoints.

Transactions follow the database's logging mode as Informix defines it:
unlogged databases have none (BEGIN WORK fails -256), logged ones
autocommit each statement unless BEGIN WORK opened one, ANSI ones are
always inside one (begun implicitly by the first statement).

A failed statement inside an Informix transaction fails alone; DuckDB
instead aborts the whole transaction. The session hides that by keeping
the log of the transaction's successful changes, with the exact values
bound (TODAY, CURRENT and SERIAL values included), and on an error rolling
back and replaying that log before reporting the error.

``TransactionControl`` is a part of ``session.Session`` (it uses the
session's ``_db``, ``_conn``, ``_tx``, ``_tx_log``, ``_savepoints``,
``_tx_ddl`` and ``_temp``).
"""

from __future__ import annotations

from informix_db.testing.engine.errors import InformixError


class TransactionControl:
    """The transaction operations of a ``Session``."""

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

    def _drop_transaction(self) -> None:
        """Roll DuckDB's transaction back without a word and forget it
        (the session ends, leaves its database, or cannot replay)."""
        try:
            self._conn.execute("ROLLBACK")
        except Exception:
            pass  # DuckDB may have ended it already
        self._tx = False
        self._reset_log()

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
            self._drop_transaction()
            raise InformixError(-458) from None

    def _fail(self, exc: Exception) -> InformixError:
        """Map a DuckDB error and restore the transaction it aborted."""
        err = self._map(exc)
        self._recover()
        return err

    def _run(self, sql: str, values: list, log: bool):
        try:
            res = self._conn.execute(sql, values)
        except Exception as exc:
            raise self._fail(exc) from None
        if log and self._tx:
            self._tx_log.append((sql, values))
        return res


class LoggingConn:
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
