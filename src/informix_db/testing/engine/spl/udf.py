"""Stored functions called from client SQL whose body is not one expression.

``inline`` expands a function whose body RETURNs one expression into the
statement.  Any other function (variables, loops, RAISE EXCEPTION, calls of
other routines) runs in the SPL interpreter through a DuckDB Python UDF
registered on the database: ``SELECT f(col) FROM t`` calls the interpreter
once per row, as Informix runs the routine once per row.

The UDF runs inside the client's query, which holds the session's DuckDB
connection, so the routine runs in a session of its own on the same
database (one per database, serialised by a lock).  That session sees what
is committed; an SQL statement inside the routine would run outside the
client's transaction, so it is refused with -999 naming the routine instead
of run with other semantics (expressions, which only compute, run as
usual).  A routine created in the client's still uncommitted transaction is
not visible to it (-674).

DuckDB calls Python UDFs through numpy; without numpy such a function stays
-999 ("not implemented"), as before.
"""

from __future__ import annotations

import hashlib
import inspect
import threading

from informix_db.testing.engine.errors import InformixError
from informix_db.testing.engine.spl import nodes as n

NOT_IMPLEMENTED = -999
_PREFIX = "__ifx_udf_"


def available() -> bool:
    """Whether DuckDB can call Python UDFs here (it needs numpy)."""
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


def udf_name(routine: n.Routine) -> str:
    """The DuckDB function of ``routine``: its name, arity and a digest of its text
    (a routine dropped and created again with another body gets a new one)."""
    digest = hashlib.sha1(routine.text.encode("utf-8", "replace")).hexdigest()[:12]
    return f"{_PREFIX}{routine.name}_{len(routine.params)}_{digest}"


class _Refusing:
    """Makes the routine session refuse SQL statements (see the module doc)."""

    def __init__(self, routine: str) -> None:
        self._routine = routine

    def __call__(self, *args, **kwargs):
        raise InformixError(NOT_IMPLEMENTED, token=self._routine)


class RoutineRunner:
    """The session and lock the UDFs of one database run routines in."""

    def __init__(self, engine, db) -> None:
        self._engine = engine
        self._db = db
        self._lock = threading.RLock()
        self._session = None
        self.registered: set[str] = set()

    def _open(self):
        if self._session is None:
            s = self._engine.open_session()
            # the database without counting as a client's session (DROP DATABASE
            # is not held up by it: Database.close closes it)
            s._db = self._db
            s._conn = self._db.connect()
            self._session = s
        return self._session

    def run(self, routine: n.Routine, args: tuple):
        """The first value ``routine`` returns for ``args`` (None when it returns no row).
        Errors leave DuckDB as text it maps back (``errors.map_duckdb_error``)."""
        with self._lock:
            try:
                s = self._open()
                s.execute = _Refusing(routine.name)  # statements; expressions use s._conn
                rows = s._interpreter().rows(routine, list(args))
                first = next(iter(rows), None)
                return None if first is None else first[0]
            except InformixError as exc:
                raise ValueError(f"IFX{exc.sqlcode}|{exc.token}") from None
            except RecursionError:
                raise ValueError(f"IFX-201|{routine.name}") from None

    def close(self) -> None:
        with self._lock:
            if self._session is not None:
                try:
                    self._session._conn.close()
                except Exception:  # pragma: no cover - best effort
                    pass
            self._session = None


def register(db, engine, routine: n.Routine) -> str:
    """Register ``routine`` as a DuckDB function of database ``db`` (once) and
    return its name; -999 naming the routine when that cannot be done."""
    if len(routine.returns) != 1 or not available():
        raise InformixError(NOT_IMPLEMENTED, token=routine.name)
    runner = db.routine_runner
    if runner is None:
        runner = db.routine_runner = RoutineRunner(engine, db)
    name = udf_name(routine)
    if name in runner.registered:
        return name
    params = [p.type.duck for p in routine.params]
    result = routine.returns[0][0].duck

    def call(*args):
        return runner.run(routine, args)

    # DuckDB checks the arity against the Python signature
    call.__signature__ = inspect.Signature(
        [inspect.Parameter(f"a{k}", inspect.Parameter.POSITIONAL_ONLY) for k in range(len(params))])

    try:
        db.root.create_function(name, call, params, result, null_handling="special",
                                side_effects=True)
    except Exception as exc:  # e.g. a type DuckDB cannot pass to Python
        raise InformixError(NOT_IMPLEMENTED, token=routine.name) from exc
    runner.registered.add(name)
    return name
