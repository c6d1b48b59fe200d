"""The SQ_PROTOCOLS capability mask: what this server offers, what gets used.

The mask is a big-endian bit string numbered MSB first (byte 0 bit 0x80 is
bit 0).  Client and server each send one; the client then frames by the
server's reply, so the server must frame by the bits both sides have.
Several bits change the wire layout, not just features; the ones this
server honours are named below.  Two more are always offered and only
their "on" layout is implemented: bit 13 (VARCHAR in tuples carries a
length byte; without it IBM JDBC expects the value padded to its declared
width) and bit 54 (BIGINT).  Both IBM JDBC and the peer driver offer them.
"""

from __future__ import annotations

#: What a real 12.10 replies (the peer driver's notes).  Two bits whose
#: replies were long unknown are answered: bit 34 (input describe): JDBC
#: sends SQ_CIDESCRIBE before binding and gets SQ_IDESCRIBE (see
#: describe.describe_input); bit 48 (auto-generated keys): JDBC adds
#: SQ_AUTOGENKEYS to the PREPARE of prepareStatement(sql, RETURN_GENERATED_KEYS)
#: and reads the keys from SQ_GENKEYS_DESCRIBE / SQ_GENKEYS_TUPLE (see
#: session._autogenkeys); without the bit JDBC refuses with "Method not
#: supported with this server".
DEFAULT_SERVER_MASK = bytes.fromhex("bdbe9ffe7fb7ffeff0")

BIT_DESCRIBE_INPUT = 34
BIT_AUTO_GENERATED_KEYS = 48
#: DESCRIBE's names-table size and field indices are ints, not shorts.
BIT_FOUR_BYTE_OFFSET = 50
#: SQL text lengths (PREPARE/COMMAND) and SQ_ERR offsets are ints, not shorts.
BIT_REMOVE_64K_LIMIT = 62
#: The fetch buffer size in NFETCH/SFETCH is an int, not a short (IBM JDBC
#: sends a short when the server's mask lacks it).
BIT_TWO_GB_FETCH_BUFFER = 63


def bits_of(mask: bytes) -> frozenset[int]:
    """The set bit numbers of *mask* (MSB-first numbering)."""
    return frozenset(
        i * 8 + b for i, byte in enumerate(mask) for b in range(8) if byte & (0x80 >> b)
    )


def mask_of(bits) -> bytes:
    """The shortest mask (at least 8 bytes) with exactly *bits* set."""
    size = max(8, (max(bits, default=0) // 8) + 1)
    out = bytearray(size)
    for bit in bits:
        out[bit // 8] |= 0x80 >> (bit % 8)
    return bytes(out)


class Negotiated:
    """The capability bits both the client and this server have."""

    __slots__ = ("bits",)

    def __init__(self, client_mask: bytes = b"", server_mask: bytes = DEFAULT_SERVER_MASK):
        self.bits = bits_of(client_mask) & bits_of(server_mask)

    def has(self, bit: int) -> bool:
        return bit in self.bits

    @property
    def long_sql_length(self) -> bool:
        return BIT_REMOVE_64K_LIMIT in self.bits

    @property
    def four_byte_offsets(self) -> bool:
        return BIT_FOUR_BYTE_OFFSET in self.bits

    @property
    def long_fetch_buffer(self) -> bool:
        return BIT_TWO_GB_FETCH_BUFFER in self.bits
