"""ROW, SET, MULTISET and LIST three ways: the test server stores them, IBM
JDBC and our driver read and write them, and all agree.  JDBC asks for
every composite column as type 44 and reads the binary form with its own
type tree (codecs/complexbinary.py; docs/composites-jdbc-wire.md says how
it was found); a test here passes only if the jar accepts the bytes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

jpype = pytest.importorskip("jpype")

from informix_db import Multiset

pytestmark = pytest.mark.jdbc

DDL = ("CREATE TABLE {t} (id INT, r ROW(a INT, b VARCHAR(10)), s SET(INT NOT NULL), "
       "m MULTISET(INT NOT NULL), l LIST(ROW(a INT, b VARCHAR(10)) NOT NULL), "
       "v SET(VARCHAR(10) NOT NULL), tail INT)")
ROWS = [
    (1, (1, "xy"), frozenset({3, 5, 7}), Multiset([2, 2, 9]), [(1, "x"), (2, "yz")],
     frozenset({"ab", "c"}), 99),
    (2, None, None, None, None, None, 98),
    (3, (None, ""), frozenset(), Multiset(), [], frozenset(), 97),
]


def _java(value):
    """A JDBC object as Python: Struct -> tuple, Set -> frozenset, List -> list."""
    if value is None:
        return None
    if hasattr(value, "getAttributes"):
        return tuple(_java(v) for v in value.getAttributes())
    cls = str(value.getClass().getName())
    if cls == "java.util.HashSet":
        return frozenset(_java(v) for v in value)
    if cls == "java.util.ArrayList":
        return [_java(v) for v in value]
    if isinstance(value, (int, float, str)):
        return value
    text = str(value)
    return int(text) if cls in ("java.lang.Integer", "java.lang.Short", "java.lang.Long") \
        else text


def _fill(cur, table):
    cur.execute(DDL.format(t=table))
    cur.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?, ?, ?, ?)", ROWS)


def test_jdbc_reads_what_our_driver_wrote_and_both_agree(cur, jconn):
    _fill(cur, "jc1")
    cur.execute("SELECT * FROM jc1 ORDER BY id")
    ours = cur.fetchall()
    rs = jconn.createStatement().executeQuery("SELECT * FROM jc1 ORDER BY id")
    theirs = []
    while rs.next():
        row = [_java(rs.getObject(i)) for i in range(1, 8)]
        theirs.append(tuple(row))
    assert len(theirs) == len(ours) == 3
    for got, mine, want in zip(theirs, ours, ROWS):
        assert mine == want
        # JDBC: a MULTISET is an ArrayList (order as sent), a SET a HashSet
        assert got[:3] == want[:3] and sorted(got[3] or []) == sorted(want[3] or [])
        assert got[4:] == want[4:] or (got[4] == [] and want[4] == [])


def test_jdbc_metadata_names_the_declared_types(cur, jconn):
    _fill(cur, "jc2")
    md = jconn.createStatement().executeQuery("SELECT r, s, l FROM jc2").getMetaData()
    assert [str(md.getColumnTypeName(i)) for i in (1, 2, 3)] == [
        "ROW(a integer, b varchar(10))", "SET(integer not null)",
        "LIST(ROW(a integer, b varchar(10)) not null)"]
    assert [str(md.getColumnClassName(i)) for i in (1, 2)] == ["java.sql.Struct",
                                                               "java.sql.Array"]


def test_every_scalar_field_type_in_a_row_reads_the_same_in_jdbc(cur, jconn):
    cur.execute("CREATE TABLE jc3 (r ROW(d DATE, m DECIMAL(10,2), f FLOAT, l INT8, "
                "bo BOOLEAN, c CHAR(5), lv LVARCHAR(100), s SMALLINT))")
    value = (dt.date(2024, 2, 29), Decimal("12.34"), 1.5, 2**40, True, "ab   ", "lvtext", 7)
    cur.execute("INSERT INTO jc3 VALUES (?)", (value,))
    rs = jconn.createStatement().executeQuery("SELECT r FROM jc3")
    assert rs.next()
    attrs = list(rs.getObject(1).getAttributes())
    assert [str(a) for a in attrs] == ["2024-02-29", "12.34", "1.5", str(2**40), "True",
                                       "ab   ", "lvtext", "7"]
    cur.execute("SELECT r FROM jc3")
    assert cur.fetchone() == (value,)


def test_jdbc_set_object_of_java_collections_is_read_back_by_our_driver(cur, jconn):
    cur.execute(DDL.format(t="jc4"))
    ps = jconn.prepareStatement("INSERT INTO jc4 (id, s, m, v) VALUES (?, ?, ?, ?)")
    ps.setInt(1, 1)
    ps.setObject(2, jpype.JClass("java.util.HashSet")(
        jpype.JClass("java.util.Arrays").asList([jpype.JInt(3), jpype.JInt(5)])))
    ps.setObject(3, jpype.JClass("java.util.ArrayList")(
        jpype.JClass("java.util.Arrays").asList([jpype.JInt(4), jpype.JInt(4)])))
    ps.setString(4, "SET{'p','q'}")  # the text literal: an LVARCHAR the server casts
    assert ps.executeUpdate() == 1
    cur.execute("SELECT s, m, v FROM jc4")
    s, m, v = cur.fetchone()
    assert s == frozenset({3, 5}) and sorted(m) == [4, 4] and v == frozenset({"p", "q"})


def test_jdbc_set_string_literals_write_rows_and_lists(cur, jconn):
    cur.execute(DDL.format(t="jc5"))
    ps = jconn.prepareStatement("INSERT INTO jc5 (id, r, l) VALUES (?, ?, ?)")
    ps.setInt(1, 1)
    ps.setString(2, "ROW(4,'four')")
    ps.setString(3, "LIST{ROW(1,'a'),ROW(2,'b')}")
    assert ps.executeUpdate() == 1
    cur.execute("SELECT r, l FROM jc5")
    assert cur.fetchone() == ((4, "four"), [(1, "a"), (2, "b")])
