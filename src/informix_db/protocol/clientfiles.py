"""Client files: the client's side of the server's SQ_FILE (98) dialog.

``FILETOBLOB('name', 'client')`` makes the server read a file "on the
client" and ``LOTOFILE(lob, 'name', 'client')`` makes it write one: in the
middle of its reply the server sends SQ_FILE requests, each ended by
SQ_EOT, and waits for an answer to each (layouts: ``testing.clientfiles``
and shared/protocol/README.md).  The reply reader records the request in
``Reply.file`` and stops at its SQ_EOT; the front end (blocking or
asyncio) sends ``ClientFiles.answer(request)`` and reads on into the same
reply.  All of it is I/O-free here.

The driver never opens a file of its own machine because a server asked:
a hostile server could otherwise read or overwrite any file the process
can reach.  Files the server reads are the ones the caller registered in
``sources`` (bytes, str, a binary file object or an iterable of chunks);
files it writes are captured in memory (``captured``) or handed to a
registered sink (an object with ``write``).  A read of a name nobody
registered gets a clear error, raised once the server's reply is over.

A statement that may start such a dialog must be the last request of its
exchange: the server reads the client's answer as the next bytes on the
connection (``may_use_client_files``).
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from struct import Struct

from informix_db.exceptions import InterfaceError, ProgrammingError

__all__ = ["FileRequest", "ClientFiles", "may_use_client_files", "OPEN", "CLOSE", "READ",
           "WRITE"]

OPEN, CLOSE, READ, WRITE = 0, 1, 2, 3
SQ_EOT, SQ_FILE_READ, SQ_FILE_WRITE = 12, 106, 107
_HEAD = Struct(">hi")
_CHUNK = Struct(">hh")
_ACK = Struct(">hih")
_EOT = SQ_EOT.to_bytes(2, "big")
#: Largest chunk sent when the server asks for chunks of size 0 or less.
DEFAULT_CHUNK = 32000
#: Bytes read from a source per piece of an answer (the memory an answer holds).
_PIECE = 1 << 20
#: Bytes of an answer handed to the transport at once.
_SEND = 256 * 1024
#: Bytes of one answer gathered in memory; a larger answer goes through a
#: temporary file (its total must be sent before its content).
_IN_MEMORY = 8 << 20

_CALLS = re.compile(rb"\b(?:lotofile|filetoblob|filetoclob)\s*\(", re.I)


def may_use_client_files(sql: bytes) -> bool:
    """Whether statement text *sql* calls a routine that may start SQ_FILE
    dialogs (generous: a false positive costs a round trip, nothing else)."""
    return _CALLS.search(sql) is not None


@dataclass
class FileRequest:
    """One SQ_FILE request of the server, as the reply reader parsed it."""

    optype: int
    name: str = ""
    mode: int = 0
    flags: int = 0
    offset: int = 0
    bufsize: int = 0
    amount: int = -1
    #: WRITE: bytes the server sent in this request (the answer acknowledges them)
    written: int = 0


class ClientFiles:
    """The client files of one cursor: what the server may read, what it wrote."""

    def __init__(self) -> None:
        #: name -> bytes | str | binary file | iterable of bytes: files the server may read
        self.sources: dict[str, object] = {}
        #: name -> bytes: files the server wrote (LOTOFILE), in order of writing
        self.captured: dict[str, bytes] = {}
        #: name -> object with ``write(bytes)``: where a written file goes instead
        self.sinks: dict[str, object] = {}
        #: where any other written file goes (None: ``captured``)
        self.default_sink = None
        self.encoding = "iso-8859-1"
        self.error: Exception | None = None  # raised once the reply is over
        self._name: str | None = None
        self._reading = None  # the open source: an iterator of chunks
        self._known = None
        self._left = b""
        self._buffer: bytearray | None = None
        self._sink = None

    # -- the dialog ---------------------------------------------------------------
    def write_chunk(self, data) -> None:
        """Content of an SQ_FILE write (one chunk), as the reader reads it."""
        if self._sink is not None:
            self._sink.write(bytes(data))
        elif self._buffer is not None:
            self._buffer += data

    def answer(self, request: FileRequest):
        """The bytes answering *request*: an iterable of pieces to send in order."""
        op = request.optype
        if op == OPEN:
            self._open(request.name)
            return [_EOT]
        if op == CLOSE:
            self._close()
            return [_EOT]
        if op == WRITE:
            return [_ACK.pack(SQ_FILE_WRITE, request.written, SQ_EOT)]
        if op == READ:
            return self._read(request.bufsize, request.amount)
        self.error = self.error or InterfaceError(f"the server sent SQ_FILE request type {op}")
        return [_EOT]

    def _open(self, name: str) -> None:
        self._close()
        self._name = name
        source = self.sources.get(name)
        self._reading = None if source is None else _chunks(source, self.encoding)
        self._known = _known_size(source)  # bytes a read of "all" will send, if known
        sink = self.sinks.get(name, self.default_sink)
        if sink is not None:
            self._sink = sink
        else:
            self._buffer = bytearray()

    def _close(self) -> None:
        if self._name is not None and self._buffer is not None and (
                self._buffer or self._reading is None):
            self.captured[self._name] = bytes(self._buffer)
        self._name = self._reading = self._sink = self._buffer = None
        self._left = b""

    def _read(self, bufsize: int, amount: int):
        """``106, i32 total``, then ``106, i16 n, data, pad`` per chunk, ``EOT``.
        The total comes first, so the answer is gathered before it is sent:
        in memory up to ``_IN_MEMORY`` bytes, beyond in a temporary file (a
        server asking for 2 GiB, or for "all" (-1) of a large source, costs
        the client disk, not memory).  Fewer bytes than asked mean the end."""
        chunk = bufsize if 0 < bufsize <= 0x7FFF else DEFAULT_CHUNK
        if self._reading is None:
            if self.error is None:
                self.error = ProgrammingError(
                    f"the server asked to read client file {self._name!r}, which was not "
                    "given to the driver (register it in the cursor's virtual_files)")
            return [_HEAD.pack(SQ_FILE_READ, 0) + _EOT]
        if amount < 0 and self._known is not None and not self._left:
            # "all" of a source whose size is known: streamed, nothing gathered
            total, self._known = self._known, None
            return _framed(_exactly(self._reading, total), total, chunk)
        self._known = None
        if amount < 0:
            amount = 0x7FFF_FFFF  # "all": what one answer's i32 total can hold
        pieces, size, spool = [], 0, None
        while size < amount:
            piece = self._left or next(self._reading, b"")
            self._left = b""
            if not piece:
                break
            take = amount - size
            if len(piece) > take:
                piece, self._left = piece[:take], piece[take:]
            size += len(piece)
            if spool is None and size > _IN_MEMORY:
                spool = tempfile.TemporaryFile()
                for kept in pieces:
                    spool.write(kept)
                pieces = []
            if spool is None:
                pieces.append(piece)
            else:
                spool.write(piece)
        if spool is not None:
            spool.seek(0)
            pieces = _from_spool(spool)
        return _framed(pieces, size, chunk)


def _known_size(source) -> int | None:
    """The bytes *source* holds from where it stands, when that is known
    without reading it: bytes, or a seekable binary file (not str: its
    encoded size is not known)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return memoryview(source).nbytes
    try:
        if hasattr(source, "read") and source.seekable():
            here = source.tell()
            end = source.seek(0, os.SEEK_END)
            source.seek(here)
            return max(end - here, 0)
    except (OSError, ValueError, AttributeError):
        pass
    return None


def _exactly(pieces, total: int):
    """*pieces*, checked to add up to *total* bytes: a file that grew or shrank
    while it was sent would put the connection out of step."""
    sent = 0
    for piece in pieces:
        sent += len(piece)
        if sent > total:
            raise InterfaceError(f"a client file grew past the {total} bytes announced while "
                                 "it was sent")
        yield piece
    if sent != total:
        raise InterfaceError(f"a client file shrank below the {total} bytes announced while "
                             "it was sent")


def _from_spool(spool):
    with spool:
        while piece := spool.read(_PIECE):
            yield piece


def _framed(pieces, total: int, chunk: int):
    """The answer to a read, in sends of about ``_SEND`` bytes."""
    out = [_HEAD.pack(SQ_FILE_READ, total)]
    size = 6
    for piece in pieces:
        view = memoryview(piece)
        for k in range(0, len(view), chunk):
            part = view[k : k + chunk]
            out.append(_CHUNK.pack(SQ_FILE_READ, len(part)))
            out.append(part)
            if len(part) & 1:
                out.append(b"\0")
            size += 4 + len(part)
            if size >= _SEND:
                yield b"".join(out)
                out, size = [], 0
    out.append(_EOT)
    yield b"".join(out)


def _chunks(source, encoding: str):
    """An iterator of the bytes of *source* (bytes, str, file object, iterable)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        view = memoryview(source).cast("B")
        return (bytes(view[k : k + _PIECE]) for k in range(0, len(view), _PIECE))
    if isinstance(source, str):
        return _chunks(source.encode(encoding), encoding)
    if hasattr(source, "read"):
        def from_file():
            while True:
                piece = source.read(_PIECE)
                if not piece:
                    return
                if isinstance(piece, str):
                    piece = piece.encode(encoding)
                yield piece
        return from_file()
    if isinstance(source, os.PathLike):
        raise InterfaceError("a path is not read by the driver: pass an open file object")
    try:
        it = iter(source)
    except TypeError:
        raise InterfaceError(f"cannot send {type(source).__name__} as file content: give "
                             "bytes, str, a binary file object or an iterable of bytes") from None
    return (piece.encode(encoding) if isinstance(piece, str) else bytes(piece) for piece in it)
