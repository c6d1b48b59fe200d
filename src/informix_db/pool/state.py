"""The pool's errors and ``PoolState``: the bookkeeping and policy both pools
run (``informix_db.pool``'s docstring has the rules), without lock, clock or I/O."""

from __future__ import annotations

import logging
from collections import deque
from typing import Any

from informix_db.exceptions import OperationalError, ProgrammingError

__all__ = ["CLOSED", "OPEN", "PoolClosed", "PoolClosedError", "PoolState", "PoolTimeout",
           "PoolTimeoutError", "check_options", "restore"]

_log = logging.getLogger("informix_db.pool")


class PoolTimeout(OperationalError):
    """No connection became available within the acquire timeout."""


class PoolClosed(OperationalError):
    """The pool is closed: it hands out no more connections."""


#: informix-driver's names for the same errors.
PoolTimeoutError = PoolTimeout
PoolClosedError = PoolClosed

#: What ``PoolState`` hands an acquirer that must open a connection itself:
#: a place in the pool is reserved for it.
OPEN = "open"
#: What a waiter receives when the pool closes under it.
CLOSED = "closed"


def check_options(min_size: int, max_size: int, acquire_timeout, max_idle,
                  max_lifetime) -> None:
    """``ValueError`` for pool options that make no sense."""
    if max_size < 1 or min_size < 0 or min_size > max_size:
        raise ValueError(f"invalid pool sizes: min_size={min_size}, max_size={max_size} "
                         "(need 0 <= min_size <= max_size, max_size >= 1)")
    for name, value in (("acquire_timeout", acquire_timeout), ("max_idle", max_idle),
                        ("max_lifetime", max_lifetime)):
        if value is not None and value < 0:
            raise ValueError(f"{name} must be None or >= 0, got {value!r}")


def restore(conn, entry: _Entry) -> bool:
    """After a returned *conn* was reset (no I/O here): give it back the
    settings it was opened with; False (discard it) when it has another
    database open now, or is closed or broken."""
    current = conn.database.name if conn.database is not None else None
    if current != entry.database:
        _log.info("discarding a pooled connection: database %r is open, not %r",
                  current, entry.database)
        return False
    conn.autocommit = entry.autocommit
    conn.row_factory = entry.row_factory
    conn.fetch_buffer_size = entry.fetch_buffer_size
    return not (conn.closed or conn.broken)


class _Entry:
    """A connection the pool owns, and what the policy needs to know of it."""

    __slots__ = ("conn", "created", "idle_since", "state", "database", "autocommit",
                 "row_factory", "fetch_buffer_size")

    def __init__(self, conn, now: float) -> None:
        self.conn = conn
        self.created = now
        self.idle_since = now
        self.state = "in use"  # "idle", "in use" or "returning"
        # What the connection was opened with, restored on every return.
        self.database = conn.database.name if conn.database is not None else None
        self.autocommit = conn.autocommit
        self.row_factory = conn.row_factory
        self.fetch_buffer_size = conn.fetch_buffer_size


class PoolState:
    """The pool's bookkeeping and policy: no lock, no clock, no I/O.

    The caller serialises every call (holds its lock) and passes *now*
    (``time.monotonic()``).  Methods that free connections return them for
    the caller to close outside its lock.  Waiters are the caller's own
    objects, queued in ``waiters`` oldest first; a method that serves one
    returns ``(waiter, grant)``, the grant being an idle ``_Entry`` or
    ``OPEN``, and the caller delivers it.
    """

    def __init__(self, *, min_size: int, max_size: int, max_idle: float | None,
                 max_lifetime: float | None) -> None:
        self.min_size = min_size
        self.max_size = max_size
        self.max_idle = max_idle
        self.max_lifetime = max_lifetime
        self.entries: dict[Any, _Entry] = {}  # every connection owned, by connection
        self.idle: deque[_Entry] = deque()  # the right end was returned last
        self.opening = 0  # places reserved for connections being opened
        self.waiters: deque = deque()
        self.closed = False
        self.counters = dict(opened=0, discarded=0, expired=0, acquired=0, timeouts=0,
                             connect_errors=0)

    # -- counts ------------------------------------------------------------------

    @property
    def size(self) -> int:
        """Connections owned (idle, in use, being returned) plus those being opened."""
        return len(self.entries) + self.opening

    @property
    def in_use(self) -> int:
        return len(self.entries) - len(self.idle)

    def stats(self) -> dict[str, int]:
        return dict(size=self.size, idle=len(self.idle), in_use=self.in_use,
                    opening=self.opening, waiting=len(self.waiters),
                    min_size=self.min_size, max_size=self.max_size, **self.counters)

    # -- acquiring ---------------------------------------------------------------

    def checkout(self, now: float) -> tuple[_Entry | str | None, list]:
        """For a newcomer: an idle entry (now in use), ``OPEN`` (a place is
        reserved: open a connection and call ``opened``) or None (queue up
        in ``waiters``); and the connections to close."""
        to_close = self._sweep(now)
        if self.waiters:
            return None, to_close  # nobody overtakes a waiter
        while self.idle:
            entry = self.idle.pop()
            entry.state = "in use"
            if self._too_old(entry, now):
                self._forget(entry, "expired")
                to_close.append(entry.conn)
                continue
            self.counters["acquired"] += 1
            return entry, to_close
        if self.size < self.max_size:
            self.opening += 1
            return OPEN, to_close
        return None, to_close

    def opened(self, conn, now: float) -> _Entry | None:
        """A connection was opened in a reserved place: it is now in use by
        its opener.  None when the pool closed meanwhile (close *conn*)."""
        self.opening -= 1
        if self.closed:
            return None
        entry = _Entry(conn, now)
        self.entries[conn] = entry
        self.counters["opened"] += 1
        self.counters["acquired"] += 1
        return entry

    def open_failed(self) -> tuple | None:
        """Opening a connection failed: its place is free again (for the
        oldest waiter, if one waits: ``(waiter, OPEN)``)."""
        self.counters["connect_errors"] += 1
        return self.give_up_place()

    def give_up_place(self) -> tuple | None:
        """A reserved place will not be used: free again (for the oldest
        waiter, if one waits: ``(waiter, OPEN)``)."""
        self.opening -= 1
        return self._grant_place()

    def replace(self, conn) -> str:
        """The in-use *conn* was found unusable when handed out: forget it
        (the caller closes it) and keep its place for the same acquirer."""
        self._forget(self.entries[conn], "discarded")
        self.opening += 1
        return OPEN

    def cancel_wait(self, waiter) -> None:
        """*waiter* gave up before anything was granted to it."""
        self.waiters.remove(waiter)
        self.counters["timeouts"] += 1

    # -- returning ---------------------------------------------------------------

    def begin_return(self, conn) -> _Entry:
        """Mark the in-use *conn* as being returned (while it is made clean);
        ``ProgrammingError`` when it is not in use from this pool."""
        entry = self.entries.get(conn)
        if entry is None:
            raise ProgrammingError(
                f"{conn!r} was not acquired from this pool (or was already released and "
                "discarded): release() takes only connections this pool handed out")
        if entry.state != "in use":
            raise ProgrammingError(
                f"{conn!r} was already released to this pool: release each acquired "
                "connection once")
        entry.state = "returning"
        return entry

    def checkin(self, conn, now: float, *, reusable: bool) -> tuple[tuple | None, list]:
        """The returning *conn* is clean (*reusable*) or not.  Gives
        ``(waiter, grant)`` when the oldest waiter is served by it (the
        connection itself, or its place to open a new one), and the
        connections to close."""
        entry = self.entries[conn]
        to_close = []
        if self.closed or not reusable or self._too_old(entry, now):
            why = None if self.closed else "discarded" if not reusable else "expired"
            self._forget(entry, why)
            to_close.append(conn)
            handoff = self._grant_place()
        elif self.waiters:
            entry.state = "in use"
            self.counters["acquired"] += 1
            handoff = (self.waiters.popleft(), entry)
        else:
            entry.state = "idle"
            entry.idle_since = now
            self.idle.append(entry)
            handoff = None
        to_close += self._sweep(now)
        return handoff, to_close

    def close(self) -> tuple[list, list]:
        """Close the pool: the idle connections to close and the waiters to
        tell.  Connections in use are discarded when they come back."""
        self.closed = True
        to_close = [e.conn for e in self.idle]
        for entry in list(self.idle):
            self._forget(entry, None)
        waiters = list(self.waiters)
        self.waiters.clear()
        return to_close, waiters

    # -- policy ------------------------------------------------------------------

    def _too_old(self, entry: _Entry, now: float) -> bool:
        return self.max_lifetime is not None and now - entry.created >= self.max_lifetime

    def _sweep(self, now: float) -> list:
        """Close idle connections unused for longer than ``max_idle``, the
        least recently used first, keeping at least ``min_size``."""
        to_close = []
        if self.max_idle is None:
            return to_close
        while (self.idle and self.size > self.min_size
               and now - self.idle[0].idle_since > self.max_idle):
            entry = self.idle[0]
            self._forget(entry, "expired")
            to_close.append(entry.conn)
        return to_close

    def _grant_place(self) -> tuple | None:
        if self.waiters and not self.closed and self.size < self.max_size:
            self.opening += 1
            return self.waiters.popleft(), OPEN
        return None

    def _forget(self, entry: _Entry, why: str | None) -> None:
        if entry.state == "idle":
            self.idle.remove(entry)
        del self.entries[entry.conn]
        entry.state = "gone"
        if why is not None:
            self.counters[why] += 1
