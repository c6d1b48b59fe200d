"""The login exchange: parse a client's connection request, build the reply.

The login is the only length-prefixed SQLI frame: ``[u16 total][u8 SLType]
[u8 SLAttribute][u16 options]`` then the association body.  The request
layout is IBM JDBC's (see /work/shared/protocol/jdbc-captures/g00); strings
in it are ``[u16 length incl. NUL][bytes][NUL]`` without even padding.

The accept and reject replies follow the layout both IBM JDBC and the peer
driver decode: the skeleton echoes the request's markers, carries the
server version banner (JDBC's ``getDatabaseProductVersion()`` parses it, a
bare ``9.56`` makes it throw) and the client's ``Cap_1`` (JDBC compares it
with 316), and ends with an SQ_ASCINITRESP block whose fourth short is the
service error: 0 to accept, -951 to reject, followed by one message token.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from informix_db._impl import buffer
from informix_db.exceptions import FramingError
from informix_db.framing import messages as m

#: The banner put in the version field of an accepted login.
VERSION_BANNER = "IBM Informix Dynamic Server Version 12.10.FC12"
SERIAL = "RDS#N000000"
#: The ASF protocol magic JDBC sends (and expects back) beside the markers.
_ASF_MAGIC = 61
#: SQLCODE of "incorrect password or user is not known on the server".
LOGIN_REJECTED = -951
#: SQLCODE of "INFORMIXSERVER does not match either DBSERVERNAME or DBSERVERALIASES".
WRONG_SERVER_NAME = -761


@dataclass
class LoginRequest:
    """What a client's connection request says about it."""

    sl_attribute: int = 0
    client_version: str = ""
    cap_1: int = 0
    cap_2: int = 0
    cap_3: int = 0
    user: str = ""
    password: str | None = None
    #: Where the password's bytes are in the frame (start, end), for masking.
    password_span: tuple[int, int] | None = None
    server_name: str = ""
    database: str | None = None
    env: dict[str, str] = field(default_factory=dict)
    pid: int = 0
    hostname: str = ""
    cwd: str = ""


def _read_str(rb) -> str | None:
    """A login string: u16 length counting a trailing NUL; 0 means absent."""
    n = rb.read_uint16()
    if n == 0:
        return None
    raw = rb.read_bytes(n)
    return raw.rstrip(b"\x00").decode("iso-8859-1")


def _expect(rb, want: int, what: str) -> None:
    got = rb.read_int16()
    if got != want:
        raise FramingError(f"login request: expected {what} marker {want}, got {got}")


def parse_login(frame_bytes: bytes) -> LoginRequest:
    """Decode a whole login frame (length prefix included).

    Raises ``FramingError`` when it is not an SQLI connection request.
    """
    rb = buffer.ReadBuffer(frame_bytes)
    total = buffer.frame_length(frame_bytes)
    if total != len(frame_bytes):
        raise FramingError(f"login frame says {total} bytes, got {len(frame_bytes)}")
    rb.skip(2)
    head = rb.read_bytes(2)
    if head[0] != m.SL_CONREQ:
        raise FramingError(f"login frame has SLType {head[0]}, not a connection request")
    req = LoginRequest(sl_attribute=head[1])
    rb.skip(2)  # SL options
    _expect(rb, m.SQ_ASSOC, "SQ_ASSOC")
    _expect(rb, m.SQ_ASCBINARY, "SQ_ASCBINARY")
    rb.read_int32()
    _read_str(rb)  # float format, "IEEEM"
    _expect(rb, m.SQ_ASCBPARMS, "SQ_ASCBPARMS")
    rb.skip(12)  # application type, "sqlexec"
    req.client_version = _read_str(rb) or ""
    _read_str(rb)  # client serial
    _read_str(rb)  # application id, "sqli"
    req.cap_1, req.cap_2, req.cap_3 = rb.read_int32(), rb.read_int32(), rb.read_int32()
    rb.read_int16()
    req.user = _read_str(rb) or ""
    start = rb.pos + 2  # past the u16 length
    req.password = _read_str(rb)
    if req.password is not None:  # its characters; the length and NUL stay
        req.password_span = (start, start + len(req.password.encode("iso-8859-1")))
    rb.skip(8 + 4 + 8 + 4)  # "ol", magic, "tlitcp", transport type
    _expect(rb, m.SQ_ASCINITREQ, "SQ_ASCINITREQ")
    rb.read_int16()
    rb.read_int32()
    req.server_name = _read_str(rb) or ""
    req.database = _read_str(rb)
    rb.skip(8)
    _read_sections(rb, req)
    return req


def _read_sections(rb, req: LoginRequest) -> None:
    """The optional trailing sections, up to SQ_ASCEOT."""
    while rb.remaining >= 2:
        marker = rb.read_int16()
        if marker == m.SQ_ASCEOT:
            return
        if marker == m.SQ_ASCENV:
            for _ in range(rb.read_int16()):
                name = _read_str(rb) or ""
                req.env[name] = _read_str(rb) or ""
        elif marker == m.SQ_ASCPINFO:
            rb.read_int32()
            req.pid = rb.read_int32()
            rb.read_int32()
            req.hostname = _read_str(rb) or ""
            rb.read_int16()
            req.cwd = _read_str(rb) or ""
        elif marker == m.SQ_ASCMISC_60:
            rb.skip(rb.read_uint16())
        else:
            # Unknown section of unknown length: what matters (user,
            # password) is already read, so stop rather than guess.
            return


def masked(frame: bytes, req: LoginRequest) -> bytes:
    """*frame* with the password's bytes replaced by ``*``: what a trace may keep."""
    if req.password_span is None:
        return frame
    start, end = req.password_span
    return frame[:start] + b"*" * (end - start) + frame[end:]


def _write_str(wb, text: str) -> None:
    raw = text.encode("iso-8859-1") + b"\x00"
    wb.write_uint16(len(raw))
    wb.write_bytes(raw)


def _skeleton(wb, req: LoginRequest, sl_type: int) -> None:
    wb.write_bytes(bytes((sl_type, m.SL_PROT_SQLI_0600)))
    wb.write_uint16(0)
    wb.write_int16(m.SQ_ASSOC)
    wb.write_int16(m.SQ_ASCBINARY)
    wb.write_int32(_ASF_MAGIC)
    _write_str(wb, "IEEEI")
    wb.write_int16(m.SQ_ASCBPARMS)
    wb.write_bytes(b"srvinfx".ljust(12, b"\x00"))
    _write_str(wb, VERSION_BANNER)
    _write_str(wb, SERIAL)
    _write_str(wb, "sqli")
    wb.write_int32(req.cap_1)
    wb.write_int32(0)
    wb.write_int32(0)
    wb.write_int16(1)
    wb.write_uint16(0)  # user: not echoed
    wb.write_uint16(0)  # password: never echoed
    wb.write_bytes(b"ol".ljust(8, b"\x00"))
    wb.write_int32(_ASF_MAGIC)
    wb.write_bytes(b"tlitcp".ljust(8, b"\x00"))
    wb.write_int32(1)
    wb.write_int16(m.SQ_ASCINITRESP)


def build_accept(req: LoginRequest) -> bytes:
    """The framed SLType 2 reply that accepts *req*."""
    wb = buffer.WriteBuffer()
    _skeleton(wb, req, m.SL_CONACC)
    for _ in range(7):
        wb.write_int16(0)
    wb.write_int16(m.SQ_ASCEOT)
    return buffer.frame(wb.getvalue())


def build_reject(req: LoginRequest, sqlcode: int = LOGIN_REJECTED,
                 token: str | None = None) -> bytes:
    """The framed SLType 3 reply refusing *req* with *sqlcode* (JDBC's errorCode)
    and a message *token* (default: the user name, as for -951)."""
    wb = buffer.WriteBuffer()
    _skeleton(wb, req, m.SL_CONREJ)
    for _ in range(3):
        wb.write_int16(0)
    wb.write_int16(sqlcode)
    wb.write_int16(0)
    wb.write_int16(0)
    wb.write_int16(1)  # one message token follows
    wb.write_int16(0)
    raw = (req.user if token is None else token).encode("iso-8859-1")
    wb.write_uint16(len(raw))
    wb.write_padded(raw)
    wb.write_int16(m.SQ_ASCEOT)
    return buffer.frame(wb.getvalue())
