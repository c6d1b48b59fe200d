"""Python int parameters: the narrowest Informix integer, JDBC's bytes, and the TestServer.

A Python ``int`` binds as SMALLINT within -32767..32767, INTEGER within
-2147483647..2147483647 and BIGINT within -(2**63-1)..2**63-1; each
width's most negative value is its NULL, so it moves to the next width
(-2**63 has none: a DataError suggesting Decimal).  The BIND bytes of
each width are what IBM JDBC's setShort / setInt send (the SMALLINT and
INTEGER rows of the table in ``informix_db.codecs.bind``); the live
comparison with JDBC is test_int_bind_jdbc_parity.  The encoding tests
run on both implementations of the binding module (``impl`` fixture).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from informix_db import types as T
from informix_db.codecs.bind import bind_bytes, decode_bind
from informix_db.exceptions import DataError, ProgrammingError

from .dbapi_helpers import open_conn, table_name

testing = pytest.importorskip("informix_db.testing")

S_MAX, I_MAX, B_MAX = 2**15 - 1, 2**31 - 1, 2**63 - 1

#: (value, type code sent, length word): both sides of every edge.
EDGES = [
    (0, T.SQLSMINT, 0x0500),
    (S_MAX, T.SQLSMINT, 0x0500), (-S_MAX, T.SQLSMINT, 0x0500),
    (S_MAX + 1, T.SQLINT, 0x0A00), (-S_MAX - 1, T.SQLINT, 0x0A00),
    (I_MAX, T.SQLINT, 0x0A00), (-I_MAX, T.SQLINT, 0x0A00),
    (I_MAX + 1, T.SQLINFXBIGINT, 0x1300), (-I_MAX - 1, T.SQLINFXBIGINT, 0x1300),
    (B_MAX, T.SQLINFXBIGINT, 0x1300), (-B_MAX, T.SQLINFXBIGINT, 0x1300),
]


def _one(impl, value):
    (param,) = impl.binding.bind_params([value], "utf-8")
    return param


@pytest.mark.parametrize("value,code,length", EDGES, ids=[str(e[0]) for e in EDGES])
def test_int_is_sent_as_the_narrowest_integer_type(impl, value, code, length):
    p = _one(impl, value)
    assert (p.sqltype, p.indicator, p.length) == (code, 0, length)


@pytest.mark.parametrize("value", [e[0] for e in EDGES], ids=[str(e[0]) for e in EDGES])
def test_int_parameter_data_decodes_to_the_value(impl, value):
    p = _one(impl, value)
    assert decode_bind(p.sqltype, p.indicator, p.length, p.data, 0)[0] == value


def test_smallint_parameter_bytes_are_jdbc_set_short_bytes(impl):
    # IBM JDBC setShort(7): type 1, indicator 0, length word 0x0500, 0007
    assert bind_bytes(_one(impl, 7)) == bytes.fromhex("0001" "0000" "0500" "0007")


def test_integer_parameter_bytes_are_jdbc_set_int_bytes(impl):
    # IBM JDBC setInt (capture g15 has 42): type 2, indicator 0, 0x0a00, 4 bytes
    assert bind_bytes(_one(impl, -40000)) == bytes.fromhex("0002" "0000" "0a00" "ffff63c0")


@pytest.mark.parametrize("value", [B_MAX + 1, -B_MAX - 1, 10**30, -(10**30)])
def test_int_beyond_bigint_is_a_data_error_naming_value_and_decimal(impl, value):
    with pytest.raises(DataError) as err:
        impl.binding.bind_params(["x", value], "utf-8")
    msg = str(err.value)
    assert "parameter 2" in msg and str(value) in msg and "Decimal" in msg


def test_bool_is_sent_as_smallint_one_or_zero_like_set_boolean(impl):
    assert [(p.sqltype, p.data) for p in impl.binding.bind_params([True, False], "utf-8")] == [
        (T.SQLSMINT, b"\x00\x01"), (T.SQLSMINT, b"\x00\x00")]


def test_decimal_binds_what_no_integer_holds(impl):
    assert _one(impl, Decimal(2**63)).sqltype == T.SQLDECIMAL


# -- through the TestServer ----------------------------------------------------------

@pytest.fixture(scope="module")
def conn():
    with testing.TestServer(databases={"testdb": "logged"}) as srv:
        with open_conn(srv, autocommit=True) as c:
            yield c


_COLUMNS = {
    "SMALLINT": S_MAX, "INTEGER": I_MAX, "BIGINT": B_MAX, "INT8": B_MAX, "DECIMAL(20,0)": B_MAX,
}
_ROUND_TRIPS = [(decl, e[0]) for decl, top in _COLUMNS.items() for e in EDGES if abs(e[0]) <= top]


@pytest.mark.parametrize("decl,value", _ROUND_TRIPS, ids=[f"{d}-{v}" for d, v in _ROUND_TRIPS])
def test_int_round_trips_through_a_column(conn, decl, value):
    t = table_name("ip")
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {t} (k INTEGER, v {decl})")
    cur.execute(f"INSERT INTO {t} VALUES (?, ?)", (1, value))
    cur.execute(f"INSERT INTO {t} VALUES (?, ?)", (2, value - 1 if value > 0 else value + 1))  # a neighbour
    cur.execute(f"SELECT k, v FROM {t} WHERE v = ?", (value,))
    assert cur.fetchall() == [(1, value)]


def test_int_too_wide_for_its_column_is_a_data_error(conn):
    t = table_name("ip")
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {t} (v SMALLINT)")
    with pytest.raises(DataError):
        cur.execute(f"INSERT INTO {t} VALUES (?)", (S_MAX + 1,))


@pytest.mark.parametrize("value", [7, I_MAX, B_MAX])
def test_bare_int_parameter_in_the_select_list_is_refused_at_prepare(conn, value):
    # Informix takes no lone host variable in the select list (Guide to SQL:
    # Syntax, "Expressions in the Select List"); the test server refuses it
    # with -201 whatever the width bound (a cast such as ?::BIGINT is accepted)
    cur = conn.cursor()
    with pytest.raises(ProgrammingError) as info:
        cur.execute("SELECT ? FROM systables WHERE tabid = 1", (value,))
    assert info.value.sqlcode == -201


def test_product_of_two_smallint_parameters_does_not_overflow(conn):
    cur = conn.cursor()
    cur.execute("SELECT ? * ? FROM systables WHERE tabid = 1", (300, 300))
    assert cur.fetchall() == [(90000,)]


def test_smallint_parameter_adds_to_an_integer_column(conn):
    t = table_name("ip")
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {t} (n INTEGER)")
    cur.execute(f"INSERT INTO {t} VALUES (?)", (I_MAX - S_MAX,))
    cur.execute(f"UPDATE {t} SET n = n + ?", (S_MAX,))
    cur.execute(f"SELECT n FROM {t}")
    assert cur.fetchall() == [(I_MAX,)]


@pytest.mark.parametrize("decl", ["INTEGER", "BIGINT", "INT8", "DECIMAL(10,2)", "FLOAT", "SMALLFLOAT",
                                  "MONEY"])
def test_smallint_parameters_insert_into_and_compare_with_a_column(conn, decl):
    t = table_name("ip")
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {t} (v {decl})")
    cur.executemany(f"INSERT INTO {t} VALUES (?)", [(-S_MAX,), (5,), (S_MAX,)])
    cur.execute(f"SELECT v FROM {t} WHERE v > ? AND v <= ? ORDER BY v", (-S_MAX, S_MAX))
    assert [int(v) for (v,) in cur.fetchall()] == [5, S_MAX]
