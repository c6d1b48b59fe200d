"""SMALLINT columns through the driver: arithmetic is INTEGER, storage stays 16 bits.

Informix carries out arithmetic on SMALLINT operands as INTEGER (the numeric
conversion table of the ESQL/C Guide: SMALLINT op SMALLINT -> INT), so
``s * s`` of -32767 is 1073676289, described as INTEGER; a SMALLINT column
still describes as SMALLINT and refuses values beyond +/-32767 with -1214.
"""

from __future__ import annotations

import itertools

import pytest

from informix_db import DatabaseError
from informix_db import types as T

S_MAX = 32767
I_MAX = 2**31 - 1
SMALLINT_OVERFLOW = -1214
INTEGER_OVERFLOW = -1215
UNIQUE_VIOLATION = -268

_names = itertools.count()


def smallint_table(cur, *values, decl="s SMALLINT") -> str:
    name = f"sm_{next(_names)}"
    cur.execute(f"CREATE TABLE {name} ({decl})")
    for v in values:
        cur.execute(f"INSERT INTO {name} (s) VALUES (?)", (v,))
    return name


def type_code(cur) -> int:
    return cur.description[0][1]


def test_product_of_smallint_columns_is_an_integer(cur):
    t = smallint_table(cur, -S_MAX)
    cur.execute(f"SELECT s * s FROM {t}")
    assert (cur.fetchall(), type_code(cur)) == ([(S_MAX * S_MAX,)], T.SQLINT)


def test_smallint_column_times_a_parameter_is_an_integer(cur):
    t = smallint_table(cur, -S_MAX)
    cur.execute(f"SELECT s * ? FROM {t}", (S_MAX,))
    assert cur.fetchall() == [(-S_MAX * S_MAX,)]


def test_sum_of_smallint_columns_passes_16_bits(cur):
    t = smallint_table(cur, S_MAX, decl="s SMALLINT, u SMALLINT DEFAULT 32767")
    cur.execute(f"SELECT s + u FROM {t}")
    assert cur.fetchall() == [(2 * S_MAX,)]


def test_smallint_column_describes_as_smallint(cur):
    t = smallint_table(cur, 5)
    cur.execute(f"SELECT s FROM {t}")
    assert (cur.fetchall(), type_code(cur)) == ([(5,)], T.SQLSMINT)


def test_smallint_column_times_a_constant_describes_as_integer(cur):
    t = smallint_table(cur, 5)
    cur.execute(f"SELECT s * 2 FROM {t}")
    assert (cur.fetchall(), type_code(cur)) == ([(10,)], T.SQLINT)


def test_max_of_a_smallint_column_describes_as_smallint(cur):
    t = smallint_table(cur, 5, -7)
    cur.execute(f"SELECT MAX(s) FROM {t}")
    assert (cur.fetchall(), type_code(cur)) == ([(5,)], T.SQLSMINT)


def test_integer_overflow_of_smallint_arithmetic_is_an_error(cur):
    t = smallint_table(cur, -S_MAX)
    with pytest.raises(DatabaseError) as info:
        cur.execute(f"SELECT s * s * s FROM {t}")
        cur.fetchall()
    assert info.value.sqlcode == INTEGER_OVERFLOW


@pytest.mark.parametrize("value", [S_MAX, -S_MAX, 0])
def test_smallint_column_keeps_its_range_ends(cur, value):
    t = smallint_table(cur, value)
    cur.execute(f"SELECT s FROM {t}")
    assert cur.fetchall() == [(value,)]


@pytest.mark.parametrize("value", [S_MAX + 1, -S_MAX - 1, -S_MAX - 2, I_MAX])
def test_smallint_column_refuses_a_parameter_beyond_its_range(cur, value):
    t = smallint_table(cur, decl="k INTEGER, s SMALLINT")
    with pytest.raises(DatabaseError) as info:
        cur.execute(f"INSERT INTO {t} VALUES (1, ?)", (value,))
    assert info.value.sqlcode == SMALLINT_OVERFLOW


@pytest.mark.parametrize("literal", ["32768", "-32768", "70000"])
def test_smallint_column_refuses_a_literal_beyond_its_range(cur, literal):
    t = smallint_table(cur)
    with pytest.raises(DatabaseError) as info:
        cur.execute(f"INSERT INTO {t} VALUES ({literal})")
    assert info.value.sqlcode == SMALLINT_OVERFLOW


def test_update_past_the_smallint_range_is_refused(cur):
    t = smallint_table(cur, S_MAX)
    with pytest.raises(DatabaseError) as info:
        cur.execute(f"UPDATE {t} SET s = s + 1")
    assert info.value.sqlcode == SMALLINT_OVERFLOW


def test_cast_to_smallint_checks_the_range(cur):
    with pytest.raises(DatabaseError) as info:
        cur.execute("SELECT CAST(70000 AS SMALLINT) FROM systables WHERE tabid = 1")
        cur.fetchall()
    assert info.value.sqlcode == SMALLINT_OVERFLOW


def test_cast_to_smallint_describes_as_smallint(cur):
    cur.execute("SELECT 300::SMALLINT FROM systables WHERE tabid = 1")
    assert (cur.fetchall(), type_code(cur)) == ([(300,)], T.SQLSMINT)


def test_modify_to_smallint_refuses_values_beyond_its_range(cur):
    t = smallint_table(cur, 40000, decl="s INTEGER")
    with pytest.raises(DatabaseError) as info:
        cur.execute(f"ALTER TABLE {t} MODIFY (s SMALLINT)")
    assert info.value.sqlcode == SMALLINT_OVERFLOW


def test_syscolumns_records_a_smallint_column(cur):
    t = smallint_table(cur)
    cur.execute("SELECT c.coltype, c.collength FROM syscolumns c, systables t"
                " WHERE c.tabid = t.tabid AND t.tabname = ?", (t,))
    assert cur.fetchall() == [(T.SQLSMINT, 2)]


def test_smallint_primary_key_refuses_a_duplicate(cur):
    t = smallint_table(cur, 7, decl="s SMALLINT PRIMARY KEY")
    with pytest.raises(DatabaseError) as info:
        cur.execute(f"INSERT INTO {t} VALUES (?)", (7,))
    assert info.value.sqlcode == UNIQUE_VIOLATION


def test_smallint_unique_column_refuses_a_duplicate(cur):
    t = smallint_table(cur, -S_MAX, decl="s SMALLINT UNIQUE")
    with pytest.raises(DatabaseError) as info:
        cur.execute(f"INSERT INTO {t} VALUES (?)", (-S_MAX,))
    assert info.value.sqlcode == UNIQUE_VIOLATION


def test_indexed_smallint_column_finds_its_row(cur):
    t = smallint_table(cur, 1, 2, S_MAX)
    cur.execute(f"CREATE UNIQUE INDEX ix_{t} ON {t} (s)")
    cur.execute(f"SELECT s FROM {t} WHERE s = ?", (S_MAX,))
    assert cur.fetchall() == [(S_MAX,)]


def test_arithmetic_on_a_smallint_catalog_column_is_integer(cur):
    t = smallint_table(cur)
    cur.execute("SELECT c.colno * 100000 FROM syscolumns c, systables t"
                " WHERE c.tabid = t.tabid AND t.tabname = ?", (t,))
    assert (cur.fetchall(), type_code(cur)) == ([(100000,)], T.SQLINT)


def test_smallint_catalog_column_describes_as_smallint(cur):
    t = smallint_table(cur)
    cur.execute("SELECT c.colno FROM syscolumns c, systables t"
                " WHERE c.tabid = t.tabid AND t.tabname = ?", (t,))
    assert (cur.fetchall(), type_code(cur)) == ([(1,)], T.SQLSMINT)
