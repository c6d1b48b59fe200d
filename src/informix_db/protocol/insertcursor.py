"""Bulk loads through an insert cursor: OPEN of a prepared INSERT, then its
rows in SQ_PUT messages (docs/insert-cursor-jdbc-wire.md: IBM JDBC's
``executeBatch`` with ``IFX_USEPUT=1``).

I/O-free, as ``execution``: ``load`` yields ``(requests, begin)`` exchanges.
The first request is ``SQ_ID, SQ_CURNAME, SQ_OPEN, [SQ_RETTYPE direction 0],
SQ_PUT x k, SQ_EOT``; the rows of a longer input follow in requests of
``SQ_ID, SQ_PUT x k, SQ_EOT`` to the cursor still open (a window each, so a
generator of any length is held a window at a time), the RELEASE travelling
with the last.  No CLOSE or FLUSH: JDBC sends neither, and the
transaction's end ends the cursor.

SQ_PUT is ``i16 17, i32 TupleSize, i16 Count`` then Count rows of
TupleSize bytes, each padded to even length; a row is the SQ_TUPLE payload
of the INSERT's described ``?`` columns (``rows.RowEncoder``).  Rows of a
fixed size are packed many per PUT, up to ``PUT_BYTES``, as JDBC packs
them; rows with a VARCHAR-like column go one per PUT, as JDBC sends them
(consecutive ones of equal size could share one by the layout, but no
client was seen doing it, so a real server's answer is unknown).  A row
with a BYTE/TEXT column goes alone too: its PUT carries 56-byte
descriptors and each non-NULL value's content follows as SQ_BLOB chunks
ended by an empty one.

Each PUT is answered like an EXECUTE (XACTSTAT, DONE with the rows it
inserted, COST), read by ``replyloop.BatchLoop``'s totals; a failing row's
PUT gets a DONE for the rows of it that went in, then the SQ_ERR, and the
server inserts nothing after it.  So the rows loaded before an error are
the DONE counts' sum, which is also the failing row's index.

Transactions: an insert cursor runs inside one (JDBC sends SQ_BEGIN even
under autocommit), so with autocommit in a logged database the load gets
a BEGIN and, at its end, a COMMIT, also after a server error (the rows
before it stay, as executemany's would under autocommit).
"""

from __future__ import annotations

import re
from struct import Struct

from informix_db import types as T
from informix_db._impl import buffer, replyloop
from informix_db._impl import rows as row_codecs
from informix_db.codecs.binary import blob_payload
from informix_db.codecs.describe import describe_fields
from informix_db.exceptions import Error, OperationalError
from informix_db.framing import messages as sq
from informix_db.protocol import execution
from informix_db.protocol import statement as st
from informix_db.protocol.replies import Handlers

__all__ = ["PUT_BYTES", "LOAD_WINDOW_BYTES", "LOAD_WINDOW_ROWS", "encoder_for", "load"]

#: Rows of one size packed into one SQ_PUT up to this many bytes (JDBC sent
#: 20,000 bytes in one; 32 KiB keeps a PUT well under what a server buffers).
PUT_BYTES = 32 * 1024
#: A request of PUTs is cut after the row that takes it past these bounds:
#: the memory a load of any length holds at once (as ``EXECUTE_WINDOW_*``).
LOAD_WINDOW_BYTES = execution.EXECUTE_WINDOW_BYTES
LOAD_WINDOW_ROWS = execution.EXECUTE_WINDOW_SETS

_PUT = Struct(">hih")
_ID = Struct(">hh")
_BLOB = Struct(">hH")
_BLOB_CHUNK = 1024  # JDBC's SQ_BLOB chunk size
_BLOB_END = _BLOB.pack(sq.SQ_BLOB, 0)
_EOT = sq.SQ_EOT.to_bytes(2, "big")
_COUNT_MAX = 0x7FFF  # Count is an i16
#: Columns whose rows made JDBC send SQ_RETTYPE before the PUTs.
_VARCHAR_LIKE = (T.SQLVCHAR, T.SQLNVCHAR, T.SQLLVARCHAR)


#: The INSERTs an insert cursor loads: every value a ``?`` (an expression
#: would set the described columns and the markers apart).
_PLAIN_INSERT = re.compile(
    r"\s*INSERT\s+INTO\s+[\w$.\"]+\s*(?:\([\w$\s,\"]*\)\s*)?"
    r"VALUES\s*\(\s*\?(?:\s*,\s*\?)*\s*\)\s*;?\s*", re.I)


def encoder_for(description: st.Description, sql: str, markers: int, first, encoding: str):
    """The encoder of the PUT rows of prepared *description* (its described
    ``?`` columns) when an insert cursor can load it: a plain ``INSERT INTO
    t [(cols)] VALUES (?, ...)`` of *markers* ``?`` whose *first* row (values
    in ``?`` order) encodes as those columns' types: rows go as the server
    stores them, not converted by it as BIND values are.  Else None (the
    EXECUTE path runs it)."""
    if description.stmt_type != sq.SQ_INSERT or len(description.columns) != markers \
            or first is None or not _PLAIN_INSERT.fullmatch(sql):
        return None
    try:
        encode = row_codecs.row_encoder([c.type for c in description.columns], encoding)
        encode(first)
    except Error:
        return None
    return encode


def _open_head(description: st.Description, name: str) -> bytes:
    w = buffer.WriteBuffer()
    w.write_int16(sq.SQ_ID)
    w.write_int16(description.stmt_id)
    w.write_int16(sq.SQ_CURNAME)
    w.write_lenbytes(name.encode("ascii"))
    w.write_int16(sq.SQ_OPEN)
    columns = description.columns
    if any(c.type.sqltype in _VARCHAR_LIKE for c in columns):
        # JDBC's form (no SQ_ID before it): sent for such rows only.
        w.write_int16(sq.SQ_RETTYPE)
        w.write_int16(sq.RETTYPE_PUT)
        w.write_int16(len(columns))
        for c in columns:
            # JDBC's codes (BOOLEAN 45, LVARCHAR 43), with the DESCRIBE's
            # extended name and length word, as for a fetch's SQ_RETTYPE
            _code, _xid, xname, length = describe_fields(c.type)
            w.write_int16(c.type.sqltype)
            if xname:
                w.write_lenbytes(b"")  # owner
                w.write_lenbytes(xname.encode("ascii", "replace"))
            w.write_int32(length)
    return w.getvalue()


def _id_head(stmt_id: int) -> bytes:
    return _ID.pack(sq.SQ_ID, stmt_id)


def _blob_chunks(parts: list, data: bytes) -> None:
    for start in range(0, len(data), _BLOB_CHUNK):
        chunk = data[start:start + _BLOB_CHUNK]
        parts += (_BLOB.pack(sq.SQ_BLOB, len(chunk)), chunk, b"\0" if len(chunk) & 1 else b"")
    parts.append(_BLOB_END)


def _next_window(values_iter, encode, blobs, per_put: int, encoding: str, first: int):
    """The next window's PUT messages: ``(parts, count, failed, error, more)``:
    the bytes to join, the rows in them, and, when a row could not be
    encoded (``Error`` from the encoder or the iterator), its index and the
    exception (the rows before it are in *parts*); *more*: rows may follow.
    *per_put*: the most rows a PUT holds."""
    parts: list = []
    size = count = 0
    group: list = []  # the rows of the PUT being filled, each followed by its pad
    gsize = -1
    gcount = gbytes = 0
    window_bytes, window_rows, put_bytes = LOAD_WINDOW_BYTES, LOAD_WINDOW_ROWS, PUT_BYTES
    more = False
    try:
        for values in values_iter:
            row = encode(values)
            n = len(row)
            pad = b"\0" if n & 1 else b""
            if blobs:
                # alone in its PUT, its contents right after it
                parts += (_PUT.pack(sq.SQ_PUT, n, 1), row, pad)
                for i, is_text in blobs:
                    if values[i] is not None:
                        _blob_chunks(parts, blob_payload(values[i], is_text, encoding))
                size += 8 + n  # contents not counted: a window of big ones is short
            else:
                if n != gsize or gbytes + n > put_bytes or gcount == per_put:
                    if gcount:
                        _close_group(parts, gsize, gcount, group)
                        size += 8 + gbytes
                        group = []
                    gsize, gcount, gbytes = n, 0, 0
                group.append(row)
                if pad:
                    group.append(pad)
                gcount += 1
                gbytes += n + len(pad)
            count += 1
            if size + gbytes >= window_bytes or count >= window_rows:
                more = True
                break
    except Error as exc:
        _close_group(parts, gsize, gcount, group)
        return parts, count, first + count, exc, False
    _close_group(parts, gsize, gcount, group)
    return parts, count, None, None, more


def _close_group(parts: list, gsize: int, gcount: int, group: list) -> None:
    if gcount:
        parts.append(_PUT.pack(sq.SQ_PUT, gsize, gcount))
        parts += group


def _blob_columns(description: st.Description) -> tuple[tuple[int, bool], ...]:
    return tuple((i, c.type.sqltype == T.SQLTEXT) for i, c in enumerate(description.columns)
                 if c.type.sqltype in (T.SQLBYTES, T.SQLTEXT))


def _loaded(totals) -> execution.Executed:
    return execution.Executed(sq.SQ_INSERT, totals.rowcount, totals.lastrowid, totals.warnings)


def load(session, description: st.Description, values_iter, encode, name: str):
    """Insert the rows of *values_iter* (sequences of values in ``?`` order)
    through an insert cursor named *name* on prepared INSERT *description*,
    encoding each with *encode* (``encoder_for``); then RELEASE it.

    Returns ``(executed, failed_index, error)`` as
    ``execution.execute_prepared``: the rows inserted (``rowcount``,
    ``lastrowid``) and, when a row failed (refused by the server, or a value
    the encoder refused), its index (= the rows loaded before it) and the
    exception.  Nothing is sent when the input is empty but the RELEASE.
    """
    sid = description.stmt_id
    blobs = _blob_columns(description)
    per_put = 1 if any(c.type.sqltype in _VARCHAR_LIKE for c in description.columns) \
        else _COUNT_MAX
    encoding = session.encoding
    # An insert cursor needs a transaction: under autocommit the load is one.
    own = (session._autocommit and session.transaction_mode == "logged"
           and not session._in_transaction)
    begin = own or session._needs_begin_for(sq.SQ_INSERT)
    totals = replyloop.BatchLoop()
    handlers = Handlers(bulk=totals)
    head = _open_head(description, name)
    values_iter = iter(values_iter)
    released = opened = False
    failed = error = None
    start = 0
    try:
        while True:
            parts, count, failed, error, more = _next_window(values_iter, encode, blobs,
                                                             per_put, encoding, start)
            if not count:
                break
            requests = [(b"".join((head, *parts, _EOT)), handlers)]
            if not more:
                requests.append((st.build_release(sid), None))
                released = True
            replies = yield (requests, begin and not opened)
            opened = True
            head = _id_head(sid)
            start += count
            if replies[0].error is not None:
                failed, error = totals.rowcount, replies[0].error.exception()
                break
            if not more:
                if replies[-1].error is not None:
                    raise replies[-1].error.exception()
                break
        session._after_statement(sq.SQ_INSERT, opened)
        if not released:
            released = True
            yield from execution.release(session, sid, cursor=False)
        if own and opened:
            yield from _commit(session, error)
        else:
            yield from execution.statement_finished(session)
        return _loaded(totals), failed, error
    except GeneratorExit:
        raise
    except BaseException:
        if not released and not session.closed:
            try:
                yield from execution.release(session, sid, cursor=False)
            except Error:
                pass
        if own and opened and not session.closed and not session.broken:
            # the input failed (or the I/O, then this fails too): the windows
            # sent stay, as under autocommit without an insert cursor
            try:
                yield from execution.end_transaction(session, st.build_commit())
            except Error:
                pass
        raise


def _commit(session, error):
    """The COMMIT ending a load's own transaction; after a failed row too
    (the rows before it stay, as JDBC does).  A COMMIT that fails is raised,
    chained to the row's error when there is one."""
    try:
        yield from execution.end_transaction(session, st.build_commit())
    except OperationalError:
        raise
    except Error as exc:
        if error is not None:
            raise exc from error
        raise
