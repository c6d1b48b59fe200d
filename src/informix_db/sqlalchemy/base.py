"""The SQLAlchemy 2.x dialect for Informix over ``informix_db``.

URLs: ``informix://user:pw@host:9088/db?server=ol_informix`` (or
``informix+informix_db://...``).  Query options are ``informix_db.connect``'s
URL options (``server``, ``client_locale``, ``db_locale``,
``connect_timeout``, ``read_timeout``, ``keepalive``, ``fetch_buffer_size``);
``connect_args={"env": {...}}`` adds login environment variables.

What Informix lacks, and the dialect therefore says: RETURNING (a SERIAL's
value comes from ``cursor.lastrowid``, SQLAlchemy's "postfetch lastrowid"),
multi-row VALUES, ``INSERT ... DEFAULT VALUES``, comments, computed columns.
Result sets always stream from the server (fetch buffers), so
``stream_results`` needs no special cursor.
"""

from __future__ import annotations

import re

from sqlalchemy import types as sqltypes
from sqlalchemy.engine import default

from informix_db.sqlalchemy import compiler as ifxcompiler
from informix_db.sqlalchemy import types as ifxtypes
from informix_db.sqlalchemy.reflection import InformixReflection

#: SQLAlchemy isolation level -> Informix's SET ISOLATION form (which lasts for the
#: session, unlike SET TRANSACTION: SQLAlchemy sets a level once per connection)
ISOLATION_LEVELS = {
    "READ UNCOMMITTED": "DIRTY READ",
    "READ COMMITTED": "COMMITTED READ",
    "CURSOR STABILITY": "CURSOR STABILITY",
    # Informix's REPEATABLE READ locks what it reads: it is serializable
    "REPEATABLE READ": "REPEATABLE READ",
    "SERIALIZABLE": "REPEATABLE READ",
}
#: the level a new session has, by the database's logging mode (Informix's defaults)
_DEFAULT_LEVEL = {"logged": "READ COMMITTED", "ansi": "SERIALIZABLE",
                  "none": "READ UNCOMMITTED"}
_ISOLATION_ATTR = "_sqla_isolation_level"


class InformixExecutionContext(default.DefaultExecutionContext):
    def create_server_side_cursor(self):
        # every informix_db cursor reads its rows in fetch-buffer rounds
        return self._dbapi_connection.cursor()

    def fire_sequence(self, seq, type_):
        return self._execute_scalar(
            "SELECT %s.NEXTVAL FROM systables WHERE tabid = 1"
            % self.identifier_preparer.format_sequence(seq), type_)

    def get_lastrowid(self):
        return self.cursor.lastrowid

    def get_result_processor(self, type_, colname, coltype):
        if isinstance(type_, ifxtypes._SmartLob):
            # the locator read while the connection is open, as the row is made
            read = self._dbapi_connection.read_lob
            return lambda v: None if v is None else read(v)
        return super().get_result_processor(type_, colname, coltype)


class InformixDialect(InformixReflection, default.DefaultDialect):
    name = "informix"
    driver = "informix_db"

    supports_statement_cache = True
    paramstyle = "qmark"  # informix_db.paramstyle
    default_paramstyle = "qmark"
    positional = True

    statement_compiler = ifxcompiler.InformixCompiler
    ddl_compiler = ifxcompiler.InformixDDLCompiler
    type_compiler_cls = ifxcompiler.InformixTypeCompiler
    preparer = ifxcompiler.InformixIdentifierPreparer
    execution_ctx_cls = InformixExecutionContext

    max_identifier_length = 128
    supports_native_boolean = True
    supports_native_decimal = True
    supports_native_enum = False
    supports_sequences = True
    # a plain Integer primary key becomes SERIAL: a Sequence is only used when given
    sequences_optional = True
    postfetch_lastrowid = True
    insert_returning = update_returning = delete_returning = False
    update_returning_multifrom = delete_returning_multifrom = False
    implicit_returning = False
    favor_returning_over_lastrowid = False
    # Informix has no multi-row VALUES (nor RETURNING), so insertmanyvalues
    # has nothing to batch: a list of parameter sets goes to the driver's
    # executemany, which pipelines the EXECUTEs (measured: 20,000 rows of
    # three columns cost 2.3 us/row of CPU more through SQLAlchemy than
    # through cursor.executemany, test server in the same process).
    supports_multivalues_insert = False
    use_insertmanyvalues = False
    supports_empty_insert = False
    supports_default_values = False
    supports_default_metavalue = False
    supports_server_side_cursors = True
    server_side_cursors = False
    supports_comments = False
    supports_identity_columns = False
    supports_simple_order_by_label = True
    supports_is_distinct_from = True
    requires_name_normalize = False
    div_is_floordiv = False  # INTEGER / INTEGER is a DECIMAL quotient in Informix
    tuple_in_values = False
    supports_for_update_of = True

    colspecs = {
        sqltypes.Numeric: ifxtypes._Decimal,
        sqltypes.Float: ifxtypes._Float,
        sqltypes.Interval: ifxtypes.INTERVAL,
    }

    @classmethod
    def import_dbapi(cls):
        import informix_db

        return informix_db

    def create_connect_args(self, url):
        """``informix_db.connect`` arguments: host/port/user/password/database from
        the URL, its query options through the driver's own URL parser."""
        from informix_db.dsn import parse_dsn

        query = "&".join(f"{k}={v}" for k, v in url.query.items() if k != "delimident")
        opts = parse_dsn(f"informix://{url.host or 'localhost'}/?{query}") if query else {}
        opts.pop("host", None)
        opts.pop("port", None)
        kwargs = {"host": url.host or "localhost", "port": url.port or 9088, **opts}
        if url.username is not None:
            kwargs["user"] = url.username
        if url.password is not None:
            kwargs["password"] = url.password
        if url.database:
            kwargs["database"] = url.database
        # DELIMIDENT=y: "name" is an identifier (SQLAlchemy quotes names that need it)
        kwargs["delimident"] = url.query.get("delimident", "y").lower() not in (
            "n", "no", "0", "false")
        return [], kwargs

    def connect(self, *cargs, **cparams):
        # merged here so that connect_args={"env": {...}} keeps DELIMIDENT
        if cparams.pop("delimident", False):
            cparams["env"] = {"DELIMIDENT": "y", **(cparams.get("env") or {})}
        return self.loaded_dbapi.connect(*cargs, **cparams)

    def _get_server_version_info(self, connection):
        banner = connection.connection.dbapi_connection.server_version or ""
        m = re.search(r"(\d+)\.(\d+)", banner)
        return (int(m[1]), int(m[2])) if m else ()

    def _get_default_schema_name(self, connection):
        return connection.exec_driver_sql(
            "SELECT USER FROM systables WHERE tabid = 1").scalar().strip()

    def do_ping(self, dbapi_connection):
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1 FROM systables WHERE tabid = 1")
            cursor.fetchall()
        finally:
            cursor.close()
        return True

    def is_disconnect(self, e, connection, cursor):
        if connection is not None and getattr(connection, "closed", False):
            return True
        if isinstance(e, self.loaded_dbapi.OperationalError):
            return bool(getattr(connection, "broken", True))
        return isinstance(e, self.loaded_dbapi.InterfaceError) and "closed" in str(e)

    # -- isolation levels -------------------------------------------------

    def get_isolation_level_values(self, dbapi_connection):
        return ["AUTOCOMMIT", *ISOLATION_LEVELS]

    def set_isolation_level(self, dbapi_connection, level):
        if level == "AUTOCOMMIT":
            dbapi_connection.autocommit = True
            return
        dbapi_connection.autocommit = False
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SET ISOLATION TO " + ISOLATION_LEVELS[level])
        finally:
            cursor.close()
        setattr(dbapi_connection, _ISOLATION_ATTR, level)

    def get_isolation_level(self, dbapi_connection):
        # Informix has no catalog function for the session's level: what was
        # set, else the default of the database's logging mode.  SQLAlchemy's
        # default get_default_isolation_level reads this after its on-connect
        # setting, as it must.
        if getattr(dbapi_connection, "autocommit", False):
            return "AUTOCOMMIT"
        level = getattr(dbapi_connection, _ISOLATION_ATTR, None)
        if level is None:
            mode = getattr(dbapi_connection, "transaction_mode", "logged")
            level = _DEFAULT_LEVEL.get(mode, "READ COMMITTED")
        return level

    def _check_max_identifier_length(self, connection):
        return None
