"""BLOB and CLOB through the test server: locators in rows, content written
with FILETOBLOB/FILETOCLOB and read with LOTOFILE over the server's SQ_FILE
dialog, and fast-path routine calls (run on the implementation the process
selected: the suite runs once per implementation)."""

from __future__ import annotations

import io
import os

import pytest

import informix_db
from informix_db import types as T

from .dbapi_helpers import open_conn

SIZES = [0, 1, 31999, 32000, 32001, (1 << 20) + 3]


def _payload(size: int) -> bytes:
    return bytes((i * 7 + size) % 251 for i in range(size))


@pytest.fixture
def cur(conn):
    c = conn.cursor()
    c.execute("CREATE TEMP TABLE lobs (id INT, b BLOB, c CLOB, tail VARCHAR(10))")
    yield c
    c.close()


@pytest.mark.parametrize("size", SIZES)
def test_blob_content_round_trips_at_each_size(cur, size):
    data = _payload(size)
    cur.write_blob_column("INSERT INTO lobs (id, b) VALUES (?, BLOB_PLACEHOLDER)", data, (1,))
    assert cur.read_blob_column("SELECT b FROM lobs WHERE id = ?", (1,)) == data


def test_blob_is_written_from_a_file_object_and_from_an_iterator_of_chunks(cur):
    data = _payload(100_000)
    cur.write_blob_column("INSERT INTO lobs (id, b) VALUES (1, BLOB_PLACEHOLDER)",
                          io.BytesIO(data))
    chunks = (data[k:k + 7_000] for k in range(0, len(data), 7_000))
    cur.write_blob_column("INSERT INTO lobs (id, b) VALUES (2, BLOB_PLACEHOLDER)", chunks)
    assert cur.read_blob_column("SELECT b FROM lobs WHERE id = 1") == data
    assert cur.read_blob_column("SELECT b FROM lobs WHERE id = 2") == data


def test_clob_text_is_written_in_the_connection_code_set(cur):
    cur.write_blob_column("INSERT INTO lobs (id, c) VALUES (1, BLOB_PLACEHOLDER)",
                          "café résumé", clob=True)
    got = cur.read_blob_column("SELECT c FROM lobs WHERE id = 1")
    assert got == "café résumé".encode(cur.connection.encoding)


def test_a_blob_column_holds_a_locator_and_the_columns_after_it_are_intact(cur):
    cur.write_blob_column("INSERT INTO lobs VALUES (?, BLOB_PLACEHOLDER, NULL, ?)", b"x",
                          (7, "tail"))
    cur.execute("SELECT id, b, c, tail FROM lobs")
    (row,) = cur.fetchall()
    assert row[0] == 7 and row[2] is None and row[3] == "tail"
    assert isinstance(row[1], informix_db.BlobLocator) and len(row[1].raw) == 72


def test_blob_and_clob_columns_are_described_with_their_types(cur):
    cur.execute("SELECT b, c FROM lobs")
    (b, c) = cur.description
    assert (b[1], b[1].name, c[1], c[1].name) == (T.SQLBLOB, "BLOB", T.SQLCLOB, "CLOB")
    assert b[1] == informix_db.BINARY and c[1] == informix_db.STRING


def test_null_and_empty_blobs_are_distinct(cur):
    cur.execute("INSERT INTO lobs (id, b) VALUES (1, NULL)")
    cur.write_blob_column("INSERT INTO lobs (id, b) VALUES (2, BLOB_PLACEHOLDER)", b"")
    assert cur.read_blob_column("SELECT b FROM lobs WHERE id = 1") is None
    assert cur.read_blob_column("SELECT b FROM lobs WHERE id = 2") == b""


def test_read_blob_column_of_no_row_is_none(cur):
    assert cur.read_blob_column("SELECT b FROM lobs WHERE id = ?", (99,)) is None


def test_an_update_replaces_the_content(cur):
    cur.write_blob_column("INSERT INTO lobs (id, b) VALUES (1, BLOB_PLACEHOLDER)", b"old")
    cur.write_blob_column("UPDATE lobs SET b = BLOB_PLACEHOLDER WHERE id = ?", b"new", (1,))
    assert cur.read_blob_column("SELECT b FROM lobs WHERE id = 1") == b"new"


def test_length_of_a_blob_or_clob_is_its_objects_bytes(cur):
    cur.write_blob_column("INSERT INTO lobs (id, b) VALUES (1, BLOB_PLACEHOLDER)",
                          b"\x00" * 100_000)
    cur.write_blob_column("UPDATE lobs SET c = BLOB_PLACEHOLDER WHERE id = 1", "x" * 33,
                          clob=True)
    cur.execute("INSERT INTO lobs (id) VALUES (2)")
    cur.execute("SELECT LENGTH(b), LENGTH(c) FROM lobs ORDER BY id")
    assert cur.fetchall() == [(100_000, 33), (None, None)]
    cur.execute("SELECT id FROM lobs WHERE LENGTH(c) > 32")
    assert cur.fetchall() == [(1,)]


def test_lotofile_names_the_file_after_the_object_and_captures_it_in_memory(cur, tmp_path):
    cur.write_blob_column("INSERT INTO lobs (id, b) VALUES (1, BLOB_PLACEHOLDER)", b"abc")
    target = str(tmp_path / "out")
    cur.execute(f"SELECT LOTOFILE(b, '{target}', 'client') FROM lobs")
    (name,) = cur.fetchone()
    assert name.startswith(target + ".") and cur.blob_files == {name: b"abc"}
    assert not os.listdir(tmp_path)  # the driver wrote no file of this machine


def test_a_file_the_caller_did_not_give_is_refused_and_the_connection_goes_on(cur):
    with pytest.raises(informix_db.ProgrammingError, match="not given to the driver"):
        cur.execute("INSERT INTO lobs (id, b) VALUES (1, FILETOBLOB('/etc/passwd', 'client'))")
    cur.execute("SELECT COUNT(*) FROM lobs WHERE b IS NOT NULL")
    assert cur.fetchone() is not None


def test_executemany_writes_one_object_per_parameter_set(cur):
    cur.virtual_files["/in"] = b"same"
    cur.executemany("INSERT INTO lobs (id, b) VALUES (?, FILETOBLOB('/in', 'client'))",
                    [(1,), (2,), (3,)])
    assert [cur.read_blob_column("SELECT b FROM lobs WHERE id = ?", (i,)) for i in (1, 2, 3)] \
        == [b"same"] * 3


def test_rolled_back_insert_of_a_blob_leaves_no_row(server):
    c = open_conn(server, autocommit=False)
    try:
        cur = c.cursor()
        cur.execute("CREATE TABLE lobs_tx (id INT, b BLOB)")
        c.commit()
        cur.write_blob_column("INSERT INTO lobs_tx VALUES (1, BLOB_PLACEHOLDER)", b"gone")
        c.rollback()
        cur.execute("SELECT COUNT(*) FROM lobs_tx")
        assert cur.fetchone() == (0,)
        cur.execute("DROP TABLE lobs_tx")
        c.commit()
    finally:
        c.close()


@pytest.mark.parametrize("sql, match", [
    ("INSERT INTO lobs VALUES (1, NULL, NULL, NULL)", "BLOB_PLACEHOLDER"),
    ("INSERT /* BLOB_PLACEHOLDER */ INTO lobs (b) VALUES (BLOB_PLACEHOLDER)", "2 times"),
])
def test_write_blob_column_needs_exactly_one_placeholder(cur, sql, match):
    with pytest.raises(informix_db.ProgrammingError, match=match):
        cur.write_blob_column(sql, b"x")


@pytest.mark.parametrize("sql, match", [("DELETE FROM lobs", "SELECT"), ("SELECT 1", "FROM")])
def test_read_blob_column_needs_a_select_from(cur, sql, match):
    with pytest.raises(informix_db.ProgrammingError, match=match):
        cur.read_blob_column(sql)


# -- fast-path --------------------------------------------------------------------------

CLOSE = "function informix.ifx_lo_close(integer)"


def test_fast_path_closes_a_descriptor_opened_in_sql(cur):
    cur.write_blob_column("INSERT INTO lobs (id, b) VALUES (1, BLOB_PLACEHOLDER)", b"data")
    cur.execute("SELECT ifx_lo_open(b, 4) FROM lobs")
    (fd,) = cur.fetchone()
    assert cur.connection.fast_path_call(CLOSE, fd) == [0]


def test_fast_path_resolves_a_signature_once_per_connection(conn):
    with pytest.raises(informix_db.Error):
        conn.fast_path_call(CLOSE, -1)
    first = conn._fp_handle_cache[CLOSE]
    with pytest.raises(informix_db.Error):
        conn.fast_path_call(CLOSE, -2)
    assert conn._fp_handle_cache[CLOSE] == first and first[0] == conn.database.name


def test_fast_path_bad_descriptor_is_a_smart_lob_error_and_the_session_goes_on(conn):
    with pytest.raises(informix_db.Error) as info:
        conn.fast_path_call(CLOSE, -1)
    assert info.value.sqlcode == -9810
    cur = conn.cursor()
    cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
    assert cur.fetchone() == (1,)


def test_fast_path_unknown_routine_is_674(conn):
    with pytest.raises(informix_db.Error) as info:
        conn.fast_path_call("function informix.no_such_routine_xyz(integer)", 1)
    assert info.value.sqlcode == -674


def test_fast_path_runs_a_user_spl_function(conn):
    cur = conn.cursor()
    cur.execute("CREATE FUNCTION fp_add(a INT, b INT) RETURNING INT; RETURN a + b; END FUNCTION")
    try:
        assert conn.fast_path_call("function fp_add(integer, integer)", 40, 2) == [42]
    finally:
        cur.execute("DROP FUNCTION fp_add")


# -- reading and writing by locator ---------------------------------------------------


@pytest.fixture
def blob(cur):
    data = _payload(100_000)
    cur.write_blob_column("INSERT INTO lobs (id, b) VALUES (1, BLOB_PLACEHOLDER)", data)
    cur.execute("SELECT b FROM lobs WHERE id = 1")
    (locator,) = cur.fetchone()
    return locator, data


def test_a_locator_opens_as_a_file_that_reads_seeks_and_tells(conn, blob):
    locator, data = blob
    with conn.open_lob(locator) as lob:
        assert lob.size() == len(data)
        assert lob.read(10) == data[:10] and lob.tell() == 10
        assert lob.seek(-7, os.SEEK_END) == len(data) - 7
        assert lob.read() == data[-7:] and lob.read() == b""
        lob.seek(50_000)
        assert lob.read(40_000) == data[50_000:90_000]
    assert lob.closed


def test_a_locator_iterates_in_chunks_and_reads_into_a_buffer(conn, blob):
    locator, data = blob
    with conn.open_lob(locator) as lob:
        assert b"".join(lob) == data
        lob.seek(0)
        buf = bytearray(1000)
        assert lob.readinto(buf) == 1000 and bytes(buf) == data[:1000]


def test_read_lob_gives_bytes_for_a_blob_and_str_for_a_clob(conn, cur, blob):
    locator, data = blob
    cur.write_blob_column("INSERT INTO lobs (id, c) VALUES (2, BLOB_PLACEHOLDER)", "café",
                          clob=True)
    cur.execute("SELECT c FROM lobs WHERE id = 2")
    (clob,) = cur.fetchone()
    assert conn.read_lob(locator) == data and conn.read_lob(clob) == "café"
    assert conn.read_lob(None) is None


def test_a_locator_opened_for_writing_overwrites_in_place(conn, blob):
    locator, data = blob
    with conn.open_lob(locator, "r+") as lob:
        lob.seek(99_998)
        assert lob.write(b"WXYZ") == 4
    assert conn.read_lob(locator) == data[:99_998] + b"WXYZ"


def test_a_locator_opened_for_reading_refuses_writes(conn, blob):
    with conn.open_lob(blob[0]) as lob, pytest.raises(informix_db.ProgrammingError):
        lob.write(b"x")


def test_a_forged_locator_is_a_smart_lob_error(conn):
    with pytest.raises(informix_db.Error) as info:
        conn.open_lob(informix_db.BlobLocator(bytes(72)))
    assert info.value.sqlcode == -9810


def test_a_closed_lob_refuses_reads(conn, blob):
    lob = conn.open_lob(blob[0])
    lob.close()
    with pytest.raises(informix_db.InterfaceError):
        lob.read(1)


def test_a_locator_binds_as_a_parameter(cur, blob):
    locator, data = blob
    cur.execute("INSERT INTO lobs (id, b) VALUES (?, ?)", (3, locator))
    assert cur.read_blob_column("SELECT b FROM lobs WHERE id = 3") == data
