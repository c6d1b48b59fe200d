"""Our ``Cursor.description`` against IBM JDBC's ResultSetMetaData, per corpus type.

Both clients describe the same table on the same TestServer (``SELECT id,
v`` of each corpus case; ``id`` is INTEGER NOT NULL), so they read the
same DESCRIBE reply. Per column, ``display_size`` must equal
getColumnDisplaySize, ``precision`` getPrecision, ``scale`` getScale and
``null_ok`` isNullable -- except the differences docs/parity.md lists
("description vs ResultSetMetaData"), which ``documented_differences``
states and the tests hold both ways: we give the documented value, and
JDBC's answer really is another one (a stale entry fails).
"""

from __future__ import annotations

import re

import pytest

from . import corpus, jdbc

pytestmark = pytest.mark.jdbc

FIELDS = ("display_size", "precision", "scale", "null_ok")
_CHARACTER = ("char", "varchar", "lvarchar")
_TEMPORAL = ("date", "datetime", "interval_ym", "interval_df")
#: java.sql.ResultSetMetaData.columnNoNulls / columnNullable
_NULLABLE = {0: False, 1: True}


def documented_differences(decl: str, family: str) -> dict[str, object]:
    """Our value of each field where we deliberately differ from IBM JDBC
    (the list of docs/parity.md, "description vs ResultSetMetaData")."""
    out: dict[str, object] = {}
    if family in _CHARACTER:
        out.update(precision=None, scale=None)  # JDBC: the length again, and 0
        m = re.fullmatch(r"N?VARCHAR\((\d+),\s*[1-9]\d*\)", decl)
        if m:  # JDBC: the raw length word, reserve * 256 + max
            out["display_size"] = int(m.group(1))
    if family in ("smallfloat", "float"):
        out["scale"] = None  # JDBC: 0
    if family == "decimal" and re.fullmatch(r"DECIMAL(\(\d+\))?", decl):
        out["scale"] = None  # floating DECIMAL(p); JDBC: 255, the wire's marker
    if family in _TEMPORAL:
        out["precision"] = None  # JDBC: the text's width again
    if family == "boolean":
        out.update(precision=None, scale=None)  # JDBC: 0 and 0
    if family in ("byte", "text"):
        out.update(display_size=None, precision=None, scale=None)  # JDBC: 56, 56, 0
    return out


@pytest.fixture(scope="module")
def described(jvm, server):
    """Per corpus case: ``(jdbc, ours)``, each a list of per-column dicts."""
    from informix_db.connection import connect

    jconn = jdbc.connect(jdbc.url(server.host, server.port, "testdb", server.server_name,
                                  server.user, server.password))
    ours = connect(server.host, server.port, server.user, server.password, "testdb",
                   server.server_name, autocommit=True, connect_timeout=10, read_timeout=30)
    out = {}
    try:
        cur = ours.cursor()
        for case in corpus.CASES:
            cur.execute(corpus.create_table_sql(case, "dsc"))
            sql = corpus.select_sql(case, "dsc")
            out[case.id] = (_jdbc_columns(jconn, sql), _our_columns(cur, sql))
    finally:
        ours.close()
        jconn.close()
    return out


def _jdbc_columns(jconn, sql: str) -> list[dict]:
    md = jconn.prepareStatement(sql).getMetaData()
    return [{"display_size": int(md.getColumnDisplaySize(i)), "precision": int(md.getPrecision(i)),
             "scale": int(md.getScale(i)), "null_ok": _NULLABLE.get(int(md.isNullable(i)), "unknown")}
            for i in range(1, int(md.getColumnCount()) + 1)]


def _our_columns(cur, sql: str) -> list[dict]:
    cur.execute(sql)
    cols = [dict(zip(FIELDS, (d[2], d[4], d[5], d[6]))) for d in cur.description]
    cur.fetchall()
    return cols


_PARAMS = [(c, f) for c in corpus.CASES for f in FIELDS]


@pytest.mark.parametrize("case,field", _PARAMS, ids=[f"{c.id}-{f}" for c, f in _PARAMS])
def test_value_column_is_described_as_jdbc_describes_it(described, case, field):
    jd, ours = (cols[1][field] for cols in described[case.id])
    want = documented_differences(case.decl, case.family).get(field, jd)
    assert ours == want
    if field in documented_differences(case.decl, case.family):
        assert jd != want, f"JDBC now agrees on {field}: drop the documented difference"


@pytest.mark.parametrize("field", FIELDS)
def test_not_null_integer_column_is_described_as_jdbc_describes_it(described, field):
    jd, ours = (cols[0][field] for cols in described["integer"])
    assert ours == jd and (field != "null_ok" or ours is False)


_NOT_NULL = ["SMALLINT", "BIGINT", "CHAR(5)", "VARCHAR(10)", "DECIMAL(8,2)", "FLOAT",
             "DATE", "DATETIME YEAR TO SECOND", "INTERVAL DAY TO SECOND", "BOOLEAN"]


@pytest.fixture(scope="module")
def not_null_described(jvm, server):
    """``(jdbc, ours)`` null_ok per column of a table of NOT NULL columns of
    several types, each followed by a nullable one of the same type."""
    from informix_db.connection import connect

    cols = ", ".join(f"n{i} {d} NOT NULL, y{i} {d}" for i, d in enumerate(_NOT_NULL))
    jconn = jdbc.connect(jdbc.url(server.host, server.port, "testdb", server.server_name,
                                  server.user, server.password))
    ours = connect(server.host, server.port, server.user, server.password, "testdb",
                   server.server_name, autocommit=True, connect_timeout=10, read_timeout=30)
    try:
        cur = ours.cursor()
        cur.execute(f"CREATE TABLE dsc_not_null ({cols})")
        sql = "SELECT * FROM dsc_not_null"
        return ([c["null_ok"] for c in _jdbc_columns(jconn, sql)],
                [c["null_ok"] for c in _our_columns(cur, sql)])
    finally:
        ours.close()
        jconn.close()


@pytest.mark.parametrize("index,decl", list(enumerate(_NOT_NULL)), ids=_NOT_NULL)
def test_not_null_columns_have_null_ok_false_like_jdbc(not_null_described, index, decl):
    jd, ours = not_null_described
    assert (ours[2 * index], ours[2 * index + 1]) == (jd[2 * index], jd[2 * index + 1]) == (False, True)
