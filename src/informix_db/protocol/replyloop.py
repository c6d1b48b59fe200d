"""The reply loops of the bulk paths, read straight from a receive buffer:
a fetch round's runs of SQ_TUPLE, DONE, COST, XACTSTAT and the closing
SQ_EOT (``TupleLoop``), and a batch of EXECUTEs' DONE, INSERTDONE, COST,
XACTSTAT per parameter set (``BatchLoop``).

This is the readable specification of the fetch hot path; the Cython module
``informix_db._speedups.replyloop`` mirrors it name for name (import it
through the selector: ``from informix_db._impl import replyloop``).

A fetch round's reply is one SQ_TUPLE per row, then SQ_DONE, SQ_COST and
SQ_EOT.  ``ReplyReader.read_reply`` reads a message at a time through
Python handlers; ``TupleLoop.feed`` reads every such message already in the
buffer in one call, so the caller is entered once per received chunk, not
once per row.  It is I/O-free and resumable: it never reads a socket, it
reports how many bytes it needs and is called again, from the start of the
message it stopped at, once they are there.  The blocking stream
(``SocketStream.run``) and an asyncio protocol drive the same loop.

``feed(buf, pos, end)`` consumes whole messages of ``buf[pos:end]`` and
returns ``(pos, need)``, *pos* being where it stopped:

* ``need > 0``: the message at *pos* is incomplete; call again when the
  buffer holds *need* bytes from *pos* on;
* ``need == 0``: the message at *pos* is one the loop leaves to the general
  reader: any other message code, and every SQ_TUPLE it will not decide
  (no description, a size out of bounds, one row too many, a row that does
  not decode or does not fill its tuple).  The reader's handler then reads
  that message and raises or records exactly what it always did, so the
  loop changes no outcome, only the speed of the common case;
* ``need == -1``: SQ_EOT was consumed; *pos* is after it.

Decoded rows are appended to the ``StatementReader``'s ``rows`` (a
columnar decoder, ``columnar.ColumnDecoder``, keeps the values itself and
gives None for each row, so the list still counts them); DONE,
COST and XACTSTAT go to ``reply`` (a ``reply_values.Reply``), as
``ReplyReader`` would store them.  ``BatchLoop`` keeps only totals (sets
executed, rows changed, the last generated serial), so a load of any size
keeps no object per row.  Layouts: ``replies`` and ``statement``.
"""

from __future__ import annotations

from struct import Struct

from informix_db.framing import messages as sq
from informix_db.protocol.reply_values import MAX_XACT_EVENTS as _MAX_XACT
from informix_db.protocol.reply_values import Cost, Done, XactStat

__all__ = ["BatchLoop", "TupleLoop"]

_I32 = Struct(">i")
_DONE = Struct(">hiii")
_COST = Struct(">ii")
_XACT = Struct(">hhh")
_INSERTDONE = Struct(">hIIq")

#: Bytes of each fixed message, its code included; an SQ_TUPLE's header.
_DONE_SIZE = 2 + _DONE.size
_COST_SIZE = 2 + _COST.size
_XACT_SIZE = 2 + _XACT.size
_TUPLE_HEAD = 8
_INSERTDONE_SIZE = 2 + _INSERTDONE.size

_TUPLE, _DONE_CODE, _COST_CODE, _XACT_CODE, _EOT, _INSERTDONE_CODE = (
    sq.SQ_TUPLE, sq.SQ_DONE, sq.SQ_COST, sq.SQ_XACTSTAT, sq.SQ_EOT, sq.SQ_INSERTDONE)


class TupleLoop:
    """Reads the common messages of a fetch reply for one ``StatementReader``.

    *statement* supplies the row decoder (``decoder``), the bound on a
    tuple's size (``max_tuple``), the rows list and how many rows a reply
    may hold (``max_rows``); they are read once per ``feed``.  ``reply`` is
    set by the caller before each ``feed``.
    """

    __slots__ = ("statement", "reply")

    def __init__(self, statement) -> None:
        self.statement = statement
        self.reply = None

    def feed(self, buf, pos: int, end: int):
        """Consume the messages of ``buf[pos:end]``; ``(pos, need)`` as above."""
        st = self.statement
        decode = st.decoder
        rows = st.rows
        append = rows.append
        limit = st.max_tuple
        room = st.max_rows - len(rows)
        reply = self.reply
        while True:
            left = end - pos
            if left < 2:
                return pos, 2
            code = buf[pos] << 8 | buf[pos + 1]
            if code == _TUPLE:
                if left < _TUPLE_HEAD:
                    return pos, _TUPLE_HEAD
                size = _I32.unpack_from(buf, pos + 4)[0]
                if decode is None or not 0 <= size <= limit or room <= 0:
                    return pos, 0
                total = _TUPLE_HEAD + size + (size & 1)
                if left < total:
                    return pos, total
                start = pos + _TUPLE_HEAD
                try:
                    # The whole buffer, not a slice of the tuple: a row that
                    # reads past its tuple is caught by the size check below.
                    row, stop = decode(buf, start)
                except Exception:
                    return pos, 0
                if stop != start + size:
                    if row is None:
                        decode.drop_last()  # a columnar decoder: the reader decides it again
                    return pos, 0
                append(row)
                room -= 1
                pos += total
            elif code == _DONE_CODE:
                if left < _DONE_SIZE:
                    return pos, _DONE_SIZE
                reply.done = Done(*_DONE.unpack_from(buf, pos + 2))
                pos += _DONE_SIZE
            elif code == _COST_CODE:
                if left < _COST_SIZE:
                    return pos, _COST_SIZE
                reply.cost = Cost(*_COST.unpack_from(buf, pos + 2))
                pos += _COST_SIZE
            elif code == _XACT_CODE:
                if left < _XACT_SIZE:
                    return pos, _XACT_SIZE
                if len(reply.xact) < _MAX_XACT:
                    reply.xact.append(XactStat(*_XACT.unpack_from(buf, pos + 2)))
                pos += _XACT_SIZE
            elif code == _EOT:
                return pos + 2, -1
            else:
                return pos, 0


class BatchLoop:
    """Reads the replies of a batch of EXECUTEs (one per parameter set):
    per set an optional SQ_INSERTDONE, then SQ_DONE, SQ_COST and perhaps
    SQ_XACTSTAT, the whole ended by SQ_EOT.  Anything else (SQ_ERR: the set
    that failed, after which the server runs no more) is left to the
    reader, as ``TupleLoop`` leaves it.

    Totals over every SQ_DONE read: ``executed`` (sets that ran),
    ``rowcount`` (the rows they processed), ``lastrowid`` (the serial the
    last set that generated one reported: an INSERTDONE's BIGSERIAL, else
    its SERIAL8, else the DONE's SERIAL) and ``warnings`` (the last DONE's).
    ``reply`` is set by the caller and left alone (COST and XACTSTAT are
    read and dropped: nothing uses them after a batch).
    """

    __slots__ = ("executed", "rowcount", "lastrowid", "warnings", "reply", "_pending")

    def __init__(self) -> None:
        self.executed = 0
        self.rowcount = 0
        self.lastrowid = None
        self.warnings = 0
        self.reply = None
        self._pending = 0  # the serial of an INSERTDONE awaiting its DONE

    def feed(self, buf, pos: int, end: int):
        """Consume the messages of ``buf[pos:end]``; ``(pos, need)`` as ``TupleLoop``."""
        while True:
            left = end - pos
            if left < 2:
                return pos, 2
            code = buf[pos] << 8 | buf[pos + 1]
            if code == _DONE_CODE:
                if left < _DONE_SIZE:
                    return pos, _DONE_SIZE
                warnings, rows, _rowid, serial = _DONE.unpack_from(buf, pos + 2)
                self.executed += 1
                self.rowcount += rows
                self.warnings = warnings
                generated = self._pending or serial
                if generated:
                    self.lastrowid = generated
                self._pending = 0
                pos += _DONE_SIZE
            elif code == _INSERTDONE_CODE:
                if left < _INSERTDONE_SIZE:
                    return pos, _INSERTDONE_SIZE
                sign, low, high, bigserial = _INSERTDONE.unpack_from(buf, pos + 2)
                serial8 = 0 if sign == 0 else (high << 32 | low) * (-1 if sign < 0 else 1)
                self._pending = bigserial or serial8
                pos += _INSERTDONE_SIZE
            elif code == _COST_CODE:
                if left < _COST_SIZE:
                    return pos, _COST_SIZE
                pos += _COST_SIZE
            elif code == _XACT_CODE:
                if left < _XACT_SIZE:
                    return pos, _XACT_SIZE
                pos += _XACT_SIZE
            elif code == _EOT:
                return pos + 2, -1
            else:
                return pos, 0
