"""SQLAlchemy's dialect compliance suite (sqla_suite/) against the test
server, gated by .ci/sqla-suite-expected.txt.

    python .ci/sqla_suite.py --python VENV/bin/python --work DIR

Runs ``sqla_suite/run.py`` under *python* (an install with the dialect's
entry points and the ``dev`` extra) with a junit report, then compares the
tests that failed or errored with the expected list: a failure not listed
fails the gate; a listed test that now passes is reported, to be removed
from the list (not a failure: the list documents what is known).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / ".ci" / "sqla-suite-expected.txt"


def expected() -> dict[str, str]:
    out = {}
    for line in EXPECTED.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            node, _, reason = line.partition("#")
            out[node.strip()] = reason.strip()
    return out


def outcomes(report: Path) -> tuple[set[str], set[str]]:
    """(failed or errored, passed) node ids of a junit report."""
    bad, good = set(), set()
    for case in ET.parse(report).iter("testcase"):
        node = f"{case.get('classname', '').rsplit('.', 1)[-1]}::{case.get('name')}"
        if case.find("failure") is not None or case.find("error") is not None:
            bad.add(node)
        elif case.find("skipped") is None:
            good.add(node)
    return bad, good


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--work", type=Path, default=ROOT / ".ci" / "work" / "sqla-suite")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    report = args.work / "junit.xml"
    log = args.work / "log.txt"
    with open(log, "w") as out:
        rc = subprocess.run([args.python, str(ROOT / "sqla_suite" / "run.py"), "-q",
                             f"--junitxml={report}"], cwd=ROOT, stdout=out,
                            stderr=subprocess.STDOUT).returncode
    if not report.exists():
        print(f"FAIL: the suite wrote no report (exit {rc}; log: {log})")
        return 1
    bad, good = outcomes(report)
    known = expected()
    new = sorted(bad - known.keys())
    fixed = sorted(good & known.keys())
    print(f"SQLAlchemy suite: {len(good)} passed, {len(bad)} failed or errored "
          f"({len(bad & known.keys())} expected), exit {rc}")
    for node in fixed:
        print(f"now passes (remove it from {EXPECTED.name}): {node}")
    for node in new:
        print(f"FAIL (not expected): {node}")
    if not good:
        print("FAIL: no test passed")
        return 1
    return 1 if new else 0


if __name__ == "__main__":
    sys.exit(main())
