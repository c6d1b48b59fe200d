"""A blocking connection pool (extras layer): ``create_pool()``, ``ConnectionPool``.

::

    pool = informix_db.create_pool("db.example.com", 9088, "informix", "secret", "stores",
                                   server="ol_informix", min_size=1, max_size=10)
    with pool.connection() as conn:
        cur = conn.cursor()
        cur.execute("UPDATE stock SET qty = qty - 1 WHERE id = ?", (7,))
        conn.commit()        # what is not committed is rolled back on return
    pool.close()

It is built in two parts, as psycopg_pool is, so that an asyncio pool can
share the first:

* ``PoolState``: the bookkeeping and the policy.  Which connections are idle,
  in use, being opened or returned, who waits (oldest first), when a new
  connection may be opened, which idle ones have outlived ``max_idle`` or
  ``max_lifetime``.  No lock, no clock, no I/O and no waiting: the caller
  holds its own lock around every call and passes the time.
* ``ConnectionPool``: the blocking shell.  A ``threading.Lock`` around the
  state, a ``threading.Event`` per waiter, and every piece of I/O (connecting,
  resetting a returned connection, closing) done in the calling thread
  outside the lock, so a slow connect never holds up a release.

The rules:

* A connection returned to the pool is made clean before anyone else gets it
  (``Connection._reset_for_pool``): its open cursors are closed and their
  server statements released, an open transaction is rolled back, and the
  ``autocommit``, ``row_factory`` and ``fetch_buffer_size`` it was opened
  with are restored.  If that fails, or the connection is closed or broken,
  or it now has another database open (``DATABASE x``), it is discarded
  (closed), never re-pooled, and its place is free for a new one.
* ``with pool.connection() as conn:`` returns the connection at the end of
  the block whether or not it raised; it does not commit (call
  ``conn.commit()``): uncommitted work is rolled back on return.
* Handing out an idle connection first checks, without a round trip, that the
  server has not hung up while it sat idle: in this request/reply protocol
  the server sends nothing unasked, so a socket that is readable (EOF, a
  reset, or stray bytes) while idle is not usable and is replaced.  A host
  that vanished without a word is not seen by that check; TCP keepalive and
  ``read_timeout`` break such a connection on first use, and the pool
  discards it when it comes back.  ``check=`` adds a check of your own (e.g.
  ``ConnectionPool.check_connection``, one round trip) run on each hand-out.
* Waiters are served first come, first served: a returned connection goes
  straight to the oldest waiter, and a newcomer never overtakes a waiter.
* ``max_idle``: an idle connection unused for longer is closed, but never so
  many that the pool falls below ``min_size``.  ``max_lifetime``: a
  connection older than that is closed when it comes back or would be handed
  out.  Both are applied whenever the pool is used (acquire, release); there
  is no background thread.  ``min_size`` connections are opened by
  ``create_pool``; ones discarded later are replaced when next needed.
* ``release`` of a connection this pool did not hand out, or a second
  ``release`` of one, raises ``ProgrammingError`` and changes nothing.

Errors: ``PoolTimeout`` (no connection within ``acquire_timeout``) and
``PoolClosed`` (the pool is closed), both ``OperationalError``.  The
informix-driver package (same import name) calls them ``PoolTimeoutError``
(also an ``OperationalError``) and ``PoolClosedError`` (an
``InterfaceError`` there); those names are aliases of ours, but our
``PoolClosed`` is deliberately an ``OperationalError``: the pool being shut
down is a state of the service, as a closed server is, not a misuse of the
interface.  ``except OperationalError`` catches every pool error.
"""

from __future__ import annotations

from informix_db.pool.blocking import ConnectionPool, create_pool
from informix_db.pool.state import (
    CLOSED, OPEN, PoolClosed, PoolClosedError, PoolState, PoolTimeout, PoolTimeoutError,
)

__all__ = [
    "CLOSED",
    "ConnectionPool",
    "OPEN",
    "PoolClosed",
    "PoolClosedError",
    "PoolState",
    "PoolTimeout",
    "PoolTimeoutError",
    "create_pool",
]
