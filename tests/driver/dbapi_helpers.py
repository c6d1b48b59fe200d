"""Helpers of the DB-API tests: a shared TestServer, connections, a request spy."""

from __future__ import annotations

import itertools

from informix_db.connection import connect

from . import sqli_decode as dec

#: Databases of the shared server: one per logging mode.
DATABASES = {"testdb": "logged", "plain": "unlogged", "strict": "ansi"}

_names = itertools.count()


def table_name(prefix: str = "t") -> str:
    """A table name no other test uses."""
    return f"{prefix}_{next(_names)}"


def open_conn(srv, database: str = "testdb", **kw):
    """Our connection to *srv* with short timeouts."""
    return connect(srv.host, srv.port, srv.user, srv.password, database, srv.server_name,
                   connect_timeout=5, read_timeout=5, **kw)


class _SpyStream:
    """Delegates to a SocketStream, recording what is sent."""

    def __init__(self, stream, sends: list) -> None:
        object.__setattr__(self, "_inner", stream)
        object.__setattr__(self, "_sends", sends)

    def send(self, data) -> None:
        self._sends.append(bytes(data))
        self._inner.send(data)

    def __getattr__(self, name):
        return getattr(self._inner, name)


class Spy:
    """Records each send of a connection; ``requests()`` splits them into requests."""

    def __init__(self, conn) -> None:
        self.sends: list[bytes] = []
        conn._stream = _SpyStream(conn._stream, self.sends)

    def clear(self) -> None:
        self.sends.clear()

    def requests(self) -> list[bytes]:
        return [r for s in self.sends for r in dec.split_requests(s)]

    def messages(self) -> list[list[str]]:
        """Message names of every request sent since the last clear."""
        return [dec.message_names(r) for r in self.requests()]

    def flat(self) -> list[str]:
        """Every message name sent, in order."""
        return [m for names in self.messages() for m in names]
