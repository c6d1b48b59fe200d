"""DESCRIBE fields <-> ColumnType."""

import pytest

from informix_db.codecs import describe as DS
from informix_db.types import ColumnType, parse_type


def test_boolean_is_described_as_the_boolean_opaque_type():
    assert DS.describe_fields(parse_type("BOOLEAN")) == (41, 5, "boolean", 1)


def test_lvarchar_is_described_as_the_lvarchar_opaque_type():
    assert DS.describe_fields(parse_type("LVARCHAR(300)")) == (40, 1, "lvarchar", 300)


def test_not_null_sets_the_flag():
    assert DS.describe_fields(parse_type("INTEGER NOT NULL"))[0] == 0x102


@pytest.mark.parametrize("decl", [
    "INTEGER", "INTEGER NOT NULL", "BOOLEAN", "BOOLEAN NOT NULL", "LVARCHAR(300)", "DECIMAL(10,2)",
    "DATETIME YEAR TO SECOND", "VARCHAR(20,4)", "BYTE",
])
def test_describe_round_trips(decl):
    ct = parse_type(decl)
    code, xid, xname, length = DS.describe_fields(ct)
    assert DS.column_type_from_describe(code, length, xid, xname) == ct


def test_g20_describe_fields_map_to_the_declared_types():
    # g20 described amt as (5, 0x0a02) and ts as (10, 0x0e0a)
    assert DS.column_type_from_describe(5, 0x0A02) == parse_type("DECIMAL(10,2)")
    assert DS.column_type_from_describe(10, 0x0E0A) == parse_type("DATETIME YEAR TO SECOND")


def test_other_opaque_types_keep_their_code():
    assert DS.column_type_from_describe(41, 72, 99, "mytype") == ColumnType(41, 72)
