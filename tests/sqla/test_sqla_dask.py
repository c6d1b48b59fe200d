"""Dask reads a table through the dialect's URL: ``read_sql_table`` splits it
into partitions by the index column (the bounds come from SELECT MIN/MAX)
and each partition is a pandas ``read_sql`` of its range."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

dd = pytest.importorskip("dask.dataframe")
pd = pytest.importorskip("pandas")

ROWS = 500


@pytest.fixture
def table(engine, metadata, name):
    sa = pytest.importorskip("sqlalchemy")
    t = sa.Table(name, metadata,
                 sa.Column("id", sa.Integer, primary_key=True),
                 sa.Column("amount", sa.Numeric(10, 2)),
                 sa.Column("day", sa.Date),
                 sa.Column("label", sa.String(20)))
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(t.insert(), [
            {"id": i, "amount": Decimal(i).scaleb(-2), "label": None if i % 7 == 0 else f"r{i}",
             "day": datetime.date(2020, 1, 1) + datetime.timedelta(days=i)}
            for i in range(1, ROWS + 1)])
    return name


def test_read_sql_table_splits_by_the_index_and_reads_every_row(url, table):
    import dask

    # Dask turns object columns into Arrow strings by default (dates too):
    # off, so the values are the driver's.
    with dask.config.set({"dataframe.convert-string": False}):
        df = dd.read_sql_table(table, url, index_col="id", npartitions=4)
        assert df.npartitions == 4
        got = df.compute(scheduler="sync").sort_index()
    assert list(got.index) == list(range(1, ROWS + 1))
    assert got.loc[250, "label"] == "r250"
    assert got["label"].isna().sum() == ROWS // 7
    assert got.loc[3, "day"] == datetime.date(2020, 1, 4)
    assert Decimal(str(got.loc[123, "amount"])) == Decimal("1.23")


def test_read_sql_query_takes_a_selectable_on_the_same_url(url, table):
    import sqlalchemy as sa

    t = sa.table(table, sa.column("id"), sa.column("label"))
    query = sa.select(t.c.id, t.c.label).where(t.c.id > 100)
    df = dd.read_sql_query(query, url, index_col="id", npartitions=3)
    got = df.compute(scheduler="sync").sort_index()
    assert list(got.index) == list(range(101, ROWS + 1))
    assert got.loc[101, "label"] == "r101"
