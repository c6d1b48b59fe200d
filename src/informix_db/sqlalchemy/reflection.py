"""Reflection from Informix's system catalog (IBM's Guide to SQL: Reference).

Only documented columns of the catalog tables are read, with plain joins a
real server answers the same way: ``systables`` (tabtype T table, V view,
Q sequence; user objects have tabid >= 100), ``syscolumns`` (coltype +256 =
NOT NULL), ``sysdefaults``, ``sysconstraints`` (P, U, R, C), ``sysindexes``
(the compatibility view with ``part1..part16`` column numbers, negative for
a descending key), ``sysreferences``, ``syschecks`` (type 'T' text rows) and
``sysviews``.

In a database that is not ANSI-compliant a table's name is unique whatever
its owner, so ``schema=None`` means every user table, not just the current
user's; a schema given filters on ``owner``.  Owners are CHAR(32), so they
are compared trimmed.
"""

from __future__ import annotations

from sqlalchemy import exc, text
from sqlalchemy.engine import reflection

from informix_db.sqlalchemy import types as ifxtypes

_PARTS = ", ".join(f"i.part{k}" for k in range(1, 17))


def _owner_filter(schema, alias="t"):
    if schema is None:
        return "", {}
    return f" AND TRIM({alias}.owner) = :owner", {"owner": schema}


class InformixReflection:
    """The ``Dialect.get_*`` reflection methods (mixed into the dialect)."""

    def _tabid(self, connection, table_name, schema, kinds=("T", "V")):
        where, params = _owner_filter(schema)
        row = connection.execute(
            text("SELECT t.tabid FROM systables t WHERE t.tabname = :name"
                 " AND t.tabtype IN (%s) AND t.tabid >= 100"
                 % ", ".join("'%s'" % k for k in kinds) + where),
            {"name": table_name, **params}).first()
        if row is None:
            raise exc.NoSuchTableError(table_name)
        return row[0]

    def _names(self, connection, tabtype, schema):
        where, params = _owner_filter(schema)
        rows = connection.execute(
            text("SELECT t.tabname FROM systables t WHERE t.tabtype = :kind"
                 " AND t.tabid >= 100" + where + " ORDER BY t.tabname"),
            {"kind": tabtype, **params})
        return [r[0] for r in rows]

    @reflection.cache
    def get_schema_names(self, connection, **kw):
        rows = connection.execute(text(
            "SELECT DISTINCT TRIM(t.owner) FROM systables t WHERE t.tabid >= 100"))
        return sorted(r[0] for r in rows)

    def has_schema(self, connection, schema_name, **kw):
        return schema_name in self.get_schema_names(connection, **kw)

    @reflection.cache
    def get_table_names(self, connection, schema=None, **kw):
        return self._names(connection, "T", schema)

    @reflection.cache
    def get_view_names(self, connection, schema=None, **kw):
        return self._names(connection, "V", schema)

    @reflection.cache
    def get_sequence_names(self, connection, schema=None, **kw):
        return self._names(connection, "Q", schema)

    def get_temp_table_names(self, connection, **kw):
        return []  # temporary tables are not in systables

    @reflection.cache
    def has_table(self, connection, table_name, schema=None, **kw):
        self._ensure_has_table_connection(connection)
        where, params = _owner_filter(schema)
        row = connection.execute(
            text("SELECT 1 FROM systables t WHERE t.tabname = :name"
                 " AND t.tabtype IN ('T', 'V')" + where),
            {"name": table_name, **params}).first()
        return row is not None

    @reflection.cache
    def has_sequence(self, connection, sequence_name, schema=None, **kw):
        where, params = _owner_filter(schema)
        row = connection.execute(
            text("SELECT 1 FROM systables t WHERE t.tabname = :name AND t.tabtype = 'Q'"
                 + where), {"name": sequence_name, **params}).first()
        return row is not None

    @reflection.cache  # an inspector answers from its cache until clear_cache()
    def has_index(self, connection, table_name, index_name, schema=None, **kw):
        try:
            indexes = self.get_indexes(connection, table_name, schema, **kw)
        except exc.NoSuchTableError:
            return False
        return any(ix["name"] == index_name for ix in indexes)

    @reflection.cache
    def get_view_definition(self, connection, view_name, schema=None, **kw):
        tabid = self._tabid(connection, view_name, schema, kinds=("V",))
        rows = connection.execute(
            text("SELECT v.viewtext FROM sysviews v WHERE v.tabid = :tabid ORDER BY v.seqno"),
            {"tabid": tabid})
        # CHAR(64) rows: the padding of the last one is not part of the text
        return "".join(r[0] for r in rows).rstrip()

    @reflection.cache
    def _columns(self, connection, *, tabid, **kw):
        # tabid is a keyword: reflection.cache keys on string positionals and keywords
        """(colno, colname, coltype, collength, extended_id, deftype, default) rows."""
        return connection.execute(
            text("SELECT c.colno, c.colname, c.coltype, c.collength, c.extended_id,"
                 " d.type, d.default FROM syscolumns c"
                 " LEFT OUTER JOIN sysdefaults d ON d.tabid = c.tabid AND d.colno = c.colno"
                 " WHERE c.tabid = :tabid ORDER BY c.colno"), {"tabid": tabid}).fetchall()

    def _colnames(self, connection, tabid, **kw):
        return {r[0]: r[1] for r in self._columns(connection, tabid=tabid, **kw)}

    @reflection.cache
    def get_columns(self, connection, table_name, schema=None, **kw):
        tabid = self._tabid(connection, table_name, schema)
        out = []
        for colno, name, coltype, collength, xid, deftype, default in self._columns(
                connection, tabid=tabid, info_cache=kw.get("info_cache")):
            type_ = ifxtypes.coltype_to_sqla(coltype, collength, xid)
            base = coltype & 0xFF
            out.append({
                "name": name,
                "type": type_,
                "nullable": not coltype & 0x100,
                "default": _default_sql(deftype, default, type_),
                "autoincrement": base in (6, 18, 53),
            })
        return out

    def _constraints(self, connection, tabid, kind):
        return connection.execute(
            text("SELECT c.constrid, c.constrname, c.idxname FROM sysconstraints c"
                 " WHERE c.tabid = :tabid AND c.constrtype = :kind ORDER BY c.constrname"),
            {"tabid": tabid, "kind": kind}).fetchall()

    def _index_parts(self, connection, tabid, idxname):
        row = connection.execute(
            text(f"SELECT {_PARTS} FROM sysindexes i WHERE i.tabid = :tabid"
                 " AND i.idxname = :name"), {"tabid": tabid, "name": idxname}).first()
        return [p for p in (row or ()) if p]

    @reflection.cache
    def get_pk_constraint(self, connection, table_name, schema=None, **kw):
        tabid = self._tabid(connection, table_name, schema)
        names = self._colnames(connection, tabid, info_cache=kw.get("info_cache"))
        for _cid, cname, idxname in self._constraints(connection, tabid, "P"):
            parts = self._index_parts(connection, tabid, idxname)
            return {"name": cname, "constrained_columns": [names[abs(p)] for p in parts]}
        return {"name": None, "constrained_columns": []}

    @reflection.cache
    def get_unique_constraints(self, connection, table_name, schema=None, **kw):
        tabid = self._tabid(connection, table_name, schema)
        names = self._colnames(connection, tabid, info_cache=kw.get("info_cache"))
        out = []
        for _cid, cname, idxname in self._constraints(connection, tabid, "U"):
            parts = self._index_parts(connection, tabid, idxname)
            out.append({"name": cname, "column_names": [names[abs(p)] for p in parts]})
        return out

    @reflection.cache
    def get_foreign_keys(self, connection, table_name, schema=None, **kw):
        tabid = self._tabid(connection, table_name, schema)
        names = self._colnames(connection, tabid, info_cache=kw.get("info_cache"))
        rows = connection.execute(
            text("SELECT c.constrname, c.idxname, r.ptabid, p.idxname, r.delrule,"
                 " t.tabname, t.owner FROM sysconstraints c"
                 " JOIN sysreferences r ON r.constrid = c.constrid"
                 " JOIN sysconstraints p ON p.constrid = r.primary"
                 " JOIN systables t ON t.tabid = r.ptabid"
                 " WHERE c.tabid = :tabid AND c.constrtype = 'R' ORDER BY c.constrname"),
            {"tabid": tabid}).fetchall()
        out = []
        for cname, idxname, ptabid, pidx, delrule, ptable, powner in rows:
            pnames = self._colnames(connection, ptabid, info_cache=kw.get("info_cache"))
            fk = {
                "name": cname,
                "constrained_columns": [names[abs(p)] for p in
                                        self._index_parts(connection, tabid, idxname)],
                "referred_schema": powner.strip() if schema is not None else None,
                "referred_table": ptable,
                "referred_columns": [pnames[abs(p)] for p in
                                     self._index_parts(connection, ptabid, pidx)],
                "options": {"ondelete": "CASCADE"} if delrule == "C" else {},
            }
            out.append(fk)
        return out

    @reflection.cache
    def get_indexes(self, connection, table_name, schema=None, **kw):
        tabid = self._tabid(connection, table_name, schema)
        names = self._colnames(connection, tabid, info_cache=kw.get("info_cache"))
        # indexes the server made (or shares) for a constraint are the constraint's
        rows = connection.execute(
            text(f"SELECT i.idxname, i.idxtype, {_PARTS} FROM sysindexes i"
                 " WHERE i.tabid = :tabid AND i.idxname NOT IN"
                 " (SELECT c.idxname FROM sysconstraints c WHERE c.tabid = :tabid"
                 " AND c.idxname IS NOT NULL) ORDER BY i.idxname"), {"tabid": tabid})
        out = []
        for row in rows:
            parts = [p for p in row[2:] if p]
            out.append({
                "name": row[0].strip(),
                "unique": row[1] == "U",
                "column_names": [names[abs(p)] for p in parts],
                "column_sorting": {names[-p]: ("desc",) for p in parts if p < 0},
            })
        return out

    @reflection.cache
    def get_check_constraints(self, connection, table_name, schema=None, **kw):
        tabid = self._tabid(connection, table_name, schema)
        rows = connection.execute(
            text("SELECT c.constrname, k.checktext FROM sysconstraints c"
                 " JOIN syschecks k ON k.constrid = c.constrid"
                 " WHERE c.tabid = :tabid AND c.constrtype = 'C' AND k.type = 'T'"
                 " ORDER BY c.constrname, k.seqno"), {"tabid": tabid})
        texts: dict[str, str] = {}
        for name, chunk in rows:
            # CHAR(32) rows: one check's text is their concatenation
            texts[name] = texts.get(name, "") + chunk
        return [{"name": n, "sqltext": _unparen(t.rstrip())} for n, t in texts.items()]

    def get_table_comment(self, connection, table_name, schema=None, **kw):
        return {"text": None}


def _unparen(sql: str) -> str:
    """``(a > 0)`` -> ``a > 0`` when the parentheses enclose the whole text."""
    sql = sql.strip()
    if sql.startswith("(") and sql.endswith(")"):
        depth = 0
        for i, ch in enumerate(sql):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0 and i < len(sql) - 1:
                return sql
        return sql[1:-1].strip()
    return sql


#: sysdefaults.type codes other than 'L' (a literal): the SQL each one stands for
_DEFAULT_KINDS = {"N": "NULL", "U": "USER", "C": "CURRENT", "T": "TODAY",
                  "S": "DBSERVERNAME"}


def _default_sql(kind, value, type_):
    """A column default as the SQL text SQLAlchemy's ``server_default`` wants."""
    if kind is None:
        return None
    kind = kind.strip()
    if kind != "L":
        return _DEFAULT_KINDS.get(kind)
    value = (value or "").rstrip()
    python_type = None
    try:
        python_type = type_.python_type
    except NotImplementedError:
        pass
    if python_type in (int, float) or type(type_).__name__ in ("DECIMAL", "MONEY"):
        return value.strip()
    if python_type is bool:
        return "'%s'" % value.strip()
    return "'%s'" % value.replace("'", "''")
