"""Fuzz the driver's parsers of server bytes, for a number of cases or minutes.

    python tests/fuzz/run.py --cases 50000            # every target, in one run
    python tests/fuzz/run.py --minutes 30 --seed 7    # a long run
    INFORMIX_DB_IMPL=python python tests/fuzz/run.py --minutes 5 --target statement
    python tests/fuzz/run.py --compare --minutes 10   # pure and compiled must agree

Cases run in worker processes (the active implementation, chosen by
``INFORMIX_DB_IMPL`` as everywhere), so a crash of the compiled code is a
finding, not the end of the run: the batch that crashed is bisected to the
case that did it.  Each finding is written to ``--findings`` (default
``.fuzz-findings/``) as the input bytes, named by target, seed and index, and
printed with the command that replays it.  Exit status 0: no findings.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script, not a package

import mutate  # noqa: E402
import targets  # noqa: E402

from informix_db.exceptions import Error  # noqa: E402

BATCH = 2000
#: Seconds a batch may take before it counts as a hang (a finding too).
BATCH_TIMEOUT = 300


def _worker(target: str, seed: int, start: int, count: int,
            outcomes: list | None = None) -> list[dict]:
    """Run cases start..start+count of *target*; findings that are exceptions.
    With *outcomes*, each case's outcome is appended to it: a digest of the
    value returned, or the driver exception's class (for ``--compare``)."""
    fn = targets.TARGETS[target]
    seeds = targets.seeds(target)
    found = []
    for index in range(start, start + count):
        data = mutate.case(seeds, seed, index)
        try:
            value = fn(data)
            outcome = "ok:" + hashlib.sha1(repr(value).encode()).hexdigest()[:10]
        except Error as exc:
            outcome = type(exc).__name__
        except Exception as exc:  # noqa: BLE001 - any other exception is the finding
            outcome = "bug"
            found.append({"target": target, "seed": seed, "index": index,
                          "error": f"{type(exc).__name__}: {exc}"[:300],
                          "where": traceback.format_exc().strip().splitlines()[-3][:300]})
        if outcomes is not None:
            outcomes.append(outcome)
    return found


def _compare_batch(target: str, seed: int, start: int, count: int) -> list[dict]:
    """The batch under both implementations; a case whose outcome differs
    (another value, another exception class) is a finding."""
    got = {}
    for impl in ("python", "cython"):
        cmd = [sys.executable, __file__, "--worker", target, str(seed), str(start), str(count),
               "--outcomes"]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=BATCH_TIMEOUT,
                              env=dict(os.environ, INFORMIX_DB_IMPL=impl))
        if proc.returncode != 0:  # a crash: the plain run finds and bisects it
            return _run_batch(target, seed, start, count)
        got[impl] = json.loads(proc.stdout.splitlines()[-1])["outcomes"]
    return [{"target": target, "seed": seed, "index": start + i,
             "error": f"implementations diverge: python {p}, cython {c}", "where": ""}
            for i, (p, c) in enumerate(zip(got["python"], got["cython"])) if p != c]


def _run_batch(target: str, seed: int, start: int, count: int) -> list[dict]:
    """The batch in a fresh process; a crash or hang is bisected to its case."""
    cmd = [sys.executable, __file__, "--worker", target, str(seed), str(start), str(count)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=BATCH_TIMEOUT)
        rc, out = proc.returncode, proc.stdout
    except subprocess.TimeoutExpired:
        rc, out = "hang", ""
    if rc == 0:
        return json.loads(out.splitlines()[-1])
    if count == 1:
        return [{"target": target, "seed": seed, "index": start,
                 "error": f"worker died (exit {rc})", "where": ""}]
    half = count // 2
    return _run_batch(target, seed, start, half) + _run_batch(target, seed, start + half,
                                                              count - half)


def _save(findings: list[dict], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for f in findings:
        data = mutate.case(targets.seeds(f["target"]), f["seed"], f["index"])
        path = folder / f"{f['target']}-{f['seed']}-{f['index']}.bin"
        path.write_bytes(data)
        f["input"] = str(path)


def fuzz(names, seed: int, cases: int | None, minutes: float | None,
         compare: bool = False) -> tuple[int, list[dict]]:
    """Run every target in *names* in turn, batch by batch, until *cases* per
    target are done or *minutes* are up; returns (cases run, findings).
    *compare*: run each batch on both implementations and compare outcomes."""
    batch = _compare_batch if compare else _run_batch
    end = time.monotonic() + minutes * 60 if minutes else None
    done, findings, start = 0, [], 0
    while True:
        for name in names:
            count = BATCH if cases is None else min(BATCH, cases - start)
            if count <= 0:
                return done, findings
            findings += batch(name, seed, start, count)
            done += count
            if end is not None and time.monotonic() >= end:
                return done, findings
        start += BATCH


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="tests/fuzz/run.py", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--target", action="append", choices=sorted(targets.TARGETS),
                   help="a target (repeatable; default all)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--cases", type=int, default=None, help="cases per target")
    p.add_argument("--minutes", type=float, default=None)
    p.add_argument("--findings", default=".fuzz-findings")
    p.add_argument("--replay", metavar="FILE", help="run one saved input (with --target)")
    p.add_argument("--compare", action="store_true",
                   help="run every case on both implementations; a difference is a finding")
    p.add_argument("--worker", nargs=4, metavar=("TARGET", "SEED", "START", "COUNT"),
                   help=argparse.SUPPRESS)
    p.add_argument("--outcomes", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        target, seed, start, count = args.worker
        outcomes: list | None = [] if args.outcomes else None
        found = _worker(target, int(seed), int(start), int(count), outcomes)
        print(json.dumps({"findings": found, "outcomes": outcomes} if args.outcomes else found))
        return 0
    if args.replay:
        (target,) = args.target or [None]
        targets.TARGETS[target](Path(args.replay).read_bytes())  # raises what it raises
        print("no error outside the driver's own")
        return 0
    if args.cases is None and args.minutes is None:
        args.cases = 10_000
    import informix_db

    names = args.target or sorted(targets.TARGETS)
    t0 = time.monotonic()
    done, findings = fuzz(names, args.seed, args.cases, args.minutes, args.compare)
    if findings:
        _save(findings, Path(args.findings))
    impl = "both (compared)" if args.compare else informix_db.IMPLEMENTATION
    print(json.dumps({"implementation": impl, "targets": names,
                      "cases": done, "seconds": round(time.monotonic() - t0, 1),
                      "findings": findings}, indent=1))
    for f in findings:
        print(f"replay: INFORMIX_DB_IMPL={informix_db.IMPLEMENTATION} python tests/fuzz/run.py "
              f"--target {f['target']} --replay {f['input']}", file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
