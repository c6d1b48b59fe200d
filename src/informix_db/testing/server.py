"""The listener: accepts clients on a TCP port, one thread per session.

Each accepted connection gets its own thread running a ``Session``; a
client that dies mid-statement ends only its own thread.  A session that
has run queries costs about 1 MiB of resident memory, mostly the caches
DuckDB's allocator (jemalloc) keeps per thread; they are freed with the
thread (tests/testing/test_many_sessions.py holds 500 sessions at once).

Informix has no STARTTLS: TLS is a listener of its own (an sqlhosts entry
with its own port, ``onsocssl``), so with a *tls_context* the server opens
a second port, ``tls_port``, beside the plain one.  The handshake runs in
the client's thread, bounded by *handshake_timeout*, so a slow or broken
client never holds up the accept loop or the other sessions.  ``stop`` closes
the listening socket, shuts down every client socket (unblocking their
reads) and joins all threads, with a bounded wait.
"""

from __future__ import annotations

import itertools
import logging
import socket
import ssl
import threading
import time

from informix_db.testing.session import Session, SessionConfig

_log = logging.getLogger(__name__)

#: How often the accept loop looks for a stop request, in seconds.
_POLL = 0.2
#: Smallest listen backlog; it grows to *max_sessions* (the kernel caps it
#: at net.core.somaxconn).  Connections the backlog cannot hold are dropped
#: by the kernel and the client's TCP retries after 1 s, 3 s, 7 s...: a
#: burst of hundreds of clients connecting at once would wait seconds, or
#: time out, behind a backlog of 64.
_MIN_BACKLOG = 128


class SQLIServer:
    """Serves SQLI on *host*:*port* (port 0 picks a free one) against *engine*."""

    def __init__(self, engine, config: SessionConfig, host: str = "127.0.0.1",
                 port: int = 0, *, tls_context: ssl.SSLContext | None = None,
                 tls_port: int = 0, handshake_timeout: float = 10.0,
                 max_sessions: int = 256) -> None:
        self.engine = engine
        #: Sessions served at once; a connection past it is closed at accept
        #: (one thread per session: an unbounded flood would exhaust the host).
        self.max_sessions = max_sessions
        self.config = config
        backlog = max(_MIN_BACKLOG, max_sessions)
        self._listener = _listen(host, port, backlog)
        self.host, self.port = self._listener.getsockname()[:2]
        self._tls_context = tls_context
        self.handshake_timeout = handshake_timeout
        try:
            self._tls_listener = (_listen(host, tls_port, backlog)
                                  if tls_context is not None else None)
        except OSError:
            self._listener.close()
            raise
        #: The TLS port (None without a *tls_context*).
        self.tls_port = self._tls_listener.getsockname()[1] if self._tls_listener else None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._clients: dict[int, tuple[socket.socket, threading.Thread]] = {}
        self._numbers = itertools.count(1)
        self._acceptors: list[threading.Thread] = []

    def start(self) -> None:
        """Begin accepting clients in background threads (one per listener)."""
        listeners = [(self._listener, None, self.port)]
        if self._tls_listener is not None:
            listeners.append((self._tls_listener, self._tls_context, self.tls_port))
        for listener, context, port in listeners:
            thread = threading.Thread(target=self._accept_loop, args=(listener, context),
                                      name=f"sqli-accept-{port}", daemon=True)
            self._acceptors.append(thread)
            thread.start()

    @property
    def session_count(self) -> int:
        """Sessions currently connected."""
        with self._lock:
            return len(self._clients)

    def _accept_loop(self, listener: socket.socket, context: ssl.SSLContext | None) -> None:
        while not self._stopping.is_set():
            try:
                sock, _addr = listener.accept()
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                if self._stopping.is_set():
                    return
                raise
            with self._lock:
                full = len(self._clients) >= self.max_sessions
            if full:
                _log.warning("refusing a connection: %d sessions already served",
                             self.max_sessions)
                sock.close()
                continue
            sock.settimeout(None)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            number = next(self._numbers)
            thread = threading.Thread(target=self._serve, args=(sock, number, context),
                                      name=f"sqli-session-{number}", daemon=True)
            with self._lock:
                self._clients[number] = (sock, thread)
            thread.start()

    def _serve(self, sock: socket.socket, number: int,
               context: ssl.SSLContext | None = None) -> None:
        try:
            if context is not None:
                sock = self._handshake(sock, number, context)
                if sock is None:
                    return
            Session(sock, number, self.engine, self.config).run()
        finally:
            with self._lock:
                self._clients.pop(number, None)

    def _handshake(self, sock: socket.socket, number: int,
                   context: ssl.SSLContext) -> ssl.SSLSocket | None:
        """The TLS side of *sock*, or None (socket closed) if the handshake fails."""
        sock.settimeout(self.handshake_timeout)
        try:
            tls = context.wrap_socket(sock, server_side=True)
        except (OSError, ssl.SSLError, ValueError) as exc:
            # A plain-SQLI client, a client refusing our certificate, or a
            # stalled one: only this session ends.
            _log.info("session %d: TLS handshake failed: %s", number, exc)
            try:
                sock.close()
            except OSError:
                pass
            return None
        tls.settimeout(None)
        with self._lock:
            # wrap_socket detached the plain socket: stop() must shut down this one.
            entry = self._clients.get(number)
            if entry is not None:
                self._clients[number] = (tls, entry[1])
        if self._stopping.is_set():
            tls.close()
            return None
        return tls

    def stop(self, timeout: float = 5.0) -> None:
        """Stop accepting, disconnect every client, wait for their threads."""
        self._stopping.set()
        for listener in (self._listener, self._tls_listener):
            if listener is None:
                continue
            try:
                listener.close()
            except OSError:
                pass
        for acceptor in self._acceptors:
            acceptor.join(timeout)
        with self._lock:
            clients = list(self._clients.values())
        for sock, _thread in clients:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        deadline = time.monotonic() + timeout
        for _sock, thread in clients:
            thread.join(max(0.0, deadline - time.monotonic()))


def _listen(host: str, port: int, backlog: int = _MIN_BACKLOG) -> socket.socket:
    """A listening socket whose accept() wakes every ``_POLL`` seconds."""
    listener = socket.create_server((host, port), backlog=backlog)
    listener.settimeout(_POLL)
    return listener
