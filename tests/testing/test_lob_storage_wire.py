"""Large-object storage clauses through the driver, and the ``--blobspace`` option.

BYTE/TEXT ``IN blobspace`` works for a blobspace the server was started with
(``TestServer(blobspaces=...)``, ``python -m informix_db.testing --blobspace
NAME``); another name is -606; on a server without an sbspace
(``sbspaces=()``, ``--no-sbspace``) a BLOB/CLOB column is -9810 with ISAM
-12053, and the client gets both codes.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from informix_db import DatabaseError
from informix_db.connection import connect


def _cursor(srv):
    conn = connect(srv.host, srv.port, srv.user, srv.password, "testdb", srv.server_name,
                   connect_timeout=5, read_timeout=5, autocommit=True)
    return conn, conn.cursor()


def test_byte_in_a_configured_blobspace_round_trips(server_factory):
    conn, cur = _cursor(server_factory(blobspaces=("blobspace1",), trace=None))
    try:
        cur.execute("CREATE TABLE bw (id INT, data BYTE IN blobspace1)")
        cur.execute("INSERT INTO bw VALUES (?, ?)", (1, b"\x00bytes\xff"))
        cur.execute("SELECT id, data FROM bw")
        assert cur.fetchall() == [(1, b"\x00bytes\xff")]
    finally:
        conn.close()


def test_text_in_table_round_trips(cur):
    cur.execute("CREATE TABLE tw (id INT, body TEXT IN TABLE)")
    cur.execute("INSERT INTO tw VALUES (?, ?)", (1, b"some text"))
    cur.execute("SELECT body FROM tw")
    assert cur.fetchall() == [("some text",)]


def test_unknown_blobspace_reaches_the_client_as_606(cur):
    with pytest.raises(DatabaseError) as info:
        cur.execute("CREATE TABLE bu (id INT, data BYTE IN blobspace9)")
    assert info.value.sqlcode == -606


def test_blob_column_reaches_the_client_as_9810_with_isam_12053(server_factory):
    conn, cur = _cursor(server_factory(sbspaces=(), trace=None))
    try:
        with pytest.raises(DatabaseError) as info:
            cur.execute("CREATE TABLE bl (id INT, data BLOB)")
        assert (info.value.sqlcode, info.value.isam_code) == (-9810, -12053)
    finally:
        conn.close()


def test_connection_works_after_a_refused_blob_column(server_factory):
    conn, cur = _cursor(server_factory(sbspaces=(), trace=None))
    try:
        with pytest.raises(DatabaseError):
            cur.execute("CREATE TABLE bl2 (id INT, data CLOB)")
        cur.execute("SELECT tabid FROM systables WHERE tabid = 1")
        assert cur.fetchall() == [(1,)]
    finally:
        conn.close()


def test_blob_column_is_accepted_by_default(cur):
    cur.execute("CREATE TABLE bl3 (id INT, data BLOB)")
    cur.execute("SELECT COUNT(*) FROM bl3")
    assert cur.fetchall() == [(0,)]


def test_cli_blobspace_option_is_repeatable():
    from informix_db.testing.__main__ import parse_args

    args = parse_args(["--blobspace", "blobspace1", "--blobspace", "bs2"])
    assert args.blobspace == ["blobspace1", "bs2"]


def test_cli_blobspace_option_configures_the_server():
    proc = subprocess.Popen(
        [sys.executable, "-m", "informix_db.testing", "--port", "0",
         "--blobspace", "blobspace1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("listening on "), proc.stderr.read() if proc.poll() else line
        port = int(line.rsplit(":", 1)[1])
        conn = connect("127.0.0.1", port, "informix", "in4mix", "testdb", "informix",
                       connect_timeout=5, read_timeout=5, autocommit=True)
        try:
            conn.cursor().execute("CREATE TABLE bc (data BYTE IN blobspace1)")
        finally:
            conn.close()
    finally:
        proc.terminate()
        proc.communicate(timeout=10)
