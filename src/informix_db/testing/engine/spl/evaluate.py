"""Expressions and SQL of an SPL body, run by the engine with variables as parameters.

There is no second expression evaluator: ``LET x = a * 2`` runs
``SELECT CAST(? AS INTEGER) * 2`` through the planner and DuckDB (so every
Informix function and rule the engine knows applies), with the value
stored as the target's declared type (``values.coerce_sql``), overflow
errors included.  Embedded statements (INSERT/UPDATE/DELETE/SELECT ...)
go through ``Session.prepare``/``execute`` like a client's.  Plans are
cached per session by expression identity and variable types, and dropped
when the catalog changes.
"""

from __future__ import annotations

from decimal import Decimal

from informix_db.testing.engine.errors import InformixError
from informix_db.testing.engine.itypes import IfxType
from informix_db.testing.engine.lexer import NUMBER, OP, PARAM, STRING, WORD, Token, tokenize
from informix_db.testing.engine.planner import plan as make_plan
from informix_db.testing.engine.spl.nodes import Expr
from informix_db.testing.engine.values import bind_value, coerce_sql, fetch_converter

#: Words after which a name is a table, column or alias, never a variable.
_NAME_AFTER = ("FROM", "JOIN", "INTO", "UPDATE", "TABLE", "AS", "INDEX", "OUTER")


class Var:
    __slots__ = ("type", "value")

    def __init__(self, t: IfxType, value=None) -> None:
        self.type = t
        self.value = value


class Frame:
    """The variables of one routine call (name -> ``Var``)."""

    def __init__(self) -> None:
        self.vars: dict[str, Var] = {}

    def var(self, name: str) -> Var:
        v = self.vars.get(name)
        if v is None:  # a variable that was never defined
            raise InformixError(-201, token=name)
        return v


def _column_slots(tokens: list[Token]) -> set[int]:
    """Indexes of names that are columns by position: INSERT's column list,
    UPDATE's SET targets, names after FROM/AS/... (never variables)."""
    out: set[int] = set()
    n = len(tokens)
    for k, t in enumerate(tokens):
        if t.kind != WORD:
            continue
        prev = tokens[k - 1] if k else None
        nxt = tokens[k + 1] if k + 1 < n else None
        if prev is not None and prev.is_(*_NAME_AFTER):
            out.add(k)
        elif nxt is not None and nxt.kind == OP and nxt.text == "=" and prev is not None and (
                prev.is_("SET") or (prev.kind == OP and prev.text == ",")) and _in_set(tokens, k):
            out.add(k)
    if len(tokens) > 3 and tokens[0].is_("INSERT"):
        k = 3
        if k < n and tokens[k].kind == OP and tokens[k].text == "(":
            while k < n and not (tokens[k].kind == OP and tokens[k].text == ")"):
                out.add(k)
                k += 1
    return out


def _in_set(tokens: list[Token], k: int) -> bool:
    """Whether position ``k`` is inside an UPDATE's SET clause."""
    return bool(tokens) and tokens[0].is_("UPDATE") and any(
        t.is_("SET") for t in tokens[:k])


def bind_vars(tokens: list[Token], frame: Frame) -> tuple[list[Token], list[str]]:
    """``tokens`` with each variable reference made a typed parameter
    (``CAST(? AS type)``), and the variables in parameter order."""
    skip = _column_slots(tokens)
    out: list[Token] = []
    names: list[str] = []
    n = len(tokens)
    for k, t in enumerate(tokens):
        if t.kind == WORD and k not in skip:
            name = t.text.lower()
            v = frame.vars.get(name)
            if v is not None:
                prev = tokens[k - 1] if k else None
                nxt = tokens[k + 1] if k + 1 < n else None
                dotted = (prev is not None and prev.kind == OP and prev.text == ".") or (
                    nxt is not None and nxt.kind == OP and nxt.text in (".", "("))
                if not dotted:
                    out.extend(_cast_tokens(v.type))
                    names.append(name)
                    continue
        out.append(t)
    return out, names


_CASTS: dict[str, list[Token]] = {}


def _cast_tokens(t: IfxType) -> list[Token]:
    toks = _CASTS.get(t.decl)
    if toks is None:
        toks = _CASTS[t.decl] = tokenize(f"CAST(? AS {t.decl})")
    return toks


def text_of(tokens: list[Token]) -> str:
    """SQL text of ``tokens`` (for the planner, which tokenizes it again).

    Inside ``DATETIME(...)``/``INTERVAL(...)`` the translator reads the literal's
    text itself, so its tokens are put back together without blanks, except
    between two numbers (``1 02:03:04``, ``2024-01-31 10:00``)."""
    out: list[str] = []
    literal = 0  # parenthesis depth inside a DATETIME/INTERVAL literal
    prev: Token | None = None
    for k, t in enumerate(tokens):
        text = t.render() if t.kind != PARAM else "?"
        if literal:
            glue = " " if prev is not None and prev.kind == NUMBER and t.kind == NUMBER else ""
            out.append(glue + text)
            if t.kind == OP and t.text == "(":
                literal += 1
            elif t.kind == OP and t.text == ")":
                literal -= 1
        else:
            out.append((" " if out else "") + text)
            if (t.kind == OP and t.text == "(" and prev is not None
                    and prev.is_("DATETIME", "INTERVAL")):
                literal = 1
        prev = t
    return "".join(out)


_NOT_PLAIN = object()
#: Plans a session's evaluator keeps at most (then it starts again).
_CACHE_LIMIT = 4096


def _plain(expr: Expr, frame: Frame):
    """The value of an expression that is one variable, number, string or NULL
    (copied, not computed); ``_NOT_PLAIN`` for anything else."""
    if len(expr.tokens) != 1:
        return _NOT_PLAIN
    t = expr.tokens[0]
    if t.kind == WORD:
        v = frame.vars.get(t.text.lower())
        if v is not None:
            return v.value
        return None if t.is_("NULL") else _NOT_PLAIN
    if t.kind == STRING:
        return t.text
    if t.kind == NUMBER:
        if t.text.isdigit():
            return int(t.text)
        return Decimal(t.text) if "e" not in t.text.lower() else float(t.text)
    return _NOT_PLAIN


class Evaluator:
    """Runs the expressions and statements of SPL bodies for one session."""

    def __init__(self, session) -> None:
        self.s = session
        self._cache: dict = {}
        self._version = None
        self._conds: dict[int, Expr] = {}  # condition id -> its CASE WHEN wrapper

    def _cached(self, key):
        db = self.s._db
        version = (db, db.catalog_version if db else None)  # the object: ids are reused
        if version != self._version or len(self._cache) > _CACHE_LIMIT:
            # statements prepared again and again make new expressions: stay bounded
            self._cache.clear()
            self._conds.clear()
            self._version = version
        return self._cache.get(key)

    def params(self, names: list[str], frame: Frame) -> list:
        return [bind_value(frame.vars[n].value) for n in names]

    # -- expressions -----------------------------------------------------------------
    def values(self, exprs: list[Expr], frame: Frame, targets: list[IfxType | None],
               user: list | None = None) -> list:
        """The values of ``exprs``, each stored as its target type (None: as computed);
        ``user``: the values of the client's ``?`` in them (a top-level call's arguments)."""
        if user is None or not user:  # (a client's ? is never plain)
            plain = [_plain(e, frame) for e in exprs]
            if _NOT_PLAIN not in plain:  # copies and literals: no query needed
                return [v if t is None else self.convert(v, t) for v, t in zip(plain, targets)]
        bound = [bind_vars(e.tokens, frame) for e in exprs]
        names = [n for _, ns in bound for n in ns]
        key = ("v", tuple(e.id for e in exprs), tuple(frame.vars[n].type.decl for n in names),
               tuple(t.decl if t is not None else "" for t in targets))
        entry = self._cached(key)
        if entry is None:
            entry = self._cache[key] = self._plan_values([toks for toks, _ in bound], targets)
        p, sql, convs = entry
        params = list(user) if user is not None else self.params(names, frame)
        return self._run_row(p, sql, convs, params)

    def _plan_values(self, parts: list[list[Token]], targets):
        s = self.s
        sql = "SELECT " + ", ".join(text_of(toks) for toks in parts)
        with s._text_rules():
            p = make_plan(sql, s._lookup_safe, s.mode == "ansi")
            if p.kind != "select":
                raise InformixError(-201, token=parts[0][0].text if parts[0] else "")
            cols = [f"c{k}" for k in range(len(parts))]
            outs = [coerce_sql(t, c) if t is not None else c for t, c in zip(targets, cols)]
        utf8 = s._db.encoding == "utf-8"
        convs = [fetch_converter(t, utf8) if t is not None else None for t in targets]
        wrapped = f"SELECT {', '.join(outs)} FROM ({p.rendered()}) AS __spl({', '.join(cols)})"
        return p, wrapped, convs

    def _run_row(self, p, sql: str, convs, params: list) -> list:
        s = self.s
        values = s._slot_values(p, params)
        s._detach()
        s._auto_begin()
        try:
            row = s._conn.execute(sql, values).fetchone()
        except Exception as exc:
            raise s._fail(exc) from None
        return [c(v) if c is not None and v is not None else v for c, v in zip(convs, row)]

    def truth(self, expr: Expr, frame: Frame) -> bool:
        """An SPL condition: true only when the SQL condition is true (not NULL)."""
        toks = [Token(WORD, "CASE"), Token(WORD, "WHEN"), *expr.tokens, Token(WORD, "THEN"),
                Token("number", "1"), Token(WORD, "ELSE"), Token("number", "0"), Token(WORD, "END")]
        cond = self._conds.get(expr.id)
        if cond is None:
            cond = self._conds[expr.id] = Expr(toks)
        (v,) = self.values([cond], frame, [None])
        return v == 1

    def convert(self, value, t: IfxType):
        """``value`` stored as type ``t`` (an assignment from a row or an argument)."""
        if value is None:
            return None
        fam = t.family
        if fam == "int" and type(value) is int and t.duck in ("INTEGER", "BIGINT") \
                and t.decl != "SMALLINT" and -2**31 < value < 2**31:
            return value
        if fam == "varchar" and type(value) is str and len(value.encode("utf-8")) <= t.size:
            return value
        key = ("c", t.decl, type(value).__name__)
        entry = self._cached(key)
        if entry is None:
            s = self.s
            with s._text_rules():
                sql = f"SELECT {coerce_sql(t, 'x')} FROM (SELECT ? AS x)"
            entry = self._cache[key] = (sql, fetch_converter(t, s._db.encoding == "utf-8"))
        sql, conv = entry
        s = self.s
        s._detach()
        s._auto_begin()
        try:
            (v,) = s._conn.execute(sql, [bind_value(value)]).fetchone()
        except Exception as exc:
            raise s._fail(exc) from None
        return conv(v) if conv is not None and v is not None else v

    # -- statements --------------------------------------------------------------------
    def prepared(self, expr: Expr, frame: Frame):
        """The prepared statement of an embedded SQL statement, and its parameter names."""
        toks, names = bind_vars(expr.tokens, frame)
        key = ("q", expr.id, tuple(frame.vars[n].type.decl for n in names))
        stmt = self._cached(key)
        if stmt is None:
            stmt = self._cache[key] = self.s.prepare(text_of(toks))
        return stmt, names

    def run(self, expr: Expr, frame: Frame):
        """Run an embedded statement; returns its engine ``Result`` (rows read for a SELECT)."""
        stmt, names = self.prepared(expr, frame)
        result = self.s.execute(stmt, self.params(names, frame))
        if stmt.kind in ("select", "execute_function", "execute_procedure") and stmt.columns:
            rows = result.fetchall()
            return stmt, rows
        return stmt, None
