"""Reading SQ_BIND and SQ_BBIND: the parameter values a client sends.

SQ_BIND: a short count, then per value ``[short type][short indicator]
[short length word]`` and the data (decoded by ``informix_db.codecs.bind``).
BYTE/TEXT parameters carry only a descriptor there; their content follows
in an SQ_BBIND message: a short count, then per blob SQ_BLOB chunks
``[short SQ_BLOB][short length][data padded]`` ended by a zero-length one.
"""

from __future__ import annotations

from informix_db import types as T
from informix_db.codecs import bind as bindcodec
from informix_db.codecs.binary import BlobRef
from informix_db.exceptions import FramingError
from informix_db.framing import messages as m
from informix_db.testing.stream import ClientStream


class BindValues(list):
    """Parameter values in order, plus which of them await SQ_BBIND content."""

    def __init__(self) -> None:
        super().__init__()
        self.blobs: list[tuple[int, int]] = []  #: (index, type code) per BYTE/TEXT


def read_bind(stream: ClientStream, encoding: str) -> BindValues:
    """Read the body of an SQ_BIND message."""
    values = BindValues()
    for _ in range(stream.read_int16()):
        sqltype = stream.read_int16()
        indicator = stream.read_int16()
        length = stream.read_uint16()
        value = stream.decode(lambda buf, off, s=sqltype, i=indicator, n=length:
                              bindcodec.decode_bind(s, i, n, buf, off, encoding))
        if isinstance(value, BlobRef):
            values.blobs.append((len(values), sqltype & T.SQLTYPE_MASK))
        values.append(value)
    return values


def read_bbind(stream: ClientStream) -> list[bytes]:
    """Read the body of an SQ_BBIND message: the content of each blob."""
    blobs = []
    for _ in range(stream.read_int16()):
        chunks = []
        while True:
            code = stream.read_int16()
            if code != m.SQ_BLOB:
                raise FramingError(f"SQ_BBIND: expected SQ_BLOB, got {m.name_of(code)}")
            chunk = stream.read_lenbytes()
            if not chunk:
                break
            chunks.append(chunk)
        blobs.append(b"".join(chunks))
    return blobs


def attach_blobs(values: BindValues, blobs: list[bytes], encoding: str) -> None:
    """Put SQ_BBIND contents in place of their BIND descriptors (TEXT as str)."""
    if len(blobs) != len(values.blobs):
        raise FramingError(f"SQ_BBIND sent {len(blobs)} blobs for {len(values.blobs)} "
                           "BYTE/TEXT parameters")
    for (index, code), data in zip(values.blobs, blobs):
        values[index] = data.decode(encoding) if code == T.SQLTEXT else data
    values.blobs.clear()
