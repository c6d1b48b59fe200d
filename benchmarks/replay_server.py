"""A replaying proxy for benchmarks: fetch rounds served from memory.

    python -m benchmarks.replay_server --upstream 127.0.0.1:9088 [--port 0]

The pure-Python test server takes longer to produce a fetch round than any
client takes to read it, so an end-to-end fetch against it times the
server.  This proxy sits between a client and the test server and forwards
everything, except that it answers SQ_NFETCH requests itself once it has
seen their answers: the first time a fetch runs it records the server's
reply to each round, and every later run of the same fetch gets those
bytes at memory speed.  Wall time then measures the client.

A round is known by what came before it: the server's answer to the last
request that was not a fetch (the cursor's OPEN, which carries the first
round's rows; the request itself differs from run to run by its cursor
name), the fetch request's own bytes (statement id, buffer size) and how
many rounds came before it since that request.  Replies are kept
as received, so a client sees exactly what the server sent the first time;
the caller must still check the rows it gets (``compare_drivers`` does).

Clients must wait for each reply before sending the next request (every
driver here does while fetching); requests are matched per ``recv``.
"""

from __future__ import annotations

import argparse
import hashlib
import select
import socket
import sys
import threading

#: SQ_ID [i16 id] SQ_NFETCH [i32 or i16 size] [i16 0] SQ_EOT.
_ID, _NFETCH, _EOT = b"\x00\x04", b"\x00\x09", b"\x00\x0c"


def is_fetch(request: bytes) -> bool:
    """Whether *request* is exactly one SQ_NFETCH (of either buffer-size width)."""
    return (len(request) in (12, 14) and request[:2] == _ID and request[4:6] == _NFETCH
            and request[-2:] == _EOT)


class Recordings:
    """Fetch replies by round, shared by every connection."""

    def __init__(self) -> None:
        self._replies: dict[tuple[bytes, bytes, int], bytes] = {}
        self._lock = threading.Lock()
        self.served = 0
        self.recorded = 0

    def get(self, key):
        with self._lock:
            reply = self._replies.get(key)
            if reply is not None:
                self.served += 1
            return reply

    def put(self, key, reply: bytes) -> None:
        with self._lock:
            self._replies[key] = reply
            self.recorded += 1


def _relay(client: socket.socket, upstream_addr, recordings: Recordings) -> None:
    upstream = socket.create_connection(upstream_addr)
    for s in (client, upstream):
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    answer = hashlib.sha256()  # of the reply to the last request that was not a fetch
    context = b""      # its digest, once a fetch follows it
    rounds = 0         # fetches since it
    recording = None   # (key, bytearray) of the round being recorded
    try:
        while True:
            readable, _, _ = select.select([client, upstream], [], [])
            if upstream in readable:
                data = upstream.recv(1 << 20)
                if not data:
                    return
                if recording is not None:
                    recording[1].extend(data)
                elif not rounds:
                    answer.update(data)
                client.sendall(data)
            if client in readable:
                data = client.recv(1 << 20)
                if not data:
                    return
                if recording is not None:  # the client read that reply whole
                    recordings.put(recording[0], bytes(recording[1]))
                    recording = None
                if is_fetch(data):
                    if not rounds:
                        context = answer.digest()
                    key = (context, data, rounds)
                    rounds += 1
                    reply = recordings.get(key)
                    if reply is not None:
                        client.sendall(reply)
                        continue
                    recording = (key, bytearray())
                else:
                    answer, rounds = hashlib.sha256(), 0
                upstream.sendall(data)
    except OSError:
        return
    finally:
        client.close()
        upstream.close()


def serve(listener: socket.socket, upstream_addr, recordings: Recordings) -> None:
    """Accept clients on *listener* until it is closed, one thread each."""
    while True:
        try:
            client, _ = listener.accept()
        except OSError:
            return
        threading.Thread(target=_relay, args=(client, upstream_addr, recordings),
                         daemon=True).start()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--upstream", required=True, help="HOST:PORT of the test server")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args(argv)
    host, _, port = args.upstream.rpartition(":")
    listener = socket.create_server((args.host, args.port))
    print(f"listening on {args.host}:{listener.getsockname()[1]}", flush=True)
    try:
        serve(listener, (host, int(port)), Recordings())
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
