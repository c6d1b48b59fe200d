"""benchmarks/gate, the performance regression gate: it passes on the code as
it is, and a deliberate ~10% slowdown of the row decoder of either
implementation makes ``python -m benchmarks.gate check`` fail.

Only the row-decode workload is measured (a few callgrind runs, ~30 s);
the tests skip where valgrind is not installed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GATE = ROOT / "benchmarks" / "gate"
if not (GATE / "__main__.py").is_file():  # pragma: no cover - only a checkout has benchmarks/
    pytest.skip(f"{GATE} not found (not a checkout)", allow_module_level=True)

WORKLOAD = "row_decode_10col"

needs_valgrind = pytest.mark.skipif(shutil.which("valgrind") is None,
                                    reason="valgrind is not installed")


def _impls() -> list[str]:
    """Both implementations, or python alone on a pure install."""
    from informix_db import _impl
    try:
        _impl.load("cython")
    except ImportError:
        if os.environ.get("INFORMIX_DB_EXPECT_CYTHON") == "1":
            raise
        return ["python"]
    return ["python", "cython"]


def _gate(*args: str) -> subprocess.CompletedProcess:
    """``python -m benchmarks.gate ARGS`` from the repository root, as CI runs it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("INFORMIX_DB_GATE_")}
    return subprocess.run([sys.executable, "-m", "benchmarks.gate", *args, "--only", WORKLOAD],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def _row(output: str, impl: str) -> tuple[float, str]:
    """The change (percent) and the verdict of the workload's line of the table."""
    match = re.search(rf"^{WORKLOAD}\s+{impl}\s+[\d,]+\s+[\d,]+\s+([+-][\d.]+)%\s+(.+)$",
                      output, re.MULTILINE)
    assert match, output
    return float(match.group(1)), match.group(2)


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    """``check`` against the committed baselines; what it measured is kept as
    a fresh baseline, so the injected slowdowns compare with today's code."""
    fresh = tmp_path_factory.mktemp("gate-baseline")
    impl_args = [a for impl in _impls() for a in ("--impl", impl)]
    proc = _gate("check", *impl_args, "--save-to", str(fresh))
    return proc, fresh


@needs_valgrind
def test_the_gate_passes_on_the_current_code(measured):
    proc, _ = measured
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for impl in _impls():
        change, verdict = _row(proc.stdout, impl)
        assert verdict.startswith(("ok", "faster")), proc.stdout


@needs_valgrind
@pytest.mark.parametrize("impl", ["python", "cython"])
def test_a_10_percent_slower_row_decoder_fails_the_gate(measured, impl):
    if impl not in _impls():
        pytest.skip("no compiled speedups in this install")
    proc, fresh = measured
    assert proc.returncode == 0, proc.stdout + proc.stderr
    slowed = _gate("check", "--impl", impl, "--inject", impl, "--baseline-dir", str(fresh))
    print(slowed.stdout)
    assert slowed.returncode == 1, slowed.stdout + slowed.stderr
    change, verdict = _row(slowed.stdout, impl)
    assert verdict.startswith("SLOWER"), slowed.stdout
    assert 7 < change < 15, f"the injected slowdown should cost ~10%, measured {change}%"
    assert f"FAIL: 1 workload(s) more than 3% slower than the baseline: {WORKLOAD} [{impl}]" \
        in slowed.stdout


def test_callgrind_totals_are_read_from_the_output_file(tmp_path):
    sys.path.insert(0, str(ROOT))
    try:
        from benchmarks.gate import measure
    finally:
        sys.path.remove(str(ROOT))
    out = tmp_path / "callgrind.out"
    out.write_text("# callgrind format\nevents: Ir\nfl=x\nfn=y\n3 5\nsummary: 1234\n"
                   "totals: 1234\n")
    assert measure.callgrind_total(out) == 1234
    out.write_text("events: Ir\nsummary: 99\n")
    assert measure.callgrind_total(out) == 99
    out.write_text("events: Ir\n")
    with pytest.raises(measure.GateError, match="no totals"):
        measure.callgrind_total(out)
