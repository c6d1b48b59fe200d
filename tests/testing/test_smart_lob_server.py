"""The test server's smart large objects seen from a client: locators it
did not make are refused, objects outlive a restart with a data directory,
LOTOFILE names files as IBM documents, LOCOPY copies, and only 'client'
files are served."""

from __future__ import annotations

import pytest

import informix_db
from informix_db.connection import connect
from informix_db.testing import TestServer


def _cursor(srv):
    conn = connect(srv.host, srv.port, srv.user, srv.password, "testdb", srv.server_name,
                   connect_timeout=5, read_timeout=30, autocommit=True)
    return conn, conn.cursor()


@pytest.fixture
def cur(server_factory):
    conn, cur = _cursor(server_factory(trace=None))
    cur.execute("CREATE TABLE lo (id INT, b BLOB)")
    yield cur
    conn.close()


def test_a_locator_the_server_did_not_make_is_a_smart_lob_error(cur):
    with pytest.raises(informix_db.Error) as info:
        cur.execute("SELECT LOTOFILE(?, '/x', 'client') FROM systables WHERE tabid = 1",
                    (b"\x00" * 72,))
    assert info.value.sqlcode == -9810
    cur.execute("SELECT COUNT(*) FROM lo")
    assert cur.fetchone() == (0,)


def test_lotofile_keeps_a_name_ending_in_an_exclamation_mark(cur):
    cur.write_blob_column("INSERT INTO lo VALUES (1, BLOB_PLACEHOLDER)", b"data")
    cur.execute("SELECT LOTOFILE(b, '/exact/name!', 'client') FROM lo")
    assert cur.fetchone() == ("/exact/name",) and cur.blob_files == {"/exact/name": b"data"}


def test_lotofile_result_is_described_as_lvarchar(cur):
    cur.execute("SELECT LOTOFILE(b, '/x', 'client') FROM lo")
    assert cur.description[0][1] == informix_db.types.SQLLVARCHAR


def test_server_files_are_refused(cur):
    with pytest.raises(informix_db.Error) as info:
        cur.execute("INSERT INTO lo VALUES (1, FILETOBLOB('/etc/passwd', 'server'))")
    assert info.value.sqlcode == -9810


def test_locopy_makes_a_new_object_with_the_same_content(cur):
    cur.write_blob_column("INSERT INTO lo VALUES (1, BLOB_PLACEHOLDER)", b"original")
    cur.execute("INSERT INTO lo SELECT 2, LOCOPY(b) FROM lo WHERE id = 1")
    cur.execute("SELECT b FROM lo ORDER BY id")
    first, second = (row[0] for row in cur.fetchall())
    assert first != second
    assert cur.read_blob_column("SELECT b FROM lo WHERE id = 2") == b"original"


def test_objects_outlive_a_restart_with_a_data_directory(tmp_path):
    with TestServer(data_dir=tmp_path) as srv:
        conn, cur = _cursor(srv)
        cur.execute("CREATE TABLE keep (b CLOB)")
        cur.write_blob_column("INSERT INTO keep VALUES (BLOB_PLACEHOLDER)", "kept", clob=True)
        conn.close()
    with TestServer(data_dir=tmp_path) as srv:
        conn, cur = _cursor(srv)
        assert cur.read_blob_column("SELECT b FROM keep") == b"kept"
        conn.close()


def test_a_server_without_an_sbspace_refuses_smart_lob_columns(server_factory):
    conn, cur = _cursor(server_factory(sbspaces=(), trace=None))
    with pytest.raises(informix_db.Error) as info:
        cur.execute("CREATE TABLE lo (b BLOB)")
    assert (info.value.sqlcode, info.value.isam_code) == (-9810, -12053)
    conn.close()
