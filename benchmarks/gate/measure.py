"""Instructions per step of each gate workload, counted by callgrind.

For one (workload, implementation), ``workloads.py NAME N`` runs under
``valgrind --tool=callgrind`` twice, with *N* and with *2N* steps
(``PYTHONHASHSEED=0``, no bytecode writing, so both runs start from the
same state).  Each run's total instruction count is the ``totals:`` (or
``summary:``) line of its callgrind output file; ``(I(2N) - I(N)) / N`` is
one step's cost, with interpreter start-up, imports and set-up cancelled
out.  Instruction counts do not depend on the machine's load, so unlike
wall-clock times they repeat run after run (see ``__main__`` for the spread
measured).  The runs go in parallel, one per core.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORKLOADS_PY = HERE / "workloads.py"
IMPLS = ("python", "cython")

_TOTAL = re.compile(rb"^(totals|summary):\s+(\d+)", re.MULTILINE)


class GateError(Exception):
    """The gate could not measure (no valgrind, a workload failed, ...)."""


def valgrind() -> str:
    path = shutil.which("valgrind")
    if not path:
        raise GateError("valgrind is not installed (apt-get install valgrind)")
    return path


def valgrind_version() -> str:
    return subprocess.run([valgrind(), "--version"], capture_output=True, text=True,
                          check=True).stdout.strip()


def environment(python: str) -> dict:
    """What the counts depend on besides the code: recorded with a baseline."""
    out = subprocess.run(
        [python, "-c", "import platform, sys; print(platform.python_version(), platform.machine())"],
        capture_output=True, text=True, check=True).stdout.split()
    return {"python": out[0], "machine": out[1], "valgrind": valgrind_version(),
            "system": platform.system()}


def callgrind_total(path: str | os.PathLike) -> int:
    """The total instruction count in a callgrind output file."""
    data = Path(path).read_bytes()
    found = dict((k.decode(), int(v)) for k, v in _TOTAL.findall(data))
    if not found:
        raise GateError(f"no totals/summary line in {path}")
    return found.get("totals", found.get("summary"))


def default_steps() -> dict[str, dict[str, int]]:
    """Each workload's N per implementation, as workloads.py lists them (a
    subprocess: this process need not import informix_db)."""
    out = subprocess.run([sys.executable, str(WORKLOADS_PY), "--list"], capture_output=True,
                         text=True, check=True).stdout
    return {name: {"python": int(py), "cython": int(cy)}
            for name, py, cy in (line.split() for line in out.splitlines())}


def _env(impl: str, inject: str | None, tmp: str, *, write_bytecode: bool = False) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("INFORMIX_DB_GATE_") and k != "PYTHONDONTWRITEBYTECODE"}
    # Bytecode in a cache of the gate's own: compiling every module at each
    # start would cost ~0.5 G instructions (callgrind: seconds) per run.
    env.update(INFORMIX_DB_IMPL=impl, PYTHONHASHSEED="0",
               PYTHONPYCACHEPREFIX=os.path.join(tmp, "pycache"))
    if not write_bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    if inject:
        env["INFORMIX_DB_GATE_INJECT"] = inject
    return env


def _count(python: str, name: str, impl: str, n: int, inject: str | None, tmp: str) -> int:
    out = os.path.join(tmp, f"callgrind.{impl}.{name}.{n}")
    cmd = [valgrind(), "--tool=callgrind", "-q", f"--callgrind-out-file={out}",
           "--dump-instr=no", "--dump-line=no",
           python, str(WORKLOADS_PY), name, str(n)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=_env(impl, inject, tmp), cwd=tmp)
    if proc.returncode:
        raise GateError(f"{name} [{impl}] N={n} failed (exit {proc.returncode}):\n"
                        f"{proc.stderr[-3000:]}")
    return callgrind_total(out)


def preflight(python: str, names, impls, inject: str | None, tmp: str, pool) -> None:
    """Each workload once, natively: fail fast (and clearly) before callgrind's long
    runs, and fill the bytecode cache the measured runs then all read."""
    def run(name, impl):
        return subprocess.run([python, str(WORKLOADS_PY), name, "1"], capture_output=True,
                              text=True, env=_env(impl, inject, tmp, write_bytecode=True),
                              cwd=tmp)

    # One first, alone: it writes the bytecode cache the others read.
    procs = {(names[0], impls[0]): run(names[0], impls[0])}
    futures = {(n, i): pool.submit(run, n, i) for i in impls for n in names if (n, i) not in procs}
    procs.update((key, fut.result()) for key, fut in futures.items())
    for (name, impl), proc in procs.items():
        if proc.returncode:
            raise GateError(f"{name} [{impl}] does not run:\n{proc.stderr[-3000:]}")


def measure(names=None, impls=IMPLS, *, python: str = sys.executable, jobs: int | None = None,
            inject: str | None = None, steps: dict[str, dict[str, int]] | None = None,
            progress=None) -> dict[str, dict[str, float]]:
    """``{impl: {workload: instructions per step}}`` for every workload in *names*."""
    valgrind()
    steps = steps or default_steps()
    names = list(names or steps)
    unknown = [n for n in names if n not in steps]
    if unknown:
        raise GateError(f"unknown workloads: {', '.join(unknown)}; known: {', '.join(steps)}")
    jobs = jobs or os.cpu_count() or 2
    runs = [(name, impl, k * steps[name][impl])
            for impl in impls for name in names for k in (2, 1)]
    with tempfile.TemporaryDirectory(prefix="informix-db-gate-") as tmp, \
            ThreadPoolExecutor(max_workers=jobs) as pool:
        preflight(python, names, impls, inject, tmp, pool)
        futures = {run: pool.submit(_count, python, *run, inject, tmp) for run in runs}
        totals = {}
        try:
            for i, (run, fut) in enumerate(futures.items(), 1):
                totals[run] = fut.result()
                if progress:
                    progress(f"[{i}/{len(runs)}] {run[1]} {run[0]} N={run[2]}: "
                             f"{totals[run]:,} Ir")
        except BaseException:
            for fut in futures.values():  # a failure: do not wait minutes for the rest
                fut.cancel()
            raise
    per_step = {}
    for impl in impls:
        per_step[impl] = {}
        for name in names:
            n = steps[name][impl]
            per_step[impl][name] = (totals[name, impl, 2 * n] - totals[name, impl, n]) / n
    return per_step
