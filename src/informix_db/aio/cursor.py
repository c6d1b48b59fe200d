"""``AsyncCursor``: the PEP 249 cursor's methods as coroutines.

Every method runs ``BaseCursor``'s statement logic (the blocking
``Cursor``'s own lines) through the connection's asyncio driver.  Rows
already received are handed out without touching the event loop;
``async for row in cur`` streams a result round by round.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from informix_db.basecursor import BaseCursor
from informix_db.protocol.execution import OpenCursor

__all__ = ["AsyncCursor"]


class AsyncCursor(BaseCursor):
    """A cursor of an ``AsyncConnection``; ``conn.cursor()`` makes one.

    The attributes (``description``, ``rowcount``, ``lastrowid``,
    ``rownumber``, ``arraysize``, ``row_factory``, ``fetch_buffer_size``,
    ``scrollable``) are the blocking ``Cursor``'s.  One task at a time.
    """

    def __await__(self):
        """``await conn.cursor()`` gives the cursor too: informix-driver's
        ``AsyncConnection.cursor`` is a coroutine, and code written for it
        runs unchanged (psycopg's is a plain method, as ours)."""
        return self
        yield  # a generator: awaiting it finishes at once

    async def close(self) -> None:
        """Close the cursor (and its server cursor, if still open).  Idempotent."""
        await self._conn._wait(self._close_gen(), self._files)

    async def __aenter__(self) -> AsyncCursor:
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.close()

    async def execute(self, operation: str,
                      parameters: Sequence[Any] | None = None) -> AsyncCursor:
        """Run *operation* with *parameters* (``Cursor.execute``)."""
        return await self._conn._wait(self._execute_gen(operation, parameters), self._files)

    async def executemany(self, operation: str, seq_of_parameters, *,
                          insert_cursor: bool = False) -> AsyncCursor:
        """Run *operation* once per parameter sequence, pipelined (``Cursor.executemany``)."""
        return await self._conn._wait(self._executemany_gen(operation, seq_of_parameters,
                                                            insert_cursor), self._files)

    async def callproc(self, procname: str, parameters: Sequence[Any] | None = None) -> list:
        """Call the stored routine *procname* (``Cursor.callproc``)."""
        return await self._conn._wait(self._callproc_gen(procname, parameters), self._files)

    # -- smart large objects through client files ---------------------------------------

    async def write_blob_column(self, sql: str, blob_data, params=(), *,
                                sentinel: str = "/tmp/_informix_db_blob_in",
                                clob: bool = False) -> AsyncCursor:
        """``Cursor.write_blob_column``."""
        return await self._conn._wait(self._write_blob_column_gen(
            sql, blob_data, params, sentinel, clob), self._files)

    async def read_blob_column(self, sql: str, params=(), *,
                               sentinel: str = "/tmp/_informix_db_blob", into=None):
        """``Cursor.read_blob_column``."""
        return await self._conn._wait(self._read_blob_column_gen(sql, params, sentinel, into),
                                      self._files)

    # -- fetching --------------------------------------------------------------------

    async def fetchone(self) -> tuple | None:
        """The next row, or None when there are no more."""
        result = self._need_result()
        if type(result) is OpenCursor and result.rows:
            return self._take_row(result)  # already received: no I/O
        return await self._conn._wait(self._fetchone_gen(), self._files)

    async def fetchmany(self, size: int | None = None) -> list[tuple]:
        """Up to *size* (default ``arraysize``) next rows."""
        return await self._conn._wait(self._fetchmany_gen(size), self._files)

    async def fetchall(self) -> list[tuple]:
        """Every remaining row."""
        return await self._conn._wait(self._fetchall_gen(), self._files)

    # -- Arrow (as Cursor's; the batches are fetched with await) ----------------------

    async def _fill_columns(self, columns, n: int) -> None:
        await self._conn._wait(self._fill_columns_gen(columns, n), self._files)

    async def _arrow(self, batch_rows, floating_decimal):
        result = self._arrow_result(None, batch_rows, floating_decimal)
        while True:
            await self._fill_columns(result.columns, result.batch_rows)
            if (batch := result.take_batch()) is None:
                return result
            result.hold(batch)

    async def fetch_arrow(self, *, batch_rows: int | None = None,
                          floating_decimal: str = "float64"):
        """``Cursor.fetch_arrow``; the rows are fetched before it returns."""
        return await self._arrow(batch_rows, floating_decimal)

    async def fetch_arrow_table(self, *, batch_rows: int | None = None,
                                floating_decimal: str = "float64"):
        """``Cursor.fetch_arrow_table`` (needs pyarrow)."""
        return (await self._arrow(batch_rows, floating_decimal)).to_table()

    async def fetch_arrow_batches(self, rows: int | None = None, *,
                                  floating_decimal: str = "float64"):
        """The rest of the result as Arrow record batches of up to *rows*
        rows, each fetched as the ``async for`` asks for it."""
        result = self._arrow_result(None, rows, floating_decimal)
        while True:
            await self._fill_columns(result.columns, result.batch_rows)
            if (batch := result.export_batch()) is None:
                return
            yield batch

    async def adbc_ingest(self, table_name: str, data, mode: str = "create", *,
                          catalog_name: str | None = None, db_schema_name: str | None = None,
                          temporary: bool = False, insert_cursor: bool = False) -> int:
        """``Cursor.adbc_ingest``."""
        return await self._conn._wait(self._adbc_ingest_gen(
            table_name, data, mode, catalog_name, db_schema_name, temporary, insert_cursor),
            self._files)

    def __aiter__(self) -> AsyncCursor:
        return self

    async def __anext__(self) -> tuple:
        row = await self.fetchone()
        if row is None:
            raise StopAsyncIteration
        return row

    async def scroll(self, value: int, mode: str = "relative") -> None:
        """Move in the result (``Cursor.scroll``)."""
        await self._conn._wait(self._scroll_gen(value, mode), self._files)

    # -- scroll cursors ------------------------------------------------------------------

    async def fetch_first(self) -> tuple | None:
        """The first row (scroll cursors)."""
        return await self._conn._wait(self._fetch_at_gen(0), self._files)

    async def fetch_last(self) -> tuple | None:
        """The last row (scroll cursors); the cursor is then at the end."""
        return await self._conn._wait(self._fetch_last_gen(), self._files)

    async def fetch_prior(self) -> tuple | None:
        """The row before the one fetched last (scroll cursors)."""
        return await self._conn._wait(self._fetch_at_gen(self._rownumber - 2), self._files)

    async def fetch_absolute(self, index: int) -> tuple | None:
        """The row at 0-based *index* (scroll cursors; negative counts from the end)."""
        return await self._conn._wait(self._fetch_absolute_gen(index), self._files)

    async def fetch_relative(self, offset: int) -> tuple | None:
        """The row *offset* rows from the one fetched last (scroll cursors)."""
        return await self._conn._wait(self._fetch_at_gen(self._rownumber - 1 + offset), self._files)
