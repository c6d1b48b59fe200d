"""What IBM JDBC learns from the server's DESCRIBE of each corpus type:
type name with qualifier, precision/scale and nullability."""

from __future__ import annotations

import re

import pytest

from . import corpus

pytestmark = pytest.mark.jdbc

#: Declarations whose name IBM JDBC reports differently (its own spelling).
_NAMES = {"INTEGER": "int", "REAL": "smallfloat", "DOUBLE PRECISION": "float",
          "SERIAL": "serial"}


def jdbc_type_name(case: corpus.Case) -> str:
    """getColumnTypeName as IBM JDBC spells the declared type.

    Parameters of character and numeric types are dropped; DATETIME and
    INTERVAL keep their qualifier, INTERVAL with its leading precision
    made explicit (the default is 4 for YEAR, 2 otherwise).
    """
    decl = case.decl
    if decl.startswith("DATETIME"):
        return decl.lower()
    if decl.startswith("INTERVAL"):
        m = re.fullmatch(r"INTERVAL (\w+)(?:\((\d)\))? TO (.+)", decl)
        lead = m.group(2) or ("4" if m.group(1) == "YEAR" else "2")
        return f"interval {m.group(1).lower()}({lead}) to {m.group(3).lower()}"
    base = decl.split("(")[0]
    return _NAMES.get(base, base.lower())


def _metadata(jconn, case, prefix):
    """ResultSetMetaData of ``SELECT id, v`` from a fresh table of ``case``."""
    jconn.createStatement().executeUpdate(corpus.create_table_sql(case, prefix))
    return jconn.prepareStatement(corpus.select_sql(case, prefix)).getMetaData()


@pytest.mark.parametrize("case", corpus.CASES, ids=lambda c: c.id)
def test_jdbc_type_name_is_the_declared_type(jconn, case):
    assert str(_metadata(jconn, case, "jmn").getColumnTypeName(2)) == jdbc_type_name(case)


_PRECISION_SCALE = [c for c in corpus.CASES
                    if re.fullmatch(r"(DECIMAL|MONEY)\(\d+(,\d+)?\)|N?CHAR\(\d+\)", c.decl)]


@pytest.mark.parametrize("case", _PRECISION_SCALE, ids=lambda c: c.id)
def test_jdbc_precision_and_scale_are_the_declared_ones(jconn, case):
    nums = [int(n) for n in re.findall(r"\d+", case.decl)]
    # floating DECIMAL(p) has scale byte 255 on the wire; MONEY(p) is MONEY(p,2)
    default_scale = {"decimal": 255, "money": 2}.get(case.family, 0)
    want = (nums[0], nums[1] if len(nums) > 1 else default_scale)
    md = _metadata(jconn, case, "jmp")
    assert (int(md.getPrecision(2)), int(md.getScale(2))) == want


@pytest.mark.parametrize("case", [c for c in corpus.CASES if c.family == "datetime"],
                         ids=lambda c: c.id)
def test_jdbc_datetime_scale_is_its_fraction_digits(jconn, case):
    assert int(_metadata(jconn, case, "jms").getScale(2)) == case.frac


def test_jdbc_not_null_column_is_described_not_nullable(jconn):
    case = corpus.CASES_BY_ID["integer"]
    md = _metadata(jconn, case, "jmz")
    no_nulls, nullable = 0, 1  # java.sql.ResultSetMetaData constants
    assert (int(md.isNullable(1)), int(md.isNullable(2))) == (no_nulls, nullable)


@pytest.mark.parametrize("database,decl,want", [
    ("testdb", "DECIMAL", (16, 255)),
    ("testdb", "MONEY", (16, 2)),
    ("testdb", "MONEY(8)", (8, 2)),
    # ANSI databases have no floating DECIMAL: DECIMAL(p) is DECIMAL(p,0)
    ("ansidb", "DECIMAL(12)", (12, 0)),
    ("ansidb", "DECIMAL", (16, 0)),
], ids=["decimal", "money", "money_8", "ansi_decimal_12", "ansi_decimal"])
def test_jdbc_numeric_declaration_defaults(jdbc_connect, database, decl, want):
    conn = jdbc_connect(database)
    table = "jmd_" + re.sub(r"\W+", "_", f"{database}_{decl}").strip("_").lower()
    conn.createStatement().executeUpdate(f"CREATE TABLE {table} (v {decl})")
    md = conn.prepareStatement(f"SELECT v FROM {table}").getMetaData()
    assert (int(md.getPrecision(1)), int(md.getScale(1))) == want


def test_jdbc_boolean_cast_to_char_is_t_or_f(jconn):
    """Informix spells BOOLEAN as 't'/'f'; a cast keeps its declared type."""
    stmt = jconn.createStatement()
    stmt.executeUpdate("CREATE TABLE jmb (b BOOLEAN, n INT)")
    stmt.executeUpdate("INSERT INTO jmb VALUES ('t', 1)")
    stmt.executeUpdate("INSERT INTO jmb VALUES ('f', 2)")
    rs = stmt.executeQuery("SELECT b::CHAR(1) FROM jmb ORDER BY n")
    md = rs.getMetaData()
    got = []
    while rs.next():
        got.append(str(rs.getString(1)))
    assert (got, str(md.getColumnTypeName(1)), int(md.getPrecision(1))) == (["t", "f"], "char", 1)
