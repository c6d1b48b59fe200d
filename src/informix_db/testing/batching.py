"""EXECUTEs of one prepared INSERT held back and run as one engine batch.

An executemany sends, per row, a BIND and an EXECUTE of one prepared
INSERT: IBM JDBC all in one request, the peer driver one request per row,
written back to back before it reads any reply.  Run one by one, each row
costs a DuckDB statement; held back and run together (``execute_many``) a
batch costs about one.  So ``Session._execute`` holds such EXECUTEs, and
any other message, or the end of a request the client is waiting on, runs
what is held first: replies keep the order of the messages.

Across requests: when a request of held rows ends and the client has
already sent more (the next request's bytes are here), its reply is held
too, complete but for the results of its rows, and the next request is read.
The client is not waiting for that reply (it is still writing), so nothing
changes for it but the speed.  Held replies go out, in order, as soon as the
rows run: at most ``MAX_BATCH`` rows, and never while no more input is
waiting.
"""

from __future__ import annotations

import logging

from informix_db.framing import messages as m
from informix_db.testing.replies import Reply

_log = logging.getLogger(__name__)

#: Messages that do not end a held-back batch of EXECUTEs.
BATCH_MESSAGES = (m.SQ_ID, m.SQ_BIND, m.SQ_EXECUTE)
#: Most EXECUTEs held back at once (bounds the memory a huge batch takes).
MAX_BATCH = 5000


class HeldExecutes:
    """Mixin of ``Session``: holding, running and answering batched EXECUTEs.

    Uses the session's ``db``, ``statements``, ``current``, ``failed``,
    ``stream``, ``_run``, ``_report``, ``_do_execute``, ``_executed``,
    ``_level`` and ``_send``."""

    def _init_held(self) -> None:
        self._pending: list[tuple[list, Reply]] = []  # (params, reply of its request)
        self._pending_stmt = None
        self._held_replies: list[Reply] = []  # requests answered once the rows run

    def _execute(self, reply: Reply):
        stmt = self.statements.get(self.current) if self.current is not None else None
        if self._pending and stmt is not self._pending_stmt:
            self._flush(reply)
        self._hold_to_eot(stmt)
        if (self._post_eot is None and not self.failed and stmt is not None and stmt.prepared is not None
                and stmt.keys is None  # generated keys come from each row's own result
                and getattr(stmt.prepared, "kind", None) == "insert"
                and hasattr(self.db, "execute_many")):
            self._pending.append((list(stmt.params), reply))
            self._pending_stmt = stmt
            if len(self._pending) >= MAX_BATCH:
                self._flush(reply)
            return
        self._run(reply, self._do_execute)

    def _hold_reply(self, reply: Reply) -> bool:
        """At the SQ_EOT of a request: hold its *reply* (True) when rows of
        it are held, nothing failed, and the client has already sent more."""
        if (self._pending and not self.failed and len(self._pending) < MAX_BATCH
                and self.stream.more_waiting()):
            self._held_replies.append(reply)
            return True
        return False

    def _flush(self, reply: Reply) -> None:
        """Run the held-back EXECUTEs (*reply*: the current request's), then
        send the held replies they complete."""
        rows, stmt = self._pending, self._pending_stmt
        self._pending, self._pending_stmt = [], None
        if rows:
            self._run_rows(reply, stmt, rows)
        self._send_held()

    def _run_rows(self, reply: Reply, stmt, rows: list) -> None:
        """As one batch, or one by one when the engine declines the batch:
        then each row gets its own result, and a failing row's error ends
        its own request (the current one's, as if nothing had been held)."""
        failed_now = self.failed
        if len(rows) > 1 and not failed_now:
            try:
                if self._execute_batch(stmt, rows):
                    return
            except Exception as exc:  # -458: the transaction could not be restored
                for target in dict.fromkeys(target for _, target in rows):
                    self.failed = False
                    self._report(target, exc)
                self.failed = True
                return
        last = None
        for params, target in rows:
            if target is not last:  # each request fails on its own
                self.failed = failed_now if target is reply else False
                last = target
            self._run(target, self._do_execute, stmt, params)
        if last is not reply:
            self.failed = failed_now

    def _execute_batch(self, stmt, rows: list) -> bool:
        before = self._level()
        results = self.db.execute_many(stmt.prepared, [params for params, _ in rows])
        if results is None:
            return False
        after = self._level()
        for k, (result, (_, target)) in enumerate(zip(results, rows)):
            self._executed(target, stmt, result, before if k == 0 else after, after)
        return True

    def _send_held(self) -> None:
        if not self._held_replies:
            return
        held, self._held_replies = self._held_replies, []
        decoded = []
        for r in held:
            r.eot()
            decoded.extend(r.decoded or ())
        self._send(b"".join(r.getvalue() for r in held),
                   decoded if held[0].decoded is not None else None)

    def _flush_quietly(self) -> None:
        """Run held-back EXECUTEs of requests whose client went away, as they
        would have run had each run when it arrived."""
        if self._pending and self.db is not None:
            self._held_replies = []  # nobody to send them to
            try:
                rows, stmt = self._pending, self._pending_stmt
                self._pending, self._pending_stmt = [], None
                self._run_rows(Reply(), stmt, rows)
            except Exception:  # the session is ending anyway
                _log.exception("session %d: held-back EXECUTEs failed", self.number)
