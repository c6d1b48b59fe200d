"""Reading and writing a smart large object by locator, I/O-free.

IBM JDBC's dialog (established against the test server; docs/smart-lobs-jdbc-wire.md):
``ifx_lo_open(blob, mode)`` by fast-path gives a descriptor,
``ifx_lo_stat`` the size (an ``ifx_lo_stat`` structure, the size an
ifx_int8 at offset 4), ``ifx_lo_seek`` moves, SQ_LODATA moves the bytes and
``ifx_lo_close`` ends.  Each operation here is a generator of exchanges
(``execution``'s convention), driven by ``lob.SmartLob`` (blocking) or
``aio.lob.AsyncSmartLob``.

SQ_LODATA read: ``97, i16 0, i16 fd, i32 length, i16 bufsize`` answered by
``97, i16 0, i32 n`` and n bytes as chunks ``u16 len, data, pad`` (n = 0:
one zero-length chunk); IBM JDBC reads such replies of any size.  A read
asks for at most ``PIECE`` bytes per request (as JDBC's streams do),
several requests sent together; a reply with fewer bytes than asked means
the end of the object.  Write: ``97, i16 2, i16 fd, i32 total, i16
bufsize`` and the chunks, acknowledged by ``97, i16 2, i32 written``.
"""

from __future__ import annotations

from struct import Struct

from informix_db import types as T
from informix_db.codecs.smartlob import BlobLocator, Opaque, SmartLobLocator
from informix_db.exceptions import DataError, FramingError, InterfaceError
from informix_db.framing import messages as sq
from informix_db.protocol import fastpath
from informix_db.protocol.replies import Handlers

__all__ = ["open_lob", "create", "size", "seek", "read", "write", "close", "PIECE",
           "LO_RDONLY", "LO_RDWR"]

LO_RDONLY, LO_RDWR = 4, 8
#: Bytes asked for per SQ_LODATA read (and sent per write chunk): JDBC's buffer size.
PIECE = 32000
#: Reads sent in one exchange (PIECE each).
PIPELINE = 32
STAT_SIZE = 644
_REQ = Struct(">hhhih")
_EOT = sq.SQ_EOT.to_bytes(2, "big")
_INT = T.ColumnType(T.SQLINT, 4)
_INT8 = T.ColumnType(T.SQLINT8, 10)

OPEN = "function informix.ifx_lo_open(blob ,integer)"
STAT = "function informix.ifx_lo_stat(int, ifx_lo_stat)"
SEEK = "function informix.ifx_lo_seek(integer,int8,integer,int8)"
CLOSE = "function informix.ifx_lo_close(integer)"
# IBM JDBC's spellings, leading space included (docs/smart-lobs-jdbc-wire.md)
SBINFO = "function informix.ifx_lo_col_sbinfo(lvarchar,ifx_lo_spec)"
CREATE = "function informix.ifx_lo_create( ifx_lo_spec,integer,blob)"
#: Bytes of the ifx_lo_spec structure JDBC sends to ifx_lo_col_sbinfo.
SPEC_SIZE = 596
LOCATOR_SIZE = 72


def _one(values, what: str):
    if len(values) != 1:
        raise InterfaceError(f"{what} returned {len(values)} values; expected 1")
    return values[0]


def open_lob(session, locator: SmartLobLocator, mode: int):
    """``ifx_lo_open``: the descriptor of *locator* opened with *mode*."""
    if not isinstance(locator, SmartLobLocator):
        raise InterfaceError(f"open_lob needs a BlobLocator or ClobLocator, got "
                             f"{type(locator).__name__}")
    # JDBC names the argument "blob" for a CLOB too
    fd = _one((yield from fastpath.call(session, OPEN, (BlobLocator(locator.raw), mode))),
              "ifx_lo_open")
    if type(fd) is not int:
        raise InterfaceError(f"ifx_lo_open returned {fd!r}, not a descriptor")
    return fd


def create(session, column: str):
    """A new, empty object stored as *column* (``"table.column"``) stores
    its values, open for reading and writing: ``(locator, fd)``.

    IBM JDBC's dialog for a BLOB/CLOB parameter: ``ifx_lo_col_sbinfo`` gives
    the column's storage specification, ``ifx_lo_create(spec, LO_RDWR,
    <72 zero bytes>)`` answers the new locator and its descriptor."""
    if not isinstance(column, str) or "." not in column.strip(". "):
        raise InterfaceError(f"a smart large object is created for a column named "
                             f"'table.column', got {column!r}")
    spec = _one((yield from fastpath.call(
        session, SBINFO, (column.strip().lower(), Opaque("ifx_lo_spec", bytes(SPEC_SIZE))))),
        "ifx_lo_col_sbinfo")
    if not isinstance(spec, Opaque) or spec.name != "ifx_lo_spec":
        raise InterfaceError(f"ifx_lo_col_sbinfo returned {spec!r}, not an ifx_lo_spec")
    values = yield from fastpath.call(
        session, CREATE, (spec, LO_RDWR, BlobLocator(bytes(LOCATOR_SIZE))))
    if len(values) != 2 or not isinstance(values[0], SmartLobLocator) or type(values[1]) is not int:
        raise InterfaceError(f"ifx_lo_create returned {values!r}, not a locator and a descriptor")
    return values[0], values[1]


def size(session, fd: int):
    """``ifx_lo_stat``: the object's size in bytes."""
    stat = _one((yield from fastpath.call(session, STAT, (fd, Opaque("ifx_lo_stat",
                                                                     bytes(STAT_SIZE))))),
                "ifx_lo_stat")
    data = getattr(stat, "data", None)
    if data is None or len(data) < 14:
        raise InterfaceError("ifx_lo_stat returned no ifx_lo_stat structure")
    low, high = int.from_bytes(data[4:8], "big"), int.from_bytes(data[8:12], "big")
    sign = int.from_bytes(data[12:14], "big", signed=True)
    value = (high << 32 | low) * (-1 if sign < 0 else 1)
    if value < 0:
        raise DataError(f"ifx_lo_stat reported a size of {value}")
    return value


def seek(session, fd: int, offset: int, whence: int = 0):
    """``ifx_lo_seek``: the new position."""
    pos = _one((yield from fastpath.call(session, SEEK, (fd, offset, whence, 0),
                                         (_INT, _INT8, _INT, _INT8))), "ifx_lo_seek")
    if type(pos) is not int or pos < 0:
        raise InterfaceError(f"ifx_lo_seek returned {pos!r}")
    return pos


def close(session, fd: int):
    """``ifx_lo_close``."""
    yield from fastpath.call(session, CLOSE, (fd,))


class _ReadReply:
    """Handler of one SQ_LODATA read reply: its bytes go to *out*."""

    def __init__(self, out: bytearray, asked: int) -> None:
        self.out = out
        self.asked = asked
        self.got = -1
        self.handlers = Handlers({sq.SQ_LODATA: self._on_data})

    def _on_data(self, reader, reply) -> None:
        rb = reader.fields(6)
        rb.read_int16()  # the sub-command (0: read)
        n = rb.read_int32()
        if not 0 <= n <= self.asked:
            raise FramingError(f"SQ_LODATA reply of {n} bytes to a read of {self.asked}")
        got = 0
        while got < n:
            k = reader.fields(2).read_uint16()
            if not 0 < k <= n - got:
                raise FramingError(f"SQ_LODATA chunk of {k} bytes with {n - got} left")
            self.out += reader.read_padded(k)
            got += k
        if n == 0 and reader.fields(2).read_uint16() != 0:
            raise FramingError("SQ_LODATA empty reply without its zero-length chunk")
        self.got = n


class _WriteAck:
    """Handler of a SQ_LODATA write's acknowledgement ``97, i16 2, i32 written``."""

    def __init__(self, sent: int) -> None:
        self.sent = sent
        self.handlers = Handlers({sq.SQ_LODATA: self._on_ack})

    def _on_ack(self, reader, reply) -> None:
        rb = reader.fields(6)
        rb.read_int16()  # the sub-command (2: write)
        written = rb.read_int32()
        if written != self.sent:
            raise FramingError(f"SQ_LODATA write of {self.sent} bytes acknowledged as {written}")


def read(session, fd: int, n: int, out: bytearray):
    """Read up to *n* bytes from *fd*'s position into *out*; whether the
    object ended (a reply shorter than asked)."""
    while n > 0:
        asks = []
        while n > 0 and len(asks) < PIPELINE:
            k = min(n, PIECE)
            asks.append(_ReadReply(out, k))
            n -= k
        replies = yield ([(_REQ.pack(sq.SQ_LODATA, 0, fd, r.asked, PIECE) + _EOT, r.handlers)
                          for r in asks], False)
        for reply in replies:
            if reply.error is not None:
                raise reply.error.exception()
        for r in asks:
            if r.got < 0:
                raise InterfaceError("the server answered SQ_LODATA without data")
            if r.got < r.asked:
                return True
    return False


def write(session, fd: int, data) -> None:
    """Write *data* at *fd*'s position (requests of at most 32 pieces)."""
    view = memoryview(data).cast("B")
    step = PIECE * PIPELINE
    for start in range(0, len(view), step):
        part = view[start : start + step]
        body = [_REQ.pack(sq.SQ_LODATA, 2, fd, len(part), PIECE)]
        for k in range(0, len(part), PIECE):
            chunk = part[k : k + PIECE]
            body.append(len(chunk).to_bytes(2, "big"))
            body.append(bytes(chunk))
            if len(chunk) & 1:
                body.append(b"\0")
        body.append(_EOT)
        ack = _WriteAck(len(part))
        (reply,) = yield ([(b"".join(body), ack.handlers)], False)
        if reply.error is not None:
            raise reply.error.exception()
