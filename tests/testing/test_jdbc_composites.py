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

from informix_db import IntervalYM, Multiset

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


#: (element type, values, what JDBC's objects print as): every scalar type as
#: a LIST element and a ROW field, written by our driver as parameters.
ELEMENTS = [
    ("SMALLINT", [1, -2], ["1", "-2"]),
    ("INTEGER", [3], ["3"]),
    ("BIGINT", [2**40], [str(2**40)]),
    ("INT8", [-5], ["-5"]),
    ("SERIAL", [1], ["1"]),
    ("SMALLFLOAT", [0.5], ["0.5"]),
    ("FLOAT", [1.25], ["1.25"]),
    ("DECIMAL(8,2)", [Decimal("1.50")], ["1.50"]),
    ("DECIMAL(10)", [Decimal("3.5")], ["3.5"]),
    ("MONEY(8,2)", [Decimal("2.25")], ["2.25"]),
    ("DATE", [dt.date(2024, 2, 29)], ["2024-02-29"]),
    ("DATETIME YEAR TO SECOND", [dt.datetime(2024, 1, 2, 3, 4, 5)], ["2024-01-02 03:04:05.0"]),
    ("DATETIME YEAR TO FRACTION(3)", [dt.datetime(2024, 1, 2, 3, 4, 5, 123000)],
     ["2024-01-02 03:04:05.123"]),
    ("DATETIME HOUR TO SECOND", [dt.time(1, 2, 3)], ["01:02:03"]),
    ("INTERVAL DAY(3) TO SECOND", [dt.timedelta(days=2, seconds=7)], ["2 00:00:07"]),
    ("INTERVAL YEAR(3) TO MONTH", [IntervalYM(1, 2)], ["1-02"]),
    ("BOOLEAN", [True, False], ["True", "False"]),
    ("CHAR(4)", ["ab  "], ["ab  "]),
    ("NCHAR(3)", ["abc"], ["abc"]),
    ("VARCHAR(10)", ["x", "yz"], ["x", "yz"]),
    ("NVARCHAR(5)", ["q"], ["q"]),
    ("LVARCHAR(100)", ["lv"], ["lv"]),
]


@pytest.mark.parametrize("decl, values, printed", ELEMENTS, ids=[e[0] for e in ELEMENTS])
def test_every_scalar_type_as_element_and_field_reads_the_same_in_jdbc(cur, jconn, decl,
                                                                       values, printed):
    table = "je" + "".join(c for c in decl.lower() if c.isalnum())[:20]
    cur.execute(f"CREATE TABLE {table} (l LIST({decl} NOT NULL), r ROW(f {decl}))")
    cur.execute(f"INSERT INTO {table} VALUES (?, ?)", (values, (values[0],)))
    cur.execute(f"SELECT l, r FROM {table}")
    assert cur.fetchone() == (values, (values[0],))
    rs = jconn.createStatement().executeQuery(f"SELECT l, r FROM {table}")
    assert rs.next()
    assert [str(v) for v in rs.getObject(1)] == printed
    assert [str(v) for v in rs.getObject(2).getAttributes()] == printed[:1]


NESTED = [
    ("ROW(a INT, s SET(INT NOT NULL))", (1, frozenset({3, 5}))),
    ("ROW(a INT, r ROW(x INT, y VARCHAR(5)))", (1, (2, "yy"))),
    ("ROW(a INT, l LIST(VARCHAR(10) NOT NULL))", (1, ["p", "qq"])),
    ("LIST(SET(INT NOT NULL) NOT NULL)", [frozenset({1, 2}), frozenset()]),
    ("LIST(ROW(a INT, b VARCHAR(10)) NOT NULL)", [(1, "abcde"), (2, "x")]),
]


@pytest.mark.parametrize("decl, value", NESTED, ids=[d for d, _ in NESTED])
def test_nested_rows_and_collections_read_the_same_in_jdbc(cur, jconn, decl, value):
    table = "jn" + "".join(c for c in decl.lower() if c.isalnum())[:24]
    cur.execute(f"CREATE TABLE {table} (c {decl}, tail INT)")
    cur.execute(f"INSERT INTO {table} VALUES (?, 7)", (value,))
    cur.execute(f"SELECT c, tail FROM {table}")
    assert cur.fetchone() == (value, 7)
    rs = jconn.createStatement().executeQuery(f"SELECT c, tail FROM {table}")
    assert rs.next()
    assert _java(rs.getObject(1)) == value and rs.getInt(2) == 7


def test_named_row_types_read_in_jdbc_with_their_fields(cur, jconn):
    cur.execute("CREATE ROW TYPE jperson_t (name VARCHAR(30) NOT NULL, age INT)")
    cur.execute("CREATE ROW TYPE jemployee_t (salary DECIMAL(10,2)) UNDER jperson_t")
    cur.execute("CREATE TABLE jstaff (e jemployee_t, team LIST(jperson_t NOT NULL))")
    cur.execute("INSERT INTO jstaff VALUES (?, ?)", (("Ed", 6, Decimal("7.25")), [("Fa", 8)]))
    rs = jconn.createStatement().executeQuery("SELECT e, team FROM jstaff")
    assert rs.next()
    assert str(rs.getMetaData().getColumnTypeName(1)) == "jemployee_t"
    assert [str(v) for v in rs.getObject(1).getAttributes()] == ["Ed", "6", "7.25"]
    assert [[str(v) for v in row.getAttributes()] for row in rs.getObject(2)] == [["Fa", "8"]]
    cur.execute("SELECT e, team FROM jstaff")
    assert cur.fetchone() == (("Ed", 6, Decimal("7.25")), [("Fa", 8)])


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
