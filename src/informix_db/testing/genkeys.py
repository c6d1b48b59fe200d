"""Generated keys (capability bit 48): IBM JDBC's SQ_AUTOGENKEYS and its replies.

After PREPARE, a client that wants an INSERT's generated keys sends
SQ_AUTOGENKEYS (134); the PREPARE reply then describes the key columns
(SQ_GENKEYS_DESCRIBE, a DESCRIBE body) and each EXECUTE reply carries one
SQ_GENKEYS_TUPLE (a TUPLE body) per inserted row.  The layout was learnt from
what IBM JDBC sends and accepts (docs/parity.md).
"""

from __future__ import annotations

from informix_db.exceptions import FramingError
from informix_db.framing import messages as m
from informix_db.testing.describe import tuple_payload
from informix_db.testing.replies import Reply
from informix_db.testing.statements import to_columns

#: Most columns one SQ_AUTOGENKEYS may name (a table has at most 32767).
_MAX_KEY_COLUMNS = 32767


class GeneratedKeys:
    """Mixin of ``Session``: reads SQ_AUTOGENKEYS and writes the key rows.

    Uses the session's ``stream``, ``encoding``, ``_run`` and ``_statement``."""

    def _autogenkeys(self, reply: Reply):
        # After PREPARE, IBM JDBC's request for generated keys: a short saying
        # which (1 all, 2 by column number, 3 by column name), then for 2 a
        # count and 1-based column numbers, for 3 a count and names.
        how = self.stream.read_int16()
        wanted: list = []
        if how in (2, 3):
            count = self.stream.read_int16()
            if not 0 <= count <= _MAX_KEY_COLUMNS:
                raise FramingError(f"SQ_AUTOGENKEYS asks for {count} columns")
            for _ in range(count):
                if how == 2:
                    wanted.append(self.stream.read_int16())
                else:
                    wanted.append(self.stream.read_lenbytes().decode(self.encoding, "replace"))
        elif how != 1:
            raise FramingError(f"unsupported SQ_AUTOGENKEYS selector {how}")
        self._run(reply, self._want_keys, how, wanted)
        return {"how": how, "columns": wanted}

    def _want_keys(self, reply: Reply, how: int, wanted: list) -> None:
        # Informix generates values only for SERIAL, SERIAL8 and BIGSERIAL
        # columns: those are an INSERT's keys.  Columns asked for by number
        # or name that are not among them have no generated value and are
        # left out; statements other than INSERT have none.
        stmt = self._statement()
        keys = list(getattr(stmt.prepared, "key_columns", None) or ())
        if how == 2:
            names = list(getattr(stmt.prepared, "table_columns", None) or ())
            chosen = {names[i - 1] for i in wanted if 0 < i <= len(names)}
            keys = [c for c in keys if c.name in chosen]
        elif how == 3:
            chosen = {w.lower() for w in wanted}
            keys = [c for c in keys if c.name in chosen]
        stmt.keys = to_columns(keys)

    def _send_keys(self, reply: Reply, stmt, result) -> None:
        """The generated keys of each row an EXECUTE inserted (SQ_GENKEYS_TUPLE)."""
        order = [c.name for c in getattr(stmt.prepared, "key_columns", ())]
        picks = [order.index(c.name) for c in stmt.keys]
        for row in getattr(result, "keys", ()):
            reply.tuple(tuple_payload(stmt.keys, [row[k] for k in picks], self.encoding),
                        tag=m.SQ_GENKEYS_TUPLE)
