"""The informix-db command line: unload a query to a file, load it back."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal

import pytest

from informix_db.cli.main import main

from driver.dbapi_helpers import open_conn

pa = pytest.importorskip("pyarrow")
pytest.importorskip("tqdm")

ROWS = [(i, f"name {i}" if i % 4 else None, Decimal(i).scaleb(-2), dt.date(2020, 1, 1)
         + dt.timedelta(days=i)) for i in range(300)]


@pytest.fixture(scope="module")
def dsn(server):
    conn = open_conn(server, autocommit=True)
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS cli_src")
    cur.execute("CREATE TABLE cli_src (id INT, name VARCHAR(20), amount DECIMAL(10,2), "
                "day DATE)")
    cur.executemany("INSERT INTO cli_src VALUES (?, ?, ?, ?)", ROWS)
    conn.close()
    return (f"informix://{server.user}:{server.password}@{server.host}:{server.port}/testdb"
            f"?server={server.server_name}&autocommit=true")


def _select(server, sql):
    conn = open_conn(server, autocommit=True)
    try:
        return conn.cursor().execute(sql).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("ext", ["parquet", "csv", "arrow", "jsonl"])
def test_unload_then_load_round_trips_every_row(server, dsn, tmp_path, ext, capsys):
    out = tmp_path / f"rows.{ext}"
    assert main(["unload", "--dsn", dsn, "SELECT * FROM cli_src ORDER BY id",
                 "-o", str(out), "--batch-rows", "64"]) == 0
    assert "unloaded 300 rows" in capsys.readouterr().err
    table = f"cli_{ext}"
    assert main(["load", "--dsn", dsn, table, str(out), "--replace", "--quiet"]) == 0
    got = _select(server, f"SELECT id, name, amount, day FROM {table} ORDER BY id")
    if ext in ("csv", "jsonl"):
        # text formats carry no types: pyarrow reads the decimals as floats
        # (JSON Lines: as text) and JSON's dates as timestamps
        got = [(i, n, Decimal(str(a)), d.date() if isinstance(d, dt.datetime) else d)
               for i, n, a, d in got]
    assert got == ROWS


def test_a_parquet_unload_keeps_the_types(dsn, tmp_path):
    import pyarrow.parquet as pq

    out = tmp_path / "t.parquet"
    assert main(["unload", "--dsn", dsn, "SELECT * FROM cli_src", "-o", str(out),
                 "--quiet"]) == 0
    schema = pq.read_schema(out)
    assert [str(t) for t in schema.types] == ["int32", "string", "decimal128(10, 2)", "date32[day]"]


def test_jsonl_writes_one_object_per_row_with_exact_decimals(dsn, tmp_path):
    out = tmp_path / "t.jsonl"
    main(["unload", "--dsn", dsn, "SELECT id, amount FROM cli_src WHERE id = 5", "-o",
          str(out), "--quiet"])
    assert json.loads(out.read_text()) == {"id": 5, "amount": "0.05"}


def test_load_create_makes_the_table_and_refuses_an_existing_one(server, dsn, tmp_path, capsys):
    out = tmp_path / "c.parquet"
    main(["unload", "--dsn", dsn, "SELECT id, name FROM cli_src", "-o", str(out), "--quiet"])
    assert main(["load", "--dsn", dsn, "cli_new", str(out), "--create", "--quiet"]) == 0
    assert _select(server, "SELECT COUNT(*) FROM cli_new") == [(300,)]
    assert main(["load", "--dsn", dsn, "cli_new", str(out), "--create", "--quiet"]) == 1
    assert "informix-db: error:" in capsys.readouterr().err


def test_a_failed_unload_leaves_no_file(dsn, tmp_path, capsys):
    out = tmp_path / "bad.parquet"
    assert main(["unload", "--dsn", dsn, "SELECT nosuchcolumn FROM cli_src", "-o",
                 str(out)]) == 1
    assert "informix-db: error:" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_extension_is_an_error_saying_what_to_use(dsn, tmp_path, capsys):
    assert main(["unload", "--dsn", dsn, "SELECT id FROM cli_src", "-o",
                 str(tmp_path / "x.xlsx")]) == 1
    assert "--format" in capsys.readouterr().err


def test_the_dsn_comes_from_the_environment(dsn, tmp_path, monkeypatch):
    monkeypatch.setenv("INFORMIX_DSN", dsn)
    out = tmp_path / "e.csv"
    assert main(["unload", "SELECT id FROM cli_src WHERE id < 2", "-o", str(out),
                 "--quiet"]) == 0
    assert out.read_text().splitlines() == ['"id"', "0", "1"]


def test_no_dsn_at_all_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("INFORMIX_DSN", raising=False)
    with pytest.raises(SystemExit) as info:
        main(["unload", "SELECT 1 FROM systables", "-o", str(tmp_path / "x.csv")])
    assert "no DSN" in str(info.value)


def test_progress_prints_plain_lines_when_not_on_a_terminal(dsn, tmp_path, capsys,
                                                            monkeypatch):
    from informix_db.cli import progress

    monkeypatch.setattr(progress, "INTERVAL", 0.0)  # a line per batch
    out = tmp_path / "p.csv"
    assert main(["unload", "--dsn", dsn, "SELECT id FROM cli_src", "-o", str(out),
                 "--batch-rows", "100"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("unloaded 100 rows")
    assert lines[-1].startswith("unloaded 300 rows")


def test_quiet_prints_nothing(dsn, tmp_path, capsys):
    assert main(["unload", "--dsn", dsn, "SELECT id FROM cli_src", "-o",
                 str(tmp_path / "q.csv"), "--quiet"]) == 0
    assert capsys.readouterr().err == ""


def test_python_dash_m_runs_the_command_line():
    proc = subprocess.run([sys.executable, "-m", "informix_db", "--help"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "unload" in proc.stdout
