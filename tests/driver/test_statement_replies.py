"""Reading DESCRIBE and TUPLE replies: the captures' server halves, decoded.

The server halves are what a stand-in sent and IBM JDBC decoded to the
values named here (shared/protocol/README.md), so reading them to the same
values is agreement with JDBC.  Runs on both buffer implementations.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import socket

import pytest

from informix_db import types as T
from informix_db.exceptions import DataError, FramingError
from informix_db.framing import messages as sq
from informix_db.protocol.replies import ReplyReader
from informix_db.protocol.statement import ColumnInfo, Description, StatementReader

from informix_db.transport import SocketStream

from .captures import server_half


def read(pair, data: bytes, reader: StatementReader):
    stream, theirs = pair
    theirs.sendall(data)
    return ReplyReader(stream).read_reply(reader.handlers, raise_error=False)


def test_describe_of_a_parameterised_select(pair, protocol_impl):
    sr = StatementReader("iso-8859-1")
    read(pair, server_half("g14"), sr)
    d = sr.description
    assert (d.stmt_type, d.stmt_id) == (sq.SQ_SELECT, 0)
    assert [c.name for c in d.columns] == ["tabid", "tabname"]
    assert d.columns[0].type == T.ColumnType(T.SQLSERIAL, 4, nullable=False)
    assert d.columns[1].type == T.ColumnType(T.SQLVCHAR, 128)
    assert [c.start for c in d.columns] == [0, 4]


def test_describe_of_decimal_and_datetime(pair, protocol_impl):
    sr = StatementReader("iso-8859-1")
    read(pair, server_half("g20"), sr)
    amt, ts = sr.description.columns
    assert (amt.name, amt.type.sqltype, T.split_decimal_length(amt.type.length)) == ("amt", T.SQLDECIMAL, (10, 2))
    assert (ts.name, ts.type.sqltype) == ("ts", T.SQLDTIME)
    assert T.qualifier_text(T.SQLDTIME, ts.type.length) == "YEAR TO SECOND"


def test_describe_with_expression_column_name(pair, protocol_impl):
    sr = StatementReader("iso-8859-1")
    read(pair, server_half("g09"), sr)
    (col,) = sr.description.columns
    assert col.name == "(constant)" and col.type.sqltype == T.SQLINT and not col.type.nullable


def _describe_of(prefix):
    """The Description in capture *prefix*'s server half."""
    a, b = socket.socketpair()
    try:
        sr = StatementReader("iso-8859-1")
        b.sendall(server_half(prefix))
        ReplyReader(SocketStream(a, timeout=2)).read_reply(sr.handlers, raise_error=False)
        return sr.description
    finally:
        a.close()
        b.close()


def test_tuples_decode_to_jdbc_values(pair, protocol_impl):
    sr = StatementReader("iso-8859-1", description=_describe_of("g14"))
    reply = read(pair, server_half("g16"), sr)
    assert sr.rows == [(42, "hello")]
    assert reply.done.rows == 1


def test_decimal_and_datetime_tuples(pair, protocol_impl):
    sr = StatementReader("iso-8859-1", description=_describe_of("g20"))
    read(pair, server_half("g21"), sr)
    assert len(sr.rows) == 2
    amt, ts = sr.rows[0]
    assert isinstance(amt, Decimal) and isinstance(ts, dt.datetime)
    # The stand-in's second row: a negative amount and a datetime in 1999.
    assert sr.rows[1][0] < 0 and sr.rows[1][1].year == 1999


def test_a_reply_without_rows_leaves_rows_empty(pair, protocol_impl):
    sr = StatementReader("iso-8859-1", description=_describe_of("g09"))
    reply = read(pair, server_half("g11"), sr)
    assert sr.rows == [] and reply.done is not None


def test_tuple_before_describe_is_a_framing_error(pair, protocol_impl):
    with pytest.raises(FramingError):
        read(pair, server_half("g16"), StatementReader("iso-8859-1"))
    assert pair[0].broken


def test_undecodable_row_is_reported_after_the_reply_and_keeps_framing(pair, protocol_impl):
    desc = Description(sq.SQ_SELECT, 0, 4,
                       (ColumnInfo("d", T.ColumnType(T.SQLDATE), T.SQLDATE, "", 0),))
    sr = StatementReader("iso-8859-1", description=desc)
    # A 3-byte tuple for a 4-byte DATE, then a good row, DONE, EOT.
    bad = bytes.fromhex("000e 0000 00000003 000000 00")
    good = bytes.fromhex("000e 0000 00000004 00000001")
    tail = bytes.fromhex("000f 0000 00000002 00000000 00000000 000c")
    reply = read(pair, bad + good + tail, sr)
    assert isinstance(sr.row_error, DataError)
    assert sr.rows == [(dt.date(1899, 12, 31) + dt.timedelta(days=1),)]
    assert reply.done.rows == 2 and not pair[0].broken


def test_names_table_offset_outside_the_table_is_a_framing_error(pair, protocol_impl):
    data = bytearray(server_half("g09"))
    # The one column's name offset (after the 18 bytes of code, header and names size).
    data[18:22] = (99).to_bytes(4, "big")
    with pytest.raises(FramingError):
        read(pair, bytes(data), StatementReader("iso-8859-1"))


def test_short_offsets_without_bit_50(pair, protocol_impl):
    # g09's DESCRIBE re-framed with 16-bit names size and name offset.
    full = server_half("g09")
    short = full[:14] + full[16:18] + full[20:]
    sr = StatementReader("iso-8859-1", four_byte_offsets=False)
    read(pair, short, sr)
    assert sr.description.columns[0].name == "(constant)"


def test_tuple_larger_than_its_columns_can_be_is_a_framing_error(pair, protocol_impl):
    # g16 re-framed to announce a 2 GB tuple: refused before buffering anything.
    data = bytearray(server_half("g16"))
    data[4:8] = (0x7FFF_FFFF).to_bytes(4, "big")
    with pytest.raises(FramingError, match="at most"):
        read(pair, bytes(data), StatementReader("iso-8859-1", description=_describe_of("g14")))


def test_unsupported_column_type_is_kept_for_after_the_reply(protocol_impl):
    odd = Description(sq.SQ_SELECT, 0, 4, (ColumnInfo("r", T.ColumnType(22), 22, "", 0),))
    sr = StatementReader("iso-8859-1", description=odd)
    assert sr.describe_error is not None and "22" in str(sr.describe_error)


def test_python_error_inside_a_decoder_becomes_a_data_error(pair, protocol_impl):
    sr = StatementReader("iso-8859-1", description=_describe_of("g09"))

    def broken_decoder(buf, offset):
        raise ValueError("day is out of range for month")

    sr.decoder = broken_decoder
    reply = read(pair, server_half("g10"), sr)
    assert isinstance(sr.row_error, DataError) and "ValueError" in str(sr.row_error)
    assert reply.done is not None and not pair[0].broken
