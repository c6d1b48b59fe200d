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


# -- statement requests (captures g04-g31) ------------------------------------

#: Message codes of statement requests, by name.
CODES = {
    1: "COMMAND", 2: "PREPARE", 3: "CURNAME", 4: "SQ_ID", 5: "BIND", 6: "OPEN",
    7: "EXECUTE", 9: "NFETCH", 10: "CLOSE", 11: "RELEASE", 12: "EOT", 19: "CMMTWORK",
    20: "RBWORK", 22: "NDESCRIBE", 35: "BEGIN", 41: "BBIND", 49: "WANTDONE",
    100: "RET_TYPE", 17: "PUT", 39: "BLOB", 23: "SFETCH", 24: "SCROLL", 124: "CIDESCRIBE", 134: "AUTOGENKEYS",
}

#: SQ_RETTYPE type codes followed by an owner and a type name (UDTs; 43
#: LVARCHAR and 45 BOOLEAN as an insert cursor's PUT rows name them; 44 rows).
_RET_TYPE_NAMED = {40, 41, 43, 44, 45}

#: Bytes of BIND data per type code, for fixed-size types.
_BIND_FIXED = {1: 2, 2: 4, 3: 8, 4: 4, 6: 4, 7: 4, 17: 10, 18: 10, 52: 8, 53: 8, 11: 56, 12: 56}
#: Types whose BIND data is a u16 count and that many bytes.
_BIND_COUNTED = {0, 5, 8, 10, 13, 14, 15, 16, 43, 45}


def _bind_value(c: Cursor, code: int, indicator: int) -> bytes:
    if indicator == -1:
        return b""
    base = code & 0xFF
    if base in _BIND_COUNTED:
        n = c.u16()
        data = n.to_bytes(2, "big") + c.take(n)
    else:
        data = c.take(_BIND_FIXED[base])
    if len(data) & 1:
        assert c.take(1) == b"\0", "BIND pad byte is not zero"
    return data


def decode_messages(data: bytes, *, int_sql_length: bool = True,
                    int_fetch_size: bool = True) -> list[tuple[str, object]]:
    """A statement request as ``[(field, value), ...]``: each message's name as
    a ``msg`` field, then its fields prefixed by the name."""
    c = Cursor(data)
    f = _decode_request(c, int_sql_length, int_fetch_size)
    c.done()
    return f


def split_requests(data: bytes, *, int_sql_length: bool = True) -> list[bytes]:
    """Pipelined requests (each ending in EOT) sent as one byte string, apart."""
    out = []
    c = Cursor(data)
    while c.pos < len(c.data):
        start = c.pos
        _decode_request(c, int_sql_length)
        out.append(bytes(c.data[start:c.pos]))
    return out


def _decode_request(c: Cursor, int_sql_length: bool,
                    int_fetch_size: bool = True) -> list[tuple[str, object]]:
    f: list[tuple[str, object]] = []
    while True:
        code = c.i16()
        name = CODES.get(code, f"UNKNOWN{code}")
        f.append(("msg", name))
        if name in ("PREPARE", "COMMAND"):
            f.append((f"{name}.nparams", c.i16()))
            n = c.i32() if int_sql_length else c.u16()
            f.append((f"{name}.sql_length", n))
            sql = c.take(n)
            if n & 1:
                assert c.take(1) == b"\0", "SQL pad byte is not zero"
            f.append((f"{name}.sql", sql))
        elif name == "SQ_ID":
            f.append(("SQ_ID.stmt_id", c.i16()))
        elif name == "CURNAME":
            f.append(("CURNAME.name", c.lenbytes()))
        elif name == "BIND":
            count = c.i16()
            f.append(("BIND.count", count))
            for i in range(count):
                code_i, ind, length = c.i16(), c.i16(), c.u16()
                f.append((f"BIND[{i}].type", code_i))
                f.append((f"BIND[{i}].indicator", ind))
                f.append((f"BIND[{i}].length", length))
                f.append((f"BIND[{i}].data", _bind_value(c, code_i, ind)))
        elif name == "NFETCH":
            f.append(("NFETCH.bufsize", c.i32() if int_fetch_size else c.i16()))
            f.append(("NFETCH.array", c.i16()))
        elif name == "SFETCH":
            f.append(("SFETCH.orientation", c.i16()))
            f.append(("SFETCH.target", c.i32()))
            f.append(("SFETCH.bufsize", c.i32() if int_fetch_size else c.i16()))
        elif name == "PUT":
            size, count = c.i32(), c.i16()
            f.append(("PUT.size", size))
            f.append(("PUT.count", count))
            f.append(("PUT.rows", c.take((size + (size & 1)) * count)))
        elif name == "BLOB":
            f.append(("BLOB.data", c.lenbytes()))
        elif name == "RBWORK":
            f.append(("RBWORK.savepoint", c.i16()))
        elif name == "RET_TYPE":
            f.append(("RET_TYPE.flag", c.i16()))
            n = c.i16()
            f.append(("RET_TYPE.count", n))
            for i in range(n):
                code_i = c.i16()
                if code_i in _RET_TYPE_NAMED:
                    f.append((f"RET_TYPE[{i}].name", (c.lenbytes(), c.lenbytes())))
                f.append((f"RET_TYPE[{i}]", (code_i, c.i32())))
        elif name == "AUTOGENKEYS":
            how = c.i16()
            f.append(("AUTOGENKEYS.how", how))
            if how in (2, 3):
                for i in range(c.i16()):
                    f.append((f"AUTOGENKEYS[{i}]", c.i16() if how == 2 else c.lenbytes()))
        elif name == "EOT":
            break
        elif name.startswith("UNKNOWN"):
            raise AssertionError(f"unknown message code {code} at offset {c.pos - 2}")
    return f


def message_names(data: bytes) -> list[str]:
    """Just the message names of a request."""
    return [v for k, v in decode_messages(data) if k == "msg"]
