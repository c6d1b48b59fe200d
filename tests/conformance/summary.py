"""Summarise a conformance run per case and client from pytest's JUnit XML.

    python -m pytest tests/conformance --junitxml=/tmp/cf.xml
    python tests/conformance/summary.py /tmp/cf.xml

Prints one line per test id (pass / FAIL / skip) with the first line of each
failure's assertion, which is what the server authors need.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET


def main(path: str) -> int:
    root = ET.parse(path).getroot()
    counts = {"pass": 0, "FAIL": 0, "skip": 0}
    for tc in root.iter("testcase"):
        name = f"{tc.get('classname', '').rsplit('.', 1)[-1]}::{tc.get('name')}"
        bad = tc.find("failure") if tc.find("failure") is not None else tc.find("error")
        if bad is not None:
            state = "FAIL"
            msg = (bad.get("message") or "").replace("\n", " ")[:300]
        elif tc.find("skipped") is not None:
            state, msg = "skip", ""
        else:
            state, msg = "pass", ""
        counts[state] += 1
        print(f"{state:4} {name} {msg}".rstrip())
    print(counts)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/cf.xml"))
