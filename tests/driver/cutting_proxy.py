"""A TCP proxy in front of a server that cuts the connection when the client
sends a given request, after passing it on and once the server has answered
(the server acted on it, the client never sees the reply): the cut a network
fault makes at the worst moment."""

from __future__ import annotations

import socket
import threading

from .one_client_proxy import OneClientProxy


class CuttingProxy(OneClientProxy):
    def __init__(self, upstream: tuple[str, int], cut_after: bytes) -> None:
        super().__init__(upstream)
        self._cut_after = cut_after
        self.cut = threading.Event()
        self._answered = threading.Event()

    def _relay(self, client, server) -> None:
        back = threading.Thread(target=self._pump_back, args=(server, client), daemon=True)
        back.start()
        with client, server:
            client.settimeout(10)
            while True:
                try:
                    data = client.recv(65536)
                except OSError:
                    return
                if not data:
                    return
                cutting = data.endswith(self._cut_after)
                if cutting:
                    self.cut.set()  # before the server can answer
                server.sendall(data)
                if cutting:
                    self._answered.wait(5)
                    client.shutdown(socket.SHUT_RDWR)
                    back.join(5)
                    return

    def _pump_back(self, server: socket.socket, client: socket.socket) -> None:
        try:
            while True:
                data = server.recv(65536)
                if not data:
                    return
                if self.cut.is_set():  # the reply to the cut request: dropped
                    return
                client.sendall(data)
        except OSError:
            return
        finally:
            self._answered.set()
