"""sysmaster's SMI tables, readable from every database as ``sysmaster:table``.

Informix creates ``sysmaster`` with unbuffered logging; its system-monitoring
interface (SMI) tables describe the whole server. The engine serves the ones
clients query about databases: ``sysdatabases`` (a view in real sysmaster) and
``sysdbslocale``, with the columns of IBM's Administrator's Reference.

Each database is its own DuckDB instance, so one cannot read another. Every
database therefore holds ``__ifx_smi_databases``, the engine's list of
databases, which the engine rewrites in every open database whenever a
database is created or dropped. The translator turns ``sysmaster:<table>``
into ``__ifx_sysmaster_<table>``, served inline over that list (``virtual``);
sysmaster's own ``sysdatabases``/``sysdbslocale`` are views of the same.
"""

from __future__ import annotations

from informix_db.testing.engine import virtual
from informix_db.testing.engine.itypes import parse_type

SYSMASTER = "sysmaster"
#: The database locale that is not a GLS (NLS) one: Informix's default.
_DEFAULT_LOCALE = "en_US.819"

#: SMI table -> declared columns (Administrator's Reference, "The sysmaster database").
TABLES: dict[str, list[tuple[str, str]]] = {
    "sysdatabases": [
        ("name", "CHAR(128)"), ("partnum", "INTEGER"), ("owner", "CHAR(32)"),
        ("created", "DATE"), ("is_logging", "INTEGER"), ("is_buff_log", "INTEGER"),
        ("is_ansi", "INTEGER"), ("is_nls", "INTEGER"), ("is_case_insens", "INTEGER"),
        ("flags", "SMALLINT")],
    "sysdbslocale": [("dbs_dbsname", "CHAR(128)"), ("dbs_collate", "CHAR(32)")],
}
PREFIX = "__ifx_sysmaster_"

DDL = ("CREATE TABLE IF NOT EXISTS __ifx_smi_databases (name VARCHAR, owner VARCHAR,"
       " created DATE, mode VARCHAR, locale VARCHAR)")

# flags: the documented bits 1 (unbuffered logging), 2 (buffered), 4 (ANSI, which
# logs unbuffered, so 1 as well) and 0x10 (GLS database). A database in the
# default locale en_US.819 is taken as not NLS (is_nls 0, no 0x10 bit).
BODIES = {
    "sysdatabases": f"""
    SELECT d.name, CAST(1048577 AS INTEGER) AS partnum, d.owner, d.created,
           CAST(d.mode <> 'unlogged' AS INTEGER) AS is_logging,
           CAST(d.mode = 'buffered' AS INTEGER) AS is_buff_log,
           CAST(d.mode = 'ansi' AS INTEGER) AS is_ansi,
           CAST(d.locale <> '{_DEFAULT_LOCALE}' AS INTEGER) AS is_nls,
           0 AS is_case_insens,
           CAST(CASE d.mode WHEN 'logged' THEN 1 WHEN 'buffered' THEN 2 WHEN 'ansi' THEN 5
                ELSE 0 END
                + CASE WHEN d.locale <> '{_DEFAULT_LOCALE}' THEN 16 ELSE 0 END AS INTEGER)
             AS flags
    FROM __ifx_smi_databases d""",
    "sysdbslocale": """
    SELECT d.name AS dbs_dbsname, d.locale AS dbs_collate FROM __ifx_smi_databases d""",
}
# sysmaster:<table> from any database is served inline (see ``virtual``)
virtual.REGISTRY.update({PREFIX + name: body for name, body in BODIES.items()})


def install(conn) -> None:
    """The list of databases, in any database."""
    conn.execute(DDL)


def install_sysmaster(conn) -> None:
    """sysmaster's own SMI views, registered in its catalog (tabids from 100)."""
    from informix_db.testing.engine import catalog

    for name, cols in TABLES.items():
        conn.execute(f"CREATE OR REPLACE VIEW {name} AS {BODIES[name]}")
        if catalog.lookup(conn, name) is None:
            catalog.add_table(conn, name, [(c, parse_type(d)) for c, d in cols],
                              tabtype="V")


def publish(conn, rows) -> None:
    """Replace the list of databases ``(name, owner, created, mode, locale)`` in ``conn``."""
    conn.execute("BEGIN TRANSACTION")
    conn.execute("DELETE FROM __ifx_smi_databases")
    if rows:
        conn.executemany("INSERT INTO __ifx_smi_databases VALUES (?, ?, ?, ?, ?)",
                         [list(r) for r in rows])
    conn.execute("COMMIT")


def lookup(name: str):
    """The declared columns of an ``__ifx_sysmaster_*`` view (None for other names)."""
    from informix_db.testing.engine.catalog import TableInfo

    if not name.startswith(PREFIX) or name[len(PREFIX):] not in TABLES:
        return None
    cols = TABLES[name[len(PREFIX):]]
    return TableInfo(0, name, [(c, parse_type(d)) for c, d in cols])
