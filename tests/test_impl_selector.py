"""The implementation selector: INFORMIX_DB_IMPL decides, and only _impl decides.

The choice is made once, at import, so each case imports informix_db in a
fresh interpreter with the environment it needs.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import informix_db
from informix_db import _impl

PACKAGE_DIR = Path(informix_db.__file__).parent

#: Run in the child: optionally make the compiled twins unimportable, then
#: report what the selector chose (or the ImportError it raised).
_CHILD = """
import importlib.abc, json, sys

class _HideSpeedups(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.startswith("informix_db._speedups."):
            raise ImportError(f"{name} hidden by the test")
        return None

if sys.argv[1] == "hide":
    sys.meta_path.insert(0, _HideSpeedups())
try:
    import informix_db
    from informix_db import _impl
except ImportError as exc:
    print(json.dumps({"error": str(exc)}))
else:
    print(json.dumps({
        "implementation": informix_db.IMPLEMENTATION,
        "modules": {name: getattr(_impl, name).__name__ for name in _impl.HOT_MODULES},
    }))
"""

PURE = dict(_impl.HOT_MODULES)
COMPILED = {name: f"informix_db._speedups.{name}" for name in _impl.HOT_MODULES}


def _select(env_value: str | None, *, hide_compiled: bool = False) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in (_impl.ENV_VAR, "PYTHONPATH")}
    if env_value is not None:
        env[_impl.ENV_VAR] = env_value
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, "hide" if hide_compiled else "show"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(proc.stdout)


def _cython_available() -> bool:
    try:
        _impl.load("cython")
    except ImportError:
        if os.environ.get("INFORMIX_DB_EXPECT_CYTHON") == "1":
            raise
        return False
    return True


needs_cython = pytest.mark.skipif(
    not _cython_available(), reason="this install has no compiled speedups"
)


def test_every_hot_path_module_is_selected():
    # buffer (framing), rows (row decode/encode), binding (parameters)
    assert {"buffer", "rows", "binding"} <= set(_impl.HOT_MODULES)


def test_python_choice_uses_the_pure_modules():
    assert _select("python") == {"implementation": "python", "modules": PURE}


@needs_cython
def test_cython_choice_uses_the_compiled_twins():
    assert _select("cython") == {"implementation": "cython", "modules": COMPILED}


@needs_cython
def test_unset_prefers_cython_when_it_imports():
    assert _select(None)["implementation"] == "cython"


def test_empty_value_counts_as_unset():
    assert _select("", hide_compiled=True)["implementation"] == "python"


def test_unset_falls_back_to_python_when_cython_cannot_import():
    assert _select(None, hide_compiled=True) == {"implementation": "python", "modules": PURE}


def test_cython_choice_never_falls_back_silently():
    outcome = _select("cython", hide_compiled=True)
    assert "implementation" not in outcome
    assert "INFORMIX_DB_IMPL=cython" in outcome["error"]
    assert "hidden by the test" in outcome["error"]  # the underlying reason


def test_unknown_choice_is_an_import_error_naming_the_choices():
    error = _select("pypy")["error"]
    assert "'pypy'" in error and "python" in error and "cython" in error


def test_choice_ignores_case_and_surrounding_spaces():
    assert _select(" Python ")["implementation"] == "python"


def test_load_rejects_an_unknown_implementation():
    with pytest.raises(ImportError, match="must be one of"):
        _impl.load("rust")


def test_implementation_is_exported_and_valid():
    assert informix_db.IMPLEMENTATION in _impl.CHOICES
    assert informix_db.IMPLEMENTATION == _impl.IMPLEMENTATION


def test_implementation_matches_the_environment_when_set():
    wanted = os.environ.get(_impl.ENV_VAR, "").strip().lower()
    if not wanted:
        pytest.skip(f"{_impl.ENV_VAR} is not set for this run")
    assert informix_db.IMPLEMENTATION == wanted


def _package_sources():
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        rel = path.relative_to(PACKAGE_DIR)
        if rel.parts[0] == "_speedups" or rel == Path("_impl.py"):
            continue
        yield rel, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_only_the_selector_imports_the_compiled_twins():
    offenders = []
    for rel, tree in _package_sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [a.name for a in node.names]
            else:
                continue
            if any("_speedups" in n for n in names):
                offenders.append(f"{rel}:{node.lineno}")
    assert offenders == []


def test_hot_path_users_import_them_through_the_selector():
    # "from informix_db.codecs import rows" in, say, protocol/statement.py
    # would pin the pure module whatever INFORMIX_DB_IMPL says.
    pure = set(PURE.values())
    offenders = []
    for rel, tree in _package_sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            offenders += [f"{rel}:{node.lineno} {n}" for n in names if n in pure]
    assert offenders == []


def test_only_the_selector_reads_the_implementation_variable():
    offenders = [
        f"{rel}:{node.lineno}"
        for rel, tree in _package_sources()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value == _impl.ENV_VAR
    ]
    assert offenders == []


def test_suite_runs_against_the_installed_package_when_asked():
    # .ci/run sets this: the tests must exercise the wheel, not src/.
    if os.environ.get("INFORMIX_DB_EXPECT_INSTALLED") != "1":
        pytest.skip("INFORMIX_DB_EXPECT_INSTALLED is not set")
    assert "site-packages" in Path(informix_db.__file__).parts
