"""The frame of the fault-injecting proxies: a loopback listener that takes
one client, connects it to *upstream* and hands both sockets to
``_relay``, in a thread that lives as long as the ``with`` block."""

from __future__ import annotations

import socket
import threading


class OneClientProxy:
    def __init__(self, upstream: tuple[str, int]) -> None:
        self._upstream = upstream
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(5)
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        #: Set when the block ends (or the relay decides it is over).
        self._done = threading.Event()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        self._listener.close()
        self._thread.join(10)

    def _serve(self) -> None:
        try:
            client, _ = self._listener.accept()
        except OSError:
            return
        self._relay(client, socket.create_connection(self._upstream, timeout=5))

    def _relay(self, client: socket.socket, server: socket.socket) -> None:
        raise NotImplementedError
