"""Reading SQL text on the client: placeholders and the leading keyword.

Informix marks parameters with ``?`` (qmark), the style the driver
declares and sends unchanged.  ``:1``, ``:2``... (numeric) is accepted
too: each ``:n`` becomes a ``?`` and the parameters are reordered (and
repeated) to match.  One statement uses one style.

The scanner skips what can contain a ``?`` or ``:`` without being a
placeholder: string literals ``'...'`` and quoted identifiers ``"..."``
(doubled quotes inside), comments ``-- ...``, ``{ ... }`` and
``/* ... */``, and ``::`` casts.
"""

from __future__ import annotations

from dataclasses import dataclass

from informix_db.exceptions import ProgrammingError

__all__ = ["Placeholders", "scan", "first_keyword"]


@dataclass(frozen=True)
class Placeholders:
    """The statement as sent and how user parameters map onto its markers."""

    sql: str
    #: How many ``?`` the sent statement has.
    count: int
    #: For numeric style, the 0-based user parameter of each ``?``; None for qmark.
    order: tuple[int, ...] | None = None

    def arrange(self, params) -> list:
        """The parameter values in marker order; ``ProgrammingError`` on a count mismatch."""
        values = list(params)
        if self.order is None:
            if len(values) != self.count:
                raise ProgrammingError(
                    f"the statement has {self.count} ? placeholder(s) but "
                    f"{len(values)} parameter(s) were given")
            return values
        needed = max(self.order) + 1
        if len(values) != needed:
            raise ProgrammingError(
                f"the statement uses :1..:{needed} but {len(values)} parameter(s) were given")
        return [values[i] for i in self.order]


def _skip_quoted(sql: str, i: int) -> int:
    quote = sql[i]
    i += 1
    n = len(sql)
    while i < n:
        if sql[i] == quote:
            if i + 1 < n and sql[i + 1] == quote:
                i += 2
                continue
            return i + 1
        i += 1
    return n  # unterminated: the server will say so


def _skip_comment(sql: str, i: int) -> int:
    """The index after the comment starting at *i*, or *i* when none starts there."""
    c = sql[i]
    if c == "-" and sql.startswith("--", i):
        end = sql.find("\n", i)
        return len(sql) if end < 0 else end + 1
    if c == "{":
        end = sql.find("}", i)
        return len(sql) if end < 0 else end + 1
    if c == "/" and sql.startswith("/*", i):
        end = sql.find("*/", i + 2)
        return len(sql) if end < 0 else end + 2
    return i


def scan(sql: str) -> Placeholders:
    """Find the placeholders of *sql* (see the module docstring)."""
    if not isinstance(sql, str):
        raise ProgrammingError(f"the statement must be a str, got {type(sql).__name__}")
    out: list[str] = []
    order: list[int] = []
    qmarks = 0
    i = last = 0
    n = len(sql)
    while i < n:
        c = sql[i]
        if c in "'\"":
            i = _skip_quoted(sql, i)
            continue
        if c in "-{/":
            j = _skip_comment(sql, i)
            if j != i:
                i = j
                continue
        if c == "?":
            qmarks += 1
        elif c == ":":
            if sql.startswith("::", i):
                i += 2
                continue
            j = i + 1
            while j < n and sql[j].isdigit():
                j += 1
            if j > i + 1 and (i == 0 or not (sql[i - 1].isalnum() or sql[i - 1] == "_")):
                number = int(sql[i + 1:j])
                if number < 1:
                    raise ProgrammingError(f"numeric placeholders start at :1, found :{number}")
                out.append(sql[last:i])
                out.append("?")
                order.append(number - 1)
                i = last = j
                continue
        i += 1
    if order and qmarks:
        raise ProgrammingError("the statement mixes ? and :n placeholders; use one style")
    if not order:
        return Placeholders(sql, qmarks)
    out.append(sql[last:])
    return Placeholders("".join(out), len(order), tuple(order))


def first_keyword(sql: str) -> str:
    """The first word of *sql* in upper case, after blanks and comments
    (``"("`` when it opens with a parenthesis, ``""`` when empty)."""
    i, n = 0, len(sql)
    while i < n:
        if sql[i].isspace():
            i += 1
            continue
        j = _skip_comment(sql, i)
        if j != i:
            i = j
            continue
        break
    if i >= n:
        return ""
    if not sql[i].isalpha():
        return sql[i]
    j = i
    while j < n and (sql[j].isalnum() or sql[j] == "_"):
        j += 1
    return sql[i:j].upper()
