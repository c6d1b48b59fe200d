"""Print the path of a jar shipped inside the installed wbjdbc package.

    python find_jar.py jdbc-4.50.10.1.jar
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

name = sys.argv[1]
spec = importlib.util.find_spec("wbjdbc")
if spec is None or spec.origin is None:
    sys.exit("FAIL: the wbjdbc package is not installed")
matches = sorted(Path(spec.origin).parent.rglob(name))
if not matches:
    sys.exit(f"FAIL: {name} is not inside {Path(spec.origin).parent}")
print(matches[0])
