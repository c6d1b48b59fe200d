"""The dialect with SQLAlchemy Core: connecting, SQL compilation, DML, DDL."""

from __future__ import annotations

import os

import pytest

sqlalchemy = pytest.importorskip("sqlalchemy")

from sqlalchemy import (  # noqa: E402
    Column, Integer, MetaData, Sequence, String, Table, func, inspect, literal, select, text,
)

from informix_db.sqlalchemy import InformixDialect, matches  # noqa: E402


def _people(metadata, name):
    return Table(name, metadata, Column("id", Integer, primary_key=True),
                 Column("name", String(30)))


def test_engine_connects_and_selects_one(engine):
    with engine.connect() as conn:
        assert conn.scalar(select(literal(1))) == 1


def test_driver_qualified_url_connects(driver_url):
    eng = sqlalchemy.create_engine(driver_url)
    with eng.connect() as conn:
        assert conn.dialect.driver == "informix_db"
        assert conn.exec_driver_sql("SELECT 1 FROM systables WHERE tabid = 1").scalar() == 1
    eng.dispose()


def test_url_query_options_reach_connect():
    url = sqlalchemy.engine.make_url(
        "informix://u:p%40w@db.example.com:9089/stores?server=ol&read_timeout=30")
    cargs, kw = InformixDialect().create_connect_args(url)
    assert cargs == []
    assert kw["host"] == "db.example.com" and kw["port"] == 9089
    assert kw["user"] == "u" and kw["password"] == "p@w" and kw["database"] == "stores"
    assert kw["server"] == "ol" and kw["read_timeout"] == 30.0


def test_dialect_declares_no_returning_and_statement_cache():
    d = InformixDialect()
    assert d.supports_statement_cache
    assert not d.insert_returning and not d.update_returning and not d.delete_returning
    assert d.postfetch_lastrowid
    assert d.paramstyle == "qmark"


def test_limit_offset_compile_to_skip_first():
    t = _people(MetaData(), "p")
    sql = str(select(t).order_by(t.c.id).limit(5).offset(10).compile(
        dialect=InformixDialect(), compile_kwargs={"render_postcompile": True}))
    assert sql.startswith("SELECT SKIP 10 FIRST 5 p.id, p.name")


def test_limit_offset_select_rows(engine, metadata, name):
    t = _people(metadata, name)
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(t.insert(), [{"name": f"n{i}"} for i in range(10)])
        rows = conn.execute(select(t.c.name).order_by(t.c.id).limit(3).offset(4)).all()
    assert [r.name for r in rows] == ["n4", "n5", "n6"]


def test_limit_with_distinct_puts_first_before_distinct(engine, metadata, name):
    t = _people(metadata, name)
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(t.insert(), [{"name": n} for n in "aabbc"])
        rows = conn.execute(select(t.c.name).distinct().order_by(t.c.name).limit(2)).all()
    assert [r.name for r in rows] == ["a", "b"]


def test_serial_primary_key_in_inserted_primary_key(engine, metadata, name):
    t = _people(metadata, name)
    metadata.create_all(engine)
    with engine.begin() as conn:
        first = conn.execute(t.insert().values(name="a")).inserted_primary_key
        second = conn.execute(t.insert().values(name="b")).inserted_primary_key
    assert (first[0], second[0]) == (1, 2)


def test_integer_primary_key_is_created_as_serial(engine, metadata, name):
    t = _people(metadata, name)
    ddl = str(sqlalchemy.schema.CreateTable(t).compile(dialect=InformixDialect()))
    assert "id SERIAL NOT NULL" in ddl


def test_biginteger_primary_key_is_bigserial(engine, metadata, name):
    t = Table(name, metadata, Column("id", sqlalchemy.BigInteger, primary_key=True),
              Column("x", Integer))
    metadata.create_all(engine)
    with engine.begin() as conn:
        pk = conn.execute(t.insert().values(x=1)).inserted_primary_key
    assert pk[0] == 1
    assert "BIGSERIAL" in str(sqlalchemy.schema.CreateTable(t).compile(dialect=engine.dialect))


def test_matches_operator(engine, metadata, name):
    t = _people(metadata, name)
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(t.insert(), [{"name": "alpha"}, {"name": "beta"}, {"name": "alps"}])
        rows = conn.execute(select(t.c.name).where(matches(t.c.name, "al*"))
                            .order_by(t.c.name)).all()
    assert [r.name for r in rows] == ["alpha", "alps"]


def test_sequence_nextval_feeds_primary_key(engine, metadata, name):
    seq = Sequence(f"{name}_seq", metadata=metadata)
    t = Table(name, metadata, Column("id", Integer, seq, primary_key=True),
              Column("x", Integer))
    metadata.create_all(engine)
    with engine.begin() as conn:
        pk1 = conn.execute(t.insert().values(x=1)).inserted_primary_key[0]
        pk2 = conn.execute(t.insert().values(x=2)).inserted_primary_key[0]
        stored = conn.execute(select(t.c.id).order_by(t.c.id)).scalars().all()
    assert pk2 > pk1 and stored == [pk1, pk2]


def test_sequence_next_value_in_select(engine, metadata, name):
    seq = Sequence(f"{name}_s", start=10, metadata=metadata)
    metadata.create_all(engine)
    with engine.begin() as conn:
        assert conn.scalar(select(seq.next_value())) == 10
        assert inspect(conn).has_sequence(f"{name}_s")


def test_create_sequence_spells_informix_options():
    seq = Sequence("s", start=5, increment=2, nomaxvalue=True, cycle=False)
    ddl = str(sqlalchemy.schema.CreateSequence(seq).compile(dialect=InformixDialect()))
    assert ddl == "CREATE SEQUENCE s INCREMENT BY 2 START WITH 5 NOMAXVALUE NOCYCLE"


def test_constraint_names_follow_definitions():
    md = MetaData()
    Table("parent", md, Column("id", Integer, primary_key=True))
    t = Table("child", md, Column("id", Integer),
              Column("pid", Integer, sqlalchemy.ForeignKey("parent.id", name="fk_p")),
              sqlalchemy.PrimaryKeyConstraint("id", name="pk_c"),
              sqlalchemy.CheckConstraint("id > 0", name="ck_c"))
    ddl = str(sqlalchemy.schema.CreateTable(t).compile(dialect=InformixDialect()))
    assert "PRIMARY KEY (id) CONSTRAINT pk_c" in ddl
    assert "CHECK (id > 0) CONSTRAINT ck_c" in ddl
    assert "FOREIGN KEY (pid) REFERENCES parent (id) CONSTRAINT fk_p" in ddl


def test_select_without_from_reads_one_row_table(engine):
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(
            select(literal(1).label("x")).subquery())) == 1


def test_stream_results_fetches_in_rounds(engine, metadata, name):
    t = _people(metadata, name)
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(t.insert(), [{"name": f"n{i}"} for i in range(50)])
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, max_row_buffer=7).execute(
            select(t.c.id).order_by(t.c.id))
        parts = list(result.partitions(20))
    assert [len(p) for p in parts] == [20, 20, 10] and parts[0][0].id == 1


def test_isolation_levels_set_and_read_back(engine):
    for level in ("READ UNCOMMITTED", "READ COMMITTED", "REPEATABLE READ", "SERIALIZABLE"):
        with engine.connect().execution_options(isolation_level=level) as conn:
            assert conn.get_isolation_level() == level
            conn.exec_driver_sql("SELECT 1 FROM systables WHERE tabid = 1").all()


def test_autocommit_isolation_level(engine, metadata, name):
    t = _people(metadata, name)
    metadata.create_all(engine)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(t.insert().values(name="kept"))
    with engine.connect() as conn:
        assert conn.scalar(select(t.c.name)) == "kept"


def test_rollback_discards_insert(engine, metadata, name):
    t = _people(metadata, name)
    metadata.create_all(engine)
    with engine.connect() as conn:
        conn.execute(t.insert().values(name="gone"))
        conn.rollback()
        assert conn.scalar(select(func.count()).select_from(t)) == 0


def test_create_all_and_drop_all(engine, name):
    md = MetaData()
    _people(md, name)
    md.create_all(engine)
    assert inspect(engine).has_table(name)
    md.drop_all(engine)
    assert not inspect(engine).has_table(name)


def test_text_with_named_binds(engine):
    with engine.connect() as conn:
        row = conn.execute(text("SELECT tabname FROM systables WHERE tabid = :t"),
                           {"t": 1}).one()
    assert row.tabname == "systables"


def test_typed_bind_in_select_list_is_cast(engine):
    import datetime

    with engine.connect() as conn:
        value = conn.scalar(select(literal(datetime.date(2012, 10, 15))))
    assert value == datetime.date(2012, 10, 15)


def test_integer_division_is_exact(engine):
    with engine.connect() as conn:
        assert conn.scalar(select(literal(15) / literal(10))) == 1.5


def test_the_dialect_is_registered_by_entry_point():
    from importlib.metadata import entry_points

    names = {ep.name: ep.value for ep in entry_points(group="sqlalchemy.dialects")}
    if "informix" not in names and os.environ.get("INFORMIX_DB_EXPECT_INSTALLED") != "1":
        pytest.skip("a source checkout without installed metadata")
    assert names["informix"] == names["informix.informix_db"] == \
        "informix_db.sqlalchemy:InformixDialect"
