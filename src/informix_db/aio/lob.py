"""``AsyncSmartLob``: ``lob.SmartLob`` on an asyncio connection (the same
operations, ``SmartLobBase``'s generators, awaited)."""

from __future__ import annotations

import os

from informix_db.lob import CHUNK, SmartLobBase

__all__ = ["AsyncSmartLob"]


class AsyncSmartLob(SmartLobBase):
    """A smart large object opened on an ``AsyncConnection``."""

    async def size(self) -> int:
        return await self._conn._wait(self._size_gen())

    async def read(self, n: int = -1) -> bytes:
        return await self._conn._wait(self._read_gen(n))

    async def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return await self._conn._wait(self._seek_gen(offset, whence))

    async def write(self, data) -> int:
        return await self._conn._wait(self._write_gen(data))

    def __aiter__(self):
        return self._chunks()

    async def _chunks(self):
        while chunk := await self.read(CHUNK):
            yield chunk

    async def close(self) -> None:
        await self._conn._wait(self._close_gen())

    async def __aenter__(self) -> AsyncSmartLob:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()
