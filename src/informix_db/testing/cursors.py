"""Cursor work: opening, fetching by buffer size, fetching by position.

NFETCH sends as many rows as fit the client's buffer (at least one), then
SQ_DONE (rows sent since OPEN) and SQ_COST; IBM JDBC and the peer both
fetch again until a reply carries no rows, so a large result takes many
rounds and the last reply has none.  A cursor opened after SQ_SCROLL keeps
every row, and SQ_SFETCH answers one row by position: SQ_TUPLE, then
SQ_TUPID with its 1-based number (both clients read the position from it).
"""

from __future__ import annotations

from dataclasses import replace

from informix_db import types as T
from informix_db.codecs.binary import decode_descriptor
from informix_db.exceptions import DatabaseError, DataError
from informix_db.testing.blobs import BlobStore, stash_blobs
from informix_db.codecs.composite import COMPOSITE_CODES
from informix_db.testing.describe import row_encoder
from informix_db.testing.replies import Reply
from informix_db.testing.statements import Statement

CURSOR_NOT_OPEN = -400  # fetch attempted on unopen cursor
NOT_IMPLEMENTED = -999  # a request this server cannot carry out
BLOB_NOT_FOUND = -608  # illegal attempt to use a BYTE or TEXT host variable
CODESET_CONVERSION_FAILED = -23103  # a value the client's code set cannot hold

# SQ_SFETCH scroll types (ESQL/C fetch orientations; IBM JDBC was seen
# sending LAST 4 and ABSOLUTE 6, the peer driver NEXT 1, LAST 4, ABSOLUTE 6).
SCROLL_NEXT, SCROLL_PRIOR, SCROLL_FIRST, SCROLL_LAST = 1, 2, 3, 4
SCROLL_CURRENT, SCROLL_ABSOLUTE, SCROLL_RELATIVE = 5, 6, 7

#: Per-message overhead of an SQ_TUPLE: tag, warnings short, size int.
_TUPLE_HEADER = 8


def _payload(stmt: Statement, row, encoding: str) -> bytes:
    try:
        if stmt.has_blobs:
            row = stash_blobs(stmt.columns, row, stmt.blob_store, encoding, stmt.blob_handles)
        if stmt.encoder is None:
            stmt.encoder = row_encoder(_wire_columns(stmt), encoding)
        return stmt.encoder(row)
    except DataError:
        # Text the client's code set lacks: Informix reports the failed
        # conversion rather than sending something else.
        if any(isinstance(v, str) and not _encodable(v, encoding) for v in row):
            raise DatabaseError("code-set conversion function failed",
                                sqlcode=CODESET_CONVERSION_FAILED) from None
        raise


def _wire_columns(stmt: Statement):
    """The columns as sent: one the client asked for as type 44
    (``Statement.raw_lobs``) goes as ``SQLSENDRECV``'s codec: a smart LOB's
    raw locator, a composite's binary form (``codecs.complexbinary``)."""
    if not stmt.raw_lobs:
        return stmt.columns
    out = []
    for i, c in enumerate(stmt.columns):
        ct = c.type
        if i in stmt.raw_lobs and ct.sqltype in (T.SQLBLOB, T.SQLCLOB):
            c = replace(c, type=T.ColumnType(T.SQLSENDRECV, 72, ct.nullable))
        elif i in stmt.raw_lobs and ct.sqltype in COMPOSITE_CODES:
            # the whole structure (a named ROW type's DESCRIBE gives its name only)
            types = getattr(stmt.prepared, "ifx_types", None) or []
            shape = types[i].shape if i < len(types) else ""
            c = replace(c, type=T.ColumnType(T.SQLSENDRECV, ct.length, ct.nullable,
                                             shape or ct.extended_name))
        out.append(c)
    return out


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def open_cursor(stmt: Statement, result, encoding: str) -> None:
    """Make *result* the statement's open cursor (a scroll cursor takes all rows now)."""
    stmt.close_cursor()
    stmt.result = result
    if stmt.scroll:
        while batch := result.fetchmany(256):
            # encoded when fetched: an SQ_RETTYPE after the OPEN (IBM JDBC
            # sends it there) still decides the form
            stmt.rows.extend(batch)


def fetch_blob(store: BlobStore, reply: Reply, descriptor: bytes, chunk: int = 1024) -> None:
    """Answer SQ_FETCHBLOB: the data as SQ_BLOB chunks, then a zero-length one."""
    ref, _ = decode_descriptor(descriptor, 0)
    data = b"" if ref is None else store.get(ref.handle)
    if data is None:
        raise DatabaseError("no such blob", sqlcode=BLOB_NOT_FOUND)
    for start in range(0, len(data), chunk):
        reply.blob(data[start:start + chunk])
    reply.blob(b"")


def _require_open(stmt: Statement) -> None:
    if stmt.result is None:
        raise DatabaseError("cursor not open", sqlcode=CURSOR_NOT_OPEN)


def fetch(stmt: Statement, reply: Reply, bufsize: int, encoding: str) -> None:
    """Answer an NFETCH: rows up to *bufsize* bytes, then DONE and COST."""
    _require_open(stmt)
    used = 0
    sent = 0
    while True:
        if not stmt.pending:
            if stmt.exhausted:
                break
            rows = stmt.result.fetchmany(max(1, bufsize // 64))
            if not rows:
                stmt.exhausted = True
                break
            stmt.pending.extend(_payload(stmt, row, encoding) for row in rows)
        size = _TUPLE_HEADER + len(stmt.pending[0]) + (len(stmt.pending[0]) & 1)
        if sent and used + size > bufsize:
            break
        reply.tuple(stmt.pending.popleft())
        used += size
        sent += 1
    stmt.sent += sent
    reply.done(stmt.sent)
    reply.cost()


def scroll_fetch(stmt: Statement, reply: Reply, how: int, target: int,
                 encoding: str) -> None:
    """Answer an SFETCH: the row at the new position, or none past either end
    (the position then stays where it was)."""
    _require_open(stmt)
    count = len(stmt.rows)
    wanted = {SCROLL_NEXT: stmt.position + 1, SCROLL_PRIOR: stmt.position - 1,
              SCROLL_FIRST: 1, SCROLL_LAST: count, SCROLL_CURRENT: stmt.position,
              SCROLL_RELATIVE: stmt.position + target, SCROLL_ABSOLUTE: target}.get(how)
    if wanted is None:
        raise DatabaseError(f"scroll type {how} is not supported", sqlcode=NOT_IMPLEMENTED)
    if 1 <= wanted <= count:
        stmt.position = wanted
        row = stmt.rows[wanted - 1]
        if not isinstance(row, bytes):  # each row encoded once, when first fetched
            row = stmt.rows[wanted - 1] = _payload(stmt, row, encoding)
        reply.tuple(row)
        reply.tupid(wanted)
    reply.done(0)
    reply.cost()
