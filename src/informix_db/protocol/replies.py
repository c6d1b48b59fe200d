"""Reading the server's replies: tagged messages up to SQ_EOT.

After login every reply is a run of messages, each a 16-bit code and its
fields, ended by SQ_EOT.  Nothing announces a message's length, so each
one must be parsed to find the next.  ``ReplyReader`` reads the messages
every request can receive (DONE, COST, ERR, XACTSTAT, INSERTDONE,
PROTOCOLS, EOT); the statement layer passes handlers for its own ones
(DESCRIBE, TUPLE, ...) to ``read_reply``, keyed by message code.

An SQ_ERR does not end the reply: the server still sends SQ_EOT, so the
reader consumes up to it (keeping the stream in step) and raises the
mapped exception afterwards.  Anything unparseable (an unknown code, a
short or malformed field) means the position in the stream is lost: the
stream is marked broken and ``FramingError`` propagates.

Field layouts (big-endian; "lenbytes" = u16 length, bytes, pad to even):

* SQ_DONE 15: i16 warnings, i32 rows processed, i32 rowid, i32 serial;
* SQ_COST 55: i32 estimated rows, i32 estimated cost;
* SQ_ERR 13: i16 sqlcode, i16 isam code, offset in the SQL (i32 when
  capability bit 62 was negotiated, i16 otherwise), lenbytes token;
* SQ_XACTSTAT 99: i16 event, i16 new level, i16 old level;
* SQ_INSERTDONE 94: the SERIAL8 as an INT8 (i16 sign, u32 low, u32 high)
  then the BIGSERIAL as an i64;
* SQ_PROTOCOLS 126: lenbytes mask;
* SQ_EOT 12: nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from informix_db._impl import buffer
from informix_db.exceptions import FramingError
from informix_db.framing import messages as sq
from informix_db.protocol.clientfiles import CLOSE, OPEN, READ, WRITE, FileRequest
from informix_db.protocol.reply_values import (
    MAX_XACT_EVENTS, WARN_ANSI, WARN_LOGGED, Cost, Done, InsertDone, Reply, ServerError, XactStat,
)

__all__ = [
    "Cost",
    "Done",
    "InsertDone",
    "Reply",
    "Handlers",
    "ReplyReader",
    "ServerError",
    "XactStat",
    "WARN_LOGGED",
    "WARN_ANSI",
]

#: A handler for a statement-specific message: called with the reader
#: positioned after the message code, and the reply being collected.
Handler = Callable[["ReplyReader", Reply], None]



class Handlers(dict):
    """Handlers by message code, and optionally a *bulk* reader.

    *bulk* is an I/O-free loop (``replyloop.TupleLoop``) that reads the
    common run of a fetch reply (tuples, DONE, COST, XACTSTAT, EOT) straight
    from the stream's buffer; ``read_reply`` lets it read as far as it can
    before every message, and reads one message itself wherever it stops.
    """

    __slots__ = ("bulk",)

    def __init__(self, handlers=(), *, bulk=None) -> None:
        super().__init__(handlers)
        self.bulk = bulk


_FIXED = {sq.SQ_DONE: 14, sq.SQ_COST: 8, sq.SQ_XACTSTAT: 6, sq.SQ_INSERTDONE: 18}


class ReplyReader:
    """Reads SQLI messages from a ``SocketStream``.

    One reader lives as long as its connection; its ``ReadBuffer`` is
    reset over views of the stream's receive buffer, so fixed-size
    messages are parsed without copying.
    """

    __slots__ = ("_stream", "_rb", "encoding", "int_error_offset", "files")

    def __init__(self, stream, encoding: str = "iso-8859-1", *, int_error_offset: bool = True) -> None:
        self._stream = stream
        self._rb = buffer.ReadBuffer()
        #: Codec of tokens and names the server sends (the client locale's).
        self.encoding = encoding
        #: SQ_ERR offsets are 32-bit (capability bit 62); set after SQ_PROTOCOLS.
        self.int_error_offset = int_error_offset
        #: The ``clientfiles.ClientFiles`` of the exchange being read (set by the
        #: front end): where the content of an SQ_FILE write goes.
        self.files = None

    # -- field-level reads, for handlers ----------------------------------------------

    def fields(self, n: int):
        """A ``ReadBuffer`` over the next *n* bytes (valid until the next read)."""
        rb = self._rb
        rb.reset(self._stream.read_exact(n))
        return rb

    def read_view(self, n: int) -> memoryview:
        """The next *n* raw bytes (a row payload), valid until the next read."""
        return self._stream.read_exact(n)

    def read_int16(self) -> int:
        """One signed 16-bit field."""
        return self.fields(2).read_int16()

    def read_int32(self) -> int:
        """One signed 32-bit field."""
        return self.fields(4).read_int32()

    def read_lenbytes(self) -> bytes:
        """A u16 length, that many bytes, and the pad byte of an odd length."""
        n = self.fields(2).read_uint16()
        data = self._stream.read_bytes(n + (n & 1))
        return data[:n]

    def read_padded(self, n: int) -> bytes:
        """*n* bytes and the pad byte of an odd *n* (copied)."""
        return self._stream.read_bytes(n + (n & 1))[:n]

    def read_code(self) -> int:
        """The next message code."""
        return self.fields(2).read_int16()

    # -- common messages --------------------------------------------------------------

    def read_done(self) -> Done:
        """The body of SQ_DONE."""
        rb = self.fields(_FIXED[sq.SQ_DONE])
        return Done(rb.read_int16(), rb.read_int32(), rb.read_int32(), rb.read_int32())

    def read_cost(self) -> Cost:
        """The body of SQ_COST."""
        rb = self.fields(_FIXED[sq.SQ_COST])
        return Cost(rb.read_int32(), rb.read_int32())

    def read_xactstat(self) -> XactStat:
        """The body of SQ_XACTSTAT."""
        rb = self.fields(_FIXED[sq.SQ_XACTSTAT])
        return XactStat(rb.read_int16(), rb.read_int16(), rb.read_int16())

    def read_insertdone(self) -> InsertDone:
        """The body of SQ_INSERTDONE."""
        rb = self.fields(_FIXED[sq.SQ_INSERTDONE])
        sign = rb.read_int16()
        low = rb.read_int32() & 0xFFFF_FFFF
        high = rb.read_int32() & 0xFFFF_FFFF
        magnitude = (high << 32) | low
        serial8 = None if sign == 0 else (-magnitude if sign < 0 else magnitude)
        return InsertDone(serial8, rb.read_int64())

    def read_error(self) -> ServerError:
        """The body of SQ_ERR."""
        if self.int_error_offset:
            rb = self.fields(8)
            sqlcode, isam, offset = rb.read_int16(), rb.read_int16(), rb.read_int32()
        else:
            rb = self.fields(6)
            sqlcode, isam, offset = rb.read_int16(), rb.read_int16(), rb.read_int16()
        token = self.read_lenbytes().rstrip(b"\0").decode(self.encoding, "replace")
        return ServerError(sqlcode, isam, offset, token)

    def read_file_request(self, reply: Reply) -> None:
        """The body of SQ_FILE (``clientfiles``): the request goes to
        ``reply.file``; a WRITE's chunks follow as messages of their own."""
        if reply.file is not None:
            raise FramingError("an SQ_FILE request before the last one was answered")
        optype = self.read_int16()
        req = FileRequest(optype)
        if optype == OPEN:
            n = self.fields(2).read_uint16()
            req.name = self.read_padded(n).decode(self.encoding, "replace")
            rb = self.fields(12)
            req.mode, req.flags, req.offset = rb.read_int32(), rb.read_int32(), rb.read_int32()
        elif optype == READ:
            rb = self.fields(6)
            req.bufsize, req.amount = rb.read_uint16(), rb.read_int32()
        elif optype not in (CLOSE, WRITE):
            raise FramingError(f"SQ_FILE request of unknown type {optype}")
        reply.file = req

    def read_protocols(self) -> bytes:
        """The body of SQ_PROTOCOLS: the capability mask."""
        return self.read_lenbytes()

    # -- whole replies ----------------------------------------------------------------

    def read_reply(
        self,
        handlers: Mapping[int, Handler] | None = None,
        *,
        raise_error: bool = True,
    ) -> Reply:
        """Read messages up to and including SQ_EOT.

        *handlers* take over the messages they name (before the common
        ones); their ``bulk`` loop, if any, reads what it can first.  With *raise_error*, an SQ_ERR in the reply is raised as its
        mapped exception once SQ_EOT has been read.
        """
        reply = Reply()
        self.read_into(reply, handlers)
        if raise_error and reply.error is not None:
            raise reply.error.exception()
        return reply

    def read_into(self, reply: Reply, handlers: Mapping[int, Handler] | None = None) -> None:
        """Read messages into *reply* up to and including SQ_EOT.

        Resumable: the stream is marked at each message, and a message
        changes *reply* (or its handler its own state) only once it has
        been read whole, so when the asyncio stream raises ``NeedMore`` in
        the middle of one, its driver receives more and calls this again
        with the same *reply*, which reads on from that message.
        """
        bulk = getattr(handlers, "bulk", None)
        stream = self._stream
        try:
            while True:
                if bulk is not None:
                    bulk.reply = reply
                    if stream.run(bulk.feed):
                        break  # it read SQ_EOT
                stream.mark()
                code = self.read_code()
                if handlers and code in handlers:
                    handlers[code](self, reply)
                elif code == sq.SQ_EOT:
                    break  # the whole reply, or an SQ_FILE request (reply.file) to answer
                elif code == sq.SQ_DONE:
                    reply.done = self.read_done()
                elif code == sq.SQ_COST:
                    reply.cost = self.read_cost()
                elif code == sq.SQ_ERR:
                    # Keep the first error: later ones are consequences.
                    err = self.read_error()
                    reply.error = reply.error or err
                elif code == sq.SQ_XACTSTAT:
                    event = self.read_xactstat()
                    if len(reply.xact) < MAX_XACT_EVENTS:
                        reply.xact.append(event)
                elif code == sq.SQ_INSERTDONE:
                    reply.insert = self.read_insertdone()
                elif code == sq.SQ_PROTOCOLS:
                    reply.protocols = self.read_protocols()
                # SQ_FILE dialogs last: rare, after the messages of every reply
                elif code == sq.SQ_FILE:
                    self.read_file_request(reply)
                elif code == sq.SQ_FILE_WRITE and reply.file is not None \
                        and reply.file.optype == WRITE:
                    n = self.fields(2).read_uint16()
                    data = self._stream.read_exact(n + (n & 1))[:n]
                    reply.file.written += n
                    if self.files is not None:
                        self.files.write_chunk(data)
                else:
                    raise FramingError(
                        f"unexpected {sq.name_of(code)} ({code}) in a server reply"
                    )
        except FramingError as exc:
            stream.mark_broken(f"lost framing: {exc}")
            raise
