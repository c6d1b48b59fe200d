"""BYTE and TEXT values of open cursors, kept until the client fetches them.

A tuple carries only a 56-byte descriptor for a BYTE/TEXT column; the
client asks for the data with SQ_FETCHBLOB, sending the descriptor back.
This store gives each value a handle, which goes into the descriptor's
``tb_addr`` field, and keeps the bytes until the cursor closes.
"""

from __future__ import annotations

import itertools
import struct

from informix_db import types as T
from informix_db.codecs.binary import BlobRef, blob_payload, encode_descriptor

BLOB_TYPES = frozenset((T.SQLBYTES, T.SQLTEXT))
#: tb_start and tb_end of the descriptor (offsets 8 and 12).
_START_END = struct.Struct(">ii")


class BlobStore:
    """The blob data of one session's open cursors, by handle."""

    def __init__(self) -> None:
        self._data: dict[int, bytes] = {}
        self._handles = itertools.count(1)

    def put(self, data: bytes) -> BlobRef:
        """Keep *data*; return the descriptor that names it."""
        handle = next(self._handles) & 0x7FFF_FFFF or next(self._handles)
        self._data[handle] = data
        raw = bytearray(encode_descriptor(len(data), handle=handle))
        # IBM JDBC reads the length as tb_end - tb_start + 1 and reports
        # "Blob not found" when both are 0 (tried against the jar), so the
        # data is described as stored at offsets 1..size.
        _START_END.pack_into(raw, 8, 1, len(data))
        return BlobRef(len(data), handle, bytes(raw))

    def get(self, handle: int) -> bytes | None:
        return self._data.get(handle)

    def drop(self, handles) -> None:
        for handle in handles:
            self._data.pop(handle, None)


def stash_blobs(columns, row, store: BlobStore, encoding: str, owned: list[int]):
    """*row* with each non-NULL BYTE/TEXT value replaced by a stored BlobRef
    (its handle appended to *owned*); other values untouched."""
    out = list(row)
    for i, col in enumerate(columns):
        if col.type.sqltype in BLOB_TYPES and out[i] is not None \
                and not isinstance(out[i], BlobRef):
            ref = store.put(blob_payload(out[i], col.type.sqltype == T.SQLTEXT, encoding))
            owned.append(ref.handle)
            out[i] = ref
    return out
