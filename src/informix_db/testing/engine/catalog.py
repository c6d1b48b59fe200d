"""The declared-type catalog kept inside each database, and the system tables.

Each Informix database is one DuckDB database holding, beside the user's
tables, three engine tables (``__ifx_meta``, ``__ifx_tables``,
``__ifx_columns``, ``__ifx_indexes``) and the ``systables``/``syscolumns``
views built on them. Living in the same database makes the catalog
transactional with the DDL that changes it and persistent with the file.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from informix_db.testing.engine import catalog_tables, smi, syscat, virtual
from informix_db.testing.engine.spl import routinecat
from informix_db.testing.engine.itypes import IfxType, parse_type

#: tabid of the first user table, as in Informix.
FIRST_USER_TABID = 100

#: name -> (tabid, tabtype, declared columns) of every catalog table and view.
SYSTEM_TABLES = catalog_tables.BY_NAME

_DDL = [
    "CREATE TABLE IF NOT EXISTS __ifx_meta (key VARCHAR, value VARCHAR)",
    "CREATE TABLE IF NOT EXISTS __ifx_tables (tabid INTEGER, tabname VARCHAR, owner VARCHAR,"
    " tabtype VARCHAR, created DATE, dirpath VARCHAR)",
    "CREATE TABLE IF NOT EXISTS __ifx_columns (tabid INTEGER, colno INTEGER, colname VARCHAR,"
    " decl VARCHAR, coltype INTEGER, collength INTEGER)",
    "CREATE TABLE IF NOT EXISTS __ifx_indexes (idxname VARCHAR, tabid INTEGER, cols VARCHAR,"
    " kind VARCHAR)",
    # the names given to CHECK ('C') and FOREIGN KEY ('R') constraints, which DuckDB
    # does not keep: ord numbers a table's constraints of that kind as declared
    "CREATE TABLE IF NOT EXISTS __ifx_connames (tabid INTEGER, kind VARCHAR, ord INTEGER,"
    " name VARCHAR)",
    # named ROW types: each one's whole declaration (a subtype's with its parent's fields)
    "CREATE TABLE IF NOT EXISTS __ifx_rowtypes (name VARCHAR PRIMARY KEY, decl VARCHAR,"
    " parent VARCHAR)",
]

# The SMALLINT columns of the catalog (rowsize, colno, coltype, ...) hold
# INTEGERs, as user SMALLINT columns do (itypes.SMALLINT): arithmetic on them
# is INTEGER arithmetic, and they still describe as SMALLINT.
_VIEWS = [
    """CREATE OR REPLACE VIEW systables AS
    SELECT t.tabname, t.owner, CAST(1048576 + t.tabid AS INTEGER) AS partnum, t.tabid,
           CAST(0 AS INTEGER) AS rowsize,
           CAST((SELECT count(*) FROM __ifx_columns c WHERE c.tabid = t.tabid) AS INTEGER)
             AS ncols,
           CAST((SELECT count(*) FROM __ifx_indexes i WHERE i.tabid = t.tabid) AS INTEGER)
             AS nindexes,
           CAST(coalesce((SELECT max(d.estimated_size) FROM duckdb_tables() d
                           WHERE d.table_name = t.tabname AND d.schema_name = 'main'
                             AND d.database_name = current_database()), 0) AS DOUBLE) AS nrows,
           t.created, CAST(0 AS INTEGER) AS version, t.tabtype, 'R' AS locklevel,
           CAST(0 AS DOUBLE) AS npused, 16 AS fextsize, 16 AS nextsize,
           CAST(0 AS INTEGER) AS flags, '' AS site,
           (SELECT value FROM __ifx_meta WHERE key = 'dbname') AS dbname,
           0 AS type_xid, CAST(NULL AS INTEGER) AS am_id, 2048 AS pagesize,
           CAST(NULL AS TIMESTAMP) AS ustlowts, CAST(NULL AS INTEGER) AS secpolicyid,
           CAST(NULL AS VARCHAR) AS protgranularity, CAST(NULL AS INTEGER) AS statchange,
           CAST(NULL AS VARCHAR) AS statlevel, t.dirpath
    FROM __ifx_tables t""",
    """CREATE OR REPLACE VIEW syscolumns AS
    SELECT colname, tabid, CAST(colno AS INTEGER) AS colno, CAST(coltype AS INTEGER) AS coltype,
           CAST(collength AS INTEGER) AS collength, 0 AS colmin, 0 AS colmax, 0 AS extended_id,
           CAST(NULL AS INTEGER) AS seclabelid, 0 AS colattr
    FROM __ifx_columns""",
]

#: Catalog objects that are DuckDB views over the engine tables.
_VIEWED = {"systables", "syscolumns", "sysdefaults", *routinecat.VIEWS}
#: Catalog tables kept as DuckDB tables (the engine writes their rows).
_STORED = {"sysviews", "sysdepend"}


def _empty_select(cols) -> str:
    return "SELECT " + ", ".join(f'CAST(NULL AS {parse_type(d).duck}) AS "{c}"'
                                 for c, d in cols) + " WHERE false"


# Every other catalog table is served inline (``virtual``): empty, or a view of
# ``syscat`` whose creation in every database would cost more than it is used.
virtual.REGISTRY.update(syscat.VIRTUAL)
virtual.REGISTRY.update({name: _empty_select(cols) for _, name, _, cols in catalog_tables.TABLES
                         if name not in _VIEWED | _STORED | set(syscat.VIRTUAL)})


#: The owner of the catalog and of a table created without ``owner.``
OWNER = "informix"


@dataclass
class TableInfo:
    """A table's declared columns, in order."""

    tabid: int
    name: str
    columns: list[tuple[str, IfxType]] = field(default_factory=list)
    temp: bool = False
    owner: str = OWNER

    def column(self, name: str) -> IfxType | None:
        for cname, t in self.columns:
            if cname == name:
                return t
        return None

    @property
    def serial_column(self) -> tuple[str, IfxType] | None:
        for cname, t in self.columns:
            if t.serial:
                return cname, t
        return None


def install(conn, dbname: str, mode: str, locale: str, owner: str = "informix") -> None:
    """Create the catalog in a new database (one transaction: it is much faster)."""
    conn.execute("BEGIN TRANSACTION")
    for sql in _DDL:
        conn.execute(sql)
    conn.executemany("INSERT INTO __ifx_meta VALUES (?, ?)",
                     [["dbname", dbname], ["mode", mode], ["locale", locale],
                      ["created", datetime.date.today().isoformat()]])
    _install_objects(conn)
    # The locale rows real servers keep (JDBC reads ' GL_COLLATE' at connect).
    conn.executemany(
        "INSERT INTO __ifx_tables VALUES (?, ?, 'informix', 'L', current_date, ?)",
        [[90, " GL_COLLATE", locale], [91, " GL_CTYPE", locale], [99, " VERSION", "12.10"]],
    )
    conn.execute("COMMIT")


def refresh(conn) -> None:
    """Bring an existing database's catalog up to this version (rows, tables, views)."""
    conn.execute("BEGIN TRANSACTION")
    for sql in _DDL:  # engine tables a file from an older engine lacks
        conn.execute(sql)
    conn.execute("DELETE FROM __ifx_columns WHERE tabid < 90")
    conn.execute("DELETE FROM __ifx_tables WHERE tabid < 90")
    # older engines kept other catalog objects in DuckDB (views such as sysindexes)
    for (name,) in conn.execute(
            "SELECT view_name FROM duckdb_views() WHERE database_name = current_database()"
            " AND schema_name = 'main'").fetchall():
        if name in virtual.REGISTRY or name.startswith(smi.PREFIX):
            conn.execute(f'DROP VIEW "{name}"')
    for (name,) in conn.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
            " AND schema_name = 'main'").fetchall():
        if name in virtual.REGISTRY:
            conn.execute(f'DROP TABLE "{name}"')
    _install_objects(conn)
    conn.execute("COMMIT")


def _install_objects(conn) -> None:
    """The catalog's rows in ``__ifx_tables``/``__ifx_columns``, its empty tables, its views."""
    tables, columns = [], []
    for tabid, name, kind, cols in catalog_tables.TABLES:
        tables.append([tabid, name, "informix", kind])
        for i, (cname, decl) in enumerate(cols):
            t = parse_type(decl)
            columns.append([tabid, i + 1, cname, t.decl, t.coltype, t.collength])
        if name in _STORED:
            body = ", ".join(f'"{c}" {parse_type(d).duck}' for c, d in cols)
            conn.execute(f'CREATE TABLE IF NOT EXISTS "{name}" ({body})')
    conn.execute("INSERT INTO __ifx_tables VALUES "
                 + ", ".join(["(?, ?, ?, ?, current_date, NULL)"] * len(tables)),
                 [v for r in tables for v in r])
    conn.execute("INSERT INTO __ifx_columns VALUES "
                 + ", ".join(["(?, ?, ?, ?, ?, ?)"] * len(columns)),
                 [v for r in columns for v in r])
    for sql in _VIEWS:
        conn.execute(sql)
    syscat.install(conn)
    routinecat.install(conn)
    smi.install(conn)


def read_meta(conn) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM __ifx_meta").fetchall())


def _insert_table(conn, tabid, name, owner, tabtype, columns) -> None:
    conn.execute("INSERT INTO __ifx_tables VALUES (?, ?, ?, ?, current_date, NULL)",
                 [tabid, name, owner, tabtype])
    _insert_columns(conn, tabid, columns)


def _insert_columns(conn, tabid, columns) -> None:
    """One INSERT for all of a table's column rows."""
    if not columns:
        return
    rows = [[tabid, i + 1, cname, t.decl + (" NOT NULL" if t.notnull else ""), t.coltype,
             t.collength] for i, (cname, t) in enumerate(columns)]
    marks = ", ".join(["(?, ?, ?, ?, ?, ?)"] * len(rows))
    conn.execute(f"INSERT INTO __ifx_columns VALUES {marks}", [v for r in rows for v in r])


def add_table(conn, name: str, columns, owner: str = OWNER, tabtype: str = "T") -> int:
    """Record a new table's declared columns; returns its tabid."""
    (top,) = conn.execute("SELECT max(tabid) FROM __ifx_tables").fetchone()
    tabid = max(FIRST_USER_TABID, (top or 0) + 1)
    _insert_table(conn, tabid, name, owner, tabtype, columns)
    return tabid


def drop_table(conn, name: str) -> None:
    row = conn.execute("SELECT tabid FROM __ifx_tables WHERE tabname = ?", [name]).fetchone()
    if row:
        for t in ("__ifx_columns", "__ifx_indexes", "__ifx_connames", "__ifx_tables",
                  "sysviews"):
            conn.execute(f"DELETE FROM {t} WHERE tabid = ?", [row[0]])
        conn.execute("DELETE FROM sysdepend WHERE dtabid = ? OR btabid = ?", [row[0], row[0]])


def record_view(conn, tabid: int, text: str, bases: list[tuple[int, str]]) -> None:
    """A view's text in ``sysviews`` (64-character rows, as Informix keeps it) and the
    tables and views it reads in ``sysdepend`` (``bases``: (tabid, 'T' or 'V'))."""
    chunks = [text[i : i + 64] for i in range(0, len(text), 64)] or [""]
    conn.execute("INSERT INTO sysviews VALUES "
                 + ", ".join(["(?, ?, ?)"] * len(chunks)),
                 [v for k, chunk in enumerate(chunks) for v in (tabid, k, chunk)])
    for btabid, btype in bases:
        conn.execute("INSERT INTO sysdepend VALUES (?, ?, ?, 'V')", [btabid, btype, tabid])


def rename_table(conn, old: str, new: str) -> None:
    conn.execute("UPDATE __ifx_tables SET tabname = ? WHERE tabname = ?", [new, old])


def replace_columns(conn, tabid: int, columns) -> None:
    conn.execute("DELETE FROM __ifx_columns WHERE tabid = ?", [tabid])
    _insert_columns(conn, tabid, columns)


def lookup(conn, name: str) -> TableInfo | None:
    """The declared columns of table ``name``, or None if the catalog lacks it."""
    if name.startswith(smi.PREFIX):
        return smi.lookup(name)
    rows = conn.execute(
        "SELECT t.tabid, c.colname, c.decl, t.owner FROM __ifx_tables t"
        " LEFT JOIN __ifx_columns c ON c.tabid = t.tabid"
        " WHERE t.tabname = ? AND t.tabtype IN ('T', 'V') ORDER BY c.colno",
        [name],
    ).fetchall()
    if not rows:
        return None
    info = TableInfo(rows[0][0], name, owner=rows[0][3])
    for _, cname, decl, _ in rows:
        if cname is None:
            continue
        notnull = decl.endswith(" NOT NULL")
        t = parse_type(decl[: -len(" NOT NULL")] if notnull else decl)
        info.columns.append((cname, t.with_notnull(notnull) if notnull else t))
    return info


def row_type_decl(conn, name: str) -> str | None:
    """The declaration of named ROW type *name*, or None."""
    row = conn.execute("SELECT decl FROM __ifx_rowtypes WHERE name = ?", [name]).fetchone()
    return row[0] if row else None


#: Ends a descending key's name in ``__ifx_indexes.cols`` (sysindexes: negative part)
DESC_MARK = "\x1d"


def add_index(conn, idxname: str, tabid: int, cols: list[str], kind: str) -> None:
    conn.execute("INSERT INTO __ifx_indexes VALUES (?, ?, ?, ?)",
                 [idxname, tabid, ",".join(cols), kind])


def add_constraint_names(conn, tabid: int, kind: str, names: list[str | None]) -> None:
    """The names of a new table's CHECK (kind 'C') or FOREIGN KEY ('R') constraints,
    in declaration order (None: unnamed, Informix names it)."""
    rows = [[tabid, kind, k + 1, n] for k, n in enumerate(names) if n]
    if rows:
        conn.executemany("INSERT INTO __ifx_connames VALUES (?, ?, ?, ?)", rows)


def drop_index(conn, idxname: str) -> None:
    conn.execute("DELETE FROM __ifx_indexes WHERE idxname = ?", [idxname])


def unique_kind(conn, cols: tuple[str, ...], table: str | None = None) -> tuple[str, str]:
    """Whether a duplicate on ``cols`` of ``table`` breaks a UNIQUE INDEX or a constraint.

    Returns ``("index", name)`` or ``("constraint", "informix.<name>")``;
    only ``table``'s own indexes count (DuckDB's message names no table).
    """
    if table is None:
        rows = conn.execute("SELECT idxname, kind FROM __ifx_indexes WHERE cols = ?",
                            [",".join(cols)]).fetchall()
    else:
        rows = conn.execute(
            "SELECT i.idxname, i.kind FROM __ifx_indexes i JOIN __ifx_tables t"
            " ON t.tabid = i.tabid WHERE i.cols = ? AND t.tabname = ?",
            [",".join(cols), table]).fetchall()
    for name, kind in rows:
        if kind == "index":
            return "index", name
    if rows:
        return "constraint", "informix." + rows[0][0]
    return "constraint", ""
