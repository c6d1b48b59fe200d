"""SELECT results of a session: which DuckDB connection each one streams from.

Outside a transaction each SELECT streams from a DuckDB connection of its
own, so several cursors stream at once; inside one (and in ANSI databases,
or when it reads a temp table) it uses the session's connection, and is
read into memory first if the session runs another statement before it is
exhausted (DuckDB keeps one stream per connection).

``ResultStreaming`` is a part of ``session.Session``.
"""

from __future__ import annotations

from informix_db.testing.engine.planner import Plan
from informix_db.testing.engine.results import Prepared, Result
from informix_db.testing.engine.values import fetch_converter


class ResultStreaming:
    """The SELECT results of a ``Session`` and the connections they stream from."""

    def _select(self, stmt: Prepared, params: list) -> Result:
        p = stmt.plan
        utf8 = self._db.encoding == "utf-8"
        conv = [fetch_converter(t, utf8, self.date_format) for t in stmt.ifx_types]
        conv = conv if any(conv) else None
        values = self._slot_values(p, params)
        if self.mode != "ansi" and not self._tx and not self._uses_temp(p):
            # Outside a transaction a SELECT gets a connection of its own, so several
            # cursors can stream at once; autocommit sees the same committed data.
            conn = self._db.connect()
            try:
                conn.execute(p.rendered(), values)
            except Exception as exc:
                conn.close()
                raise self._map(exc) from None
            result = Result(stmt.columns, 0, session=self, converters=conv, conn=conn,
                            owns_conn=True)
            self._open = [r for r in self._open if not r._done] + [result]
            return result
        self._detach()
        self._auto_begin()
        self._run(p.rendered(), values, log=False)
        result = Result(stmt.columns, 0, session=self, converters=conv)
        self._streaming = result
        return result

    def _uses_temp(self, p: Plan) -> bool:
        """Whether the statement names one of this session's temp tables."""
        return bool(self._temp) and any(
            t.kind == "word" and t.text.lower() in self._temp for t in p.tokens)

    def _detach(self) -> None:
        if self._streaming is not None:
            self._streaming._materialize()

    def _discard(self) -> None:
        """Drop open results without reading them (the session is leaving)."""
        if self._streaming is not None:
            self._streaming.close()
        for result in self._open:
            result.close()
        self._open = []
