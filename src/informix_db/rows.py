"""Row factories: what ``fetch*`` hands back for each row.

The default is a plain tuple (no factory, no cost).  A *row factory* is
psycopg 3's protocol: a callable taking the cursor, called when a result
opens (its ``description`` set), returning the callable that makes a row
from the tuple of values::

    conn = informix_db.connect(..., row_factory=informix_db.rows.dict_row)
    cur = conn.cursor(row_factory=informix_db.rows.namedtuple_row)
    cur.row_factory = informix_db.Row         # also on an open result

Ready-made: ``tuple_row`` (the default's shape), ``dict_row``,
``namedtuple_row`` and ``Row``, a tuple that also answers by column name
(``row["tabname"]``, ``row.tabname``), the shape pyodbc and informix-driver's
``row_factory=Row`` give.  Column names are what ``description`` says
(Informix folds unquoted names to lower case).
"""

from __future__ import annotations

from collections import namedtuple
from functools import lru_cache
from operator import itemgetter

__all__ = ["Row", "dict_row", "namedtuple_row", "tuple_row", "make_row_class"]


def _names(cursor) -> tuple[str, ...]:
    return tuple(d[0] for d in cursor.description or ())


def tuple_row(cursor):
    """Rows as plain tuples (what a cursor without factory returns)."""
    return tuple


def dict_row(cursor):
    """Rows as ``{column name: value}`` dicts (a repeated name keeps its last
    value, as in psycopg)."""
    names = _names(cursor)

    def make(values):
        return dict(zip(names, values))
    return make


@lru_cache(maxsize=256)
def _namedtuple_class(names: tuple[str, ...]):
    return namedtuple("Row", names, rename=True)


def namedtuple_row(cursor):
    """Rows as named tuples (names that are not identifiers become ``_0``, ``_1``...)."""
    cls = _namedtuple_class(_names(cursor))
    return cls._make


class Row(tuple):
    """A tuple whose values are also reachable by column name: ``row[0]``,
    ``row["name"]`` and ``row.name`` (when the name is an identifier).

    It equals the plain tuple of its values (either side), unpacks and
    slices like one (a slice is a plain tuple); ``keys()`` and ``_asdict()``
    give the names.  A column always wins over a method of the same name
    (``row.count`` is the column ``count`` where there is one; ``Row.keys(row)``
    still reaches the method).  Each result shape gets its own subclass
    (``make_row_class``); ``row_factory=Row`` picks it.
    """

    __slots__ = ()
    # dunder names: no column can shadow them (columns become attributes)
    __rownames__: tuple[str, ...] = ()
    __rowindex__: dict[str, int] = {}

    def __new__(cls, values=()):
        return tuple.__new__(cls, values)

    def __getitem__(self, key):
        if isinstance(key, str):
            try:
                key = type(self).__rowindex__[key]
            except KeyError:
                raise KeyError(f"no column {key!r}; the columns are "
                               f"{', '.join(type(self).__rownames__) or '(none)'}") from None
        elif isinstance(key, slice):
            return tuple(tuple.__getitem__(self, key))
        return tuple.__getitem__(self, key)

    def keys(self) -> tuple[str, ...]:
        """The column names, in order."""
        return type(self).__rownames__

    def _asdict(self) -> dict:
        """``{name: value}`` (the first of duplicate names keeps its value)."""
        out: dict = {}
        for name, value in zip(type(self).__rownames__, self):
            out.setdefault(name, value)
        return out

    def __repr__(self) -> str:
        fields = type(self).__rownames__
        return "Row(" + ", ".join(f"{n}={v!r}" for n, v in zip(fields, self)) + ")"

    def __reduce__(self):
        return (make_row, (type(self).__rownames__, tuple(self)))


@lru_cache(maxsize=256)
def make_row_class(names: tuple[str, ...]) -> type[Row]:
    """The ``Row`` subclass for columns *names* (cached per shape): each name
    that is an identifier becomes an attribute reading its column (the first
    of duplicate names wins, positions still reach the others)."""
    index: dict[str, int] = {}
    for k, name in enumerate(names):
        index.setdefault(name, k)
    attrs: dict = {"__slots__": (), "__rownames__": tuple(names), "__rowindex__": index}
    for name, k in index.items():
        if name.isidentifier() and not name.startswith("__"):
            attrs[name] = property(itemgetter(k), doc=f"column {k}: {name}")
    return type("Row", (Row,), attrs)


def make_row(names: tuple[str, ...], values: tuple) -> Row:
    """A ``Row`` of *values* named *names* (how rows pickle)."""
    return make_row_class(tuple(names))(values)


def row_maker(factory, cursor):
    """The callable making rows of *cursor*'s open result, or None for plain
    tuples: *factory* is None, ``Row`` (or a subclass: its shape class), or a
    psycopg-style row factory called with the cursor."""
    if factory is None or factory is tuple_row:
        return None
    if isinstance(factory, type) and issubclass(factory, Row):
        return make_row_class(_names(cursor))
    return factory(cursor)
