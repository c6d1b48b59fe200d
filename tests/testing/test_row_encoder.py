"""describe.row_encoder: the per-cursor encoder gives tuple_payload's bytes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from informix_db import types as T
from informix_db.exceptions import InterfaceError
from informix_db.testing.describe import Column, row_encoder, tuple_payload

COLUMNS = [Column("i", T.ColumnType(T.SQLINT)), Column("d", T.ColumnType(T.SQLDECIMAL, 0x0c02)),
           Column("s", T.ColumnType(T.SQLVCHAR, 40)), Column("day", T.ColumnType(T.SQLDATE))]


@pytest.mark.parametrize("row", [(1, Decimal("12.50"), "abc", dt.date(2020, 1, 2)),
                                 (None, None, None, None)])
def test_row_encoder_matches_tuple_payload(row):
    assert row_encoder(COLUMNS, "latin-1")(row) == tuple_payload(COLUMNS, row, "latin-1")


def test_row_encoder_refuses_a_row_of_the_wrong_length():
    with pytest.raises(InterfaceError):
        row_encoder(COLUMNS, "latin-1")((1, 2))
