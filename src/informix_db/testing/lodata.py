"""SQ_LODATA (97): reading and writing a smart large object by descriptor.

A client opens an object with the ``ifx_lo_open``/``ifx_lo_create``
fast-path routines (``fastpath``), then moves its content with SQ_LODATA
(IBM JDBC's requests, seen against this server; the peer's notes name the
sub-commands):

* read:  ``i16 0, i16 fd, i32 length, i16 bufsize`` -> ``97, i32 n,
  i16 bufsize``, then the n bytes as chunks ``i16 len, data, pad`` of at
  most *bufsize* (fewer than asked: the object ended);
* read with seek: ``i16 1, i16 fd, i32 length, i16 bufsize``, an INT8
  offset and ``i16 whence``, answered as a read from there;
* write: ``i16 2, i16 fd, i32 total, i16 bufsize``, then the content as
  chunks ``i16 len, data, pad`` -> nothing but the request's SQ_EOT (IBM
  JDBC accepts ``97, i32, i16`` after a one-chunk write, but after a write
  of several chunks it then waits for more, and times out).

IBM JDBC reads the object's size with ``ifx_lo_stat`` and asks for all of
it; it accepted the read reply above for up to 32,767 bytes and ignores
its two header fields (docs/smart-lobs-jdbc-wire.md; what a real server puts
there is not in our evidence).  This server fills them with the count and
the buffer size, and a client of ours relies on the count.
"""

from __future__ import annotations

from informix_db.exceptions import FramingError
from informix_db.framing import messages as m
from informix_db.testing.engine import lobfuncs

READ, READ_SEEK, WRITE = 0, 1, 2
#: Most bytes one read reply carries (a client asks again for the rest).
MAX_READ = 1 << 20


class LoData:
    """Mixin of ``Session``: the SQ_LODATA message."""

    def _lodata(self, reply):
        stream = self.stream
        sub = stream.read_int16()
        fd = stream.read_int16()
        length = stream.read_int32()
        bufsize = stream.read_uint16()
        fields = {"sub": sub, "fd": fd, "length": length, "bufsize": bufsize}
        if sub == READ_SEEK:
            raw = stream.read_exact(10)
            sign, low, high = int.from_bytes(raw[:2], "big", signed=True), \
                int.from_bytes(raw[2:6], "big"), int.from_bytes(raw[6:10], "big")
            offset = (high << 32 | low) * (-1 if sign < 0 else 1)
            fields.update(offset=offset, whence=stream.read_int16())
        if sub == WRITE:
            if not 0 <= length <= 0x7FFF_FFFF:
                raise FramingError(f"SQ_LODATA write of {length} bytes")
            chunks, got = [], 0
            while got < length:
                n = stream.read_uint16()
                if n == 0 or got + n > length:
                    raise FramingError(f"SQ_LODATA write chunk of {n} bytes past {length}")
                chunks.append(stream.read_padded(n))
                got += n
            self._run(reply, self._lo_write, fd, chunks)
        elif sub in (READ, READ_SEEK):
            self._run(reply, self._lo_read, fd, length, bufsize,
                      fields.get("offset"), fields.get("whence"))
        else:
            raise FramingError(f"SQ_LODATA sub-command {sub}")
        return fields

    def _lo_read(self, reply, fd, length, bufsize, offset=None, whence=None) -> None:
        """``97, i16 0, i32 n``, then the n bytes as chunks ``u16 len, data,
        pad`` of at most *bufsize*; an empty read (end of the object) carries
        one zero-length chunk.  IBM JDBC reads the i32 as the reply's byte
        count and takes chunks until it has that many (n = 0: it still reads
        one length word); it rejects 2 in the i16 (the write's sub-command)."""
        lobfuncs.activate(self.db)
        f = self.db.lo_descriptors.get(fd)
        if offset is not None:
            f.seek(offset, whence or 0)
        data = f.read(max(0, min(length, MAX_READ)))
        chunk = bufsize if 0 < bufsize <= 0x7FFF else 32000
        wb = reply.wb
        wb.write_int16(m.SQ_LODATA)
        wb.write_int16(READ)
        wb.write_int32(len(data))
        view = memoryview(data)
        for k in range(0, len(view), chunk):
            part = view[k : k + chunk]
            wb.write_uint16(len(part))
            wb.write_padded(part)
        if not data:
            wb.write_uint16(0)
        reply.note(m.SQ_LODATA, n=len(data))

    def _lo_write(self, reply, fd, chunks) -> None:
        """Acknowledged by ``97, i16 2, i32 written`` (IBM JDBC's
        setBinaryStream needs it: with SQ_EOT alone it throws "Write Fault")."""
        f = self.db.lo_descriptors.get(fd)
        written = 0
        for chunk in chunks:
            f.write(chunk)
            written += len(chunk)
        reply.wb.write_int16(m.SQ_LODATA)
        reply.wb.write_int16(WRITE)
        reply.wb.write_int32(written)
        reply.note(m.SQ_LODATA, written=written)
