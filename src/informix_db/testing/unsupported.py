"""Messages this server does not implement: read past them, stay aligned.

Informix answers what it cannot do with an SQ_ERR, not a dropped
connection, so the session answers -999 ("Not implemented yet.") and goes
on.  The hard part is where such a message ends: after login SQLI carries
no lengths, so a body is only known by parsing it.

- A body of known layout is read field by field: SQ_GETROUTINE (fast-path
  routine lookup) as the peer driver sends it to real servers.
- Any other body runs to the end of the request: the SQ_EOT at which the
  client's input falls quiet (``ClientStream.skip_request``; a client sends
  a request whole, then waits for its reply).
- When no such end can be found (the client stalls past the session's idle
  timeout or sends more than ``MAX_FIELD`` bytes without one) the session
  cannot stay aligned: ``read_unsupported`` raises ``FramingError`` and the
  session closes, logged as a malformed request.
"""

from __future__ import annotations

from informix_db.exceptions import FramingError
from informix_db.framing import messages as m
from informix_db.testing.stream import ClientStream

#: Fast-path messages the peer driver names (none implemented here).
SQ_GETROUTINE, SQ_EXFPROUTINE = 101, 102
_NAMES = {SQ_GETROUTINE: "SQ_GETROUTINE", SQ_EXFPROUTINE: "SQ_EXFPROUTINE"}


def name_of(code: int) -> str:
    """A message's name for traces and error tokens (the framing table
    gives 101 and 102 the names of login-packet markers)."""
    return _NAMES.get(code) or m.name_of(code)


def read_unsupported(stream: ClientStream, code: int, long_length: bool) -> dict:
    """Consume the body of unsupported message *code*, up to (not including)
    the SQ_EOT of its request; return a description for the trace.

    *long_length*: capability bit 62 was negotiated (the signature length of
    SQ_GETROUTINE is then an int, as the SQL length of a PREPARE is)."""
    fields: dict = {"code": code}
    if code == SQ_GETROUTINE and stream.read_exact(1) == b"\x00":
        # by signature: byte 0, length, signature, pad to even, flags short
        length = stream.read_int32() if long_length else stream.read_uint16()
        fields["signature"] = stream.read_padded(length).decode("iso-8859-1", "replace")
        fields["flags"] = stream.read_int16()
        return fields
    skipped = stream.skip_request()
    if skipped is None:
        raise FramingError(f"unsupported message {name_of(code)} ({code}): "
                           "no end of its request found")
    fields["skipped"] = skipped
    return fields
