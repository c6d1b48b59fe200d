"""ROW, SET, MULTISET and LIST values <-> their text representation.

What a real server sends, from the evidence we have:

* DESCRIBE gives a composite column its code (SET 19, MULTISET 20, LIST 21,
  ROW 22) and, as its extended name, the declaration in lower case:
  ``ROW(name varchar(50), age integer)`` (the informix-driver package's
  integration tests, run on Informix 12.10-15).
* In a tuple the value is the opaque envelope ``[u8 indicator][i32 length]
  [bytes]``, NULL being ``01 00000000`` (the same package's Informix 15
  capture), and the bytes are the value's *text representation* in the
  client's code set: ``SET{3          ,5          ,7          }``,
  ``ROW('Alice',30         )`` (IBM's DataBlade API guide, "A collection in
  text representation" and "Row-type text representation": integers are
  left-aligned in their display width, character values quoted).

The declaration gives each element its type, so values decode through the
usual Python types: a ROW becomes a named tuple (``row_class``), a SET a
``frozenset`` (a ``list`` when an element is unhashable), a MULTISET and a
LIST a ``list``.  Writing the text (``compositeformat``) is the other way.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import namedtuple
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from informix_db import types as T
from informix_db.codecs._temporal import layout
from informix_db.codecs.datetime import decode_datetime, encode_datetime
from informix_db.codecs.interval import decode_interval, encode_interval
from informix_db.exceptions import DataError, FramingError

__all__ = ["CompositeType", "parse_composite", "declared", "declaration", "row_class",
           "parse_text", "composite_decoder", "composite_type_of", "names_a_type",
           "COMPOSITE_CODES", "CODE_KINDS", "DECLARATION_HEAD", "INT_CODES", "ENVELOPE_NULL"]

#: Type codes of the composite types.
COMPOSITE_CODES = frozenset((T.SQLSET, T.SQLMULTISET, T.SQLLIST, T.SQLROW))
_KIND_CODE = {"SET": T.SQLSET, "MULTISET": T.SQLMULTISET, "LIST": T.SQLLIST, "ROW": T.SQLROW}
#: The kind (ROW, SET, MULTISET, LIST) of each composite type code.
CODE_KINDS = {v: k for k, v in _KIND_CODE.items()}
ENVELOPE_NULL = b"\x01\x00\x00\x00\x00"
#: Nesting deeper than this is refused: a hostile text must not exhaust the stack.
MAX_DEPTH = 64


@dataclass(frozen=True, slots=True)
class CompositeType:
    """A composite declaration: ``kind`` is ROW/SET/MULTISET/LIST; a ROW has
    ``fields`` ((name, type) pairs), a collection its ``element`` type.  Member
    types are ``ColumnType`` or ``CompositeType``; ``nullable`` says whether
    the value itself may be NULL (an element declared NOT NULL may not)."""

    kind: str
    fields: tuple = ()
    element: object = None
    nullable: bool = True
    #: kind "NAMED": a named ROW type known only by its name (a DESCRIBE
    #: gives no more); its values are read without declared types.
    name: str = ""

    @property
    def sqltype(self) -> int:
        return _KIND_CODE["ROW" if self.kind == "NAMED" else self.kind]


# -- declarations ---------------------------------------------------------------------

def _close(text: str, i: int) -> int:
    """Index of the ``)`` closing the ``(`` at *i* of a declaration."""
    depth = 0
    for j in range(i, len(text)):
        if text[j] == "(":
            depth += 1
        elif text[j] == ")":
            depth -= 1
            if depth == 0:
                return j
    raise DataError(f"unbalanced parentheses in type declaration {text!r}")


def _split_top(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for j, c in enumerate(text):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(text[start:j])
            start = j + 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


_NOT_NULL = re.compile(r"^\s*not\s+null\s*$", re.IGNORECASE)
#: The start of a composite declaration (``ROW(``, ``set (``...).
DECLARATION_HEAD = re.compile(r"^\s*(ROW|SET|MULTISET|LIST)\s*\(", re.IGNORECASE)


_NAMED = re.compile(r"^\s*(?:(\w+)\.)?([A-Za-z_]\w*)\s*(not\s+null)?\s*$", re.IGNORECASE)


def _member(text: str, depth: int):
    m = DECLARATION_HEAD.match(text)
    if not m:
        try:
            return T.parse_type(text)
        except DataError:
            named = _NAMED.match(text)
            if named is None:
                raise
            return CompositeType("NAMED", name=named.group(2).lower(),
                                 nullable=named.group(3) is None)
    if depth >= MAX_DEPTH:
        raise DataError("composite type nested too deeply")
    end = _close(text, m.end() - 1)
    rest = text[end + 1:]
    if rest.strip() and not _NOT_NULL.match(rest):
        raise DataError(f"cannot parse type declaration {text!r}")
    kind = m.group(1).upper()
    inside = text[m.end():end]
    nullable = not rest.strip()
    if kind == "ROW":
        fields = []
        for part in _split_top(inside):
            bits = part.split(None, 1)
            if len(bits) != 2:
                raise DataError(f"ROW field {part!r} needs a name and a type")
            fields.append((bits[0].lower(), _member(bits[1], depth + 1)))
        if not fields:
            raise DataError("a ROW type needs fields")
        return CompositeType("ROW", fields=tuple(fields), nullable=nullable)
    return CompositeType(kind, element=_member(inside, depth + 1), nullable=nullable)


@lru_cache(maxsize=256)
def parse_composite(decl: str) -> CompositeType:
    """The ``CompositeType`` of a declaration such as ``SET(integer not null)``."""
    t = _member(decl, 0)
    if not isinstance(t, CompositeType):
        raise DataError(f"{decl!r} is no ROW, SET, MULTISET or LIST declaration")
    return t


def declaration(t) -> str:
    """The declaration text of a member type (lower case, as DESCRIBE gives it)."""
    if isinstance(t, CompositeType) and t.kind == "NAMED":
        return t.name + ("" if t.nullable else " not null")
    if isinstance(t, CompositeType):
        if t.kind == "ROW":
            inner = ", ".join(f"{n} {declaration(ft)}" for n, ft in t.fields)
        else:
            inner = declaration(t.element)
        return f"{t.kind}({inner})" + ("" if t.nullable else " not null")
    return T.type_text(t).lower()


@lru_cache(maxsize=256)
def row_class(t: CompositeType):
    """The named-tuple class of ROW type *t* (one per declaration): a plain
    tuple to compare, with the field names as attributes and ``_asdict()``."""
    names = [n for n, _ in t.fields]
    return namedtuple("Row", names, rename=True)


# -- text -> values -------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_$.]*")


class _Reader:
    __slots__ = ("s", "i")

    def __init__(self, s: str) -> None:
        self.s = s
        self.i = 0

    def fail(self, what: str):
        return DataError(f"composite value text {self.s[:80]!r}: {what} at character {self.i}")

    def blank(self) -> None:
        s, i = self.s, self.i
        while i < len(s) and s[i] in " \t\r\n":
            i += 1
        self.i = i

    def expect(self, c: str) -> None:
        self.blank()
        if not self.s.startswith(c, self.i):
            raise self.fail(f"expected {c!r}")
        self.i += 1

    def peek(self) -> str:
        self.blank()
        return self.s[self.i] if self.i < len(self.s) else ""

    def word(self) -> str:
        m = _WORD.match(self.s, self.i)
        if not m:
            raise self.fail("expected a type name")
        self.i = m.end()
        return m.group()

    def scalar(self):
        """A quoted text, the word NULL (None) or an unquoted token, as text."""
        self.blank()
        s, i = self.s, self.i
        if i < len(s) and s[i] in "'\"":
            q = s[i]
            out = []
            i += 1
            while True:
                j = s.find(q, i)
                if j < 0:
                    raise self.fail("unterminated quoted value")
                out.append(s[i:j])
                if s.startswith(q, j + 1):  # a doubled quote stands for one
                    out.append(q)
                    i = j + 2
                    continue
                self.i = j + 1
                return "".join(out), True
        j, depth = i, 0
        while j < len(s) and (depth or s[j] not in ",)}"):
            if s[j] == "(":
                depth += 1
            elif s[j] == ")":
                depth -= 1
            j += 1
        token = s[i:j].strip()
        self.i = j
        if not token:
            raise self.fail("expected a value")
        return (None, False) if token.upper() == "NULL" else (token, False)


def _untyped(r: _Reader, depth: int):
    """A value read without its type (a named ROW type's): quoted text is a
    str, a number an int or a Decimal, nested values by their keyword."""
    if depth >= MAX_DEPTH:
        raise r.fail("nested too deeply")
    r.blank()
    m = _WORD.match(r.s, r.i)
    if m and _OPENS.match(r.s, m.end()):
        r.i = m.end()
        kind = m.group().upper()
        close = ")" if r.peek() == "(" else "}"
        r.i += 1
        items = []
        if r.peek() != close:
            while True:
                items.append(_untyped(r, depth + 1))
                if r.peek() != ",":
                    break
                r.i += 1
        r.expect(close)
        if close == ")":
            return tuple(items)
        if kind == "SET":
            try:
                return frozenset(items)
            except TypeError:
                return items
        return T.Multiset(items) if kind == "MULTISET" else items
    text, quoted = r.scalar()
    if text is None or quoted:
        return text
    if _INT_TEXT.match(text):
        return int(text)
    try:
        return Decimal(text)
    except InvalidOperation:
        return text


_OPENS = re.compile(r"\s*[({]")
_INT_TEXT = re.compile(r"^[-+]?\d+$")


def _value(r: _Reader, t, depth: int):
    if isinstance(t, CompositeType) and t.kind == "NAMED":
        return _untyped(r, depth)
    if isinstance(t, CompositeType):
        if depth >= MAX_DEPTH:
            raise r.fail("nested too deeply")
        r.blank()
        if r.s[r.i:r.i + 4].upper() == "NULL" and not r.s[r.i + 4:r.i + 5].isalnum():
            r.i += 4
            return None
        r.word()  # ROW, SET, ... or a named row type's name
        if t.kind == "ROW":
            r.expect("(")
            values = []
            for k, (_, ft) in enumerate(t.fields):
                if k:
                    r.expect(",")
                values.append(_value(r, ft, depth + 1))
            r.expect(")")
            return row_class(t)(*values)
        r.expect("{")
        items = []
        if r.peek() != "}":
            while True:
                items.append(_value(r, t.element, depth + 1))
                if r.peek() != ",":
                    break
                r.i += 1
        r.expect("}")
        if t.kind == "SET":
            try:
                return frozenset(items)
            except TypeError:  # unhashable elements (LISTs): kept as a list
                return items
        return T.Multiset(items) if t.kind == "MULTISET" else items
    text, quoted = r.scalar()
    if text is None:
        return None
    try:
        return _scalar(t, text)
    except (ValueError, ArithmeticError, DataError) as exc:
        raise r.fail(f"{text[:40]!r} is no {T.type_text(t)} ({exc})") from None


#: Integer element types (written bare, read as int).
INT_CODES = frozenset((T.SQLSMINT, T.SQLINT, T.SQLSERIAL, T.SQLINT8, T.SQLSERIAL8,
                       T.SQLINFXBIGINT, T.SQLBIGSERIAL))
_DIGITS = re.compile(r"\d+")
_LITERAL = re.compile(r"^(?:DATETIME|INTERVAL)\s*\(([^)]*)\)", re.IGNORECASE)


def _scalar(t: T.ColumnType, text: str):
    code = t.sqltype
    if code in INT_CODES:
        return int(text)
    if code in (T.SQLFLOAT, T.SQLSMFLOAT):
        return float(text)
    if code in (T.SQLDECIMAL, T.SQLMONEY):
        try:
            return Decimal(text.replace("$", "").replace(",", "").strip())
        except InvalidOperation:
            raise ValueError("not a number") from None
    if code == T.SQLBOOL:
        low = text.strip().lower()
        if low in ("t", "1"):
            return True
        if low in ("f", "0"):
            return False
        raise ValueError("not t or f")
    if code == T.SQLDATE:
        s = text.strip()
        if "/" in s:  # DBDATE's default, MDY4/
            m, d, y = (int(p) for p in s.split("/"))
            return _dt.date(y, m, d)
        return _dt.date.fromisoformat(s)
    if code in (T.SQLDTIME, T.SQLINTERVAL):
        return _temporal(t, text)
    return text  # character types


def _temporal(t: T.ColumnType, text: str):
    """DATETIME/INTERVAL text (``2024-01-02 03:04:05.123``, ``-5 10:00:00``)
    through the binary codec, which checks the fields.  A typed literal
    (``DATETIME(01:02:03.00000) HOUR TO FRACTION(5)``) is read with its own
    qualifier, then fitted to *t*'s, as Informix extends a literal to the
    column's qualifier (fields *t* lacks are dropped)."""
    s = text.strip()
    m = _LITERAL.match(s)
    if m:
        qualifier = s[m.end():].strip()
        if qualifier:
            own = T.parse_type(f"{m.group(0).split('(')[0]} {qualifier}")
            if own.sqltype != t.sqltype:
                raise ValueError(f"a {T.type_text(own)} literal for {T.type_text(t)}")
            value = _fields_text(own, m.group(1))
            if own.length == t.length or value is None:
                return value
            encode = encode_datetime if t.sqltype == T.SQLDTIME else encode_interval
            decode = decode_datetime if t.sqltype == T.SQLDTIME else decode_interval
            return decode(encode(value, t.length), 0, t.length)[0]
        s = m.group(1)
    return _fields_text(t, s)


def _fields_text(t: T.ColumnType, s: str):
    """The value of *t*'s fields written as text (digits and separators)."""
    lay = layout(t.sqltype, t.length)
    s = s.strip()
    negative = s.startswith("-")
    groups = _DIGITS.findall(s)
    frac = 0
    if lay.frac:
        if "." not in s:
            raise ValueError("no fraction")
        digits = groups.pop()
        frac = int(digits[: lay.frac].ljust(lay.frac, "0"))
    if len(groups) != len(lay.units):
        raise ValueError(f"{len(groups)} fields for {len(lay.units)}")
    raw = lay.pack(negative, [int(g) for g in groups], frac)
    decode = decode_datetime if t.sqltype == T.SQLDTIME else decode_interval
    return decode(raw, 0, t.length)[0]


def parse_text(text: str, t: CompositeType):
    """The Python value of a composite's text representation."""
    r = _Reader(text)
    value = _value(r, t, 0)
    r.blank()
    if r.i != len(text):
        raise r.fail("unexpected text after the value")
    return value


# -- the tuple envelope ---------------------------------------------------------------

def composite_decoder(t: CompositeType, encoding: str):
    def decode(buf, offset: int):
        head = buf[offset:offset + 5]
        if len(head) < 5:
            raise FramingError(f"composite value at offset {offset}: the tuple ends early")
        n = int.from_bytes(head[1:5], "big", signed=True)
        if n < 0:
            raise FramingError(f"composite value at offset {offset}: negative length {n}")
        end = offset + 5 + n
        if head[0] == 1:
            return None, end
        body = bytes(buf[offset + 5:end])
        if len(body) < n:
            raise FramingError(f"composite value at offset {offset}: {n} bytes announced, "
                               f"{len(body)} present")
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError as exc:
            raise DataError(f"composite value at offset {offset}: {exc}") from None
        return parse_text(text, t), end
    return decode


def declared(decl: str) -> CompositeType:
    """The ``CompositeType`` of an extended name: a declaration, or a named
    ROW type's bare name (kind NAMED)."""
    t = _member(decl, 0)
    if not isinstance(t, CompositeType):
        raise DataError(f"{decl!r} is no ROW, SET, MULTISET or LIST declaration")
    return t


def composite_type_of(ct: T.ColumnType) -> CompositeType:
    """The ``CompositeType`` a composite column's extended name declares (a
    bare name: a named ROW type, read without declared field types)."""
    if not ct.extended_name:
        raise DataError(f"{CODE_KINDS.get(ct.sqltype, ct.sqltype)} column (type "
                        f"{ct.sqltype}) without its declaration (extended name)")
    t = declared(ct.extended_name)
    if t.sqltype != ct.sqltype:
        raise DataError(f"column type {ct.sqltype} declared as {ct.extended_name!r}")
    return t


def names_a_type(t) -> bool:
    """Whether member type *t* is, or holds, a named ROW type: its text form
    carries neither field names nor field types (its binary form does)."""
    if not isinstance(t, CompositeType):
        return False
    if t.kind == "NAMED":
        return True
    if t.kind == "ROW":
        return any(names_a_type(ft) for _, ft in t.fields)
    return names_a_type(t.element)
