"""Fast-path routine calls: a routine run by handle, without PREPARE/EXECUTE.

``call`` resolves the signature (``function informix.ifx_lo_close(integer)``)
to a handle with SQ_GETROUTINE once per connection (the cache is the
session's ``_fp_handle_cache``: signature -> ``(database, handle)``, the
peer driver's name), then runs it with SQ_EXFPROUTINE; the reply,
SQ_FPROUTINE, carries the return values.  Layouts: ``testing.fastpath``
(the peer driver's notes from real servers).  It is a generator of
exchanges like ``execution``'s operations, driven by either front end.
"""

from __future__ import annotations

from struct import Struct

from informix_db import types as T
from informix_db._impl import binding, buffer
from informix_db.codecs import registry, smartlob
from informix_db.codecs.bind import bind_bytes, encode_bind
from informix_db.exceptions import FramingError, InterfaceError
from informix_db.framing import messages as sq
from informix_db.protocol.replies import Handlers

__all__ = ["call"]

_EOT = sq.SQ_EOT.to_bytes(2, "big")
_HEAD = Struct(">hh")
#: The variable-length character types: a value is a length byte and the text.
_VARCHAR = (T.SQLVCHAR, T.SQLNVCHAR)


def build_getroutine(signature: bytes) -> bytes:
    """SQ_GETROUTINE: ``u8 by_id = 0, i32 length, signature, pad, i16 flags = 0``."""
    w = buffer.WriteBuffer()
    w.write_int16(sq.SQ_GETROUTINE)
    head = w.getvalue() + b"\0" + len(signature).to_bytes(4, "big")
    pad = b"\0" if len(signature) & 1 else b""
    return head + signature + pad + b"\0\0" + _EOT


def build_exfproutine(database: bytes, handle: int, bind: bytes, nparams: int) -> bytes:
    """SQ_EXFPROUTINE: database, handle, count, flags, then the SQ_BIND message."""
    w = buffer.WriteBuffer()
    w.write_int16(sq.SQ_EXFPROUTINE)
    w.write_lenbytes(database)
    w.write_int32(handle)
    w.write_int16(nparams)
    w.write_int16(0)
    if not bind:
        w.write_int16(sq.SQ_BIND)
        w.write_int16(0)
    return w.getvalue() + bind + _EOT


class _Reader:
    """Handlers of GETROUTINE's and FPROUTINE's replies."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.routine: tuple[str, int] | None = None
        self.values: list | None = None
        self.handlers = Handlers({sq.SQ_GETROUTINE: self._on_routine,
                                  sq.SQ_FPROUTINE: self._on_values})

    def _on_routine(self, reader, reply) -> None:
        name = reader.read_lenbytes().decode(self.encoding, "replace")
        self.routine = (name, reader.read_int32())

    def _on_values(self, reader, reply) -> None:
        count = reader.read_int16()
        if count < 0:
            raise FramingError(f"SQ_FPROUTINE with {count} values")
        values = []
        for _ in range(count):
            code = reader.read_int16()
            base = code & T.SQLTYPE_MASK
            name = b""
            if base >= 18 and base not in (T.SQLINFXBIGINT, T.SQLBIGSERIAL):
                reader.read_lenbytes()  # owner of an extended type
                name = reader.read_lenbytes()  # its name
            rb = reader.fields(4)
            indicator, length = rb.read_int16(), rb.read_uint16()
            if indicator == -1:
                values.append(None)
                continue
            if base in _OPAQUE:
                # an extended type's value: i32 length, the bytes (IBM JDBC's form)
                n = reader.read_int32()
                if not 0 <= n <= _OPAQUE_MAX:
                    raise FramingError(f"fast-path value of {n} bytes")
                values.append(_opaque(name.decode("ascii", "replace"), reader.read_padded(n)))
                continue
            values.append(_read_value(reader, T.ColumnType(base, length), self.encoding))
        self.values = values


#: Extended types whose fast-path values are an i32 length and bytes.
_OPAQUE = (T.SQLUDTVAR, T.SQLUDTFIXED, T.SQLSENDRECV)
_OPAQUE_MAX = 1 << 20


def _opaque(name: str, data: bytes):
    """A returned locator as ``BlobLocator``/``ClobLocator``, else ``Opaque``."""
    if name in ("blob", "clob") and len(data) == smartlob.LOCATOR_SIZE:
        return (smartlob.BlobLocator if name == "blob" else smartlob.ClobLocator)(data)
    return smartlob.Opaque(name, data)


def _read_value(reader, ct: T.ColumnType, encoding: str):
    if ct.sqltype in _VARCHAR:
        n = reader.fields(1).read_bytes(1)[0]
        data = reader.read_padded(n + 1)  # the length byte and the text, padded together
        raw = bytes([n]) + data[:n]
    else:
        try:
            codec = registry.codec_for(ct, encoding)
        except Exception:
            raise FramingError(f"fast-path return value of type {T.type_text(ct)} cannot be "
                               "read") from None
        raw = reader.read_padded(codec.width)
    return registry.decode_value(ct, raw, 0, encoding)[0]


def call(session, signature: str, params, types=None) -> list:
    """Run the routine *signature* with *params*; its return values.
    *types*: a ``ColumnType`` (or None) per parameter to send it as (an
    int as INT8 where the signature says int8)."""
    if not isinstance(signature, str) or not signature.strip():
        raise InterfaceError(f"a routine signature is a non-empty str, got {signature!r}")
    encoding = session.encoding
    cache = session._fp_handle_cache
    target = cache.get(signature)
    if target is None:
        reader = _Reader(encoding)
        (reply,) = yield ([(build_getroutine(signature.encode(encoding)), reader.handlers)],
                          False)
        if reply.error is not None:
            raise reply.error.exception()
        if reader.routine is None:
            raise InterfaceError("the server answered SQ_GETROUTINE without a routine handle")
        target = cache[signature] = reader.routine
    if types is None:
        bind = binding.bind_message(list(params), encoding)
    else:
        parts = [bind_bytes(encode_bind(v, ct, encoding)) for v, ct in zip(params, types)]
        bind = (sq.SQ_BIND.to_bytes(2, "big") + len(parts).to_bytes(2, "big")
                + b"".join(parts)) if parts else b""
    reader = _Reader(encoding)
    (reply,) = yield ([(build_exfproutine(target[0].encode(encoding), target[1], bind,
                                          len(params)), reader.handlers)], False)
    if reply.error is not None:
        raise reply.error.exception()
    if reader.values is None:
        raise InterfaceError("the server answered SQ_EXFPROUTINE without return values")
    return reader.values
