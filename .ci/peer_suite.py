"""Gate: the peer driver's real-server suite, run against our test server.

    python .ci/peer_suite.py --python PATH/TO/bin/python [options]

The MIT-licensed peer driver informix-driver (PEER_VERSION) ships an
integration suite its authors ran on real Informix 12.10/14.10/15.  This
script downloads the peer's sdist (never committed), unpacks it, makes a venv
of its own with the peer driver and the test tools pinned in the peer's
uv.lock (plus pytest-timeout, the hang guard), starts our test server with
``--python``'s interpreter (``-m informix_db.testing``; that interpreter's
informix_db is the server under test) and runs
``pytest -m "integration and not benchmark"`` there.

The outcome is compared with the expectation list (.ci/peer-suite-expected.txt):
one pytest node id per line, ``node_id  # reason``.  Every test not listed
must pass; a listed test that passes now fails the gate too (the list may
only shrink); a listed id that did not run is a stale entry.  An entry whose
reason starts with ``flaky:`` takes either outcome (a race in the test itself,
not the server's: the reason says which).  ``--prune`` rewrites the list
without the entries that now pass or did not run.  Exit 0 when
the outcome is exactly as expected, else 1.

``--our-driver [WHEEL]`` (without WHEEL: the informix_db that ``--python``
imports) runs the same suite with OUR driver in the peer's place (both
import as informix_db) and only prints counts per test module: not a gate.
With ``--modules`` (test files of the peer's suite) and ``--gate``, it runs
just those modules with our driver and compares the outcome with
``--expected`` as above: CI so holds our pool and asyncio driver to the
peer's own test_pool.py, test_aio.py and test_recovery_and_concurrency.py
(.ci/peer-suite-ours-expected.txt lists what does not pass, and why).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEER = "informix-driver"
PEER_VERSION = "2026.9.3"
#: The peer's test tools, at the versions its uv.lock pins.
LOCKED_TOOLS = ("pytest", "pytest-asyncio", "pytest-benchmark")
#: Not a peer dependency: the harness's guard against a hung test.
HANG_GUARD = "pytest-timeout==2.4.0"
MARKERS = "integration and not benchmark"
USER, PASSWORD, SERVER_NAME = "informix", "in4mix", "informix"
#: The databases the peer's suite uses: sysmaster (its default), testdb (its
#: logged one) and a UTF-8 one for test_unicode (IFX_UTF8_DATABASE); with
#: them the blobspace BLOBSPACE when the server has --blobspace.
DATABASES = ("sysmaster:logged", "testdb:logged", "utf8db:logged:en_US.utf8")
UTF8_DATABASE = "utf8db"
#: The blobspace the peer's BYTE/TEXT tests store IN (test_blob.py).
BLOBSPACE = "blobspace1"


class HarnessError(Exception):
    """A step of the harness failed; the message says which and why."""


def main(argv=None) -> int:
    args = _parse_args(argv)
    try:
        return _run(args)
    except HarnessError as exc:
        print(f"\nFAIL: peer suite: {exc}", file=sys.stderr, flush=True)
        return 1


def _parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--python", required=True,
                   help="the interpreter that runs our test server (its informix_db is tested)")
    p.add_argument("--work", default=str(HERE / "work" / "peer-suite"),
                   help="work directory, wiped first (default .ci/work/peer-suite)")
    p.add_argument("--expected", default=str(HERE / "peer-suite-expected.txt"),
                   help="the expectation list")
    p.add_argument("--test-timeout", type=int, default=60, help="seconds per test (pytest-timeout)")
    p.add_argument("--overall-timeout", type=int, default=900,
                   help="seconds for the whole pytest run before it is killed")
    p.add_argument("--server-start-timeout", type=int, default=60)
    p.add_argument("--our-driver", metavar="WHEEL", nargs="?", const="installed", default=None,
                   help="informational: run the suite with OUR driver in the peer's place: "
                        "the wheel WHEEL, or without it the informix_db --python imports")
    p.add_argument("--modules", nargs="+", metavar="FILE",
                   help="run only these test files of the peer's suite (e.g. tests/test_pool.py)")
    p.add_argument("--gate", action="store_true",
                   help="with --our-driver: compare with --expected instead of printing counts")
    p.add_argument("--prune", action="store_true",
                   help="remove from the list the tests that now pass and the ids that did not "
                        "run (the list only shrinks; a new failure still needs its line)")
    return p.parse_args(argv)


def absolute_command(command: str) -> str:
    """*command* as a path that works from any directory (the harness runs
    pytest elsewhere): a relative path (`.venv/bin/python`) made absolute
    WITHOUT resolving links, so a venv's python stays the venv's; a bare name
    (`python3`) is left to PATH."""
    if os.sep in command or (os.altsep and os.altsep in command):
        return os.path.abspath(command)
    return command


def _run(args) -> int:
    args.python = absolute_command(args.python)
    if args.our_driver not in (None, "installed"):
        args.our_driver = os.path.abspath(args.our_driver)
    work = Path(args.work).resolve()
    gated = not args.our_driver or args.gate
    expected = read_expected(Path(args.expected)) if gated else None
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    venv_python = _make_venv(work)
    sdist = _download_sdist(venv_python, work)
    src = _unpack(sdist, work / "src")
    _install(venv_python, sdist, src, work, args.our_driver, args.python)
    server, port = _start_server(args.python, work, args.server_start_timeout)
    try:
        report = _run_suite(venv_python, src, work, port, args)
    finally:
        _stop(server)
    results = read_junit(report, src)
    if not results:
        raise HarnessError(f"the junit report {report} lists no test")
    if not gated:
        print_module_counts(results)
        return 0
    if args.prune:
        removed = prune(Path(args.expected), results, expected)
        for node in removed:
            print(f"pruned from {args.expected}: {node}")
        expected = {n: r for n, r in expected.items() if n not in removed}
    problems = compare(results, expected)
    print_summary(results, expected, problems)
    return 1 if problems else 0


# -- setup ------------------------------------------------------------------

def _step(what: str) -> None:
    print(f"peer suite: {what}", flush=True)


def _call(cmd, log: Path, what: str, **kw) -> None:
    """Run *cmd* with its output in *log*; HarnessError with the log's tail if it fails."""
    with open(log, "w") as out:
        rc = subprocess.call([str(c) for c in cmd], stdout=out, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, **kw)
    if rc != 0:
        raise HarnessError(f"{what} failed (exit {rc}); the end of {log}:\n{_tail(log)}")


def _tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(errors="replace").splitlines()
    except OSError as exc:
        return f"(cannot read {path}: {exc})"
    return "\n".join(text[-lines:])


def _make_venv(work: Path) -> Path:
    _step(f"venv in {work / 'venv'}")
    _call([sys.executable, "-m", "venv", work / "venv"], work / "venv.log", "creating the venv")
    return work / "venv" / "bin" / "python"


def _download_sdist(venv_python: Path, work: Path) -> Path:
    spec = f"{PEER}=={PEER_VERSION}"
    _step(f"downloading the {spec} sdist")
    dest = work / "sdist"
    _call([venv_python, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
           spec, "-d", dest], work / "download.log", f"downloading the sdist of {spec}")
    found = sorted(dest.glob("*.tar.gz"))
    if len(found) != 1:
        raise HarnessError(f"expected one sdist of {spec} in {dest}, found {found}")
    return found[0]


def _unpack(sdist: Path, dest: Path) -> Path:
    with tarfile.open(sdist) as tar:
        if hasattr(tarfile, "data_filter"):  # refuses links and paths out of dest
            tar.extractall(dest, filter="data")
        else:  # Python without the filter: check the member paths ourselves
            for member in tar.getmembers():
                if member.name.startswith("/") or ".." in Path(member.name).parts:
                    raise HarnessError(f"{sdist}: unsafe member path {member.name!r}")
            tar.extractall(dest)
    tops = [d for d in dest.iterdir() if d.is_dir()]
    if len(tops) != 1 or not (tops[0] / "tests").is_dir() or not (tops[0] / "uv.lock").is_file():
        raise HarnessError(f"{sdist} does not unpack to one directory with tests/ and uv.lock")
    return tops[0]


def locked_versions(lock_text: str) -> dict[str, str]:
    """Name -> version of each registry package in a uv.lock (the peer's own
    package, an editable source, is left out)."""
    versions = {}
    for block in lock_text.split("[[package]]")[1:]:
        name = re.search(r'^name = "([^"]+)"', block, re.M)
        version = re.search(r'^version = "([^"]+)"', block, re.M)
        if name and version and re.search(r"^source = \{ registry = ", block, re.M):
            versions[name.group(1)] = version.group(1)
    return versions


def _install(venv_python: Path, sdist: Path, src: Path, work: Path, our_driver, server_python):
    locked = locked_versions((src / "uv.lock").read_text())
    missing = [t for t in LOCKED_TOOLS if t not in locked]
    if missing:
        raise HarnessError(f"{src / 'uv.lock'} pins no version of {', '.join(missing)}")
    # Everything the lock pins constrains what pip picks (the tools' own
    # dependencies too); the tools themselves are required at those pins.
    constraints = work / "constraints.txt"
    constraints.write_text("".join(f"{n}=={v}\n" for n, v in sorted(locked.items())))
    tools = [f"{t}=={locked[t]}" for t in LOCKED_TOOLS]
    wheel = Path(our_driver).resolve() if our_driver and our_driver != "installed" else None
    if wheel is not None and not (wheel.is_file() and wheel.suffix == ".whl"):
        raise HarnessError(f"--our-driver: {wheel} is not a wheel file")
    driver = wheel if our_driver else sdist
    what = [driver.name] if driver else []
    _step(f"installing {', '.join(what + tools + [HANG_GUARD])}")
    _call([venv_python, "-m", "pip", "install", "-c", constraints,
           *([driver] if driver else []), *tools, HANG_GUARD],
          work / "install.log", "installing the driver and the test tools")
    if our_driver == "installed":
        _copy_installed_driver(server_python, venv_python)
    if our_driver:
        out = subprocess.run([str(venv_python), "-c", "import informix_db as m; "
                              "print(m.__file__, getattr(m, 'IMPLEMENTATION', '?'))"],
                             capture_output=True, text=True, cwd=work, env=_venv_env())
        if out.returncode != 0:
            raise HarnessError(f"our driver does not import in the suite's venv:\n{out.stderr}")
        _step(f"our driver in the peer's place: {out.stdout.strip()}")


def _copy_installed_driver(server_python: str, venv_python: Path) -> None:
    """Copy the informix_db package that *server_python* imports into the
    venv (our driver has no runtime dependencies; its compiled twins load
    only under the same Python version, else it runs the pure one)."""
    probe = "import informix_db, os; print(os.path.dirname(informix_db.__file__))"
    out = subprocess.run([server_python, "-c", probe], capture_output=True, text=True)
    if out.returncode != 0:
        raise HarnessError(f"{server_python} cannot import informix_db:\n{out.stderr}")
    package = Path(out.stdout.strip())
    out = subprocess.run([str(venv_python), "-c",
                          "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         capture_output=True, text=True, check=True)
    target = Path(out.stdout.strip()) / "informix_db"
    _step(f"copying our driver {package} to {target}")
    shutil.copytree(package, target, ignore=shutil.ignore_patterns("__pycache__"))


# -- the server and the run ---------------------------------------------------

def _start_server(python: str, work: Path, timeout: int):
    log = work / "server.log"
    cmd = [python, "-m", "informix_db.testing", "--host", "127.0.0.1", "--port", "0",
           "--user", USER, "--password", PASSWORD, "--server-name", SERVER_NAME]
    for db in DATABASES:
        cmd += ["--database", db]
    if _server_has_option(python, "--blobspace"):
        cmd += ["--blobspace", BLOBSPACE]
    _step(f"starting the test server: {' '.join(map(str, cmd))}")
    out = open(log, "w")
    try:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, cwd=work, start_new_session=True)
    except OSError as exc:
        raise HarnessError(f"cannot run the server's Python {python}: {exc}") from None
    finally:
        out.close()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        m = re.search(r"^listening on ([^\s:]+):(\d+)$", log.read_text(errors="replace"), re.M)
        if m:
            print(f"peer suite: test server listening on {m.group(1)}:{m.group(2)}", flush=True)
            return proc, int(m.group(2))
        if proc.poll() is not None:
            raise HarnessError(f"the test server exited (status {proc.returncode}) before "
                               f"listening; its log {log}:\n{_tail(log)}")
        time.sleep(0.2)
    _stop(proc)
    raise HarnessError(f"the test server did not listen within {timeout} s; its log {log}:\n"
                       f"{_tail(log)}")


def _server_has_option(python: str, option: str) -> bool:
    """Whether the test server's CLI has *option* (--blobspace came later than
    the rest: an older server still runs the suite, its BYTE/TEXT tests skip)."""
    try:
        out = subprocess.run([python, "-m", "informix_db.testing", "--help"],
                             capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False  # starting the server then says what is wrong
    return option in out.stdout


def _stop(proc) -> None:
    """Stop *proc* and whatever it started: SIGTERM, then SIGKILL after 10 s."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _venv_env() -> dict[str, str]:
    """The environment for the suite's venv: without the caller's PYTHONPATH
    (it may point at our src/), pytest options or IFX_* settings."""
    return {k: v for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "PYTEST_ADDOPTS") and not k.startswith("IFX_")}


def _run_suite(venv_python: Path, src: Path, work: Path, port: int, args) -> Path:
    report = work / "junit.xml"
    log = work / "pytest.log"
    env = _venv_env()
    env.update(IFX_HOST="127.0.0.1", IFX_PORT=str(port), IFX_USER=USER, IFX_PASSWORD=PASSWORD,
               IFX_DATABASE="sysmaster", IFX_SERVER=SERVER_NAME, IFX_UTF8_DATABASE=UTF8_DATABASE)
    cmd = [venv_python, "-m", "pytest", "-m", MARKERS, "-p", "no:cacheprovider", "-q", "-rfEs",
           f"--timeout={args.test_timeout}", f"--junitxml={report}",
           *(getattr(args, "modules", None) or ["tests"])]
    if getattr(args, "our_driver", None):
        # Our driver lacks some of the peer's module-level names: a module
        # that cannot import is one error, the others still run.
        cmd.append("--continue-on-collection-errors")
    _step(f"running the peer's suite (log {log}; {args.test_timeout} s a test, "
          f"{args.overall_timeout} s in all)")
    started = time.monotonic()
    with open(log, "w") as out:
        proc = subprocess.Popen([str(c) for c in cmd], cwd=src, env=env, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        try:
            rc = proc.wait(args.overall_timeout)
        except subprocess.TimeoutExpired:
            _stop(proc)
            raise HarnessError(f"the peer's suite did not finish within {args.overall_timeout} s "
                               f"and was killed; the end of {log}:\n{_tail(log)}") from None
    _step(f"pytest exited with {rc} after {time.monotonic() - started:.0f} s")
    # 0: all passed, 1: some failed; anything else means the run itself broke.
    if rc not in (0, 1):
        raise HarnessError(f"pytest could not run the suite (exit {rc}); the end of {log}:\n"
                           f"{_tail(log)}")
    if not report.is_file():
        raise HarnessError(f"pytest wrote no junit report; the end of {log}:\n{_tail(log)}")
    return report


# -- reading and comparing ----------------------------------------------------

_RANK = {"passed": 0, "skipped": 1, "failed": 2, "error": 3}


def read_junit(report: Path, src: Path) -> dict[str, tuple[str, str]]:
    """pytest node id -> (outcome, message) for each test case of a junit report."""
    results: dict[str, tuple[str, str]] = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        node = node_id(case.get("classname", ""), case.get("name", ""), src)
        outcome, message = "passed", ""
        for tag in ("error", "failure", "skipped"):
            child = case.find(tag)
            if child is not None:
                outcome = {"failure": "failed"}.get(tag, tag)
                message = (child.get("message") or child.text or "").strip()
                break
        old = results.get(node)
        if old is None or _RANK[outcome] > _RANK[old[0]]:
            results[node] = (outcome, message)
    return results


def node_id(classname: str, name: str, src: Path) -> str:
    """The pytest node id of a junit test case: the longest dotted prefix of
    *classname* that is a file under *src* is the module, the rest classes."""
    if not classname:  # a module that failed to collect: name is its dotted path
        return name.replace(".", "/") + ".py"
    parts = classname.split(".")
    for i in range(len(parts), 0, -1):
        path = "/".join(parts[:i]) + ".py"
        if (src / path).is_file():
            return "::".join([path, *parts[i:], name])
    return "::".join([classname.replace(".", "/") + ".py", name])


def read_expected(path: Path) -> dict[str, str]:
    """node id -> reason, from lines ``node_id  # reason`` (blank lines and
    lines starting with # are comments)."""
    try:
        lines = path.read_text().splitlines()
    except OSError as exc:
        raise HarnessError(f"cannot read the expectation list: {exc}") from None
    expected: dict[str, str] = {}
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        node, sep, reason = text.partition(" #")
        node, reason = node.strip(), reason.strip()
        if not sep or not reason or not node or " " in node:
            raise HarnessError(f"{path}:{number}: expected 'node_id  # reason', got {line!r}")
        if node in expected:
            raise HarnessError(f"{path}:{number}: {node} is listed twice")
        expected[node] = reason
    return expected


def compare(results, expected) -> list[str]:
    """Each unexpected outcome, as a line that says what to do."""
    problems = []
    for node, (outcome, message) in sorted(results.items()):
        if node in expected:
            if outcome == "passed" and not is_flaky(expected[node]):
                problems.append(f"now passes: remove it from the list: {node}  "
                                f"(listed: {expected[node]})")
        elif outcome != "passed":
            problems.append(f"{outcome.upper()}: {node}: {_first_line(message)}")
    for node in sorted(set(expected) - set(results)):
        problems.append(f"listed but did not run (stale entry?): {node}")
    return problems


def prune(path: Path, results, expected) -> list[str]:
    """Rewrite the list at *path* without the entries that now pass (flaky
    ones aside) or did not run; return their node ids."""
    gone = [n for n, reason in expected.items()
            if n not in results or (results[n][0] == "passed" and not is_flaky(reason))]
    if gone:
        keep = [line for line in path.read_text().splitlines(keepends=True)
                if line.partition(" #")[0].strip() not in gone]
        path.write_text("".join(keep))
    return gone


def is_flaky(reason: str) -> bool:
    """A 'flaky: ...' entry: a test whose outcome varies from run to run for a
    reason that is not the server's (said in the reason); either outcome is taken."""
    return reason.startswith("flaky:")


def _first_line(message: str, width: int = 300) -> str:
    line = message.strip().splitlines()[0] if message.strip() else "(no message)"
    return line if len(line) <= width else line[:width] + "..."


def category(reason: str) -> str:
    """The category of a reason: its text before the first ' (', with the
    issue for 'CATEGORY (issue N...)'."""
    if is_flaky(reason):
        return "flaky"
    head, _, rest = reason.partition(" (")
    issue = re.match(r"issue \d+", rest)
    return f"{head.strip()} ({issue.group(0)})" if issue else head.strip()


def print_summary(results, expected, problems) -> None:
    counts = Counter(outcome for outcome, _ in results.values())
    listed = [n for n in expected if n in results]
    print(f"\npeer suite ({PEER} {PEER_VERSION}, -m '{MARKERS}'): {len(results)} tests: "
          f"{counts['passed']} passed, {counts['failed']} failed, {counts['error']} errors, "
          f"{counts['skipped']} skipped")
    for node in listed:
        if is_flaky(expected[node]):
            print(f"flaky (either outcome taken): {node}: {results[node][0]}")
    print(f"listed (not passing yet, or flaky): {len(listed)}")
    reasons = Counter(expected[n] for n in listed)
    for cat, n in sorted(Counter(category(expected[n]) for n in listed).items()):
        print(f"  {n:4d}  {cat}")
        mine = sorted((r, k) for r, k in reasons.items() if category(r) == cat)
        if [r for r, _ in mine] != [cat]:
            for reason, k in mine:
                print(f"        {k:4d}  {reason}")
    if problems:
        print(f"\nUNEXPECTED OUTCOMES ({len(problems)}):")
        for line in problems:
            print(f"  {line}")
        print("\nFAIL: peer suite: the outcome differs from .ci/peer-suite-expected.txt")
    else:
        print("ok: peer suite: every unlisted test passed and no listed one did "
              "(flaky ones aside)")


def print_module_counts(results) -> None:
    per_module: dict[str, Counter] = defaultdict(Counter)
    for node, (outcome, _) in results.items():
        per_module[node.split("::", 1)[0]][outcome] += 1
    print("\nthe peer's suite with OUR driver (informational, not a gate):")
    print(f"  {'module':44s} {'pass':>5s} {'fail':>5s} {'error':>5s} {'skip':>5s}")
    total: Counter = Counter()
    for module, c in sorted(per_module.items()):
        total.update(c)
        print(f"  {module:44s} {c['passed']:5d} {c['failed']:5d} {c['error']:5d} {c['skipped']:5d}")
    print(f"  {'all':44s} {total['passed']:5d} {total['failed']:5d} {total['error']:5d} "
          f"{total['skipped']:5d}")


if __name__ == "__main__":
    sys.exit(main())
