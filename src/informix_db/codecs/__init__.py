"""Value <-> wire bytes for every Informix scalar type, one module per family.

``registry`` dispatches by ``ColumnType`` (tuple direction), ``bind`` does
BIND parameters and ``describe`` maps DESCRIBE fields to ``ColumnType``.
docs/wire-types.md is the prose companion.
"""

from informix_db.codecs.registry import (
    Codec,
    codec_for,
    decode_value,
    encode_row,
    encode_value,
    row_decoder,
    tuple_width,
)

__all__ = [
    "Codec",
    "codec_for",
    "decode_value",
    "encode_row",
    "encode_value",
    "row_decoder",
    "tuple_width",
]
