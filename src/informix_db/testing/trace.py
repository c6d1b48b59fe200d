"""A PDU log: every request and reply of every session, hex plus decoded.

One file for all sessions; each entry names its session, its direction
and its time, then the exact bytes as hex (so captures can be compared
with the JDBC captures byte for byte) and the decoded messages.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path


#: Longest decoded form written per PDU (large BIND values, blobs).
_MAX_DECODED = 4000


class Tracer:
    """Appends PDU entries to *path*; safe to share between session threads."""

    def __init__(self, path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        # Readable by its owner only: a trace holds every statement and value
        # the clients sent (the login's password is masked, see Session._login).
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self._file = open(fd, "a", encoding="utf-8")  # noqa: SIM115 - closed in close()

    def log(self, session: int, direction: str, raw: bytes, decoded=None) -> None:
        """Record one PDU; *direction* is ``"c->s"`` or ``"s->c"``."""
        stamp = time.strftime("%H:%M:%S", time.localtime()) + f".{int(time.time() * 1000) % 1000:03d}"
        lines = [f"# session {session} {direction} {stamp} {len(raw)} bytes", raw.hex()]
        if decoded:
            text = repr(decoded)
            if len(text) > _MAX_DECODED:  # the hex line above keeps every byte
                text = text[:_MAX_DECODED] + f"... ({len(text) - _MAX_DECODED} more chars)"
            lines.append(f"# decoded {text}")
        with self._lock:
            if not self._file.closed:
                self._file.write("\n".join(lines) + "\n")
                self._file.flush()

    def note(self, session: int, text: str) -> None:
        """Record a remark (session start, end, failure)."""
        with self._lock:
            if not self._file.closed:
                self._file.write(f"# session {session} {text}\n")
                self._file.flush()

    def close(self) -> None:
        with self._lock:
            self._file.close()
