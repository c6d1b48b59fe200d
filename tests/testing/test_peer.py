"""The test server as the peer driver (informix-driver, own venv) sees it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.peer

SCRIPT = Path(__file__).with_name("peer_scenarios.py")


def run(peer_python, server, scenario: str) -> dict:
    proc = subprocess.run([peer_python, str(SCRIPT), str(server.port), scenario],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def test_peer_selects_rows_and_column_names(peer_python, server):
    got = run(peer_python, server, "select")
    assert got == {"rows": [[1, "one"], [2, "two"]], "names": ["a", "b"]}


def test_peer_binds_parameters_including_null(peer_python, server):
    assert run(peer_python, server, "params") == {"rows": [[7, "seven"], [8, None]]}


def test_peer_sees_dml_row_counts(peer_python, server):
    assert run(peer_python, server, "dml") == {"counts": [1, 1, 1, 1, 2, 4]}


def test_peer_gets_sqlcode_isam_and_token_and_keeps_the_session(peer_python, server):
    got = run(peer_python, server, "errors")
    # COUNT(*) is a DECIMAL, so the peer's Decimal arrives as its text
    assert got == {"error": ["ProgrammingError", -206, -111, "no_such_table"], "after": [["1"]]}


def test_peer_commit_keeps_and_rollback_discards(peer_python, server):
    assert run(peer_python, server, "transactions") == {"rows": [[1]]}


def test_peer_fetches_a_large_result_over_many_rounds(peer_python, server):
    assert run(peer_python, server, "large") == {"n": 1000, "ok": True}
    assert open(server.trace).read().count("'SQ_NFETCH'") > 10


def test_peer_reads_server_version(peer_python, server):
    assert "12.10" in run(peer_python, server, "version")["version"]


def test_peer_scroll_cursor_fetches_by_position(peer_python, server):
    got = run(peer_python, server, "scroll")["got"]
    assert got == [[5], [0], [4], [5], None]  # the peer counts rows from 0


def test_peer_reads_byte_and_text_through_fetchblob(peer_python, server):
    assert run(peer_python, server, "blobs") == {"ok": True}
    assert "'SQ_FETCHBLOB'" in open(server.trace).read()


def test_peer_pipelined_batch_with_a_failing_row_keeps_the_stream_aligned(peer_python, server):
    got = run(peer_python, server, "pipelined_error")
    assert got["error"] in (-239, -268)
    assert got["rows"] == [[1], [2], [3]]  # autocommit: the other rows stand
