"""Every README example that starts its own test server runs as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"

pytest.importorskip("informix_db.testing")


def _examples() -> list[tuple[str, str]]:
    """``(section, code)`` of each self-contained python block (one that starts
    a ``TestServer``); blocks that need a real server are left out."""
    if not README.exists():  # a wheel's test run has tests/ without the README
        return []
    found, section = [], ""
    text = README.read_text()
    for m in re.finditer(r"^(#+ [^\n]*)$|^```python\n(.*?)^```", text, flags=re.M | re.S):
        if m.group(1):
            section = m.group(1).lstrip("# ")
        elif "TestServer(" in m.group(2):
            found.append((section, m.group(2)))
    return found


EXAMPLES = _examples()


@pytest.mark.skipif(not EXAMPLES, reason="no README beside the tests")
@pytest.mark.parametrize("code", [c for _, c in EXAMPLES], ids=[s for s, _ in EXAMPLES])
def test_the_readme_example_runs(code, tmp_path):
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
