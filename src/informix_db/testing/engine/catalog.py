"""The declared-type catalog kept inside each database, and the system tables.

Each Informix database is one DuckDB database holding, beside the user's
tables, three engine tables (``__ifx_meta``, ``__ifx_tables``,
``__ifx_columns``, ``__ifx_indexes``) and the ``systables``/``syscolumns``
views built on them. Living in the same database makes the catalog
transactional with the DDL that changes it and persistent with the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from informix_db.testing.engine import syscat
from informix_db.testing.engine.spl import routinecat
from informix_db.testing.engine.itypes import IfxType, parse_type

#: tabid of the first user table, as in Informix.
FIRST_USER_TABID = 100

_SYSTABLES_COLS = [
    ("tabname", "VARCHAR(128)"), ("owner", "CHAR(32)"), ("partnum", "INTEGER"),
    ("tabid", "INTEGER"), ("rowsize", "SMALLINT"), ("ncols", "SMALLINT"),
    ("nindexes", "SMALLINT"), ("nrows", "FLOAT"), ("created", "DATE"),
    ("version", "INTEGER"), ("tabtype", "CHAR(1)"), ("locklevel", "CHAR(1)"),
    ("npused", "FLOAT"), ("fextsize", "INTEGER"), ("nextsize", "INTEGER"),
    ("flags", "SMALLINT"), ("site", "VARCHAR(128)"), ("dbname", "VARCHAR(128)"),
    ("dirpath", "VARCHAR(64)"),
]
_SYSCOLUMNS_COLS = [
    ("colname", "VARCHAR(128)"), ("tabid", "INTEGER"), ("colno", "SMALLINT"),
    ("coltype", "SMALLINT"), ("collength", "SMALLINT"), ("colmin", "INTEGER"),
    ("colmax", "INTEGER"), ("extended_id", "INTEGER"),
]
SYSTEM_TABLES = {"systables": (1, _SYSTABLES_COLS), "syscolumns": (2, _SYSCOLUMNS_COLS),
                 **syscat.TABLES, **routinecat.TABLES}

_DDL = [
    "CREATE TABLE IF NOT EXISTS __ifx_meta (key VARCHAR, value VARCHAR)",
    "CREATE TABLE IF NOT EXISTS __ifx_tables (tabid INTEGER, tabname VARCHAR, owner VARCHAR,"
    " tabtype VARCHAR, created DATE, dirpath VARCHAR)",
    "CREATE TABLE IF NOT EXISTS __ifx_columns (tabid INTEGER, colno INTEGER, colname VARCHAR,"
    " decl VARCHAR, coltype INTEGER, collength INTEGER)",
    "CREATE TABLE IF NOT EXISTS __ifx_indexes (idxname VARCHAR, tabid INTEGER, cols VARCHAR,"
    " kind VARCHAR)",
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
           (SELECT value FROM __ifx_meta WHERE key = 'dbname') AS dbname, t.dirpath
    FROM __ifx_tables t""",
    """CREATE OR REPLACE VIEW syscolumns AS
    SELECT colname, tabid, CAST(colno AS INTEGER) AS colno, CAST(coltype AS INTEGER) AS coltype,
           CAST(collength AS INTEGER) AS collength, 0 AS colmin, 0 AS colmax, 0 AS extended_id
    FROM __ifx_columns""",
]


@dataclass
class TableInfo:
    """A table's declared columns, in order."""

    tabid: int
    name: str
    columns: list[tuple[str, IfxType]] = field(default_factory=list)
    temp: bool = False

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
                     [["dbname", dbname], ["mode", mode], ["locale", locale]])
    for name, (tabid, cols) in SYSTEM_TABLES.items():
        _insert_table(conn, tabid, name, "informix", "T", [(c, parse_type(d)) for c, d in cols])
    # The locale rows real servers keep (JDBC reads ' GL_COLLATE' at connect).
    conn.executemany(
        "INSERT INTO __ifx_tables VALUES (?, ?, 'informix', 'L', current_date, ?)",
        [[90, " GL_COLLATE", locale], [91, " GL_CTYPE", locale], [99, " VERSION", "12.10"]],
    )
    for sql in _VIEWS:
        conn.execute(sql)
    syscat.install(conn)
    routinecat.install(conn)
    conn.execute("COMMIT")


def refresh(conn) -> None:
    """Bring an existing database's catalog views and functions up to this version."""
    conn.execute("BEGIN TRANSACTION")
    for name, (tabid, cols) in {**syscat.TABLES, **routinecat.TABLES}.items():
        if not conn.execute("SELECT 1 FROM __ifx_tables WHERE tabid = ?", [tabid]).fetchall():
            _insert_table(conn, tabid, name, "informix", "T", [(c, parse_type(d)) for c, d in cols])
    syscat.install(conn)
    routinecat.install(conn)
    conn.execute("COMMIT")


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


def add_table(conn, name: str, columns, owner: str = "informix", tabtype: str = "T") -> int:
    """Record a new table's declared columns; returns its tabid."""
    (top,) = conn.execute("SELECT max(tabid) FROM __ifx_tables").fetchone()
    tabid = max(FIRST_USER_TABID, (top or 0) + 1)
    _insert_table(conn, tabid, name, owner, tabtype, columns)
    return tabid


def drop_table(conn, name: str) -> None:
    row = conn.execute("SELECT tabid FROM __ifx_tables WHERE tabname = ?", [name]).fetchone()
    if row:
        for t in ("__ifx_columns", "__ifx_indexes", "__ifx_tables"):
            conn.execute(f"DELETE FROM {t} WHERE tabid = ?", [row[0]])


def rename_table(conn, old: str, new: str) -> None:
    conn.execute("UPDATE __ifx_tables SET tabname = ? WHERE tabname = ?", [new, old])


def replace_columns(conn, tabid: int, columns) -> None:
    conn.execute("DELETE FROM __ifx_columns WHERE tabid = ?", [tabid])
    _insert_columns(conn, tabid, columns)


def lookup(conn, name: str) -> TableInfo | None:
    """The declared columns of table ``name``, or None if the catalog lacks it."""
    rows = conn.execute(
        "SELECT t.tabid, c.colname, c.decl FROM __ifx_tables t"
        " LEFT JOIN __ifx_columns c ON c.tabid = t.tabid"
        " WHERE t.tabname = ? AND t.tabtype IN ('T', 'V') ORDER BY c.colno",
        [name],
    ).fetchall()
    if not rows:
        return None
    info = TableInfo(rows[0][0], name)
    for _, cname, decl in rows:
        if cname is None:
            continue
        notnull = decl.endswith(" NOT NULL")
        t = parse_type(decl[: -len(" NOT NULL")] if notnull else decl)
        info.columns.append((cname, t.with_notnull(notnull) if notnull else t))
    return info


def add_index(conn, idxname: str, tabid: int, cols: list[str], kind: str) -> None:
    conn.execute("INSERT INTO __ifx_indexes VALUES (?, ?, ?, ?)",
                 [idxname, tabid, ",".join(cols), kind])


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
