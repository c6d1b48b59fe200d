"""Insert cursors: OPEN of a prepared INSERT, then its rows in SQ_PUT messages.

IBM JDBC with ``IFX_USEPUT=1`` runs ``PreparedStatement.executeBatch()`` of
an INSERT this way (seen against this server; docs/insert-cursor-jdbc-wire.md
has the captures).  After SQ_BEGIN, one request carries the whole batch::

    SQ_ID id, SQ_CURNAME name, SQ_OPEN,
    [SQ_RETTYPE direction 0 (PUT), the types of the rows it will send]
    SQ_PUT ... SQ_PUT, SQ_EOT

* SQ_RETTYPE came only when the row has a VARCHAR-like column, and only
  with the statement's first OPEN; otherwise the rows are in the types of
  the DESCRIBE (the INSERT's ``?`` as their target columns).
* SQ_PUT (17): ``i32 size, i16 count``, then *count* rows of *size* bytes,
  each padded to even length; a row is the columns' tuple encodings back to
  back, as in an SQ_TUPLE.  IBM JDBC's own protocol trace names the fields
  "TupleSize" and "Count".  Rows of fixed size all go in one PUT (5,000
  INTEGER rows: size 4, count 5000); rows with a VARCHAR/LVARCHAR or a
  BYTE/TEXT column go one per PUT (count 1).  A BYTE/TEXT column's tuple
  value is a 56-byte descriptor; the content of each such column that is
  not NULL (descriptor flag) follows its PUT, in column order, as SQ_BLOB
  chunks ``i16 39, u16 length, data padded to even`` ended by a zero-length
  one.  The descriptor's size field is not the content's (a TEXT set with
  setString always says 11), so the chunks are what counts.
* No FLUSH or CLOSE is sent: the request's end is the flush, and COMMIT
  (which JDBC sends next) ends the cursor; a later executeBatch OPENs again.

Each PUT is answered like an EXECUTE of the INSERT: SQ_XACTSTAT (logged
databases), SQ_DONE with the rows it inserted, SQ_COST.  JDBC adds the
DONE counts up for executeBatch's result (``[n, -2, -2, ...]``) and lists
them in BatchUpdateException.getUpdateCounts(); outside autocommit it
throws a NullPointerException when a batch gets no DONE at all.  A row
that fails ends the request's inserting: the rows of its PUT before it are
counted in an SQ_DONE, then its SQ_ERR; the rows after it are not inserted
(Informix's FLUSH: "rows in the buffer that are located after the error
are not inserted").  What a real server puts in these replies is not in
our evidence; this form is what the jar accepts.

The PUTs of a request are held until another message or the SQ_EOT and run
as one engine batch (``execute_many``), as EXECUTEs of an INSERT are
(``batching``); when the engine declines the batch they run row by row.
"""

from __future__ import annotations

import logging

from informix_db import types as T
from informix_db._impl import rows
from informix_db.exceptions import DatabaseError, FramingError
from informix_db.testing.batching import MAX_BATCH
from informix_db.testing.binds import read_blob_chunks
from informix_db.testing.replies import Reply
from informix_db.testing.transactions import XACT_STATEMENT

_log = logging.getLogger(__name__)

#: "-404 The cursor or statement is not available." (finderr 404): a PUT
#: addressing a statement that is no open insert cursor.
NOT_AVAILABLE = -404

_BLOB_TYPES = (T.SQLBYTES, T.SQLTEXT)


class InsertCursor:
    """Mixin of ``Session``: SQ_PUT, and the insert-cursor side of OPEN and
    SQ_RETTYPE.  Uses the session's ``stream``, ``statements``, ``current``,
    ``encoding``, ``db``, ``logged``, ``failed``, ``_run``, ``_report`` and
    ``_level``; ``Session._serve_request`` runs the held PUTs (``_flush_puts``)
    before any other message and at the SQ_EOT."""

    def _init_puts(self) -> None:
        self._puts: list = []  # (statement, rows) per PUT held in this request
        self._held_put_rows = 0

    def _open_insert_cursor(self, stmt) -> None:
        """OPEN of a prepared INSERT: an insert cursor, nothing runs yet."""
        stmt.insert_cursor = True

    def _put_types(self, stmt, types) -> None:
        """SQ_RETTYPE direction 0: the types the client's PUT rows are in."""
        described = stmt.described or []
        out = []
        for i, (code, length) in enumerate(types):
            col = described[i].type if i < len(described) else None
            if col is not None and (col.sqltype & T.SQLTYPE_MASK) == (code & T.SQLTYPE_MASK):
                out.append(col)  # keeps the declared type's details
            else:
                out.append(T.ColumnType(code & T.SQLTYPE_MASK, length))
        stmt.put_types = out

    def _put(self, reply):
        stream = self.stream
        size = stream.read_int32()
        count = stream.read_int16()
        stride = size + (size & 1)  # each row is padded to even length
        if not 0 <= stride * count <= 0x7FFF_FFFF:
            raise FramingError(f"SQ_PUT of {count} rows of {size} bytes")
        data = stream.read_exact(stride * count)
        stmt = self.statements.get(self.current) if self.current is not None else None
        types = self._row_types(stmt)
        try:
            rows_ = self._decode_put(types, data, stride, count)
        except Exception as exc:  # noqa: BLE001 - answered as the PUT's error
            if any(_is_blob(t) for t in types):
                # their content follows, in chunks only for non-NULL values:
                # unknown here, so the rest of the request is passed over
                stream.skip_request()
            self._run(reply, _fail, exc)
            return {"size": size, "count": count, "error": str(exc)}
        sizes = []
        for values in rows_:
            for k, t in enumerate(types):
                # a NULL BYTE/TEXT (descriptor flagged null) has no content
                # after the PUT; any other has its chunks, even if empty
                if _is_blob(t) and values[k] is not None:
                    content = read_blob_chunks(self.stream, "SQ_PUT")
                    sizes.append(len(content))
                    values[k] = content.decode(self.encoding) \
                        if (t.sqltype & T.SQLTYPE_MASK) == T.SQLTEXT else content
        self._run(reply, self._hold_put, stmt, rows_)
        return {"size": size, "count": count, "blobs": sizes}

    def _decode_put(self, types, data, stride, count) -> list[list]:
        """*count* rows, one every *stride* bytes of the PUT's row data, in *types*."""
        if not types:
            raise DatabaseError("no open insert cursor", sqlcode=NOT_AVAILABLE)
        decode = rows.row_decoder(types, self.encoding)
        out = []
        for k in range(count):
            values, _ = decode(data, k * stride)
            out.append(list(values))
        return out

    @staticmethod
    def _row_types(stmt) -> list:
        if stmt is None:
            return []
        types = stmt.put_types
        if types is None:
            types = [c.type for c in (stmt.described or ())]
        return types

    def _hold_put(self, reply, stmt, values_list) -> None:
        if stmt is None or not stmt.insert_cursor:
            raise DatabaseError("no open insert cursor", sqlcode=NOT_AVAILABLE)
        if self._puts and (stmt is not self._puts[0][0]
                           or self._held_put_rows + len(values_list) > MAX_BATCH):
            self._flush_puts(reply)
        self._puts.append((stmt, values_list))
        self._held_put_rows += len(values_list)

    def _flush_puts(self, reply) -> None:
        """Run the held PUTs of this request (all of one statement): as one
        engine batch when it takes them, else PUT by PUT, row by row, up to
        the first row that fails."""
        puts, self._puts, self._held_put_rows = self._puts, [], 0
        if not puts or self.failed:
            return
        stmt = puts[0][0]
        every = [values for _, values_list in puts for values in values_list]
        before = self._level()
        results = None
        if len(every) > 1 and stmt.keys is None:
            try:
                results = self.db.execute_many(stmt.prepared, every)
            except Exception as exc:  # -458: the transaction could not be restored
                self._report(reply, exc)
                return
        if results is not None:
            after = self._level()
            k = 0
            for n, (_, values_list) in enumerate(puts):
                self._put_done(reply, stmt, results[k:k + len(values_list)],
                               before if n == 0 else after, after)
                k += len(values_list)
            return
        for _, values_list in puts:
            if not self._run_put(reply, stmt, values_list):
                return

    def _run_put(self, reply, stmt, values_list) -> bool:
        """One PUT's rows one by one; False when one failed (answered)."""
        before = self._level()
        results = []
        for values in values_list:
            try:
                results.append(self.db.execute(stmt.prepared, list(values)))
            except Exception as exc:
                if results:  # the rows before it went in: their count first
                    self._put_done(reply, stmt, results, before, self._level())
                self._report(reply, exc)
                return False
        self._put_done(reply, stmt, results, before, self._level())
        return True

    def _put_done(self, reply, stmt, results, before: int, after: int) -> None:
        """A PUT's answer, as an EXECUTE's: SQ_XACTSTAT (logged databases),
        SQ_DONE with the rows it inserted (the last row's SERIAL), SQ_COST."""
        if self.logged:
            reply.xactstat(XACT_STATEMENT, after, before)
        inserted = sum(max(getattr(r, "rowcount", 0) or 0, 0) for r in results)
        serial = getattr(results[-1], "serial", None) or 0 if results else 0
        reply.done(inserted, serial=serial)
        reply.cost()

    def _flush_puts_quietly(self) -> None:
        """Held PUTs of a client that went away run as they would have."""
        if self._puts and self.db is not None:
            try:
                self._flush_puts(Reply())
            except Exception:  # the session is ending anyway
                _log.exception("held PUT rows failed")


def _is_blob(column_type) -> bool:
    return (column_type.sqltype & T.SQLTYPE_MASK) in _BLOB_TYPES


def _fail(reply, exc) -> None:
    raise exc
