"""Classify one Informix statement and plan how the session carries it out."""

from __future__ import annotations

from dataclasses import dataclass, field

from informix_db.testing.engine import ddl, dml, params
from informix_db.testing.engine.builtins import refuse_foreign_calls
from informix_db.testing.engine.describe import has_bare_placeholder
from informix_db.testing.engine.errors import InformixError
from informix_db.testing.engine.itypes import ansi_decimals
from informix_db.testing.engine import decfloat, exprtype
from informix_db.testing.engine.dbnames import current_database
from informix_db.testing.engine.outer import rewrite_outer
from informix_db.testing.engine.lexer import (
    NUMBER, OP, STRING, WORD, Token, find_top, leads_to_select, matching_paren, tokenize,
)
from informix_db.testing.engine.xlate import ExprTranslator, apply_first_skip, number_params

#: Statement kinds ``Prepared.kind`` takes (DDL and no-op kinds name the statement).
KINDS = ("select", "insert", "update", "delete", "select_into", "database",
         "create_database", "drop_database", "close_database", "begin", "commit", "rollback",
         "savepoint", "rollback_to_savepoint", "release_savepoint",
         "create_table", "drop_table", "create_index", "drop_index", "alter", "create_view",
         "drop_view", "create_sequence", "drop_sequence", "rename_table", "rename_column",
         "truncate", "set", "lock", "unlock", "grant", "revoke", "update_statistics",
         "create_table_as")
#: The kinds that change the schema (they carry a ``Plan.ddl``).
NOOP_KINDS = ("set", "lock", "unlock", "grant", "revoke", "update_statistics")


@dataclass
class Plan:
    kind: str
    sql: str
    nparams: int = 0
    tokens: list[Token] | None = None  # DuckDB tokens (with slots) for select/dml
    name: str = ""  # database or table the statement names
    mode: str = ""  # CREATE DATABASE logging mode
    ddl: ddl.DdlPlan | None = None
    serials: list = field(default_factory=list)
    temp_into: str = ""  # SELECT ... INTO TEMP name
    for_update: bool = False  # SELECT ... FOR UPDATE (a scroll cursor refuses it: -526)
    param_types: list = field(default_factory=list)  # IfxType or None per user parameter
    written: dict = field(default_factory=dict)  # parameter index -> column it is stored in
    targets: dict = field(default_factory=dict)  # parameter index -> that column's name
    serial_params: dict = field(default_factory=dict)  # dml.Rewrite.serial_params
    #: CREATE TABLE ... AS SELECT: the column names given, TEMP, the query's text
    new_columns: list = field(default_factory=list)
    temp: bool = False
    owner: str | None = None  # CREATE TABLE owner.name ... AS SELECT
    query: str = ""
    _rendered: str = ""
    _batch: str | None = None  # batch.template(), built at the first batch
    _batch_done: bool = False
    _slot_recipe: list | None = None  # session._slot_recipe(), built at the first execute

    def rendered(self) -> str:
        """The DuckDB SQL (``?`` for every slot), rendered once."""
        if not self._rendered:
            from informix_db.testing.engine.xlate import render

            self._rendered = render(self.tokens)
        return self._rendered


def _noop_kind(toks: list[Token]) -> str:
    """The kind of a statement the engine accepts and ignores (locks, grants, SET ...)."""
    t0 = toks[0]
    if t0.is_("SET", "LOCK", "UNLOCK", "GRANT", "REVOKE"):
        return t0.text.lower()
    if t0.is_("UPDATE") and len(toks) > 1 and toks[1].is_("STATISTICS"):
        return "update_statistics"
    return ""


def plan(sql: str, lookup, ansi: bool = False, database: str | None = None) -> Plan:
    """The plan of ``sql``; ``lookup(name)`` gives a table's ``TableInfo`` or None.

    ``ansi``: the open database is ANSI-compliant (DECIMAL(p) means DECIMAL(p,0));
    ``database``: its name (``db:table`` names another database's table).
    """
    try:
        with ansi_decimals(ansi), current_database(database):
            return _plan(sql, lookup)
    except IndexError:
        # the parsers index tokens freely: running off the end is a statement cut short
        tail = sql.split()[-1] if sql.split() else ""
        raise InformixError(-201, token=tail) from None


def _plan(sql: str, lookup) -> Plan:
    raw = tokenize(sql)
    if not raw:
        raise InformixError(-201, token="")
    refuse_foreign_calls(raw)
    toks, nparams = number_params(raw)
    t0 = toks[0]
    first = t0.up
    second = toks[1].up if len(toks) > 1 and toks[1].kind == WORD else ""

    if first == "DATABASE":
        if len(toks) < 2:
            raise InformixError(-201, token="DATABASE")
        return Plan("database", sql, name=_name(toks[1]))
    if first == "CLOSE" and second == "DATABASE":
        return Plan("close_database", sql)
    if first == "CREATE" and second == "DATABASE":
        return _create_database(sql, toks)
    if first == "DROP" and second == "DATABASE":
        return Plan("drop_database", sql, name=_name(toks[2]) if len(toks) > 2 else "")
    if first in ("BEGIN", "COMMIT", "ROLLBACK"):
        rest = toks[1:]
        if rest and rest[0].is_("WORK", "TRANSACTION"):
            rest = rest[1:]
        if first == "ROLLBACK" and len(rest) >= 2 and rest[0].is_("TO") \
                and rest[1].is_("SAVEPOINT"):
            if len(rest) > 3:
                raise InformixError(-201, token=rest[3].text)
            return Plan("rollback_to_savepoint", sql, name=_name(rest[2]) if len(rest) > 2 else "")
        if rest:
            raise InformixError(-201, token=rest[0].text)
        return Plan(first.lower(), sql)
    if first == "SAVEPOINT" and len(toks) in (2, 3):
        if len(toks) == 3 and not toks[2].is_("UNIQUE"):
            raise InformixError(-201, token=toks[2].text)
        return Plan("savepoint", sql, name=_name(toks[1]))
    if first == "RELEASE" and second == "SAVEPOINT" and len(toks) == 3:
        return Plan("release_savepoint", sql, name=_name(toks[2]))
    noop = _noop_kind(toks)
    if noop:
        return Plan(noop, sql)

    xl = ExprTranslator(sql)
    # a query in parentheses, alone or as a UNION operand: (SELECT ..) UNION (SELECT ..)
    # (Informix 14.10 and later take it)
    if first in ("SELECT", "WITH") or (first == "(" and leads_to_select(toks)):
        return _select(sql, toks, nparams, xl, lookup)
    if first == "INSERT":
        if len(toks) < 3 or not toks[1].is_("INTO"):
            raise InformixError(-201, token=toks[1].text if len(toks) > 1 else "INSERT")
        body = apply_first_skip(xl.run(toks))
        name = _name(body[2])
        info = lookup(name)
        if info is None:
            raise InformixError(-206, -111, name)
        tables = _tables_of(body, lookup)
        rw = dml.rewrite_insert(exprtype.ym_refs(body, tables), info)
        types = params.infer(body, nparams, tables, rw.known)
        out = exprtype.datetime_texts(decfloat.wrap_refs(rw.tokens, tables), tables)
        return Plan("insert", sql, nparams, out, name=name, serials=rw.serials,
                    param_types=types, written=rw.known, targets=rw.targets,
                    serial_params=rw.serial_params)
    if first == "UPDATE":
        body = apply_first_skip(xl.run(toks))
        name = _name(body[1]) if len(body) > 1 else ""
        info = lookup(name)
        if info is None:
            raise InformixError(-206, -111, name)
        tables = {name: info, **_tables_of(body, lookup)}
        rw = dml.rewrite_update(exprtype.ym_refs(body, tables), info)
        types = params.infer(body, nparams, tables, rw.known)
        out = exprtype.datetime_texts(decfloat.wrap_refs(rw.tokens, tables), tables)
        return Plan("update", sql, nparams, out, name=name, param_types=types,
                    written=rw.known, targets=rw.targets)
    if first == "DELETE":
        body = apply_first_skip(xl.run(toks))
        k = 2 if len(body) > 1 and body[1].is_("FROM") else 1
        name = _name(body[k]) if len(body) > k else ""
        if body[1].kind == WORD and not body[1].is_("FROM"):
            body.insert(1, Token(WORD, "FROM"))
        info = lookup(name) if name else None
        tables = {name: info} if info is not None else {}
        tables = {**tables, **_tables_of(body, lookup)}
        types = params.infer(body, nparams, tables)
        body = decfloat.wrap_refs(exprtype.ym_refs(body, tables), tables)
        return Plan("delete", sql, nparams, body, name=name, param_types=types)
    if first == "CREATE":
        words = [t.up for t in toks[1:4] if t.kind == WORD]
        if "TABLE" in words[:2]:
            return (_create_table_as(sql, toks)
                    or _ddl("create_table", sql, ddl.plan_create_table(toks, sql, None)))
        if "INDEX" in words:
            return _ddl("create_index", sql, ddl.plan_create_index(toks))
        if second == "SEQUENCE":
            from informix_db.testing.engine.xlate import render
            duck = ddl.sequence_options(toks)
            return _ddl("create_sequence", sql,
                        ddl.plan_create_sequence(toks, render(xl.run(duck), "ddl")))
        if second == "VIEW":
            return _ddl("create_view", sql, ddl.plan_create_view(apply_first_skip(xl.run(toks))))
        if second == "ROW" and len(toks) > 2 and toks[2].is_("TYPE"):
            return _ddl("create_row_type", sql, ddl.plan_create_row_type(toks))
        raise InformixError(-201, token=toks[1].text if len(toks) > 1 else "CREATE")
    if first == "DROP" and second == "ROW" and len(toks) > 2 and toks[2].is_("TYPE"):
        return _ddl("drop_row_type", sql, ddl.plan_drop_row_type(toks))
    if first == "DROP" and second in ("TABLE", "INDEX", "VIEW", "SEQUENCE"):
        if second in ("TABLE", "VIEW"):
            _check_owner(toks, 4 if len(toks) > 3 and toks[2].is_("IF") else 2, lookup)
        return _ddl("drop_" + second.lower(), sql, ddl.plan_drop(toks))
    if first == "TRUNCATE":
        k = 2 if second == "TABLE" else 1
        if k >= len(toks):
            raise InformixError(-201, token="TRUNCATE")
        body = xl.run(toks[k:])
        return _ddl("truncate", sql, ddl.DdlPlan([f'DELETE FROM "{_name(body[0])}"']))
    if first == "RENAME":
        return _ddl("rename_" + second.lower(), sql, ddl.plan_rename(toks))
    if first == "ALTER":
        return _ddl("alter", sql, ddl.plan_alter(toks, sql))
    raise InformixError(-201, token=t0.text)


def _name(tok: Token) -> str:
    if tok.kind not in (WORD, STRING):
        raise InformixError(-201, token=tok.text)
    return tok.text.lower()


def _check_owner(toks: list[Token], k: int, lookup) -> None:
    """``owner.name`` at ``toks[k]`` names an existing table only with its owner
    (-206 for another's: a qualified name is looked up by owner and name)."""
    owner, k = ddl.owner_at(toks, k)
    if owner is None:
        return
    name = _name(toks[k])
    info = lookup(name)
    if info is not None and info.owner.strip() != owner:
        raise InformixError(-206, -111, f"{owner}.{name}")


def _create_table_as(sql: str, toks: list[Token]) -> Plan | None:
    """``CREATE [TEMP|STANDARD|RAW] TABLE name [(col, ...)] AS SELECT ...``
    (IBM's AS SELECT clause, 12.10 on), or None for any other CREATE TABLE."""
    k = 1
    temp = toks[k].is_("TEMP")
    if temp or toks[k].is_("STANDARD", "RAW"):
        k += 1
    k += 1  # TABLE
    if k + 2 < len(toks) and toks[k].is_("IF"):
        k += 3  # IF NOT EXISTS
    owner, k = ddl.owner_at(toks, k)
    if k >= len(toks):
        return None
    name = _name(toks[k])
    k += 1
    columns = []
    if k < len(toks) and toks[k].kind == OP and toks[k].text == "(":
        close = matching_paren(toks, k)
        inner = toks[k + 1 : close]
        # a column list holds names and commas only (a definition list has types)
        if not all(t.kind == WORD or (t.kind == OP and t.text == ",") for t in inner):
            return None
        columns = [_name(t) for t in inner if t.kind == WORD]
        k = close + 1
    if k + 1 < len(toks) and toks[k].is_("AS") and toks[k + 1].is_("SELECT"):
        return Plan("create_table_as", sql, name=name, new_columns=columns, temp=temp, owner=owner,
                    query=sql[toks[k + 1].pos:])
    return None


def _ddl(kind: str, sql: str, dp: ddl.DdlPlan) -> Plan:
    return Plan(kind, sql, ddl=dp)


def _create_database(sql: str, toks: list[Token]) -> Plan:
    if len(toks) < 3:
        raise InformixError(-201, token="DATABASE")
    name = _name(toks[2])
    words = [t.up for t in toks[3:] if t.kind in (WORD, NUMBER)]
    # CREATE DATABASE name [IN dbspace] [WITH [BUFFERED] LOG [MODE ANSI]]
    if words[:1] == ["IN"]:
        words = words[2:]
    if not words:
        mode = "unlogged"
    elif words == ["WITH", "LOG"]:
        mode = "logged"
    elif words == ["WITH", "BUFFERED", "LOG"]:
        mode = "buffered"
    elif words == ["WITH", "LOG", "MODE", "ANSI"]:
        mode = "ansi"
    else:
        raise InformixError(-201, token=words[0] if words else name)
    return Plan("create_database", sql, name=name, mode=mode)


def _select(sql: str, toks: list[Token], nparams: int, xl: ExprTranslator, lookup) -> Plan:
    body = xl.run(toks)
    # FOR UPDATE [OF cols] / FOR READ ONLY: locking hints DuckDB has no use for
    for_at = find_top(body, 0, "FOR")
    for_update = False
    if for_at >= 0 and for_at + 1 < len(body) and body[for_at + 1].is_("UPDATE", "READ"):
        for_update = body[for_at + 1].is_("UPDATE")
        body = body[:for_at]
    temp_into = ""
    into = find_top(body, 0, "INTO")
    if into >= 0:
        # SELECT ... INTO TEMP t [WITH NO LOG]: a new temp table, no rows
        if into + 2 < len(body) + 1 and into + 1 < len(body) and body[into + 1].is_("TEMP") \
                and into + 2 < len(body):
            temp_into = _name(body[into + 2])
            body = body[:into]
        else:
            raise InformixError(-201, token="INTO")
    body = apply_first_skip(rewrite_outer(body))
    if has_bare_placeholder(body):
        # Informix: "In general, you cannot use variables ... in the select list
        # by themselves. A variable is valid in the select list, however, if an
        # arithmetic or concatenation operator connects it to a constant."
        # (Guide to SQL: Syntax, "Expressions in the Select List",
        # https://help.hcl-software.com/hclinformix/1410/sqs/ids_sqs_0993.html).
        # A lone ? has no type to describe at PREPARE; refused there as a syntax
        # error (the exact SQLCODE of a real server is not documented). A cast
        # (?::INTEGER, CAST(? AS ...)) types it and is accepted.
        raise InformixError(-201, token="?")
    tables = _tables_of(body, lookup)
    types = params.infer(body, nparams, tables)
    body = exprtype.ym_refs(body, tables)
    body = exprtype.datetime_texts(decfloat.wrap_refs(body, tables), tables)
    if temp_into:
        return Plan("select_into", sql, nparams, body, name=temp_into, param_types=types)
    return Plan("select", sql, nparams, body, param_types=types, for_update=for_update)


def _tables_of(body: list[Token], lookup) -> dict:
    """alias -> TableInfo of every FROM clause in ``body`` (subqueries included)."""
    from informix_db.testing.engine.describe import from_tables

    out = {}
    for k, t in enumerate(body):
        if t.is_("FROM"):
            for name, alias in from_tables(body, k):
                try:
                    info = lookup(name)
                except InformixError:
                    info = None
                if info is not None:
                    out.setdefault(alias, info)
    return out
