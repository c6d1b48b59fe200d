"""Fail unless a pytest junit report shows tests that really ran and none failed.

    python count_junit.py REPORT.xml LABEL

Prints one closing line in the form 'N passed, N failed, N skipped'.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

report, label = sys.argv[1:3]
root = ET.parse(report).getroot()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
total = sum(int(s.get("tests", 0)) for s in suites)
failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
passed = total - failed - skipped
print(f"{label}: {passed} passed, {failed} failed, {skipped} skipped")
if failed or passed <= 0:
    sys.exit(f"FAIL: {label}: no test passed or some failed")
