"""ROW, SET, MULTISET and LIST columns end to end through the test server:
declared, written as literals or parameters, read back as Python values
(run on the implementation the process selected: the suite runs once per
implementation)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import informix_db
from informix_db import Multiset

DDL = ("CREATE TEMP TABLE comp (id INT, r ROW(name VARCHAR(50), age INT), "
       "s SET(VARCHAR(20) NOT NULL), m MULTISET(INT NOT NULL), "
       "l LIST(ROW(a INT, b DECIMAL(8,2), t SET(CHAR(2) NOT NULL)) NOT NULL), tail VARCHAR(10))")


@pytest.fixture
def cur(conn):
    c = conn.cursor()
    c.execute(DDL)
    yield c
    c.close()


def _one(cur, sql, params=()):
    cur.execute(sql, params)
    return cur.fetchone()


def test_description_names_the_declared_composite_types(cur):
    cur.execute("SELECT r, s, m, l FROM comp")
    codes = [(int(d[1]), d[1].name) for d in cur.description]
    assert codes == [
        (22, "ROW(name varchar(50), age integer)"),
        (19, "SET(varchar(20) not null)"),
        (20, "MULTISET(integer not null)"),
        (21, "LIST(ROW(a integer, b decimal(8,2), t SET(char(2) not null)) not null)"),
    ]


def test_constructors_and_literals_read_back_as_python_values(cur):
    cur.execute("INSERT INTO comp VALUES (1, ROW('Alice', 30)::ROW(name VARCHAR(50), age INT), "
                "SET{'red','green','red'}, MULTISET{1,2,2}, "
                "LIST{ROW(1, 2.5, SET{'x'}), ROW(2, NULL, SET{})}, 'end')")
    rid, r, s, m, lst, tail = _one(cur, "SELECT * FROM comp")
    assert (rid, tail) == (1, "end")
    assert r == ("Alice", 30) and r.name == "Alice" and r.age == 30
    assert s == frozenset({"red", "green"})
    assert isinstance(m, Multiset) and sorted(m) == [1, 2, 2]
    assert lst == [(1, Decimal("2.50"), frozenset({"x "})), (2, None, frozenset())]


def test_quoted_text_literals_are_cast_to_the_column_type(cur):
    # IBM: INSERT INTO tab_set VALUES (5, 'set{7, 12, 59, 4}'), 'LIST{}'
    cur.execute("INSERT INTO comp (id, r, s, m) VALUES "
                "(1, 'ROW(''O''''Neil'', 4)', 'set{''a''}', \"MULTISET{}\")")
    assert _one(cur, "SELECT r, s, m FROM comp") == (("O'Neil", 4), frozenset("a"), [])


def test_null_composites_do_not_shift_the_following_column(cur):
    cur.execute("INSERT INTO comp (id, r, s, tail) VALUES (8, NULL, NULL, 'xyz')")
    assert _one(cur, "SELECT id, r, s, m, tail FROM comp") == (8, None, None, None, "xyz")


ROW_VALUE = (7, ("Bob", 25), frozenset({"a", "b"}), Multiset([3, 3, 1]),
             [(1, Decimal("1.25"), frozenset({"p ", "q "}))], "t")


def test_python_values_bind_as_composite_parameters_and_read_back_equal(cur):
    cur.execute("INSERT INTO comp VALUES (?, ?, ?, ?, ?, ?)", ROW_VALUE)
    got = _one(cur, "SELECT * FROM comp")
    assert got[:3] == ROW_VALUE[:3] and sorted(got[3]) == sorted(ROW_VALUE[3])
    assert got[4:] == ROW_VALUE[4:]


def test_a_mapping_binds_as_a_row_through_the_composite_wrapper(cur):
    decl = "ROW(name varchar(50), age integer)"
    cur.execute("INSERT INTO comp (id, r) VALUES (?, ?)",
                (1, informix_db.Composite({"age": 30, "name": "Ann"}, decl)))
    assert _one(cur, "SELECT r FROM comp") == (("Ann", 30),)


def test_executemany_binds_composite_parameters_row_by_row(cur):
    rows = [(i, (f"n{i}", i), {f"s{i}"}, Multiset([i]), [], None) for i in range(20)]
    cur.executemany("INSERT INTO comp VALUES (?, ?, ?, ?, ?, ?)", rows)
    cur.execute("SELECT id, r, s, m, l FROM comp ORDER BY id")
    assert cur.fetchall() == [(i, (f"n{i}", i), frozenset({f"s{i}"}), [i], [])
                              for i in range(20)]


def test_text_parameters_are_taken_as_composite_literals(cur):
    cur.execute("INSERT INTO comp (id, s, l) VALUES (?, ?, ?)",
                (1, "SET{'k'}", "LIST{ROW(5, 1.5, SET{'zz'})}"))
    assert _one(cur, "SELECT s, l FROM comp") == (
        frozenset({"k"}), [(5, Decimal("1.50"), frozenset({"zz"}))])


def test_text_that_is_no_value_of_the_type_is_error_1260_and_the_session_goes_on(cur):
    with pytest.raises(informix_db.DatabaseError) as info:
        cur.execute("INSERT INTO comp (id, r) VALUES (1, ?)", ("ROW('a')",))
    assert info.value.sqlcode == -1260
    assert _one(cur, "SELECT COUNT(*) FROM comp") == (0,)


def test_in_and_cardinality_work_on_collections(cur):
    cur.execute("INSERT INTO comp (id, m) VALUES (1, MULTISET{1,2,2})")
    cur.execute("INSERT INTO comp (id, m) VALUES (2, MULTISET{5})")
    cur.execute("SELECT id, CARDINALITY(m) FROM comp WHERE 2 IN m")
    assert cur.fetchall() == [(1, 3)]


def test_a_collection_derived_table_gives_a_row_per_element(cur):
    cur.execute("INSERT INTO comp (id, s, l) VALUES (1, SET{'b','a'}, "
                "LIST{ROW(1, 1.5, SET{}), ROW(2, NULL, SET{})})")
    cur.execute("SELECT * FROM TABLE((SELECT s FROM comp WHERE id = 1)) AS t(x) ORDER BY x")
    assert cur.fetchall() == [("a",), ("b",)] and cur.description[0][0] == "x"
    cur.execute("SELECT a, b FROM TABLE((SELECT l FROM comp WHERE id = 1)) ORDER BY a")
    assert cur.fetchall() == [(1, Decimal("1.50")), (2, None)]
    cur.execute("SELECT COUNT(*) FROM TABLE(MULTISET{1,2,2})")
    assert cur.fetchone() == (3,)
    # a collection of each row of a preceding table (a lateral join)
    cur.execute("INSERT INTO comp (id, s) VALUES (2, SET{'c'})")
    cur.execute("SELECT comp.id, x.v FROM comp, TABLE(comp.s) AS x(v) ORDER BY 1, 2")
    assert cur.fetchall() == [(1, "a"), (1, "b"), (2, "c")]


def test_row_fields_project_with_dot_notation(cur):
    cur.execute("INSERT INTO comp (id, r) VALUES (1, ROW('Cy', 9))")
    assert _one(cur, "SELECT r.name, r.age FROM comp") == ("Cy", 9)


def test_dates_in_composites_follow_the_sessions_dbdate(conn):
    c = conn.cursor()
    c.execute("CREATE TEMP TABLE dl (l LIST(DATE NOT NULL))")
    c.execute("INSERT INTO dl VALUES (?)", ([dt.date(2024, 2, 29), dt.date(1999, 12, 31)],))
    assert _one(c, "SELECT l FROM dl") == ([dt.date(2024, 2, 29), dt.date(1999, 12, 31)],)


def test_braces_after_set_are_a_literal_and_elsewhere_a_comment(conn):
    c = conn.cursor()
    assert _one(c, "SELECT {a comment} CARDINALITY(SET{1,2,3}) FROM systables "
                   "WHERE tabid = 1") == (3,)


def test_named_row_types_with_inheritance_read_with_their_field_names_and_types(conn):
    # DESCRIBE names a named ROW type by its name alone: the driver asks for
    # such columns in the binary form, which carries each field's name and type
    c = conn.cursor()
    c.execute("CREATE ROW TYPE IF NOT EXISTS nperson_t (name VARCHAR(30) NOT NULL, age INT)")
    c.execute("CREATE ROW TYPE IF NOT EXISTS nemployee_t (salary DECIMAL(10,2), hired DATE) "
              "UNDER nperson_t")
    c.execute("CREATE TEMP TABLE staff (p nperson_t, e nemployee_t, team LIST(nperson_t NOT NULL),"
              " tags SET(VARCHAR(10) NOT NULL))")
    c.execute("INSERT INTO staff VALUES (ROW('Ann', 41)::nperson_t, "
              "ROW('Bob', 30, 1000.50, '2024-02-29')::nemployee_t, LIST{ROW('Cy', 2)}, SET{'x'})")
    c.execute("INSERT INTO staff VALUES (?, ?, ?, ?)",
              (("Di", 5), ("Ed", 6, 7, dt.date(1999, 12, 31)), [("Fa", 8)], set()))
    c.execute("SELECT p, e, team, tags FROM staff ORDER BY 1")
    assert [d[1].name for d in c.description] == ["nperson_t", "nemployee_t",
                                                  "LIST(nperson_t not null)",
                                                  "SET(varchar(10) not null)"]
    rows = c.fetchall()
    assert rows == [(("Ann", 41), ("Bob", 30, Decimal("1000.50"), dt.date(2024, 2, 29)),
                     [("Cy", 2)], frozenset({"x"})),
                    (("Di", 5), ("Ed", 6, Decimal("7.00"), dt.date(1999, 12, 31)),
                     [("Fa", 8)], frozenset())]
    assert rows[0][1]._asdict() == {"name": "Bob", "age": 30, "salary": Decimal("1000.50"),
                                    "hired": dt.date(2024, 2, 29)}
    assert rows[0][2][0].name == "Cy" and rows[1][0].age == 5
    c.execute("SELECT e.name, e.salary FROM staff ORDER BY 1")
    assert c.fetchall() == [("Bob", Decimal("1000.50")), ("Ed", Decimal("7.00"))]


def test_a_null_named_row_reads_as_none(conn):
    c = conn.cursor()
    c.execute("CREATE ROW TYPE IF NOT EXISTS nnull_t (a INT)")
    c.execute("CREATE TEMP TABLE nn (id INT, r nnull_t)")
    c.execute("INSERT INTO nn VALUES (1, NULL)")
    c.execute("INSERT INTO nn VALUES (2, ROW(3)::nnull_t)")
    c.execute("SELECT r FROM nn ORDER BY id")
    assert c.fetchall() == [(None,), ((3,),)]


def test_named_rows_read_through_a_scroll_cursor(conn):
    c = conn.cursor(scrollable=True)
    c.execute("CREATE ROW TYPE IF NOT EXISTS nscroll_t (a INT, b VARCHAR(5))")
    c.execute("CREATE TEMP TABLE ns (r nscroll_t)")
    c.executemany("INSERT INTO ns VALUES (?)", [((i, f"v{i}"),) for i in range(3)])
    c.execute("SELECT r FROM ns ORDER BY 1")
    c.scroll(2, mode="absolute")
    assert c.fetchone()[0]._asdict() == {"a": 2, "b": "v2"}


def test_a_named_row_type_is_created_once_and_dropped(conn):
    c = conn.cursor()
    c.execute("CREATE ROW TYPE once_t (x INT)")
    with pytest.raises(informix_db.IntegrityError):
        c.execute("CREATE ROW TYPE once_t (y INT)")
    c.execute("CREATE ROW TYPE IF NOT EXISTS once_t (y INT)")
    c.execute("DROP ROW TYPE once_t RESTRICT")
    with pytest.raises(informix_db.DatabaseError) as info:
        c.execute("DROP ROW TYPE once_t RESTRICT")
    assert info.value.sqlcode == -9628
