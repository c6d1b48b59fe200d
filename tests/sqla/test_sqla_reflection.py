"""Reflection from the Informix system catalog through the dialect."""

from __future__ import annotations

import pytest

sqlalchemy = pytest.importorskip("sqlalchemy")

from sqlalchemy import MetaData, Table, inspect  # noqa: E402

from informix_db.sqlalchemy import types as ifx  # noqa: E402


@pytest.fixture
def schema(engine, name):
    """A parent and a child table with every kind of constraint, made in Informix SQL."""
    parent, child, view = f"{name}_p", f"{name}_c", f"{name}_v"
    with engine.begin() as conn:
        conn.exec_driver_sql(
            f"CREATE TABLE {parent} (id SERIAL NOT NULL, code CHAR(4) NOT NULL,"
            f" label VARCHAR(40) DEFAULT 'none', qty INTEGER DEFAULT 7,"
            f" PRIMARY KEY (id) CONSTRAINT {parent}_pk, UNIQUE (code) CONSTRAINT {parent}_uq,"
            f" CHECK (qty >= 0) CONSTRAINT {parent}_ck)")
        conn.exec_driver_sql(
            f"CREATE TABLE {child} (id INTEGER NOT NULL, pid INTEGER, made DATE DEFAULT TODAY,"
            f" note LVARCHAR(300), PRIMARY KEY (id),"
            f" FOREIGN KEY (pid) REFERENCES {parent} (id) CONSTRAINT {child}_fk)")
        conn.exec_driver_sql(f"CREATE INDEX {child}_ix ON {child} (pid, made)")
        conn.exec_driver_sql(f"CREATE UNIQUE INDEX {child}_ux ON {child} (note)")
        conn.exec_driver_sql(f"CREATE VIEW {view} AS SELECT id, code FROM {parent}")
    yield parent, child, view
    with engine.begin() as conn:
        for stmt in (f"DROP VIEW {view}", f"DROP TABLE {child}", f"DROP TABLE {parent}"):
            conn.exec_driver_sql(stmt)


def test_table_and_view_names(engine, schema):
    parent, child, view = schema
    insp = inspect(engine)
    assert {parent, child} <= set(insp.get_table_names())
    assert view not in insp.get_table_names()
    assert view in insp.get_view_names()


def test_table_names_per_owner(engine, schema):
    parent, child, _ = schema
    insp = inspect(engine)
    assert {parent, child} <= set(insp.get_table_names(schema="informix"))
    assert insp.get_table_names(schema="nobody") == []
    assert "informix" in insp.get_schema_names()


def test_has_table(engine, schema):
    parent, _, view = schema
    insp = inspect(engine)
    assert insp.has_table(parent) and insp.has_table(view)
    assert not insp.has_table("no_such_table")


def test_columns_types_nullability_defaults(engine, schema):
    parent, _, _ = schema
    cols = {c["name"]: c for c in inspect(engine).get_columns(parent)}
    assert isinstance(cols["id"]["type"], ifx.SERIAL) and cols["id"]["autoincrement"]
    assert cols["id"]["nullable"] is False and cols["code"]["nullable"] is False
    assert cols["label"]["nullable"] is True
    assert cols["label"]["default"] == "'none'"
    assert cols["qty"]["default"] == "7"
    assert cols["code"]["type"].length == 4


def test_today_default_reflects_as_today(engine, schema):
    _, child, _ = schema
    cols = {c["name"]: c for c in inspect(engine).get_columns(child)}
    assert cols["made"]["default"] == "TODAY"


def test_primary_key(engine, schema):
    parent, child, _ = schema
    insp = inspect(engine)
    assert insp.get_pk_constraint(parent) == {"name": f"{parent}_pk",
                                              "constrained_columns": ["id"]}
    assert insp.get_pk_constraint(child)["constrained_columns"] == ["id"]


def test_foreign_key(engine, schema):
    parent, child, _ = schema
    (fk,) = inspect(engine).get_foreign_keys(child)
    assert fk["name"] == f"{child}_fk" and fk["constrained_columns"] == ["pid"]
    assert fk["referred_table"] == parent and fk["referred_columns"] == ["id"]


def test_unique_constraint(engine, schema):
    parent, _, _ = schema
    assert inspect(engine).get_unique_constraints(parent) == [
        {"name": f"{parent}_uq", "column_names": ["code"]}]


def test_indexes_exclude_constraint_indexes(engine, schema):
    _, child, _ = schema
    indexes = {ix["name"]: ix for ix in inspect(engine).get_indexes(child)}
    assert set(indexes) == {f"{child}_ix", f"{child}_ux"}
    assert indexes[f"{child}_ix"]["column_names"] == ["pid", "made"]
    assert not indexes[f"{child}_ix"]["unique"] and indexes[f"{child}_ux"]["unique"]


def test_check_constraint(engine, schema):
    parent, _, _ = schema
    (check,) = inspect(engine).get_check_constraints(parent)
    assert check["name"] == f"{parent}_ck"
    assert check["sqltext"].replace(" ", "") == "qty>=0"


def test_view_definition(engine, schema):
    parent, _, view = schema
    definition = inspect(engine).get_view_definition(view)
    assert definition.lower().startswith(f"create view {view}")


def test_table_autoloads_into_metadata(engine, schema):
    parent, child, _ = schema
    md = MetaData()
    t = Table(child, md, autoload_with=engine)
    assert [c.name for c in t.primary_key] == ["id"]
    assert parent in md.tables  # followed the foreign key
    assert list(t.c.pid.foreign_keys)[0].column.table.name == parent


def test_view_definition_of_a_table_raises(engine, schema):
    parent, _, _ = schema
    with pytest.raises(sqlalchemy.exc.NoSuchTableError):
        inspect(engine).get_view_definition(parent)


def test_a_table_with_a_schema_is_created_and_reflected_under_that_owner(engine, metadata, name):
    sqlalchemy.Table(name, metadata, sqlalchemy.Column("a", sqlalchemy.Integer),
                     sqlalchemy.CheckConstraint("a > 0", name=f"{name}_ck"),
                     schema="test_schema")
    metadata.create_all(engine)  # CREATE TABLE test_schema.<name>
    insp = inspect(engine)
    assert name in insp.get_table_names(schema="test_schema")
    assert name not in insp.get_table_names(schema="informix")
    (check,) = insp.get_check_constraints(name, schema="test_schema")
    assert check["name"] == f"{name}_ck"
