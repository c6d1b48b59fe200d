"""Statement requests and the statement-specific parts of their replies.

Requests (each returns the exact bytes, SQ_EOT included), as IBM JDBC
4.50 sends them (shared/protocol/jdbc-captures g04-g31):

* ``build_prepare``: SQ_PREPARE [i16 nparams][SQL length][SQL, padded]
  + SQ_NDESCRIBE + SQ_WANTDONE (g04, g14).  The SQL length is an i32 when
  capability bit 62 was negotiated, an i16 otherwise.
* ``build_command``: SQ_COMMAND (same body) + SQ_NDESCRIBE + SQ_EXECUTE
  + SQ_RELEASE: a statement without parameters or rows, in one trip (g26).
* ``build_open``: SQ_ID [i16 id] + SQ_CURNAME [lenbytes] + [SQ_BIND ...]
  + SQ_OPEN, then SQ_ID [id] + SQ_NFETCH [i32 buffer size][i16 0] (g10,
  g15).  Buffer sizes (NFETCH, SFETCH) are i32 with capability bit 63,
  i16 without (as JDBC sends them then).
* ``build_fetch`` (g11), ``build_close`` (g07), ``build_release`` (g08):
  SQ_ID [id] + the action.
* ``build_execute``: SQ_ID [id] + [SQ_BIND ...] + SQ_EXECUTE;
  ``build_execute_batch``: SQ_ID [id] + ([SQ_BIND ...] + SQ_EXECUTE) per
  parameter set, as JDBC's executeBatch sends it.  The SQ_BIND messages
  come pre-built from ``binding.bind_message`` (one call per set, compiled
  in the Cython build), which owns their layout.
* ``build_sfetch``: SQ_ID [id] + SQ_SFETCH [i16 orientation][i32 row]
  [i32 buffer size], on a cursor opened with SQ_SCROLL before SQ_OPEN (not
  in the captures: the layout the peer driver uses against real servers).
* ``build_fetchblob``: SQ_ID [id] + SQ_FETCHBLOB [56-byte descriptor]: the
  content of a BYTE/TEXT value, as SQ_BLOB chunks (``BlobReader``).
* ``build_begin`` (g25), ``build_commit`` (g27), ``build_rollback``
  (g30: SQ_RBWORK [i16 savepoint 0]).

SQ_BIND is [i16 count] then per value [i16 type][i16 indicator][u16
length word][data, padded] (``informix_db.codecs.bind``); BYTE/TEXT
contents follow as SQ_BBIND [i16 count] and per value SQ_BLOB chunks
[u16 length][data, padded] ended by an empty chunk.

Replies: ``StatementReader`` handles SQ_DESCRIBE and SQ_TUPLE (the
common messages are ``ReplyReader``'s).  DESCRIBE is [i16 statement
type][i16 id][i32 cost][i16 tuple size][i16 columns][names size] and per
column [name offset][i32 start][i16 type | 0x100 NOT NULL][i32 extended
id][lenbytes owner][lenbytes extended name][i16 reference][i16
alignment][i32 source type][i32 length word], then the names table
(NUL-terminated names, padded).  The names size and name offsets are i32
with capability bit 50, i16 without.  TUPLE is [i16 warnings][i32
size][payload, padded]; the payload is decoded by the per-column decoder
list built from the DESCRIBE (``informix_db.codecs.registry``).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from struct import error as StructError

from informix_db import types as T
from informix_db._impl import buffer, replyloop, rows
from informix_db.codecs import composite, registry
from informix_db.codecs.describe import column_type_from_describe, describe_fields
from informix_db.exceptions import DataError, Error, FramingError, InterfaceError
from informix_db.framing import messages as sq
from informix_db.protocol.replies import Handlers

__all__ = [
    "ColumnInfo",
    "Description",
    "StatementReader",
    "build_begin",
    "build_close",
    "build_command",
    "build_commit",
    "build_execute",
    "build_execute_batch",
    "build_fetch",
    "build_open",
    "build_prepare",
    "build_release",
    "build_sfetch",
    "build_fetchblob",
    "BlobReader",
    "build_rollback",
    "cursor_name",
]

#: The largest DESCRIBE names table accepted (column names are at most 128
#: bytes; this allows thousands of columns).
MAX_NAMES_TABLE = 1 << 20

#: Statement types whose DONE row count is a meaningful rowcount.
ROW_COUNTING = frozenset((sq.SQ_SELECT, sq.SQ_SELINTO, sq.SQ_UPDATE, sq.SQ_DELETE,
                          sq.SQ_INSERT, sq.SQ_DELALL, sq.SQ_UPDALL))


def cursor_name(number: int) -> str:
    """The cursor name of the *number*-th cursor of a connection, JDBC's form."""
    return f"_ifxc{number:013d}"


# -- requests ----------------------------------------------------------------------

def _sql(w, code: int, sql: bytes, nparams: int, int_length: bool) -> None:
    w.write_int16(code)
    w.write_int16(nparams)
    if int_length:
        w.write_int32(len(sql))
    elif len(sql) > 0xFFFF:
        raise InterfaceError(
            f"statement of {len(sql)} bytes is too long: the server did not agree to "
            "32-bit SQL lengths (capability bit 62)"
        )
    else:
        w.write_uint16(len(sql))
    w.write_padded(sql)


def build_prepare(sql: bytes, nparams: int, *, int_length: bool = True) -> bytes:
    """PREPARE + NDESCRIBE + WANTDONE of the encoded statement *sql*."""
    w = buffer.WriteBuffer()
    _sql(w, sq.SQ_PREPARE, sql, nparams, int_length)
    w.write_int16(sq.SQ_NDESCRIBE)
    w.write_int16(sq.SQ_WANTDONE)
    w.write_int16(sq.SQ_EOT)
    return w.getvalue()


def build_command(sql: bytes, *, int_length: bool = True) -> bytes:
    """COMMAND + NDESCRIBE + EXECUTE + RELEASE: run *sql* (no parameters) at once."""
    w = buffer.WriteBuffer()
    _sql(w, sq.SQ_COMMAND, sql, 0, int_length)
    w.write_int16(sq.SQ_NDESCRIBE)
    w.write_int16(sq.SQ_EXECUTE)
    w.write_int16(sq.SQ_RELEASE)
    w.write_int16(sq.SQ_EOT)
    return w.getvalue()


def _id(w, stmt_id: int, action: int) -> None:
    w.write_int16(sq.SQ_ID)
    w.write_int16(stmt_id)
    w.write_int16(action)


#: The largest fetch buffer a 16-bit size field carries (without bit 63).
SHORT_FETCH_BUFFER_MAX = 0x7FFF


def _bufsize(w, size: int, int_size: bool) -> None:
    """The fetch buffer size: 32-bit with capability bit 63, else 16-bit
    (capped at ``SHORT_FETCH_BUFFER_MAX``)."""
    if int_size:
        w.write_int32(size)
    else:
        w.write_int16(min(size, SHORT_FETCH_BUFFER_MAX))


def _nfetch(w, stmt_id: int, size: int, int_size: bool = True) -> None:
    _id(w, stmt_id, sq.SQ_NFETCH)
    _bufsize(w, size, int_size)
    w.write_int16(0)  # JDBC's "arr" short: no array fetch


def build_open(stmt_id: int, name: str, message: bytes | None,
               fetch_size: int | None, *, scroll: bool = False, int_size: bool = True,
               rettype: Description | None = None) -> bytes:
    """Name and open the cursor of statement *stmt_id* (binding the parameter
    set whose SQ_BIND *message* ``binding.bind_message`` built), and ask for
    the first rows when *fetch_size* is given.  *scroll* opens a scroll
    cursor (SQ_SCROLL before SQ_OPEN), read with ``build_sfetch``.  With
    *rettype*, an SQ_RETTYPE after the OPEN asks for its named-ROW columns
    in their binary form (``wire_description``)."""
    w = buffer.WriteBuffer()
    _id(w, stmt_id, sq.SQ_CURNAME)
    w.write_lenbytes(name.encode("ascii"))
    if message:
        w.write_bytes(message)
    if scroll:
        w.write_int16(sq.SQ_SCROLL)
    w.write_int16(sq.SQ_OPEN)
    if rettype is not None:
        _id(w, stmt_id, sq.SQ_RETTYPE)
        _rettype(w, rettype)
    if fetch_size is not None:
        _nfetch(w, stmt_id, fetch_size, int_size)
    w.write_int16(sq.SQ_EOT)
    return w.getvalue()


def wire_description(description: Description) -> Description | None:
    """The columns as the server is to send them, when they differ from the
    DESCRIBE: a ROW/SET/MULTISET/LIST column that is or holds a named ROW
    type (its DESCRIBE gives only the type's name, and its text form has no
    field names) is asked for as type 44, whose binary form carries each
    field's name and type (``codecs.complexbinary``).  IBM JDBC asks every
    composite column so on every server (docs/composites-jdbc-wire.md); we
    ask only where the text form falls short (the peer's real-server
    evidence is of the text form, which our compiled reader decodes fast).
    None when no column needs it."""
    columns = description.result_columns
    if not any(_named_composite(c.type) for c in columns):
        return None
    wire = tuple(
        replace(c, type=T.ColumnType(T.SQLSENDRECV, c.type.length, c.type.nullable,
                                     c.type.extended_name))
        if c.type.sqltype in composite.COMPOSITE_CODES else c
        for c in columns)
    return replace(description, columns=wire)


def _named_composite(ct: T.ColumnType) -> bool:
    if ct.sqltype not in composite.COMPOSITE_CODES or not ct.extended_name:
        return False
    try:
        return composite.names_a_type(composite.declared(ct.extended_name))
    except DataError:
        return False  # the reader reports the declaration it cannot parse


def _rettype(w, wire: Description) -> None:
    """SQ_RETTYPE's body, as IBM JDBC sends it: [i16 direction FETCH][i16 columns],
    per column [i16 type], the owner and extended name (lenbytes) for type 44
    and for a column the DESCRIBE gave an extended name, [i32 length word].
    Every composite goes as type 44 (JDBC's form: one composite asked so
    asks them all); the other columns repeat their DESCRIBE."""
    columns = wire.result_columns
    w.write_int16(sq.RETTYPE_FETCH)
    w.write_int16(len(columns))
    for c in columns:
        # a type-44 column's fields are its own (code, extended name, length)
        code, _xid, xname, length = describe_fields(c.type)
        code &= T.SQLTYPE_MASK
        w.write_int16(code)
        if code == T.SQLSENDRECV or xname:
            w.write_lenbytes(b"")  # owner
            w.write_lenbytes(xname.encode("ascii", "replace"))
        w.write_int32(length)


def build_fetch(stmt_id: int, size: int, *, int_size: bool = True) -> bytes:
    """NFETCH: the next rows of the open cursor, up to *size* bytes of tuples."""
    w = buffer.WriteBuffer()
    _nfetch(w, stmt_id, size, int_size)
    w.write_int16(sq.SQ_EOT)
    return w.getvalue()


#: SQ_SFETCH orientations (those the peer driver saw work on real servers).
SFETCH_NEXT = 1
SFETCH_LAST = 4
SFETCH_ABSOLUTE = 6


def build_sfetch(stmt_id: int, orientation: int, target: int, size: int, *,
                 int_size: bool = True) -> bytes:
    """SQ_SFETCH on a scroll cursor: [i16 orientation][i32 target row, 1-based]
    [i32 buffer size].  The reply carries the row and SQ_TUPID (its position)."""
    w = buffer.WriteBuffer()
    _id(w, stmt_id, sq.SQ_SFETCH)
    w.write_int16(orientation)
    w.write_int32(target)
    _bufsize(w, size, int_size)
    w.write_int16(sq.SQ_EOT)
    return w.getvalue()


def build_fetchblob(stmt_id: int, descriptor: bytes) -> bytes:
    """SQ_FETCHBLOB: the content of the BYTE/TEXT value whose 56-byte tuple
    descriptor is *descriptor* (valid while its cursor is open); answered
    by SQ_BLOB chunks [u16 length][data, padded] ended by an empty one."""
    w = buffer.WriteBuffer()
    _id(w, stmt_id, sq.SQ_FETCHBLOB)
    w.write_padded(descriptor)
    w.write_int16(sq.SQ_EOT)
    return w.getvalue()


class BlobReader:
    """Handler of SQ_BLOB chunks: ``data`` is their concatenation."""

    __slots__ = ("chunks", "handlers", "limit", "_total")

    def __init__(self, limit: int | None = None) -> None:
        self.chunks: list[bytes] = []
        self.handlers = {sq.SQ_BLOB: self._on_blob}
        #: The size the value's descriptor announced (its size field, the
        #: one IBM JDBC fills when it binds a value): more is refused before
        #: it is kept, so a server cannot fill memory with one value.  No
        #: real-server capture shows a fetched descriptor; if one ever
        #: announces less than it sends, this is where it shows.
        self.limit = limit
        self._total = 0

    def _on_blob(self, reader, reply) -> None:
        chunk = reader.read_lenbytes()
        if chunk:
            self._total += len(chunk)
            if self.limit is not None and self._total > self.limit:
                raise FramingError(f"SQ_BLOB chunks exceed the {self.limit} bytes "
                                   "their value's descriptor announced")
            self.chunks.append(chunk)

    @property
    def data(self) -> bytes:
        return b"".join(self.chunks)


def _action(stmt_id: int, action: int) -> bytes:
    w = buffer.WriteBuffer()
    _id(w, stmt_id, action)
    w.write_int16(sq.SQ_EOT)
    return w.getvalue()


def build_close(stmt_id: int) -> bytes:
    """CLOSE the cursor of statement *stmt_id*."""
    return _action(stmt_id, sq.SQ_CLOSE)


def build_release(stmt_id: int) -> bytes:
    """RELEASE (free) statement *stmt_id*."""
    return _action(stmt_id, sq.SQ_RELEASE)


def build_execute(stmt_id: int, message: bytes | None) -> bytes:
    """EXECUTE prepared statement *stmt_id* with the parameter set whose
    SQ_BIND *message* ``binding.bind_message`` built (empty or None: none)."""
    return build_execute_batch(stmt_id, [message or b""])


_EXECUTE = sq.SQ_EXECUTE.to_bytes(2, "big")
_EOT = sq.SQ_EOT.to_bytes(2, "big")


def build_execute_batch(stmt_id: int, messages) -> bytes:
    """One request executing statement *stmt_id* once per parameter set:
    SQ_ID, then [SQ_BIND] + SQ_EXECUTE per set (JDBC's executeBatch form).

    *messages* are the sets' SQ_BIND messages (``binding.bind_message``;
    ``b""`` for a set without parameters), so framing a window is one join.
    """
    messages = list(messages)
    w = buffer.WriteBuffer()
    w.write_int16(sq.SQ_ID)
    w.write_int16(stmt_id)
    head = w.getvalue()
    if not messages:
        return head + _EOT
    return b"".join((head, _EXECUTE.join(messages), _EXECUTE, _EOT))


def _bare(*codes: int) -> bytes:
    w = buffer.WriteBuffer()
    for code in codes:
        w.write_int16(code)
    w.write_int16(sq.SQ_EOT)
    return w.getvalue()


def build_begin() -> bytes:
    """SQ_BEGIN: start a transaction (logged, non-ANSI databases)."""
    return _bare(sq.SQ_BEGIN)


def build_commit() -> bytes:
    """SQ_CMMTWORK: commit the transaction."""
    return _bare(sq.SQ_CMMTWORK)


def build_rollback(savepoint: int = 0) -> bytes:
    """SQ_RBWORK: roll back the transaction (savepoint 0 = all of it)."""
    return _bare(sq.SQ_RBWORK, savepoint)


# -- replies ---------------------------------------------------------------------

@dataclass(frozen=True)
class ColumnInfo:
    """One column of a DESCRIBE."""

    name: str
    type: T.ColumnType
    #: The type code as sent (with the NOT NULL flag and opaque codes).
    raw_type: int
    extended_name: str
    #: Where the value starts in a tuple of maximal widths.
    start: int


#: Statement types whose DESCRIBE lists the ``?`` markers (as the columns
#: they are written to), not result columns: Informix describes a prepared
#: INSERT's parameters, and an UPDATE's SET parameters when IFX_UPDDESC is
#: set (Guide to SQL: Syntax, DESCRIBE).
PARAMETERS_DESCRIBED = frozenset((sq.SQ_INSERT, sq.SQ_UPDATE))


@dataclass(frozen=True)
class Description:
    """A DESCRIBE: what the server prepared."""

    stmt_type: int
    stmt_id: int
    tuple_size: int
    columns: tuple[ColumnInfo, ...]

    @property
    def result_columns(self) -> tuple[ColumnInfo, ...]:
        """The columns of the rows the statement returns (none for the
        parameter list of an INSERT or UPDATE)."""
        return () if self.stmt_type in PARAMETERS_DESCRIBED else self.columns


class StatementReader:
    """Handlers for SQ_DESCRIBE and SQ_TUPLE, collecting into this object.

    ``handlers`` goes to ``ReplyReader.read_reply``.  After a DESCRIBE,
    ``description`` is set and rows are decoded by a decoder list built
    once for it; decoded rows are appended to ``rows``.  A row that does
    not decode (a ``DataError``) is skipped, its payload consumed, and
    the first such error kept in ``row_error`` so the caller can raise it
    once the reply has been read to its end (the stream stays aligned).
    """

    __slots__ = ("encoding", "four_byte_offsets", "description", "rows", "row_error",
                 "describe_error", "tupid", "handlers", "max_rows", "decoder", "max_tuple")

    def __init__(self, encoding: str, *, four_byte_offsets: bool = True,
                 description: Description | None = None) -> None:
        self.encoding = encoding
        self.four_byte_offsets = four_byte_offsets
        self.rows: list[tuple] = []
        self.row_error: Error | None = None
        #: Why the described columns cannot be decoded (an unsupported type).
        self.describe_error: Error | None = None
        #: The row position an SQ_TUPID reported (scroll cursors), else None.
        self.tupid: int | None = None
        self.description: Description | None = None
        #: The row decoder built for the description (None: no rows to decode).
        self.decoder = None
        #: The most bytes a tuple of the described columns can take.
        self.max_tuple = 0
        #: The most rows one reply may bring (``for_fetch_buffer``); more is a
        #: server flooding the client, refused before memory grows.
        self.max_rows = sys.maxsize
        if description is not None:
            self.set_description(description)
        # The loop reads runs of tuples in one call; whatever it leaves
        # (a DESCRIBE, a row it will not decide) comes to these handlers.
        self.handlers = Handlers({sq.SQ_DESCRIBE: self._on_describe, sq.SQ_TUPLE: self._on_tuple,
                                  sq.SQ_TUPID: self._on_tupid},
                                 bulk=replyloop.TupleLoop(self))

    def set_description(self, description: Description) -> None:
        """Decode later tuples by *description*'s columns."""
        self.description = description
        self.decoder = None
        self.describe_error = None
        if not description.result_columns:
            return
        types = [c.type for c in description.result_columns]
        try:
            # The codecs' widths bound a tuple's size, so a corrupt size
            # cannot make the stream buffer gigabytes.
            self.max_tuple = sum(registry.codec_for(t, self.encoding).width for t in types)
            self.decoder = rows.row_decoder(types, self.encoding)
        except Error as exc:
            # Raised by the caller once the reply has been read to its end.
            self.describe_error = exc

    def for_fetch_buffer(self, size: int | None) -> StatementReader:
        """Bound each reply's rows by a fetch buffer of *size* bytes: every
        tuple takes at least one byte of it (its header more), and a row
        bigger than the buffer comes alone."""
        self.max_rows = sys.maxsize if size is None else max(size, 0) + 1
        return self

    # -- SQ_DESCRIBE ---------------------------------------------------------
    def _on_describe(self, reader, reply) -> None:
        rb = reader.fields(12)
        stmt_type, stmt_id = rb.read_int16(), rb.read_int16()
        rb.read_int32()  # estimated cost
        tuple_size, ncols = rb.read_uint16(), rb.read_int16()
        if ncols < 0:
            raise FramingError(f"DESCRIBE announces {ncols} columns")
        wide = self.four_byte_offsets
        names_size = reader.read_int32() if wide else reader.fields(2).read_uint16()
        if not 0 <= names_size <= MAX_NAMES_TABLE:
            raise FramingError(f"DESCRIBE names table of {names_size} bytes")
        raw = []
        for _ in range(ncols):
            name_at = reader.read_int32() if wide else reader.fields(2).read_uint16()
            rb = reader.fields(10)
            start, code, _xid = rb.read_int32(), rb.read_int16(), rb.read_int32()
            reader.read_lenbytes()  # owner of the extended type
            xname = reader.read_lenbytes().decode("ascii", "replace")
            rb = reader.fields(12)
            rb.skip(8)  # reference, alignment, source type
            length = rb.read_int32()
            raw.append((name_at, start, code, _xid, xname, length))
        names = reader.read_padded(names_size) if names_size else b""
        columns = []
        for name_at, start, code, xid, xname, length in raw:
            if not 0 <= name_at <= len(names):
                raise FramingError(f"DESCRIBE name offset {name_at} outside a "
                                   f"{len(names)}-byte names table")
            end = names.find(b"\0", name_at)
            name = names[name_at:end if end >= 0 else len(names)].decode(self.encoding, "replace")
            ct = column_type_from_describe(code, length, xid, xname)
            columns.append(ColumnInfo(name, ct, code, xname, start))
        self.set_description(Description(stmt_type, stmt_id, tuple_size, tuple(columns)))

    # -- SQ_TUPID --------------------------------------------------------------
    def _on_tupid(self, reader, reply) -> None:
        self.tupid = reader.read_int32()

    # -- SQ_TUPLE --------------------------------------------------------------
    def _on_tuple(self, reader, reply) -> None:
        rb = reader.fields(6)
        rb.read_int16()  # warnings
        size = rb.read_int32()
        decode = self.decoder
        if decode is None:
            raise FramingError("SQ_TUPLE before any DESCRIBE of its columns")
        if not 0 <= size <= self.max_tuple:
            raise FramingError(f"SQ_TUPLE of {size} bytes; the described columns "
                               f"take at most {self.max_tuple}")
        payload = reader.read_view(size + (size & 1))
        try:
            row, end = decode(payload, 0)
        except FramingError as exc:
            # The tuple itself was read whole: only this row is bad.
            self._row_failed(DataError(f"row does not match its description: {exc}"))
            return
        except Error as exc:
            self._row_failed(exc)
            return
        except (ValueError, TypeError, OverflowError, LookupError, StructError) as exc:
            # A codec let a Python error through: still only this row is bad,
            # and the reply must be read on to stay in step.
            self._row_failed(DataError(f"row could not be decoded: {type(exc).__name__}: {exc}"))
            return
        if end != size:
            if row is None:
                decode.drop_last()  # a columnar decoder took the row: not this one
            self._row_failed(DataError(
                f"row decoded to {end} bytes but the tuple has {size}: "
                "the columns do not match the description"))
            return
        rows_ = self.rows
        if len(rows_) >= self.max_rows:
            if row is None:
                decode.drop_last()
            raise FramingError(f"more than {self.max_rows} rows in one reply to a "
                               "fetch whose buffer holds fewer")
        rows_.append(row)

    def _row_failed(self, exc: Error) -> None:
        if self.row_error is None:
            self.row_error = exc
