"""The listener: accepts clients on a TCP port, one thread per session.

Each accepted connection gets its own thread running a ``Session``; a
client that dies mid-statement ends only its own thread.  ``stop`` closes
the listening socket, shuts down every client socket (unblocking their
reads) and joins all threads, with a bounded wait.
"""

from __future__ import annotations

import itertools
import logging
import socket
import threading
import time

from informix_db.testing.session import Session, SessionConfig

_log = logging.getLogger(__name__)

#: How often the accept loop looks for a stop request, in seconds.
_POLL = 0.2


class SQLIServer:
    """Serves SQLI on *host*:*port* (port 0 picks a free one) against *engine*."""

    def __init__(self, engine, config: SessionConfig, host: str = "127.0.0.1",
                 port: int = 0) -> None:
        self.engine = engine
        self.config = config
        self._listener = socket.create_server((host, port), backlog=64)
        self._listener.settimeout(_POLL)
        self.host, self.port = self._listener.getsockname()[:2]
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._clients: dict[int, tuple[socket.socket, threading.Thread]] = {}
        self._numbers = itertools.count(1)
        self._acceptor: threading.Thread | None = None

    def start(self) -> None:
        """Begin accepting clients in a background thread."""
        self._acceptor = threading.Thread(target=self._accept_loop,
                                          name=f"sqli-accept-{self.port}", daemon=True)
        self._acceptor.start()

    @property
    def session_count(self) -> int:
        """Sessions currently connected."""
        with self._lock:
            return len(self._clients)

    def _accept_loop(self) -> None:
        while not self._stopping.is_set():
            try:
                sock, _addr = self._listener.accept()
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                if self._stopping.is_set():
                    return
                raise
            sock.settimeout(None)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            number = next(self._numbers)
            thread = threading.Thread(target=self._serve, args=(sock, number),
                                      name=f"sqli-session-{number}", daemon=True)
            with self._lock:
                self._clients[number] = (sock, thread)
            thread.start()

    def _serve(self, sock: socket.socket, number: int) -> None:
        try:
            Session(sock, number, self.engine, self.config).run()
        finally:
            with self._lock:
                self._clients.pop(number, None)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop accepting, disconnect every client, wait for their threads."""
        self._stopping.set()
        try:
            self._listener.close()
        except OSError:
            pass
        if self._acceptor is not None:
            self._acceptor.join(timeout)
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
