"""``AsyncSmartLob``: ``lob.SmartLob`` on an asyncio connection (same
protocol generators, awaited)."""

from __future__ import annotations

import os

from informix_db.exceptions import ProgrammingError
from informix_db.lob import CHUNK, SmartLobBase
from informix_db.protocol import lobio

__all__ = ["AsyncSmartLob"]


class AsyncSmartLob(SmartLobBase):
    """A smart large object opened on an ``AsyncConnection``."""

    async def _run(self, gen):
        self._check()
        return await self._conn._wait(gen)

    async def _sync(self) -> None:
        if self._server_pos != self._pos:
            self._server_pos = await self._run(lobio.seek(self._conn, self._fd, self._pos))

    async def size(self) -> int:
        return await self._run(lobio.size(self._conn, self._fd))

    async def read(self, n: int = -1) -> bytes:
        self._check()
        if n is None or n < 0:
            n = max(await self.size() - self._pos, 0)
        if n == 0:
            return b""
        await self._sync()
        out = bytearray()
        await self._run(lobio.read(self._conn, self._fd, n, out))
        self._pos += len(out)
        self._server_pos = self._pos
        return bytes(out)

    async def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        self._check()
        size = await self.size() if whence == os.SEEK_END else None
        self._pos = self._target(offset, whence, size)
        return self._pos

    async def write(self, data) -> int:
        self._check()
        if self.mode != "r+":
            raise ProgrammingError("the smart large object was opened for reading only")
        await self._sync()
        view = memoryview(data).cast("B")
        await self._run(lobio.write(self._conn, self._fd, view))
        self._pos += len(view)
        self._server_pos = self._pos
        return len(view)

    def __aiter__(self):
        return self._chunks()

    async def _chunks(self):
        while chunk := await self.read(CHUNK):
            yield chunk

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if not self._conn.closed:
            await self._conn._wait(lobio.close(self._conn, self._fd))

    async def __aenter__(self) -> AsyncSmartLob:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()
