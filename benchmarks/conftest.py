"""Benchmarks run each implementation side by side, like the tests."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest

from informix_db import _impl


@pytest.fixture(params=_impl.CHOICES, scope="session")
def impl(request) -> SimpleNamespace:
    """Each hot-path module of one implementation, as attributes (``impl.buffer``)."""
    try:
        return SimpleNamespace(name=request.param, **_impl.load(request.param))
    except ImportError as exc:
        if os.environ.get("INFORMIX_DB_EXPECT_CYTHON") == "1":
            raise
        pytest.skip(f"no compiled speedups in this install ({exc.__cause__ or exc})")
