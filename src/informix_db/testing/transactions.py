"""Transaction messages of a session: SQ_BEGIN, SQ_CMMTWORK, SQ_RBWORK.

Each is answered with SQ_XACTSTAT (in a database with logging) and SQ_DONE.
``TransactionMessages`` is a mixin of ``session.Session`` (it uses the
session's ``db``, ``logged``, ``stream``, ``_run`` and ``_deferred``).
"""

from __future__ import annotations

from informix_db.testing.replies import Reply

# SQ_XACTSTAT events (a transaction began, ended by commit or rollback, or a
# statement ran inside the current level).  Both clients only drain the
# message; these values are this server's reading of "event, new level,
# old level", not copied from a capture.
XACT_STATEMENT = 0
XACT_BEGIN = 1
XACT_COMMIT = 2
XACT_ROLLBACK = 3


class TransactionMessages:
    """The transaction handlers of a ``Session``."""

    def _level(self) -> int:
        return 1 if getattr(self.db, "in_transaction", False) else 0

    def _transaction(self, reply: Reply, action, event: int) -> None:
        before = self._level()
        action()
        if self.logged:
            reply.xactstat(event, self._level(), before)
        reply.done(0)

    def _begin(self, reply: Reply):
        self._run(reply, self._transaction, lambda: self.db.begin(), XACT_BEGIN)

    def _commit(self, reply: Reply):
        # Carried out once the next message (normally the SQ_EOT) has arrived:
        # a connection cut right after the COMMIT leaves a client that cannot
        # learn the outcome, so the transaction is rolled back with the
        # session instead of committed behind its back.  (The driver reports
        # such a cut as "whether the transaction was committed is unknown".)
        self._deferred = lambda: self._run(reply, self._transaction, lambda: self.db.commit(),
                                           XACT_COMMIT)

    def _rollback(self, reply: Reply):
        # JDBC and the peer both send a savepoint short (0 = the whole work).
        savepoint = self.stream.read_int16()
        self._run(reply, self._transaction, lambda: self.db.rollback(), XACT_ROLLBACK)
        return {"savepoint": savepoint}
