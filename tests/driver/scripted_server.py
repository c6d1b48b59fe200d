"""A one-connection server that answers with canned bytes, for connection tests.

It reads the client's login packet (by its length prefix), answers it,
then for each scripted step reads a fixed number of bytes and answers
with fixed bytes.  Everything received is kept in ``received`` so tests can
compare the client's requests with IBM JDBC's.
"""

from __future__ import annotations

import socket
import threading


class ScriptedServer:
    def __init__(self, login_reply: bytes, steps=(), *, then_silent: bool = False) -> None:
        self._login_reply = login_reply
        self._steps = list(steps)  # (bytes to read, bytes to answer)
        self._then_silent = then_silent
        self.received: list[bytes] = []
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(1)
        self._listener.settimeout(5)
        self.port = self._listener.getsockname()[1]
        self._release = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._release.set()
        self._thread.join(5)
        self._listener.close()

    @staticmethod
    def _read(conn: socket.socket, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = conn.recv(n - len(data))
            if not chunk:
                break
            data += chunk
        return data

    def _serve(self) -> None:
        try:
            conn, _ = self._listener.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(5)
            try:
                head = self._read(conn, 2)
                self.received.append(head + self._read(conn, int.from_bytes(head, "big") - 2))
                conn.sendall(self._login_reply)
                for size, answer in self._steps:
                    self.received.append(self._read(conn, size))
                    conn.sendall(answer)
                if self._then_silent:
                    self._release.wait(10)
                else:
                    # Whatever else arrives (SQ_EXIT), until the client closes.
                    rest = conn.recv(100)
                    if rest:
                        self.received.append(rest)
                        if rest == b"\x00\x38":
                            conn.sendall(b"\x00\x38")
                        conn.recv(100)
            except OSError:
                pass
