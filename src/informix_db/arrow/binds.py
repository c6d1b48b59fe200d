"""Arrow rows as SQ_BIND messages: what ``executemany`` and ``adbc_ingest``
send for Arrow data, one message per row, built a batch at a time.

``batch_messages`` here is the spec: the batch's values as the reader
makes them (``reader.batch_values``), each row's message by
``bind_message``.  Its compiled twin (``_speedups/arrowbind.pyx``, chosen
by ``_impl.extra``) writes the same bytes straight from the Arrow buffers,
with no Python object per cell, for the types a load mostly carries
(integers, floats, booleans, decimal128, utf8 text, date32, timestamps,
durations, nulls); any other column, and
any value the C code does not write itself, takes the spec's route for that
column or that value, so the twins agree by construction where the C code
does not go and the parity tests compare them where it does.

``ArrowInput`` is Arrow data opened for one load: its columns, its batches
read once, as messages (EXECUTE path) or as row tuples (insert cursor).
"""

from __future__ import annotations

from informix_db import _impl
from informix_db._impl import binding
from informix_db.arrow import reader
from informix_db.exceptions import Error

__all__ = ["ArrowInput", "SLICE_ROWS", "batch_messages"]

#: Rows encoded per call: a batch of any size (a million-row table is often
#: one) costs the memory of this many messages, not of all its rows'.
SLICE_ROWS = 4096


def batch_messages(fields, array, order, encoding, start: int = 0,
                   stop: int | None = None) -> tuple[list[bytes], Error | None]:
    """The SQ_BIND messages of rows *start* to *stop* (None: the end) of
    batch *array* (its *fields* as ``reader.read_arrow_batches`` gives them),
    each row's values taken in *order* (column indices in marker order).
    ``(messages, error)``: a row that cannot be encoded ends the list and is
    *error* (an ``Error``, its message naming the parameter as
    ``bind_message``'s does); the rows before it are in the list.  What the
    reader raises in converting those rows (a type that cannot be bound, a
    date out of range) is raised, no row encoded."""
    start, stop = reader.row_range(array, start, stop)
    columns = reader.batch_values(fields, array, start, stop)
    out: list[bytes] = []
    for k in range(stop - start):
        try:
            out.append(binding.bind_message([columns[i][k] for i in order], encoding))
        except Error as exc:
            return out, exc
    return out, None


def _encoder():
    """The active implementation's ``batch_messages``."""
    return _impl.extra("arrowbind").batch_messages


class ArrowInput:
    """Arrow data opened for one load (read once, a batch at a time)."""

    #: what ``executemany`` looks for (it does not import this module)
    is_arrow_input = True

    def __init__(self, data) -> None:
        columns, self._batches = reader.read_arrow_batches(data)
        self.names = [c.name for c in columns]
        self.formats = [c.format for c in columns]
        self._first = None

    def first_text_widths(self) -> list[int]:
        """Per column, the longest text of the first batch in UTF-8 bytes (0
        for a column that is not text, and for no batch); the batch stays
        to be loaded."""
        if self._first is None:
            self._first = next(self._batches, None)
        if self._first is None:
            return [0] * len(self.names)
        return reader.text_widths(*self._first)

    def _each(self):
        if self._first is not None:
            first, self._first = self._first, None
            yield first
        yield from self._batches

    def messages(self, marks, encoding):
        """The SQ_BIND message of each row, values in the order of *marks*
        (``sqltext.scan``): a row that cannot be encoded raises its ``Error``
        after the messages of the rows before it."""
        encode, order = _encoder(), None
        try:
            for fields, array in self._each():
                if not array.length:
                    continue
                if order is None:  # arrange's count check, as for the first row of tuples
                    order = marks.arrange(range(len(self.names)))
                for start in range(0, array.length, SLICE_ROWS):
                    messages, error = encode(fields, array, order, encoding, start,
                                             start + SLICE_ROWS)
                    yield from messages
                    if error is not None:
                        raise error
        finally:
            self.close()

    def rows(self):
        """Each row as a tuple of Python values."""
        try:
            for fields, array in self._each():
                yield from zip(*reader.batch_values(fields, array))
        finally:
            self.close()

    def close(self) -> None:
        """Release the Arrow data (read to its end or not)."""
        self._first = None
        self._batches.close()
