"""The engine behind the TestServer in these tests.

While the DuckDB engine is unfinished, the server runs on the wire-side
tests' stand-in engine (tests/testing/fake_engine.py); connecting only
needs its login and DBOPEN behaviour.  Once ``informix_db.testing.engine``
provides ``Engine`` the real one is used.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

DATABASES = {"testdb": "logged", "plain": "unlogged", "strict": "ansi"}


def make_engine(databases=None):
    """None (the server builds its own engine) or the stand-in engine."""
    try:
        from informix_db.testing.engine import Engine  # noqa: F401
        return None
    except ImportError:
        path = Path(__file__).parents[1] / "testing" / "fake_engine.py"
        spec = importlib.util.spec_from_file_location("driver_fake_engine", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclasses look themselves up there
        spec.loader.exec_module(module)
        return module.Engine(databases=databases or DATABASES)
