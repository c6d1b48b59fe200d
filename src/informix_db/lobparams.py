"""BLOB and CLOB values as statement parameters: ``BlobValue`` / ``ClobValue``.

    cur.execute("INSERT INTO docs VALUES (?, ?)",
                (1, informix_db.BlobValue(open("scan.pdf", "rb"), column="docs.body")))

Before the statement runs, the cursor creates each such object as IBM JDBC
does for ``setBytes``/``setBinaryStream`` on a BLOB/CLOB parameter
(``protocol.lobio.create``: ``ifx_lo_col_sbinfo`` for the column's storage,
``ifx_lo_create``), streams the content into it with SQ_LODATA writes,
closes it and binds its locator.  The column is named because the server
keeps a smart large object where its column says (its sbspace); the driver
does not learn a parameter's column from the statement.  Content: bytes-like,
str (a CLOB's, encoded in the connection's code set), a binary or text file
object, or an iterable of such chunks, read and sent in bounded memory.
"""

from __future__ import annotations

from informix_db.codecs.smartlob import ClobLocator
from informix_db.exceptions import InterfaceError, ProgrammingError
from informix_db.protocol import lobio

__all__ = ["BlobValue", "ClobValue", "create_gen"]

#: Bytes read from a file object per write.
READ_SIZE = 1 << 20


class BlobValue:
    """The content of a new BLOB for *column* (``"table.column"``)."""

    clob = False

    def __init__(self, data, column: str) -> None:
        if not isinstance(column, str) or "." not in column.strip(". "):
            raise ProgrammingError(f"{type(self).__name__} needs the column it is stored in, "
                                   f"as 'table.column', got {column!r}")
        self.data = data
        self.column = column

    def __repr__(self) -> str:
        return f"{type(self).__name__}(<{type(self.data).__name__}>, column={self.column!r})"


class ClobValue(BlobValue):
    """The content of a new CLOB for *column*: text in the connection's code set."""

    clob = True


def _chunks(data, clob: bool, encoding: str):
    """*data* as bytes-like pieces of bounded size (a whole bytes-like value is one)."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        yield data
        return
    if isinstance(data, str):
        yield _encoded(data, clob, encoding)
        return
    read = getattr(data, "read", None)
    if callable(read):
        while piece := read(READ_SIZE):
            yield _encoded(piece, clob, encoding)
        return
    try:
        pieces = iter(data)
    except TypeError:
        raise ProgrammingError(f"a BLOB/CLOB parameter's content must be bytes, str, a file "
                               f"object or an iterable of chunks, not {type(data).__name__}"
                               ) from None
    for piece in pieces:
        yield _encoded(piece, clob, encoding)


def _encoded(piece, clob: bool, encoding: str):
    if isinstance(piece, str):
        if not clob:
            raise ProgrammingError("a BLOB's content is bytes, not str (use ClobValue for text)")
        return piece.encode(encoding)
    if isinstance(piece, (bytes, bytearray, memoryview)):
        return piece
    raise ProgrammingError(f"a BLOB/CLOB chunk must be bytes or str, not {type(piece).__name__}")


def create_gen(conn, value: BlobValue):
    """Create *value*'s object, write its content, close it: its locator."""
    locator, fd = yield from lobio.create(conn, value.column)
    try:
        for piece in _chunks(value.data, value.clob, conn.encoding):
            if len(piece):
                yield from lobio.write(conn, fd, piece)
    finally:
        if not conn.closed:
            yield from lobio.close(conn, fd)
    if value.clob:
        return ClobLocator(locator.raw)
    if isinstance(locator, ClobLocator):
        raise InterfaceError("ifx_lo_create answered a CLOB locator for a BLOB")
    return locator
