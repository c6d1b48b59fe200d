"""ROW/SET/MULTISET/LIST values through the asyncio driver: the same codecs,
parameters and values as the blocking driver."""

from __future__ import annotations

import pytest

from informix_db import Multiset

pytestmark = pytest.mark.asyncio


async def test_composites_round_trip_through_the_asyncio_driver(aconn):
    cur = aconn.cursor()
    await cur.execute("CREATE TEMP TABLE acomp (r ROW(a INT, b VARCHAR(10)), "
                      "s SET(INT NOT NULL), m MULTISET(INT NOT NULL), l LIST(INT NOT NULL))")
    row = ((1, "x"), frozenset({2, 3}), Multiset([4, 4]), [5, 6])
    await cur.execute("INSERT INTO acomp VALUES (?, ?, ?, ?)", row)
    await cur.execute("SELECT r, s, m, l FROM acomp")
    assert await cur.fetchall() == [row]
    assert cur.description[0][1].name == "ROW(a integer, b varchar(10))"


async def test_named_rows_read_with_their_field_names_through_the_asyncio_driver(aconn):
    cur = aconn.cursor()
    await cur.execute("CREATE ROW TYPE IF NOT EXISTS apoint_t (x INT, label VARCHAR(8))")
    await cur.execute("CREATE TEMP TABLE apts (p apoint_t)")
    await cur.execute("INSERT INTO apts VALUES (?)", ((3, "three"),))
    await cur.execute("SELECT p FROM apts")
    (p,) = await cur.fetchone()
    assert p._asdict() == {"x": 3, "label": "three"}
