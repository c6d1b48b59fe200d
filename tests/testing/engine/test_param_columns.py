"""Which ``?`` of an INSERT/UPDATE the engine names as a target column.

Informix's DESCRIBE of a prepared INSERT or UPDATE "returns only the
dynamic parameters" with the type, length and name of their column
(Guide to SQL: Syntax, DESCRIBE): the markers that are a whole value
written to a column.
"""

from __future__ import annotations

from informix_db import types as T


def _described(session, sql):
    return [(c.name, c.type.sqltype, c.type.length, c.type.nullable)
            for c in session.prepare(sql).param_columns]


def _table(session):
    session.execute("create table pc (a integer, b varchar(20), c char(5) not null, "
                    "d decimal(10,2), s serial)")


def test_insert_with_column_list_describes_each_marker_as_its_column(session):
    _table(session)
    assert _described(session, "insert into pc (b, a, c) values (?, ?, ?)") == [
        ("b", T.SQLVCHAR, 20, True), ("a", T.SQLINT, 4, True), ("c", T.SQLCHAR, 5, False)]


def test_insert_without_column_list_describes_only_the_markers(session):
    _table(session)
    assert _described(session, "insert into pc values (1, ?, 'x', ?, 0)") == [
        ("b", T.SQLVCHAR, 20, True), ("d", T.SQLDECIMAL, 0x0A02, True)]


def test_insert_marker_inside_an_expression_is_not_a_column(session):
    _table(session)
    assert _described(session, "insert into pc (a, c) values (? + 1, ?)") == [
        ("c", T.SQLCHAR, 5, False)]


def test_insert_of_literals_describes_nothing(session):
    _table(session)
    assert _described(session, "insert into pc (a, c) values (1, 'x')") == []


def test_update_describes_set_markers_not_where_markers(session):
    _table(session)
    assert _described(session, "update pc set b = ?, a = 7, d = ? where a = ?") == [
        ("b", T.SQLVCHAR, 20, True), ("d", T.SQLDECIMAL, 0x0A02, True)]


def test_select_has_no_parameter_columns(session):
    _table(session)
    assert _described(session, "select a from pc where a = ?") == []


def test_insert_key_columns_are_the_serial_columns(session):
    session.execute("create table pk (a int, id serial, big bigserial)")
    stmt = session.prepare("insert into pk (a) values (?)")
    assert [(c.name, c.type.sqltype) for c in stmt.key_columns] == [
        ("id", T.SQLSERIAL), ("big", T.SQLBIGSERIAL)]
    assert stmt.table_columns == ["a", "id", "big"]


def test_insert_result_keys_hold_each_rows_serials(session):
    session.execute("create table pk2 (id serial, a int)")
    session.execute("create table src (a int)")
    session.execute("insert into src values (1)")
    session.execute("insert into src values (2)")
    result = session.execute("insert into pk2 (a) select a from src")
    assert sorted(result.keys) == [(1,), (2,)]
