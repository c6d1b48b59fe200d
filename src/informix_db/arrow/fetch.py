"""A cursor's result as Arrow record batches.

``ArrowResult`` is made by ``Cursor.fetch_arrow()`` and friends: the schema
from the result's DESCRIBE (``columns.arrow_field``), then batches of up to
*batch_rows* rows, decoded from the wire into Arrow's layout by the
columnar decoder (no Python object per value in the compiled build).  The
blocking cursor fetches each batch when the consumer asks for it, so a
result of any size is read in the memory of one batch; the asyncio cursor
fetches them before (``AsyncCursor.fetch_arrow``) or hands them out one by
one (``fetch_arrow_batches``).  pyarrow is needed
only by ``to_table``/``to_reader``; the stream and the batches are the
Arrow PyCapsule interface, written by ``cdata``.
"""

from __future__ import annotations

from informix_db._impl import columnar
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

    The rows go into ``columns``, a columnar decoder of the result's columns
    (``informix_db._impl.columnar``: the compiled one writes Arrow buffers
    straight from the wire), moved there by *fill(columns, n)*, which
    fetches until it holds *n* rows or the result ends.  Iterating gives one
    ``ArrowArrayExport`` per batch (each has ``__arrow_c_array__``);
    ``__arrow_c_stream__`` hands the whole result to a consumer
    (``pyarrow.table``, ``polars.DataFrame``, DuckDB), once.
    """

    def __init__(self, columns_info, encoding: str, fill=None, batch_rows: int | None = None, *,
                 floating_decimal: str = "float64") -> None:
        batch_rows = DEFAULT_BATCH_ROWS if batch_rows is None else batch_rows
        if not isinstance(batch_rows, int) or isinstance(batch_rows, bool) or batch_rows < 1:
            raise ProgrammingError(f"batch_rows must be a positive int, not {batch_rows!r}")
        fields = [columns.arrow_field(c.name, c.type, floating_decimal) for c in columns_info]
        self.schema = Field("", "+s", False, children=tuple(fields))
        self.batch_rows = batch_rows
        #: Where fetched rows wait for their batch.
        self.columns = columnar.ColumnDecoder([c.type for c in columns_info], encoding,
                                              [f.format for f in fields])
        self._fill = fill
        self._ready: list[ArrayData] = []
        self._taken = False

    def take_batch(self) -> ArrayData | None:
        """Up to ``batch_rows`` of the rows held, as one record batch (a
        struct array); None when none is held."""
        held = self.columns.length
        if not held:
            return None
        # the decoder writes each offset from the one before: in order by construction
        children = [ArrayData(*c, ordered=True) for c in self.columns.take(self.batch_rows)]
        return ArrayData(min(held, self.batch_rows), 0, [None], children)

    def hold(self, batch: ArrayData) -> None:
        """Keep *batch* for the consumer (the asyncio cursor's, fetched ahead)."""
        self._ready.append(batch)

    def export_batch(self) -> ArrowArrayExport | None:
        """``take_batch`` with ``__arrow_c_array__``."""
        batch = self.take_batch()
        return None if batch is None else ArrowArrayExport(self.schema, batch)

    def _batches(self):
        ready, self._ready = self._ready, []
        yield from ready
        while True:
            if self._fill is not None:
                self._fill(self.columns, self.batch_rows)
            batch = self.take_batch()
            if batch is None:
                return
            yield batch

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
