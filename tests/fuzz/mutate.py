"""Seeded mutations of seed inputs: each case is reproducible from (seed, index)."""

from __future__ import annotations

import random
import struct

#: Values that sit on the edges parsers get wrong: lengths, counts, sizes.
_INTERESTING16 = (0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0xFFFE)
_INTERESTING32 = (0, 1, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000,
                  0xFFFFFFFF, 0xFFFFFFF0)


def _flip(rng, data: bytearray) -> None:
    if data:
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)


def _byte(rng, data: bytearray) -> None:
    if data:
        data[rng.randrange(len(data))] = rng.randrange(256)


def _int16(rng, data: bytearray) -> None:
    if len(data) >= 2:
        at = rng.randrange(len(data) - 1)
        data[at:at + 2] = struct.pack(">H", rng.choice(_INTERESTING16))


def _int32(rng, data: bytearray) -> None:
    if len(data) >= 4:
        at = rng.randrange(len(data) - 3)
        data[at:at + 4] = struct.pack(">I", rng.choice(_INTERESTING32))


def _truncate(rng, data: bytearray) -> None:
    if data:
        del data[rng.randrange(len(data)):]


def _delete(rng, data: bytearray) -> None:
    if data:
        at = rng.randrange(len(data))
        del data[at:at + rng.randrange(1, 9)]


def _insert(rng, data: bytearray) -> None:
    at = rng.randrange(len(data) + 1)
    data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 9)))


def _duplicate(rng, data: bytearray) -> None:
    if data:
        at = rng.randrange(len(data))
        piece = data[at:at + rng.randrange(1, 33)]
        data[at:at] = piece


_MUTATORS = (_flip, _byte, _int16, _int16, _int32, _truncate, _delete, _insert, _duplicate)


def case(seeds: list[bytes], seed: int, index: int) -> bytes:
    """Case *index* of run *seed*: a seed input, or two spliced, mutated 1-4 times."""
    rng = random.Random(seed * 1_000_003 + index)
    data = bytearray(rng.choice(seeds))
    if rng.random() < 0.1:
        other = rng.choice(seeds)
        data = data[:rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1):]
    for _ in range(rng.randrange(1, 5)):
        rng.choice(_MUTATORS)(rng, data)
    return bytes(data)
