"""Arrow data in: executemany() and adbc_ingest() take any Arrow producer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import informix_db

from driver.dbapi_helpers import open_conn

pa = pytest.importorskip("pyarrow")


@pytest.fixture
def cur(server):
    conn = open_conn(server, autocommit=True)
    yield conn.cursor()
    conn.close()


def _table(n: int = 5):
    return pa.table({
        "id": pa.array(range(n), pa.int32()),
        "name": pa.array([f"n{i}" if i % 3 else None for i in range(n)], pa.utf8()),
        "amount": pa.array([Decimal(i).scaleb(-2) for i in range(n)], pa.decimal128(12, 2)),
        "seen": pa.array([dt.datetime(2024, 1, 1, 0, 0, i) for i in range(n)],
                         pa.timestamp("ms")),
        "day": pa.array([dt.date(2000, 1, 1) + dt.timedelta(days=i) for i in range(n)],
                        pa.date32()),
        "ok": pa.array([i % 2 == 0 for i in range(n)], pa.bool_()),
        "ratio": pa.array([i / 4 for i in range(n)], pa.float64()),
        "big": pa.array([2**40 + i for i in range(n)], pa.int64()),
    })


def _rows(t) -> list[tuple]:
    return list(zip(*(c.to_pylist() for c in t.columns)))


def test_executemany_takes_a_pyarrow_table(cur):
    cur.execute("CREATE TEMP TABLE ain (id INT, name VARCHAR(10), amount DECIMAL(12,2), "
                "seen DATETIME YEAR TO FRACTION(3), day DATE, ok BOOLEAN, ratio FLOAT, "
                "big BIGINT)")
    t = _table()
    cur.executemany("INSERT INTO ain VALUES (?, ?, ?, ?, ?, ?, ?, ?)", t)
    assert cur.rowcount == 5
    cur.execute("SELECT * FROM ain ORDER BY id")
    assert cur.fetchall() == _rows(t)


def test_executemany_takes_a_record_batch_and_a_slice(cur):
    cur.execute("CREATE TEMP TABLE abatch (id INT, name VARCHAR(10))")
    batch = _table(10).select(["id", "name"]).to_batches()[0]
    cur.executemany("INSERT INTO abatch VALUES (?, ?)", batch.slice(3, 4))
    cur.execute("SELECT id, name FROM abatch ORDER BY id")
    assert cur.fetchall() == [(3, None), (4, "n4"), (5, "n5"), (6, None)]


def test_adbc_ingest_creates_the_table_from_the_schema(cur):
    t = _table(7)
    assert cur.adbc_ingest("aingest", t, mode="create", temporary=True) == 7
    cur.execute("SELECT * FROM aingest ORDER BY id")
    assert [d[1].name for d in cur.description] == [
        "INTEGER", "VARCHAR(255)", "DECIMAL(12,2)", "DATETIME YEAR TO FRACTION(3)", "DATE",
        "BOOLEAN", "FLOAT", "BIGINT"]
    assert cur.fetchall() == _rows(t)


def test_adbc_ingest_create_refuses_an_existing_table(cur):
    cur.adbc_ingest("aexists", _table(1), temporary=True)
    with pytest.raises(informix_db.DatabaseError) as info:
        cur.adbc_ingest("aexists", _table(1), temporary=True)
    assert info.value.sqlcode == -310


def test_adbc_ingest_appends_replaces_and_create_appends(cur):
    t = _table(3)
    cur.adbc_ingest("amodes", t, mode="create_append", temporary=True)
    cur.adbc_ingest("amodes", t, mode="append")
    cur.adbc_ingest("amodes", t, mode="create_append", temporary=True)
    cur.execute("SELECT COUNT(*) FROM amodes")
    assert cur.fetchone() == (9,)
    cur.adbc_ingest("amodes", _table(2), mode="replace", temporary=True)
    cur.execute("SELECT COUNT(*) FROM amodes")
    assert cur.fetchone() == (2,)


def test_adbc_ingest_refuses_an_unknown_mode_and_odd_names(cur):
    with pytest.raises(informix_db.ProgrammingError, match="mode"):
        cur.adbc_ingest("x", _table(1), mode="upsert")
    with pytest.raises(informix_db.ProgrammingError, match="table name"):
        cur.adbc_ingest("x; DROP TABLE y", _table(1))


def test_a_type_without_an_informix_column_is_refused_naming_it(cur):
    t = pa.table({"tags": pa.array([[1, 2]], pa.list_(pa.int32()))})
    with pytest.raises(informix_db.NotSupportedError, match="tags"):
        cur.adbc_ingest("alist", t, temporary=True)


def test_long_text_makes_an_lvarchar_column(cur):
    t = pa.table({"body": pa.array(["x" * 300, None], pa.large_utf8())})
    cur.adbc_ingest("along", t, temporary=True)
    cur.execute("SELECT body FROM along WHERE body IS NOT NULL")
    assert cur.description[0][1].name == "LVARCHAR(32739)"
    assert cur.fetchone() == ("x" * 300,)


def test_times_durations_binaries_and_zoned_timestamps_load(cur):
    t = pa.table({
        "t": pa.array([dt.time(1, 2, 3, 456000)], pa.time32("ms")),
        "d": pa.array([dt.timedelta(days=2, seconds=5)], pa.duration("s")),
        "b": pa.array([b"\x00\xff"], pa.binary()),
        "z": pa.array([dt.datetime(2024, 5, 1, 12, tzinfo=dt.timezone.utc)],
                      pa.timestamp("us", tz="UTC")),
        "small": pa.array([-5], pa.int8()),
    })
    cur.adbc_ingest("amisc", t, temporary=True)
    cur.execute("SELECT t, d, b, z, small FROM amisc")
    assert cur.fetchone() == (dt.time(1, 2, 3, 456000), dt.timedelta(days=2, seconds=5),
                              b"\x00\xff", dt.datetime(2024, 5, 1, 12), -5)


def test_decimals_wider_than_28_digits_load_exactly(cur):
    cur.execute("CREATE TEMP TABLE awide (d DECIMAL(32,4))")
    values = [Decimal("1234567890123456789012345678.9012"), Decimal("-0.0001")]
    cur.executemany("INSERT INTO awide VALUES (?)", pa.table({"d": pa.array(
        values, pa.decimal128(32, 4))}))
    cur.execute("SELECT d FROM awide ORDER BY d")
    assert [r[0] for r in cur.fetchall()] == sorted(values)


def test_a_dictionary_column_loads_its_values(cur):
    cur.execute("CREATE TEMP TABLE adict (c VARCHAR(5))")
    col = pa.array(["a", "b", "a", None]).dictionary_encode()
    cur.executemany("INSERT INTO adict VALUES (?)", pa.table({"c": col}))
    cur.execute("SELECT c FROM adict ORDER BY c")
    assert cur.fetchall() == [(None,), ("a",), ("a",), ("b",)]


def test_polars_frames_load_their_string_views(cur):
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame({"id": [1, 2, 3], "name": ["short", "a name longer than twelve", None]})
    cur.adbc_ingest("apolars", frame, temporary=True)
    cur.execute("SELECT id, name FROM apolars ORDER BY id")
    assert cur.fetchall() == [(1, "short"), (2, "a name longer than twelve"), (3, None)]


def test_pandas_frames_load_through_their_arrow_export(cur):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"id": [1, 2], "name": ["x", "y"]})
    data = frame if hasattr(frame, "__arrow_c_stream__") else pa.Table.from_pandas(frame)
    cur.adbc_ingest("apandas", data, temporary=True)
    cur.execute("SELECT id, name FROM apandas ORDER BY id")
    assert cur.fetchall() == [(1, "x"), (2, "y")]


def test_a_result_fetched_as_arrow_loads_back_unchanged(cur):
    cur.execute("CREATE TEMP TABLE asrc (id INT, name VARCHAR(10), amount DECIMAL(12,2), "
                "seen DATETIME YEAR TO FRACTION(3))")
    rows = [(i, f"n{i}", Decimal(i).scaleb(-2), dt.datetime(2024, 1, 1, 0, 0, i % 60))
            for i in range(50)]
    cur.executemany("INSERT INTO asrc VALUES (?, ?, ?, ?)", rows)
    cur.execute("SELECT * FROM asrc ORDER BY id")
    stream = cur.fetch_arrow(batch_rows=16)
    other = cur.connection.cursor()
    assert other.adbc_ingest("adst", stream, temporary=True) == 50
    other.execute("SELECT * FROM adst ORDER BY id")
    assert other.fetchall() == rows


def test_a_failing_row_stops_the_load_and_the_connection_stays_usable(cur):
    cur.execute("CREATE TEMP TABLE afail (id INT NOT NULL)")
    t = pa.table({"id": pa.array([1, None, 3], pa.int32())})
    with pytest.raises(informix_db.IntegrityError, match="row 1"):
        cur.executemany("INSERT INTO afail VALUES (?)", t)
    cur.execute("SELECT id FROM afail")
    assert cur.fetchall() == [(1,)]


def test_something_not_arrow_is_still_an_iterable_of_rows(cur):
    cur.execute("CREATE TEMP TABLE aplain (id INT)")
    cur.executemany("INSERT INTO aplain VALUES (?)", iter([(1,), (2,)]))
    assert cur.rowcount == 2


@pytest.mark.parametrize("insert_cursor", [False, True], ids=["execute", "insert-cursor"])
def test_adbc_ingest_loads_the_same_rows_by_either_route(cur, insert_cursor):
    t = pa.concat_tables([_table(6), _table(4)])  # two batches
    name = f"aroute{int(insert_cursor)}"
    assert cur.adbc_ingest(name, t, temporary=True, insert_cursor=insert_cursor) == 10
    cur.execute(f"SELECT * FROM {name} ORDER BY id, name")
    assert cur.fetchall() == sorted(_rows(t), key=lambda r: (r[0], r[1] or ""))


def test_a_value_that_cannot_be_bound_names_its_row_and_keeps_the_rows_before(cur):
    cur.execute("CREATE TEMP TABLE abig (v BIGINT)")
    t = pa.table({"v": pa.array([1, 2, 2**63, 4], pa.uint64())})
    with pytest.raises(informix_db.DataError, match=r"row 2: parameter 1") as info:
        cur.executemany("INSERT INTO abig VALUES (?)", t)
    assert info.value.batch_row == 2
    cur.execute("SELECT v FROM abig ORDER BY v")
    assert cur.fetchall() == [(1,), (2,)]


def test_named_markers_take_arrow_columns_by_position(cur):
    cur.execute("CREATE TEMP TABLE anamed (a INT, b VARCHAR(10), c INT)")
    t = pa.table({"x": pa.array([1, 2], pa.int32()), "y": ["one", "two"]})
    cur.executemany("INSERT INTO anamed VALUES (:1, :2, :1)", t)
    cur.execute("SELECT * FROM anamed ORDER BY a")
    assert cur.fetchall() == [(1, "one", 1), (2, "two", 2)]


def test_an_empty_arrow_table_loads_nothing(cur):
    cur.execute("CREATE TEMP TABLE aempty (a INT)")
    cur.executemany("INSERT INTO aempty VALUES (?)", _table(3).select(["id"]).slice(0, 0))
    assert cur.rowcount == 0
