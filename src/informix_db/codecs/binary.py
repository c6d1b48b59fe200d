"""BYTE and TEXT (simple large objects).

Their data never travels inside a tuple.  A tuple holds a 56-byte blob
descriptor (``tblob_t`` of Informix's blob.h, big-endian):

====== ==== =============================================
offset size field
====== ==== =============================================
0      2    tb_fd
2      2    tb_coloff
4      4    tb_tblspace
8      4    tb_start
12     4    tb_end
16     4    tb_size: the data's length in bytes
20     4    tb_addr (a server may keep its own handle here)
24..37      tb_family, tb_volume, tb_medium, tb_bstamp, tb_sockid
38     2    tb_flags: bit 0x0001 = the value is NULL
40     16   reserved
====== ==== =============================================

The client fetches the data by sending the descriptor back
(SQ_ID + SQ_FETCHBLOB 38 + the padded descriptor) and reading SQ_BLOB (39)
chunks (u16 length, padded data) until a zero-length one.  A BIND
parameter of type 11/12 carries a descriptor whose ``tb_size`` is the
length; the data follows the BIND values as SQ_BBIND (41) + count and, per
value, SQ_BLOB chunks (JDBC uses 1024 bytes) ended by a zero-length chunk.
"""

from __future__ import annotations

from struct import Struct, error as StructError

from informix_db.codecs._common import truncated, wrong_type

__all__ = ["DESCRIPTOR_SIZE", "BLOBISNULL", "BlobRef", "encode_descriptor",
           "decode_descriptor", "blob_payload", "encode_tuple_descriptor"]

DESCRIPTOR_SIZE = 56
BLOBISNULL = 0x0001
_SIZE = Struct(">i")
_ADDR = Struct(">i")
_FLAGS = Struct(">h")


class BlobRef:
    """A BYTE/TEXT value as a tuple describes it: its size and the server's handle.

    ``raw`` is the whole 56-byte descriptor, which SQ_FETCHBLOB sends back.
    """

    __slots__ = ("size", "handle", "raw")

    def __init__(self, size: int, handle: int = 0, raw: bytes | None = None) -> None:
        self.size = size
        self.handle = handle
        self.raw = raw if raw is not None else encode_descriptor(size, handle=handle)

    def __eq__(self, other):
        return isinstance(other, BlobRef) and self.raw == other.raw

    def __hash__(self):
        return hash(self.raw)

    def __repr__(self) -> str:
        return f"BlobRef(size={self.size}, handle={self.handle})"


def encode_descriptor(size: int = 0, *, null: bool = False, handle: int = 0) -> bytes:
    """A 56-byte descriptor of a blob of *size* bytes (or of NULL)."""
    raw = bytearray(DESCRIPTOR_SIZE)
    _SIZE.pack_into(raw, 16, 0 if null else size)
    _ADDR.pack_into(raw, 20, handle)
    _FLAGS.pack_into(raw, 38, BLOBISNULL if null else 0)
    return bytes(raw)


_NULL_DESCRIPTOR = encode_descriptor(null=True)


def decode_descriptor(buf, offset: int):
    """The descriptor at *offset*: ``(BlobRef | None, offset + 56)``."""
    end = offset + DESCRIPTOR_SIZE
    raw = bytes(buf[offset:end])
    if len(raw) != DESCRIPTOR_SIZE or offset < 0:
        raise truncated("BYTE/TEXT descriptor", offset, DESCRIPTOR_SIZE, buf)
    try:
        if _FLAGS.unpack_from(raw, 38)[0] & BLOBISNULL:
            return None, end
        return BlobRef(_SIZE.unpack_from(raw, 16)[0], _ADDR.unpack_from(raw, 20)[0], raw), end
    except StructError:  # pragma: no cover - length checked above
        raise truncated("BYTE/TEXT descriptor", offset, DESCRIPTOR_SIZE, buf) from None


def blob_payload(value, is_text: bool, encoding: str = "utf-8") -> bytes:
    """The bytes a BYTE (bytes-like) or TEXT (str or bytes) value streams as."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if is_text and isinstance(value, str):
        return value.encode(encoding)
    raise wrong_type("TEXT" if is_text else "BYTE", value, "str or bytes" if is_text else "bytes")


def encode_tuple_descriptor(value, is_text: bool, encoding: str = "utf-8") -> bytes:
    """Tuple bytes of a BYTE/TEXT column: None -> NULL descriptor, a BlobRef
    -> its descriptor, data -> a descriptor of its size (handle 0)."""
    if value is None:
        return _NULL_DESCRIPTOR
    if isinstance(value, BlobRef):
        return value.raw
    return encode_descriptor(len(blob_payload(value, is_text, encoding)))
