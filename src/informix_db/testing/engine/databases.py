"""The engine: a set of Informix databases, each one DuckDB database shared by sessions.

Without ``data_dir`` every database lives in memory for the engine's life;
with it, database ``name`` is the file ``<data_dir>/<name>.duckdb`` and
survives restarts together with its catalog, logging mode and locale.
"""

from __future__ import annotations

import os
import re
import threading

from informix_db.testing.engine import catalog
from informix_db.testing.engine.errors import InformixError

MODES = ("logged", "buffered", "unlogged", "ansi")
DEFAULT_VERSION = "IBM Informix Dynamic Server Version 12.10.FC12"
DEFAULT_LOCALE = "en_US.819"
_NAME_RE = re.compile(r"^[a-z_][a-z0-9_$]{0,127}$")


class Database:
    """One Informix database: its DuckDB instance, logging mode, locale, SERIAL counters."""

    def __init__(self, name: str, root, mode: str, locale: str) -> None:
        self.name = name
        self.root = root  # the DuckDB connection every session's cursor comes from
        self.mode = mode
        self.locale = locale
        self.lock = threading.RLock()  # serialises SERIAL allocation
        self.serials: dict[tuple[str, str], int] = {}
        self.sessions = 0
        #: Bumped whenever any session changes the catalog (or ends a transaction that
        #: did): sessions drop their cached table descriptions when it moves.
        self.catalog_version = 0

    @property
    def encoding(self) -> str:
        """The Python codec of the database locale (code set 819 or 57372 = UTF-8)."""
        return "latin-1" if self.locale.endswith(".819") else "utf-8"

    @property
    def logged(self) -> bool:
        return self.mode in ("logged", "buffered", "ansi")

    def connect(self):
        """A new DuckDB connection to this database (its own transaction context)."""
        return self.root.cursor()

    def close(self) -> None:
        try:
            self.root.close()
        except Exception:  # pragma: no cover - closing is best effort
            pass


class Engine:
    """Informix SQL semantics on DuckDB. Open sessions with ``open_session()``."""

    def __init__(self, data_dir: str | os.PathLike | None = None,
                 databases: dict[str, str] | None = None, threads: int = 1,
                 version: str = DEFAULT_VERSION, locale: str = DEFAULT_LOCALE,
                 memory_limit: str | None = None) -> None:
        import duckdb  # noqa: F401 - fail early, clearly, when the extra is missing

        self.data_dir = os.fspath(data_dir) if data_dir is not None else None
        self.threads = threads
        self.version = version
        self.locale = locale
        self.memory_limit = memory_limit
        self._dbs: dict[str, Database] = {}
        self._lock = threading.RLock()
        self._next_session = 1
        self.closed = False
        if self.data_dir:
            os.makedirs(self.data_dir, exist_ok=True)
        for name, mode in (databases or {}).items():
            if not self.exists(name):
                self.create_database(name, mode)

    # -- databases ------------------------------------------------------------
    def _path(self, name: str) -> str:
        return os.path.join(self.data_dir, name + ".duckdb")

    def _config(self) -> dict:
        # NULL sorts as the smallest value in Informix: first ascending, last descending
        # Division by zero is -1202 in Informix for every numeric type; DuckDB's
        # IEEE mode gives inf/NaN for floating division (and DuckDB's `/` is
        # always floating), so it is turned off: x/0, MOD(x,0) raise instead.
        cfg = {"threads": self.threads,
               "default_null_order": "nulls_first_on_asc_last_on_desc",
               "ieee_floating_point_ops": False}
        if self.memory_limit:
            cfg["memory_limit"] = self.memory_limit
        return cfg

    def exists(self, name: str) -> bool:
        name = name.lower()
        with self._lock:
            if name in self._dbs:
                return True
            return bool(self.data_dir) and os.path.exists(self._path(name))

    def database_names(self) -> list[str]:
        with self._lock:
            names = set(self._dbs)
            if self.data_dir:
                names.update(f[: -len(".duckdb")] for f in os.listdir(self.data_dir)
                              if f.endswith(".duckdb"))
            return sorted(names)

    def create_database(self, name: str, mode: str = "logged",
                        locale: str | None = None) -> Database:
        """Create database ``name``; InformixError(-330) if it exists."""
        import duckdb

        name = name.lower()
        if mode not in MODES:
            raise ValueError(f"unknown database mode {mode!r}; expected one of {MODES}")
        if not _NAME_RE.match(name):
            raise InformixError(-330, token=name)
        with self._lock:
            if self.exists(name):
                raise InformixError(-330, -100, name)
            root = duckdb.connect(self._path(name) if self.data_dir else ":memory:",
                                  config=self._config())
            db = Database(name, root, mode, locale or self.locale)
            catalog.install(root, name, mode, db.locale)
            if self.data_dir:
                root.execute("CHECKPOINT")
            self._dbs[name] = db
            return db

    def get(self, name: str) -> Database:
        """The open database ``name``; InformixError(-329) if there is none."""
        import duckdb

        name = name.lower()
        with self._lock:
            db = self._dbs.get(name)
            if db is not None:
                return db
            if not (self.data_dir and _NAME_RE.match(name) and os.path.exists(self._path(name))):
                raise InformixError(-329, -111, name)
            root = duckdb.connect(self._path(name), config=self._config())
            meta = catalog.read_meta(root)
            catalog.refresh(root)  # a file from an older engine lacks newer catalog views
            db = Database(name, root, meta.get("mode", "logged"), meta.get("locale", self.locale))
            self._dbs[name] = db
            return db

    def drop_database(self, name: str) -> None:
        """Drop database ``name``: -329 if missing, -425 while a session has it open."""
        name = name.lower()
        with self._lock:
            db = self.get(name)
            if db.sessions > 0:
                raise InformixError(-425, -107, name)
            db.close()
            del self._dbs[name]
            if self.data_dir:
                for suffix in ("", ".wal"):
                    path = self._path(name) + suffix
                    if os.path.exists(path):
                        os.remove(path)

    # -- sessions -------------------------------------------------------------
    def open_session(self, user: str = "informix"):
        """A new client session (no database open yet)."""
        from informix_db.testing.engine.session import Session

        with self._lock:
            if self.closed:
                raise InformixError(-908, token="engine closed")
            sid = self._next_session
            self._next_session += 1
        return Session(self, sid, user)

    def close(self) -> None:
        """Close every database (files are checkpointed by DuckDB on close)."""
        with self._lock:
            self.closed = True
            for db in self._dbs.values():
                db.close()
            self._dbs.clear()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
