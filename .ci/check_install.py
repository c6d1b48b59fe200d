"""Assert which implementation an installed informix_db selects, and where it lives.

    python check_install.py EXPECTED_IMPLEMENTATION

Run it from the repository root with a venv's python: the package must come
from that venv's site-packages, never from the source tree.
"""

from __future__ import annotations

import sys
from pathlib import Path

import informix_db

expected = sys.argv[1]
location = Path(informix_db.__file__).resolve()
if "site-packages" not in location.parts:
    sys.exit(f"FAIL: informix_db was imported from {location}, not from an installed wheel")
if informix_db.IMPLEMENTATION != expected:
    sys.exit(f"FAIL: IMPLEMENTATION is {informix_db.IMPLEMENTATION!r}, expected {expected!r}")
print(f"ok: IMPLEMENTATION == {expected!r}, imported from {location.parent}")
