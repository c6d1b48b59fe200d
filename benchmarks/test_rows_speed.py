"""Throughput of whole-row decoding and encoding, per implementation.

One typical ETL row (int, bigint, varchar(40), char(10), decimal(12,2),
date, datetime year to second, float), 10,000 times: decoded as a fetch
decodes SQ_TUPLE payloads, encoded as the test server encodes them.

Run with ``python -m pytest benchmarks/test_rows_speed.py --benchmark-enable``
and compare the ``[python]`` and ``[cython]`` rows.  Nothing here asserts a
timing: without ``--benchmark-enable`` each benchmark runs once, as a smoke
test of the results.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from informix_db.codecs import rows as spec
from informix_db.types import parse_type

ROWS = 10_000
COLUMNS = [parse_type(d) for d in (
    "INTEGER", "BIGINT", "VARCHAR(40)", "CHAR(10)", "DECIMAL(12,2)", "DATE",
    "DATETIME YEAR TO SECOND", "FLOAT")]


def _row(i: int) -> tuple:
    return (i, i * 1_000_003, f"customer name {i}", f"C{i % 1000:05d}",
            Decimal(f"{i % 100000}.{i % 100:02d}"), dt.date(2000, 1, 1) + dt.timedelta(days=i % 9000),
            dt.datetime(2024, 1, 1, 0, 0, 0) + dt.timedelta(seconds=i * 37), i / 7)


VALUES = [_row(i) for i in range(ROWS)]
PAYLOADS = [spec.encode_row(COLUMNS, v) for v in VALUES]


def _decode_all(decode, payloads):
    return [decode(p, 0)[0] for p in payloads]


def _encode_all(encode, values):
    return [encode(v) for v in values]


def test_decode_10k_etl_rows(benchmark, impl):
    decode = impl.rows.row_decoder(COLUMNS)
    decoded = benchmark(_decode_all, decode, PAYLOADS)
    assert decoded[1234] == tuple(v if i != 3 else v.ljust(10)
                                  for i, v in enumerate(VALUES[1234]))


def test_encode_10k_etl_rows(benchmark, impl):
    encode = impl.rows.row_encoder(COLUMNS)
    assert benchmark(_encode_all, encode, VALUES) == PAYLOADS
