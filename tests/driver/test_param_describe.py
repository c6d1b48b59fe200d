"""A server that describes INSERT/UPDATE parameters, as Informix does.

Informix's DESCRIBE of a prepared INSERT (and of an UPDATE, with
IFX_UPDDESC set, which this driver's login sends) lists the ``?`` markers
as their target columns.  They are no result columns: the statement must
still run as DML, with no ``description``.  Runs on both implementations
(``protocol_impl``).
"""

from __future__ import annotations

import pytest

from informix_db.protocol.statement import Description, ColumnInfo
from informix_db import types as T
from informix_db.framing import messages as sq

from .dbapi_helpers import table_name

pytest.importorskip("informix_db.testing")


@pytest.fixture
def cur(protocol_impl, conn):
    c = conn.cursor()
    yield c
    c.close()


def _table(cur) -> str:
    name = table_name("pd")
    cur.execute(f"create table {name} (a integer, b varchar(20), s serial)")
    return name


def test_insert_with_parameters_runs_as_dml_without_description(cur):
    t = _table(cur)
    cur.execute(f"insert into {t} (a, b) values (?, ?)", (1, "x"))
    assert (cur.rowcount, cur.description, cur.lastrowid) == (1, None, 1)
    cur.execute(f"select a, b from {t}")
    assert cur.fetchall() == [(1, "x")]


def test_executemany_of_an_insert_with_described_parameters(cur):
    t = _table(cur)
    cur.executemany(f"insert into {t} (a, b) values (?, ?)", [(1, "x"), (2, "y")])
    assert cur.rowcount == 2
    cur.execute(f"select a, b from {t} order by a")
    assert cur.fetchall() == [(1, "x"), (2, "y")]


def test_update_with_set_parameters_runs_as_dml_without_description(cur):
    t = _table(cur)
    cur.execute(f"insert into {t} (a, b) values (1, 'x')")
    cur.execute(f"update {t} set b = ? where a = ?", ("z", 1))
    assert (cur.rowcount, cur.description) == (1, None)
    cur.execute(f"select b from {t}")
    assert cur.fetchall() == [("z",)]


@pytest.mark.parametrize("stmt_type", [sq.SQ_INSERT, sq.SQ_UPDATE])
def test_described_parameters_are_no_result_columns(stmt_type):
    col = ColumnInfo("a", T.ColumnType(T.SQLINT, 4), T.SQLINT, "", 0)
    assert Description(stmt_type, 0, 4, (col,)).result_columns == ()
    assert Description(sq.SQ_SELECT, 0, 4, (col,)).result_columns == (col,)
