"""Smoke tests of benchmarks/compare_drivers.py (tiny runs, not timings)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("compare_drivers.py")
sys.path.insert(0, str(SCRIPT.parent))
import compare_drivers as cd  # noqa: E402  (the script, stdlib-only at import)


@pytest.fixture(scope="module")
def tiny_run() -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), "--rows", "300", "--repeat", "1"],
                          capture_output=True, text=True, timeout=600)


def _table_lines(out: str) -> dict[str, str]:
    return {line.split()[0]: line for line in out.splitlines()
            if line.split() and line.split()[0] in (
                "ours/cython", "ours/python", "peer", "jdbc", "jdbc/raw")}


def test_tiny_run_exits_zero_with_every_client_matching(tiny_run):
    assert tiny_run.returncode == 0, tiny_run.stderr
    assert "OK: every client's rows equal the 300 loaded" in tiny_run.stdout


def test_tiny_run_lists_every_client_measured_or_skipped(tiny_run):
    lines = _table_lines(tiny_run.stdout)
    assert set(lines) == {"ours/cython", "ours/python", "peer", "jdbc", "jdbc/raw"}
    for name, _cmd, _env, reason in cd.clients():
        if reason:
            assert "skipped:" in lines[name]
        else:
            assert "skipped" not in lines[name]
            float(lines[name].split()[1])  # a fetch time in seconds


def test_ours_cython_row_is_the_ratio_baseline(tiny_run):
    line = _table_lines(tiny_run.stdout)["ours/cython"]
    if "skipped" in line:
        pytest.skip("no compiled speedups in this install")
    assert line.split().count("1.00x") == 2


def test_a_wrong_fetch_checksum_exits_nonzero(monkeypatch, capsys):
    monkeypatch.setattr(cd, "clients", lambda: [
        ("ours/python", [sys.executable, str(SCRIPT)], {"INFORMIX_DB_IMPL": "python"}, "")])
    real = cd.expected
    monkeypatch.setattr(cd, "expected", lambda rows: (rows, real(rows + 1)[1]))
    assert cd.main(["--rows", "20", "--repeat", "1"]) == 1
    assert "ours/python fetched 20 rows checksum" in capsys.readouterr().err


def test_checksum_ignores_char_padding_and_decimal_scale():
    a, b = cd.Checksum(), cd.Checksum()
    row = cd.make_row(5)
    a.add(row)
    padded = tuple(v + "  " if isinstance(v, str) else v for v in row)
    b.add(padded[:2] + (Decimal(str(row[2])).quantize(Decimal("0.0001")),) + padded[3:])
    assert a.digest() == b.digest()


def test_checksum_sees_a_changed_timestamp():
    a, b = cd.Checksum(), cd.Checksum()
    row = cd.make_row(5)
    a.add(row)
    b.add(row[:-1] + (row[-1] + dt.timedelta(seconds=1),))
    assert a.digest() != b.digest()


def test_missing_peer_and_jar_are_reported_as_skipped(tmp_path):
    env = {**os.environ,
           "INFORMIX_DB_PEER_PYTHON": str(tmp_path / "no-python"),
           "INFORMIX_DB_JDBC_JAR": str(tmp_path / "no.jar")}
    run = subprocess.run([sys.executable, str(SCRIPT), "--rows", "30", "--repeat", "1"],
                         capture_output=True, text=True, timeout=600, env=env)
    assert run.returncode == 0, run.stderr
    lines = _table_lines(run.stdout)
    assert "skipped: no peer venv" in lines["peer"]
    assert "skipped:" in lines["jdbc"] and "no.jar" in lines["jdbc"]
