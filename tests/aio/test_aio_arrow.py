"""Arrow results and loads through the asyncio driver: the same arrays as
the blocking cursor's."""

from __future__ import annotations

from decimal import Decimal

import pytest

pa = pytest.importorskip("pyarrow")
pytestmark = pytest.mark.asyncio


async def _loaded(aconn, n: int = 25):
    cur = aconn.cursor()
    await cur.execute("CREATE TEMP TABLE aarrow (id INT, name VARCHAR(10), amount DECIMAL(8,2))")
    await cur.executemany("INSERT INTO aarrow VALUES (?, ?, ?)",
                          [(i, f"n{i}" if i % 3 else None, Decimal(i).scaleb(-2))
                           for i in range(n)])
    return cur


async def test_fetch_arrow_table_equals_fetchall(aconn):
    cur = await _loaded(aconn)
    await cur.execute("SELECT * FROM aarrow ORDER BY id")
    want = await cur.fetchall()
    await cur.execute("SELECT * FROM aarrow ORDER BY id")
    table = await cur.fetch_arrow_table(batch_rows=7)
    assert list(zip(*(c.to_pylist() for c in table.columns))) == want


async def test_fetch_arrow_batches_come_one_at_a_time(aconn):
    cur = await _loaded(aconn)
    await cur.execute("SELECT id FROM aarrow ORDER BY id")
    sizes = [pa.record_batch(b).num_rows async for b in cur.fetch_arrow_batches(10)]
    assert sizes == [10, 10, 5]


async def test_fetch_arrow_is_a_stream_pyarrow_reads(aconn):
    cur = await _loaded(aconn)
    await cur.execute("SELECT id FROM aarrow ORDER BY id")
    assert pa.table(await cur.fetch_arrow()).column("id").to_pylist() == list(range(25))


async def test_adbc_ingest_loads_arrow_data(aconn):
    cur = aconn.cursor()
    t = pa.table({"k": pa.array([1, 2, 3], pa.int32()), "v": ["a", None, "c"]})
    assert await cur.adbc_ingest("aingest2", t, temporary=True) == 3
    await cur.execute("SELECT k, v FROM aingest2 ORDER BY k")
    assert await cur.fetchall() == [(1, "a"), (2, None), (3, "c")]
