"""executemany over a lazy iterable: windows of bounded size, errors in row k."""

from __future__ import annotations

import pytest

from informix_db import DataError, IntegrityError, InterfaceError, ProgrammingError
from informix_db.protocol import execution

from . import sqli_decode as dec
from .dbapi_helpers import Spy, table_name

testing = pytest.importorskip("informix_db.testing")


@pytest.fixture
def table(conn):
    name = table_name("win")
    conn.cursor().execute(f"CREATE TABLE {name} (k INTEGER PRIMARY KEY, s VARCHAR(20))")
    return name


def _contents(conn, table):
    cur = conn.cursor()
    cur.execute(f"SELECT k, s FROM {table} ORDER BY k")
    return cur.fetchall()


def _execute_counts(spy):
    """The EXECUTEs each request carried, for requests that carried any."""
    counts = [names.count("EXECUTE") for names in spy.messages()]
    return [c for c in counts if c]


def test_a_generator_is_consumed_a_window_at_a_time(conn, table, monkeypatch):
    monkeypatch.setattr(execution, "EXECUTE_WINDOW_SETS", 10)
    spy = Spy(conn)
    sends_when_produced = []

    def rows():
        for k in range(35):
            sends_when_produced.append(len(spy.sends))
            yield (k, f"v{k}")

    cur = conn.cursor()
    cur.executemany(f"INSERT INTO {table} VALUES (?, ?)", rows())
    assert cur.rowcount == 35
    assert _execute_counts(spy) == [10, 10, 10, 5]
    # Row 34 was produced after three windows had gone out: not all up front.
    assert sends_when_produced[34] > sends_when_produced[0]
    assert _contents(conn, table) == [(k, f"v{k}") for k in range(35)]


def test_windows_are_cut_by_bytes(conn, table, monkeypatch):
    monkeypatch.setattr(execution, "EXECUTE_WINDOW_BYTES", 300)
    spy = Spy(conn)
    cur = conn.cursor()
    cur.executemany(f"INSERT INTO {table} VALUES (?, ?)", [(k, "x" * 18) for k in range(40)])
    counts = _execute_counts(spy)
    assert sum(counts) == 40 and len(counts) > 1
    assert max(len(r) for r in spy.requests()) < 300 + 100  # one set past the limit at most
    assert cur.rowcount == 40


def test_a_full_last_window_still_releases_the_statement(conn, table, monkeypatch):
    monkeypatch.setattr(execution, "EXECUTE_WINDOW_SETS", 5)
    spy = Spy(conn)
    cur = conn.cursor()
    cur.executemany(f"INSERT INTO {table} VALUES (?, ?)", [(k, "a") for k in range(10)])
    assert cur.rowcount == 10
    flat = spy.flat()
    assert flat.count("RELEASE") == 1 and flat.index("RELEASE") > flat.index("EXECUTE")
    assert len(_contents(conn, table)) == 10


def test_an_unencodable_row_k_runs_the_rows_before_it_and_names_k(conn, table, monkeypatch):
    monkeypatch.setattr(execution, "EXECUTE_WINDOW_SETS", 4)
    rows = [(k, f"v{k}") for k in range(6)] + [(6, object())] + [(7, "never")]
    cur = conn.cursor()
    with pytest.raises(InterfaceError, match=r"^row 6: parameter 2") as info:
        cur.executemany(f"INSERT INTO {table} VALUES (?, ?)", rows)
    assert info.value.batch_row == 6
    assert cur.rowcount == 6
    assert _contents(conn, table) == [(k, f"v{k}") for k in range(6)]


def test_an_unencodable_first_row_sends_nothing(conn, table):
    spy = Spy(conn)
    with pytest.raises(DataError, match=r"^row 0: parameter 1") as info:
        conn.cursor().executemany(f"INSERT INTO {table} VALUES (?, ?)",
                                  [(2**70, "x"), (1, "y")])
    assert info.value.batch_row == 0
    assert spy.sends == []


def test_a_wrong_length_row_k_is_a_programming_error_naming_k(conn, table):
    with pytest.raises(ProgrammingError, match=r"^row 2: ") as info:
        conn.cursor().executemany(f"INSERT INTO {table} VALUES (?, ?)",
                                  [(1, "a"), (2, "b"), (3,)])
    assert info.value.batch_row == 2
    assert _contents(conn, table) == [(1, "a"), (2, "b")]


def test_a_server_failure_in_a_later_window_counts_rows_across_windows(conn, table, monkeypatch):
    monkeypatch.setattr(execution, "EXECUTE_WINDOW_SETS", 3)
    rows = [(k, "a") for k in range(7)] + [(0, "dup"), (99, "never")]
    cur = conn.cursor()
    with pytest.raises(IntegrityError, match=r"^row 7: ") as info:
        cur.executemany(f"INSERT INTO {table} VALUES (?, ?)", rows)
    assert info.value.batch_row == 7
    assert cur.rowcount == 7
    assert [k for k, _ in _contents(conn, table)] == list(range(7))
    # The connection and the cursor stay usable.
    cur.executemany(f"INSERT INTO {table} VALUES (?, ?)", [(50, "z")])
    assert cur.rowcount == 1


def test_a_failing_generator_releases_the_statement_and_propagates(conn, table):
    def rows():
        yield (1, "a")
        raise RuntimeError("source went away")

    spy = Spy(conn)
    with pytest.raises(RuntimeError, match="source went away"):
        conn.cursor().executemany(f"INSERT INTO {table} VALUES (?, ?)", rows())
    assert "RELEASE" in spy.flat()
    cur = conn.cursor()
    cur.execute(f"SELECT COUNT(*) FROM {table}")
    assert cur.fetchone() == (0,)  # the window never went out


def test_a_non_iterable_is_a_programming_error(conn, table):
    with pytest.raises(ProgrammingError, match="iterable"):
        conn.cursor().executemany(f"INSERT INTO {table} VALUES (?, ?)", 42)


def test_every_set_of_a_window_goes_out_in_one_send_before_any_reply(conn, table):
    spy = Spy(conn)
    conn.cursor().executemany(f"INSERT INTO {table} VALUES (?, ?)", [(k, "a") for k in range(500)])
    sends = [[n for r in dec.split_requests(s) for n in dec.message_names(r)] for s in spy.sends]
    batch = [names for names in sends if "EXECUTE" in names]
    assert len(batch) == 1
    names = batch[0]
    assert names.count("EXECUTE") == 500 and names[-2:] == ["RELEASE", "EOT"]
