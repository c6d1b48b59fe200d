"""Cursor.fetch_arrow() and friends: a result as Arrow data, equal to fetchall()."""

from __future__ import annotations

import datetime as dt
import gc
from decimal import Decimal

import pytest

import informix_db
from informix_db import types as T

from conformance import corpus
from driver.dbapi_helpers import open_conn

pa = pytest.importorskip("pyarrow")

LOADED_ROWS = 2_500


@pytest.fixture(scope="module")
def wide(server):
    """The conformance corpus in one wide table: every type, its rows, NULLs."""
    conn = open_conn(server, autocommit=True)
    cur = conn.cursor()
    cases = corpus.WIDE_CASES
    cur.execute("DROP TABLE IF EXISTS a_wide")
    cur.execute(corpus.wide_table_sql(cases, "a"))
    cur.executemany(corpus.wide_insert_sql(cases, "a"),
                    [[k] + [corpus.wide_row(c, k).sent for c in cases]
                     for k in range(corpus.wide_row_count(cases))])
    cur.execute("DROP TABLE IF EXISTS a_load")
    cur.execute("CREATE TABLE a_load (id INT, name VARCHAR(20), amount DECIMAL(12,2), "
                "seen DATETIME YEAR TO FRACTION(3))")
    cur.executemany("INSERT INTO a_load VALUES (?, ?, ?, ?)",
                    [(i, f"n{i}" if i % 7 else None, Decimal(i).scaleb(-2),
                      dt.datetime(2024, 1, 1) + dt.timedelta(seconds=i)) for i in range(LOADED_ROWS)])
    yield conn
    conn.close()


def _from_arrow(ct: T.ColumnType, value):
    """An Arrow value (pyarrow's Python form) as fetchall() gives it: a
    YEAR TO MONTH interval comes as pyarrow's MonthDayNano."""
    if ct.sqltype == T.SQLINTERVAL and hasattr(value, "months"):
        assert value.days == 0 and value.nanoseconds == 0
        return T.IntervalYM.from_months(value.months)
    return value


def test_a_wide_result_of_every_type_reads_as_fetchall_reads_it(wide):
    cur = wide.cursor()
    cur.execute(corpus.wide_select_sql(corpus.WIDE_CASES, "a"))
    types = [c.type for c in cur._description.result_columns]
    want = cur.fetchall()
    cur.execute(corpus.wide_select_sql(corpus.WIDE_CASES, "a"))
    table = cur.fetch_arrow_table()
    got = list(zip(*(col.to_pylist() for col in table.columns)))
    assert table.column_names == [d[0] for d in cur.description]
    assert len(got) == len(want)
    for row_got, row_want in zip(got, want):
        for ct, g, w, d in zip(types, row_got, row_want, cur.description):
            g = _from_arrow(ct, g)
            if isinstance(w, Decimal) and isinstance(g, float):
                assert g == float(w), d[0]
            else:
                assert g == w, (d[0], g, w)


@pytest.mark.parametrize("case", [c for c in corpus.CASES if c not in corpus.WIDE_CASES],
                         ids=lambda c: c.id)
def test_the_corpus_types_outside_the_wide_table_read_as_fetchall_reads_them(wide, case):
    # SERIALs (one per table) and the 32 KB LVARCHAR (the row size limit)
    cur = wide.cursor()
    cur.execute(f"DROP TABLE IF EXISTS {corpus.case_table(case, 'a')}")
    cur.execute(corpus.create_table_sql(case, "a"))
    cur.executemany(corpus.insert_sql(case, "a"),
                    [(k, r.sent) for k, r in enumerate(case.rows)])
    cur.execute(corpus.select_sql(case, "a"))
    want = cur.fetchall()
    cur.execute(corpus.select_sql(case, "a"))
    table = cur.fetch_arrow_table()
    assert list(zip(*(c.to_pylist() for c in table.columns))) == want


def test_nullability_follows_the_describe(wide):
    cur = wide.cursor()
    cur.execute("SELECT id, c0 FROM a_wide")
    schema = cur.fetch_arrow_table().schema
    assert [f.nullable for f in schema] == [False, True]


def _wide_without_blobs():
    """The wide table's columns but BYTE and TEXT (their contents are fetched
    after each row, so such a result keeps the row path)."""
    keep = [n for n, c in enumerate(corpus.WIDE_CASES) if c.decl not in ("BYTE", "TEXT")]
    return "SELECT id, " + ", ".join(f"c{n}" for n in keep) + " FROM a_wide ORDER BY id"


@pytest.mark.parametrize("fetch_buffer", [200, 4096])
@pytest.mark.parametrize("batch_rows", [1, 2, 1000])
def test_rows_decoded_straight_into_columns_read_as_fetchall_reads_them(wide, fetch_buffer,
                                                                      batch_rows):
    cur = wide.cursor()
    cur.fetch_buffer_size = fetch_buffer  # many rounds: most rows come after the switch
    cur.execute(_wide_without_blobs())
    want = cur.fetchall()
    cur.execute(_wide_without_blobs())
    batches = [pa.record_batch(b) for b in cur.fetch_arrow_batches(batch_rows)]
    assert cur._result.columns is not None  # the columnar decoder read the rounds
    assert all(b.num_rows <= batch_rows for b in batches)
    table = pa.Table.from_batches(batches)
    types = [c.type for c in cur._description.result_columns]
    got = list(zip(*(col.to_pylist() for col in table.columns)))
    assert len(got) == len(want) > 1
    for row_got, row_want in zip(got, want):
        for ct, g, w in zip(types, row_got, row_want):
            g = _from_arrow(ct, g)
            assert g == (float(w) if isinstance(w, Decimal) and isinstance(g, float) else w)


def test_tuples_are_refused_while_an_arrow_fetch_holds_the_rest(wide):
    cur = wide.cursor()
    cur.fetch_buffer_size = 64
    cur.execute("SELECT id FROM a_load ORDER BY id")
    batches = cur.fetch_arrow_batches(100)
    assert pa.record_batch(next(batches)).num_rows == 100
    with pytest.raises(informix_db.InterfaceError, match="Arrow fetch"):
        cur.fetchone()
    assert sum(pa.record_batch(b).num_rows for b in batches) == LOADED_ROWS - 100
    assert cur.fetchone() is None


def test_batches_hold_at_most_their_rows_and_cover_the_result(wide):
    cur = wide.cursor()
    cur.execute("SELECT id, name, amount, seen FROM a_load ORDER BY id")
    batches = [pa.record_batch(b) for b in cur.fetch_arrow_batches(1000)]
    assert [b.num_rows for b in batches] == [1000, 1000, 500]
    ids = [i for b in batches for i in b.column(0).to_pylist()]
    assert ids == list(range(LOADED_ROWS))
    assert batches[0].schema.field("amount").type == pa.decimal128(12, 2)
    assert batches[0].schema.field("seen").type == pa.timestamp("ms")


def test_the_stream_is_read_by_pyarrow_batch_by_batch(wide):
    cur = wide.cursor()
    cur.execute("SELECT id, name FROM a_load ORDER BY id")
    reader = pa.RecordBatchReader.from_stream(cur.fetch_arrow(batch_rows=600))
    first = reader.read_next_batch()
    assert first.num_rows == 600 and first.column(0)[0].as_py() == 0
    assert sum(b.num_rows for b in reader) == LOADED_ROWS - 600


def test_fetch_arrow_takes_only_the_rows_not_yet_fetched(wide):
    cur = wide.cursor()
    cur.execute("SELECT id FROM a_load ORDER BY id")
    cur.fetchmany(10)
    table = cur.fetch_arrow_table()
    assert table.column(0).to_pylist() == list(range(10, LOADED_ROWS))
    assert cur.fetchone() is None


def test_a_row_factory_does_not_change_the_arrow_result(wide):
    cur = wide.cursor()
    cur.row_factory = informix_db.rows.dict_row
    cur.execute("SELECT id FROM a_load WHERE id < 3 ORDER BY id")
    assert cur.fetch_arrow_table().column("id").to_pylist() == [0, 1, 2]


def test_an_empty_result_is_a_table_with_the_schema_and_no_rows(wide):
    cur = wide.cursor()
    cur.execute("SELECT id, name FROM a_load WHERE id < 0")
    table = cur.fetch_arrow_table()
    assert table.num_rows == 0 and table.column_names == ["id", "name"]


def test_a_stream_is_consumed_once(wide):
    cur = wide.cursor()
    cur.execute("SELECT id FROM a_load")
    result = cur.fetch_arrow()
    pa.table(result)
    with pytest.raises(informix_db.InterfaceError, match="consumed"):
        pa.table(result)


def test_a_statement_without_rows_has_nothing_to_fetch_as_arrow(wide):
    cur = wide.cursor()
    cur.execute("UPDATE a_load SET name = name WHERE id < 0")
    with pytest.raises(informix_db.ProgrammingError):
        cur.fetch_arrow()


def test_a_composite_column_is_refused_naming_it(wide):
    cur = wide.cursor()
    cur.execute("CREATE TEMP TABLE a_comp (id INT, s SET(INT NOT NULL))")
    cur.execute("SELECT id, s FROM a_comp")
    with pytest.raises(informix_db.NotSupportedError, match="column 's'"):
        cur.fetch_arrow()


def test_a_floating_decimal_may_be_read_as_decimal128(wide):
    cur = wide.cursor()
    cur.execute("SELECT CAST(1.25 AS DECIMAL(16)) AS d FROM a_load WHERE id = 1")
    table = cur.fetch_arrow_table(floating_decimal="decimal128")
    assert table.column("d").to_pylist() == [Decimal("1.25")]


def test_a_bad_batch_size_is_refused(wide):
    cur = wide.cursor()
    cur.execute("SELECT id FROM a_load")
    with pytest.raises(informix_db.ProgrammingError, match="batch_rows"):
        cur.fetch_arrow(batch_rows=0)


def test_polars_reads_the_stream(wide):
    pl = pytest.importorskip("polars")
    cur = wide.cursor()
    cur.execute("SELECT id, name, amount FROM a_load WHERE id < 8 ORDER BY id")
    frame = pl.DataFrame(cur.fetch_arrow())
    assert frame["id"].to_list() == list(range(8))
    assert frame["name"].to_list() == [None] + [f"n{i}" for i in range(1, 7)] + [None]


def test_duckdb_reads_the_stream(wide):
    duckdb = pytest.importorskip("duckdb")
    cur = wide.cursor()
    cur.execute("SELECT id, amount FROM a_load ORDER BY id")
    stream = cur.fetch_arrow(batch_rows=1000)  # noqa: F841 - named in the SQL below
    (total,) = duckdb.sql("SELECT count(*), sum(amount) FROM stream").fetchall()
    assert total[0] == LOADED_ROWS
    assert total[1] == sum(Decimal(i).scaleb(-2) for i in range(LOADED_ROWS))


def test_pandas_gets_a_frame_through_pyarrow(wide):
    pytest.importorskip("pandas")
    cur = wide.cursor()
    cur.execute("SELECT id, name FROM a_load WHERE id < 3 ORDER BY id")
    frame = cur.fetch_arrow_table().to_pandas()
    assert list(frame["id"]) == [0, 1, 2]


def test_an_unread_stream_leaves_nothing_behind(wide):
    cur = wide.cursor()
    cur.execute("SELECT id FROM a_load")
    result = cur.fetch_arrow()
    capsule = result.__arrow_c_stream__()
    del capsule, result
    gc.collect()
    cur.execute("SELECT COUNT(*) FROM a_load")
    assert cur.fetchone() == (LOADED_ROWS,)
