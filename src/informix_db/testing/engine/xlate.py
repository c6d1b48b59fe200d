"""Rewrite Informix expressions and query clauses into DuckDB SQL, token by token.

Values that Informix fixes per statement execution (TODAY, CURRENT, DBINFO,
the user's ``?`` markers, MATCHES patterns given as parameters) become
*slots*: ``?`` markers whose values the session computes at execute time.
That keeps a translated statement reusable, and lets a failed transaction
be replayed with exactly the same values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from informix_db import types as T
from informix_db.testing.engine import dbnames, itypes, virtual
from informix_db.testing.engine.errors import InformixError
from informix_db.testing.engine.lexer import (
    HIDDEN, NUMBER, OP, PARAM, STRING, WORD, Token, find_top, matching_paren,
)
from informix_db.testing.engine.literals import datetime_value, interval_value, matches_to_regex
from informix_db.testing.engine.values import coerce_sql, range_type


@dataclass(slots=True)
class Slot(Token):
    """A hidden parameter: ``slot`` says where its value comes from at execute time."""

    slot: tuple = ()

    def sql(self, mode: str) -> str:
        """``?`` (param mode), a typed NULL (describe mode) or inline SQL (ddl mode)."""
        kind = self.slot[0]
        if mode == "param":
            return "?"
        if mode == "describe":
            if kind == "today":
                return "CAST(NULL AS DATE)"
            if kind == "current":
                return "CAST(NULL AS %s)" % ("TIME" if self.slot[1] >= T.TU_HOUR else "TIMESTAMP")
            if kind == "lo_in":
                return "CAST(NULL AS BLOB)"
            if kind == "dbinfo":
                key = self.slot[1]
                numeric = key.startswith("sqlca") or key in ("sessionid", "utc_current")
                return "CAST(NULL AS %s)" % ("INTEGER" if numeric else "VARCHAR")
            return "NULL"
        # ddl mode: only what a DEFAULT or CHECK can hold
        if kind == "today":
            return "current_date"
        if kind == "current":
            t = itypes.datetime_(self.slot[1], self.slot[2])
            return coerce_sql(t, "current_localtimestamp()")
        if kind == "user":
            raise InformixError(-201, token="?")
        return "NULL"


@dataclass(slots=True)
class SeqCall(Token):
    """``seq.NEXTVAL``/``seq.CURRVAL`` (``text``: nextval or currval) of sequence ``seq``.

    Describing must not advance the sequence (DuckDB evaluates nextval while
    binding), so describe mode renders a typed NULL of the result's type.
    """

    seq: str = ""

    def sql(self, mode: str) -> str:
        if mode == "describe":
            return "CAST(NULL AS BIGINT)"
        return "%s('%s')" % (self.text, self.seq.replace("'", "''"))


def slot(kind: str, *args, pos: int = 0) -> Slot:
    return Slot(HIDDEN, "?", pos, (kind, *args))


@dataclass(slots=True)
class CastOpen(Token):
    """The ``(`` that opens a translated cast; ``target`` is the cast's Informix type.

    The describer reads it: a select item that is one cast has that type.
    """

    target: itypes.IfxType | None = None


def _emit_cast(operand: list[Token], typ: itypes.IfxType, out: list[Token], pos: int) -> None:
    """Append ``(CAST(operand AS typ))`` in DuckDB terms, opened by a ``CastOpen``.

    Character targets cut the text to their length like a stored value, from
    Informix's text of the value (``t``/``f`` for a BOOLEAN, not DuckDB's).
    """
    out.append(CastOpen(OP, "(", pos, typ))
    if typ.family in ("char", "varchar", "lvarchar"):
        fixed = typ.family == "char"  # CHAR is kept without its blank padding
        if fixed:
            out.extend([Token(WORD, "rtrim"), Token(OP, "(")])
        out.extend([Token(WORD, "substr"), Token(OP, "("), Token(WORD, "__ifx_text"),
                    Token(OP, "(")])
        out.extend(operand)
        out.extend([Token(OP, ")"), Token(OP, ","), Token(NUMBER, "1"), Token(OP, ","),
                    Token(NUMBER, str(typ.size)), Token(OP, ")")])
        if fixed:
            out.extend([Token(OP, ","), Token(STRING, " "), Token(OP, ")")])
    else:
        check = range_type(typ)
        if check != typ.duck:  # SMALLINT: a 16-bit value kept in an INTEGER
            out.extend([Token(WORD, "CAST"), Token(OP, "(")])
        out.extend([Token(WORD, "CAST"), Token(OP, "(")])
        out.extend(operand)
        out.extend([Token(WORD, "AS"), Token(WORD, check), Token(OP, ")")])
        if check != typ.duck:
            out.extend([Token(WORD, "AS"), Token(WORD, typ.duck), Token(OP, ")")])
    out.append(Token(OP, ")"))


_TYPED_LITERAL = ("DATE", "TIME", "TIMESTAMP", "INTERVAL")
#: Words before a parenthesised group that make it no function call.
_NOT_CALLS = ("SELECT", "WHERE", "AND", "OR", "NOT", "ON", "BY", "WHEN", "THEN", "ELSE",
              "HAVING", "AS", "IN", "DISTINCT", "UNIQUE", "ALL", "SET", "VALUES", "RETURNING")


def _operand_start(out: list[Token]) -> int | None:
    """Where the operand of a trailing ``::`` starts in ``out``, or None when unsure.

    ``::`` binds tighter than any operator, so its operand is the last term:
    a single token, a dotted name, a parenthesised group or call, a typed literal.
    """
    if not out:
        return None
    last = len(out) - 1
    t = out[last]
    if t.kind == OP and t.text == ")":
        depth = 0
        for k in range(last, -1, -1):
            if out[k].kind == OP and out[k].text == ")":
                depth += 1
            elif out[k].kind == OP and out[k].text == "(":
                depth -= 1
                if depth == 0:
                    if k > 0 and out[k - 1].kind == WORD and not isinstance(out[k], CastOpen) \
                            and not out[k - 1].is_(*_NOT_CALLS):
                        return k - 1  # a call: f(...)
                    return k
        return None
    if t.kind == OP or t.is_("END"):
        return None  # an operator, or CASE ... END: leave it to DuckDB
    if t.kind == STRING and last > 0 and out[last - 1].is_(*_TYPED_LITERAL):
        return last - 1
    if last >= 2 and out[last - 1].kind == OP and out[last - 1].text == "." \
            and out[last - 2].kind == WORD:
        return last - 2
    return last


def _literal_leading(text: str, start: int, lead: int | None) -> int | None:
    """The first-field precision of an INTERVAL literal: the declared one, else the
    default (2, YEAR 4) widened to the digits the literal's first field has."""
    if lead is not None or start > T.TU_SECOND:
        return lead
    m = re.match(r"\s*-?\s*(\d+)", text)
    default = 4 if start == T.TU_YEAR else 2
    return min(9, max(default, len(m.group(1).lstrip("0")) if m else 0))


def render(tokens: list[Token], mode: str = "param") -> str:
    """DuckDB SQL of ``tokens`` with slots rendered for ``mode``."""
    out: list[str] = []
    prev: Token | None = None
    for tok in tokens:
        text = tok.sql(mode) if isinstance(tok, (Slot, SeqCall)) else tok.render()
        if prev is not None and not (
            (prev.kind == OP and prev.text in ("(", ".", "::", "["))
            or (tok.kind == OP and tok.text in (")", ",", ".", "::", "]"))
            or (tok.kind == OP and tok.text == "(" and prev.kind == WORD)
        ):
            out.append(" ")
        out.append(text)
        prev = tok
    return "".join(out)


def slots_of(tokens: list[Token]) -> list[tuple]:
    """The slots of ``tokens`` in the order their ``?`` markers appear."""
    return [t.slot for t in tokens if isinstance(t, Slot)]


def number_params(tokens: list[Token]) -> tuple[list[Token], int]:
    """Replace the user's ``?`` markers by numbered slots; returns tokens and the count."""
    out: list[Token] = []
    n = 0
    for t in tokens:
        if t.kind == PARAM:
            out.append(slot("user", n, pos=t.pos))
            n += 1
        else:
            out.append(t)
    return out, n


#: Informix functions DuckDB knows under another name.
_RENAMED = {"WEEKDAY": "dayofweek", "TO_CHAR": "strftime", "TO_DATE": "strptime",
            "NVL": "coalesce", "CHAR_LENGTH": "length", "CHARACTER_LENGTH": "length",
            "OCTET_LENGTH": "octet_length", "POW": "pow", "LOGN": "ln", "LOG10": "log10",
            "TRUNC": "trunc", "INSTR": "instr", "CARDINALITY": "len",
            "LENGTH": "__ifx_length", "LEN": "__ifx_length"}

_DBINFO_KEYS = {"version", "dbname", "sqlca.sqlerrd1", "sqlca.sqlerrd2", "sessionid",
                "dbhostname", "utc_current"}


class ExprTranslator:
    """Rewrites Informix-only syntax in a token list (the SQL text is needed for literals)."""

    def __init__(self, sql: str) -> None:
        self.sql = sql

    def run(self, toks: list[Token]) -> list[Token]:
        out: list[Token] = []
        i = 0
        n = len(toks)
        names = _insert_column_span(toks)
        while i < n:
            t = toks[i]
            nxt = toks[i + 1] if i + 1 < n else None
            # owner.table and database:table prefixes vanish (one owner, one server)
            if (t.kind in (WORD, STRING) and t.text.lower() == "informix" and nxt is not None
                    and nxt.kind == OP and nxt.text == "." and i + 2 < n
                    and toks[i + 2].kind in (WORD, STRING)):
                i += 2
                continue
            if (t.kind == WORD and nxt is not None and nxt.kind == OP and nxt.text == ":"
                    and i + 2 < n and toks[i + 2].kind in (WORD, STRING)
                    and (not out or out[-1].is_("FROM", "JOIN", "INTO", "UPDATE", "TABLE", "ON",
                                                   "OUTER")
                         or (out[-1].kind == OP and out[-1].text == ","))):
                table, i = dbnames.resolve(toks, i)
                if table is not None:
                    out.append(table)
                continue
            # seq.NEXTVAL / seq.CURRVAL: DuckDB spells them as functions of the name
            if (t.kind in (WORD, STRING) and nxt is not None and nxt.kind == OP
                    and nxt.text == "." and i + 2 < n and toks[i + 2].kind == WORD
                    and toks[i + 2].up in ("NEXTVAL", "CURRVAL")):
                name = t.text.lower() if t.kind == WORD else t.text
                out.append(SeqCall(HIDDEN, toks[i + 2].up.lower(), t.pos, name))
                i += 3
                continue
            if t.kind == WORD:
                up = t.up
                # TODAY is the built-in, except as a column's name: qualified
                # (t.today) or in an INSERT's column list
                if up == "TODAY" and not (out and out[-1].kind == OP and out[-1].text == ".") \
                        and i not in names:
                    out.append(slot("today", pos=t.pos))
                    i += 1
                    continue
                if up == "CURRENT" and not (nxt is not None and nxt.is_("OF")):
                    i = self._current(toks, i, out)
                    continue
                if up in ("MATCHES",):
                    i = self._matches(toks, i, out)
                    continue
                if up == "LIKE":
                    i = self._like(toks, i, out)
                    continue
                if up == "DBINFO" and nxt is not None and nxt.kind == OP and nxt.text == "(":
                    i = self._dbinfo(toks, i, out)
                    continue
                if up in ("FILETOBLOB", "FILETOCLOB") and nxt is not None and nxt.text == "(":
                    i = self._filetolob(toks, i, out)
                    continue
                if up in ("DATETIME", "INTERVAL") and nxt is not None and nxt.kind == OP \
                        and nxt.text == "(":
                    i = self._dt_literal(toks, i, out)
                    continue
                if up == "CAST" and nxt is not None and nxt.kind == OP and nxt.text == "(":
                    i = self._cast(toks, i, out)
                    continue
                if up == "MDY" and nxt is not None and nxt.text == "(":
                    i = self._mdy(toks, i, out)
                    continue
                if up == "USER" and not (nxt is not None and nxt.text == "("):
                    out.append(Token(STRING, "informix", t.pos))
                    i += 1
                    continue
                if up in ("SITENAME", "DBSERVERNAME") and not (nxt is not None and nxt.text == "("):
                    out.append(Token(STRING, "informix", t.pos))
                    i += 1
                    continue
                if up in _RENAMED and nxt is not None and nxt.text == "(":
                    out.append(Token(WORD, _RENAMED[up], t.pos))
                    i += 1
                    continue
                if up == "UNITS" and nxt is not None and nxt.kind == WORD:
                    i = self._units(toks, i, out)
                    continue
                if up == "DECODE" and nxt is not None and nxt.text == "(":
                    i = self._decode(toks, i, out)
                    continue
                if up == "DATE" and nxt is not None and nxt.text == "(":
                    close = matching_paren(toks, i + 1)
                    out.extend([Token(WORD, "__ifx_date", t.pos), Token(OP, "(")])
                    out.extend(self.run(toks[i + 2 : close]))
                    out.append(Token(OP, ")"))
                    i = close + 1
                    continue
                if up == "EXTEND" and nxt is not None and nxt.text == "(":
                    i = self._extend(toks, i, out)
                    continue
                if up in ("SET", "MULTISET", "LIST") and nxt is not None and nxt.kind == OP \
                        and nxt.text == "{":
                    i = self._collection(toks, i, out)
                    continue
                if up == "TABLE" and nxt is not None and nxt.text == "(" and out and (
                        out[-1].is_("FROM", "JOIN") or (out[-1].kind == OP and out[-1].text == ",")):
                    i = self._collection_table(toks, i, out)
                    continue
            if t.kind == OP and t.text == "::":
                typ, j = itypes.parse_type_at(toks, i + 1)
                start = _operand_start(out)
                if start is None:  # an operand we cannot delimit: a plain DuckDB cast
                    if range_type(typ) != typ.duck:  # SMALLINT: range-checked first
                        out.extend([t, Token(WORD, range_type(typ), t.pos)])
                    out.extend([t, Token(WORD, typ.duck, t.pos)])
                else:
                    operand = out[start:]
                    del out[start:]
                    _emit_cast(operand, typ, out, t.pos)
                i = j
                continue
            out.append(t)
            i += 1
        return virtual.expand(out)

    # -- pieces ---------------------------------------------------------------
    def _collection(self, toks, i, out) -> int:
        """``SET{a, b}`` -> a DuckDB list (distinct elements for a SET)."""
        depth, close = 0, None
        for j in range(i + 1, len(toks)):
            if toks[j].kind == OP and toks[j].text in ("{", "}"):
                depth += 1 if toks[j].text == "{" else -1
                if depth == 0:
                    close = j
                    break
        if close is None:
            raise InformixError(-201, token="{")
        distinct = toks[i].up == "SET"
        if distinct:
            out.extend([Token(WORD, "list_distinct", toks[i].pos), Token(OP, "(")])
        out.append(Token(OP, "[", toks[i].pos))
        out.extend(self.run(toks[i + 2 : close]))
        out.append(Token(OP, "]"))
        if distinct:
            out.append(Token(OP, ")"))
        return close + 1

    def _collection_table(self, toks, i, out) -> int:
        """A collection-derived table, ``TABLE(collection)``: a row per element
        (a ROW element's fields as its columns), as a DuckDB ``unnest``."""
        close = matching_paren(toks, i + 1)
        out.extend([Token(OP, "(", toks[i].pos), Token(WORD, "SELECT"), Token(WORD, "unnest"),
                    Token(OP, "(")])
        out.extend(self.run(toks[i + 2 : close]))
        out.extend([Token(OP, ","), Token(WORD, "max_depth"), Token(OP, ":="),
                    Token(NUMBER, "2"), Token(OP, ")"), Token(OP, ")")])
        return close + 1

    def _current(self, toks, i, out) -> int:
        start, end = T.TU_YEAR, T.TU_F3
        j = i + 1
        if j < len(toks) and toks[j].kind == WORD and toks[j].up in (*itypes.UNITS, "FRACTION"):
            cur = itypes._Cursor(toks, j)
            start, end, _ = itypes.parse_qualifier(cur)
            j = cur.pos
        out.append(slot("current", start, end, pos=toks[i].pos))
        return j

    def _matches(self, toks, i, out) -> int:
        j = i + 1
        if j >= len(toks):
            raise InformixError(-201, token="MATCHES")
        pat = toks[j]
        esc = "\\"
        k = j + 1
        if k + 1 < len(toks) + 1 and k < len(toks) and toks[k].is_("ESCAPE"):
            if k + 1 >= len(toks) or toks[k + 1].kind != STRING:
                raise InformixError(-201, token="ESCAPE")
            esc = toks[k + 1].text
            k += 2
        out.append(Token(WORD, "SIMILAR", toks[i].pos))
        out.append(Token(WORD, "TO", toks[i].pos))
        if pat.kind == STRING:
            out.append(Token(STRING, matches_to_regex(pat.text, esc), pat.pos))
        elif isinstance(pat, Slot) and pat.slot[0] == "user":
            out.append(slot("matches", pat.slot[1], esc, pos=pat.pos))
        else:
            raise InformixError(-201, token=pat.text)
        return k

    def _like(self, toks, i, out) -> int:
        out.append(toks[i])
        j = i + 1
        end = _operand_end(toks, j)
        if end == j or (end < len(toks) and toks[end].is_("ESCAPE")):
            return j  # the pattern and its own ESCAPE go through as they are
        # Informix's default LIKE escape is the backslash; DuckDB has none.
        # The pattern may be an expression (``? || '%'``): the ESCAPE goes after it all.
        out.extend(self.run(toks[j:end]))
        out.append(Token(WORD, "ESCAPE", toks[j].pos))
        out.append(Token(STRING, "\\", toks[j].pos))
        return end

    def _dbinfo(self, toks, i, out) -> int:
        close = matching_paren(toks, i + 1)
        args = [t.text.lower() for t in toks[i + 2 : close] if t.kind == STRING]
        key = args[0] if args else ""
        if key == "version":
            key = "version"
        if key not in _DBINFO_KEYS:
            raise InformixError(-201, token=key or "DBINFO")
        out.append(slot("dbinfo", key, *args[1:], pos=toks[i].pos))
        return close + 1

    def _filetolob(self, toks, i, out) -> int:
        """``FILETOBLOB('file', 'client' [, table, column])``: a slot the
        execution fills with the locator of a new object (lobfuncs)."""
        close = matching_paren(toks, i + 1)
        args = [t for t in toks[i + 2 : close] if not (t.kind == OP and t.text == ",")]
        if len(args) < 2 or any(a.kind != STRING for a in args[:2]):
            raise InformixError(-201, token=toks[i].text)
        xid = T.XID_BLOB if toks[i].up == "FILETOBLOB" else T.XID_CLOB
        out.append(slot("lo_in", (args[0].text, args[1].text), xid, pos=toks[i].pos))
        return close + 1

    def _dt_literal(self, toks, i, out) -> int:
        """A DATETIME/INTERVAL literal, in a group typed with its qualifier (a
        ``CastOpen``): DuckDB's TIMESTAMP/INTERVAL would lose it (YEAR TO DAY is
        a date, YEAR TO MONTH a count of months)."""
        close = matching_paren(toks, i + 1)
        inner_start = toks[i + 1].pos + 1
        inner_end = toks[close].pos
        text = self.sql[inner_start:inner_end]
        cur = itypes._Cursor(toks, close + 1)
        is_interval = toks[i].up == "INTERVAL"
        start, end, lead = itypes.parse_qualifier(cur, for_interval=is_interval)
        pos = toks[i].pos
        if is_interval:
            value = interval_value(text, start, end, leading=lead)
            typ = itypes.interval(start, end, _literal_leading(text, start, lead))
            out.append(CastOpen(OP, "(", pos, typ))
            if isinstance(value, int):
                # months as a DuckDB INTERVAL, so date arithmetic works; a YEAR TO MONTH
                # column stores the bare number (see dml: months_of_literal)
                out.extend([Token(WORD, "to_months", pos), Token(OP, "("),
                            Token(NUMBER, str(value)), Token(OP, ")")])
            else:
                us = (value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds
                out.extend([Token(WORD, "to_microseconds", pos), Token(OP, "("),
                            Token(WORD, "CAST"), Token(OP, "("), Token(NUMBER, str(us)),
                            Token(WORD, "AS"), Token(WORD, "BIGINT"), Token(OP, ")"),
                            Token(OP, ")")])
        else:
            value = datetime_value(text, start, end)
            kw = "TIME" if start >= T.TU_HOUR else "TIMESTAMP"
            out.append(CastOpen(OP, "(", pos, itypes.datetime_(start, end)))
            out.append(Token(WORD, kw, pos))
            out.append(Token(STRING, value.isoformat(sep=" ") if kw == "TIMESTAMP"
                             else value.isoformat(), pos))
        out.append(Token(OP, ")"))
        return cur.pos

    def _cast(self, toks, i, out) -> int:
        close = matching_paren(toks, i + 1)
        as_at = find_top(toks, i + 2, "AS")
        if as_at < 0 or as_at > close:
            out.append(toks[i])
            return i + 1
        typ, j = itypes.parse_type_at(toks, as_at + 1)
        if j != close:
            raise InformixError(-201, token=toks[j].text)
        _emit_cast(self.run(toks[i + 2 : as_at]), typ, out, toks[i].pos)
        return close + 1

    _UNIT_FUNCS = {"YEAR": "to_years", "MONTH": "to_months", "DAY": "to_days",
                   "HOUR": "to_hours", "MINUTE": "to_minutes", "SECOND": "to_seconds"}

    def _units(self, toks, i, out) -> int:
        """``n UNITS DAY``: the interval of n days (the operand is the previous term)."""
        unit = toks[i + 1].up
        if unit == "FRACTION":
            func, scale = "to_microseconds", "1000"  # FRACTION counts milliseconds
        elif unit in self._UNIT_FUNCS:
            func, scale = self._UNIT_FUNCS[unit], ""
        else:
            raise InformixError(-201, token=toks[i + 1].text)
        if not out:
            raise InformixError(-201, token="UNITS")
        start = len(out) - 1
        if out[-1].kind == OP and out[-1].text == ")":
            depth = 0
            for k in range(len(out) - 1, -1, -1):
                if out[k].kind == OP and out[k].text == ")":
                    depth += 1
                elif out[k].kind == OP and out[k].text == "(":
                    depth -= 1
                    if depth == 0:
                        start = k
                        break
            if start > 0 and out[start - 1].kind == WORD:
                start -= 1  # a function call: f(...)
        operand = out[start:]
        del out[start:]
        cast = "DOUBLE" if unit == "SECOND" else "BIGINT"
        out.extend([Token(WORD, func, toks[i].pos), Token(OP, "("), Token(WORD, "CAST"),
                    Token(OP, "(")])
        out.extend(operand)
        if scale:
            out.extend([Token(OP, "*"), Token(NUMBER, scale)])
        out.extend([Token(WORD, "AS"), Token(WORD, cast), Token(OP, ")"), Token(OP, ")")])
        return i + 2

    def _decode(self, toks, i, out) -> int:
        """``DECODE(x, v1, r1, ..., [default])`` -> ``CASE x WHEN v1 THEN r1 ... END``."""
        from informix_db.testing.engine.lexer import split_top

        close = matching_paren(toks, i + 1)
        args = split_top(self.run(toks[i + 2 : close]))
        if len(args) < 3:
            raise InformixError(-201, token="DECODE")
        out.append(Token(WORD, "CASE", toks[i].pos))
        out.extend(args[0])
        pairs = args[1:]
        while len(pairs) >= 2:
            out.append(Token(WORD, "WHEN"))
            out.extend(pairs[0])
            out.append(Token(WORD, "THEN"))
            out.extend(pairs[1])
            pairs = pairs[2:]
        if pairs:
            out.append(Token(WORD, "ELSE"))
            out.extend(pairs[0])
        out.append(Token(WORD, "END"))
        return close + 1

    def _extend(self, toks, i, out) -> int:
        """``EXTEND(dt, q1 TO q2)``: the value cut to (or widened to) the qualifier."""
        from informix_db.testing.engine.lexer import split_top

        close = matching_paren(toks, i + 1)
        parts = split_top(toks[i + 2 : close])
        if len(parts) != 2 or not parts[1]:
            raise InformixError(-201, token="EXTEND")
        cur = itypes._Cursor(parts[1], 0)
        start, end, _ = itypes.parse_qualifier(cur)
        if cur.pos != len(parts[1]):
            raise InformixError(-201, token="EXTEND")
        marker = "\x00X\x00"
        typ = itypes.datetime_(start, end)
        left, right = coerce_sql(typ, marker).split(marker)
        out.append(CastOpen(OP, "(", toks[i].pos, typ))  # typed with its qualifier
        out.append(Token("raw", left, toks[i].pos))
        out.extend(self.run(parts[0]))
        out.append(Token("raw", right))
        out.append(Token(OP, ")"))
        return close + 1

    def _mdy(self, toks, i, out) -> int:
        from informix_db.testing.engine.lexer import split_top

        close = matching_paren(toks, i + 1)
        parts = split_top(self.run(toks[i + 2 : close]))
        if len(parts) != 3:
            raise InformixError(-201, token="MDY")
        m, d, y = parts
        out.append(Token(WORD, "make_date", toks[i].pos))
        out.append(Token(OP, "("))
        for k, part in enumerate((y, m, d)):
            if k:
                out.append(Token(OP, ","))
            out.extend(part)
        out.append(Token(OP, ")"))
        return close + 1


def strip_select_head(toks: list[Token], sel: int) -> tuple[list[Token], int | None, int | None]:
    """Remove ``SKIP n`` / ``FIRST n`` / ``LIMIT n`` after the SELECT at ``sel``.

    Returns the tokens, the FIRST count and the SKIP count; ``UNIQUE`` becomes
    ``DISTINCT`` on the way.
    """
    first = skip = None
    j = sel + 1
    while j + 1 < len(toks) and toks[j].is_("SKIP", "FIRST", "LIMIT") \
            and toks[j + 1].kind == NUMBER:
        if toks[j].is_("SKIP"):
            skip = int(toks[j + 1].text)
        else:
            first = int(toks[j + 1].text)
        del toks[j : j + 2]
    if j < len(toks) and toks[j].is_("UNIQUE"):
        toks[j] = Token(WORD, "DISTINCT", toks[j].pos)
    return toks, first, skip


def apply_first_skip(toks: list[Token]) -> list[Token]:
    """Turn every ``SELECT [SKIP n] [FIRST n]`` into a LIMIT/OFFSET at the end of its query."""
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.is_("SELECT"):
            toks, first, skip = strip_select_head(toks, i)
            if first is not None or skip is not None:
                # the end of this SELECT: the ')' closing its enclosing paren, or the end
                depth = 0
                end = len(toks)
                for j in range(i + 1, len(toks)):
                    tj = toks[j]
                    if tj.kind == OP and tj.text == "(":
                        depth += 1
                    elif tj.kind == OP and tj.text == ")":
                        if depth == 0:
                            end = j
                            break
                        depth -= 1
                extra: list[Token] = []
                if first is not None:
                    extra += [Token(WORD, "LIMIT"), Token(NUMBER, str(first))]
                if skip:
                    extra += [Token(WORD, "OFFSET"), Token(NUMBER, str(skip))]
                toks = toks[:end] + extra + toks[end:]
        i += 1
    return toks


#: Words that end a LIKE pattern's expression (at its own parenthesis depth).
_PATTERN_END = frozenset(("ESCAPE", "AND", "OR", "THEN", "ELSE", "WHEN", "END", "ORDER", "GROUP",
                          "HAVING", "UNION", "INTERSECT", "EXCEPT", "INTO", "FROM", "WHERE",
                          "AS", "IS", "LIMIT", "FOR"))


def _operand_end(toks, j: int) -> int:
    """The index after the expression starting at *j* (a LIKE pattern such as
    ``? || '%'``): up to a closing parenthesis, a comma or a word that ends it."""
    depth = 0
    k = j
    while k < len(toks):
        t = toks[k]
        if t.kind == OP and t.text == "(":
            depth += 1
        elif t.kind == OP and t.text == ")":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and ((t.kind == OP and t.text in (",", ";"))
                             or (t.kind == WORD and t.up in _PATTERN_END)):
            break
        k += 1
    return k


def _insert_column_span(toks) -> range:
    """The token indices of ``INSERT INTO name (columns)``'s column list (empty otherwise)."""
    if len(toks) < 4 or not toks[0].is_("INSERT") or not toks[1].is_("INTO"):
        return range(0)
    k = 3
    while k < len(toks) and toks[k].kind == OP and toks[k].text in (".", ":"):
        k += 2  # owner.table, database:table
    if k < len(toks) and toks[k].kind == OP and toks[k].text == "(":
        return range(k + 1, matching_paren(toks, k))
    return range(0)
