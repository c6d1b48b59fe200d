"""The login exchange: the connection request (CONREQ) and the server's answer.

Login is the only length-framed exchange of SQLI: one packet each way, a
2-byte total length (counting itself), an SLType byte (1 request, 2
accepted, 3 rejected), the SQLI 6.00 protocol byte (60), two option bytes,
then ``SQ_ASC*`` sections.  Strings in login sections are a 16-bit length
that counts a trailing NUL, the bytes, the NUL, and no even-padding.

The request reproduces IBM JDBC 4.50.10.1 field by field (see
docs/parity.md); the constants below are what JDBC sends, and mean:

* ``IEEEM``: floats travel as IEEE 754 (the server answers ``IEEEI``);
* ``sqlexec`` / ``9.280`` / ``RDS#R000000`` / ``sqli``: the client program
  type, protocol version, serial and application id every SQLI client sends;
* Cap_1 = 316: the enhanced protocol level (the server echoes it);
* ``ol`` over ``tlitcp``: the online-server protocol over TCP.

The database is not part of the login: it is opened afterwards with
SQ_DBOPEN, which is where "unknown database" (-329) is reported.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass

from informix_db import errors_table
from informix_db._impl import buffer
from informix_db.exceptions import FramingError, InterfaceError, OperationalError
from informix_db.framing import messages as sq
from informix_db.protocol.locales import DEFAULT_CLIENT_LOCALE

__all__ = [
    "CAP_1_ENHANCED",
    "LoginAccepted",
    "ProcessInfo",
    "build_login_request",
    "login_environment",
    "parse_login_reply",
    "read_login_reply",
]

#: Protocol family word sent twice in the login (after SQ_ASCBINARY and
#: after the protocol name); JDBC and servers both use 61.
PROTOCOL_FAMILY = 61
FLOAT_FORMAT = b"IEEEM"
APP_TYPE = b"sqlexec"
CLIENT_VERSION = b"9.280"
CLIENT_SERIAL = b"RDS#R000000"
APP_ID = b"sqli"
#: Cap_1: the enhanced-protocol level; Cap_2 and Cap_3 are zero.
CAP_1_ENHANCED = 316
PROTOCOL_NAME = b"ol"
NETWORK_NAME = b"tlitcp"
#: Network user type: connected over the Internet protocols.
UTYPE_INTERNET = 1
#: SQ_ASCINITREQ connect kind and statement options JDBC sends.
ASF_XCONNECT = 11
ASF_STMT_OPTIONS = 3


def login_environment(client_locale: str = DEFAULT_CLIENT_LOCALE,
                      db_locale: str | None = None,
                      extra: Mapping[str, str] | None = None) -> tuple[tuple[str, str], ...]:
    """The environment pairs of the login, in JDBC's order.

    ``DB_LOCALE`` follows ``CLIENT_LOCALE`` only when given: JDBC sends none
    by default, and a server then assumes its own default.  *extra*
    (``connect(env=...)``) replaces a variable of the same name in place and
    adds the others at the end.
    """
    locales = (("CLIENT_LOCALE", client_locale),)
    if db_locale is not None:
        locales += (("DB_LOCALE", db_locale),)
    env = {
        "DBPATH": ".",
        **dict(locales),
        "CLNT_PAM_CAPABLE": "1",
        "DBDATE": "Y4MD-",
        "IFX_UPDDESC": "1",
        "NODEFDAC": "no",
    }
    for name, value in (extra or {}).items():
        if not isinstance(name, str) or not name or not isinstance(value, str):
            raise InterfaceError(f"env must map variable names to str values, got {name!r}: "
                                 f"{value!r}")
        env[name] = value
    return tuple(env.items())


@dataclass(frozen=True)
class ProcessInfo:
    """Who is connecting; the server shows it in ``onstat -g ses``."""

    pid: int
    tid: int
    hostname: str
    cwd: str
    app_name: str

    @classmethod
    def current(cls) -> ProcessInfo:
        """This process and thread."""
        tid = threading.get_native_id()
        try:
            cwd = os.getcwd()
        except OSError:  # the working directory was removed
            cwd = ""
        program = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "python"
        return cls(
            pid=os.getpid() & 0x7FFF_FFFF,
            tid=tid if 0 <= tid <= 0x7FFF_FFFF else 0,
            hostname=socket.gethostname(),
            cwd=cwd,
            app_name=f"informix-db[pid:{os.getpid()}, name:{threading.current_thread().name}, "
            f"program:{program}]",
        )


def _encode(text: str, encoding: str, what: str, errors: str = "strict") -> bytes:
    if not isinstance(text, str):
        raise InterfaceError(f"{what} must be a str, got {type(text).__name__}")
    try:
        data = text.encode(encoding, errors)
    except UnicodeEncodeError:
        raise InterfaceError(f"{what} cannot be encoded as {encoding}") from None
    if b"\0" in data:
        raise InterfaceError(f"{what} must not contain NUL characters")
    if len(data) + 1 > 0x7FFF:
        raise InterfaceError(f"{what} is too long ({len(data)} bytes)")
    return data


def _write_cstr(w, data: bytes) -> None:
    """A login string: length counting the NUL, bytes, NUL (empty: just 0)."""
    if data:
        w.write_uint16(len(data) + 1)
        w.write_bytes(data)
        w.write_bytes(b"\0")
    else:
        w.write_uint16(0)


def build_login_request(
    user: str,
    password: str | None,
    server: str,
    *,
    env: tuple[tuple[str, str], ...] | None = None,
    process: ProcessInfo | None = None,
    encoding: str = "iso-8859-1",
) -> bytes:
    """The complete CONREQ packet, length prefix included."""
    env = login_environment() if env is None else env
    process = ProcessInfo.current() if process is None else process
    w = buffer.WriteBuffer()
    # SL header after the length: type, protocol, options.
    w.write_bytes(bytes((sq.SL_CONREQ, sq.SL_PROT_SQLI_0600)))
    w.write_uint16(0)
    w.write_int16(sq.SQ_ASSOC)
    w.write_int16(sq.SQ_ASCBINARY)
    w.write_int32(PROTOCOL_FAMILY)
    _write_cstr(w, FLOAT_FORMAT)
    w.write_int16(sq.SQ_ASCBPARMS)
    w.write_bytes(APP_TYPE.ljust(12, b"\0"))  # fixed 12-byte field
    _write_cstr(w, CLIENT_VERSION)
    _write_cstr(w, CLIENT_SERIAL)
    _write_cstr(w, APP_ID)
    w.write_int32(CAP_1_ENHANCED)
    w.write_int32(0)
    w.write_int32(0)
    w.write_int16(1)  # one user follows
    _write_cstr(w, _encode(user, encoding, "user"))
    _write_cstr(w, b"" if password is None else _encode(password, encoding, "password"))
    w.write_bytes(PROTOCOL_NAME.ljust(8, b"\0"))
    w.write_int32(PROTOCOL_FAMILY)
    w.write_bytes(NETWORK_NAME.ljust(8, b"\0"))
    w.write_int32(UTYPE_INTERNET)
    w.write_int16(sq.SQ_ASCINITREQ)
    w.write_int16(ASF_XCONNECT)
    w.write_int32(ASF_STMT_OPTIONS)
    _write_cstr(w, _encode(server, encoding, "server"))
    _write_cstr(w, b"")  # database: opened later with SQ_DBOPEN
    for _ in range(4):  # four empty option words
        w.write_int16(0)
    w.write_int16(sq.SQ_ASCENV)
    w.write_int16(len(env))
    for name, value in env:
        _write_cstr(w, _encode(name, encoding, "environment name"))
        _write_cstr(w, _encode(value, encoding, f"environment value {name}"))
    w.write_int16(sq.SQ_ASCPINFO)
    w.write_int32(0)
    w.write_int32(process.pid)
    w.write_int32(process.tid)
    _write_cstr(w, _encode(process.hostname, encoding, "host name", "replace"))
    w.write_int16(0)
    _write_cstr(w, _encode(process.cwd, encoding, "working directory", "replace"))
    app = _encode(process.app_name, encoding, "application name", "replace")
    w.write_int16(sq.SQ_ASCMISC_60)
    w.write_int16(4 + 4 + 2 + len(app) + 1)  # the section's length after this word
    w.write_int32(0)
    w.write_int32(0)
    _write_cstr(w, app)
    w.write_int16(sq.SQ_ASCEOT)
    return buffer.frame(w.getvalue())


# -- the reply ---------------------------------------------------------------------


@dataclass(frozen=True)
class LoginAccepted:
    """What an accepting server says about itself."""

    server_version: str
    server_serial: str
    server_type: str
    float_format: str
    app_id: str
    cap_1: int
    cap_2: int
    cap_3: int


def _read_cstr(rb) -> str:
    return rb.read_bytes(rb.read_uint16()).rstrip(b"\0").decode("iso-8859-1")


def _expect(rb, marker: int, where: str) -> None:
    got = rb.read_int16()
    if got != marker:
        raise FramingError(f"login reply: expected marker {marker} {where}, got {got}")


def read_login_reply(stream) -> LoginAccepted:
    """Read the login reply packet from *stream* and parse it."""
    total = buffer.frame_length(stream.read_exact(2))
    if total < 6:
        raise FramingError(f"login reply of {total} bytes is shorter than its header")
    return parse_login_reply(stream.read_exact(total - 2))


def parse_login_reply(body) -> LoginAccepted:
    """Parse a login reply (from the SLType byte on).

    Returns ``LoginAccepted``, or raises the mapped error of a rejection
    (``OperationalError`` with sqlcode -951 for a bad user or password).
    """
    rb = buffer.ReadBuffer(body)
    sltype = rb.read_bytes(1)[0]
    rb.skip(3)  # protocol byte and options
    if sltype == 13:
        raise OperationalError("the server redirected the connection; redirects are not supported")
    if sltype not in (sq.SL_CONACC, sq.SL_CONREJ):
        raise FramingError(f"login reply has unknown SLType {sltype}")
    _expect(rb, sq.SQ_ASSOC, "at the start")
    _expect(rb, sq.SQ_ASCBINARY, "after SQ_ASSOC")
    rb.read_int32()  # protocol family
    float_format = _read_cstr(rb)
    _expect(rb, sq.SQ_ASCBPARMS, "before the server parameters")
    server_type = rb.read_bytes(12).rstrip(b"\0").decode("iso-8859-1")
    version = _read_cstr(rb)
    serial = _read_cstr(rb)
    app_id = _read_cstr(rb)
    cap_1, cap_2, cap_3 = rb.read_int32(), rb.read_int32(), rb.read_int32()
    rb.read_int16()  # user count
    _read_cstr(rb)  # user (empty in replies)
    _read_cstr(rb)  # password (empty in replies)
    rb.skip(8 + 4 + 8 + 4)  # protocol name, family, network name, user type
    failure = None
    while rb.remaining >= 2:
        marker = rb.read_int16()
        if marker == sq.SQ_ASCEOT:
            break
        if marker != sq.SQ_ASCINITRESP:
            raise FramingError(f"login reply: unexpected section marker {marker}")
        failure = _read_init_response(rb)
    if failure is not None:
        raise failure
    if sltype == sq.SL_CONREJ:
        raise OperationalError("the server rejected the connection without saying why")
    return LoginAccepted(version, serial, server_type, float_format, app_id, cap_1, cap_2, cap_3)


def _read_init_response(rb):
    """The SQ_ASCINITRESP section; the error to raise, or None.

    Layout: two reserved words (16 and 32 bit), the service error (an
    SQLCODE such as -951), the operating-system error (32 bit), a message
    count, then per message a 16-bit kind and a length-prefixed text (for
    -951, the user name the message mentions).
    """
    rb.read_int16()
    rb.read_int32()
    svc_error = rb.read_int16()
    os_error = rb.read_int32()
    texts = []
    for _ in range(rb.read_int16()):
        rb.read_int16()
        texts.append(rb.read_lenbytes().rstrip(b"\0").decode("iso-8859-1"))
    if svc_error == 0:
        return None
    exc = errors_table.make_error(svc_error, token=" ".join(texts))
    if os_error:
        exc.args = (f"{exc.message} (system error {os_error})",)
        exc.message = exc.args[0]
    return exc
