"""Stored functions called from client SQL (``SELECT f(x) FROM t``), inlined at PREPARE.

A function used in an SQL expression is expanded into the statement
where it can be (no UDF call per row, and the planner sees the types), like a macro: a body that only RETURNs one
expression, possibly chosen by IF/ELIF/ELSE, becomes
``CAST((CASE WHEN ... THEN ... END) AS type)`` with each parameter replaced
by its argument.  The planner then translates the statement as usual.  A
function the expansion cannot express (loops, variables, recursion) is
called as a DuckDB function that runs the SPL interpreter (udf.py); one
that returns several values is refused with -999 ("not implemented yet")
naming it, rather than run differently.
"""

from __future__ import annotations

from informix_db.testing.engine.errors import InformixError
from informix_db.testing.engine.lexer import (OP, PARAM, WORD, Token, matching_paren, split_top,
                                               tokenize)
from informix_db.testing.engine.spl import nodes as n

NOT_IMPLEMENTED = -999
#: Words after which ``name (`` is a table and its columns, never a call.
TABLE_BEFORE = ("INTO", "TABLE", "ON", "REFERENCES", "VIEW", "FROM", "JOIN", "UPDATE")
#: Functions inside inlined functions are expanded this deep at most.
_MAX_NESTING = 16


def _tok(text: str) -> Token:
    return Token(OP, text) if text in ("(", ")", ",") else Token(WORD, text)


def _body_expr(stmts: list) -> list[Token] | None:
    """The tokens of one expression equal to what ``stmts`` RETURN, or None."""
    if not stmts:
        return None
    first = stmts[0]
    if isinstance(first, n.Return):
        if first.resume or len(first.values) != 1:
            return None
        return list(first.values[0].tokens)
    if isinstance(first, n.If):
        out = [_tok("CASE")]
        for cond, body in first.branches:
            value = _body_expr(body)
            if value is None:
                return None
            out += [_tok("WHEN"), *cond.tokens, _tok("THEN"), *value]
        rest = _body_expr(first.otherwise) if first.otherwise else _body_expr(stmts[1:])
        if rest is None:
            return None
        return out + [_tok("ELSE"), *rest, _tok("END")]
    return None


def _substitute(tokens: list[Token], values: dict[str, list[Token]]) -> list[Token]:
    out: list[Token] = []
    for k, t in enumerate(tokens):
        if t.kind == WORD and t.text.lower() in values:
            prev = tokens[k - 1] if k else None
            nxt = tokens[k + 1] if k + 1 < len(tokens) else None
            if not ((prev is not None and prev.kind == OP and prev.text == ".")
                    or (nxt is not None and nxt.kind == OP and nxt.text in (".", "("))):
                out += [_tok("("), *values[t.text.lower()], _tok(")")]
                continue
        out.append(t)
    return out


def expand(tokens: list[Token], names: set[str], resolve, depth: int = 0,
           udf=None, active: tuple = ()) -> list[Token]:
    """``tokens`` with every call of a stored function in ``names`` expanded;
    ``resolve(name, nargs)`` gives the routine (or raises -674); ``udf(routine)``
    registers a function the expansion cannot express as a DuckDB function and
    gives its name (see udf.py; None: such a function is -999); ``active``:
    the functions being expanded around these tokens (a call of one of them
    is a recursion, which no expansion expresses)."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if (t.kind == WORD and t.text.lower() in names and k + 1 < len(tokens)
                and tokens[k + 1].kind == OP and tokens[k + 1].text == "("
                and not (k and (tokens[k - 1].kind == OP and tokens[k - 1].text == "."
                                or tokens[k - 1].is_(*TABLE_BEFORE)))):
            close = matching_paren(tokens, k + 1)
            inner = tokens[k + 2:close]
            args = [list(p) for p in split_top(inner)] if inner else []
            out += _call(t.text.lower(), args, names, resolve, depth, udf, active)
            k = close + 1
            continue
        out.append(t)
        k += 1
    return out


def _call(name: str, args: list[list[Token]], names: set[str], resolve, depth: int, udf,
          active: tuple) -> list[Token]:
    routine = resolve(name, len(args))
    if name in active:  # the outer expansion of ``name`` gives way to its UDF
        raise InformixError(NOT_IMPLEMENTED, token=name)
    try:
        return _inlined(routine, args, names, resolve, depth, udf, active)
    except InformixError as exc:
        if udf is None or exc.sqlcode != NOT_IMPLEMENTED or exc.token != name:
            raise
    return _udf_call(routine, args, names, resolve, depth, udf, active)


def _inlined(routine: n.Routine, args: list[list[Token]], names: set[str], resolve, depth: int,
             udf, active: tuple) -> list[Token]:
    """The call expanded into its body's one expression; -999 naming the routine
    when the body is not one."""
    name = routine.name
    body = _body_expr(routine.body) if len(routine.returns) == 1 else None
    if body is None or depth >= _MAX_NESTING:
        raise InformixError(NOT_IMPLEMENTED, token=name)
    values: dict[str, list[Token]] = {}
    for i, p in enumerate(routine.params):
        arg = args[i] if i < len(args) else list(p.default.tokens)
        uses = sum(1 for t in body if t.kind == WORD and t.text.lower() == p.name)
        if uses != 1 and any(t.kind == PARAM for t in arg):
            # a ? used twice (or not at all) would change the statement's parameters
            raise InformixError(NOT_IMPLEMENTED, token=name)
        values[p.name] = expand(arg, names, resolve, depth, udf, active)
    expr = expand(_substitute(body, values), names, resolve, depth + 1, udf, (*active, name))
    decl = routine.returns[0][0].decl
    return [*tokenize("CAST(("), *expr, *tokenize(f") AS {decl})")]


def _udf_call(routine: n.Routine, args: list[list[Token]], names: set[str], resolve, depth: int,
              udf, active: tuple) -> list[Token]:
    """A call of the routine's DuckDB function (udf.py), every parameter given:
    the arguments written, then the DEFAULTs of the ones left out."""
    fname = udf(routine)
    out = [Token(WORD, fname), _tok("(")]
    for i, p in enumerate(routine.params):
        if i:
            out.append(_tok(","))
        arg = args[i] if i < len(args) else list(p.default.tokens)
        out += [_tok("("), *expand(arg, names, resolve, depth, udf, active), _tok(")")]
    out.append(_tok(")"))
    decl = routine.returns[0][0].decl
    return [*tokenize("CAST(("), *out, *tokenize(f") AS {decl})")]
