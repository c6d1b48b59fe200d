"""Every corpus type: IBM JDBC inserts each value with a PreparedStatement
and reads back exactly the value the corpus expects."""

from __future__ import annotations

import pytest

from . import corpus, jdbc
from .checks import mismatches

pytestmark = pytest.mark.jdbc


@pytest.mark.parametrize("case", corpus.CASES, ids=lambda c: c.id)
def test_jdbc_reads_back_what_it_inserted(jconn, case):
    case = jdbc.representable(case)
    stmt = jconn.createStatement()
    stmt.executeUpdate(corpus.create_table_sql(case, "j"))
    ps = jconn.prepareStatement(corpus.insert_sql(case, "j"))
    for i, row in enumerate(case.rows):
        ps.setInt(1, i)
        jdbc.bind(ps, 2, case, row.sent)
        assert ps.executeUpdate() == 1, f"row {i} insert count"
    rs = stmt.executeQuery(corpus.select_sql(case, "j"))
    got = []
    while rs.next():
        got.append((int(rs.getInt(1)), jdbc.read(rs, 2, case)))
    assert mismatches(case, got) == []


@pytest.mark.parametrize("case", [c for c in corpus.CASES if jdbc.timestamp_qualifier(c)],
                         ids=lambda c: c.id)
def test_jdbc_literal_text_of_datetime_matches_timestamp(jconn, case):
    """getString gives the Informix literal of the same value getTimestamp gives."""
    stmt = jconn.createStatement()
    table = corpus.case_table(case, "js")
    stmt.executeUpdate(f"CREATE TABLE {table} (v {case.decl})")
    ps = jconn.prepareStatement(f"INSERT INTO {table} VALUES (?)")
    value = case.rows[0].want
    jdbc.bind(ps, 1, case, value)
    ps.executeUpdate()
    rs = stmt.executeQuery(f"SELECT v FROM {table}")
    assert rs.next()
    assert str(rs.getString(1)) == corpus.datetime_literal(case, value)


@pytest.mark.parametrize("case", corpus.LITERAL_CASES, ids=lambda c: c.id)
def test_jdbc_reads_back_datetime_and_interval_sql_literals(jconn, case):
    """Rows inserted as DATETIME(...)/INTERVAL(...) literals: no binding, no
    character conversion, only the server's encoding and JDBC's decoding."""
    case = jdbc.representable(case)
    stmt = jconn.createStatement()
    stmt.executeUpdate(corpus.create_table_sql(case, "jl"))
    for i in range(len(case.rows)):
        assert stmt.executeUpdate(corpus.insert_literal_sql(case, "jl", i)) == 1
    rs = stmt.executeQuery(corpus.select_sql(case, "jl"))
    got = []
    while rs.next():
        got.append((int(rs.getInt(1)), jdbc.read(rs, 2, case)))
    assert mismatches(case, got) == []


@pytest.mark.parametrize("case", [c for c in corpus.CASES if c.family.startswith("interval")],
                         ids=lambda c: c.id)
def test_jdbc_interval_from_character_text(jconn, case):
    """INTERVAL literal text bound with setString: the server converts it."""
    stmt = jconn.createStatement()
    stmt.executeUpdate(corpus.create_table_sql(case, "jt"))
    ps = jconn.prepareStatement(corpus.insert_sql(case, "jt"))
    for i, row in enumerate(case.rows):
        ps.setInt(1, i)
        if row.sent is None:
            ps.setNull(2, jdbc.J("java.sql.Types").VARCHAR)
        else:
            ps.setString(2, corpus.interval_literal(case, row.sent))
        assert ps.executeUpdate() == 1
    rs = stmt.executeQuery(corpus.select_sql(case, "jt"))
    got = []
    while rs.next():
        got.append((int(rs.getInt(1)), jdbc.read(rs, 2, case)))
    assert mismatches(case, got) == []


@pytest.mark.parametrize("case", corpus.LOOKUP_CASES, ids=lambda c: c.id)
def test_jdbc_orders_and_finds_each_row_by_its_value(jconn, case):
    """ORDER BY v sorts as Informix does (NULL lowest), and WHERE v = ? with
    each stored value selects exactly the equal rows."""
    case = jdbc.representable(case)
    stmt = jconn.createStatement()
    stmt.executeUpdate(corpus.create_table_sql(case, "jw"))
    ps = jconn.prepareStatement(corpus.insert_sql(case, "jw"))
    for i, row in enumerate(case.rows):
        ps.setInt(1, i)
        jdbc.bind(ps, 2, case, row.sent)
        ps.executeUpdate()
    rs = stmt.executeQuery(corpus.order_sql(case, "jw"))
    order = []
    while rs.next():
        order.append(int(rs.getInt(1)))
    assert order == corpus.ordered_ids(case), "ORDER BY v"
    query = jconn.prepareStatement(corpus.lookup_sql(case, "jw"))
    wrong = {}
    for i, row in enumerate(case.rows):
        if row.sent is None:
            continue
        jdbc.bind(query, 1, case, corpus.lookup_value(case, row))
        rs = query.executeQuery()
        found = []
        while rs.next():
            found.append(int(rs.getInt(1)))
        if found != corpus.matching_ids(case, i):
            wrong[i] = found
    assert wrong == {}


@pytest.mark.parametrize("case", [c for c in corpus.CASES if not c.id.startswith(
    ("serial", "bigserial"))], ids=lambda c: c.id)
def test_jdbc_update_replaces_each_value(jconn, case):
    """UPDATE ... SET v = ? moves every value (NULL included) to another row."""
    case = jdbc.representable(case)
    stmt = jconn.createStatement()
    stmt.executeUpdate(corpus.create_table_sql(case, "ju"))
    ins = jconn.prepareStatement(corpus.insert_sql(case, "ju"))
    for i, row in enumerate(case.rows):
        ins.setInt(1, i)
        jdbc.bind(ins, 2, case, row.sent)
        ins.executeUpdate()
    n = len(case.rows)
    upd = jconn.prepareStatement(f"UPDATE {corpus.case_table(case, 'ju')} SET v = ? WHERE id = ?")
    for i in range(n):
        jdbc.bind(upd, 1, case, case.rows[(i + 1) % n].sent)
        upd.setInt(2, i)
        assert upd.executeUpdate() == 1
    rs = stmt.executeQuery(corpus.select_sql(case, "ju"))
    got = []
    while rs.next():
        got.append((int(rs.getInt(1)), jdbc.read(rs, 2, case)))
    rotated = corpus.Case(case.id, case.decl, case.family,
                          case.rows[1:] + case.rows[:1], case.fields, case.frac)
    assert mismatches(rotated, got) == []
