"""Connection-level requests after login: PROTOCOLS, INFO, DBOPEN, EXIT.

Each builder returns the exact bytes to send, SQ_EOT included (except
SQ_EXIT, which travels alone and is answered by an SQ_EXIT echo).
Layouts, as IBM JDBC sends them:

* SQ_PROTOCOLS 126: lenbytes mask, SQ_EOT.
* SQ_INFO 81: a run of ``[i16 kind][i16 length][body]`` items ended by
  INFO_DONE (0), then SQ_EOT.  The INFO_ENV (6) body is the longest name
  and the longest value (each rounded up to even), the pairs as lenbytes,
  and an empty name ending the pairs.
* SQ_DBOPEN 36: lenbytes database name, i16 mode (0: shared), SQ_EOT.
* SQ_EXIT 56: nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from informix_db._impl import buffer
from informix_db.exceptions import FramingError, InterfaceError
from informix_db.framing import messages as sq
from informix_db.protocol.capabilities import CLIENT_PROTOCOLS
from informix_db.protocol.replies import WARN_ANSI, WARN_LOGGED, Done

__all__ = [
    "DBOPEN_SHARED",
    "DatabaseInfo",
    "SESSION_ENV",
    "build_dbopen",
    "build_exit",
    "build_info_env",
    "build_protocols",
    "read_exit_ack",
]

#: The session environment JDBC sends with SQ_INFO after login.
SESSION_ENV: tuple[tuple[str, str], ...] = (("DBTEMP", "/tmp"), ("SUBQCACHESZ", "10"))
#: SQ_DBOPEN mode: open the database shared (not EXCLUSIVE).
DBOPEN_SHARED = 0


def _even(n: int) -> int:
    return n + (n & 1)


def build_protocols(mask: bytes = CLIENT_PROTOCOLS) -> bytes:
    """SQ_PROTOCOLS offering *mask*."""
    w = buffer.WriteBuffer()
    w.write_int16(sq.SQ_PROTOCOLS)
    w.write_lenbytes(mask)
    w.write_int16(sq.SQ_EOT)
    return w.getvalue()


def build_info_env(env=SESSION_ENV, encoding: str = "iso-8859-1") -> bytes:
    """SQ_INFO carrying the session environment *env* (name/value pairs)."""
    pairs = [(n.encode(encoding), v.encode(encoding)) for n, v in env]
    for name, _ in pairs:
        if not name:
            raise InterfaceError("an environment variable needs a name")
    body = buffer.WriteBuffer()
    body.write_int16(max((_even(len(n)) for n, _ in pairs), default=0))
    body.write_int16(max((_even(len(v)) for _, v in pairs), default=0))
    for name, value in pairs:
        body.write_lenbytes(name)
        body.write_lenbytes(value)
    body.write_int16(0)  # an empty name ends the pairs
    w = buffer.WriteBuffer()
    w.write_int16(sq.SQ_INFO)
    w.write_int16(sq.INFO_ENV)
    w.write_int16(len(body))
    w.write_bytes(body.getvalue())
    w.write_int16(sq.INFO_DONE)
    w.write_int16(sq.SQ_EOT)
    return w.getvalue()


def build_dbopen(database: str, mode: int = DBOPEN_SHARED, encoding: str = "iso-8859-1") -> bytes:
    """SQ_DBOPEN of *database*."""
    if not isinstance(database, str) or not database:
        raise InterfaceError(f"database must be a non-empty str, got {database!r}")
    try:
        name = database.encode(encoding)
    except UnicodeEncodeError:
        raise InterfaceError(f"database name {database!r} cannot be encoded as {encoding}") from None
    w = buffer.WriteBuffer()
    w.write_int16(sq.SQ_DBOPEN)
    w.write_lenbytes(name)
    w.write_int16(mode)
    w.write_int16(sq.SQ_EOT)
    return w.getvalue()


def build_exit() -> bytes:
    """SQ_EXIT: end the session."""
    w = buffer.WriteBuffer()
    w.write_int16(sq.SQ_EXIT)
    return w.getvalue()


def read_exit_ack(reader) -> None:
    """Read the server's answer to SQ_EXIT: its echo (after any XACTSTATs)."""
    while True:
        code = reader.read_code()
        if code in (sq.SQ_EXIT, sq.SQ_EOT):
            return
        if code != sq.SQ_XACTSTAT:
            raise FramingError(f"unexpected {sq.name_of(code)} ({code}) in reply to SQ_EXIT")
        reader.read_xactstat()


@dataclass(frozen=True)
class DatabaseInfo:
    """What the SQ_DONE answering SQ_DBOPEN says about the database."""

    name: str
    logged: bool
    ansi: bool

    @classmethod
    def from_done(cls, name: str, done: Done | None) -> DatabaseInfo:
        """Decode the warning bits of *done* (None: no DONE, nothing known)."""
        warnings = done.warnings if done is not None else 0
        return cls(name, bool(warnings & WARN_LOGGED), bool(warnings & WARN_ANSI))
