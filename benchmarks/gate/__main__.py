"""Performance regression gate: callgrind instruction counts against a baseline.

    python -m benchmarks.gate check     # exit 1 when a workload got slower than allowed
    python -m benchmarks.gate update    # re-measure and rewrite the baselines, on purpose
    python -m benchmarks.gate measure   # print the counts, compare with nothing

Every workload of ``workloads.py`` is measured for each implementation
(``measure.py``: instructions per step, under callgrind) and compared with
``baseline-python.json`` / ``baseline-cython.json`` next to this file.
``check`` fails when any workload costs more than ``--threshold`` (default
3%) over its baseline, and names the ones that got cheaper by as much (a hint
to run ``update`` so the gain is kept).  Run both from the repository root;
they measure whichever ``informix_db`` the interpreter imports (``--python``
picks another interpreter, e.g. a venv with an installed wheel).

Repeatability, measured on the 2-core development machine while another
job kept it loaded (load average ~3; wall-clock times drift by 20% there):
three ``check`` runs in a row on unchanged code (an installed binary
wheel) gave the same instructions per step for all 16 workloads of both
implementations to 0.1 instruction: a spread under 0.001% (each run's
totals repeat to the instruction; start-up cancels out of I(2N) - I(N)).
What does move the counts is what they depend on, hence the environment a
baseline records: the in-tree development build against a wheel built
from the same sources (same Python 3.11.7, gcc, Cython 3.3.1, valgrind
3.19) differed by up to 0.6%.  So 3% leaves room for such build differences
while a deliberate ~10% slowdown of one row decoder fails clearly
(``tests/ci/test_gate.py``: +9.8% python, +9.3 to 9.5% cython).  A whole run
(64 callgrind runs, ~5 s of interpreter start-up each) takes 4-6 minutes
there on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from benchmarks.gate import measure as m

DEFAULT_THRESHOLD = 3.0  # percent


def baseline_path(directory: Path, impl: str) -> Path:
    return Path(directory) / f"baseline-{impl}.json"


def read_baseline(directory: Path, impl: str) -> dict | None:
    path = baseline_path(directory, impl)
    if not path.is_file():
        return None
    return json.loads(path.read_text())


def write_baseline(directory: Path, impl: str, counts: dict[str, float], env: dict) -> Path:
    path = baseline_path(directory, impl)
    old = read_baseline(directory, impl) or {}
    # Measuring some workloads (--only) keeps the others' baselines.
    workloads = {**old.get("workloads", {}), **{k: round(v, 1) for k, v in counts.items()}}
    data = {
        "implementation": impl,
        "unit": "instructions per workload step (callgrind Ir, (I(2N) - I(N)) / N)",
        "environment": env,
        "workloads": dict(sorted(workloads.items())),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n")
    return path


def compare(results: dict[str, dict[str, float]], directory: Path, threshold: float,
            env: dict) -> tuple[list[str], list[str], list[str]]:
    """Print the table; return (slower, faster, missing) as 'workload [impl]' labels."""
    slower, faster, missing = [], [], []
    print(f"\n{'workload':<30} {'impl':<7} {'baseline':>13} {'now':>13} {'change':>8}  verdict")
    print("-" * 84)
    for impl, counts in results.items():
        base = read_baseline(directory, impl)
        if base is None:
            print(f"(no {baseline_path(directory, impl)}: run `python -m benchmarks.gate update`)")
            missing += [f"{name} [{impl}]" for name in counts]
            continue
        for key, value in base.get("environment", {}).items():
            if env.get(key) != value:
                print(f"note: baseline-{impl}.json was measured with {key} {value!r}, "
                      f"this run has {env.get(key)!r}: counts may differ for that reason")
        for name, now in counts.items():
            was = base["workloads"].get(name)
            label = f"{name} [{impl}]"
            if was is None:
                verdict, change = "NO BASELINE", ""
                missing.append(label)
            else:
                pct = (now - was) / was * 100
                change = f"{pct:+.2f}%"
                if pct > threshold:
                    verdict = f"SLOWER (> {threshold:g}%)"
                    slower.append(label)
                elif pct < -threshold:
                    verdict = "faster: update the baseline"
                    faster.append(label)
                else:
                    verdict = "ok"
            was_s = f"{was:,.0f}" if was is not None else "-"
            print(f"{name:<30} {impl:<7} {was_s:>13} {now:>13,.0f} {change:>8}  {verdict}")
    return slower, faster, missing


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.gate",
                                 description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=("check", "update", "measure"))
    ap.add_argument("--impl", action="append", choices=m.IMPLS,
                    help="implementation to measure (repeatable; default both)")
    ap.add_argument("--only", action="append", metavar="WORKLOAD",
                    help="measure only this workload (repeatable; default all)")
    ap.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                    help="percent slower than the baseline that fails check (default %(default)s)")
    ap.add_argument("--baseline-dir", type=Path, default=m.HERE,
                    help="where baseline-<impl>.json live (default: benchmarks/gate)")
    ap.add_argument("--save-to", type=Path, metavar="DIR",
                    help="check: also write what was measured as baselines into DIR")
    ap.add_argument("--python", default=sys.executable,
                    help="interpreter whose informix_db is measured (default: this one)")
    ap.add_argument("--jobs", type=int, default=None, help="parallel callgrind runs (default: cores)")
    ap.add_argument("--inject", choices=m.IMPLS, help=argparse.SUPPRESS)  # tests/ci/test_gate.py
    ap.add_argument("-v", "--verbose", action="store_true", help="print every callgrind total")
    args = ap.parse_args(argv)
    impls = tuple(args.impl or m.IMPLS)

    start = time.monotonic()
    try:
        env = m.environment(args.python)
        results = m.measure(args.only, impls, python=args.python, jobs=args.jobs,
                            inject=args.inject, progress=print if args.verbose else None)
    except m.GateError as exc:
        print(f"gate: {exc}", file=sys.stderr)
        return 2
    took = time.monotonic() - start
    print(f"measured {sum(map(len, results.values()))} workload(s) x implementation "
          f"under callgrind in {took:.0f} s ({env['python']}, {env['valgrind']})")

    if args.command == "measure":
        print(json.dumps(results, indent=2))
        return 0
    if args.command == "update":
        for impl, counts in results.items():
            path = write_baseline(args.baseline_dir, impl, counts, env)
            print(f"wrote {path} ({len(counts)} workloads)")
        return 0

    slower, faster, missing = compare(results, args.baseline_dir, args.threshold, env)
    if args.save_to:
        for impl, counts in results.items():
            write_baseline(args.save_to, impl, counts, env)
    print()
    if faster:
        print(f"hint: {len(faster)} workload(s) got faster than the baseline by more than "
              f"{args.threshold:g}%: run `python -m benchmarks.gate update` to keep the gain "
              f"(and commit the baselines): {', '.join(faster)}")
    if missing:
        print(f"FAIL: no baseline for {', '.join(missing)}: run `python -m benchmarks.gate update`")
    if slower:
        print(f"FAIL: {len(slower)} workload(s) more than {args.threshold:g}% slower than the "
              f"baseline: {', '.join(slower)}")
    if slower or missing:
        return 1
    print(f"ok: no workload more than {args.threshold:g}% slower than the baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
