"""Fast-path routine calls: SQ_GETROUTINE (101) and SQ_EXFPROUTINE (102).

A client calls a routine without PREPARE/EXECUTE/FETCH: it resolves the
routine's signature to a handle once (GETROUTINE), then runs it by handle
with SQ_BIND-format parameters (EXFPROUTINE), and the server answers with
the return values (SQ_FPROUTINE 103).  Layouts (the peer driver's notes,
verified by it on 12.10 and 15; shared/protocol/README.md):

* GETROUTINE: ``u8 by_id (0), i32 length, signature, pad to even length,
  i16 flags (0)``; reply ``101, i16 n, database name, pad, i32 handle``;
* EXFPROUTINE: ``i16 n, database name, pad, i32 handle, i16 nparams,
  i16 flags``, then an SQ_BIND message (code 5, its count and values);
* FPROUTINE: ``103, i16 nreturns``, per value ``i16 type`` (for an
  extended type, 18 and up but BIGINT 52/BIGSERIAL 53, the owner and the
  type name as length-prefixed strings), ``i16 indicator`` (-1: NULL, no
  data), ``i16 precision``, the data in its tuple form, padded to even.

Routines: the smart-large-object routines clients call this way
(``ifx_lo_close(integer)``, ``ifx_lo_open(blob|clob, integer)``; IBM JDBC
drives smart LOBs through them) and the current database's SPL functions
and procedures.  An unknown signature is -674, as for SQL; a bad
descriptor -9810; the session stays usable either way.
"""

from __future__ import annotations

import os
import re
import struct

from informix_db import types as T
from informix_db._impl import buffer
from informix_db.codecs import registry
from informix_db.exceptions import DatabaseError, FramingError
from informix_db.framing import messages as m
from informix_db.testing.binds import read_bind
from informix_db.testing.engine import lobfuncs

#: "Routine (%s) can not be resolved."
NO_ROUTINE = -674
_SIGNATURE = re.compile(
    r"^\s*(?:(function|procedure|routine)\s+)?(?:(\w+)\s*\.\s*)?(\w+)\s*\((.*)\)\s*$",
    re.I | re.S)
_INT = T.ColumnType(T.SQLINT, 4)
_INT8 = T.ColumnType(T.SQLINT8, 10)
#: ``ifx_lo_stat``'s structure: IBM JDBC passes 644 zero bytes and reads the
#: object's size at offset 4 as an ifx_int8 (u32 low, u32 high, i16 sign).
STAT_SIZE = 644
_STAT_SIZE_AT = 4


class Udt:
    """A return value of an extended type: its name and bytes."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name, self.data = name, data


def _locator(value) -> bytes:
    raw = getattr(value, "raw", None)
    if raw is None:
        raw = getattr(value, "data", value)  # an Opaque of another name
    if not isinstance(raw, (bytes, bytearray)):
        raise DatabaseError("a smart-large-object locator was expected", sqlcode=-9810)
    return bytes(raw)


def _stat(session, fd, _out):
    f = session.db.lo_descriptors.get(fd)
    size = os.fstat(f.fileno()).st_size
    data = bytearray(STAT_SIZE)
    struct.pack_into(">IIh", data, _STAT_SIZE_AT, size & 0xFFFF_FFFF, size >> 32, 1 if size else 0)
    return [(None, Udt("ifx_lo_stat", bytes(data)))]


def _seek(session, fd, offset, whence, _out):
    return [(_INT8, session.db.lo_descriptors.get(fd).seek(offset, whence))]


def _col_sbinfo(session, column, spec):
    # The column ("table.column") says what kind of object ifx_lo_create
    # makes next; the spec goes back as it came (JDBC checks none of it).
    session._lo_kind = _column_kind(session, column)
    return [(None, Udt("ifx_lo_spec", getattr(spec, "data", b"")))]


def _column_kind(session, column) -> int:
    table, _, name = str(column or "").lower().rpartition(".")
    try:
        rows = session.db.execute(
            "SELECT c.coltype FROM syscolumns c, systables t WHERE c.tabid = t.tabid "
            "AND t.tabname = ? AND c.colname = ?", [table, name]).fetchall()
    except Exception:
        rows = []
    return T.XID_CLOB if rows and (rows[0][0] & 0xFF) == T.SQLCLOB else T.XID_BLOB


def _create(session, _spec, mode, _template):
    db = session.db
    locator = db.engine.sbspace.create(getattr(session, "_lo_kind", T.XID_BLOB))
    session._lo_kind = T.XID_BLOB
    return [(None, Udt("blob", locator)), (_INT, db.lo_descriptors.open(locator, mode or 8))]


_BUILTIN = {
    ("ifx_lo_close", ("integer",)): lambda s, fd: [(_INT, s.db.lo_descriptors.close(fd))],
    ("ifx_lo_open", ("blob", "integer")):
        lambda s, lob, mode: [(_INT, s.db.lo_descriptors.open(_locator(lob), mode))],
    ("ifx_lo_open", ("clob", "integer")):
        lambda s, lob, mode: [(_INT, s.db.lo_descriptors.open(_locator(lob), mode))],
    ("ifx_lo_release", ("blob",)): lambda s, lob: [(_INT, 0)],
    ("ifx_lo_release", ("clob",)): lambda s, lob: [(_INT, 0)],
    ("ifx_lo_stat", ("integer", "ifx_lo_stat")): _stat,
    ("ifx_lo_seek", ("integer", "int8", "integer", "int8")): _seek,
    ("ifx_lo_col_sbinfo", ("lvarchar", "ifx_lo_spec")): _col_sbinfo,
    ("ifx_lo_create", ("ifx_lo_spec", "integer", "blob")): _create,
}
_ALIASES = {"int": "integer", "int4": "integer", "bigint": "int8"}


def parse_signature(text: str) -> tuple[str, tuple[str, ...]]:
    """``("ifx_lo_close", ("integer",))`` from ``function informix.ifx_lo_close(integer)``."""
    found = _SIGNATURE.match(text)
    if not found:
        raise DatabaseError(f"bad routine signature {text[:60]!r}", sqlcode=NO_ROUTINE)
    args = tuple(_ALIASES.get(a, a) for a in
                 (" ".join(p.split()).lower() for p in found.group(4).split(",")) if a)
    return found.group(3).lower(), args


class FastPath:
    """Mixin of ``Session``: the routine handles it gave out, and the calls."""

    def _init_fastpath(self) -> None:
        self._routines: dict[int, tuple] = {}  # handle -> (name, argument types)
        self._routine_handles: dict[tuple, int] = {}

    def _getroutine(self, reply):
        stream = self.stream
        by_id = stream.read_exact(1)[0]
        n = stream.read_int32()
        if not 0 <= n <= 0x7FFF:
            raise FramingError(f"GETROUTINE signature of {n} bytes")
        text = stream.read_padded(n).decode(self.encoding, "replace")
        flags = stream.read_int16()
        self._run(reply, self._resolve, text)
        return {"by_id": by_id, "signature": text, "flags": flags}

    def _resolve(self, reply, text: str) -> None:
        key = parse_signature(text)
        if key not in _BUILTIN and not self._spl_exists(key[0]):
            raise DatabaseError(f"routine {key[0]} can not be resolved", sqlcode=NO_ROUTINE,
                                token=key[0])
        handle = self._routine_handles.get(key)
        if handle is None:
            handle = self._routine_handles[key] = len(self._routine_handles) + 1
            self._routines[handle] = key
        name = (self.db.database or "").encode(self.encoding)
        wb = buffer.WriteBuffer()
        wb.write_int16(m.SQ_GETROUTINE)
        wb.write_lenbytes(name)
        wb.write_int32(handle)
        reply.wb.write_bytes(wb.getvalue())
        reply.note(m.SQ_GETROUTINE, handle=handle)

    def _spl_exists(self, name: str) -> bool:
        try:
            return bool(self.db.execute(
                "SELECT 1 FROM sysprocedures WHERE procname = ?", [name]).fetchall())
        except Exception:
            return False

    def _exfproutine(self, reply):
        stream = self.stream
        dbname = stream.read_lenbytes().decode(self.encoding, "replace")
        handle = stream.read_int32()
        nparams = stream.read_int16()
        flags = stream.read_int16()
        if stream.read_int16() != m.SQ_BIND:
            raise FramingError("EXFPROUTINE parameters are not an SQ_BIND message")
        values = read_bind(stream, self.encoding)
        self._run(reply, self._call, handle, list(values))
        return {"database": dbname, "handle": handle, "nparams": nparams, "flags": flags,
                "values": values}

    def _call(self, reply, handle: int, values: list) -> None:
        key = self._routines.get(handle)
        if key is None:
            raise DatabaseError(f"no routine has handle {handle}", sqlcode=NO_ROUTINE,
                                token=str(handle))
        builtin = _BUILTIN.get(key)
        if builtin is not None:
            lobfuncs.activate(self.db)
            result = builtin(self, *values)
        else:
            marks = ", ".join("?" * len(values))
            res = self.db.execute(f"EXECUTE FUNCTION {key[0]}({marks})", values)
            rows = res.fetchall() if getattr(res, "columns", None) else []
            result = list(zip([c.type for c in res.columns], rows[0])) if rows else []
        reply.wb.write_bytes(encode_values(result, self.encoding))
        reply.note(m.SQ_FPROUTINE, values=len(result))


def encode_values(result, encoding: str) -> bytes:
    """SQ_FPROUTINE with *result*, ``(ColumnType, value)`` pairs (a ``Udt``
    value has None: it goes as type 41 with owner, name, indicator,
    precision, i32 length and data, the form IBM JDBC accepts)."""
    wb = buffer.WriteBuffer()
    wb.write_int16(m.SQ_FPROUTINE)
    wb.write_int16(len(result))
    for ct, value in result:
        if isinstance(value, Udt):
            wb.write_int16(T.SQLUDTFIXED)
            wb.write_lenbytes(b"informix")
            wb.write_lenbytes(value.name.encode("ascii"))
            wb.write_int16(0)
            wb.write_uint16(len(value.data) & 0xFFFF)
            wb.write_int32(len(value.data))
            wb.write_padded(value.data)
            continue
        wb.write_int16(ct.sqltype)
        if value is None:
            wb.write_int16(-1)
            wb.write_uint16(ct.length)
            continue
        wb.write_int16(0)
        wb.write_uint16(ct.length)
        wb.write_padded(registry.encode_value(ct, value, encoding))
    return wb.getvalue()
