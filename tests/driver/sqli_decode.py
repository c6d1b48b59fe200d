"""An independent decoder of client request PDUs into named fields.

Written from the JDBC capture bytes, not from the driver's builders, so the
parity tests compare two decodings of two byte strings and a mismatch
names the field.  Each decoder returns ``[(field_name, value), ...]`` and
fails if bytes are left over.
"""

from __future__ import annotations

import struct


class Cursor:
    """A position in a byte string with big-endian readers."""

    def __init__(self, data: bytes) -> None:
        self.data = bytes(data)
        self.pos = 0

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise AssertionError(f"decoder ran past the end at offset {self.pos} (+{n})")
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def i8(self) -> int:
        return self.take(1)[0]

    def i16(self) -> int:
        return struct.unpack(">h", self.take(2))[0]

    def u16(self) -> int:
        return struct.unpack(">H", self.take(2))[0]

    def i32(self) -> int:
        return struct.unpack(">i", self.take(4))[0]

    def cstr(self) -> bytes:
        """Login string: length counting a NUL, bytes, NUL; no padding."""
        n = self.u16()
        raw = self.take(n)
        if n:
            assert raw.endswith(b"\0"), f"login string at {self.pos - n} lacks its NUL"
        return raw[:-1] if n else b""

    def lenbytes(self) -> bytes:
        """SQLI string: u16 length, bytes, pad byte when odd."""
        n = self.u16()
        raw = self.take(n)
        if n & 1:
            assert self.take(1) == b"\0", "pad byte is not zero"
        return raw

    def done(self) -> None:
        left = len(self.data) - self.pos
        assert left == 0, f"{left} bytes left undecoded at offset {self.pos}"


def decode_login(data: bytes) -> list[tuple[str, object]]:
    """The CONREQ packet, section by section."""
    c = Cursor(data)
    f: list[tuple[str, object]] = []
    add = f.append
    add(("header.length", c.u16()))
    add(("header.sltype", c.i8()))
    add(("header.protocol", c.i8()))
    add(("header.options", c.u16()))
    add(("assoc.marker", c.i16()))
    add(("assoc.binary_marker", c.i16()))
    add(("assoc.family", c.i32()))
    add(("assoc.float_format", c.cstr()))
    add(("bparms.marker", c.i16()))
    add(("bparms.app_type", c.take(12)))
    add(("bparms.version", c.cstr()))
    add(("bparms.serial", c.cstr()))
    add(("bparms.app_id", c.cstr()))
    add(("bparms.cap_1", c.i32()))
    add(("bparms.cap_2", c.i32()))
    add(("bparms.cap_3", c.i32()))
    add(("bparms.user_count", c.i16()))
    add(("bparms.user", c.cstr()))
    add(("bparms.password", c.cstr()))
    add(("bparms.protocol", c.take(8)))
    add(("bparms.family", c.i32()))
    add(("bparms.network", c.take(8)))
    add(("bparms.utype", c.i32()))
    add(("initreq.marker", c.i16()))
    add(("initreq.kind", c.i16()))
    add(("initreq.options", c.i32()))
    add(("initreq.server", c.cstr()))
    add(("initreq.database", c.cstr()))
    for i in range(4):
        add((f"initreq.reserved{i}", c.i16()))
    add(("env.marker", c.i16()))
    count = c.i16()
    add(("env.count", count))
    for _ in range(count):
        name = c.cstr()
        add((f"env[{name.decode()}]", c.cstr()))
    add(("pinfo.marker", c.i16()))
    add(("pinfo.reserved", c.i32()))
    add(("pinfo.pid", c.i32()))
    add(("pinfo.tid", c.i32()))
    add(("pinfo.hostname", c.cstr()))
    add(("pinfo.reserved2", c.i16()))
    add(("pinfo.cwd", c.cstr()))
    add(("misc.marker", c.i16()))
    length = c.i16()
    start = c.pos
    add(("misc.length", length))
    add(("misc.reserved1", c.i32()))
    add(("misc.reserved2", c.i32()))
    add(("misc.app_name", c.cstr()))
    add(("misc.length_consistent", c.pos - start == length))
    add(("eot.marker", c.i16()))
    add(("header.length_consistent", len(data) == f[0][1]))
    c.done()
    return f


def _codes(c: Cursor, f: list, body) -> None:
    f.append(("code", c.i16()))
    body(c, f)
    f.append(("eot", c.i16()))
    c.done()


def decode_protocols(data: bytes) -> list[tuple[str, object]]:
    """SQ_PROTOCOLS request."""
    f: list[tuple[str, object]] = []
    _codes(Cursor(data), f, lambda c, f: f.append(("mask", c.lenbytes())))
    return f


def decode_info(data: bytes) -> list[tuple[str, object]]:
    """SQ_INFO request: items until INFO_DONE."""
    f: list[tuple[str, object]] = []

    def body(c: Cursor, f: list) -> None:
        while True:
            kind = c.i16()
            f.append(("item.kind", kind))
            if kind == 0:
                return
            length = c.i16()
            f.append(("item.length", length))
            end = c.pos + length
            f.append(("env.max_name", c.i16()))
            f.append(("env.max_value", c.i16()))
            while True:
                name = c.lenbytes()
                if not name:
                    break
                f.append((f"env[{name.decode()}]", c.lenbytes()))
            f.append(("item.length_consistent", c.pos == end))

    _codes(Cursor(data), f, body)
    return f


def decode_dbopen(data: bytes) -> list[tuple[str, object]]:
    """SQ_DBOPEN request."""
    f: list[tuple[str, object]] = []

    def body(c: Cursor, f: list) -> None:
        f.append(("database", c.lenbytes()))
        f.append(("mode", c.i16()))

    _codes(Cursor(data), f, body)
    return f


def decode_exit(data: bytes) -> list[tuple[str, object]]:
    """SQ_EXIT request: the bare code."""
    c = Cursor(data)
    f = [("code", c.i16())]
    c.done()
    return f
