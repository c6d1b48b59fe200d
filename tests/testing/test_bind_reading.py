"""The test server reading SQ_BIND bodies: values, split packets, bad input."""

from __future__ import annotations

import datetime as dt
import socket
import struct
import threading
from decimal import Decimal

import pytest

from informix_db import types as T
from informix_db.codecs import bind as bindcodec
from informix_db.codecs.binary import BlobRef
from informix_db.exceptions import DataError, NotSupportedError
from informix_db.protocol.binding import bind_message
from informix_db.testing.binds import read_bind
from informix_db.testing.stream import ClientClosed, ClientStream

ROW = (7, -(2**40), Decimal("-12.34"), 1.5, "label", "c0001   ", dt.date(2001, 2, 3),
       dt.datetime(2000, 1, 1, 10, 11, 12, 345000), dt.timedelta(days=-3, seconds=61), True,
       None, "odd")


def _body(values) -> bytes:
    return bind_message(values, "utf-8")[2:]  # without the SQ_BIND code


def _codec_values(body: bytes) -> list:
    """What the codec reads parameter by parameter (the reference)."""
    (count,) = struct.unpack_from(">h", body)
    pos, out = 2, []
    for _ in range(count):
        *_, value, pos = bindcodec.read_bind_param(body, pos, "utf-8")
        out.append(value)
    return out


def _stream_of(*pieces: bytes, close: bool = False, delay: float = 0.0):
    a, b = socket.socketpair()
    a.settimeout(5)

    def feed():
        for piece in pieces:
            b.sendall(piece)
            if delay:
                threading.Event().wait(delay)
        if close:
            b.close()

    t = threading.Thread(target=feed)
    t.start()
    return ClientStream(a), a, b, t


def test_read_bind_gives_the_values_the_codec_reads():
    body = _body(ROW)
    stream, a, b, t = _stream_of(body)
    assert list(read_bind(stream, "utf-8")) == _codec_values(body) == list(ROW)
    t.join(), a.close(), b.close()


def test_read_bind_waits_for_parameters_split_byte_by_byte():
    body = _body(ROW)
    stream, a, b, t = _stream_of(*(body[k:k + 1] for k in range(len(body))), delay=0.001)
    assert list(read_bind(stream, "utf-8")) == list(ROW)
    assert stream.take_consumed() == body
    t.join(), a.close(), b.close()


def test_read_bind_leaves_the_next_message_unread():
    body = _body(ROW[:3])
    stream, a, b, t = _stream_of(body + b"\x00\x07\x00\x0c")
    read_bind(stream, "utf-8")
    assert stream.take_consumed() == body
    assert (stream.read_int16(), stream.read_int16()) == (7, 12)
    t.join(), a.close(), b.close()


def test_read_bind_notes_byte_parameters_awaiting_bbind():
    body = _body([1, b"\x01\x02\x03", None])
    stream, a, b, t = _stream_of(body)
    values = read_bind(stream, "utf-8")
    assert isinstance(values[1], BlobRef) and values[0] == 1 and values[2] is None
    assert values.blobs == [(1, T.SQLBYTES)]
    t.join(), a.close(), b.close()


def test_read_bind_of_no_parameters_is_empty():
    stream, a, b, t = _stream_of(b"\x00\x00")
    assert read_bind(stream, "utf-8") == [] and stream.take_consumed() == b"\x00\x00"
    t.join(), a.close(), b.close()


def test_read_bind_refuses_an_indicator_other_than_0_or_minus_1():
    bad = b"\x00\x01" + struct.pack(">hhH", T.SQLINT, 5, 0x0A00) + b"\x00\x00\x00\x01"
    stream, a, b, t = _stream_of(bad)
    with pytest.raises(DataError, match="indicator 5"):
        read_bind(stream, "utf-8")
    t.join(), a.close(), b.close()


def test_read_bind_refuses_an_unknown_type_code():
    bad = b"\x00\x01" + struct.pack(">hhH", 99, 0, 0) + b"\x00\x00"
    stream, a, b, t = _stream_of(bad)
    with pytest.raises(NotSupportedError, match="type code 99"):
        read_bind(stream, "utf-8")
    t.join(), a.close(), b.close()


@pytest.mark.parametrize("cut", [1, 3, 5, 9, 30])
def test_read_bind_cut_short_by_a_closing_client_is_client_closed(cut):
    body = _body(ROW)
    stream, a, b, t = _stream_of(body[:cut], close=True)
    with pytest.raises(ClientClosed):
        read_bind(stream, "utf-8")
    t.join(), a.close()


def test_read_bind_after_a_failed_parameter_keeps_the_stream_position():
    # the header of the refused parameter counts as read, its data not
    bad = b"\x00\x02" + _body([5])[2:] + struct.pack(">hhH", 99, 0, 0) + b"\xab\xcd"
    stream, a, b, t = _stream_of(bad)
    with pytest.raises(NotSupportedError):
        read_bind(stream, "utf-8")
    assert stream.take_consumed() == bad[:-2]
    t.join(), a.close(), b.close()
