"""A cursor's result as Arrow record batches.

``ArrowResult`` is made by ``Cursor.fetch_arrow()`` and friends: the schema
from the result's DESCRIBE (``columns.arrow_field``), then batches of up to
*batch_rows* rows.  The blocking cursor fetches each batch when the
consumer asks for it, so a result of any size is read in the memory of one
batch; the asyncio cursor fetches them before (``AsyncCursor.fetch_arrow``)
or hands them out one by one (``fetch_arrow_batches``).  pyarrow is needed
only by ``to_table``/``to_reader``; the stream and the batches are the
Arrow PyCapsule interface, written by ``cdata``.
"""

from __future__ import annotations

from informix_db.arrow import columns
from informix_db.arrow.cdata import ArrayData, ArrowArrayExport, ArrowStream, Field, export_schema
from informix_db.exceptions import InterfaceError, ProgrammingError

__all__ = ["ArrowResult", "DEFAULT_BATCH_ROWS", "require_pyarrow"]

#: Rows per record batch unless asked otherwise (ADBC drivers use similar sizes).
DEFAULT_BATCH_ROWS = 65_536


def require_pyarrow():
    """pyarrow, or an ImportError that says how to get it."""
    try:
        import pyarrow
    except ImportError:
        raise ImportError("this needs pyarrow: pip install 'informix-db[arrow]' (the stream "
                          "from fetch_arrow() works without it)") from None
    return pyarrow


class ArrowResult:
    """The rest of a query's rows as Arrow data.

    Rows come from *fetch(n)* (up to *n* next rows as plain tuples, an
    empty list at the end), or from ``add_rows`` before the result is read.
    Iterating gives one ``ArrowArrayExport`` per batch (each has
    ``__arrow_c_array__``); ``__arrow_c_stream__`` hands the whole result to
    a consumer (``pyarrow.table``, ``polars.DataFrame``, DuckDB), once.
    """

    def __init__(self, columns_info, fetch=None, batch_rows: int | None = None, *,
                 floating_decimal: str = "float64") -> None:
        batch_rows = DEFAULT_BATCH_ROWS if batch_rows is None else batch_rows
        if not isinstance(batch_rows, int) or isinstance(batch_rows, bool) or batch_rows < 1:
            raise ProgrammingError(f"batch_rows must be a positive int, not {batch_rows!r}")
        fields = [columns.arrow_field(c.name, c.type, floating_decimal) for c in columns_info]
        self.schema = Field("", "+s", False, children=tuple(fields))
        self.batch_rows = batch_rows
        self._formats = [f.format for f in fields]
        self._fetch = fetch
        self._ready: list[ArrayData] = []
        self._taken = False

    def batch(self, rows: list[tuple]) -> ArrayData:
        """One record batch (a struct array) of *rows*."""
        formats = self._formats
        cols = zip(*rows) if rows else [()] * len(formats)
        children = [columns.build_column(fmt, list(values)) for fmt, values in zip(formats, cols)]
        return ArrayData(len(rows), 0, [None], children)

    def export(self, rows: list[tuple]) -> ArrowArrayExport:
        """*rows* as one record batch with ``__arrow_c_array__``."""
        return ArrowArrayExport(self.schema, self.batch(rows))

    def add_rows(self, rows: list[tuple]) -> None:
        """Rows fetched ahead (the asyncio cursor's), as one more batch."""
        self._ready.append(self.batch(rows))

    def _batches(self):
        ready, self._ready = self._ready, []
        yield from ready
        if self._fetch is not None:
            while rows := self._fetch(self.batch_rows):
                yield self.batch(rows)

    def _take(self):
        if self._taken:
            raise InterfaceError("this Arrow result has been consumed already")
        self._taken = True
        return self._batches()

    def __iter__(self):
        for batch in self._take():
            yield ArrowArrayExport(self.schema, batch)

    def __arrow_c_schema__(self):
        return export_schema(self.schema)

    def __arrow_c_stream__(self, requested_schema=None):
        return ArrowStream(self.schema, self._take()).__arrow_c_stream__(requested_schema)

    def to_reader(self):
        """A ``pyarrow.RecordBatchReader`` over the batches (needs pyarrow)."""
        return require_pyarrow().RecordBatchReader.from_stream(self)

    def to_table(self):
        """The whole rest of the result as a ``pyarrow.Table`` (needs pyarrow)."""
        return self.to_reader().read_all()
