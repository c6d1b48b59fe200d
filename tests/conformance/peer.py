"""Drive the peer driver (informix-driver, its own venv) through peer_runner.py.

The peer imports as ``informix_db`` like us, so it runs in another
interpreter: ``INFORMIX_DB_PEER_PYTHON`` or ``/tmp/peerenv/bin/python``.
Plans go in and results come out as type-tagged JSON (``tagged.py``).
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import corpus, tagged

PEER_ENV = "INFORMIX_DB_PEER_PYTHON"
DEFAULT_PEER_PYTHON = "/tmp/peerenv/bin/python"
RUNNER = Path(__file__).with_name("peer_runner.py")


class Unavailable(RuntimeError):
    """No peer interpreter: the peer suite must skip."""


def peer_python() -> str:
    path = os.environ.get(PEER_ENV) or DEFAULT_PEER_PYTHON
    if not Path(path).exists():
        raise Unavailable(f"no peer interpreter at {path} (set {PEER_ENV})")
    return path


@dataclass
class PeerError:
    """An error the peer raised for a step."""

    sqlcode: int | None
    isam: int | None
    cls: str
    message: str


@dataclass
class StepResult:
    ok: bool
    rowcount: int | None = None
    rows: list[list[Any]] | None = None
    description: list | None = None
    error: PeerError | None = None
    value: Any = None


def _ym(months: int) -> Any:
    """The interval_ym tag as the corpus spells year-month intervals."""
    return corpus.ym(abs(months) // 12, abs(months) % 12, negative=months < 0)


def representable(case: corpus.Case) -> corpus.Case:
    """``case`` without values the peer cannot decode.

    The peer builds ``date(1, month, day)`` for DATETIME MONTH TO DAY and
    friends (year 1), so Feb 29 without a YEAR raises ValueError inside the
    peer's fetch; the server's bytes are right (02-29, checked in the trace).
    It strips CHAR/NCHAR trailing blanks (its convention), and cannot bind a
    string over 65535 bytes.
    """
    case = corpus.without_char_padding(case)
    if case.family in ("text", "lvarchar", "varchar", "char"):
        # its str encoder writes a 2-byte length: OverflowError past 65535
        case = corpus.only_rows(case, lambda v: len(v.encode("iso-8859-1")) <= 65535)
    if case.family == "datetime" and case.fields[0] == "month" and "day" in case.fields:
        return corpus.only_rows(case, lambda v: (v.month, v.day) != (2, 29))
    return case


def run_plan(steps: list[dict], timeout: float = 120.0) -> list[StepResult]:
    """Run ``steps`` in the peer venv; one StepResult per step."""
    proc = subprocess.run(
        [peer_python(), str(RUNNER)],
        input=json.dumps({"steps": steps}), capture_output=True, text=True,
        timeout=timeout, env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    )
    if proc.returncode != 0:
        raise RuntimeError(f"peer runner failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    out = []
    for r in json.loads(proc.stdout)["results"]:
        err = r.get("error")
        out.append(StepResult(
            ok=r["ok"], rowcount=r.get("rowcount"), description=r.get("description"),
            value=tagged.decode(r.get("value"), _ym),
            rows=None if "rows" not in r else [tagged.decode(row, _ym) for row in r["rows"]],
            error=None if err is None else PeerError(
                err.get("sqlcode"), err.get("isam"), err.get("class", ""),
                err.get("message", "") + ("\n" + err["traceback"] if "traceback" in err else "")),
        ))
    return out


def connect_step(server: Any, database: str | None = "testdb", conn: str = "a",
                 **overrides: Any) -> dict:
    params = {"host": server.host, "port": server.port, "user": server.user,
              "password": server.password, "database": database,
              "server": server.server_name, **overrides}
    return {"op": "connect", "conn": conn, "params": params}


def execute_step(sql: str, params: list | tuple | None = None, fetch: bool = False,
                 conn: str = "a") -> dict:
    step: dict = {"op": "execute", "conn": conn, "sql": sql, "fetch": fetch}
    if params:
        step["params"] = [tagged.encode(v) for v in params]
    return step


