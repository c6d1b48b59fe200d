"""Client files: the server's side of the SQ_FILE (98) dialog.

``FILETOBLOB('name', 'client')`` reads a file on the client's machine and
``LOTOFILE(lob, 'name', 'client')`` writes one there.  The server cannot
reach the client's files itself, so in the middle of its reply it sends
SQ_FILE requests, each ended by SQ_EOT, and waits for the client to
answer each before it goes on.  Layouts (the peer driver's notes from
real servers, shared/protocol/README.md):

* open:  ``98, i16 0, i16 namelen, name, pad, i32 mode, i32 flags,
  i32 offset, EOT`` -> the client answers ``EOT``;
* read:  ``98, i16 2, i16 bufsize, i32 amount, EOT`` -> ``106, i32 total``
  then ``106, i16 n, data, pad`` per chunk of at most *bufsize*, then EOT;
* write: ``98, i16 3``, then ``107, i16 n, data, pad`` per chunk, ``EOT``
  -> ``107, i32 total, EOT``;
* close: ``98, i16 1, EOT`` -> ``EOT``.

This server reads a client file with one read of -1 ("all", in the peer's
notes): IBM JDBC answers a read of a bounded amount with that amount again
and again, never fewer, so reading in rounds until a short one never ends
against it (tried: a 1.2 MB file, rounds of 1 MiB).  The answer is consumed
as it arrives.  It writes in messages of at most ``WRITE_MESSAGE`` bytes,
so neither side holds a whole object.  The
first word of an open is not in the evidence either (POSIX open flags are
sent; IBM JDBC accepted every value tried); the second must be 0 (see
``_FILE_MODE``).

The dialog runs while the session is between two messages of its reply,
after the whole request has been read (``Session`` defers the actions of
a statement that calls these functions to the request's SQ_EOT), so the
client's answers are the next bytes on the connection.
"""

from __future__ import annotations

import re

from informix_db._impl import buffer
from informix_db.exceptions import FramingError
from informix_db.framing import messages as m
from informix_db.testing.engine.errors import InformixError

OPEN, CLOSE, READ, WRITE = 0, 1, 2, 3
#: The amount of the one read: all of the file; and the chunk size asked for.
READ_ALL = -1
READ_CHUNK = 32000
#: Bytes of object content per SQ_FILE write message (then the client acks).
WRITE_MESSAGE = 1 << 20
WRITE_CHUNK = 32000
_O_RDONLY, _O_WRONLY_CREAT_TRUNC = 0, 0o1101
#: The open's second word.  Not a permission: IBM JDBC, given 0o644 there,
#: wrote each byte of a LOTOFILE as two (00 xx), as if characters had been
#: asked for; with 0 it writes the bytes as sent (tests/testing/test_jdbc_smart_lobs.py).
_FILE_MODE = 0
#: "Cannot open file for LOTOFILE/FILETOBLOB" has no documented SQLCODE we
#: have evidence for; -9810 (smart-large-object error) is the family's.
CLIENT_FILE_ERROR = -9810


_CALLS = re.compile(r"\b(?:lotofile|filetoblob|filetoclob)\s*\(", re.I)


def uses_client_files(stmt) -> bool:
    """Whether statement *stmt* (``statements.Statement``) may start SQ_FILE
    dialogs: its text calls one of the client-file routines (a cheap,
    generous test: holding a request to its end changes no outcome)."""
    flag = getattr(stmt, "client_files", None)
    if flag is None:
        sql = getattr(stmt.prepared, "sql", "") or ""
        flag = stmt.client_files = bool(_CALLS.search(sql))
    return flag


class HeldToEot:
    """Mixin of ``Session``: holding a request's actions to its SQ_EOT when a
    statement of it may start SQ_FILE dialogs (uses the session's
    ``_post_eot``, ``_run``, ``current`` and ``client_files``)."""

    def _hold_to_eot(self, stmt) -> None:
        """From here to the request's end, hold the actions if *stmt* talks
        with the client's files (FILETOBLOB, LOTOFILE ... 'client')."""
        # Nothing is held back for a batch here: OPEN/NFETCH flush it before
        # their handlers run, _execute when the statement differs, and an
        # EXECUTE of this statement is never held (it holds to EOT instead).
        if self._post_eot is None and stmt is not None and uses_client_files(stmt):
            self._post_eot = []

    def _run_post_eot(self) -> None:
        queue, self._post_eot = self._post_eot, None
        try:
            for current, reply, action, args, always in queue:
                self.current = current
                self.client_files.reply = reply
                if always:
                    action(reply, *args)
                else:
                    self._run(reply, action, *args)
        finally:
            self.client_files.reply = None



class ClientFiles:
    """The SQ_FILE dialogs of one protocol session (``testing.session``)."""

    def __init__(self, session) -> None:
        self.session = session
        #: The reply being built when a dialog starts: what it holds so far
        #: goes out with the first SQ_FILE request (replies keep their order).
        self.reply = None

    # -- what the engine calls ----------------------------------------------
    def read(self, name: str):
        """The content of client file *name*, as an iterator of chunks."""
        self._request(_open_message(name, _O_RDONLY))
        self._expect_eot("open")
        try:
            self._request(_message(READ, _i16(READ_CHUNK) + _i32(READ_ALL)))
            yield from self._read_answer()
        finally:
            self._request(_message(CLOSE, b""))
            self._expect_eot("close")

    def write(self, name: str, chunks) -> None:
        """Write client file *name* from an iterator of byte chunks."""
        self._request(_open_message(name, _O_WRONLY_CREAT_TRUNC))
        self._expect_eot("open")
        pending: list[bytes] = []
        size = 0
        for chunk in chunks:
            for k in range(0, len(chunk), WRITE_CHUNK):
                piece = chunk[k : k + WRITE_CHUNK]
                pending.append(piece)
                size += len(piece)
                if size >= WRITE_MESSAGE:
                    self._send_write(pending, size)
                    pending, size = [], 0
        if pending:
            self._send_write(pending, size)
        self._request(_message(CLOSE, b""))
        self._expect_eot("close")

    # -- the wire -----------------------------------------------------------
    def _send_write(self, pieces: list[bytes], size: int) -> None:
        wb = buffer.WriteBuffer()
        for piece in pieces:
            wb.write_int16(m.SQ_FILE_WRITE)
            wb.write_lenbytes(piece)
        self._request(_message(WRITE, wb.getvalue()))
        stream = self.session.stream
        if stream.read_int16() != m.SQ_FILE_WRITE:
            raise FramingError("the client did not acknowledge an SQ_FILE write")
        total = stream.read_int32()
        self._expect_eot("write")
        if total != size:
            raise InformixError(CLIENT_FILE_ERROR, token=f"client wrote {total} of {size} bytes")

    def _request(self, body: bytes) -> None:
        """Send what the reply holds so far, then one SQ_FILE request and EOT."""
        session = self.session
        head = b""
        reply = self.reply
        if reply is not None and len(reply):
            head = reply.getvalue()
            reply.wb = buffer.WriteBuffer()
        session._send(head + body + _i16(m.SQ_EOT), [("SQ_FILE", {"size": len(body)})]
                      if session.config.tracer else None)

    def _read_answer(self):
        stream = self.session.stream
        if stream.read_int16() != m.SQ_FILE_READ:
            raise FramingError("the client's answer to an SQ_FILE read is no SQ_FILE_READ")
        total = stream.read_int32()
        if total < 0:
            raise FramingError(f"the client announced {total} bytes for a file")
        got = 0
        while got < total:
            if stream.read_int16() != m.SQ_FILE_READ:
                raise FramingError("an SQ_FILE read chunk is no SQ_FILE_READ")
            n = stream.read_uint16()
            if n == 0 or n > READ_CHUNK or got + n > total:
                raise FramingError(f"an SQ_FILE read chunk of {n} bytes does not fit the "
                                   f"{total} announced")
            yield stream.read_padded(n)
            got += n
        self._expect_eot("read")

    def _expect_eot(self, what: str) -> None:
        code = self.session.stream.read_int16()
        if code != m.SQ_EOT:
            raise FramingError(f"the client answered an SQ_FILE {what} with "
                               f"{m.name_of(code)}, not SQ_EOT")


def _i16(v: int) -> bytes:
    return (v & 0xFFFF).to_bytes(2, "big")


def _i32(v: int) -> bytes:
    return (v & 0xFFFFFFFF).to_bytes(4, "big")


def _message(optype: int, body: bytes) -> bytes:
    return _i16(m.SQ_FILE) + _i16(optype) + body


def _open_message(name: str, mode: int) -> bytes:
    raw = name.encode("utf-8")
    if len(raw) > 0x7FFF:
        raise InformixError(CLIENT_FILE_ERROR, token="file name too long")
    return _message(OPEN, _i16(len(raw)) + raw + (b"\0" if len(raw) & 1 else b"")
                    + _i32(mode) + _i32(_FILE_MODE) + _i32(0))
