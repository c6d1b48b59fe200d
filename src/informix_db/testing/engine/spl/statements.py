"""The routine statements: CREATE/DROP FUNCTION|PROCEDURE|ROUTINE, EXECUTE FUNCTION|PROCEDURE.

``plan_statement`` classifies them before the SQL planner (which would try
to translate a routine body as DuckDB SQL); ``Routines`` is the part of
``session.Session`` that prepares and runs them.

Facts followed (IBM Informix Guide to SQL: Syntax): EXECUTE FUNCTION and
EXECUTE PROCEDURE are described like a SELECT (statement type 56 with the
RETURNING columns) and fetched through a cursor; EXECUTE PROCEDURE may run
an SPL routine that returns values ("for compatibility with earlier
versions"); EXECUTE FUNCTION of a routine returning nothing, an unknown
name, or arguments that fit no routine's parameter list (too many, or a
missing one without DEFAULT) fail to resolve: -674.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from informix_db.testing.engine.ddl import DdlPlan
from informix_db.testing.engine.errors import InformixError
from informix_db.testing.engine.lexer import OP, PARAM, WORD, Token, split_top, tokenize
from informix_db.testing.engine.planner import Plan
from informix_db.testing.engine.results import Column, Prepared, Result
from informix_db.testing.engine.spl import inline, nodes as n, routinecat, udf
from informix_db.testing.engine.spl.evaluate import Frame, _cast_tokens, text_of
from informix_db.testing.engine.spl.interp import Interpreter, arrange
from informix_db.testing.engine.spl.parser import parse_routine

#: The kinds ``plan_statement`` gives (``Prepared.kind``).
KINDS = ("create_function", "create_procedure", "drop_function", "drop_procedure",
         "drop_routine", "execute_function", "execute_procedure")
EXECUTE_KINDS = ("execute_function", "execute_procedure")
#: A CREATE of a routine whose name and parameter count another routine has.
ROUTINE_EXISTS = -673
UNRESOLVED = -674

_ROUTINE_WORDS = re.compile(r"\b(?:FUNCTION|PROCEDURE|ROUTINE)\b", re.IGNORECASE)


@dataclass
class RoutinePlan(Plan):
    args: list = field(default_factory=list)  # EXECUTE: argument expressions (n.Expr)
    placed: list | None = None  # interp.arrange of args, made at PREPARE ...
    routine: n.Routine | None = None  # ... for this routine
    if_exists: bool = False


def plan_statement(sql: str) -> RoutinePlan | None:
    """The plan of a routine statement, or None when ``sql`` is no such statement."""
    if not _ROUTINE_WORDS.search(sql):
        return None
    toks = tokenize(sql)
    words = [t.up for t in toks[:4] if t.kind == WORD]
    if len(words) < 2:
        return None
    first, second = words[0], words[1]
    if first == "CREATE" and second == "DBA" and len(words) > 2:
        second = words[2]
    if first == "CREATE" and second in ("FUNCTION", "PROCEDURE"):
        try:
            routine = parse_routine(toks, sql)
        except IndexError:
            raise InformixError(-201, token="END") from None
        if second == "FUNCTION" and not routine.returns:
            raise InformixError(-201, token=routine.name)  # a function returns something
        exists_ok = any(t.is_("EXISTS") for t in toks[:6])
        kind = "create_" + second.lower()
        return RoutinePlan(kind, sql, name=routine.name,
                           ddl=DdlPlan([], record=_creator(routine, exists_ok)))
    if first == "DROP" and second in ("FUNCTION", "PROCEDURE", "ROUTINE"):
        return _drop(sql, toks, second)
    if first == "EXECUTE" and second in ("FUNCTION", "PROCEDURE"):
        return _execute(sql, toks, second)
    return None


def _creator(routine: n.Routine, exists_ok: bool):
    def record(conn, session) -> None:
        for _procid, _isproc, text in routinecat.find(conn, routine.name):
            if len(routinecat.parsed(text).params) == len(routine.params):
                if exists_ok:
                    return
                raise InformixError(ROUTINE_EXISTS, token=routine.name)
        routinecat.add(conn, routine, session.user)
    return record


def _drop(sql: str, toks: list[Token], what: str) -> RoutinePlan:
    k = 2
    if_exists = len(toks) > 3 and toks[2].is_("IF") and toks[3].is_("EXISTS")
    if if_exists:
        k = 4
    if k >= len(toks) or toks[k].kind != WORD:
        raise InformixError(-201, token=toks[k].text if k < len(toks) else what)
    name = toks[k].text.lower()
    k += 1
    if k + 1 < len(toks) and toks[k].kind == OP and toks[k].text == ".":
        name = toks[k + 1].text.lower()
        k += 2
    nargs = None
    if k < len(toks):  # a signature: (type, ...)
        if not (toks[k].kind == OP and toks[k].text == "(" and toks[-1].text == ")"):
            raise InformixError(-201, token=toks[k].text)
        inner = toks[k + 1:-1]
        nargs = len(split_top(inner)) if inner else 0

    def record(conn, session) -> None:
        found = [(procid, text) for procid, _isproc, text in routinecat.find(conn, name)
                 if nargs is None or len(routinecat.parsed(text).params) == nargs]
        if not found:
            if if_exists:
                return
            raise InformixError(UNRESOLVED, token=name)
        if len(found) > 1:  # overloaded: the signature must say which
            raise InformixError(UNRESOLVED, token=name)
        routinecat.drop(conn, found[0][0])
    return RoutinePlan("drop_" + what.lower(), sql, name=name, ddl=DdlPlan([], record=record),
                       if_exists=if_exists)


def _execute(sql: str, toks: list[Token], what: str) -> RoutinePlan:
    if len(toks) < 5 or toks[2].kind != WORD:
        raise InformixError(-201, token=toks[2].text if len(toks) > 2 else what)
    k = 3
    name = toks[2].text.lower()
    if toks[k].kind == OP and toks[k].text == ".":  # owner.name
        name = toks[k + 1].text.lower()
        k += 2
    if not (toks[k].kind == OP and toks[k].text == "(") or toks[-1].text != ")":
        raise InformixError(-201, token=toks[-1].text)
    inner = toks[k + 1:-1]
    args = [n.Expr(p) for p in split_top(inner)] if inner else []
    if any(not a.tokens for a in args):
        raise InformixError(-201, token=",")
    nparams = sum(1 for t in inner if t.kind == PARAM)
    return RoutinePlan("execute_" + what.lower(), sql, nparams, name=name, args=args)


class Routines:
    """The routine statements of a ``Session``."""

    _spl: Interpreter | None = None
    _spl_routines: dict | None = None  # name -> routines, for _spl_version
    _spl_version = None
    _spl_names: tuple | None = None  # (catalog version, names of stored functions)

    def _routine_prepare(self, sql: str) -> Prepared | None:
        """PREPARE of a routine statement (None: not one)."""
        with self._text_rules():
            p = plan_statement(sql)
        if p is None:
            return None
        self._need_db()
        if p.kind not in EXECUTE_KINDS:
            return Prepared(p.kind, [], 0, sql, p)
        routine = self._resolve(p.name, len(p.args), function=p.kind == "execute_function")
        # a lone ? argument is typed by its parameter (the planner refuses a bare ?)
        ptypes = []
        p.placed = arrange(routine, p.args, self._interpreter()._named)
        p.routine = routine
        for k, e in p.placed:
            param = routine.params[k]
            if len(e.tokens) == 1 and e.tokens[0].kind == PARAM:
                e.tokens = list(_cast_tokens(param.type))
                ptypes.append(param.type.column_type())
            else:
                ptypes += [None] * sum(1 for t in e.tokens if t.kind == PARAM)
        types = [t for t, _ in routine.returns]
        columns = [Column(label or "(expression)", t.column_type(True))
                   for t, label in routine.returns]
        return Prepared(p.kind, columns, p.nparams, sql, p, types, ptypes)

    def _routine_execute(self, stmt: Prepared, params: list) -> Result:
        """EXECUTE FUNCTION/PROCEDURE: the routine's rows, read whole."""
        p = stmt.plan
        routine = self._resolve(p.name, len(p.args), function=p.kind == "execute_function")
        interp = self._interpreter()
        placed = p.placed if routine is p.routine else None  # else re-created since
        args = interp.arguments(routine, p.args, Frame(), user=params, placed=placed)
        try:
            rows = list(interp.rows(routine, args))
        except RecursionError:  # deep nesting times deep calls: refused, the server goes on
            raise InformixError(-201, token=routine.name) from None
        if not routine.returns:
            return Result()
        return Result(stmt.columns, 0, rows=rows)

    def _inline_sql(self, sql: str) -> str:
        """``sql`` with the stored functions it calls expanded (``inline``), or as is."""
        if self._db is None:
            return sql
        names = self._routine_names()
        if not names:
            return sql
        low = sql.lower()
        if not any(name in low for name in names):
            return sql
        toks = tokenize(sql)
        if not any(t.kind == WORD and t.text.lower() in names for t in toks):
            return sql
        try:
            out = inline.expand(toks, names, lambda name, nargs: self._resolve(name, nargs, True),
                                udf=lambda routine: udf.register(self._db, self.engine, routine))
        except RecursionError:  # calls nested in arguments without end: refused
            raise InformixError(-201, token="(") from None
        return text_of(out)

    def _routine_names(self) -> set[str]:
        """Names of the stored functions of the open database (per catalog version)."""
        version = (self._db, self._db.catalog_version)  # the object: ids are reused
        cached = self._spl_names
        if cached is not None and cached[0] == version:
            return cached[1]
        self._detach()  # no _auto_begin: preparing COMMIT must not open a transaction
        try:
            rows = self._conn.execute(
                "SELECT DISTINCT procname FROM __ifx_procs WHERE nreturns > 0").fetchall()
        except Exception as exc:
            raise self._fail(exc) from None
        names = {r[0] for r in rows}
        self._spl_names = (version, names)
        return names

    def _interpreter(self) -> Interpreter:
        if self._spl is None:
            self._spl = Interpreter(self, self._resolve)
        return self._spl

    def _resolve(self, name: str, nargs: int | None, function: bool = False) -> n.Routine:
        """The routine ``name`` that takes ``nargs`` arguments (None: any); -674 if none."""
        self._need_db()
        version = (self._db, self._db.catalog_version)  # the object: ids are reused
        if version != self._spl_version or self._spl_routines is None:
            self._spl_routines = {}
            self._spl_version = version
        found = self._spl_routines.get(name)
        if found is None:
            self._detach()
            self._auto_begin()
            try:
                rows = routinecat.find(self._conn, name)
            except Exception as exc:
                raise self._fail(exc) from None
            found = self._spl_routines[name] = [routinecat.parsed(text) for _, _, text in rows]
        for r in found:
            if nargs is None or r.required <= nargs <= len(r.params):
                if function and not r.returns:
                    continue  # EXECUTE FUNCTION of a procedure: not resolved
                return r
        raise InformixError(UNRESOLVED, token=name)
