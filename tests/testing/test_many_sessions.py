"""Hundreds of sessions at once: the server's thread per session holds at 500.

500 asyncio clients (no thread each, so the client side is cheap) log in to
one in-process ``TestServer`` at the same moment, all stay connected while
each runs a query with its own parameter and checks its own answer, then
all disconnect.  The process's resident memory is read with every session
open; what the sessions cost is almost all the server's: a thread, its
socket, an engine session and the DuckDB allocator caches of a thread that
ran a query (see ``server``).  A second round checks that the memory of the
first is reused, not leaked.
"""

from __future__ import annotations

import asyncio
import gc
import resource
import time
from pathlib import Path

import pytest

from informix_db import aio
from informix_db.testing import TestServer

pytestmark = pytest.mark.asyncio

SESSIONS = 500
#: Above SESSIONS: the default max_sessions (256) would refuse half of them.
MAX_SESSIONS = 600
#: Resident memory a session may add, with every session open.  Measured:
#: about 1.1-1.3 MiB (mostly DuckDB's per-thread allocator caches); the
#: bound leaves room for other hosts and allocators.
MAX_BYTES_PER_SESSION = 3 * 2**20
#: What a second round of SESSIONS sessions may add on top of the first
#: round's peak: its memory must be reused, not leaked.
MAX_BYTES_PER_SESSION_AGAIN = 2**20 // 2
SQL = "SELECT tabid FROM systables WHERE tabid = ?"
STATUS = Path("/proc/self/status")


def _rss() -> int:
    """This process's resident memory, in bytes (Linux /proc)."""
    for line in STATUS.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS in /proc/self/status")


def _enough_file_descriptors(needed: int) -> None:
    """Raise the soft RLIMIT_NOFILE to *needed* (within the hard limit), or skip."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        if hard != resource.RLIM_INFINITY and hard < needed:
            pytest.skip(f"needs {needed} file descriptors, the hard limit is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))


@pytest.fixture
def many_server():
    if not STATUS.exists():
        pytest.skip("reads resident memory from /proc/self/status (Linux)")
    # Both ends of every connection live in this process, plus DuckDB's files.
    _enough_file_descriptors(2 * SESSIONS + 512)
    with TestServer(databases={"testdb": "logged"}, max_sessions=MAX_SESSIONS) as srv:
        yield srv


async def _connect(srv):
    return await aio.connect(srv.host, srv.port, srv.user, srv.password, "testdb",
                             srv.server_name, connect_timeout=30, read_timeout=30)


async def _query(conn, tabid: int) -> None:
    cur = conn.cursor()
    await cur.execute(SQL, (tabid,))
    rows = await cur.fetchall()
    assert rows == [(tabid,)], f"tabid {tabid}: {rows}"


async def _wait_for_no_sessions(srv, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while srv.session_count and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert srv.session_count == 0


async def _round(srv) -> int:
    """SESSIONS sessions open at once, each querying; the RSS with all open."""
    results = await asyncio.gather(*(_connect(srv) for _ in range(SESSIONS)),
                                   return_exceptions=True)
    conns = [r for r in results if not isinstance(r, BaseException)]
    failed = [r for r in results if isinstance(r, BaseException)]
    try:
        assert not failed, f"{len(failed)} of {SESSIONS} logins failed: {failed[:3]}"
        assert srv.session_count == SESSIONS
        # systables has tabids 1..67 (Informix 12.10's catalog): every session
        # asks for its own and must get exactly it back.
        answers = await asyncio.gather(*(_query(conn, i % 67 + 1)
                                         for i, conn in enumerate(conns)),
                                       return_exceptions=True)
        wrong = [a for a in answers if isinstance(a, BaseException)]
        assert not wrong, f"{len(wrong)} of {SESSIONS} queries failed: {wrong[:3]}"
        assert srv.session_count == SESSIONS  # all still open
        return _rss()
    finally:
        await asyncio.gather(*(conn.close() for conn in conns), return_exceptions=True)
        await _wait_for_no_sessions(srv)


async def test_500_sessions_at_once_with_bounded_memory(many_server):
    srv = many_server
    conn = await _connect(srv)  # first-use costs (engine, catalog) are not the sessions'
    await _query(conn, 1)
    await conn.close()
    await _wait_for_no_sessions(srv)
    gc.collect()

    before = _rss()
    started = time.monotonic()
    first = await _round(srv)
    first_took = time.monotonic() - started
    again = await _round(srv)
    took = time.monotonic() - started

    per_session = (first - before) / SESSIONS
    per_session_again = (again - first) / SESSIONS
    print(f"\n{SESSIONS} sessions: RSS {before / 2**20:.0f} MiB -> {first / 2**20:.0f} MiB "
          f"({per_session / 1024:.0f} KiB a session) in {first_took:.1f}s; "
          f"second round {again / 2**20:.0f} MiB ({per_session_again / 1024:+.0f} KiB a "
          f"session); {took:.1f}s in all")
    assert per_session < MAX_BYTES_PER_SESSION
    assert per_session_again < MAX_BYTES_PER_SESSION_AGAIN
    assert srv.session_count == 0

