"""Smart large objects three ways: IBM JDBC, the peer driver and ours write
and read the same objects through the test server and agree byte for byte.
JDBC's dialog (fast-path ifx_lo_open/stat/seek/close, SQ_LODATA, locators
bound as type 44) was established against this server
(docs/smart-lobs-jdbc-wire.md); a test here passes only if the jar accepts
every reply."""

from __future__ import annotations

import pytest

import informix_db

jpype = pytest.importorskip("jpype")


pytestmark = pytest.mark.jdbc

READ_SIZES = [0, 1, 31999, 32000, 32001, 1 << 20]
#: The issue's sizes: both sides of the 32,000-byte SQ_LODATA buffer, then big.
THREE_WAY_SIZES = [0, 1, 31999, 32000, 32001, 1 << 20, 64 << 20]


def _payload(size: int) -> bytes:
    """*size* bytes of a 251-byte period shifted by the size (the peer's
    scenario builds the same bytes)."""
    period = bytes((i * 13 + size) % 256 for i in range(251))
    return (period * (size // 251 + 1))[:size]


def _table(cur, name: str, kind: str = "BLOB") -> str:
    cur.execute(f"CREATE TABLE {name} (id INT, b {kind})")
    return name


@pytest.mark.parametrize("size", READ_SIZES)
def test_jdbc_reads_what_our_driver_wrote(cur, jconn, size):
    table = _table(cur, f"jr{size}")
    data = _payload(size)
    cur.write_blob_column(f"INSERT INTO {table} VALUES (1, BLOB_PLACEHOLDER)", data)
    rs = jconn.createStatement().executeQuery(f"SELECT id, b FROM {table}")
    assert rs.next()
    blob = rs.getBlob(2)
    assert int(blob.length()) == size
    got = bytes(blob.getBytes(1, size)) if size else b""
    assert got == data


@pytest.mark.parametrize("size", [0, 32001, 1 << 20])
def test_jdbc_reads_a_blob_our_driver_bound_as_a_parameter(cur, jconn, size):
    table = _table(cur, f"jp{size}")
    data = _payload(size)
    cur.execute(f"INSERT INTO {table} VALUES (?, ?)",
                (1, informix_db.BlobValue(data, column=f"{table}.b")))
    rs = jconn.createStatement().executeQuery(f"SELECT id, b FROM {table}")
    assert rs.next()
    blob = rs.getBlob(2)
    assert int(blob.length()) == size
    assert (bytes(blob.getBytes(1, size)) if size else b"") == data


def _jdbc_stream_read(stream) -> bytes:
    """A java.io.InputStream read to its end (-1), then closed."""
    buf = jpype.JArray(jpype.JByte)(1 << 20)
    out = bytearray()
    while (k := stream.read(buf)) != -1:
        out += memoryview(buf)[:k]
    assert stream.read(buf) == -1  # a read after the end stays at the end
    stream.close()  # ifx_lo_close, then ifx_lo_release
    return bytes(out)


def _written_by_us(cur, jconn, name: str, data: bytes):
    """A table holding *data* written by our driver, selected through JDBC."""
    table = _table(cur, name)
    cur.write_blob_column(f"INSERT INTO {table} VALUES (1, BLOB_PLACEHOLDER)", data)
    rs = jconn.createStatement().executeQuery(f"SELECT b FROM {table}")
    assert rs.next()
    return rs


def test_jdbc_streams_a_blob_to_its_end_and_closes_the_stream(cur, jconn):
    # The streams read at most 32,000 bytes a request; the read at the end is
    # answered with an empty SQ_LODATA reply (n = 0 and one empty chunk).
    data = _payload(100_000)
    rs = _written_by_us(cur, jconn, "jstream", data)
    assert _jdbc_stream_read(rs.getBinaryStream(1)) == data


def test_jdbc_reads_part_of_a_blob_by_position(cur, jconn):
    data = _payload(100_000)
    rs = _written_by_us(cur, jconn, "jpart", data)
    assert bytes(rs.getBlob(1).getBytes(50_001, 40_000)) == data[50_000:90_000]


def test_jdbc_set_binary_stream_writes_a_blob(cur, jconn):
    # one SQ_LODATA write per 32,000 bytes, each acknowledged by 97, 2, written
    table = _table(cur, "jsetstream")
    data = _payload(100_000)
    ps = jconn.prepareStatement(f"INSERT INTO {table} VALUES (?, ?)")
    ps.setInt(1, 1)
    stream = jpype.JClass("java.io.ByteArrayInputStream")(jpype.JArray(jpype.JByte)(data))
    ps.setBinaryStream(2, stream, len(data))
    assert ps.executeUpdate() == 1
    assert cur.read_blob_column(f"SELECT b FROM {table}") == data


def _peer(peer_python, srv, *args) -> dict:
    import json
    import subprocess
    from pathlib import Path

    script = Path(__file__).with_name("peer_scenarios.py")
    proc = subprocess.run([peer_python, str(script), str(srv.port), *map(str, args)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


@pytest.mark.peer
@pytest.mark.parametrize("size", THREE_WAY_SIZES)
def test_jdbc_the_peer_and_our_driver_read_what_each_wrote(cur, jconn, srv, peer_python, size):
    import hashlib

    table = _table(cur, f"three{size}")
    data = _payload(size)
    digest = hashlib.sha256(data).hexdigest()
    cur.write_blob_column(f"INSERT INTO {table} VALUES (1, BLOB_PLACEHOLDER)", data)
    ps = jconn.prepareStatement(f"INSERT INTO {table} VALUES (?, ?)")
    ps.setInt(1, 2)
    ps.setBinaryStream(2, jpype.JClass("java.io.ByteArrayInputStream")(
        jpype.JArray(jpype.JByte)(data)), size)
    assert ps.executeUpdate() == 1
    # the peer writes row 3 (with its own copy of the bytes), then reads all three
    assert _peer(peer_python, srv, "smart_lob_three_way", table, size) == {
        "read": {str(i): digest for i in (1, 2, 3)}}
    for i in (1, 2, 3):
        assert cur.read_blob_column(f"SELECT b FROM {table} WHERE id = ?", (i,)) == data
        rs = jconn.createStatement().executeQuery(f"SELECT b FROM {table} WHERE id = {i}")
        assert rs.next()
        assert _jdbc_stream_read(rs.getBinaryStream(1)) == data
        blob = rs.getBlob(1)
        assert int(blob.length()) == size


@pytest.mark.parametrize("size", [0, 1, 32001, 100_000, 1 << 20])
def test_our_driver_reads_what_jdbc_wrote(cur, jconn, size):
    table = _table(cur, f"jw{size}")
    data = _payload(size)
    ps = jconn.prepareStatement(f"INSERT INTO {table} VALUES (?, ?)")
    ps.setInt(1, 1)
    ps.setBytes(2, jpype.JArray(jpype.JByte)(data))
    assert ps.executeUpdate() == 1
    assert cur.read_blob_column(f"SELECT b FROM {table} WHERE id = 1") == data


def test_jdbc_writes_and_reads_a_clob_with_our_driver_agreeing(cur, jconn):
    table = _table(cur, "jclob", "CLOB")
    ps = jconn.prepareStatement(f"INSERT INTO {table} VALUES (?, ?)")
    ps.setInt(1, 1)
    ps.setString(2, "written by jdbc")
    assert ps.executeUpdate() == 1
    assert cur.read_blob_column(f"SELECT b FROM {table}") == b"written by jdbc"
    rs = jconn.createStatement().executeQuery(f"SELECT b FROM {table}")
    assert rs.next() and str(rs.getString(1)) == "written by jdbc"


@pytest.mark.parametrize("size", [40_000, 1 << 20])
def test_clobs_written_by_either_side_read_back_through_get_clob(cur, jconn, size):
    table = _table(cur, f"jclob{size}", "CLOB")
    text = ("clob text, " * (size // 11 + 1))[:size]
    cur.write_blob_column(f"INSERT INTO {table} VALUES (1, BLOB_PLACEHOLDER)", text, clob=True)
    ps = jconn.prepareStatement(f"INSERT INTO {table} VALUES (?, ?)")
    ps.setInt(1, 2)
    ps.setString(2, text)
    assert ps.executeUpdate() == 1
    for i in (1, 2):
        rs = jconn.createStatement().executeQuery(f"SELECT b FROM {table} WHERE id = {i}")
        assert rs.next()
        clob = rs.getClob(1)
        assert int(clob.length()) == size
        assert str(clob.getSubString(1, size)) == text
        got = cur.read_blob_column(f"SELECT b FROM {table} WHERE id = ?", (i,))
        assert got.decode() == text


def test_jdbc_set_blob_binds_an_existing_locator(cur, jconn):
    table = _table(cur, "jsetblob")
    cur.write_blob_column(f"INSERT INTO {table} VALUES (1, BLOB_PLACEHOLDER)", b"shared")
    rs = jconn.createStatement().executeQuery(f"SELECT b FROM {table} WHERE id = 1")
    assert rs.next()
    ps = jconn.prepareStatement(f"INSERT INTO {table} VALUES (?, ?)")
    ps.setInt(1, 2)
    ps.setBlob(2, rs.getBlob(1))
    assert ps.executeUpdate() == 1
    assert cur.read_blob_column(f"SELECT b FROM {table} WHERE id = 2") == b"shared"


@pytest.mark.peer
def test_the_peer_driver_reads_what_jdbc_wrote(cur, jconn, srv, peer_python):
    import hashlib
    import json
    import subprocess
    from pathlib import Path

    table = _table(cur, "jpeer")
    data = _payload(100_000)
    ps = jconn.prepareStatement(f"INSERT INTO {table} VALUES (?, ?)")
    ps.setInt(1, 1)
    ps.setBytes(2, jpype.JArray(jpype.JByte)(data))
    assert ps.executeUpdate() == 1
    script = Path(__file__).with_name("peer_scenarios.py")
    proc = subprocess.run([peer_python, str(script), str(srv.port), "smart_lob"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert json.loads(proc.stdout) == {"size": len(data),
                                       "sha256": hashlib.sha256(data).hexdigest()}
    assert cur.read_blob_column(f"SELECT b FROM {table} WHERE id = 1") == data


def test_jdbc_writes_a_lotofile_client_file_with_the_content(cur, jconn, tmp_path):
    table = _table(cur, "jlotofile")
    data = _payload(70_000)
    cur.write_blob_column(f"INSERT INTO {table} VALUES (1, BLOB_PLACEHOLDER)", data)
    target = tmp_path / "out"
    rs = jconn.createStatement().executeQuery(
        f"SELECT LOTOFILE(b, '{target}', 'client') FROM {table}")
    assert rs.next()
    name = str(rs.getString(1))
    assert name.startswith(f"{target}.")
    with open(name, "rb") as f:  # IBM JDBC writes real client files
        assert f.read() == data


def test_jdbc_serves_a_filetoblob_client_file(cur, jconn, tmp_path):
    table = _table(cur, "jfiletoblob")
    data = _payload(1_200_000)  # more than one of the server's read rounds
    source = tmp_path / "in"
    source.write_bytes(data)
    assert jconn.createStatement().executeUpdate(
        f"INSERT INTO {table} VALUES (1, FILETOBLOB('{source}', 'client'))") == 1
    assert cur.read_blob_column(f"SELECT b FROM {table}") == data
