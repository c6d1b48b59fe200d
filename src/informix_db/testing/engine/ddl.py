"""Informix DDL (CREATE TABLE/INDEX, ALTER, RENAME, DROP) as DuckDB DDL plus catalog work.

Each planner returns the DuckDB statements to run and a ``record(conn)``
callback that updates the declared-type catalog after DuckDB succeeded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from informix_db.testing.engine import catalog, itypes
from informix_db.testing.engine.errors import InformixError
from informix_db.testing.engine.itypes import IfxType, parse_type_at
from informix_db.testing.engine.lexer import OP, STRING, WORD, Token, matching_paren, split_top
from informix_db.testing.engine.storage import Storage, blob_in, is_smart_lob, read_put
from informix_db.testing.engine.values import checked_int_sql, range_type
from informix_db.testing.engine.xlate import ExprTranslator, render


@dataclass
class DdlPlan:
    statements: list[str]
    record: Callable | None = None  # record(conn, session) after success
    temp_table: tuple[str, list] | None = None  # (name, columns) of a new temp table
    drops_table: str | None = None
    creates_table: str | None = None
    view: tuple | None = None  # (name, column names or None, SELECT tokens) of a new view
    storage: Storage | None = None  # large-object storage, checked before it runs


#: CREATE ROW TYPE of a name the database already has (no IF NOT EXISTS).
#: IBM's message catalog is not at hand: -9628 is "Type (%s) not found"; the
#: code for an existing one is not known, so this is the generic duplicate
#: (-239) the catalog row's unique name gives.
ROW_TYPE_EXISTS = -239

_TAIL_WORDS = ("WITH", "IN", "EXTENT", "NEXT", "LOCK", "FRAGMENT", "PUT")


def _ident(tok: Token) -> str:
    if tok.kind not in (WORD, STRING):
        raise InformixError(-201, token=tok.text)
    return tok.text.lower()


def owner_at(toks: list[Token], k: int) -> tuple[str | None, int]:
    """An ``owner.`` before the object name at ``toks[k]``: the owner as systables
    keeps it (None when unqualified) and the index of the name.

    An undelimited owner is stored in lower case (a database that is not
    ANSI-compliant; IBM "Summary of Lettercase Rules for Owner Names"), a
    delimited or quoted one as written."""
    if (k + 2 < len(toks) and toks[k].kind in (WORD, STRING) and toks[k + 1].kind == OP
            and toks[k + 1].text == "." and toks[k + 2].kind in (WORD, STRING)):
        owner = toks[k].text
        return (owner.lower() if toks[k].kind == WORD else owner), k + 2
    return None, k


def _skip_constraint_name(part: list[Token], k: int) -> int:
    if k + 1 < len(part) and part[k].is_("CONSTRAINT"):
        return k + 2
    return k


def _cols_in_parens(part: list[Token], k: int) -> tuple[list[str], int]:
    if k >= len(part) or part[k].text != "(":
        raise InformixError(-201, token=part[k].text if k < len(part) else "")
    close = matching_paren(part, k)
    cols = [_ident(p[0]) for p in split_top(part[k + 1 : close]) if p]
    return cols, close + 1


def plan_create_table(toks: list[Token], sql: str, table_exists) -> DdlPlan:
    """``CREATE [TEMP|STANDARD|RAW] TABLE name (...)`` with declared types recorded."""
    k = 1
    temp = False
    if toks[k].is_("TEMP"):
        temp = True
        k += 1
    elif toks[k].is_("STANDARD", "RAW", "STATIC", "OPERATIONAL"):
        k += 1
    k += 1  # TABLE
    if_not_exists = False
    if toks[k].is_("IF") and k + 2 < len(toks):
        if_not_exists = True
        k += 3
    owner, k = owner_at(toks, k)
    name = _ident(toks[k])
    k += 1
    if k >= len(toks) or toks[k].text != "(":
        raise InformixError(-201, token=toks[k].text if k < len(toks) else name)
    close = matching_paren(toks, k)
    tail = toks[close + 1 :]
    if tail and not tail[0].is_(*_TAIL_WORDS):
        raise InformixError(-201, token=tail[0].text)
    xl = ExprTranslator(sql)
    columns: list[tuple[str, IfxType]] = []
    defs: list[str] = []
    uniques: list[tuple[list[str], str, str]] = []  # (cols, constraint name, catalog kind)
    storage = Storage()
    read_put(tail, storage)
    # names of CHECK ('C') and FOREIGN KEY ('R') constraints in declaration order
    connames: dict[str, list[str | None]] = {"C": [], "R": []}
    for part in split_top(toks[k + 1 : close]):
        if not part:
            raise InformixError(-201, token=")")
        j = _skip_constraint_name(part, 0)
        head = part[j]
        if head.is_("PRIMARY", "UNIQUE", "DISTINCT", "FOREIGN", "CHECK"):
            defs.append(_table_constraint(part, j, xl, uniques))
            if head.is_("FOREIGN", "CHECK"):
                connames["R" if head.is_("FOREIGN") else "C"].append(
                    _table_constraint_name(part, j))
            continue
        named = None  # the list a column-level REFERENCES/CHECK went to
        cname = _ident(part[0])
        if is_smart_lob(part, 1):
            storage.smart.append(cname)
        typ, j = parse_type_at(part, 1)
        pieces = [f'"{cname}" {typ.duck}']
        notnull = False
        while j < len(part):
            t = part[j]
            if t.is_("NOT") and j + 1 < len(part) and part[j + 1].is_("NULL"):
                notnull = True
                pieces.append("NOT NULL")
                j += 2
            elif t.is_("NULL"):
                j += 1
            elif t.is_("DEFAULT"):
                expr, j = _default_expr(part, j + 1, xl)
                pieces.append("DEFAULT " + expr)
            elif t.is_("PRIMARY") and j + 1 < len(part) and part[j + 1].is_("KEY"):
                pieces.append("PRIMARY KEY")
                j += 2
                j, cons = _constraint_suffix(part, j)
                uniques.append(([cname], cons, "primary"))
            elif t.is_("UNIQUE", "DISTINCT"):
                pieces.append("UNIQUE")
                j += 1
                j, cons = _constraint_suffix(part, j)
                uniques.append(([cname], cons, "constraint"))
            elif t.is_("REFERENCES"):
                _, j = owner_at(part, j + 1)
                ref = _ident(part[j])
                j += 1
                refcols = ""
                if j < len(part) and part[j].text == "(":
                    rc, j = _cols_in_parens(part, j)
                    refcols = "(" + ", ".join(f'"{c}"' for c in rc) + ")"
                pieces.append(f'REFERENCES "{ref}"{refcols}')
                named = connames["R"]
                named.append(None)
            elif t.is_("CHECK"):
                end = matching_paren(part, j + 1)
                pieces.append("CHECK (" + render(xl.run(part[j + 2 : end]), "ddl") + ")")
                j = end + 1
                named = connames["C"]
                named.append(None)
            elif t.is_("CONSTRAINT"):
                if named is not None and j + 1 < len(part):
                    named[-1] = part[j + 1].text.lower()
                    named = None
                j += 2
            elif (after := blob_in(part, j, typ.family, storage)) is not None:
                j = after  # BYTE/TEXT IN TABLE | IN blobspace
            else:
                raise InformixError(-201, token=t.text)
        if typ.serial and not notnull:
            pieces.append("NOT NULL")  # a serial column is NOT NULL undeclared (itypes)
        columns.append((cname, typ.with_notnull(notnull) if notnull else typ))
        defs.append(" ".join(pieces))
    if not columns:
        raise InformixError(-201, token=name)
    body = ", ".join(defs)
    kw = "CREATE TEMP TABLE" if temp else "CREATE TABLE"
    stmt = f'{kw} {"IF NOT EXISTS " if if_not_exists else ""}"{name}" ({body})'

    if temp:
        return DdlPlan([stmt], temp_table=(name, columns), creates_table=name,
                       storage=storage or None)

    def record(conn, session=None):
        if if_not_exists and catalog.lookup(conn, name) is not None:
            return
        tabid = catalog.add_table(conn, name, columns, owner=owner or catalog.OWNER)
        for kind, names in connames.items():
            catalog.add_constraint_names(conn, tabid, kind, names)
        for n, (cols, cons, kind) in enumerate(uniques):
            # kind: "primary" (PRIMARY KEY) or "constraint" (UNIQUE), for sysconstraints
            catalog.add_index(conn, cons or f"u{tabid}_{n + 1}", tabid, cols, kind)

    return DdlPlan([stmt], record, creates_table=name, storage=storage or None)


def _table_constraint_name(part, j) -> str | None:
    """The name of a table-level constraint: ``CONSTRAINT n CHECK ...`` (j > 0) or
    a trailing ``... CONSTRAINT n`` outside its parentheses; None when unnamed."""
    if j > 0:
        return part[1].text.lower()
    depth = 0
    for k, t in enumerate(part):
        if t.kind == OP and t.text == "(":
            depth += 1
        elif t.kind == OP and t.text == ")":
            depth -= 1
        elif depth == 0 and t.is_("CONSTRAINT") and k + 1 < len(part):
            return part[k + 1].text.lower()
    return None


def _constraint_suffix(part, j):
    if j + 1 < len(part) and part[j].is_("CONSTRAINT"):
        return j + 2, part[j + 1].text.lower()
    return j, ""


def _default_expr(part, j, xl) -> tuple[str, int]:
    t = part[j]
    if t.kind == OP and t.text in ("-", "+") and j + 1 < len(part):
        return t.text + part[j + 1].render(), j + 2
    if t.is_("CURRENT"):
        out: list[Token] = []
        jj = xl._current(part, j, out)
        return render(out, "ddl"), jj
    if t.is_("DATETIME", "INTERVAL"):
        out = []
        jj = xl._dt_literal(part, j, out)
        return render(out, "ddl"), jj
    if t.is_("TODAY", "USER", "NULL", "SITENAME", "DBSERVERNAME"):
        return render(xl.run([t]), "ddl"), j + 1
    return t.render(), j + 1


def _table_constraint(part, j, xl, uniques) -> str:
    t = part[j]
    if t.is_("PRIMARY", "UNIQUE", "DISTINCT"):
        k = j + (2 if t.is_("PRIMARY") else 1)
        cols, k = _cols_in_parens(part, k)
        _, cons = _constraint_suffix(part, k)
        if j > 0:
            cons = part[1].text.lower()
        uniques.append((cols, cons, "primary" if t.is_("PRIMARY") else "constraint"))
        kw = "PRIMARY KEY" if t.is_("PRIMARY") else "UNIQUE"
        return kw + " (" + ", ".join(f'"{c}"' for c in cols) + ")"
    if t.is_("FOREIGN"):
        cols, k = _cols_in_parens(part, j + 2)
        if k >= len(part) or not part[k].is_("REFERENCES"):
            raise InformixError(-201, token="FOREIGN")
        _, k = owner_at(part, k + 1)
        ref = _ident(part[k])
        k += 1
        refcols = ""
        if k < len(part) and part[k].text == "(":
            rc, k = _cols_in_parens(part, k)
            refcols = "(" + ", ".join(f'"{c}"' for c in rc) + ")"
        return ("FOREIGN KEY (" + ", ".join(f'"{c}"' for c in cols) + f') REFERENCES "{ref}"'
                + refcols)
    # CHECK (...)
    end = matching_paren(part, j + 1)
    return "CHECK (" + render(xl.run(part[j + 2 : end]), "ddl") + ")"


def plan_create_view(toks: list[Token]) -> DdlPlan:
    """``CREATE VIEW name [(cols)] AS SELECT ...``; the session records its column types."""
    if len(toks) < 5:
        raise InformixError(-201, token="VIEW")
    name = _ident(toks[2])
    k = 3
    cols = None
    if toks[k].text == "(":
        cols, k = _cols_in_parens(toks, k)
    if k >= len(toks) or not toks[k].is_("AS"):
        raise InformixError(-201, token=toks[k].text if k < len(toks) else name)
    select = toks[k + 1 :]
    if select and select[-1].is_("OPTION") and len(select) > 2 and select[-3].is_("WITH"):
        select = select[:-3]  # WITH CHECK OPTION
    collist = "(" + ", ".join(f'"{c}"' for c in cols) + ") " if cols else ""
    stmt = f'CREATE VIEW "{name}" {collist}AS ' + render(select, "ddl")
    return DdlPlan([stmt], view=(name, cols, select))


def plan_create_index(toks: list[Token]) -> DdlPlan:
    """``CREATE [UNIQUE|DISTINCT] [CLUSTER] INDEX name ON t (cols)``."""
    k = 1
    unique = False
    while toks[k].is_("UNIQUE", "DISTINCT", "CLUSTER"):
        unique = unique or not toks[k].is_("CLUSTER")
        k += 1
    k += 1  # INDEX
    if toks[k].is_("IF"):
        k += 3
    _, k = owner_at(toks, k)
    idx = _ident(toks[k])
    if k + 2 >= len(toks) or not toks[k + 1].is_("ON"):
        raise InformixError(-201, token=toks[k + 1].text if k + 1 < len(toks) else idx)
    _, k = owner_at(toks, k + 2)
    table = _ident(toks[k])
    k += 1
    if k >= len(toks) or toks[k].text != "(":
        raise InformixError(-201, token=table)
    close = matching_paren(toks, k)
    keys = [p for p in split_top(toks[k + 1 : close]) if p]
    cols = [_ident(p[0]) for p in keys]
    # a DESC key is recorded (sysindexes shows it negative); DuckDB's index ignores order
    marked = [c + catalog.DESC_MARK if p[-1].is_("DESC") else c for c, p in zip(cols, keys)]
    stmt = (f'CREATE {"UNIQUE " if unique else ""}INDEX "{idx}" ON "{table}" ('
            + ", ".join(f'"{c}"' for c in cols) + ")")

    def record(conn, session=None):
        info = catalog.lookup(conn, table)
        if info is not None:
            catalog.add_index(conn, idx, info.tabid, marked, "index" if unique else "plain")

    return DdlPlan([stmt], record)


def plan_drop(toks: list[Token]) -> DdlPlan:
    """``DROP TABLE|INDEX|VIEW|SEQUENCE name``."""
    what = toks[1].up
    k = 2
    if_exists = ""
    if k + 1 < len(toks) and toks[k].is_("IF") and toks[k + 1].is_("EXISTS"):
        if_exists = "IF EXISTS "
        k += 2
    _, k = owner_at(toks, k)  # the planner checks a table's owner
    name = _ident(toks[k])
    if what == "TABLE":
        def record(conn, session=None):
            catalog.drop_table(conn, name)
        return DdlPlan([f'DROP TABLE {if_exists}"{name}"'], record, drops_table=name)
    if what == "INDEX":
        def record(conn, session=None):
            catalog.drop_index(conn, name)
        return DdlPlan([f'DROP INDEX {if_exists}"{name}"'], record)
    if what == "VIEW":
        def record(conn, session=None):
            catalog.drop_table(conn, name)
        return DdlPlan([f'DROP VIEW {if_exists}"{name}"'], record)
    if what == "SEQUENCE":
        def record(conn, session=None):
            catalog.drop_table(conn, name)
        return DdlPlan([f'DROP SEQUENCE {if_exists}"{name}"'], record)
    raise InformixError(-201, token=toks[1].text)


def plan_create_row_type(toks: list[Token]) -> DdlPlan:
    """``CREATE ROW TYPE [IF NOT EXISTS] name (field type [NOT NULL], ...)
    [UNDER supertype]``: the type's whole declaration (a subtype's starts with
    its supertype's fields) goes to ``__ifx_rowtypes``."""
    k = 3
    if_not_exists = k + 2 < len(toks) and toks[k].is_("IF") and toks[k + 1].is_("NOT") \
        and toks[k + 2].is_("EXISTS")
    if if_not_exists:
        k += 3
    name = _ident(toks[k])
    if itypes.named_row_type(name) is not None:
        if if_not_exists:
            return DdlPlan([])
        raise InformixError(ROW_TYPE_EXISTS, token=name)
    if k + 1 >= len(toks) or not (toks[k + 1].kind == OP and toks[k + 1].text == "("):
        raise InformixError(-201, token=toks[k].text)
    close = matching_paren(toks, k + 1)
    own, _ = itypes.parse_type_at([Token(WORD, "ROW"), *toks[k + 1 : close + 1]], 0)
    fields = list(own.members)
    parent = ""
    rest = toks[close + 1:]
    if rest:
        if len(rest) != 2 or not rest[0].is_("UNDER"):
            raise InformixError(-201, token=rest[0].text)
        parent = _ident(rest[1])
        sup = itypes.named_row_type(parent)
        if sup is None:
            raise InformixError(-9628, token=parent)
        fields = list(sup.members) + fields
    names = [n for n, _ in fields]
    if len(set(names)) != len(names):
        raise InformixError(-201, token=name)
    decl = "ROW(" + ", ".join(f"{n} {m.decl}{' NOT NULL' if m.notnull else ''}"
                              for n, m in fields) + ")"
    quoted = decl.replace("'", "''")
    return DdlPlan([f"INSERT INTO __ifx_rowtypes VALUES ('{name}', '{quoted}', '{parent}')"])


def plan_drop_row_type(toks: list[Token]) -> DdlPlan:
    """``DROP ROW TYPE [IF EXISTS] name [RESTRICT]``."""
    k = 3
    if_exists = k + 1 < len(toks) and toks[k].is_("IF") and toks[k + 1].is_("EXISTS")
    if if_exists:
        k += 2
    name = _ident(toks[k])
    if itypes.named_row_type(name) is None:
        if if_exists:
            return DdlPlan([])
        raise InformixError(-9628, token=name)
    return DdlPlan([f"DELETE FROM __ifx_rowtypes WHERE name = '{name}'"])


#: Informix's one-word negative sequence options, as DuckDB (PostgreSQL) spells them;
#: NOCACHE and NOORDER have no DuckDB counterpart and are Informix's no-ops here.
_SEQ_WORDS = {"NOMINVALUE": ("NO", "MINVALUE"), "NOMAXVALUE": ("NO", "MAXVALUE"),
              "NOCYCLE": ("NO", "CYCLE"), "NOCACHE": (), "NOORDER": ()}


def sequence_options(toks: list[Token]) -> list[Token]:
    """``CREATE SEQUENCE`` tokens with NOMINVALUE/NOMAXVALUE/NOCYCLE/NOCACHE/NOORDER
    rewritten for DuckDB."""
    out: list[Token] = []
    for t in toks:
        if t.kind == WORD and t.up in _SEQ_WORDS:
            out.extend(Token(WORD, w, t.pos) for w in _SEQ_WORDS[t.up])
        else:
            out.append(t)
    return out


def plan_create_sequence(toks: list[Token], stmt: str) -> DdlPlan:
    """``CREATE SEQUENCE [IF NOT EXISTS] name ...`` (``stmt``: its DuckDB form); a
    sequence is a systables row of tabtype 'Q', described by ``syssequences``."""
    k = 5 if len(toks) > 5 and toks[2].is_("IF") else 2
    if k >= len(toks):
        raise InformixError(-201, token="SEQUENCE")
    name = _ident(toks[k])

    def record(conn, session=None):
        if not conn.execute("SELECT 1 FROM __ifx_tables WHERE tabname = ?", [name]).fetchall():
            catalog.add_table(conn, name, [], tabtype="Q")
    return DdlPlan([stmt], record)


def plan_rename(toks: list[Token]) -> DdlPlan:
    """``RENAME TABLE a TO b`` and ``RENAME COLUMN t.a TO b``."""
    if toks[1].is_("TABLE") and len(toks) == 5 and toks[3].is_("TO"):
        old, new = _ident(toks[2]), _ident(toks[4])

        def record(conn, session=None):
            catalog.rename_table(conn, old, new)
        return DdlPlan([f'ALTER TABLE "{old}" RENAME TO "{new}"'], record)
    if toks[1].is_("COLUMN") and len(toks) == 7 and toks[3].text == "." and toks[5].is_("TO"):
        table, old, new = _ident(toks[2]), _ident(toks[4]), _ident(toks[6])

        def record(conn, session=None):
            info = catalog.lookup(conn, table)
            if info is not None:
                cols = [(new if c == old else c, t) for c, t in info.columns]
                catalog.replace_columns(conn, info.tabid, cols)
        return DdlPlan([f'ALTER TABLE "{table}" RENAME COLUMN "{old}" TO "{new}"'], record)
    raise InformixError(-201, token=toks[1].text if len(toks) > 1 else "RENAME")


def plan_alter(toks: list[Token], sql: str) -> DdlPlan:
    """``ALTER TABLE t ADD (col type ...) | DROP (col, ...) | MODIFY (col type ...)``."""
    if len(toks) < 4 or not toks[1].is_("TABLE"):
        raise InformixError(-201, token=toks[1].text if len(toks) > 1 else "ALTER")
    table = _ident(toks[2])
    action = toks[3].up
    rest = toks[4:]
    if rest and rest[0].text == "(":
        close = matching_paren(rest, 0)
        items = split_top(rest[1:close])
    else:
        items = [rest]
    xl = ExprTranslator(sql)
    stmts: list[str] = []
    changes: list[tuple[str, str, IfxType | None]] = []
    storage = Storage()
    for item in items:
        if not item:
            raise InformixError(-201, token=table)
        col = _ident(item[0])
        if action == "DROP":
            stmts.append(f'ALTER TABLE "{table}" DROP COLUMN "{col}"')
            changes.append(("drop", col, None))
            continue
        if is_smart_lob(item, 1):
            storage.smart.append(col)
        typ, j = parse_type_at(item, 1)
        notnull = False
        default = ""
        while j < len(item):
            if item[j].is_("NOT") and j + 1 < len(item) and item[j + 1].is_("NULL"):
                notnull = True
                j += 2
            elif item[j].is_("DEFAULT"):
                expr, j = _default_expr(item, j + 1, xl)
                default = " DEFAULT " + expr
            elif item[j].is_("BEFORE"):
                j += 2
            elif (after := blob_in(item, j, typ.family, storage)) is not None:
                j = after
            else:
                j += 1
        if notnull:
            typ = typ.with_notnull()
        if action == "ADD":
            stmts.append(f'ALTER TABLE "{table}" ADD COLUMN "{col}" {typ.duck}{default}')
            if notnull:
                stmts.append(f'ALTER TABLE "{table}" ALTER COLUMN "{col}" SET NOT NULL')
            changes.append(("add", col, typ))
        elif action == "MODIFY":
            using = ""
            if range_type(typ) != typ.duck:
                # SMALLINT keeps INTEGER storage: the values must still fit 16 bits
                quoted = f'"{col}"'
                using = f" USING {checked_int_sql(typ, quoted)}"
            stmts.append(f'ALTER TABLE "{table}" ALTER COLUMN "{col}" TYPE {typ.duck}{using}')
            changes.append(("modify", col, typ))
        else:
            raise InformixError(-201, token=toks[3].text)

    def record(conn, session=None):
        info = catalog.lookup(conn, table)
        if info is None:
            return
        cols = list(info.columns)
        for what, col, typ in changes:
            if what == "drop":
                cols = [(c, t) for c, t in cols if c != col]
            elif what == "add":
                cols.append((col, typ))
            else:
                cols = [(c, typ if c == col else t) for c, t in cols]
        catalog.replace_columns(conn, info.tabid, cols)

    return DdlPlan(stmts, record, storage=storage or None)
