"""SQ_DESCRIBE replies and SQ_TUPLE payloads for a statement's columns.

DESCRIBE layout (IBM JDBC and the peer driver decode it this way):
statement type, statement id (shorts), estimated cost (int), tuple size,
column count (shorts), names-table size, then per column: name offset in
the names table, start offset of the value in the tuple, type code (with
0x100 for NOT NULL), extended type id, owner and extended type names,
reference and alignment shorts, source type and encoded length ints; then
the names table (NUL-terminated names, padded to even length).  The
names-table size and name offsets are ints when capability bit 50 was
negotiated, shorts otherwise.  A wrong start offset makes JDBC silently
read wrong values, so offsets come from the codecs' tuple widths.

SQ_IDESCRIBE (125) answers the input describe (SQ_CIDESCRIBE 124) a client
sends once capability bit 34 is offered.  Its layout, as IBM JDBC reads it
(found by answering its 124 and watching what it accepts and decodes; no
capture of a real server exists): a count short and a flags short, then
per parameter the type code, extended id, owner and extended type names,
reference and alignment shorts, source type and length ints: the DESCRIBE
column fields without name offset and start.  No names table follows.
Flags bit 0 makes JDBC read five bytes more of unknown meaning, so this
server always sends 0 there.
"""

from __future__ import annotations

from dataclasses import dataclass

from informix_db import types as T
from informix_db._impl import rows
from informix_db.codecs import registry
from informix_db.codecs.describe import describe_fields
from informix_db.framing import messages as m
from informix_db.testing.replies import Reply


@dataclass(frozen=True)
class Column:
    """One described column: its name and declared type."""

    name: str
    type: T.ColumnType


def describe(reply: Reply, stmt_type: int, stmt_id: int, columns: list[Column], *,
             four_byte_offsets: bool = True, cost: int = 0, tag: int = m.SQ_DESCRIBE) -> None:
    """Append the SQ_DESCRIBE of a statement to *reply* (or another message
    with its layout: *tag* SQ_GENKEYS_DESCRIBE describes generated keys)."""
    names = bytearray()
    name_offsets = []
    for col in columns:
        name_offsets.append(len(names))
        names += col.name.encode("iso-8859-1", "replace") + b"\x00"
    starts = []
    size = 0
    for col in columns:
        starts.append(size)
        size += registry.tuple_width(col.type)

    wb = reply.wb
    wb.write_int16(tag)
    wb.write_int16(stmt_type)
    wb.write_int16(stmt_id)
    wb.write_int32(cost)
    # The tuple size is a short on the wire; a wider row saturates it
    # (clients size buffers from the per-tuple lengths, not from this).
    wb.write_int16(min(size, 0x7FFF))
    wb.write_int16(len(columns))
    _offset(wb, len(names), four_byte_offsets)
    for col, start, name_at in zip(columns, starts, name_offsets):
        code, extended_id, extended_name, length = describe_fields(col.type)
        _offset(wb, name_at, four_byte_offsets)
        wb.write_int32(start)
        wb.write_int16(code)
        wb.write_int32(extended_id)
        wb.write_uint16(0)  # owner name
        wb.write_lenbytes(extended_name.encode("ascii"))
        wb.write_int16(0)  # reference
        wb.write_int16(0)  # alignment
        wb.write_int32(0)  # source type
        wb.write_int32(length)
    wb.write_padded(bytes(names))
    reply.note(tag, type=stmt_type, id=stmt_id, tuple_size=size,
               columns=[(c.name, c.type.sqltype, c.type.length, s)
                        for c, s in zip(columns, starts)])


#: sqltypes.h: "Type used by DESCRIBE INPUT stmt to indicate input parameters
#: whose types cannot be determined by the server".
SQLUNKNOWN = 51


def describe_input(reply: Reply, types: list[T.ColumnType | None]) -> None:
    """Append the SQ_IDESCRIBE of a statement's parameters (None: SQLUNKNOWN)."""
    wb = reply.wb
    wb.write_int16(m.SQ_IDESCRIBE)
    wb.write_int16(len(types))
    wb.write_int16(0)  # flags (see the module notes)
    noted = []
    for ct in types:
        if ct is None:
            code, extended_id, extended_name, length = SQLUNKNOWN, 0, "", 0
        else:
            code, extended_id, extended_name, length = describe_fields(ct)
        wb.write_int16(code)
        wb.write_int32(extended_id)
        wb.write_uint16(0)  # owner name
        wb.write_lenbytes(extended_name.encode("ascii"))
        wb.write_int16(0)  # reference
        wb.write_int16(0)  # alignment
        wb.write_int32(0)  # source type
        wb.write_int32(length)
        noted.append((code, length))
    reply.note(m.SQ_IDESCRIBE, params=noted)


def _offset(wb, value: int, four_bytes: bool) -> None:
    if four_bytes:
        wb.write_int32(value)
    else:
        wb.write_int16(value)


def tuple_payload(columns: list[Column], row, encoding: str) -> bytes:
    """The SQ_TUPLE payload of one row (values in column order)."""
    return rows.encode_row([c.type for c in columns], row, encoding)


def row_encoder(columns: list[Column], encoding: str):
    """``tuple_payload`` for many rows of *columns*: a function ``row -> bytes``
    with each column's encoder looked up once (a cursor builds one at OPEN)."""
    return rows.row_encoder([c.type for c in columns], encoding)
