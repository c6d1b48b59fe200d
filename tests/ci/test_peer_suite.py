""".ci/peer_suite.py, the gate on the peer driver's real-server suite: how it
reads the expectation list and the junit report, what it calls unexpected,
and how it fails when the download, the server or pytest goes wrong (with
stand-in executables, so nothing is downloaded here)."""

from __future__ import annotations

import importlib.util
import os
import signal
import sys
import textwrap
import time
from argparse import Namespace
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[2] / ".ci" / "peer_suite.py"
if not _PATH.is_file():  # pragma: no cover - only a checkout has .ci/
    pytest.skip(f"{_PATH} not found (not a checkout)", allow_module_level=True)
_spec = importlib.util.spec_from_file_location("peer_suite", _PATH)
ps = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ps)


#: The harness runs on POSIX CI machines (a venv's bin/, process groups);
#: its stand-in interpreters are shell scripts.
posix_only = pytest.mark.skipif(os.name != "posix", reason="the harness and its stand-ins are POSIX")


def _write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text))
    return path


def _executable(path: Path, script: str) -> Path:
    """A stand-in for a Python interpreter: a shell script."""
    _write(path, "#!/bin/sh\n" + textwrap.dedent(script))
    path.chmod(0o755)
    return path


# -- the expectation list -------------------------------------------------------

def test_expectation_list_maps_node_ids_to_reasons_and_skips_comments(tmp_path):
    listed = _write(tmp_path / "e.txt", """\
        # a comment

        tests/test_a.py::test_x[1]  # smart-lob (issue 12)
        tests/test_a.py::T::test_y # test server: issue 8 (catalog)
        """)
    assert ps.read_expected(listed) == {
        "tests/test_a.py::test_x[1]": "smart-lob (issue 12)",
        "tests/test_a.py::T::test_y": "test server: issue 8 (catalog)"}


def test_expectation_line_without_a_reason_is_refused_with_its_line_number(tmp_path):
    listed = _write(tmp_path / "e.txt", "# head\ntests/test_a.py::test_x\n")
    with pytest.raises(ps.HarnessError, match=r"e\.txt:2: expected 'node_id  # reason'"):
        ps.read_expected(listed)


def test_expectation_line_with_an_empty_reason_is_refused(tmp_path):
    listed = _write(tmp_path / "e.txt", "tests/test_a.py::test_x  #  \n")
    with pytest.raises(ps.HarnessError, match=r"e\.txt:1"):
        ps.read_expected(listed)


def test_a_test_listed_twice_is_refused(tmp_path):
    listed = _write(tmp_path / "e.txt", "t.py::a  # x\nt.py::a  # y\n")
    with pytest.raises(ps.HarnessError, match="listed twice"):
        ps.read_expected(listed)


def test_the_committed_list_reads_and_every_reason_names_a_category():
    listed = ps.read_expected(_PATH.parent / "peer-suite-expected.txt")
    assert listed
    for reason in listed.values():
        assert ps.category(reason), reason


# -- comparing ------------------------------------------------------------------

def test_listed_test_that_still_fails_is_as_expected():
    assert ps.compare({"t.py::a": ("failed", "boom")}, {"t.py::a": "smart-lob (issue 12)"}) == []


def test_listed_test_that_now_passes_fails_the_gate():
    problems = ps.compare({"t.py::a": ("passed", "")}, {"t.py::a": "smart-lob (issue 12)"})
    assert problems == ["now passes: remove it from the list: t.py::a  "
                        "(listed: smart-lob (issue 12))"]


@pytest.mark.parametrize("outcome", ["failed", "error", "skipped"])
def test_unlisted_test_that_does_not_pass_fails_the_gate_with_its_message(outcome):
    problems = ps.compare({"t.py::a": (outcome, "E  assert 1 == 2\nmore")}, {})
    assert problems == [f"{outcome.upper()}: t.py::a: E  assert 1 == 2"]


def test_listed_test_that_did_not_run_is_a_stale_entry():
    problems = ps.compare({"t.py::a": ("passed", "")}, {"t.py::gone": "x (issue 8)"})
    assert problems == ["listed but did not run (stale entry?): t.py::gone"]


@pytest.mark.parametrize("outcome", ["passed", "failed"])
def test_flaky_entry_takes_either_outcome(outcome):
    assert ps.compare({"t.py::a": (outcome, "")}, {"t.py::a": "flaky: a race in the test"}) == []


def test_category_is_the_text_before_the_detail_with_its_issue():
    assert ps.category("smart-lob (issue 12)") == "smart-lob (issue 12)"
    assert ps.category("collections (issue 13: ROW type)") == "collections (issue 13)"
    assert ps.category("test server: issue 8 (catalog)") == "test server: issue 8"
    assert ps.category("flaky: counts threads (asyncio)") == "flaky"


def test_prune_drops_passing_and_stale_entries_and_keeps_the_rest(tmp_path):
    listed = _write(tmp_path / "e.txt", """\
        # head

        t.py::passes  # smart-lob (issue 12)
        t.py::fails  # smart-lob (issue 12)
        t.py::flaky  # flaky: a race
        t.py::gone  # test server: issue 8 (x)
        """)
    results = {"t.py::passes": ("passed", ""), "t.py::fails": ("failed", "m"),
               "t.py::flaky": ("passed", "")}
    removed = ps.prune(listed, results, ps.read_expected(listed))
    assert sorted(removed) == ["t.py::gone", "t.py::passes"]
    assert listed.read_text() == textwrap.dedent("""\
        # head

        t.py::fails  # smart-lob (issue 12)
        t.py::flaky  # flaky: a race
        """)


# -- the junit report and the lock ------------------------------------------------

def test_junit_cases_become_node_ids_with_their_outcomes(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_m.py").write_text("")
    report = _write(tmp_path / "r.xml", """\
        <testsuites><testsuite>
          <testcase classname="tests.test_m" name="test_ok[1]"/>
          <testcase classname="tests.test_m.TestK" name="test_f">
            <failure message="assert 1 == 2">trace</failure></testcase>
          <testcase classname="tests.test_m" name="test_e">
            <error message="failed on setup">trace</error></testcase>
          <testcase classname="tests.test_m" name="test_s">
            <skipped message="no sbspace"/></testcase>
        </testsuite></testsuites>
        """)
    assert ps.read_junit(report, tmp_path) == {
        "tests/test_m.py::test_ok[1]": ("passed", ""),
        "tests/test_m.py::TestK::test_f": ("failed", "assert 1 == 2"),
        "tests/test_m.py::test_e": ("error", "failed on setup"),
        "tests/test_m.py::test_s": ("skipped", "no sbspace")}


def test_a_module_that_failed_to_collect_is_one_error_case(tmp_path):
    report = _write(tmp_path / "r.xml", """\
        <testsuites><testsuite>
          <testcase classname="" name="tests.test_aio">
            <error message="collection failure">ImportError</error></testcase>
        </testsuite></testsuites>
        """)
    assert ps.read_junit(report, tmp_path) == {
        "tests/test_aio.py": ("error", "collection failure")}


def test_module_counts_add_up_per_module(capsys):
    ps.print_module_counts({"tests/test_a.py::x": ("passed", ""),
                            "tests/test_a.py::y": ("failed", "m"),
                            "tests/test_b.py": ("error", "collection failure")})
    out = capsys.readouterr().out.splitlines()
    rows = {line.split()[0]: line.split()[1:] for line in out if line.startswith("  tests/")}
    assert rows == {"tests/test_a.py": ["1", "1", "0", "0"], "tests/test_b.py": ["0", "0", "1", "0"]}
    assert out[-1].split() == ["all", "1", "1", "1", "0"]


def test_our_driver_must_be_a_wheel_file(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "uv.lock").write_text(
        '[[package]]\nname = "pytest"\nversion = "9.0.3"\nsource = { registry = "x" }\n'
        '[[package]]\nname = "pytest-asyncio"\nversion = "1.3.0"\nsource = { registry = "x" }\n'
        '[[package]]\nname = "pytest-benchmark"\nversion = "5.2.3"\nsource = { registry = "x" }\n')
    with pytest.raises(ps.HarnessError, match="is not a wheel file"):
        ps._install(Path(sys.executable), tmp_path / "none.tar.gz", tmp_path / "src", tmp_path,
                    str(tmp_path / "nowhere.whl"), sys.executable)


def test_locked_versions_are_the_registry_packages_of_the_lock():
    lock = textwrap.dedent("""\
        version = 1

        [[package]]
        name = "the-project"
        version = "1.0"
        source = { editable = "." }

        [[package]]
        name = "pytest"
        version = "9.0.3"
        source = { registry = "https://example.invalid/simple" }
        dependencies = [
            { name = "pluggy" },
        ]
        """)
    assert ps.locked_versions(lock) == {"pytest": "9.0.3"}


# -- failures of the run itself ---------------------------------------------------

@posix_only
def test_a_failed_sdist_download_says_so_with_pips_message(tmp_path):
    pip = _executable(tmp_path / "python", """\
        echo "ERROR: No matching distribution found for informix-driver==2026.9.3"
        exit 1
        """)
    with pytest.raises(ps.HarnessError) as excinfo:
        ps._download_sdist(pip, tmp_path)
    assert "downloading the sdist of informix-driver==2026.9.3 failed" in str(excinfo.value)
    assert "No matching distribution found" in str(excinfo.value)


@pytest.fixture
def no_probe(monkeypatch):
    """Stand-in servers that are not asked for their --help first."""
    monkeypatch.setattr(ps, "_server_has_option", lambda python, option: False)


@posix_only
def test_the_blobspace_is_served_when_the_server_has_the_option(tmp_path):
    python = _executable(tmp_path / "python", f"""\
        case "$*" in
          *--help*) echo "  --blobspace NAME   a blobspace"; exit 0 ;;
        esac
        echo "$@" > {tmp_path}/argv
        echo "listening on 127.0.0.1:45679"
        exec sleep 60
        """)
    proc, _ = ps._start_server(str(python), tmp_path, timeout=20)
    ps._stop(proc)
    argv = (tmp_path / "argv").read_text().split()
    assert argv[argv.index("--blobspace") + 1] == "blobspace1"
    assert "utf8db:logged:en_US.utf8" in argv


@posix_only
def test_a_server_without_the_blobspace_option_is_not_given_it(tmp_path):
    python = _executable(tmp_path / "python", """\
        echo "usage: python -m informix_db.testing [--database NAME[:MODE]]"
        """)
    assert not ps._server_has_option(str(python), "--blobspace")


@posix_only
def test_a_server_that_exits_before_listening_shows_its_log(tmp_path, no_probe):
    python = _executable(tmp_path / "python", """\
        echo "ModuleNotFoundError: No module named 'duckdb'" >&2
        exit 1
        """)
    with pytest.raises(ps.HarnessError) as excinfo:
        ps._start_server(str(python), tmp_path, timeout=20)
    message = str(excinfo.value)
    assert "exited (status 1) before listening" in message
    assert "No module named 'duckdb'" in message


@posix_only
def test_a_server_that_never_listens_is_stopped_and_reported(tmp_path, no_probe):
    python = _executable(tmp_path / "python", f"""\
        echo $$ > {tmp_path}/pid
        echo "starting"
        exec sleep 60
        """)
    with pytest.raises(ps.HarnessError, match="did not listen within 1 s") as excinfo:
        ps._start_server(str(python), tmp_path, timeout=1)
    assert "starting" in str(excinfo.value)
    _assert_gone(int((tmp_path / "pid").read_text()))


@posix_only
def test_the_servers_port_is_read_from_its_listening_line(tmp_path, no_probe):
    python = _executable(tmp_path / "python", """\
        echo "listening on 127.0.0.1:45678"
        exec sleep 60
        """)
    proc, port = ps._start_server(str(python), tmp_path, timeout=20)
    try:
        assert port == 45678
    finally:
        ps._stop(proc)
    assert proc.poll() is not None


def _suite_args(overall: int) -> Namespace:
    return Namespace(test_timeout=5, overall_timeout=overall)


@posix_only
def test_a_hung_suite_is_killed_at_the_overall_timeout_and_reported(tmp_path):
    python = _executable(tmp_path / "python", f"""\
        echo $$ > {tmp_path}/pid
        echo "collected 473 items"
        exec sleep 60
        """)
    started = time.monotonic()
    with pytest.raises(ps.HarnessError) as excinfo:
        ps._run_suite(python, tmp_path, tmp_path, 1, _suite_args(overall=1))
    assert time.monotonic() - started < 30
    assert "did not finish within 1 s and was killed" in str(excinfo.value)
    assert "collected 473 items" in str(excinfo.value)
    _assert_gone(int((tmp_path / "pid").read_text()))


@posix_only
def test_a_suite_pytest_cannot_run_is_reported_with_its_exit_status(tmp_path):
    python = _executable(tmp_path / "python", """\
        echo "ERROR: usage: unrecognized arguments: --timeout=5"
        exit 4
        """)
    with pytest.raises(ps.HarnessError, match=r"could not run the suite \(exit 4\)"):
        ps._run_suite(python, tmp_path, tmp_path, 1, _suite_args(overall=30))


@posix_only
def test_the_suite_runs_with_the_servers_address_and_databases(tmp_path):
    python = _executable(tmp_path / "python", f"""\
        env > {tmp_path}/env
        echo "$@" > {tmp_path}/argv
        echo '<testsuites/>' > {tmp_path}/junit.xml
        """)
    ps._run_suite(python, tmp_path, tmp_path, 4321, _suite_args(overall=30))
    env = dict(line.split("=", 1) for line in (tmp_path / "env").read_text().splitlines()
               if "=" in line)
    assert (env["IFX_PORT"], env["IFX_DATABASE"], env["IFX_UTF8_DATABASE"]) == (
        "4321", "sysmaster", "utf8db")
    assert "PYTHONPATH" not in env
    argv = (tmp_path / "argv").read_text()
    assert "-m integration and not benchmark" in argv and "--timeout=5" in argv


def test_main_reports_a_harness_failure_and_exits_1(tmp_path, capsys):
    assert ps.main(["--python", sys.executable, "--work", str(tmp_path / "w"),
                    "--expected", str(tmp_path / "missing.txt")]) == 1
    assert "FAIL: peer suite: cannot read the expectation list" in capsys.readouterr().err


def _assert_gone(pid: int) -> None:
    for _ in range(50):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        # A zombie child of ours still answers signal 0 until reaped.
        if _is_zombie(pid):
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
    raise AssertionError(f"process {pid} still runs")


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")
    except OSError:
        return True


def test_our_driver_alone_means_the_one_python_imports():
    assert ps._parse_args(["--python", "py", "--our-driver"]).our_driver == "installed"
    assert ps._parse_args(["--python", "py", "--our-driver", "x.whl"]).our_driver == "x.whl"
    assert ps._parse_args(["--python", "py"]).our_driver is None


def test_a_relative_python_path_becomes_absolute_keeping_the_venv_link(tmp_path, monkeypatch):
    real = _executable(tmp_path / "python3.11", "exit 0\n")
    (tmp_path / "venv" / "bin").mkdir(parents=True)
    (tmp_path / "venv" / "bin" / "python").symlink_to(real)
    monkeypatch.chdir(tmp_path)
    assert ps.absolute_command("venv/bin/python") == str(tmp_path / "venv" / "bin" / "python")


def test_a_bare_python_name_is_left_to_path():
    assert ps.absolute_command("python3") == "python3"
