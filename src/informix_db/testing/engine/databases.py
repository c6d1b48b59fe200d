"""The engine: a set of Informix databases, each one DuckDB database shared by sessions.

Without ``data_dir`` every database lives in memory for the engine's life;
with it, database ``name`` is the file ``<data_dir>/<name>.duckdb`` and
survives restarts together with its catalog, logging mode and locale.

``sysmaster`` is always there, logged, as on a real server (which creates it
with unbuffered logging and will not drop it); it is made at its first use,
so engines nobody asks about it cost nothing more. Its SMI tables list the
engine's databases (see ``smi``).
"""

from __future__ import annotations

import datetime
import os
import re
import threading

from informix_db.testing.engine import catalog, lobfuncs, smi
from informix_db.testing.engine.errors import InformixError
from informix_db.testing.engine.sbspace import Sbspace
from informix_db.testing.locales import encoding_of

MODES = ("logged", "buffered", "unlogged", "ansi")
DEFAULT_VERSION = "IBM Informix Dynamic Server Version 12.10.FC12"
DEFAULT_LOCALE = "en_US.819"
_NAME_RE = re.compile(r"^[a-z_][a-z0-9_$]{0,127}$")
SYSMASTER = smi.SYSMASTER
#: The sbspaces an engine has unless told otherwise: one, the default
#: (SBSPACENAME), so BLOB and CLOB work out of the box.
DEFAULT_SBSPACES = ("sbspace1",)


class Database:
    """One Informix database: its DuckDB instance, logging mode, locale, SERIAL counters."""

    def __init__(self, name: str, root, mode: str, locale: str,
                 created: datetime.date | None = None) -> None:
        self.name = name
        self.created = created or datetime.date.today()
        self.root = root  # the DuckDB connection every session's cursor comes from
        self.mode = mode
        self.locale = locale
        self.lock = threading.RLock()  # serialises SERIAL allocation
        self.serials: dict[tuple[str, str], int] = {}
        self.sessions = 0
        #: Bumped whenever any session changes the catalog (or ends a transaction that
        #: did): sessions drop their cached table descriptions when it moves.
        self.catalog_version = 0
        #: Runs the stored functions client SQL calls as DuckDB UDFs (spl/udf.py)
        self.routine_runner = None

    @property
    def encoding(self) -> str:
        """The Python codec of the database locale's code set (819 = Latin-1,
        57372 = UTF-8, ...)."""
        return encoding_of(self.locale)

    @property
    def logged(self) -> bool:
        return self.mode in ("logged", "buffered", "ansi")

    def connect(self):
        """A new DuckDB connection to this database (its own transaction context)."""
        return self.root.cursor()

    def close(self) -> None:
        if self.routine_runner is not None:
            self.routine_runner.close()
        try:
            self.root.close()
        except Exception:  # pragma: no cover - closing is best effort
            pass


class Engine:
    """Informix SQL semantics on DuckDB. Open sessions with ``open_session()``."""

    def __init__(self, data_dir: str | os.PathLike | None = None,
                 databases: dict[str, str] | None = None, threads: int = 1,
                 version: str = DEFAULT_VERSION, locale: str = DEFAULT_LOCALE,
                 memory_limit: str | None = None, blobspaces=(),
                 sbspaces=DEFAULT_SBSPACES) -> None:
        import duckdb  # noqa: F401 - fail early, clearly, when the extra is missing

        self.data_dir = os.fspath(data_dir) if data_dir is not None else None
        self.threads = threads
        self.version = version
        self.locale = locale
        self.memory_limit = memory_limit
        #: Blobspaces BYTE/TEXT columns may be stored IN (names, lower case)
        self.blobspaces = frozenset(b.lower() for b in blobspaces)
        if self.data_dir:
            os.makedirs(self.data_dir, exist_ok=True)
        #: Where BLOB/CLOB content lives (none: smart large objects are refused)
        self.sbspace = Sbspace(sbspaces, self.data_dir)
        self._dbs: dict[str, Database] = {}
        self._lock = threading.RLock()
        self._next_session = 1
        self.closed = False
        self._started = datetime.date.today()
        self._ready = False  # until every database on disk is open (then sysdatabases lists it)
        if self.data_dir:
            os.makedirs(self.data_dir, exist_ok=True)
        for name, mode in (databases or {}).items():
            if name.lower() == SYSMASTER:
                if mode != "logged":
                    raise ValueError(f"sysmaster is always logged, as Informix creates it;"
                                     f" it cannot be {mode!r}")
                continue
            if not self.exists(name):
                self.create_database(name, mode)
        if self.data_dir:
            for name in self.database_names():
                if name != SYSMASTER or os.path.exists(self._path(name)):
                    self.get(name)
        self._ready = True
        self._publish()

    # -- databases ------------------------------------------------------------
    def _path(self, name: str) -> str:
        return os.path.join(self.data_dir, name + ".duckdb")

    def _config(self) -> dict:
        # NULL sorts as the smallest value in Informix: first ascending, last descending
        # Division by zero is -1202 in Informix for every numeric type; DuckDB's
        # IEEE mode gives inf/NaN for floating division (and DuckDB's `/` is
        # always floating), so it is turned off: x/0, MOD(x,0) raise instead.
        # A logged-in client must not reach the host through DuckDB (read_csv,
        # glob, ATTACH, COPY TO, INSTALL): no file system or network access
        # beyond the database file itself, and no SET that turns it back on.
        cfg = {"threads": self.threads,
               "default_null_order": "nulls_first_on_asc_last_on_desc",
               "ieee_floating_point_ops": False,
               "enable_external_access": False,
               "lock_configuration": True}
        if self.memory_limit:
            cfg["memory_limit"] = self.memory_limit
        return cfg

    def exists(self, name: str) -> bool:
        name = name.lower()
        with self._lock:
            if name in self._dbs or name == SYSMASTER:
                return True
            return bool(self.data_dir) and os.path.exists(self._path(name))

    def database_names(self) -> list[str]:
        with self._lock:
            names = set(self._dbs) | {SYSMASTER}
            if self.data_dir:
                names.update(f[: -len(".duckdb")] for f in os.listdir(self.data_dir)
                              if f.endswith(".duckdb"))
            return sorted(names)

    def create_database(self, name: str, mode: str = "logged",
                        locale: str | None = None) -> Database:
        """Create database ``name``; InformixError(-330) if it exists."""

        name = name.lower()
        if mode not in MODES:
            raise ValueError(f"unknown database mode {mode!r}; expected one of {MODES}")
        if not _NAME_RE.match(name):
            raise InformixError(-330, token=name)
        with self._lock:
            if self.exists(name):
                raise InformixError(-330, -100, name)
            return self._create(name, mode, locale or self.locale)

    def _create(self, name: str, mode: str, locale: str) -> Database:
        import duckdb

        root = duckdb.connect(self._path(name) if self.data_dir else ":memory:",
                              config=self._config())
        db = Database(name, root, mode, locale)
        catalog.install(root, name, mode, db.locale)
        lobfuncs.register(root)
        if name == SYSMASTER:
            self._install_sysmaster(root)
        if self.data_dir:
            root.execute("CHECKPOINT")
        self._dbs[name] = db
        self._publish()
        return db

    @staticmethod
    def _install_sysmaster(root) -> None:
        root.execute("BEGIN TRANSACTION")
        smi.install_sysmaster(root)
        root.execute("COMMIT")

    # -- sysmaster:sysdatabases -------------------------------------------------
    def _smi_rows(self) -> list[tuple]:
        """One row per database for ``sysmaster:sysdatabases`` (sysmaster even before use)."""
        rows = [(db.name, "informix", db.created, db.mode, db.locale)
                for db in self._dbs.values()]
        if SYSMASTER not in self._dbs:
            rows.append((SYSMASTER, "informix", self._started, "logged", self.locale))
        return sorted(rows)

    def _publish(self) -> None:
        """Give every open database the current list of databases (under ``_lock``)."""
        if not self._ready:
            return
        rows = self._smi_rows()
        for db in self._dbs.values():
            cur = db.root.cursor()  # not the root itself: sessions take cursors from it
            try:
                smi.publish(cur, rows)
            finally:
                cur.close()

    def get(self, name: str) -> Database:
        """The open database ``name``; InformixError(-329) if there is none."""
        import duckdb

        name = name.lower()
        with self._lock:
            db = self._dbs.get(name)
            if db is not None:
                return db
            on_disk = bool(self.data_dir) and bool(_NAME_RE.match(name)) \
                and os.path.exists(self._path(name))
            if name == SYSMASTER and not on_disk:
                return self._create(SYSMASTER, "logged", self.locale)
            if not on_disk:
                raise InformixError(-329, -111, name)
            root = duckdb.connect(self._path(name), config=self._config())
            meta = catalog.read_meta(root)
            catalog.refresh(root)  # a file from an older engine lacks newer catalog views
            lobfuncs.register(root)
            mode = meta.get("mode", "logged")
            if name == SYSMASTER:  # a file an older engine made may say otherwise
                mode = "logged"
                self._install_sysmaster(root)
            created = meta.get("created")
            db = Database(name, root, mode, meta.get("locale", self.locale),
                          datetime.date.fromisoformat(created) if created else None)
            self._dbs[name] = db
            self._publish()
            return db

    def drop_database(self, name: str) -> None:
        """Drop database ``name``: -329 if missing, -425 while a session has it open."""
        name = name.lower()
        if name == SYSMASTER:  # Informix will not drop it either
            raise InformixError(-330, token=name)
        with self._lock:
            db = self.get(name)
            if db.sessions > 0:
                raise InformixError(-425, -107, name)
            db.close()
            del self._dbs[name]
            self._publish()
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
            self.sbspace.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
