"""Row factories: rows as tuples (default), Row, dicts or named tuples, on every fetch path."""

from __future__ import annotations

import pickle

import pytest

import informix_db
from informix_db.rows import Row, dict_row, make_row_class, namedtuple_row, tuple_row

from .dbapi_helpers import open_conn

SQL = "SELECT tabid, tabname FROM systables WHERE tabid <= 3 ORDER BY tabid"


@pytest.fixture
def named(server):
    c = open_conn(server, autocommit=True, row_factory=Row)
    yield c
    c.close()


def test_rows_are_plain_tuples_by_default(conn):
    cur = conn.cursor()
    cur.execute(SQL)
    assert type(cur.fetchone()) is tuple


def test_row_factory_on_the_connection_reaches_its_cursors(named):
    cur = named.cursor()
    cur.execute(SQL)
    row = cur.fetchone()
    assert isinstance(row, Row)
    assert row[0] == row["tabid"] == row.tabid == 1
    assert row.tabname.rstrip() == "systables"


@pytest.mark.parametrize("fetch", ["fetchone", "fetchmany", "fetchall", "iterate"])
def test_every_fetch_path_makes_rows_with_the_factory(named, fetch):
    cur = named.cursor()
    cur.execute(SQL)
    if fetch == "fetchone":
        rows = [cur.fetchone()]
    elif fetch == "fetchmany":
        rows = cur.fetchmany(2)
    elif fetch == "fetchall":
        rows = cur.fetchall()
    else:
        rows = list(cur)
    assert rows and all(isinstance(r, Row) and r.tabid == r[0] for r in rows)


def test_scroll_cursor_positioned_fetches_make_rows_with_the_factory(named):
    cur = named.cursor(scrollable=True)
    cur.execute(SQL)
    assert cur.fetch_last().tabid == 3
    assert cur.fetch_first().tabid == 1
    assert cur.fetch_absolute(1).tabid == 2


def test_cursor_argument_overrides_the_connections_factory(named):
    cur = named.cursor(row_factory=None)
    cur.execute(SQL)
    assert type(cur.fetchone()) is tuple


def test_setting_the_factory_applies_to_the_open_result(conn):
    cur = conn.cursor()
    cur.execute(SQL)
    first = cur.fetchone()
    cur.row_factory = dict_row
    assert type(first) is tuple
    row = cur.fetchone()
    assert list(row) == ["tabid", "tabname"] and row["tabid"] == 2


def test_dict_row_maps_names_to_values(conn):
    cur = conn.cursor(row_factory=dict_row)
    cur.execute("SELECT tabid, 'x' AS flag FROM systables WHERE tabid = 1")
    assert cur.fetchall() == [{"tabid": 1, "flag": "x"}]


def test_namedtuple_row_gives_named_tuples(conn):
    cur = conn.cursor(row_factory=namedtuple_row)
    cur.execute("SELECT tabid, COUNT(*) FROM systables WHERE tabid = 1 GROUP BY tabid")
    (row,) = cur.fetchall()
    assert row.tabid == 1 and row == (1, 1)


def test_tuple_row_is_the_default_shape(conn):
    cur = conn.cursor(row_factory=tuple_row)
    cur.execute(SQL)
    assert type(cur.fetchone()) is tuple


def test_a_psycopg_style_factory_is_called_with_the_cursor(conn):
    seen = []

    def upper_names(cursor):
        seen.append(cursor)
        names = [d[0].upper() for d in cursor.description]
        return lambda values: dict(zip(names, values))

    cur = conn.cursor(row_factory=upper_names)
    cur.execute("SELECT tabid FROM systables WHERE tabid = 1")
    assert cur.fetchall() == [{"TABID": 1}] and seen == [cur]


def test_statement_without_rows_does_not_call_the_factory(conn):
    calls = []
    cur = conn.cursor(row_factory=lambda c: calls.append(c))
    cur.execute("CREATE TEMP TABLE rf_t (a INT)")
    assert calls == []


def test_row_equals_the_plain_tuple_both_ways():
    row = make_row_class(("a", "b"))((1, "x"))
    assert row == (1, "x") and (1, "x") == row
    a, b = row
    assert (a, b) == (1, "x") and list(row) == [1, "x"]


def test_row_slice_is_a_plain_tuple():
    row = make_row_class(("a", "b", "c"))((1, 2, 3))
    assert type(row[0:2]) is tuple and row[0:2] == (1, 2) and row[-1] == 3


def test_row_keys_asdict_and_repr():
    row = make_row_class(("a", "b"))((1, "x"))
    assert row.keys() == ("a", "b")
    assert row._asdict() == {"a": 1, "b": "x"}
    assert repr(row) == "Row(a=1, b='x')"


def test_row_missing_name_says_which_columns_there_are():
    row = make_row_class(("a", "b"))((1, 2))
    with pytest.raises(KeyError, match="'c'.*a, b"):
        row["c"]


def test_row_class_is_cached_per_shape():
    assert make_row_class(("a", "b")) is make_row_class(("a", "b"))
    assert make_row_class(("a", "b")) is not make_row_class(("a", "c"))


def test_row_duplicate_names_resolve_to_the_first():
    row = make_row_class(("tabid", "tabid"))((1, 2))
    assert row["tabid"] == row.tabid == 1 and row[1] == 2


@pytest.mark.parametrize("name", ["count", "index", "keys", "_asdict"])
def test_row_column_wins_over_a_method_of_the_same_name(name):
    row = make_row_class((name, "x"))((7, 8))
    assert getattr(row, name) == 7 and row[name] == 7
    assert Row.keys(row) == (name, "x")


def test_row_names_that_are_not_identifiers_are_subscript_only():
    row = make_row_class(("(count(*))", "ok"))((5, 1))
    assert row["(count(*))"] == 5 and row.ok == 1


def test_row_pickles_with_its_names():
    row = make_row_class(("a", "b"))((1, "x"))
    restored = pickle.loads(pickle.dumps(row))
    assert restored == (1, "x") and restored.b == "x"


def test_row_is_importable_from_the_package():
    assert informix_db.Row is Row and informix_db.rows.dict_row is dict_row
