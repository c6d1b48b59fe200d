"""The README's main job: ``python -m informix_db.testing.bulk`` (load, stream, check)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

pytest.importorskip("duckdb")
from informix_db.testing import bulk  # noqa: E402


def test_the_bulk_command_round_trips_every_value_and_reports_rates():
    env = dict(os.environ)
    proc = subprocess.run([sys.executable, "-m", "informix_db.testing.bulk", "--rows", "2000"],
                          capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    import informix_db
    assert f"implementation: {informix_db.IMPLEMENTATION}" in out
    assert re.search(r"^load : 2000 rows in [\d.]+s \([\d,]+ rows/s\)", out, re.M)
    assert re.search(r"^fetch: 2000 rows in [\d.]+s \([\d,]+ rows/s\)", out, re.M)
    assert "OK: all 2000 rows x 10 columns read back equal" in out


def test_a_value_that_reads_back_different_fails_the_run(monkeypatch, capsys):
    def corrupted(i):
        row = list(bulk.make_row(i))
        if i == 123:
            row[4] = row[4] + "!"  # the label column
        return tuple(row)

    monkeypatch.setattr(bulk, "expected_row", corrupted)
    assert bulk.main(["--rows", "200"]) == 1
    err = capsys.readouterr().err
    assert "MISMATCH: 1 values differ from what was inserted" in err
    assert "row 123 column label: read 'row 123 xxx', inserted 'row 123 xxx!'" in err


def test_every_row_uses_every_column_type_and_some_rows_are_null():
    rows = [bulk.make_row(i) for i in range(200)]
    assert all(len(r) == len(bulk.COLUMNS) for r in rows)
    for k in range(1, len(bulk.COLUMNS)):
        column = [r[k] for r in rows]
        assert None in column and any(v is not None for v in column)


def test_rows_must_be_positive():
    with pytest.raises(SystemExit):
        bulk.parse_args(["--rows", "0"])
