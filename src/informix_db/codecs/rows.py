"""Whole rows (SQ_TUPLE payloads) <-> tuples of Python values.

This is the readable specification of the row hot path; the Cython module
``informix_db._speedups.rows`` mirrors it name for name and behaviour for
behaviour (tests/codecs/test_rows_parity.py holds them to it).  Import it
through the selector: ``from informix_db._impl import rows``.

A row is its columns' tuple encodings one after the other, in column order,
with nothing between them; each column's layout is its codec's
(``registry.codec_for``).  So a row decoder is the column decoders run in
turn, each starting where the previous one stopped, and a row encoder is
the column encoders' bytes joined.

* ``RowDecoder(columns, encoding)`` / ``row_decoder(...)``: built once per
  result description; calling it as ``decoder(buf, offset=0)`` gives
  ``(tuple_of_values, offset_after_the_row)``.  Errors are the column
  codecs' own: ``FramingError`` when the bytes end too early, ``DataError``
  when they do not form a value.
* ``RowEncoder(columns, encoding)`` / ``row_encoder(...)``: built once per
  open cursor; ``encoder(values) -> bytes``.
* ``encode_row(columns, values, encoding)``: one row, one call.

Building either object raises what ``codec_for`` raises for a column type
without a codec (``NotSupportedError``) or with an impossible qualifier
(``DataError``).
"""

from __future__ import annotations

from informix_db.codecs.registry import codec_for
from informix_db.exceptions import InterfaceError

__all__ = ["RowDecoder", "RowEncoder", "row_decoder", "row_encoder", "encode_row"]


class RowDecoder:
    """Decodes rows of *columns* (a sequence of ``ColumnType``) under *encoding*."""

    __slots__ = ("columns", "encoding", "_decoders")

    def __init__(self, columns, encoding: str = "utf-8") -> None:
        self.columns = tuple(columns)
        self.encoding = encoding
        self._decoders = tuple(codec_for(ct, encoding).decode for ct in self.columns)

    def __call__(self, buf, offset: int = 0):
        """The row at *offset* of *buf*: ``(tuple_of_values, new_offset)``."""
        values = []
        for dec in self._decoders:
            value, offset = dec(buf, offset)
            values.append(value)  # specialised by the interpreter: no bound method
        return tuple(values), offset


class RowEncoder:
    """Encodes rows of *columns* (a sequence of ``ColumnType``) under *encoding*."""

    __slots__ = ("columns", "encoding", "_encoders")

    def __init__(self, columns, encoding: str = "utf-8") -> None:
        self.columns = tuple(columns)
        self.encoding = encoding
        self._encoders = tuple(codec_for(ct, encoding).encode for ct in self.columns)

    def __call__(self, values) -> bytes:
        """The tuple payload of one row: each value encoded as its column's type."""
        encoders = self._encoders
        if len(values) != len(encoders):
            raise InterfaceError(f"row has {len(values)} values for {len(encoders)} columns")
        return b"".join([enc(v) for enc, v in zip(encoders, values)])


def row_decoder(columns, encoding: str = "utf-8") -> RowDecoder:
    """A decoder ``(buf, offset=0) -> (tuple_of_values, new_offset)`` for rows of *columns*."""
    return RowDecoder(columns, encoding)


def row_encoder(columns, encoding: str = "utf-8") -> RowEncoder:
    """An encoder ``values -> bytes`` for rows of *columns*."""
    return RowEncoder(columns, encoding)


def encode_row(columns, values, encoding: str = "utf-8") -> bytes:
    """The tuple payload of one row: each value encoded as its column's type."""
    if len(columns) != len(values):  # before any codec lookup, as the encoder checks
        raise InterfaceError(f"row has {len(values)} values for {len(columns)} columns")
    return RowEncoder(columns, encoding)(values)
