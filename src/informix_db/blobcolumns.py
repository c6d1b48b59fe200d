"""``write_blob_column`` / ``read_blob_column``: BLOB and CLOB values moved
through the server's client files (FILETOBLOB/FILETOCLOB and LOTOFILE with
``'client'``), whose SQ_FILE requests the cursor answers from memory
(``protocol.clientfiles``).  A part of every cursor (``BaseCursor``), as
generators like the rest of the statement logic."""

from __future__ import annotations

import re

from informix_db.exceptions import InterfaceError, ProgrammingError

__all__ = ["BlobColumns", "BLOB_PLACEHOLDER"]

#: The token ``write_blob_column`` replaces by the FILETOBLOB/FILETOCLOB call.
BLOB_PLACEHOLDER = "BLOB_PLACEHOLDER"
_FROM = re.compile(r"\sFROM\s", re.I)


class BlobColumns:
    """The client-file statements of a cursor; it needs the cursor's
    ``_files`` (a ``ClientFiles``), ``_conn``, ``_execute_gen`` and
    ``_fetchone_gen``."""

    @property
    def virtual_files(self) -> dict:
        """Client files the server may read (``FILETOBLOB('name', 'client')``):
        name -> bytes, str, a binary file object or an iterable of bytes.  The
        driver never opens a file of this machine for the server."""
        return self._files.sources

    @property
    def blob_files(self) -> dict:
        """Client files the server wrote (``LOTOFILE(col, 'name', 'client')``):
        the name it chose -> the bytes."""
        return self._files.captured

    @blob_files.setter
    def blob_files(self, value: dict) -> None:
        self._files.captured = value

    def _write_blob_column_gen(self, sql: str, data, params, sentinel: str, clob: bool):
        count = sql.count(BLOB_PLACEHOLDER)
        if count == 0:
            raise ProgrammingError(f"write_blob_column needs a {BLOB_PLACEHOLDER} token "
                                   "where the BLOB/CLOB value goes")
        if count > 1:
            raise ProgrammingError(f"write_blob_column: {BLOB_PLACEHOLDER} appears {count} "
                                   "times; it must appear exactly once")
        if "'" in sentinel:
            raise ProgrammingError(f"write_blob_column: the sentinel {sentinel!r} holds a quote")
        call = f"{'filetoclob' if clob else 'filetoblob'}('{sentinel}', 'client')"
        self._files.encoding = self._conn.encoding
        self._files.sources[sentinel] = data
        try:
            yield from self._execute_gen(sql.replace(BLOB_PLACEHOLDER, call), params)
        finally:
            self._files.sources.pop(sentinel, None)

    def _read_blob_column_gen(self, sql: str, params, sentinel: str, into=None):
        text = sql.strip()
        if text[:6].upper() != "SELECT":
            raise ProgrammingError("read_blob_column needs a SELECT statement")
        rest = text[6:]
        found = _FROM.search(rest)
        if found is None:
            raise ProgrammingError("read_blob_column needs a SELECT ... FROM statement")
        if "'" in sentinel:
            raise ProgrammingError(f"read_blob_column: the sentinel {sentinel!r} holds a quote")
        column = rest[: found.start()].strip()
        wrapped = f"SELECT lotofile({column}, '{sentinel}', 'client'){rest[found.start():]}"
        if into is not None and not callable(getattr(into, "write", None)):
            raise InterfaceError(f"read_blob_column(into=...) needs an object with write(), "
                                 f"got {type(into).__name__}")
        self._files.default_sink = into
        try:
            yield from self._execute_gen(wrapped, params)
            row = yield from self._fetchone_gen()
        finally:
            self._files.default_sink = None
        name = None if row is None else (
            next(iter(row.values()), None) if isinstance(row, dict) else row[0])
        if name is None:
            return None
        return into if into is not None else self._files.captured.get(name)

    def _files_checked(self) -> None:
        """Raise what went wrong answering the server's SQ_FILE requests."""
        error, self._files.error = self._files.error, None
        if error is not None:
            raise error
