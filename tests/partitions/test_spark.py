"""Spark (local[2]) reading our partitions through a Python data source
(PySpark 4); skipped without pyspark (not in the dev extra: 456 MB)."""

from __future__ import annotations

import os
import sys

import pytest

from informix_db.partitions import partition_query, to_spark

pytest.importorskip("pyspark.sql.datasource")
pytest.importorskip("pyarrow")


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    # Spark's Python workers: this interpreter (with informix_db and pyarrow)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (SparkSession.builder.master("local[2]").appName("informix-partitions")
               .config("spark.ui.enabled", "false").getOrCreate())
    try:
        yield session
    finally:
        session.stop()


def test_spark_reads_the_union(spark, factory, big_table):
    table, rows = big_table
    parts = partition_query(factory, f"SELECT id, d, amount FROM {table}", column="id", count=8)
    frame = to_spark(spark, parts)
    assert frame.rdd.getNumPartitions() == 8
    assert [f.name for f in frame.schema.fields] == ["id", "d", "amount"]
    assert frame.schema["amount"].dataType.simpleString() == "decimal(12,2)"
    got = frame.selectExpr("count(*) AS n", "sum(id) AS s", "count(distinct id) AS u").collect()[0]
    assert (got.n, got.s, got.u) == (rows, rows * (rows + 1) // 2, rows)
