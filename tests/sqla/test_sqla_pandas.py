"""pandas through the dialect: DataFrame.to_sql and read_sql."""

from __future__ import annotations

import datetime
import decimal

import pytest

sqlalchemy = pytest.importorskip("sqlalchemy")
pd = pytest.importorskip("pandas")


def _frame():
    return pd.DataFrame({
        "i": pd.array([1, 2, None], dtype="Int64"),
        "f": [1.5, None, -2.25],
        "s": ["a", None, "ccc"],
        "d": [datetime.date(2020, 1, 2), datetime.date(2021, 3, 4), None],
        "ts": pd.to_datetime(["2020-01-02 03:04:05.5", None, "2022-12-31 23:59:59.0"]),
        "dec": [decimal.Decimal("1.10"), None, decimal.Decimal("-3.25")],
        "b": [True, False, None],
    })


def test_dataframe_to_sql_and_read_sql_round_trip(engine, name):
    frame = _frame()
    dtype = {"dec": sqlalchemy.Numeric(10, 2), "d": sqlalchemy.Date(),
             "b": sqlalchemy.Boolean(), "s": sqlalchemy.String(10)}
    try:
        written = frame.to_sql(name, engine, index=False, dtype=dtype)
        assert written in (None, 3)
        back = pd.read_sql(f"SELECT * FROM {name}", engine, coerce_float=False)
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP TABLE {name}")
    rows = {r["s"] if isinstance(r["s"], str) else None: r for r in back.to_dict("records")}
    a, c, n = rows["a"], rows["ccc"], rows[None]
    assert (a["i"], n["i"]) == (1, 2) and pd.isna(c["i"])
    assert (a["f"], c["f"]) == (1.5, -2.25) and pd.isna(n["f"])
    assert (a["d"], n["d"]) == (datetime.date(2020, 1, 2), datetime.date(2021, 3, 4))
    assert c["d"] is None
    assert pd.Timestamp(a["ts"]) == frame["ts"][0] and pd.isna(n["ts"])
    assert (a["dec"], c["dec"]) == (decimal.Decimal("1.10"), decimal.Decimal("-3.25"))
    assert n["dec"] is None
    assert (a["b"], n["b"]) == (True, False) and c["b"] is None


def test_read_sql_table_reflects_and_reads(engine, name):
    pd.DataFrame({"x": [1, 2], "y": ["p", "q"]}).to_sql(name, engine, index=False)
    try:
        back = pd.read_sql_table(name, engine)
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP TABLE {name}")
    assert back.to_dict("list") == {"x": [1, 2], "y": ["p", "q"]}


def test_to_sql_append_adds_rows(engine, name):
    frame = pd.DataFrame({"x": [1, 2]})
    frame.to_sql(name, engine, index=False)
    frame.to_sql(name, engine, index=False, if_exists="append")
    try:
        back = pd.read_sql(f"SELECT COUNT(*) AS n FROM {name}", engine)
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP TABLE {name}")
    assert int(back["n"][0]) == 4
