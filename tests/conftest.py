"""Shared fixtures: the implementation switch and the report header."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest

import informix_db
from informix_db import _impl


def pytest_report_header(config):
    chosen = os.environ.get(_impl.ENV_VAR, "") or "unset"
    return [
        f"informix-db implementation: {informix_db.IMPLEMENTATION} ({_impl.ENV_VAR}={chosen})",
        f"informix-db imported from: {os.path.dirname(informix_db.__file__)}",
    ]


def _load_or_skip(name: str) -> SimpleNamespace:
    try:
        return SimpleNamespace(name=name, **_impl.load(name))
    except ImportError as exc:
        # A pure install legitimately lacks the compiled twins, but a build
        # that promised them (CI sets INFORMIX_DB_EXPECT_CYTHON=1) must fail.
        if os.environ.get("INFORMIX_DB_EXPECT_CYTHON") == "1":
            raise
        # The short cause, not the whole explanation: it repeats per test.
        pytest.skip(f"no compiled speedups in this install ({exc.__cause__ or exc})")


# Session scope: loading is idempotent, and hypothesis' @given rejects
# function-scoped fixtures.
@pytest.fixture(params=_impl.CHOICES, scope="session")
def impl(request) -> SimpleNamespace:
    """Each hot-path module of one implementation, as attributes (``impl.buffer``)."""
    return _load_or_skip(request.param)
