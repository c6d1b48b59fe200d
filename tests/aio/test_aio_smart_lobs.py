"""BLOB/CLOB content and fast-path calls through the asyncio driver: the
same SQ_FILE dialog and routine calls as the blocking driver, answered
from the event loop (uploads wait on the transport's flow control)."""

from __future__ import annotations

import pytest

import informix_db

pytestmark = pytest.mark.asyncio


async def test_blob_content_round_trips_through_the_asyncio_driver(aconn):
    cur = aconn.cursor()
    await cur.execute("CREATE TEMP TABLE alobs (id INT, b BLOB)")
    data = bytes(range(256)) * 4099  # over a megabyte: several SQ_FILE rounds
    await cur.write_blob_column("INSERT INTO alobs VALUES (?, BLOB_PLACEHOLDER)", data, (1,))
    assert await cur.read_blob_column("SELECT b FROM alobs WHERE id = ?", (1,)) == data
    await cur.execute("SELECT id, b FROM alobs")
    (row,) = await cur.fetchall()
    assert row[0] == 1 and isinstance(row[1], informix_db.BlobLocator)


async def test_a_client_file_not_given_is_refused_by_the_asyncio_driver(aconn):
    cur = aconn.cursor()
    await cur.execute("CREATE TEMP TABLE alobs2 (b BLOB)")
    with pytest.raises(informix_db.ProgrammingError, match="not given to the driver"):
        await cur.execute("INSERT INTO alobs2 VALUES (FILETOBLOB('/etc/hosts', 'client'))")
    await cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
    assert await cur.fetchone() == (1,)


async def test_fast_path_call_through_the_asyncio_driver(aconn):
    sig = "function informix.ifx_lo_close(integer)"
    with pytest.raises(informix_db.Error) as info:
        await aconn.fast_path_call(sig, -1)
    assert info.value.sqlcode == -9810 and sig in aconn._fp_handle_cache


async def test_a_locator_reads_seeks_and_iterates_through_the_asyncio_driver(aconn):
    cur = aconn.cursor()
    await cur.execute("CREATE TEMP TABLE alobs3 (b BLOB)")
    data = bytes(range(256)) * 400
    await cur.write_blob_column("INSERT INTO alobs3 VALUES (BLOB_PLACEHOLDER)", data)
    await cur.execute("SELECT b FROM alobs3")
    (locator,) = await cur.fetchone()
    async with await aconn.open_lob(locator) as lob:
        assert await lob.size() == len(data)
        await lob.seek(100)
        assert await lob.read(50) == data[100:150]
        await lob.seek(0)
        assert b"".join([chunk async for chunk in lob]) == data
    assert await aconn.read_lob(locator) == data


async def test_blob_and_clob_values_are_created_and_bound_by_the_asyncio_driver(aconn):
    cur = aconn.cursor()
    await cur.execute("CREATE TEMP TABLE alobp (id INT, b BLOB, c CLOB)")
    data = bytes(range(256)) * 300
    await cur.execute("INSERT INTO alobp VALUES (?, ?, ?)",
                      (1, informix_db.BlobValue(data, column="alobp.b"),
                       informix_db.ClobValue("café", column="alobp.c")))
    await cur.execute("SELECT b, c FROM alobp")
    b, c = await cur.fetchone()
    assert await aconn.read_lob(b) == data
    assert await aconn.read_lob(c) == "café"


async def test_create_lob_through_the_asyncio_driver(aconn):
    cur = aconn.cursor()
    await cur.execute("CREATE TEMP TABLE alobc (id INT, b BLOB)")
    async with await aconn.create_lob("alobc.b") as lob:
        await lob.write(b"made here")
    await cur.execute("INSERT INTO alobc VALUES (?, ?)", (1, lob.locator))
    await cur.execute("SELECT b FROM alobc")
    assert await aconn.read_lob((await cur.fetchone())[0]) == b"made here"
