"""The engine behind the TestServer in these tests.

While the DuckDB engine is unfinished, the server runs on the wire-side
tests' stand-in engine (tests/testing/fake_engine.py); connecting only
needs its login and DBOPEN behaviour.  Once ``informix_db.testing.engine``
provides ``Engine`` the real one is used.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import subprocess
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


@contextlib.contextmanager
def server_process(database: str, tmpdir: str | None = None):
    """A test server in a process of its own (so a client's memory can be
    measured apart) with *database* (logged), its temporary files (the
    sbspace among them) under *tmpdir* if given; yields ``[host, port]``."""
    env = None if tmpdir is None else {**os.environ, "TMPDIR": tmpdir}
    proc = subprocess.Popen([sys.executable, "-m", "informix_db.testing", "--port", "0",
                             "--database", f"{database}:logged"], stdout=subprocess.PIPE,
                            text=True, env=env)
    try:
        line = proc.stdout.readline()
        assert line.startswith("listening on "), line
        yield line.split()[-1].rsplit(":", 1)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
