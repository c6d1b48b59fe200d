"""The system catalog beyond systables/syscolumns, for DatabaseMetaData queries.

IBM JDBC's ``DatabaseMetaData.getColumns`` reads ``syscolumns`` with
``sysdefaults`` and calls server functions (``informix.get_data_type``,
``informix.schema_precision``, ...); ``getPrimaryKeys`` joins
``sysconstraints`` with ``sysindexes`` (``part1..part16`` column numbers).
This module makes those views (over the engine's ``__ifx_*`` tables and
DuckDB's own column defaults) and those functions (DuckDB macros; the
``informix.`` prefix is dropped by the translator).

The values follow what IBM JDBC's own ResultSetMetaData reports for the
same columns (java.sql.Types codes, type names, precisions), so the two
agree.
"""

from __future__ import annotations

import re

#: The catalog tables (``catalog_tables``) this module makes views of; ``sysdefaults``
#: is a DuckDB view, the others are served inline (``virtual``), see ``VIRTUAL``.
VIEWED = {"sysindices", "sysindexes", "sysconstraints", "sysreferences", "syschecks",
          "syscoldepend", "sysdefaults", "syssequences", "systabauth"}

# part<k>: the k-th key's colno, negative for a descending key (its name in
# __ifx_indexes.cols ends with catalog.DESC_MARK, chr(29)).
_PARTS = ",\n".join(
    f"CAST(coalesce((SELECT CASE WHEN ends_with(split_part(i.cols, ',', {k}), chr(29))"
    f" THEN -c.colno ELSE c.colno END FROM __ifx_columns c WHERE c.tabid = i.tabid"
    f" AND c.colname = rtrim(split_part(i.cols, ',', {k}), chr(29))), 0) AS INTEGER)"
    f" AS part{k}"
    for k in range(1, 17))

# Constraint rows: kind 'primary' (PRIMARY KEY) or 'constraint' (UNIQUE).
# The constraint's index has the constraint's name (one name to join on).
_DEFAULT_TEXT = ("CASE WHEN d.column_default LIKE '''%''' "
                 "THEN replace(d.column_default[2:-2], '''''', '''') "
                 "ELSE d.column_default END")

# Index kinds: 'plain' (CREATE INDEX), 'index' (CREATE UNIQUE INDEX), 'primary'
# and 'constraint' (the index of a PRIMARY KEY / UNIQUE constraint), 'foreign'.
_VIRTUAL_VIEWS = [
    # The engine's index rows plus one per foreign key (Informix indexes those too).
    """CREATE OR REPLACE VIEW __ifx_index_rows AS
    SELECT idxname, tabid, cols, kind FROM __ifx_indexes
    UNION ALL
    SELECT 'r' || t.tabid || '_' || (d.constraint_index + 1), t.tabid,
           array_to_string(d.constraint_column_names, ','), 'foreign'
    FROM duckdb_constraints() d JOIN __ifx_tables t
      ON t.tabname = d.table_name AND t.tabtype = 'T'
    WHERE d.database_name = current_database() AND d.schema_name = 'main'
      AND d.constraint_type = 'FOREIGN KEY'""",
    # No statistics until UPDATE STATISTICS (the Reference: zero until then).
    """CREATE OR REPLACE VIEW sysindices AS
    SELECT i.idxname, 'informix' AS owner, i.tabid,
           CASE WHEN i.kind IN ('plain', 'foreign') THEN 'D' ELSE 'U' END AS idxtype, '-' AS clustered,
           0 AS levels, CAST(0 AS DOUBLE) AS leaves, CAST(0 AS DOUBLE) AS nunique,
           CAST(0 AS DOUBLE) AS clust, CAST(0 AS DOUBLE) AS nrows,
           CAST(NULL AS VARCHAR) AS indexkeys, CAST(NULL AS INTEGER) AS amid,
           CAST(NULL AS VARCHAR) AS amparam, CAST(NULL AS VARCHAR) AS collation,
           2048 AS pagesize, CAST(NULL AS INTEGER) AS nhashcols,
           CAST(NULL AS INTEGER) AS nbuckets, CAST(NULL AS TIMESTAMP) AS ustlowts,
           CAST(NULL AS INTERVAL) AS ustbuildduration, CAST(0 AS DOUBLE) AS nupdates,
           CAST(0 AS DOUBLE) AS ndeletes, CAST(0 AS DOUBLE) AS ninserts,
           16 AS fextsize, 16 AS nextsize
    FROM __ifx_index_rows i""",
    f"""CREATE OR REPLACE VIEW sysindexes AS
    SELECT i.idxname, 'informix' AS owner, i.tabid,
           CASE WHEN i.kind IN ('plain', 'foreign') THEN 'D' ELSE 'U' END AS idxtype, '-' AS clustered,
           {_PARTS},
           0 AS levels, 0 AS leaves, 0 AS nunique, 0 AS clust, 0 AS idxflags
    FROM __ifx_index_rows i""",
    # Every constraint: PRIMARY KEY/UNIQUE from the engine's index rows (their own
    # names), FOREIGN KEY and CHECK from DuckDB's, named as Informix names unnamed
    # ones (r<tabid>_<n>, c<tabid>_<n>); constrid numbers them all.
    """CREATE OR REPLACE VIEW __ifx_constraints AS
    WITH c AS (
      SELECT i.tabid, i.idxname AS constrname,
             CASE WHEN i.kind = 'primary' THEN 'P' ELSE 'U' END AS constrtype,
             i.idxname, i.cols, CAST(NULL AS VARCHAR) AS reftable,
             CAST(NULL AS VARCHAR) AS refcols, CAST(NULL AS VARCHAR) AS checktext, 0 AS ord
      FROM __ifx_indexes i WHERE i.kind IN ('primary', 'constraint')
      UNION ALL
      SELECT t.tabid,
             coalesce((SELECT n.name FROM __ifx_connames n WHERE n.tabid = t.tabid
                         AND n.kind = CASE WHEN d.constraint_type = 'CHECK' THEN 'C' ELSE 'R' END
                         AND n.ord = d.ord),
                      CASE WHEN d.constraint_type = 'CHECK' THEN 'c' ELSE 'r' END
                        || t.tabid || '_' || (d.constraint_index + 1)),
             CASE WHEN d.constraint_type = 'CHECK' THEN 'C' ELSE 'R' END,
             CASE WHEN d.constraint_type = 'CHECK' THEN NULL
                  ELSE 'r' || t.tabid || '_' || (d.constraint_index + 1) END,
             array_to_string(d.constraint_column_names, ','), d.referenced_table,
             array_to_string(d.referenced_column_names, ','), d.expression, 1
      FROM (SELECT *, row_number() OVER (PARTITION BY table_name, constraint_type
                                         ORDER BY constraint_index) AS ord
            FROM duckdb_constraints()
            WHERE database_name = current_database() AND schema_name = 'main'
              AND constraint_type IN ('FOREIGN KEY', 'CHECK')) d
      JOIN __ifx_tables t ON t.tabname = d.table_name AND t.tabtype = 'T')
    SELECT CAST(row_number() OVER (ORDER BY tabid, ord, constrname) AS INTEGER) AS constrid, *
    FROM c""",
    """CREATE OR REPLACE VIEW sysconstraints AS
    SELECT constrid, constrname, 'informix' AS owner, tabid, constrtype, idxname,
           CAST(NULL AS VARCHAR) AS collation
    FROM __ifx_constraints""",
    # A foreign key's "primary" is the referenced table's constraint on the referenced
    # columns (its primary key when none are named).
    """CREATE OR REPLACE VIEW sysreferences AS
    SELECT f.constrid, p.constrid AS "primary", p.tabid AS ptabid, 'R' AS updrule,
           'R' AS delrule, 'N' AS matchtype, 'N' AS pendant
    FROM __ifx_constraints f
    JOIN __ifx_tables pt ON pt.tabname = f.reftable AND pt.tabtype = 'T'
    JOIN __ifx_constraints p ON p.tabid = pt.tabid AND p.constrtype IN ('P', 'U')
      AND (p.cols = f.refcols OR (coalesce(f.refcols, '') = '' AND p.constrtype = 'P'))
    WHERE f.constrtype = 'R'""",
    # The check's text as DuckDB keeps it, in CHAR(32) rows ('T': text).
    """CREATE OR REPLACE VIEW syschecks AS
    SELECT c.constrid, 'T' AS type, CAST(k.n AS INTEGER) AS seqno,
           substr(c.checktext, k.n * 32 + 1, 32) AS checktext
    FROM __ifx_constraints c, range(0, 1000) k(n)
    WHERE c.constrtype = 'C' AND k.n * 32 < length(c.checktext)""",
    """CREATE OR REPLACE VIEW syscoldepend AS
    SELECT c.constrid, c.tabid, CAST(col.colno AS INTEGER) AS colno
    FROM __ifx_constraints c
    JOIN __ifx_columns col ON col.tabid = c.tabid
      AND list_contains(string_split(c.cols, ','), col.colname)
    WHERE c.constrtype = 'C'""",
    # Informix's defaults where DuckDB has no such setting: CACHE 20, NOORDER.
    """CREATE OR REPLACE VIEW syssequences AS
    SELECT CAST(row_number() OVER (ORDER BY t.tabid) AS INTEGER) AS seqid, t.tabid,
           d.start_value AS start_val, d.increment_by AS inc_val, d.max_value AS max_val,
           d.min_value AS min_val, CASE WHEN d.cycle THEN '1' ELSE '0' END AS cycle,
           CAST(NULL AS BIGINT) AS restart_val, 20 AS cache, '0' AS "order"
    FROM __ifx_tables t JOIN duckdb_sequences() d ON d.sequence_name = t.tabname
    WHERE t.tabtype = 'Q' AND d.database_name = current_database()
      AND d.schema_name = 'main'""",
    # A new table's privileges for PUBLIC outside ANSI databases: "all table
    # privileges except Alter and References" (Database Design and Implementation
    # Guide, Table-level privileges), in tabauth's positions s u * i d x a r n
    # (Reference, SYSTABAUTH). GRANT/REVOKE are accepted no-ops here.
    """CREATE OR REPLACE VIEW systabauth AS
    SELECT t.owner AS grantor, 'public' AS grantee, t.tabid, 'su-idx--n' AS tabauth
    FROM __ifx_tables t
    WHERE t.tabid >= 100 AND t.tabtype = 'T'
      AND (SELECT value FROM __ifx_meta WHERE key = 'mode') <> 'ansi'""",
]

VIEWS = [
    # A DEFAULT as Informix records it: 'L' a literal (its text), 'T' TODAY,
    # 'C' CURRENT, 'N' NULL.
    f"""CREATE OR REPLACE VIEW sysdefaults AS
    SELECT t.tabid, CAST(c.colno AS INTEGER) AS colno,
           CASE WHEN upper(d.column_default) = 'NULL' THEN 'N'
                WHEN d.column_default = 'current_date' THEN 'T'
                WHEN d.column_default LIKE '%current_localtimestamp%' THEN 'C'
                ELSE 'L' END AS type,
           CASE WHEN upper(d.column_default) = 'NULL'
                  OR d.column_default = 'current_date'
                  OR d.column_default LIKE '%current_localtimestamp%' THEN NULL
                ELSE {_DEFAULT_TEXT} END AS "default",
           'T' AS class
    FROM duckdb_columns() d
    JOIN __ifx_tables t ON t.tabname = d.table_name
    JOIN __ifx_columns c ON c.tabid = t.tabid AND c.colname = d.column_name
    WHERE d.column_default IS NOT NULL AND d.schema_name = 'main'
      AND d.database_name = current_database()""",
]

# -- the informix.* functions of getColumns (coltype may carry +256 for NOT NULL)

_BASE = "(CAST(coltype AS INTEGER) % 256)"
_QSTART = "((CAST(collength AS INTEGER) >> 4) & 15)"
_QEND = "(CAST(collength AS INTEGER) & 15)"
_QDIGITS = "((CAST(collength AS INTEGER) >> 8) & 255)"

_UNIT = ("CASE u WHEN 0 THEN 'year' WHEN 2 THEN 'month' WHEN 4 THEN 'day' WHEN 6 THEN 'hour'"
         " WHEN 8 THEN 'minute' WHEN 10 THEN 'second'"
         " ELSE 'fraction(' || CAST(u - 10 AS VARCHAR) || ')' END")

MACROS = [
    # DATE(text): text in DBDATE's default form (MDY4/) or ISO, as values.coerce_sql reads it
    r"""CREATE OR REPLACE MACRO __ifx_date(x) AS CASE
        WHEN regexp_full_match(CAST(x AS VARCHAR), '\d{1,2}/\d{1,2}/\d{4}')
        THEN CAST(strptime(CAST(x AS VARCHAR), '%m/%d/%Y') AS DATE) ELSE CAST(x AS DATE) END""",
    f"CREATE OR REPLACE MACRO __ifx_unit(u) AS {_UNIT}",
    # 'year to second', 'day(5) to fraction(3)', 'fraction to fraction(2)'
    f"""CREATE OR REPLACE MACRO __ifx_qualifier(coltype, collength) AS
    CASE WHEN {_QSTART} > 10 THEN 'fraction'
         WHEN {_BASE} = 14 AND {_QDIGITS} - ({_QEND} - {_QSTART})
              <> CASE WHEN {_QSTART} = 0 THEN 4 ELSE 2 END
           THEN __ifx_unit({_QSTART}) || '('
                || CAST({_QDIGITS} - ({_QEND} - {_QSTART}) AS VARCHAR) || ')'
         ELSE __ifx_unit({_QSTART}) END
    || ' to ' || __ifx_unit({_QEND})""",
    f"""CREATE OR REPLACE MACRO get_data_type(coltype, extended_id, mode) AS
    CASE {_BASE}
      WHEN 0 THEN 1 WHEN 1 THEN 5 WHEN 2 THEN 4 WHEN 3 THEN 8 WHEN 4 THEN 7 WHEN 5 THEN 3
      WHEN 6 THEN 4 WHEN 7 THEN 91 WHEN 8 THEN 3 WHEN 10 THEN 93 WHEN 11 THEN -4
      WHEN 12 THEN -1 WHEN 13 THEN 12 WHEN 14 THEN 1 WHEN 15 THEN 1 WHEN 16 THEN 12
      WHEN 17 THEN -5 WHEN 18 THEN -5 WHEN 40 THEN -1 WHEN 43 THEN -1 WHEN 45 THEN 16
      WHEN 52 THEN -5 WHEN 53 THEN -5 ELSE 1111 END""",
    f"""CREATE OR REPLACE MACRO schema_coltypename(coltype, extended_id) AS
    CASE {_BASE}
      WHEN 0 THEN 'char' WHEN 1 THEN 'smallint' WHEN 2 THEN 'int' WHEN 3 THEN 'float'
      WHEN 4 THEN 'smallfloat' WHEN 5 THEN 'decimal' WHEN 6 THEN 'serial' WHEN 7 THEN 'date'
      WHEN 8 THEN 'money' WHEN 10 THEN 'datetime' WHEN 11 THEN 'byte' WHEN 12 THEN 'text'
      WHEN 13 THEN 'varchar' WHEN 14 THEN 'interval' WHEN 15 THEN 'nchar'
      WHEN 16 THEN 'nvarchar' WHEN 17 THEN 'int8' WHEN 18 THEN 'serial8'
      WHEN 40 THEN 'lvarchar' WHEN 43 THEN 'lvarchar' WHEN 45 THEN 'boolean'
      WHEN 52 THEN 'bigint' WHEN 53 THEN 'bigserial' ELSE 'unknown' END""",
    # characters of the printed value: digits plus the separators between fields
    f"""CREATE OR REPLACE MACRO __ifx_qual_width(collength) AS
    {_QDIGITS}
    + CASE WHEN {_QSTART} > 10 THEN 0 ELSE (least({_QEND}, 10) - {_QSTART}) // 2 END
    + CASE WHEN {_QEND} > 10 AND {_QSTART} <= 10 THEN 1 ELSE 0 END""",
    f"""CREATE OR REPLACE MACRO schema_precision(coltype, extended_id, collength) AS
    CASE {_BASE}
      WHEN 0 THEN collength WHEN 15 THEN collength
      WHEN 13 THEN CAST(collength AS INTEGER) & 255 WHEN 16 THEN CAST(collength AS INTEGER) & 255
      WHEN 40 THEN collength WHEN 43 THEN collength
      WHEN 1 THEN 5 WHEN 2 THEN 10 WHEN 6 THEN 10 WHEN 3 THEN 15 WHEN 4 THEN 7
      WHEN 5 THEN {_QDIGITS} WHEN 8 THEN {_QDIGITS} WHEN 7 THEN 10
      WHEN 10 THEN __ifx_qual_width(collength) WHEN 14 THEN __ifx_qual_width(collength)
      WHEN 17 THEN 19 WHEN 18 THEN 19 WHEN 52 THEN 19 WHEN 53 THEN 19 WHEN 45 THEN 1
      ELSE collength END""",
    f"""CREATE OR REPLACE MACRO schema_numscale(coltype, collength) AS
    CASE WHEN {_BASE} IN (5, 8) THEN
           CASE WHEN (CAST(collength AS INTEGER) & 255) = 255 THEN NULL
                ELSE CAST(collength AS INTEGER) & 255 END
         WHEN {_BASE} IN (1, 2, 6, 17, 18, 52, 53) THEN 0
         WHEN {_BASE} IN (10, 14) THEN greatest({_QEND} - 10, 0)
         ELSE NULL END""",
    f"""CREATE OR REPLACE MACRO schema_numprecradix(coltype) AS
    CASE WHEN {_BASE} IN (1, 2, 3, 4, 5, 6, 8, 17, 18, 52, 53) THEN 10 ELSE NULL END""",
    "CREATE OR REPLACE MACRO schema_isnullable(coltype) AS"
    " CASE WHEN (CAST(coltype AS INTEGER) & 256) = 256 THEN 0 ELSE 1 END",
    "CREATE OR REPLACE MACRO schema_nullable(coltype) AS"
    " CASE WHEN (CAST(coltype AS INTEGER) & 256) = 256 THEN 'NO' ELSE 'YES' END",
    f"""CREATE OR REPLACE MACRO schema_isautoincr(coltype) AS
    CASE WHEN {_BASE} IN (6, 18, 53) THEN 'YES' ELSE 'NO' END""",
    f"""CREATE OR REPLACE MACRO schema_datetype(coltype, collength) AS
    CASE {_BASE} WHEN 7 THEN 1 WHEN 10 THEN 3 WHEN 14 THEN 3 ELSE NULL END""",
    f"""CREATE OR REPLACE MACRO schema_charlen(coltype, extended_id, collength) AS
    CASE WHEN {_BASE} IN (0, 15, 40, 43) THEN collength
         WHEN {_BASE} IN (13, 16) THEN CAST(collength AS INTEGER) & 255
         ELSE NULL END""",
    "CREATE OR REPLACE MACRO get_default_value(coltype, extended_id, collength, dflt) AS"
    " rtrim(dflt)",
    # the text a cast to a character type starts from: Informix spells BOOLEAN t/f
    "CREATE OR REPLACE MACRO __ifx_text(x) AS CASE WHEN typeof(x) = 'BOOLEAN'"
    " THEN left(CAST(x AS VARCHAR), 1) ELSE CAST(x AS VARCHAR) END",
    # LENGTH: of a BLOB-held value (BYTE, or a BLOB/CLOB's locator: the object's
    # bytes) through lobfuncs; of anything else as DuckDB's length
    "CREATE OR REPLACE MACRO __ifx_length(x) AS CASE WHEN typeof(x) = 'BLOB'"
    " THEN __ifx_blob_length(CAST(x AS BLOB)) ELSE length(CAST(x AS VARCHAR)) END",
]


def _virtual(views: list[str]) -> dict[str, str]:
    """name -> SELECT of each view above, its ``__ifx_*`` helpers inlined as subqueries."""
    bodies = {}
    for sql in views:
        m = re.match(r"CREATE OR REPLACE VIEW (\w+) AS\s+(.*)", sql, re.S)
        bodies[m[1]] = m[2]
    helpers = {n: b for n, b in bodies.items() if n.startswith("__ifx_")}
    out = {}
    for name, body in bodies.items():
        if not name.startswith("__ifx_"):
            for helper, hbody in helpers.items():
                body = re.sub(rf"\b{helper}\b", lambda _m, b=hbody: f"({b})", body)
            out[name] = body
    return out


#: name -> SELECT of the catalog tables served inline.
VIRTUAL = _virtual(_VIRTUAL_VIEWS)


def install(conn) -> None:
    """Create (or refresh) the views and functions in a database's DuckDB file."""
    for sql in VIEWS + MACROS:
        conn.execute(sql)
