"""BLOB and CLOB content as statement parameters (``BlobValue``/``ClobValue``)
and new objects made by ``create_lob``: created, written and bound as IBM
JDBC does for a BLOB/CLOB parameter (ifx_lo_col_sbinfo, ifx_lo_create,
SQ_LODATA writes, ifx_lo_close, the locator bound)."""

from __future__ import annotations

import io

import pytest

import informix_db

from .test_smart_lobs import _payload

SIZES = [0, 1, 32000, 32001, (1 << 20) + 3]


@pytest.fixture
def cur(conn):
    c = conn.cursor()
    c.execute("CREATE TABLE lobp (id INT, b BLOB, c CLOB)")
    yield c
    c.execute("DROP TABLE lobp")
    c.close()


def _blob(cur, id_):
    cur.execute("SELECT b FROM lobp WHERE id = ?", (id_,))
    return cur.connection.read_lob(cur.fetchone()[0])


@pytest.mark.parametrize("size", SIZES)
def test_bytes_in_a_blob_value_round_trip_at_each_size(cur, size):
    data = _payload(size)
    cur.execute("INSERT INTO lobp (id, b) VALUES (?, ?)",
                (1, informix_db.BlobValue(data, column="lobp.b")))
    assert cur.rowcount == 1
    assert _blob(cur, 1) == data


def test_a_blob_value_streams_a_file_object_and_an_iterator_of_chunks(cur):
    data = _payload(300_000)
    cur.execute("INSERT INTO lobp (id, b) VALUES (?, ?)",
                (1, informix_db.BlobValue(io.BytesIO(data), column="lobp.b")))
    chunks = (data[k:k + 7_001] for k in range(0, len(data), 7_001))
    cur.execute("INSERT INTO lobp (id, b) VALUES (?, ?)",
                (2, informix_db.BlobValue(chunks, column="lobp.b")))
    assert _blob(cur, 1) == data
    assert _blob(cur, 2) == data


def test_a_clob_value_takes_text_in_the_connection_code_set(cur):
    text = "café résumé " * 5000
    cur.execute("INSERT INTO lobp (id, c) VALUES (?, ?)",
                (1, informix_db.ClobValue(io.StringIO(text), column="lobp.c")))
    cur.execute("SELECT c FROM lobp WHERE id = 1")
    locator = cur.fetchone()[0]
    assert isinstance(locator, informix_db.ClobLocator)
    assert cur.connection.read_lob(locator) == text


def test_an_update_sets_a_blob_from_a_blob_value(cur):
    cur.execute("INSERT INTO lobp (id, b) VALUES (?, ?)",
                (1, informix_db.BlobValue(b"old", column="lobp.b")))
    cur.execute("UPDATE lobp SET b = ? WHERE id = ?",
                (informix_db.BlobValue(b"new content", column="lobp.b"), 1))
    assert _blob(cur, 1) == b"new content"


def test_executemany_creates_each_rows_objects(cur):
    rows = [(i, informix_db.BlobValue(_payload(i * 1000), column="lobp.b"),
             informix_db.ClobValue(f"text {i}", column="lobp.c")) for i in range(4)]
    cur.executemany("INSERT INTO lobp VALUES (?, ?, ?)", rows)
    assert cur.rowcount == 4
    for i in range(4):
        assert _blob(cur, i) == _payload(i * 1000)
        cur.execute("SELECT c FROM lobp WHERE id = ?", (i,))
        assert cur.connection.read_lob(cur.fetchone()[0]) == f"text {i}"


def test_executemany_takes_objects_in_rows_after_plain_ones(cur):
    rows = [(0, None, None), (1, None, None),
            (2, informix_db.BlobValue(_payload(3000), column="lobp.b"), None), (3, None, None)]
    cur.executemany("INSERT INTO lobp VALUES (?, ?, ?)", rows)
    assert cur.rowcount == 4
    assert [_blob(cur, i) for i in range(4)] == [None, None, _payload(3000), None]


def test_a_failing_row_after_an_object_row_is_named_by_its_place(cur):
    cur.execute("CREATE TEMP TABLE lobn (id INT NOT NULL, b BLOB)")
    rows = [(0, None), (1, informix_db.BlobValue(b"x", column="lobn.b")), (None, None)]
    with pytest.raises(informix_db.IntegrityError, match="row 2") as info:
        cur.executemany("INSERT INTO lobn VALUES (?, ?)", rows)
    assert info.value.batch_row == 2 and info.value.rows_loaded == 2


def test_a_failing_chunk_iterator_runs_no_statement_and_leaves_the_connection_usable(cur):
    def chunks():
        yield b"x" * 40_000
        raise OSError("the source broke")

    with pytest.raises(OSError, match="the source broke"):
        cur.execute("INSERT INTO lobp (id, b) VALUES (?, ?)",
                    (1, informix_db.BlobValue(chunks(), column="lobp.b")))
    cur.execute("SELECT COUNT(*) FROM lobp")
    assert cur.fetchone()[0] == 0


def test_text_in_a_blob_value_is_refused(cur):
    with pytest.raises(informix_db.ProgrammingError, match="ClobValue"):
        cur.execute("INSERT INTO lobp (id, b) VALUES (?, ?)",
                    (1, informix_db.BlobValue("text", column="lobp.b")))
    cur.execute("SELECT COUNT(*) FROM lobp")
    assert cur.fetchone()[0] == 0


def test_a_blob_value_needs_its_table_and_column():
    with pytest.raises(informix_db.ProgrammingError, match="table.column"):
        informix_db.BlobValue(b"x", column="b")


def test_create_lob_makes_an_object_written_then_bound_by_its_locator(cur):
    conn = cur.connection
    with conn.create_lob("lobp.b") as lob:
        lob.write(b"first ")
        lob.write(b"second")
        locator = lob.locator
    assert isinstance(locator, informix_db.BlobLocator)
    cur.execute("INSERT INTO lobp (id, b) VALUES (?, ?)", (1, locator))
    assert _blob(cur, 1) == b"first second"
