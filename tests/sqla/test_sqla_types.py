"""Each Informix type through the dialect: created, written and read back."""

from __future__ import annotations

import datetime
import decimal

import pytest

sqlalchemy = pytest.importorskip("sqlalchemy")

from sqlalchemy import Column, Integer, Table, inspect, select  # noqa: E402
from sqlalchemy import types as sqltypes  # noqa: E402

import informix_db  # noqa: E402
from informix_db.sqlalchemy import types as ifx  # noqa: E402

CASES = [
    ("integer", sqltypes.Integer(), 123456),
    ("smallint", sqltypes.SmallInteger(), -12),
    ("bigint", sqltypes.BigInteger(), 2**40),
    ("int8", ifx.INT8(), -(2**40)),
    ("float", sqltypes.Float(), 1.25),
    ("smallfloat", ifx.SMALLFLOAT(), 0.5),
    ("decimal", sqltypes.Numeric(12, 3), decimal.Decimal("123456789.125")),
    ("money", ifx.MONEY(10, 2), decimal.Decimal("19.99")),
    ("varchar", sqltypes.String(40), "héllo"),
    ("char", sqltypes.CHAR(5), "abc  "),  # CHAR keeps its blank padding
    ("lvarchar", ifx.LVARCHAR(1000), "x" * 600),
    ("text_generic", sqltypes.Text(), "long text"),
    ("nvarchar", ifx.NVARCHAR(20), "nv"),
    ("boolean", sqltypes.Boolean(), True),
    ("date", sqltypes.Date(), datetime.date(2024, 2, 29)),
    ("datetime", sqltypes.DateTime(), datetime.datetime(2024, 2, 29, 13, 14, 15, 123450)),
    ("datetime_y2s", ifx.DATETIME("YEAR TO SECOND"), datetime.datetime(2001, 2, 3, 4, 5, 6)),
    ("datetime_h2m", ifx.DATETIME("HOUR TO MINUTE"), datetime.time(10, 30)),
    ("time", sqltypes.Time(), datetime.time(23, 59, 58, 120000)),
    ("interval", sqltypes.Interval(), datetime.timedelta(days=3, seconds=7, microseconds=10)),
    ("interval_d2s", ifx.INTERVAL("DAY(5) TO SECOND"), datetime.timedelta(days=400, seconds=5)),
    ("interval_y2m", ifx.INTERVAL("YEAR TO MONTH"), informix_db.IntervalYM(years=2, months=3)),
    ("byte", ifx.BYTE(), b"\x00\x01binary\xff"),
    ("large_binary", sqltypes.LargeBinary(), b"bytes"),
    ("text", ifx.TEXT(), "a simple large object"),
]


@pytest.mark.parametrize("label,type_,value", CASES, ids=[c[0] for c in CASES])
def test_type_round_trips(engine, metadata, name, label, type_, value):
    t = Table(name, metadata, Column("id", Integer, primary_key=True), Column("v", type_))
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(t.insert().values(v=value))
        conn.execute(t.insert().values(v=None))
        rows = conn.execute(select(t.c.v).order_by(t.c.id)).scalars().all()
    assert rows == [value, None]


REFLECTED = [
    ("DATETIME YEAR TO SECOND", ifx.DATETIME, "YEAR TO SECOND"),
    ("DATETIME HOUR TO FRACTION(3)", ifx.DATETIME, "HOUR TO FRACTION(3)"),
    ("INTERVAL DAY(5) TO SECOND", ifx.INTERVAL, "DAY(5) TO SECOND"),
    ("INTERVAL YEAR TO MONTH", ifx.INTERVAL, "YEAR TO MONTH"),
]


@pytest.mark.parametrize("decl,cls,qualifier", REFLECTED, ids=[r[0] for r in REFLECTED])
def test_datetime_interval_qualifiers_reflect(engine, name, decl, cls, qualifier):
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE TABLE {name} (v {decl})")
    try:
        (col,) = inspect(engine).get_columns(name)
        assert isinstance(col["type"], cls) and col["type"].qualifier == qualifier
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP TABLE {name}")


SIMPLE = [
    ("LVARCHAR(500)", ifx.LVARCHAR, {"length": 500}),
    ("MONEY(8,2)", ifx.MONEY, {"precision": 8, "scale": 2}),
    ("DECIMAL(10,3)", sqltypes.DECIMAL, {"precision": 10, "scale": 3}),
    ("BOOLEAN", sqltypes.BOOLEAN, {}),
    ("BYTE", ifx.BYTE, {}),
    ("TEXT", ifx.TEXT, {}),
    ("BLOB", ifx.BLOB, {}),
    ("CLOB", ifx.CLOB, {}),
    ("SERIAL8", ifx.SERIAL8, {}),
    ("BIGSERIAL", ifx.BIGSERIAL, {}),
    ("INT8", ifx.INT8, {}),
    ("SMALLFLOAT", ifx.SMALLFLOAT, {}),
    ("VARCHAR(33)", sqltypes.VARCHAR, {"length": 33}),
    ("NCHAR(4)", ifx.NCHAR, {"length": 4}),
]


@pytest.mark.parametrize("decl,cls,attrs", SIMPLE, ids=[r[0] for r in SIMPLE])
def test_informix_types_reflect(engine, name, decl, cls, attrs):
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE TABLE {name} (v {decl})")
    try:
        (col,) = inspect(engine).get_columns(name)
        assert isinstance(col["type"], cls)
        for attr, value in attrs.items():
            assert getattr(col["type"], attr) == value
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP TABLE {name}")
