"""Partitioned extraction: one query read as N independent pieces.

``partition_query(connect, sql, column=..., count=N)`` splits a query's rows
into partitions that separate processes (Dask, Ray, multiprocessing) read
in parallel, each over a connection of its own::

    from informix_db.partitions import partition_query

    parts = partition_query("informix://informix:secret@db:9088/stores?server=ol",
                            "SELECT * FROM orders", column="order_num", count=8)
    tables = [p.to_pyarrow() for p in parts]     # or ship each p to a worker

Two ways to split:

* by range (*column*): ``SELECT MIN(c), MAX(c), COUNT(*), COUNT(c) FROM
  (sql)`` gives the bounds (or pass *lower* and *upper*), cut into *count*
  even ranges.  INT/SMALLINT/INT8/BIGINT/SERIAL, DATE, DATETIME, DECIMAL/
  MONEY and FLOAT columns.  The first range is open below (``c < b1``), the
  middle ones half-open (``b1 <= c < b2``), the last open above (``c >=
  bN``), so together they hold every non-NULL row even when the bounds are
  only a guess; NULLs get a partition of their own (``c IS NULL``) when the
  statistics saw some, and are added to the first range when the bounds
  were given.  Fewer partitions come back when the values are fewer than
  *count* (a range never holds no possible value).
* by hash (*hash_key*): partition i holds ``MOD(ABS(key), count) = i``
  (partition 0 also the NULL keys).  *hash_key* is an SQL expression with
  an integer value: an integer column, or on Informix a CRC of any column,
  ``ifx_checksum(name::LVARCHAR, 0)`` (the built-in Enterprise Replication
  uses; nest it for several columns).  No statistics query is needed.

Each ``Partition`` is a small picklable dataclass: the connection factory
and its own SQL with the bounds as parameters.  ``read()`` gives tuples,
``read_arrow()`` an Arrow stream (``__arrow_c_stream__``; no pyarrow
needed), ``to_pyarrow()`` a ``pyarrow.Table``, ``read_pandas()`` a pandas
DataFrame; ``to_dask(parts)`` makes them one ``dask.dataframe``,
``to_spark(spark, parts)`` one Spark DataFrame (a PySpark 4 Python data
source).  ``connection_factory(...)`` is the picklable callable that
opens the connections; it is also what ``ray.data.read_sql(sql, factory)``
takes.

The partitions are separate statements on separate connections: they see
the table at slightly different moments (no common snapshot).  *column*,
*hash_key* and *sql* are SQL text put into the statements as they are:
never build them from untrusted input.

The driver never imports this module.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Mapping
from dataclasses import dataclass, field

from informix_db.exceptions import InterfaceError, ProgrammingError

__all__ = ["ConnectionFactory", "Partition", "PartitionStream", "connection_factory",
           "partition_query", "range_bounds", "to_dask", "to_spark"]

#: The alias the query is given as a derived table.
_ALIAS = "ifx_part_q"


@dataclass(frozen=True)
class ConnectionFactory:
    """A picklable callable opening a new connection: ``informix_db.connect(
    dsn, **kwargs)``.  Everything it holds must pickle (a connection string,
    ``tls=True``/``"insecure"``; an ``ssl.SSLContext`` does not)."""

    dsn: str | None = None
    kwargs: Mapping = field(default_factory=dict)

    def __call__(self):
        import informix_db

        if self.dsn is not None:
            return informix_db.connect(self.dsn, **self.kwargs)
        return informix_db.connect(**self.kwargs)

    def __repr__(self) -> str:
        shown = {k: ("***" if k == "password" else v) for k, v in self.kwargs.items()}
        dsn = None if self.dsn is None else _mask_dsn(self.dsn)
        return f"ConnectionFactory(dsn={dsn!r}, kwargs={shown!r})"


def _mask_dsn(text: str) -> str:
    """*text* with its password hidden (for reprs, which end up in logs)."""
    from informix_db.dsn import parse_dsn

    try:
        password = parse_dsn(text).get("password")
    except InterfaceError:
        return "<connection string>"
    return text.replace(password, "***") if password else text


def connection_factory(dsn: str | None = None, /, **kwargs) -> ConnectionFactory:
    """A ``ConnectionFactory`` for ``informix_db.connect(dsn, **kwargs)``:
    ``connection_factory("informix://u:p@host:9088/db?server=srv")`` or
    ``connection_factory(host=..., port=..., user=..., password=...,
    database=..., server=...)``."""
    if dsn is None and "host" not in kwargs:
        raise InterfaceError("connection_factory needs a connection string or host=...")
    return ConnectionFactory(dsn, dict(kwargs))


def _as_factory(connect) -> ConnectionFactory:
    if isinstance(connect, ConnectionFactory):
        return connect
    if isinstance(connect, str):
        return ConnectionFactory(connect, {})
    if isinstance(connect, Mapping):
        return connection_factory(**connect)
    raise TypeError("connect must be a connection string, a dict of connect() keyword "
                    f"arguments or a ConnectionFactory, not {type(connect).__name__}")


@dataclass(frozen=True)
class Partition:
    """One piece of a partitioned query: *sql* with *params*, read over a
    connection from *factory*.  *index* of *count*; *where* says which rows."""

    factory: ConnectionFactory
    sql: str
    params: tuple = ()
    index: int = 0
    count: int = 1
    where: str = ""

    def _open(self):
        conn = self.factory()
        try:
            cur = conn.cursor()
            cur.execute(self.sql, self.params or None)
        except BaseException:
            conn.close()
            raise
        return conn, cur

    def read(self) -> list[tuple]:
        """All the partition's rows, as the cursor gives them."""
        conn, cur = self._open()
        try:
            return cur.fetchall()
        finally:
            conn.close()

    def read_arrow(self, *, batch_rows: int | None = None,
                   floating_decimal: str = "float64") -> PartitionStream:
        """The rows as an Arrow stream (``__arrow_c_stream__``), read batch by
        batch as it is consumed; the connection closes at the end of the
        stream (or ``close()``).  Needs no pyarrow."""
        conn, cur = self._open()
        try:
            result = cur.fetch_arrow(batch_rows=batch_rows, floating_decimal=floating_decimal)
        except BaseException:
            conn.close()
            raise
        return PartitionStream(conn, result)

    def to_pyarrow(self, *, batch_rows: int | None = None, floating_decimal: str = "float64"):
        """The rows as a ``pyarrow.Table`` (needs pyarrow)."""
        from informix_db.arrow.fetch import require_pyarrow

        pyarrow = require_pyarrow()
        stream = self.read_arrow(batch_rows=batch_rows, floating_decimal=floating_decimal)
        try:
            return pyarrow.RecordBatchReader.from_stream(stream).read_all()
        finally:
            stream.close()

    def read_pandas(self, **kwargs):
        """The rows as a pandas DataFrame (Arrow first: needs pyarrow and pandas)."""
        return self.to_pyarrow(**kwargs).to_pandas()


class PartitionStream:
    """A partition's rows as an Arrow stream that owns its connection."""

    def __init__(self, conn, result) -> None:
        from informix_db.arrow.cdata import ArrowStream

        self._conn = conn
        self.schema = result.schema
        self._stream = ArrowStream(result.schema, self._batches(result))

    def _batches(self, result):
        try:
            for export in result:
                yield export.data
        finally:
            self.close()

    def close(self) -> None:
        """Close the connection (idempotent); the rest of the stream is dropped."""
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def __enter__(self) -> PartitionStream:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __arrow_c_schema__(self):
        return self._stream.__arrow_c_schema__()

    def __arrow_c_stream__(self, requested_schema=None):
        return self._stream.__arrow_c_stream__(requested_schema)


# --- splitting ------------------------------------------------------------

def range_bounds(lower, upper, count: int) -> list:
    """The inner bounds cutting [*lower*, *upper*] into at most *count*
    even ranges: strictly increasing values v with lower < v <= upper, so
    ``c < b1``, ``b1 <= c < b2``, ..., ``c >= bk`` are non-empty in value.
    int, date, datetime, Decimal and float values; an empty list means one
    range."""
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise ProgrammingError(f"count must be a positive int, not {count!r}")
    if lower is None or upper is None or count == 1 or not upper > lower:
        return []
    if isinstance(lower, bool) or isinstance(upper, bool):
        raise ProgrammingError("a BOOLEAN column cannot be split by range: use hash_key")
    if isinstance(lower, int) and isinstance(upper, int):
        span = upper - lower + 1
        raw = [lower + span * i // count for i in range(1, count)]
    elif isinstance(lower, datetime.datetime) and isinstance(upper, datetime.datetime):
        step = datetime.timedelta(microseconds=1)
        span = (upper - lower) // step + 1
        raw = [lower + step * (span * i // count) for i in range(1, count)]
    elif isinstance(lower, datetime.date) and isinstance(upper, datetime.date) \
            and not isinstance(lower, datetime.datetime) \
            and not isinstance(upper, datetime.datetime):
        lo, span = lower.toordinal(), upper.toordinal() - lower.toordinal() + 1
        raw = [datetime.date.fromordinal(lo + span * i // count) for i in range(1, count)]
    elif isinstance(lower, decimal.Decimal) and isinstance(upper, decimal.Decimal):
        raw = _decimal_bounds(lower, upper, count)
    elif isinstance(lower, (int, float)) and isinstance(upper, (int, float)):
        lo, hi = float(lower), float(upper)
        raw = [lo + (hi - lo) * i / count for i in range(1, count)]
    else:
        raise ProgrammingError(f"cannot split values of type {type(lower).__name__} by "
                               "range (numbers, DATE, DATETIME): use hash_key")
    out: list = []
    for value in raw:
        if value > lower and value <= upper and (not out or value > out[-1]):
            out.append(value)
    return out


def _decimal_bounds(lower: decimal.Decimal, upper: decimal.Decimal, count: int) -> list:
    """Bounds with no more decimal places than the values have (a bound the
    column's type could not hold would be rounded when sent): the integer
    split over the values counted in units of the last decimal place."""
    exponent = min(lower.as_tuple().exponent, upper.as_tuple().exponent)
    exponent = exponent if isinstance(exponent, int) else 0
    with decimal.localcontext() as ctx:
        ctx.prec = 80
        lo, hi = int(lower.scaleb(-exponent)), int(upper.scaleb(-exponent))
        span = hi - lo + 1
        return [decimal.Decimal(lo + span * i // count).scaleb(exponent) for i in range(1, count)]


def _range_wheres(column: str, bounds: list, nulls: str) -> list[tuple[str, tuple]]:
    """(condition, parameters) of each range; *nulls*: "own" (a partition of
    their own), "first" (with the first range) or "none"."""
    c = column
    if not bounds:
        ranges = [(f"{c} IS NOT NULL", ())]
    else:
        ranges = [(f"{c} < ?", (bounds[0],))]
        ranges += [(f"{c} >= ? AND {c} < ?", (lo, hi)) for lo, hi in zip(bounds, bounds[1:])]
        ranges.append((f"{c} >= ?", (bounds[-1],)))
    if nulls == "own":
        ranges.append((f"{c} IS NULL", ()))
    elif nulls == "first":
        cond, params = ranges[0]
        ranges[0] = (f"({cond} OR {c} IS NULL)", params)
    return ranges


def _hash_wheres(key: str, count: int) -> list[tuple[str, tuple]]:
    wheres = [(f"MOD(ABS({key}), {count}) = {i}", ()) for i in range(count)]
    wheres[0] = (f"(MOD(ABS({key}), {count}) = 0 OR {key} IS NULL)", ())
    return wheres


def _check_count(count) -> int:
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise ProgrammingError(f"count must be a positive int, not {count!r}")
    return count


def column_stats(factory: ConnectionFactory, sql: str, column: str, params: tuple = ()):
    """(min, max, rows, non-null rows) of *column* over *sql*'s rows."""
    stats_sql = (f"SELECT MIN({column}), MAX({column}), COUNT(*), COUNT({column}) "
                 f"FROM ({sql}) {_ALIAS}")
    conn = factory()
    try:
        cur = conn.cursor()
        cur.execute(stats_sql, tuple(params) or None)
        lo, hi, rows, non_null = cur.fetchone()
    finally:
        conn.close()
    return lo, hi, int(rows), int(non_null)


def partition_query(connect, sql: str, *, column: str | None = None,
                    count: int = 4, lower=None, upper=None, hash_key: str | None = None,
                    params=()) -> list[Partition]:
    """Partitions whose rows together are *sql*'s rows, each once.

    *connect*: a connection string, a dict of ``informix_db.connect``
    keyword arguments or a ``ConnectionFactory``.  *sql*: a SELECT (no
    ORDER BY: it becomes a derived table), with ``?`` markers for *params*.
    Either *column* (ranges; *lower*/*upper* skip the statistics query) or
    *hash_key* (``MOD(ABS(key), count)``), and *count* partitions at most
    (see the module docstring for the exact conditions).
    """
    factory = _as_factory(connect)
    count = _check_count(count)
    params = tuple(params)
    if (column is None) == (hash_key is None):
        raise ProgrammingError("partition_query needs exactly one of column= or hash_key=")
    if hash_key is not None:
        if lower is not None or upper is not None:
            raise ProgrammingError("lower/upper go with column=, not hash_key=")
        wheres = _hash_wheres(hash_key, count)
    elif lower is not None and upper is not None:
        wheres = _range_wheres(column, range_bounds(lower, upper, count), "first")
    elif lower is not None or upper is not None:
        raise ProgrammingError("give both lower and upper, or neither")
    else:
        lo, hi, rows, non_null = column_stats(factory, sql, column, params)
        if non_null == 0:
            wheres = [(f"{column} IS NULL", ())]
        else:
            nulls = "own" if rows > non_null else "none"
            wheres = _range_wheres(column, range_bounds(lo, hi, count), nulls)
    n = len(wheres)
    return [Partition(factory, f"SELECT * FROM ({sql}) {_ALIAS} WHERE {cond}",
                      params + bound, i, n, cond)
            for i, (cond, bound) in enumerate(wheres)]


# --- executors --------------------------------------------------------------

def _nonempty(partitions, who: str) -> list[Partition]:
    parts = list(partitions)
    if not parts:
        raise ProgrammingError(f"{who} needs at least one partition")
    return parts


def _empty(partition: Partition) -> Partition:
    """*partition*'s statement returning no rows (for the result's schema)."""
    return Partition(partition.factory, f"{partition.sql} AND 1 = 0", partition.params,
                     0, 1, "1 = 0")

def _read_pandas(partition: Partition, read_kwargs: dict):
    return partition.read_pandas(**read_kwargs)


def to_dask(partitions, **read_kwargs):
    """A ``dask.dataframe`` with one Dask partition per ``Partition``, each
    read on a worker (Arrow, then pandas: needs dask, pyarrow and pandas).
    The columns' dtypes come from the query's result with no rows."""
    import functools

    import dask.dataframe as dd

    parts = _nonempty(partitions, "to_dask")
    meta = _empty(parts[0]).read_pandas(**read_kwargs)
    return dd.from_map(functools.partial(_read_pandas, read_kwargs=read_kwargs), parts,
                       meta=meta, enforce_metadata=False)


def to_spark(spark, partitions, *, name: str = "informix_partitions", **read_kwargs):
    """A Spark DataFrame with one Spark partition per ``Partition``, read by
    Spark's Python workers through a Python data source (PySpark 4; the
    workers need pyarrow, and informix_db importable).  Registers the data
    source as *name* in *spark* (a later call replaces it)."""
    from pyspark.sql.datasource import DataSource, DataSourceReader, InputPartition
    from pyspark.sql.pandas.types import from_arrow_schema

    parts = _nonempty(partitions, "to_spark")
    spark_schema = from_arrow_schema(_empty(parts[0]).to_pyarrow(**read_kwargs).schema)

    class Reader(DataSourceReader):
        def partitions(self):
            return [InputPartition(p) for p in parts]

        def read(self, partition):
            yield from partition.value.to_pyarrow(**read_kwargs).to_batches()

    class Source(DataSource):
        @classmethod
        def name(cls):
            return name

        def schema(self):
            return spark_schema

        def reader(self, schema):
            return Reader()

    spark.dataSource.register(Source)
    return spark.read.format(name).load()
