"""Clients that write many requests before reading any reply.

The peer driver's ``executemany`` sends every row's BIND+EXECUTE before it
reads a reply.  When the replies outgrow the socket buffers, a server that
stops reading while its own send waits deadlocks against such a client.
These clients send requests whose replies are as big as they are and cheap
to produce (a BIND and a positioned fetch of one wide row of a scroll
cursor), so a few MiB suffice to fill the buffers both ways.
"""

from __future__ import annotations

import logging
import socket
import ssl
import struct

import pytest

from informix_db.testing import stream as stream_mod
from informix_db.testing.certs import HAVE_TRUSTME, make_ca, make_leaf
from rawclient import RawClient, prepare

EOT = b"\x00\x0c"
WIDTH = 8000  # bytes in the one row a fetch returns
PIPELINED = 24 * 1024 * 1024  # request bytes written before any reply is read


def _run(client: RawClient, sql: str) -> None:
    for request in (prepare(sql), struct.pack(">hhh", 4, 0, 7) + EOT,
                    struct.pack(">hhh", 4, 0, 11) + EOT):
        assert b"\x00\x0d" not in client.call(request)[:2], sql


def _scroll_client(server, timeout: float, tls=None) -> RawClient:
    """A session with a scroll cursor (statement 0) over one CHAR(WIDTH) row."""
    client = RawClient(server, timeout=timeout, tls=tls).session()
    _run(client, f"create table wide (a char({WIDTH}))")
    _run(client, "insert into wide values ('x')")
    assert client.call(prepare("select a from wide"))[:2] == b"\x00\x08"
    name = b"c1"
    opened = client.call(struct.pack(">hhhH", 4, 0, 3, len(name)) + name
                         + struct.pack(">hh", 24, 6) + EOT)  # CURNAME, SCROLL, OPEN
    assert opened == EOT
    return client


def _request() -> bytes:
    """SQ_ID 0, a BIND of one 4000-byte CHAR, SQ_SFETCH ABSOLUTE 1, SQ_EOT."""
    text = b"y" * 4000
    bind = struct.pack(">hhhhhhH", 4, 0, 5, 1, 0, 0, len(text)) + struct.pack(">H", len(text)) + text
    return bind + struct.pack(">hhhhii", 4, 0, 23, 6, 1, WIDTH + 64) + EOT


def _reply_size() -> int:
    # TUPLE (tag, warnings, size, row), TUPID, DONE, COST, EOT
    return 8 + WIDTH + 6 + 16 + 10 + 2


@pytest.fixture(params=["plain", "tls"])
def transport(request, server_factory, tmp_path):
    """(server, client TLS context or None): the plain port, or the TLS one."""
    if request.param == "plain":
        return server_factory(trace=None), None
    if not HAVE_TRUSTME:
        pytest.skip("making test certificates needs trustme")
    ca = make_ca(tmp_path, "pipe")
    srv = server_factory(trace=None, tls=make_leaf(tmp_path, "srv", "IP:127.0.0.1", ca))
    context = ssl.create_default_context(cafile=str(ca[0]))
    return srv, context


def test_replies_to_megabytes_of_pipelined_requests_all_arrive_in_order(transport):
    server, tls = transport
    client = _scroll_client(server, timeout=60, tls=tls)
    request = _request()
    count = PIPELINED // len(request)
    # Before the fix this sendall hung until its timeout: the server, blocked
    # sending replies nobody read yet, had stopped reading requests.
    client.send(request * count)
    size = _reply_size()
    expected_row = b"x" + b" " * (WIDTH - 1)
    for k in range(count):
        reply = client.recv_exact(size)
        assert reply[:8] == struct.pack(">hhi", 14, 0, WIDTH), k
        assert reply[8:8 + WIDTH] == expected_row, k
        assert reply[8 + WIDTH:8 + WIDTH + 6] == struct.pack(">hi", 25, 1), k
        assert reply.endswith(EOT), k
    assert client.call(prepare("select count(*) from wide"))[:2] == b"\x00\x08"
    client.close()


def test_a_client_that_never_reads_is_cut_off_at_the_backlog_bound(
        short_idle_server, monkeypatch, caplog):
    bound = 1024 * 1024
    monkeypatch.setattr(stream_mod, "MAX_BACKLOG", bound)
    client = _scroll_client(short_idle_server, timeout=30)
    request = _request()
    caplog.set_level(logging.WARNING, logger="informix_db.testing.session")
    # The server reads at most ~bound bytes ahead, stops, and after its idle
    # timeout (1 s) closes: this write fails instead of hanging to the end.
    with pytest.raises(OSError) as failure:
        client.send(request * (PIPELINED // len(request)))
    assert not isinstance(failure.value, socket.timeout)
    logged = [r.getMessage() for r in caplog.records if "reads no replies" in r.getMessage()]
    assert len(logged) == 1
    held = int(logged[0].split("client sent ")[1].split(" bytes")[0])
    assert bound <= held <= bound + 65536
    client.close()
