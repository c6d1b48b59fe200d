"""The one place that decides which implementation of the hot paths runs.

``INFORMIX_DB_IMPL=python`` uses the pure-Python modules, ``cython`` the
compiled twins in ``informix_db._speedups``; unset means cython when it can
be imported and python otherwise.  Asking for cython when it cannot be
imported is an ``ImportError`` that says why, never a silent fallback.

Other modules import the hot-path modules from here, e.g.
``from informix_db._impl import buffer``.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType
from typing import TYPE_CHECKING

#: Each hot-path module: its pure-Python home (the readable spec) and the
#: name of its compiled twin under ``informix_db._speedups``.
HOT_MODULES: dict[str, str] = {
    "buffer": "informix_db.framing.buffer",
    "rows": "informix_db.codecs.rows",
    "binding": "informix_db.protocol.binding",
    "replyloop": "informix_db.protocol.replyloop",
    "columnar": "informix_db.codecs.columnar",
}

#: Hot-path modules of the extras (whose pure homes belong to an extra's
#: layer, so they are loaded when first asked for, not at import): name ->
#: pure-Python home; the compiled twin is ``informix_db._speedups.<name>``.
EXTRA_MODULES: dict[str, str] = {
    "arrowbind": "informix_db.arrow.binds",
}

ENV_VAR = "INFORMIX_DB_IMPL"
CHOICES = ("python", "cython")


def load(impl: str) -> dict[str, ModuleType]:
    """Import every hot-path module of implementation *impl*."""
    if impl == "python":
        return {name: importlib.import_module(path) for name, path in HOT_MODULES.items()}
    if impl == "cython":
        mods = {}
        for name in HOT_MODULES:
            try:
                mods[name] = importlib.import_module(f"informix_db._speedups.{name}")
            except ImportError as exc:
                raise ImportError(
                    f"{ENV_VAR}=cython was requested but the compiled module "
                    f"informix_db._speedups.{name} cannot be imported ({exc}). "
                    "This install is pure Python: install a binary wheel, or build "
                    "from source with a C compiler and Cython available."
                ) from exc
        return mods
    raise ImportError(f"{ENV_VAR} must be one of {', '.join(CHOICES)}; got {impl!r}")


def _choose() -> tuple[str, dict[str, ModuleType]]:
    wanted = os.environ.get(ENV_VAR, "").strip().lower()
    if wanted:
        return wanted, load(wanted)
    try:
        return "cython", load("cython")
    except ImportError:
        return "python", load("python")


IMPLEMENTATION, _modules = _choose()

if TYPE_CHECKING:  # type checkers always see the readable pure-Python spec
    from informix_db.codecs import columnar, rows
    from informix_db.framing import buffer
    from informix_db.protocol import binding, replyloop
else:
    buffer = _modules["buffer"]
    rows = _modules["rows"]
    binding = _modules["binding"]
    replyloop = _modules["replyloop"]
    columnar = _modules["columnar"]


def extra(name: str) -> ModuleType:
    """The active implementation's module *name* of ``EXTRA_MODULES``."""
    path = EXTRA_MODULES[name]
    if IMPLEMENTATION == "cython":
        path = f"informix_db._speedups.{name}"
    return importlib.import_module(path)
