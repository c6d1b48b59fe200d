"""Building the server's reply to one client request.

A reply is a run of tagged messages ended by SQ_EOT, sent in one write.
``Reply`` writes each message with the framing layer's ``WriteBuffer`` and
remembers a short decoded form of it for the trace.
"""

from __future__ import annotations

from informix_db._impl import buffer
from informix_db.framing import messages as m


class Reply:
    """The messages answering one request, in order."""

    def __init__(self, trace: bool = True) -> None:
        self.wb = buffer.WriteBuffer()
        #: The decoded messages, or None when nobody traces (then the
        #: messages a bulk load sends per row are not described at all).
        self.decoded: list[tuple[str, dict]] | None = [] if trace else None

    def note(self, code: int, **fields) -> None:
        """Record message *code* for the trace (its bytes are written by the caller)."""
        if self.decoded is not None:
            self.decoded.append((m.name_of(code), fields))

    def getvalue(self) -> bytes:
        return self.wb.getvalue()

    def __len__(self) -> int:
        return len(self.wb)

    # -- messages ----------------------------------------------------------
    def eot(self) -> None:
        self.wb.write_int16(m.SQ_EOT)
        self.note(m.SQ_EOT)

    def exit(self) -> None:
        self.wb.write_int16(m.SQ_EXIT)
        self.note(m.SQ_EXIT)

    def protocols(self, mask: bytes) -> None:
        self.wb.write_int16(m.SQ_PROTOCOLS)
        self.wb.write_lenbytes(mask)
        self.note(m.SQ_PROTOCOLS, mask=mask.hex())

    def done(self, rows: int = 0, *, warnings: int = 0, rowid: int = 0, serial: int = 0) -> None:
        """SQ_DONE: warnings short, rows processed, last rowid, SERIAL value."""
        wb = self.wb
        wb.write_int16(m.SQ_DONE)
        wb.write_int16(warnings)
        wb.write_int32(rows)
        wb.write_int32(rowid)
        wb.write_int32(serial)
        if self.decoded is not None:  # per row: only when traced
            self.note(m.SQ_DONE, warnings=warnings, rows=rows, rowid=rowid, serial=serial)

    def cost(self, rows: int = 1, io: int = 1) -> None:
        """SQ_COST: the optimizer's estimates (clients read and ignore them)."""
        self.wb.write_int16(m.SQ_COST)
        self.wb.write_int32(rows)
        self.wb.write_int32(io)
        if self.decoded is not None:  # per row: only when traced
            self.note(m.SQ_COST, rows=rows, io=io)

    def error(self, sqlcode: int, isam: int = 0, token: str = "", *,
              offset: int = 0, long_offset: bool = True,
              encoding: str = "iso-8859-1") -> None:
        """SQ_ERR: SQLCODE, ISAM code, statement offset, token padded to even length.

        The offset is an int when bit 62 was negotiated, a short otherwise.
        The token is text of the session's wire code set, *encoding* (a
        character it lacks becomes ``?``: an error must still be reported).
        """
        wb = self.wb
        # Server SQLCODEs and ISAM codes are shorts; anything else (a
        # client-side -79xxx code) cannot be sent, so say "not implemented".
        if not -0x8000 <= sqlcode <= 0x7FFF:
            sqlcode = -999
        if not -0x8000 <= isam <= 0x7FFF:
            isam = 0
        wb.write_int16(m.SQ_ERR)
        wb.write_int16(sqlcode)
        wb.write_int16(isam)
        if long_offset:
            wb.write_int32(offset)
        else:
            wb.write_int16(offset)
        wb.write_lenbytes(token.encode(encoding, "replace"))
        self.note(m.SQ_ERR, sqlcode=sqlcode, isam=isam, offset=offset, token=token)

    def tuple(self, payload: bytes, tag: int = m.SQ_TUPLE) -> None:
        """SQ_TUPLE: warnings short, payload length int, payload padded."""
        wb = self.wb
        wb.write_int16(tag)
        wb.write_int16(0)
        wb.write_int32(len(payload))
        wb.write_padded(payload)
        if self.decoded is not None:  # per row: only when traced
            self.note(tag, size=len(payload))

    def blob(self, chunk: bytes) -> None:
        """SQ_BLOB: one chunk of BYTE/TEXT data (zero length ends the value)."""
        self.wb.write_int16(m.SQ_BLOB)
        self.wb.write_lenbytes(chunk)
        self.note(m.SQ_BLOB, size=len(chunk))

    def tupid(self, number: int) -> None:
        """SQ_TUPID: the 1-based number of the row a scroll fetch returned."""
        self.wb.write_int16(m.SQ_TUPID)
        self.wb.write_int32(number)
        self.note(m.SQ_TUPID, number=number)

    def insertdone(self, serial8_bytes: bytes, bigserial: int) -> None:
        """SQ_INSERTDONE: the SERIAL8 value as an INT8 (10 bytes), then the BIGSERIAL."""
        self.wb.write_int16(m.SQ_INSERTDONE)
        self.wb.write_bytes(serial8_bytes)
        self.wb.write_int64(bigserial)
        self.note(m.SQ_INSERTDONE, serial8=serial8_bytes.hex(), bigserial=bigserial)

    def xactstat(self, event: int, new_level: int, old_level: int) -> None:
        """SQ_XACTSTAT: a transaction event and the nesting level after and before."""
        wb = self.wb
        wb.write_int16(m.SQ_XACTSTAT)
        wb.write_int16(event)
        wb.write_int16(new_level)
        wb.write_int16(old_level)
        if self.decoded is not None:  # per row: only when traced
            self.note(m.SQ_XACTSTAT, event=event, new=new_level, old=old_level)
