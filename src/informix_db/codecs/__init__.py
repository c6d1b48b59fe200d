"""Value <-> wire bytes for every Informix scalar type, one module per family.

* ``registry``: by ``ColumnType``, the tuple (row) direction, one value.
* ``rows``: whole rows (the hot path; import it as
  ``from informix_db._impl import rows``).
* ``bind``: BIND parameters, both directions.
* ``describe``: DESCRIBE column fields <-> ``ColumnType``.
* family modules (``integers``, ``floats``, ``decimal``, ``datetime``,
  ``interval``, ``strings``, ``binary``, ``boolean``): the readable spec of
  each layout, with ``decode_x(buf, offset, ...) -> (value, new_offset)``
  and ``encode_x(value, ...) -> bytes``.

docs/wire-types.md is the prose companion.
"""

from informix_db.codecs.bind import BindParam, bind_bytes, decode_bind, encode_bind, read_bind_param
from informix_db.codecs.binary import BlobRef
from informix_db.codecs.describe import column_type_from_describe, describe_fields
from informix_db.codecs.registry import (
    Codec,
    codec_for,
    decode_value,
    encode_value,
    tuple_width,
)

__all__ = [
    "BindParam",
    "BlobRef",
    "Codec",
    "bind_bytes",
    "codec_for",
    "column_type_from_describe",
    "decode_bind",
    "decode_value",
    "describe_fields",
    "encode_bind",
    "encode_value",
    "read_bind_param",
    "tuple_width",
]
