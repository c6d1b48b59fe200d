"""Run a JSON plan with the peer driver (informix-driver) and print results.

Runs under the PEER venv's interpreter, where ``informix_db`` is the peer
package, never ours: this file imports only the stdlib, the peer and its
sibling ``tagged.py`` (stdlib-only).

stdin: ``{"steps": [step, ...]}``; each step names a connection ``conn``
(default "a") and an ``op``:

- ``connect``: ``params`` = keyword arguments of ``informix_db.connect``
- ``execute``: ``sql``, optional ``params`` (tagged values), ``fetch`` (bool)
- ``executemany``: ``sql``, ``seq`` (list of tagged parameter lists)
- ``commit`` / ``rollback`` / ``close``
- ``attr``: ``name`` of a connection attribute, returned as ``value``

stdout: ``{"results": [result, ...]}``, one per step, each either
``{"ok": true, "rowcount": n, "rows": [[tagged...]], "description": [...]}``
or ``{"ok": false, "error": {"sqlcode", "isam", "class", "message"}}``.
A failed step does not stop the plan (the conformance tests check that a
connection stays usable after an error).
"""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tagged  # noqa: E402  (sibling, stdlib-only)

import informix_db as peer  # noqa: E402  (the PEER package in this venv)


def _error(exc: BaseException) -> dict:
    return {
        "sqlcode": getattr(exc, "sqlcode", None),
        "isam": getattr(exc, "isamcode", None),
        "class": type(exc).__name__,
        "message": str(exc)[:500],
    }


def _params(raw: list | None) -> tuple:
    return tuple(tagged.decode(v, interval_ym=lambda m: peer.IntervalYM(m)) for v in raw or ())


def _describe(cur) -> list | None:
    if cur.description is None:
        return None
    return [[d[0], d[1] if isinstance(d[1], (int, str)) else str(d[1])] for d in cur.description]


def run_step(conns: dict, step: dict) -> dict:
    name = step.get("conn", "a")
    op = step["op"]
    if op == "connect":
        params = {"connect_timeout": 20, "read_timeout": 30, **step["params"]}
        conns[name] = peer.connect(**params)
        return {"ok": True}
    conn = conns[name]
    if op in ("commit", "rollback", "close"):
        getattr(conn, op)()
        return {"ok": True}
    if op == "attr":
        return {"ok": True, "value": tagged.encode(getattr(conn, step["name"]))}
    cur = conn.cursor()
    try:
        if op == "execute":
            params = _params(step.get("params"))
            if params:
                cur.execute(step["sql"], params)
            else:
                cur.execute(step["sql"])
        elif op == "executemany":
            cur.executemany(step["sql"], [_params(p) for p in step["seq"]])
        else:
            raise ValueError(f"unknown op {op!r}")
        out = {"ok": True, "rowcount": cur.rowcount, "description": _describe(cur)}
        if step.get("fetch"):
            out["rows"] = [[tagged.encode(v) for v in row] for row in cur.fetchall()]
        return out
    finally:
        try:
            cur.close()
        except Exception:  # noqa: BLE001 - closing after a failure is best effort
            pass


def main() -> int:
    plan = json.load(sys.stdin)
    conns: dict = {}
    results = []
    for step in plan["steps"]:
        try:
            results.append(run_step(conns, step))
        except Exception as exc:  # noqa: BLE001 - every failure becomes data
            res = {"ok": False, "error": _error(exc)}
            if getattr(exc, "sqlcode", None) is None:
                res["error"]["traceback"] = traceback.format_exc()[-2000:]
            results.append(res)
    for conn in conns.values():
        try:
            conn.close()
        except Exception:  # noqa: BLE001
            pass
    json.dump({"results": results}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
