"""BLOB and CLOB columns through SQLAlchemy: values bound as new objects of
their column, read back as bytes / str."""

from __future__ import annotations

import io

import pytest

sqlalchemy = pytest.importorskip("sqlalchemy")

from sqlalchemy import Column, Integer, Table, insert, select, update  # noqa: E402

from informix_db.sqlalchemy import BLOB, CLOB  # noqa: E402


@pytest.fixture
def docs(engine, metadata, name):
    table = Table(name, metadata, Column("id", Integer, primary_key=True),
                  Column("body", BLOB), Column("note", CLOB))
    metadata.create_all(engine)
    return table


def test_bytes_and_text_round_trip_through_blob_and_clob_columns(engine, docs):
    payload = bytes(range(256)) * 300  # past one SQ_LODATA chunk
    with engine.begin() as conn:
        conn.execute(insert(docs).values(id=1, body=payload, note="héllo wörld"))
    with engine.connect() as conn:
        assert conn.execute(select(docs.c.body, docs.c.note)).one() == (payload,
                                                                        "héllo wörld")


def test_null_empty_and_several_rows_keep_their_values(engine, docs):
    rows = [{"id": 1, "body": None, "note": None}, {"id": 2, "body": b"", "note": ""},
            {"id": 3, "body": b"x" * 40_000, "note": "y" * 33_000}]
    with engine.begin() as conn:
        conn.execute(insert(docs), rows)  # executemany
    with engine.connect() as conn:
        got = conn.execute(select(docs).order_by(docs.c.id)).all()
    assert [tuple(r) for r in got] == [(r["id"], r["body"], r["note"]) for r in rows]


def test_a_file_object_is_streamed_into_a_blob_and_an_update_replaces_it(engine, docs):
    with engine.begin() as conn:
        conn.execute(insert(docs).values(id=1, body=io.BytesIO(b"first"), note="a"))
        conn.execute(update(docs).where(docs.c.id == 1).values(body=b"second"))
    with engine.connect() as conn:
        assert conn.execute(select(docs.c.body)).scalar_one() == b"second"


def test_a_reflected_table_binds_and_reads_its_smart_lobs(engine, docs):
    reflected = Table(docs.name, sqlalchemy.MetaData(), autoload_with=engine)
    assert isinstance(reflected.c.body.type, BLOB) and isinstance(reflected.c.note.type, CLOB)
    with engine.begin() as conn:
        conn.execute(insert(reflected).values(id=5, body=b"abc", note="def"))
    with engine.connect() as conn:
        assert conn.execute(select(reflected.c.body, reflected.c.note)).one() == (b"abc",
                                                                                  "def")


def test_one_type_instance_on_two_columns_refuses_to_guess_the_column(engine, metadata, name):
    shared = BLOB()
    table = Table(name, metadata, Column("a", shared), Column("b", shared))
    metadata.create_all(engine)
    with engine.begin() as conn, pytest.raises(sqlalchemy.exc.StatementError,
                                               match="no single Table column"):
        conn.execute(insert(table).values(a=b"1", b=b"2"))
