"""The selector hands out the row hot path of the chosen implementation.

Each case imports the driver in a fresh interpreter (the choice is made
once, at import) and reports which ``rows`` module ``informix_db._impl``
chose and which one the statement reader and the test server really use,
which also proves the import order has no cycle in either mode or without
any compiled module.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from informix_db import _impl

_CHILD = """
import importlib.abc, json, sys

class _HideSpeedups(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.startswith("informix_db._speedups."):
            raise ImportError(f"{name} hidden by the test")
        return None

if sys.argv[1] == "hide":
    sys.meta_path.insert(0, _HideSpeedups())
import informix_db
from informix_db import _impl
from informix_db.protocol import statement
from informix_db.testing import describe
print(json.dumps({
    "implementation": informix_db.IMPLEMENTATION,
    "rows": _impl.rows.__name__,
    "statement": statement.rows.__name__,
    "server": describe.rows.__name__,
}))
"""


def _report(env_value: str | None, *, hide_compiled: bool = False) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in (_impl.ENV_VAR, "PYTHONPATH")}
    if env_value is not None:
        env[_impl.ENV_VAR] = env_value
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, "hide" if hide_compiled else "show"],
        env=env, capture_output=True, text=True, timeout=60, check=True,
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


def test_rows_is_a_hot_path_module():
    assert _impl.HOT_MODULES["rows"] == "informix_db.codecs.rows"


def test_python_choice_decodes_rows_in_pure_python():
    pure = "informix_db.codecs.rows"
    assert _report("python") == {
        "implementation": "python", "rows": pure, "statement": pure, "server": pure}


@pytest.mark.skipif(not _cython_available(), reason="this install has no compiled speedups")
def test_cython_choice_decodes_rows_with_the_compiled_twin():
    compiled = "informix_db._speedups.rows"
    assert _report("cython") == {
        "implementation": "cython", "rows": compiled, "statement": compiled,
        "server": compiled}


def test_without_compiled_modules_rows_come_from_the_pure_module():
    pure = "informix_db.codecs.rows"
    assert _report(None, hide_compiled=True) == {
        "implementation": "python", "rows": pure, "statement": pure, "server": pure}
