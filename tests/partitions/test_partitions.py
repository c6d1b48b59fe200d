"""Partitions against the test server: their union is the query's rows,
each row once, for every way of splitting and the awkward data."""

from __future__ import annotations

import datetime
import pickle
import time
from collections import Counter
from decimal import Decimal

import pytest

from informix_db.partitions import partition_query


def _union(parts):
    rows = Counter()
    for part in parts:
        rows.update(part.read())
    return rows


def _sessions_back_to(server, count, timeout=5.0):
    """Whether the server's session count falls to *count* (a session ends
    in the server's thread a moment after the client closed)."""
    deadline = time.monotonic() + timeout
    while server.session_count > count and time.monotonic() < deadline:
        time.sleep(0.02)
    return server.session_count == count


def _single(factory, sql, params=()):
    conn = factory()
    try:
        cur = conn.cursor()
        cur.execute(sql, params or None)
        return Counter(cur.fetchall())
    finally:
        conn.close()


@pytest.mark.parametrize("column", ["id", "d", "ts", "amount", "f"])
@pytest.mark.parametrize("count", [1, 2, 3, 8, 500])
def test_range_union_is_the_query(factory, mix_table, column, count):
    table, rows = mix_table
    parts = partition_query(factory, f"SELECT * FROM {table}", column=column, count=count)
    assert 1 <= len(parts) <= count + 1
    assert parts[-1].where == f"{column} IS NULL"          # every column has NULLs
    assert _union(parts) == Counter(rows)


@pytest.mark.parametrize("count", [1, 2, 5, 16])
def test_hash_union_is_the_query(factory, mix_table, count):
    table, rows = mix_table
    parts = partition_query(factory, f"SELECT * FROM {table}", hash_key="id", count=count)
    assert len(parts) == count
    sizes = [len(p.read()) for p in parts]
    assert sum(sizes) == len(rows)
    assert _union(parts) == Counter(rows)
    if count <= 5:
        assert min(sizes) > 0


def test_range_sizes_are_even(factory, mix_table):
    parts = partition_query(factory, "SELECT * FROM part_mix WHERE id BETWEEN 0 AND 199",
                            column="id", count=4)
    sizes = [len(p.read()) for p in parts]
    # ids 1..199 but the 18 multiples of 11 (NULL there, so not BETWEEN)
    assert len(sizes) == 4 and sum(sizes) == 199 - 18
    assert max(sizes) - min(sizes) <= 2


def test_query_parameters_come_first(factory, mix_table):
    sql = "SELECT id, name FROM part_mix WHERE id >= ? AND name <> ?"
    parts = partition_query(factory, sql, column="id", count=3, params=(10, "name20"))
    assert _union(parts) == _single(factory, sql, (10, "name20"))
    assert all(p.params[:2] == (10, "name20") for p in parts)


def test_guessed_bounds_lose_nothing(factory, mix_table):
    table, rows = mix_table
    # bounds far inside the data: the open first and last ranges take the rest
    parts = partition_query(factory, f"SELECT * FROM {table}", column="id", count=4,
                            lower=10, upper=20)
    assert len(parts) == 4 and "IS NULL" in parts[0].where
    assert _union(parts) == Counter(rows)
    parts = partition_query(factory, f"SELECT * FROM {table}", column="d", count=3,
                            lower=datetime.date(2020, 1, 1), upper=datetime.date(2020, 12, 31))
    assert _union(parts) == Counter(rows)


def test_integer_edges_and_negatives(factory, mix_table):
    sql = "SELECT id FROM part_mix WHERE id < 0 OR id > 2000000000"
    expected = _single(factory, sql)
    assert max(expected)[0] == 2147483647 and min(expected)[0] == -2147483647
    for count in (2, 3, 7):
        parts = partition_query(factory, sql, column="id", count=count)
        assert _union(parts) == expected


def test_empty_all_null_and_single_value(factory, mix_table):
    for table in ("part_empty", "part_nulls"):
        for column in ("id", "d"):
            parts = partition_query(factory, f"SELECT * FROM {table}", column=column, count=4)
            assert [p.where for p in parts] == [f"{column} IS NULL"]
            assert _union(parts) == _single(factory, f"SELECT * FROM {table}")
        assert sum(len(p.read()) for p in partition_query(
            factory, f"SELECT * FROM {table}", hash_key="id", count=3)) == (5 if "nulls" in table else 0)
    parts = partition_query(factory, "SELECT * FROM part_one", column="id", count=4)
    assert [p.where for p in parts] == ["id IS NOT NULL"]
    assert parts[0].read() == [(7,)] * 3


def test_pickled_partitions_read_the_same(factory, mix_table):
    table, rows = mix_table
    parts = partition_query(factory, f"SELECT * FROM {table}", column="amount", count=3)
    copies = pickle.loads(pickle.dumps(parts))
    assert copies == parts
    assert _union(copies) == Counter(rows)


def test_arrow_pandas_and_connection_release(informix_server, factory, mix_table):
    pa = pytest.importorskip("pyarrow")
    pytest.importorskip("pandas")
    table, rows = mix_table
    parts = partition_query(factory, f"SELECT id, amount FROM {table}", column="id", count=3)
    before = 0       # these tests' connections are all closed between tests
    assert _sessions_back_to(informix_server, before)
    tables = [pa.table(p.read_arrow(batch_rows=7)) for p in parts]
    assert _sessions_back_to(informix_server, before)   # each stream closed its connection
    assert sum(t.num_rows for t in tables) == len(rows)
    assert tables[0].schema.field("amount").type == pa.decimal128(10, 2)
    got = Counter(zip(*(c.to_pylist() for c in pa.concat_tables(tables).columns)))
    assert got == Counter((r[0], r[3]) for r in rows)
    frames = [p.read_pandas() for p in parts]
    assert sum(len(f) for f in frames) == len(rows)
    assert parts[0].to_pyarrow().num_rows == len(parts[0].read())
    # a stream given up half way closes its connection too
    stream = parts[0].read_arrow(batch_rows=2)
    reader = pa.RecordBatchReader.from_stream(stream)
    reader.read_next_batch()
    stream.close()
    assert _sessions_back_to(informix_server, before)


def test_polars_reads_a_partition(factory, mix_table):
    pl = pytest.importorskip("polars")
    parts = partition_query(factory, "SELECT id, d FROM part_mix", column="d", count=2)
    frame = pl.concat([pl.DataFrame(p.read_arrow()) for p in parts])
    assert frame.height == len(mix_table[1])
    assert frame["d"].dtype == pl.Date


def test_a_bad_query_says_so_and_leaks_nothing(informix_server, factory, mix_table):
    from informix_db import DatabaseError

    before = 0       # these tests' connections are all closed between tests
    assert _sessions_back_to(informix_server, before)
    with pytest.raises(DatabaseError):
        partition_query(factory, "SELECT * FROM no_such_table", column="id", count=2)
    parts = partition_query(factory, "SELECT * FROM no_such_table", hash_key="id", count=2)
    with pytest.raises(DatabaseError):
        parts[0].read()
    with pytest.raises(DatabaseError):
        parts[0].read_arrow()
    assert _sessions_back_to(informix_server, before)


def test_decimal_bounds_stay_in_the_column_scale(factory, mix_table):
    parts = partition_query(factory, "SELECT * FROM part_mix", column="amount", count=4)
    for p in parts:
        for value in p.params:
            assert isinstance(value, Decimal) and value.as_tuple().exponent == -2
