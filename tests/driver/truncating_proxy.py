"""A TCP proxy that passes the server's first *limit* bytes to the client and
then cuts the connection (a close, or a reset with *reset*): the network
failing at an exact byte of the conversation.  Once its *drip* event is
set, it passes the server's bytes one at a time, *drip_interval* apart: a
peer that is slow without ever going silent."""

from __future__ import annotations

import socket
import struct
import threading
import time

from .one_client_proxy import OneClientProxy


class TruncatingProxy(OneClientProxy):
    def __init__(self, upstream: tuple[str, int], limit: int | None, *, reset: bool = False,
                 drip: threading.Event | None = None, drip_interval: float = 0.1) -> None:
        super().__init__(upstream)
        self._drip = drip
        self._drip_interval = drip_interval
        self._limit = limit
        self._reset = reset
        #: Bytes the server sent in all (a run without a limit measures it).
        self.server_bytes = 0

    def _relay(self, client, server) -> None:
        up = threading.Thread(target=self._pump_up, args=(client, server), daemon=True)
        up.start()
        try:
            self._pump_down(server, client)
        finally:
            # The pump must let go of the socket first: a close while another
            # thread is in recv() on it sends nothing until that recv ends.
            self._done.set()
            try:
                client.shutdown(socket.SHUT_RD)  # wakes the pump's recv()
            except OSError:
                pass
            up.join(5)
            if self._reset:
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            client.close()
            server.close()

    def _pump_up(self, client, server) -> None:
        try:
            while not self._done.is_set():
                data = client.recv(65536)
                if not data:
                    break
                server.sendall(data)
        except OSError:
            pass
        try:
            server.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def _pump_down(self, server, client) -> None:
        server.settimeout(0.5)
        while not self._done.is_set():
            try:
                data = server.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            if not data:
                return
            if self._limit is not None:
                data = data[: max(0, self._limit - self.server_bytes)]
            self.server_bytes += len(data)
            try:
                if self._drip is not None and self._drip.is_set():
                    for i in range(len(data)):
                        if self._done.is_set():
                            return
                        client.sendall(data[i:i + 1])
                        time.sleep(self._drip_interval)
                else:
                    client.sendall(data)
            except OSError:
                return
            if self._limit is not None and self.server_bytes >= self._limit:
                return
