"""Comparison helpers shared by the JDBC and peer suites."""

from __future__ import annotations

from typing import Any

from . import corpus


def mismatches(case: corpus.Case, got_rows: list[tuple[int, Any]]) -> list[str]:
    """Describe every row whose value differs from the corpus (empty = all equal).

    ``got_rows`` are ``(id, value)`` pairs in id order, ids being the
    corpus row indexes.
    """
    problems = []
    ids = [i for i, _ in got_rows]
    if ids != list(range(len(case.rows))):
        problems.append(f"row ids {ids}, expected {list(range(len(case.rows)))}")
    for i, got in got_rows:
        if not 0 <= i < len(case.rows):
            continue
        row = case.rows[i]
        want = corpus.canonical(case, row.want)
        try:
            have = corpus.canonical(case, got)
        except (TypeError, ValueError) as exc:
            problems.append(f"row {i}: sent {row.sent!r}: cannot read {got!r}: {exc}")
            continue
        if have != want or type(have) is not type(want):
            problems.append(f"row {i}: sent {_short(row.sent)}, got {_short(got)}, "
                            f"expected {_short(row.want)}")
    return problems


def _short(v: Any) -> str:
    r = repr(v)
    return r if len(r) <= 80 else r[:60] + f"...<{len(r)} chars>"
