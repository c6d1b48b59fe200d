"""informix_db on asyncio, natively: no thread per call.

    conn = await informix_db.aio.connect("informix://user:pw@host:9088/db?server=ol")
    async with conn:
        cur = conn.cursor()
        await cur.execute("SELECT tabname FROM systables WHERE tabid < ?", (10,))
        async for row in cur:
            ...

``connect`` takes ``informix_db.connect``'s arguments; ``AsyncConnection``
and ``AsyncCursor`` mirror ``Connection`` and ``Cursor`` with coroutines,
raise the same exceptions and share every line of protocol logic with them.
``create_pool`` makes an ``AsyncConnectionPool``, the blocking pool's rules
and bookkeeping on asyncio.
"""

from informix_db.aio.connection import AsyncConnection, connect
from informix_db.aio.cursor import AsyncCursor
from informix_db.aio.pool import AsyncConnectionPool, create_pool
from informix_db.pool import PoolClosed, PoolClosedError, PoolTimeout, PoolTimeoutError

__all__ = ["AsyncConnection", "AsyncConnectionPool", "AsyncCursor", "PoolClosed",
           "PoolClosedError", "PoolTimeout", "PoolTimeoutError", "connect", "create_pool"]
