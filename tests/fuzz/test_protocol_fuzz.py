"""The driver's parsers of server bytes, fuzzed with mutated real replies on
the active implementation: anything but the driver's own errors, or a
crash, is a finding.  INFORMIX_DB_FUZZ_CASES sets the cases per target
(default 12,500: 50,000 a run, 100,000 over CI's two implementations);
``python tests/fuzz/run.py --minutes N`` runs longer (see README, Fuzzing)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import targets  # noqa: E402

RUN = HERE / "run.py"
CASES = int(os.environ.get("INFORMIX_DB_FUZZ_CASES", "12500"))


def _run(*args, env=None, timeout=900):
    proc = subprocess.run([sys.executable, str(RUN), *args], capture_output=True, text=True,
                          timeout=timeout, env=env)
    return proc.returncode, json.loads(proc.stdout), proc.stderr


def test_login_seed_parses_as_an_accepted_login():
    assert targets.login_reply(targets.seeds("login_reply")[0]).server_version.startswith("IBM")


def test_statement_seed_decodes_rows_of_every_type():
    all_types = targets.seeds("statement")[-1]  # the corpus file, last
    rows = targets.statement(all_types)
    assert len(rows) == 2 and len(rows[1]) == 16 and rows[1][0] == 1


def test_reply_seeds_are_read_whole():
    assert targets.reply(targets.seeds("reply")[0]) == 1


def test_blob_seed_gives_its_bytes():
    assert targets.blob(targets.seeds("blob")[0]) == b"blob data " * 3


def test_fuzzed_replies_raise_only_driver_errors(tmp_path):
    rc, report, err = _run("--cases", str(CASES), "--findings", str(tmp_path))
    assert report["findings"] == [], err
    assert rc == 0
    assert report["cases"] == CASES * len(targets.TARGETS)


@pytest.mark.parametrize("impl", ["python"])
def test_a_crashing_case_is_bisected_and_saved(tmp_path, impl):
    env = dict(os.environ, INFORMIX_DB_FUZZ_SELFTEST="1", INFORMIX_DB_IMPL=impl)
    rc, report, err = _run("--target", "selftest_crash", "--cases", "600",
                           "--findings", str(tmp_path), env=env)
    assert rc == 1
    found = report["findings"]
    assert found and all(f["error"].startswith("worker died") for f in found)
    replay = subprocess.run([sys.executable, str(RUN), "--target", "selftest_crash",
                             "--replay", found[0]["input"]], env=env, capture_output=True)
    assert replay.returncode != 0  # the saved input crashes again


def test_pure_and_compiled_parsers_agree_case_by_case(tmp_path):
    """Same value or same exception class for every input: a difference is a
    bug in one twin (about both: run once, in the compiled pass)."""
    pytest.importorskip("informix_db._speedups.buffer")
    import informix_db

    if informix_db.IMPLEMENTATION != "cython":
        pytest.skip("compares both implementations; runs once, in the compiled pass")
    rc, report, err = _run("--compare", "--cases", str(CASES // 2), "--findings", str(tmp_path))
    assert report["findings"] == [], err
    assert rc == 0


@pytest.mark.parametrize("path", sorted(targets.CORPUS.glob("*/*.bin")),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_corpus_input_ends_in_a_value_or_a_driver_error(path):
    """The corpus keeps seeds and every input that once found a bug."""
    from informix_db.exceptions import Error

    try:
        targets.TARGETS[path.parent.name](path.read_bytes())
    except Error:
        pass
