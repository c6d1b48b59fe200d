"""What the fuzzer feeds: the driver's parsers of server bytes, each over an
in-memory socket, each with seed inputs from real captures.

A target takes the bytes a server might send and runs the driver's own
code on them through the real ``SocketStream`` (its buffer twin is the
active implementation's).  The only acceptable failure is the driver's own
``informix_db.exceptions.Error``; anything else (IndexError, KeyError,
struct.error, MemoryError, a crash of the process) is a finding.
"""

from __future__ import annotations

import os
import struct
import sys
import zlib
from pathlib import Path

from informix_db.protocol import login
from informix_db.protocol.replies import ReplyReader
from informix_db.protocol.statement import BlobReader, StatementReader
from informix_db.transport import SocketStream

# tests/ holds the driver tests' package, whose captures module reads the
# IBM JDBC capture files (pytest puts tests/ on the path the same way).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from driver.captures import server_half  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "corpus"

#: Replies read per input at most: a reply loop must end at SQ_EOT or fail.
MAX_REPLIES = 4


class MemorySocket:
    """Enough of a socket for ``SocketStream``: serves *data* in chunks of
    the given sizes (exercising values that straddle two receives), then
    reports the peer closed."""

    def __init__(self, data: bytes, chunk: int = 7) -> None:
        self._data = memoryview(data)
        self._pos = 0
        self._chunk = chunk

    def recv_into(self, view, n: int = 0) -> int:
        take = min(n or len(view), self._chunk, len(self._data) - self._pos)
        view[:take] = self._data[self._pos:self._pos + take]
        self._pos += take
        return take

    @property
    def exhausted(self) -> bool:
        return self._pos >= len(self._data)

    def settimeout(self, _timeout) -> None:
        pass

    def sendall(self, _data) -> None:
        pass

    def close(self) -> None:
        pass


def _stream(data: bytes) -> tuple[SocketStream, MemorySocket]:
    # The chunk size varies with the input so both whole and split reads occur.
    chunk = 1 + (len(data) * 7 + (data[-1] if data else 0)) % 97
    sock = MemorySocket(data, chunk)
    return SocketStream(sock, peer="fuzz", timeout=1.0, recv_size=64), sock


def login_reply(data: bytes):
    return login.parse_login_reply(data)


def _replies(data: bytes, handlers) -> int:
    """Read replies until the input is used up; returns how many."""
    stream, sock = _stream(data)
    reader = ReplyReader(stream)
    for n in range(MAX_REPLIES):
        if sock.exhausted and not stream.buffered:
            return n
        reader.read_reply(handlers)
    return MAX_REPLIES


def statement(data: bytes):
    """DESCRIBE then TUPLE replies, as a prepared SELECT and its fetches see
    them; returns the rows decoded."""
    sr = StatementReader("iso-8859-1").for_fetch_buffer(4096)
    _replies(data, sr.handlers)
    return sr.rows


def reply(data: bytes) -> int:
    """The generic reply loop: DONE, COST, XACTSTAT, INSERTDONE, SQ_ERR ..."""
    return _replies(data, None)


def blob(data: bytes) -> bytes:
    """SQ_BLOB chunks of a BYTE/TEXT value of announced size."""
    reader = BlobReader(limit=1 << 16)
    _replies(data, reader.handlers)
    return reader.data


def _body(frame: bytes) -> bytes:
    """A login reply without its 2-byte length (what parse_login_reply takes)."""
    return frame[2:]


def _corpus(target: str) -> list[bytes]:
    folder = CORPUS / target
    return [p.read_bytes() for p in sorted(folder.glob("*.bin"))] if folder.is_dir() else []


def seeds(target: str) -> list[bytes]:
    """Inputs a real server (IBM JDBC's captures) or our test server sent."""
    if target == "login_reply":
        out = [_body(server_half(p)) for p in ("g00", "x01", "x04")]
    elif target == "statement":
        # each PREPARE's DESCRIBE with the fetch replies of that statement
        pairs = (("g04", "g06"), ("g09", "g10"), ("g09", "g11"), ("g14", "g16"),
                 ("g14", "g17"), ("g20", "g21"), ("g20", "g22"))
        out = [server_half(d) + server_half(f) for d, f in pairs]
    elif target == "reply":
        out = [server_half(p) for p in ("g01", "g03", "g25", "g26", "g27", "g29", "g31", "g32")]
    elif target == "selftest_crash":
        out = [bytes(range(256))]
    elif target == "blob":
        chunk = b"blob data " * 3
        out = [struct.pack(">hh", 39, len(chunk)) + chunk + struct.pack(">hh", 39, 0)
               + struct.pack(">h", 12)]
    else:
        raise KeyError(target)
    return out + _corpus(target)


TARGETS = {"login_reply": login_reply, "statement": statement, "reply": reply, "blob": blob}


def _selftest_crash(data: bytes) -> None:
    """Dies at once, as a segfaulting extension would (without the core dump),
    on about one input in 300: proves the runner survives a crash and
    bisects to the input (its own test only)."""
    if zlib.crc32(data) % 300 == 0:
        os._exit(70)


if os.environ.get("INFORMIX_DB_FUZZ_SELFTEST") == "1":
    TARGETS["selftest_crash"] = _selftest_crash
