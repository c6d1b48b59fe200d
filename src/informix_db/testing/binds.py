"""Reading SQ_BIND and SQ_BBIND: the parameter values a client sends.

SQ_BIND: a short count, then per value ``[short type][short indicator]
[short length word]`` and the data (decoded by ``informix_db.codecs.bind``).
BYTE/TEXT parameters carry only a descriptor there; their content follows
in an SQ_BBIND message: a short count, then per blob SQ_BLOB chunks
``[short SQ_BLOB][short length][data padded]`` ended by a zero-length one.
"""

from __future__ import annotations

from functools import partial
from struct import Struct

from informix_db import types as T
from informix_db.codecs import bind as bindcodec
from informix_db.codecs.binary import BlobRef
from informix_db.exceptions import FramingError
from informix_db.framing import messages as m
from informix_db.testing.stream import ClientStream

#: A parameter's header: type code, indicator, length word.
_HEAD = Struct(">hhH")


class BindValues(list):
    """Parameter values in order, plus which of them await SQ_BBIND content."""

    def __init__(self) -> None:
        super().__init__()
        self.blobs: list[tuple[int, int]] = []  #: (index, type code) per BYTE/TEXT


def read_bind(stream: ClientStream, encoding: str) -> BindValues:
    """Read the body of an SQ_BIND message.

    The hot path of a bulk load (one BIND per row): parameters are parsed
    straight from the stream's buffer - each header with one unpack, each
    value by the codec - and the stream is told how far only at the end.
    Only a header or value that runs past the buffered bytes goes back to
    the stream to wait for more, exactly as field-by-field reading would.
    """
    values = BindValues()
    count = stream.read_int16()
    decode = bindcodec.decode_bind
    unpack = _HEAD.unpack_from
    append = values.append
    buf, pos = stream.buffered()
    try:
        for _ in range(count):
            if len(buf) - pos < 6:
                stream.consume_to(pos)
                stream.fill(6)
                buf, pos = stream.buffered()
            sqltype, indicator, length = unpack(buf, pos)
            pos += 6
            try:
                value, pos = decode(sqltype, indicator, length, buf, pos, encoding)
            except FramingError:  # the value runs past the buffered bytes
                stream.consume_to(pos)
                value = stream.decode(partial(_decode_at, sqltype, indicator, length, encoding))
                buf, pos = stream.buffered()
            if isinstance(value, BlobRef):
                values.blobs.append((len(values), sqltype & T.SQLTYPE_MASK))
            append(value)
    finally:
        # What was parsed counts as read (as after field-by-field reads); not
        # when a refill failed part way and the buffer is no longer ``buf``.
        if stream.buffered()[0] is buf:
            stream.consume_to(pos)
    return values


def _decode_at(sqltype: int, indicator: int, length: int, encoding: str, buf, offset: int):
    return bindcodec.decode_bind(sqltype, indicator, length, buf, offset, encoding)


def read_bbind(stream: ClientStream) -> list[bytes]:
    """Read the body of an SQ_BBIND message: the content of each blob."""
    return [read_blob_chunks(stream, "SQ_BBIND") for _ in range(stream.read_int16())]


def read_blob_chunks(stream: ClientStream, what: str) -> bytes:
    """One blob's content: SQ_BLOB chunks up to a zero-length one (in an
    SQ_BBIND, or after an SQ_PUT row)."""
    chunks = []
    while True:
        code = stream.read_int16()
        if code != m.SQ_BLOB:
            raise FramingError(f"{what}: expected SQ_BLOB, got {m.name_of(code)}")
        chunk = stream.read_lenbytes()
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def attach_blobs(values: BindValues, blobs: list[bytes], encoding: str) -> None:
    """Put SQ_BBIND contents in place of their BIND descriptors (TEXT as str)."""
    if len(blobs) != len(values.blobs):
        raise FramingError(f"SQ_BBIND sent {len(blobs)} blobs for {len(values.blobs)} "
                           "BYTE/TEXT parameters")
    for (index, code), data in zip(values.blobs, blobs):
        values[index] = data.decode(encoding) if code == T.SQLTEXT else data
    values.blobs.clear()
