"""A bare SQLI client for wire-level tests: IBM JDBC's own request bytes.

Requests are IBM JDBC's own bytes (from the shared JDBC captures) or are
built field by field here.
"""

from __future__ import annotations

import socket
import struct

#: The JDBC login request of g00 (user informix, password in4mix).
LOGIN_HEX = (
    "0194013c0000006400650000003d0006494545454d00006c73716c6578656300000000000006392e3238"
    "3000000c524453235230303030303000000573716c69000000013c00000000000000000001000969"
    "6e666f726d6978000007696e346d6978006f6c0000000000000000003d746c697463700000000000"
    "010068000b000000030009696e666f726d69780000000000000000000000006a0006000744425041"
    "54480000022e00000e434c49454e545f4c4f43414c4500000d656e5f55532e383835392d31000011"
    "434c4e545f50414d5f43415041424c450000023100000744424441544500000659344d442d00000c"
    "4946585f55504444455343000002310000094e4f4445464441430000036e6f00006b000000000000"
    "48b3000000010003766d00000000152f686f6d652f6170702f636c69656e742f7372630000740050"
    "000000000000000000465468726561645b69643a312c206e616d653a6d61696e2c20706174683a2f"
    "686f6d652f6170702f636c69656e742f6c69622f6a6462632d342e35302e31302e312e6a61725d00"
    "007f")
PROTOCOLS = bytes.fromhex("007e0008fffc7ffc3c8caa97000c")

#: Bytes from /work/shared/protocol/jdbc-captures, kept here so the tests
#: run anywhere.  Client halves are real IBM JDBC output.

#: The accept reply JDBC took (g00, server half).
ACCEPT_JDBC_TOOK = bytes.fromhex(
    "00a6023c0000006400650000003d0006494545454900006c737276696e66780000000000002f4942"
    "4d20496e666f726d69782044796e616d6963205365727665722056657273696f6e2031322e31302e"
    "4643313200000c524453234e30303030303000000573716c69000000013c00000000000000000001"
    "000000006f6c0000000000000000003d746c69746370000000000001006600000000000000000000"
    "00000000007f")

#: The -951 rejection JDBC decoded as errorCode -951 (x01, server half).
REJECT_951 = bytes.fromhex(
    "00b2033c0000006400650000003d0006494545454900006c737276696e66780000000000002f4942"
    "4d20496e666f726d69782044796e616d6963205365727665722056657273696f6e2031322e31302e"
    "4643313200000c524453234e30303030303000000573716c69000000013c00000000000000000001"
    "000000006f6c0000000000000000003d746c697463700000000000010066000000000000fc490000"
    "0000000100000008696e666f726d6978007f")

#: JDBC's PREPARE+NDESCRIBE+WANTDONE of its GL_COLLATE query (g04).
PREPARE_GL_COLLATE = bytes.fromhex(
    "000200000000004473656c65637420646972706174682066726f6d20696e666f726d69782e737973"
    "7461626c6573207768657265207461626e616d65203d202720474c5f434f4c4c4154452700160031"
    "000c")

#: The same PREPARE when the server's mask lacks bit 62: short SQL length (x03).
PREPARE_SHORT_LENGTH = bytes.fromhex(
    "00020000004473656c65637420646972706174682066726f6d20696e666f726d69782e7379737461"
    "626c6573207768657265207461626e616d65203d202720474c5f434f4c4c4154452700160031000c")


def login_bytes(password: str = "in4mix") -> bytes:
    raw = bytes.fromhex(LOGIN_HEX)
    if password == "in4mix":
        return raw
    old = b"\x00\x07in4mix\x00"
    new = struct.pack(">H", len(password) + 1) + password.encode() + b"\x00"
    body = raw[2:].replace(old, new, 1)
    return struct.pack(">H", len(body) + 2) + body


def dbopen(name: str) -> bytes:
    raw = name.encode()
    return (struct.pack(">hH", 36, len(raw)) + raw + (b"\x00" if len(raw) & 1 else b"")
            + struct.pack(">hh", 0, 12))


def prepare(sql: str | bytes, *, long_length: bool = True, nparams: int = 0) -> bytes:
    """PREPARE+NDESCRIBE+WANTDONE of *sql* (bytes are sent as they are)."""
    raw = sql if isinstance(sql, bytes) else sql.encode()
    length = struct.pack(">i" if long_length else ">H", len(raw))
    return (struct.pack(">hh", 2, nparams) + length + raw + (b"\x00" if len(raw) & 1 else b"")
            + struct.pack(">hhh", 22, 49, 12))


class RawClient:
    """A socket speaking SQLI by bytes; ``call`` sends and reads one whole reply."""

    def __init__(self, server, timeout: float = 10.0, *, tls=None) -> None:
        """Connect to *server*'s plain port, or with an ``ssl.SSLContext``
        *tls* to its TLS port."""
        port = server.tls_port if tls is not None else server.port
        self.sock = socket.create_connection((server.host, port), timeout=timeout)
        if tls is not None:
            self.sock = tls.wrap_socket(self.sock, server_hostname=server.host)

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def recv_exact(self, n: int) -> bytes:
        out = b""
        while len(out) < n:
            chunk = self.sock.recv(n - len(out))
            if not chunk:
                raise ConnectionError(f"server closed after {len(out)} of {n} bytes")
            out += chunk
        return out

    def login(self, password: str = "in4mix") -> bytes:
        self.send(login_bytes(password))
        head = self.recv_exact(2)
        return head + self.recv_exact(struct.unpack(">H", head)[0] - 2)

    def call(self, request: bytes, ends_with: bytes = b"\x00\x0c") -> bytes:
        """Send *request*; read until the reply ends with *ends_with* and no more comes."""
        self.send(request)
        out = b""
        while not out.endswith(ends_with):
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("server closed the connection")
            out += chunk
        return out

    def session(self, database: str | None = "testdb") -> RawClient:
        """Log in, negotiate, open *database*."""
        self.login()
        self.call(PROTOCOLS)
        if database:
            self.call(dbopen(database))
        return self

    def close(self) -> None:
        self.sock.close()


def open_fetch(bufsize: int, cursor: str = "_c1", stmt_id: int = 0) -> bytes:
    """SQ_ID + CURNAME + OPEN + SQ_ID + NFETCH(bufsize) + EOT, as JDBC sends them."""
    name = cursor.encode()
    return (struct.pack(">hhhH", 4, stmt_id, 3, len(name)) + name
            + (b"\x00" if len(name) & 1 else b"") + struct.pack(">h", 6)
            + nfetch(bufsize, stmt_id)[:-2] + b"\x00\x0c")


def nfetch(bufsize: int, stmt_id: int = 0) -> bytes:
    return struct.pack(">hhhih", 4, stmt_id, 9, bufsize, 0) + b"\x00\x0c"


def fetch_reply(data: bytes) -> tuple[list[bytes], int]:
    """The tuple payloads of a fetch reply and the rows count of its SQ_DONE."""
    tuples, done_rows, pos = [], None, 0
    while True:
        (code,) = struct.unpack_from(">h", data, pos)
        pos += 2
        if code == 14:
            (size,) = struct.unpack_from(">i", data, pos + 2)
            tuples.append(data[pos + 6:pos + 6 + size])
            pos += 6 + size + (size & 1)
        elif code == 15:
            (done_rows,) = struct.unpack_from(">i", data, pos + 2)
            pos += 14
        elif code == 55:
            pos += 8
        elif code == 12:
            assert pos == len(data), "bytes after SQ_EOT"
            return tuples, done_rows
        else:
            raise AssertionError(f"unexpected message {code} in a fetch reply")
