"""connect()/close() against a scripted server replaying the JDBC captures.

The scripted server answers with the server halves of the captures, so
these tests pin the driver's request sequence to IBM JDBC's: what reaches
the server after login must equal JDBC's client halves byte for byte.
"""

from __future__ import annotations

import socket

import pytest

from informix_db.connection import connect
from informix_db.exceptions import InterfaceError, OperationalError

from .captures import client_half, server_half
from .scripted_server import ScriptedServer

EOT = bytes.fromhex("000c")
PROTOCOLS = (len(client_half("g01")), server_half("g01"))
INFO = (len(client_half("g02")), server_half("g02"))
DBOPEN = (len(client_half("g03")), server_half("g03"))
DBOPEN_329 = (len(client_half("g03")), bytes.fromhex("000d" "feb7" "0000" "00000000" "0000") + EOT)


def open_conn(srv, **kw):
    args = dict(connect_timeout=3, read_timeout=3)
    args.update(kw)
    return connect("127.0.0.1", srv.port, "informix", "in4mix", "testdb", "informix", **args)


def test_connect_sends_jdbcs_requests_in_jdbcs_order():
    with ScriptedServer(server_half("g00"), [PROTOCOLS, INFO, DBOPEN]) as srv:
        conn = open_conn(srv)
        conn.close()
    assert srv.received[1:4] == [client_half("g01"), client_half("g02"), client_half("g03")]
    assert srv.received[4] == client_half("g32")


def test_connect_reports_the_login_banner_and_negotiation():
    with ScriptedServer(server_half("g00"), [PROTOCOLS, INFO, DBOPEN]) as srv:
        with open_conn(srv) as conn:
            assert conn.server_version == "IBM Informix Dynamic Server Version 12.10.FC12"
            assert conn.capabilities.answered == bytes.fromhex("bdbe9ffe5fb7ffeff0")
            assert conn.capabilities.int_sql_length
            assert not conn.capabilities.input_describe  # the server left bit 34 out


def test_dbopen_done_warnings_say_the_database_is_logged():
    with ScriptedServer(server_half("g00"), [PROTOCOLS, INFO, DBOPEN]) as srv:
        with open_conn(srv) as conn:
            assert (conn.database.name, conn.database.logged, conn.database.ansi) == ("testdb", True, False)


def test_close_is_idempotent_and_marks_closed():
    with ScriptedServer(server_half("g00"), [PROTOCOLS, INFO, DBOPEN]) as srv:
        conn = open_conn(srv)
        assert not conn.closed
        conn.close()
        conn.close()
        assert conn.closed and not conn.broken
    with pytest.raises(InterfaceError, match="closed"):
        conn._exchange([(EOT, None)])


def test_rejected_login_raises_951_and_closes_the_socket():
    with ScriptedServer(server_half("x01")) as srv:
        with pytest.raises(OperationalError) as info:
            open_conn(srv)
    assert info.value.sqlcode == -951


def test_unknown_database_raises_329():
    with ScriptedServer(server_half("g00"), [PROTOCOLS, INFO, DBOPEN_329]) as srv:
        with pytest.raises(OperationalError) as info:
            open_conn(srv)
    assert info.value.sqlcode == -329


def test_silent_server_during_login_times_out():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # the kernel completes the connect; nobody ever answers
    try:
        with pytest.raises(OperationalError, match="timed out after 0.2s"):
            connect("127.0.0.1", listener.getsockname()[1], "u", "p", "db", "s", connect_timeout=0.2)
    finally:
        listener.close()


def test_silent_server_after_login_times_out_and_breaks_the_connection():
    with ScriptedServer(server_half("g00"), [PROTOCOLS, INFO, DBOPEN], then_silent=True) as srv:
        conn = open_conn(srv, read_timeout=0.2)
        with pytest.raises(OperationalError, match="timed out"):
            conn._exchange([(bytes.fromhex("0023000c"), None)])  # BEGIN, never answered
        assert conn.broken and conn.closed
        with pytest.raises(OperationalError, match="broken"):
            conn._exchange([(bytes.fromhex("0023000c"), None)])
        conn.close()  # closing a broken connection is quiet


def test_error_framing_follows_the_negotiated_mask():
    # The server answers without bit 62, so its SQ_ERR offset is a short.
    protocols = (PROTOCOLS[0], bytes.fromhex("007e0009bdbe9ffe5fb7ffedf000") + EOT)
    dbopen = (DBOPEN[0], bytes.fromhex("000d" "feb7" "ff91" "0000" "0006") + b"testdb" + EOT)
    with ScriptedServer(server_half("g00"), [protocols, INFO, dbopen]) as srv:
        with pytest.raises(OperationalError) as info:
            open_conn(srv)
    assert (info.value.sqlcode, info.value.isam_code, info.value.token) == (-329, -111, "testdb")
