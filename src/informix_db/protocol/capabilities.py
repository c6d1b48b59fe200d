"""SQ_PROTOCOLS: the capability mask offered by the client and the server's answer.

Both sides send a bit mask; bit 0 is the high bit of the first byte (so
bit 62 is ``0x02`` of byte 7).  Several bits change how later messages are
framed, so the statement layer must consult ``Capabilities.has`` rather
than assume.  A capability is in force only when the client offered it AND
the server answered with it: the server may answer with bits nobody
offered (real servers set bit 14, which JDBC does not offer), and using
those would frame messages the way neither side agreed on.

Servers answer with 9 bytes, the client offers 8; bits past 63 are kept
for diagnostics (they differ between server releases) but are never
negotiated.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from informix_db.exceptions import InterfaceError

__all__ = [
    "BIT_INPUT_DESCRIBE",
    "BIT_FOUR_BYTE_OFFSETS",
    "BIT_INT_SQL_LENGTH",
    "BIT_LONG_FETCH_BUFFER",
    "CLIENT_PROTOCOLS",
    "CLIENT_PROTOCOLS_NO_INPUT_DESCRIBE",
    "Capabilities",
    "bits_of",
    "mask_of",
]

#: The mask IBM JDBC 4.50.10.1 offers.
CLIENT_PROTOCOLS = bytes.fromhex("fffc7ffc3c8caa97")

#: Bit 34: the server can describe a statement's input parameters (JDBC
#: then sends SQ_IDESCRIBE before binding strings).
BIT_INPUT_DESCRIBE = 34
#: Bit 50: DESCRIBE's names-table size and name offsets are 32-bit.
BIT_FOUR_BYTE_OFFSETS = 50
#: Bit 63: the fetch buffer size in SQ_NFETCH/SQ_SFETCH is 32-bit (16-bit
#: without it; IBM JDBC then sends a short).
BIT_LONG_FETCH_BUFFER = 63
#: Bit 62: SQL text lengths (PREPARE, COMMAND) are 32-bit instead of 16-bit.
BIT_INT_SQL_LENGTH = 62

#: JDBC's mask without bit 34: the input-describe reply is not understood
#: yet (shared/protocol/README.md, open question 1).
CLIENT_PROTOCOLS_NO_INPUT_DESCRIBE = bytes(
    b & ~(0x80 >> (BIT_INPUT_DESCRIBE % 8)) if i == BIT_INPUT_DESCRIBE // 8 else b
    for i, b in enumerate(CLIENT_PROTOCOLS)
)


def bits_of(mask: bytes) -> frozenset[int]:
    """The set bit numbers of *mask* (bit 0 = high bit of byte 0)."""
    return frozenset(
        i * 8 + j for i, byte in enumerate(mask) for j in range(8) if byte & (0x80 >> j)
    )


def mask_of(bits, nbytes: int = 8) -> bytes:
    """The *nbytes*-byte mask with exactly *bits* set."""
    out = bytearray(nbytes)
    for bit in bits:
        if not 0 <= bit < nbytes * 8:
            raise InterfaceError(f"capability bit {bit} outside a {nbytes}-byte mask")
        out[bit // 8] |= 0x80 >> (bit % 8)
    return bytes(out)


@dataclass(frozen=True)
class Capabilities:
    """The outcome of SQ_PROTOCOLS: what was offered, answered and agreed."""

    offered: bytes
    answered: bytes
    #: The negotiated bits: offered and answered (computed once: the
    #: statement layer asks on every request).
    bits: frozenset[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "bits", bits_of(self.offered) & bits_of(self.answered))

    def has(self, bit: int) -> bool:
        """Whether capability *bit* is in force on this connection."""
        return bit in self.bits

    @property
    def int_sql_length(self) -> bool:
        """SQL text lengths are 32-bit (bit 62)."""
        return self.has(BIT_INT_SQL_LENGTH)

    @property
    def four_byte_offsets(self) -> bool:
        """DESCRIBE's names size and name offsets are 32-bit (bit 50)."""
        return self.has(BIT_FOUR_BYTE_OFFSETS)

    @property
    def long_fetch_buffer(self) -> bool:
        """NFETCH/SFETCH buffer sizes are 32-bit (bit 63)."""
        return self.has(BIT_LONG_FETCH_BUFFER)

    @property
    def input_describe(self) -> bool:
        """The server describes input parameters (bit 34)."""
        return self.has(BIT_INPUT_DESCRIBE)

    def __repr__(self) -> str:
        return f"Capabilities(offered={self.offered.hex()}, answered={self.answered.hex()})"
