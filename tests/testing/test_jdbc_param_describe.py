"""IBM JDBC over described INSERT/UPDATE parameters and the input describe (bit 34)."""

from __future__ import annotations

import pytest

jpype = pytest.importorskip("jpype")

import jdbc  # noqa: E402

pytestmark = pytest.mark.jdbc


@pytest.fixture
def conn(jvm, server):
    c = jdbc.connect(server.jdbc_url())
    yield c
    c.close()


def _table(conn):
    conn.createStatement().execute(
        "create table jp (a integer, b varchar(20), d decimal(10,2), e date, "
        "h char(5) not null, s serial)")


def test_useput_prepared_insert_inserts(jvm, server):
    # IFX_USEPUT=1: JDBC reads the INSERT's described parameters at prepare
    # time (a NullPointerException when the DESCRIBE lists none).
    c = jdbc.connect(server.jdbc_url(), IFX_USEPUT=1)
    try:
        _table(c)
        ps = c.prepareStatement("insert into jp (a, b, h) values (?, ?, ?)")
        ps.setInt(1, 7)
        ps.setString(2, "seven")
        ps.setString(3, "x")
        assert ps.executeUpdate() == 1
        got = jdbc.rows(c.createStatement().executeQuery("select a, b, h, s from jp"))
        assert got == [(7, "seven", "x    ", 1)]
    finally:
        c.close()


def test_parameter_metadata_comes_from_the_input_describe(conn):
    _table(conn)
    ps = conn.prepareStatement("insert into jp (a, b, d, e, h) values (?, ?, ?, ?, ?)")
    meta = ps.getParameterMetaData()
    got = [(str(meta.getParameterTypeName(i)), int(meta.isNullable(i)))
           for i in range(1, meta.getParameterCount() + 1)]
    assert got == [("int", 1), ("varchar", 1), ("decimal", 1), ("date", 1), ("char", 0)]
    assert (meta.getPrecision(3), meta.getScale(3)) == (10, 2)


def test_string_binds_round_trip_after_the_input_describe(conn):
    _table(conn)
    ps = conn.prepareStatement("insert into jp (a, b, d, e, h) values (?, ?, ?, ?, ?)")
    for k, text in enumerate(["12", "h\u00e9llo", "3.25", "2024-01-31", "ab"], 1):
        ps.setString(k, text)
    assert ps.executeUpdate() == 1
    q = conn.prepareStatement("select a, b, d, e, h from jp where b = ? and a = ?")
    q.setString(1, "h\u00e9llo")
    q.setString(2, "12")
    assert jdbc.rows(q.executeQuery()) == [(12, "h\u00e9llo", "3.25", "2024-01-31", "ab   ")]


def test_update_with_described_set_parameters(conn):
    _table(conn)
    conn.createStatement().executeUpdate("insert into jp (a, b, h) values (1, 'one', 'x')")
    ps = conn.prepareStatement("update jp set b = ? where a = ?")
    meta = ps.getParameterMetaData()
    assert [str(meta.getParameterTypeName(i)) for i in (1, 2)] == ["varchar", "int"]
    ps.setString(1, "uno")
    ps.setInt(2, 1)
    assert ps.executeUpdate() == 1
    assert jdbc.rows(conn.createStatement().executeQuery("select b from jp")) == [("uno",)]


def test_jdbc_sends_an_insert_value_in_its_described_column_type(conn, server):
    # With the INSERT's markers described, JDBC's setShort sends the value in
    # the column's type: a DECIMAL (type 5) BIND for a DECIMAL column.  (As
    # observed: setShort follows the described type - SMALLINT, INTEGER,
    # FLOAT, VARCHAR alike - while setInt always sends an INTEGER.)
    conn.createStatement().execute("create table jt (v decimal(12,2))")
    ps = conn.prepareStatement("insert into jt values (?)")
    ps.setShort(1, 42)
    assert ps.executeUpdate() == 1
    lines = open(server.trace).read().splitlines()
    # the hex line before the last decoded BIND request: SQ_ID, id, SQ_BIND, count, type
    raw = bytes.fromhex(lines[max(i for i, x in enumerate(lines) if "'SQ_BIND'" in x) - 1])
    assert raw[4:8] == b"\x00\x05\x00\x01" and raw[8:10] == b"\x00\x05"  # DECIMAL
    got = jdbc.rows(conn.createStatement().executeQuery("select v from jt"))
    assert got == [("42.00",)]


def test_boolean_and_lvarchar_binds_named_after_the_describe_are_read(conn):
    # JDBC names the opaque type in the BIND of a described BOOLEAN/LVARCHAR
    # parameter (codecs.boolean); the server must read past the name.
    Types = jpype.JClass("java.sql.Types")
    conn.createStatement().execute("create table jb (i int, f boolean, g lvarchar(100))")
    ps = conn.prepareStatement("insert into jb (i, f, g) values (?, ?, ?)")
    for i, flag, text in ((1, True, "x"), (2, False, None), (3, None, "y")):
        ps.setInt(1, i)
        if flag is None:
            ps.setNull(2, Types.BOOLEAN)
        else:
            ps.setBoolean(2, flag)
        if text is None:
            ps.setNull(3, Types.VARCHAR)
        else:
            ps.setString(3, text)
        assert ps.executeUpdate() == 1
    got = jdbc.rows(conn.createStatement().executeQuery("select i, f, g from jb order by i"))
    assert got == [(1, True, "x"), (2, False, None), (3, None, "y")]
