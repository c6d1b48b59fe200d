"""Run an SPL routine: its statements in Python, its expressions and SQL in the engine.

``Interpreter.rows(routine, args)`` is a generator of the rows the routine
returns: one per RETURN (a function's caller sees them as a result set),
more than one with RETURN ... WITH RESUME.  Control flow (RETURN, EXIT,
CONTINUE) travels as Python exceptions; SQL errors are ``InformixError``s,
which ON EXCEPTION handlers of the enclosing statement blocks may trap.
"""

from __future__ import annotations

from informix_db.testing.engine.errors import InformixError
from informix_db.testing.engine.itypes import BIGINT, INT8, INTEGER, IfxType, varchar
from informix_db.testing.engine.lexer import OP, WORD, Token, matching_paren, split_top
from informix_db.testing.engine.spl import nodes as n
from informix_db.testing.engine.spl.evaluate import Evaluator, Frame, Var
from informix_db.testing.engine.spl.inline import TABLE_BEFORE
from informix_db.testing.engine.spl.treeops import cursor_variable

#: Routine calls nested deeper than this fail (a runaway recursion must not
#: take the server's stack): -201 naming the routine, as no IBM code for the
#: limit is documented.
MAX_DEPTH = 40
#: Statements one EXECUTE may run: a runaway loop ends (-213, as if the client
#: had interrupted it) instead of holding its session forever.
MAX_STEPS = 1_000_000
INTERRUPTED = -213
#: SELECT ... INTO (and LET ... = (SELECT ...)) found more than one row.
NOT_ONE_ROW = -284

_TEXT = varchar(255)


#: An argument left to its parameter's DEFAULT (named arguments may skip any).
MISSING = object()


def arrange(routine: n.Routine, args: list, named_cache: dict) -> list[tuple[int, n.Expr]]:
    """``(parameter index, expression)`` of each argument, in the order written:
    a named one (``p = expr``, IBM's named-argument form) goes to its parameter,
    the others by position; parameters left out take their DEFAULT.
    ``named_cache`` keeps the split expressions (their ids key the plan caches)."""
    named = []
    for a in args:
        split = named_cache.get(a.id, MISSING)
        if split is MISSING:
            toks = a.tokens
            split = None
            if len(toks) > 2 and toks[0].kind == WORD and toks[1].kind == OP \
                    and toks[1].text == "=":
                split = (toks[0].text.lower(), n.Expr(toks[2:]))
            named_cache[a.id] = split
        named.append(split)
    if not any(named):
        return list(enumerate(args))
    if not all(named):
        raise InformixError(-201, token="=")
    index = {p.name: k for k, p in enumerate(routine.params)}
    out = []
    for name, expr in named:
        if name not in index or any(k == index[name] for k, _ in out):
            raise InformixError(-674, token=routine.name)
        out.append((index[name], expr))
    given = {k for k, _ in out}
    if any(k not in given and p.default is None for k, p in enumerate(routine.params)):
        raise InformixError(-674, token=routine.name)
    return out


class _Stop(Exception):
    """RETURN without WITH RESUME: the routine ends."""


class _Exit(Exception):
    def __init__(self, loop: str, cont: bool) -> None:
        super().__init__(loop)
        self.loop = loop
        self.cont = cont


class Interpreter:
    """Runs routines for one session (``resolve(name)`` finds a routine by name)."""

    def __init__(self, session, resolve) -> None:
        self.ev = Evaluator(session)
        self.resolve = resolve
        self.depth = 0
        self.steps = 0
        self.globals: dict[str, Var] = {}  # DEFINE GLOBAL variables of the session
        self._named: dict[int, tuple | None] = {}  # argument id -> (name, expr) or None
        self._calls: dict[int, n.Call | None] = {}  # LET right side id -> its call shape
        self._rewrites: dict[int, tuple | None] = {}  # expr id -> its routine calls taken out
        self._version = None  # the catalog those were worked out with

    # -- routine calls inside expressions ----------------------------------------------
    def _expand(self, expr: n.Expr, frame: Frame) -> tuple[n.Expr, Frame]:
        """``expr`` with each call of a stored routine run first and replaced by a
        variable holding its (first) value.  The calls run before the expression,
        all of them: a recursion must stop in an IF, not inside a CASE."""
        entry = self._rewrites.get(expr.id, ())
        if entry == ():
            entry = self._rewrites[expr.id] = self._find_calls(expr)
        if entry is None:
            return expr, frame
        rewritten, calls = entry
        inner = Frame()
        inner.vars = dict(frame.vars)
        for name, call in calls:
            routine = self.resolve(call.name, len(call.args))
            rows = self.call(call, frame)
            t = routine.returns[0][0] if routine.returns else _TEXT
            inner.vars[name] = Var(t, rows[0][0] if rows else None)
        return rewritten, inner

    def _find_calls(self, expr: n.Expr):
        toks = expr.tokens
        out: list[Token] = []
        calls = []
        k = 0
        while k < len(toks):
            t = toks[k]
            if (t.kind == WORD and k + 1 < len(toks) and toks[k + 1].kind == OP
                    and toks[k + 1].text == "(" and not (k and (toks[k - 1].text == "."
                                                               or toks[k - 1].is_(*TABLE_BEFORE)))
                    and self._is_routine(t.text.lower())):
                close = matching_paren(toks, k + 1)
                inner = toks[k + 2:close]
                args = [n.Expr(p) for p in split_top(inner)] if inner else []
                name = f"__spl_call{len(calls)}"
                calls.append((name, n.Call(t.text.lower(), args, [])))
                out.append(Token(WORD, name))
                k = close + 1
                continue
            out.append(t)
            k += 1
        return (n.Expr(out), calls) if calls else None

    def _is_routine(self, name: str) -> bool:
        try:
            self.resolve(name, None)
        except InformixError:
            return False  # a built-in function: the engine evaluates it
        return True

    def values(self, exprs: list[n.Expr], frame: Frame, targets: list) -> list:
        """``Evaluator.values`` after the routine calls inside the expressions ran."""
        if not any(self._has_calls(e) for e in exprs):
            return self.ev.values(exprs, frame, targets)
        out = []
        for e, t in zip(exprs, targets):
            e2, f = self._expand(e, frame)
            out.extend(self.ev.values([e2], f, [t]))
        return out

    def _has_calls(self, expr: n.Expr) -> bool:
        entry = self._rewrites.get(expr.id, ())
        if entry == ():
            entry = self._rewrites[expr.id] = self._find_calls(expr)
        return entry is not None

    def truth(self, expr: n.Expr, frame: Frame) -> bool:
        e, f = self._expand(expr, frame)
        return self.ev.truth(e, f)

    # -- calls -------------------------------------------------------------------------
    def rows(self, routine: n.Routine, args: list):
        """Generator of the rows ``routine`` returns for ``args`` (values already typed)."""
        if self.depth >= MAX_DEPTH:
            raise InformixError(-201, token=routine.name)
        frame = Frame()
        for k, p in enumerate(routine.params):
            frame.vars[p.name] = Var(p.type)
            if k < len(args) and args[k] is not MISSING:
                frame.vars[p.name].value = args[k]
            elif p.default is not None:
                (frame.vars[p.name].value,) = self.values([p.default], frame, [p.type])
        if self.depth == 0:
            self.steps = 0
            db = self.ev.s._db
            version = (db, db.catalog_version if db is not None else None)
            if version != self._version or \
                    len(self._named) + len(self._calls) + len(self._rewrites) > 4096:
                # which names are routines may have changed; and each PREPARE makes
                # new argument expressions: stay bounded
                self._version = version
                self._named.clear()
                self._calls.clear()
                self._rewrites.clear()
        self.depth += 1
        try:
            yield from self.block(routine.body, frame, routine)
        except _Stop:
            pass
        except _Exit:
            raise InformixError(-201, token="EXIT") from None
        finally:
            self.depth -= 1

    def call(self, call: n.Call, frame: Frame) -> list[tuple]:
        """Rows of a routine called from SPL (CALL, EXECUTE ..., LET x = f(...))."""
        routine = self.resolve(call.name, len(call.args))
        return list(self.rows(routine, self.arguments(routine, call.args, frame)))

    def arguments(self, routine: n.Routine, exprs: list, frame: Frame, user=None,
                  placed=None) -> list:
        """The argument values of a call, by parameter (``MISSING``: the DEFAULT);
        ``placed``: ``arrange`` done already (at PREPARE)."""
        if placed is None:
            placed = arrange(routine, exprs, self._named)
        out: list = [MISSING] * len(routine.params)
        if placed:
            es = [e for _, e in placed]
            ts = [routine.params[k].type for k, _ in placed]
            if user is not None:  # the client's ? values, in the order written
                vals = self.ev.values(es, frame, ts, user=user)
            else:
                vals = self.values(es, frame, ts)
            for (k, _), v in zip(placed, vals):
                out[k] = v
        return out

    # -- statements --------------------------------------------------------------------
    def block(self, body: list, frame: Frame, routine: n.Routine):
        for stmt in body:
            yield from self.run(stmt, frame, routine)

    def _tick(self, routine: n.Routine) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise InformixError(INTERRUPTED, token=routine.name)

    def run(self, st, frame: Frame, routine: n.Routine):
        self._tick(routine)
        ev = self.ev
        kind = type(st)
        if kind is n.Let:
            self._let(st, frame)
        elif kind is n.Sql:
            self._sql(st, frame)
        elif kind is n.If:
            for cond, body in st.branches:
                if self.truth(cond, frame):
                    yield from self.block(body, frame, routine)
                    break
            else:
                yield from self.block(st.otherwise, frame, routine)
        elif kind is n.Return:
            yield from self._return(st, frame, routine)
        elif kind is n.Define:
            t = st.type if st.like is None else self._like(*st.like)
            for name in st.names:
                if st.glob:
                    known = self.globals.get(name)
                    if known is not None:  # defined by an earlier routine: its value
                        frame.vars[name] = known
                        continue
                    frame.vars[name] = self.globals[name] = Var(t)
                else:
                    frame.vars[name] = Var(t)
                if st.default is not None:
                    (frame.vars[name].value,) = self.values([st.default], frame, [t])
        elif kind is n.ForRange:
            yield from self._for(st, frame, routine)
        elif kind is n.While:
            while self.truth(st.cond, frame):
                if (yield from self._loop_body(st.body, frame, routine, "WHILE")):
                    break
        elif kind is n.Loop:
            while True:
                if (yield from self._loop_body(st.body, frame, routine, "LOOP")):
                    break
        elif kind is n.Foreach:
            if st.call is not None:
                rows = self.call(st.call, frame)
            else:
                _, rows = ev.run(st.query, frame)
            for row in rows or ():
                if st.cursor:  # the row's rowid, for WHERE CURRENT OF
                    frame.vars[cursor_variable(st.cursor)] = Var(BIGINT, row[-1])
                    row = row[:-1]
                self._assign(st.into, row, frame)
                if (yield from self._loop_body(st.body, frame, routine, "FOREACH")):
                    break
        elif kind is n.Call:
            rows = self.call(st, frame)
            if st.into:
                if not rows:
                    raise InformixError(NOT_ONE_ROW)
                self._assign(st.into, rows[0], frame)
        elif kind is n.Raise:
            self._raise(st, frame)
        elif kind is n.Exit:
            raise _Exit(st.loop, st.cont)
        elif kind is n.Block:
            yield from self._guarded(st, frame, routine)
        elif kind is n.Nothing:
            pass
        else:  # pragma: no cover - the parser makes no other nodes
            raise InformixError(-201, token=kind.__name__)

    def _like(self, table: str, column: str) -> IfxType:
        """The declared type of ``table.column`` (DEFINE ... LIKE), without SERIAL/NOT NULL."""
        info = self.ev.s._lookup_safe(table)
        if info is None:
            raise InformixError(-206, -111, table)
        t = info.column(column)
        if t is None:
            raise InformixError(-217, token=column)
        if t.serial:  # a variable LIKE a SERIAL column is its integer type
            t = {"SERIAL": INTEGER, "SERIAL8": INT8, "BIGSERIAL": BIGINT}[t.decl.split("(")[0]]
        return t.with_notnull(False)

    def _loop_body(self, body: list, frame: Frame, routine: n.Routine, loop: str):
        """Run one pass of a loop body; returns True when an EXIT left the loop."""
        self._tick(routine)  # an empty body still counts
        try:
            yield from self.block(body, frame, routine)
        except _Exit as e:
            if e.loop not in ("", loop):
                raise
            return not e.cont
        return False

    def _for(self, st: n.ForRange, frame: Frame, routine: n.Routine):
        var = frame.var(st.var)
        for start, end, step in st.ranges:
            if end is None:
                (var.value,) = self.values([start], frame, [var.type])
                if (yield from self._loop_body(st.body, frame, routine, "FOR")):
                    return
                continue
            exprs = [start, end] + ([step] if step is not None else [])
            vals = self.values(exprs, frame, [None] * len(exprs))
            if any(v is None for v in vals):
                raise InformixError(-201, token="FOR")  # a NULL bound: no loop can run
            lo, hi = vals[0], vals[1]
            # IBM (Guide to SQL: Syntax, FOR): bounds and step are evaluated once,
            # before the loop; without STEP the increment is 1, or -1 when the
            # range runs downwards; a STEP of 0 is an error.
            inc = vals[2] if step is not None else (1 if hi >= lo else -1)
            if inc == 0:
                raise InformixError(-201, token="STEP")
            i = lo
            while (i <= hi) if inc > 0 else (i >= hi):
                var.value = self.ev.convert(i, var.type)
                if (yield from self._loop_body(st.body, frame, routine, "FOR")):
                    return
                i += inc

    def _guarded(self, blk: n.Block, frame: Frame, routine: n.Routine):
        """A statement block whose errors its ON EXCEPTION handlers may trap."""
        for stmt in blk.body:
            try:
                yield from self.run(stmt, frame, routine)
            except InformixError as e:
                handler = next((h for h in blk.handlers
                                if h.codes is None or e.sqlcode in h.codes), None)
                if handler is None:
                    raise
                caught = [e.sqlcode, getattr(e, "isam", 0) or 0, e.token or ""]
                for name, value in zip(handler.set_vars, caught):
                    v = frame.var(name)
                    v.value = self.ev.convert(value, v.type)
                yield from self.block(handler.body, frame, routine)
                if not handler.resume:
                    return

    # -- simple statements ------------------------------------------------------------
    def _let(self, st: n.Let, frame: Frame) -> None:
        targets = [frame.var(name) for name in st.targets]
        if len(st.values) == 1:
            rhs = st.values[0]
            call = self._routine_call(rhs)
            if call is not None:
                rows = self.call(call, frame)
                self._assign(st.targets, rows[0] if rows else (None,) * len(targets), frame)
                return
            if len(targets) > 1:
                self._assign(st.targets, self._one_row(_subquery(rhs), frame), frame)
                return
        vals = self.values(st.values, frame, [v.type for v in targets])
        for v, value in zip(targets, vals):
            v.value = value

    def _routine_call(self, expr: n.Expr) -> n.Call | None:
        """``f(args)`` alone on the right of a LET, when ``f`` is a stored routine."""
        call = self._calls.get(expr.id, MISSING)
        if call is MISSING:  # its shape, worked out once (the Call keeps its argument ids)
            toks = expr.tokens
            call = None
            if len(toks) >= 3 and toks[0].kind == WORD and toks[1].text == "(" \
                    and toks[-1].text == ")" and matching_paren(toks, 1) == len(toks) - 1:
                inner = toks[2:-1]
                args = [n.Expr(p) for p in split_top(inner)] if inner else []
                call = n.Call(toks[0].text.lower(), args, [])
            self._calls[expr.id] = call
        if call is None:
            return None
        try:
            self.resolve(call.name, None)
        except InformixError:
            return None  # a built-in function: the engine evaluates it
        return call

    def _one_row(self, query: n.Expr, frame: Frame) -> tuple:
        _, rows = self.ev.run(query, frame)
        if rows is None or len(rows) > 1:
            raise InformixError(NOT_ONE_ROW)
        return rows[0] if rows else None

    def _sql(self, st: n.Sql, frame: Frame) -> None:
        if not st.into:
            self.ev.run(st.query, frame)
            return
        row = self._one_row(st.query, frame)
        if row is not None:  # no row: the variables keep their values (SQLCODE 100)
            self._assign(st.into, row, frame)

    def _assign(self, names: list[str], row, frame: Frame) -> None:
        if row is None:
            row = (None,) * len(names)
        if len(row) != len(names):
            raise InformixError(-201, token=names[0] if names else "INTO")
        for name, value in zip(names, row):
            v = frame.var(name)
            v.value = self.ev.convert(value, v.type)

    def _return(self, st: n.Return, frame: Frame, routine: n.Routine):
        if st.values:
            if len(st.values) != len(routine.returns):
                raise InformixError(-201, token="RETURN")
            yield tuple(self.values(st.values, frame, [t for t, _ in routine.returns]))
        if not st.resume:
            raise _Stop()

    def _raise(self, st: n.Raise, frame: Frame) -> None:
        exprs = [st.sqlcode] + [e for e in (st.isam, st.text) if e is not None]
        targets: list[IfxType | None] = [INTEGER, INTEGER, _TEXT][:len(exprs)]
        vals = self.values(exprs, frame, targets)
        sqlcode = vals[0] if vals[0] is not None else -746
        isam = vals[1] if len(vals) > 1 and vals[1] is not None else 0
        text = vals[2] if len(vals) > 2 and vals[2] is not None else ""
        raise InformixError(int(sqlcode), int(isam), str(text))


def _subquery(expr: n.Expr) -> n.Expr:
    """``(SELECT ...)`` on the right of a LET with several targets: the SELECT."""
    toks = expr.tokens
    if len(toks) > 2 and toks[0].text == "(" and toks[1].is_("SELECT") and toks[-1].text == ")":
        return n.Expr(toks[1:-1], id=expr.id)
    raise InformixError(-201, token="=")
