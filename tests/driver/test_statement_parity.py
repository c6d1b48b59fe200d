"""Our statement requests equal IBM JDBC's (captures g04-g31), field by field.

Each builder's output and the capture's client half are decoded by the
independent decoder (``sqli_decode.decode_messages``) and compared; a
failure names the field.  Normalisation: cursor names (JDBC numbers its
cursors per connection, ``_ifxc`` + 13 digits, as we do) are compared by
form, not number.  Statement ids are 0 in every capture and in these
builds, so they compare exactly.
"""

from __future__ import annotations

import re

import pytest

from informix_db import types as T
from informix_db.codecs.bind import encode_bind
from informix_db.framing import messages as sq
from informix_db.protocol import statement as st
from informix_db.protocol.binding import INT_TYPE, bind_message, bind_params, params_message

from . import sqli_decode as dec
from .captures import client_half
from .test_request_parity import assert_same_fields

_CURSOR_NAME = re.compile(rb"^_ifxc\d{13}$")


def normalise(fields):
    out = []
    for name, value in fields:
        if name == "CURNAME.name":
            assert _CURSOR_NAME.match(value), f"cursor name {value!r} is not _ifxc + 13 digits"
            value = "<cursor>"
        out.append((name, value))
    return out


def assert_matches_capture(ours: bytes, prefix: str):
    assert_same_fields(normalise(dec.decode_messages(ours)),
                       normalise(dec.decode_messages(client_half(prefix))))


@pytest.mark.parametrize(
    ("prefix", "sql", "nparams"),
    [
        ("g04", "select dirpath from informix.systables where tabname = ' GL_COLLATE'", 0),
        ("g09", "SELECT 1 FROM systables WHERE tabid=1", 0),
        ("g14", "SELECT tabid, tabname FROM systables WHERE tabid=? AND tabname=?", 2),
        ("g20", "SELECT amt, ts FROM typetab", 0),
        ("g31", "SELECT * FROM nosuchtable", 0),
    ],
)
def test_prepare_matches_jdbc(prefix, sql, nparams):
    ours = st.build_prepare(sql.encode(), nparams)
    assert_matches_capture(ours, prefix)
    assert ours == client_half(prefix)


def test_prepare_without_bit_62_uses_a_short_sql_length():
    ours = st.build_prepare(b"SELECT 1 FROM systables WHERE tabid=1", 0, int_length=False)
    fields = dec.decode_messages(ours, int_sql_length=False)
    assert ("PREPARE.sql_length", 37) in fields
    assert len(ours) == len(client_half("g09")) - 2


@pytest.mark.parametrize("prefix", ["g10", "g21"])
def test_open_with_first_fetch_matches_jdbc(prefix):
    assert_matches_capture(st.build_open(0, st.cursor_name(1), None, 4096), prefix)


def test_open_is_byte_identical_given_jdbc_cursor_name():
    assert st.build_open(0, "_ifxc0000000000001", None, 4096) == client_half("g10")


def test_open_without_fetch_matches_jdbc():
    assert_matches_capture(st.build_open(0, st.cursor_name(0), None, None), "g05")


def test_open_with_bound_parameters_matches_jdbc():
    # g15 is JDBC's setInt(42): a Python 42 goes as SMALLINT (setShort's
    # form, test_int_params), so the INTEGER is encoded explicitly here.
    params = [encode_bind(42, INT_TYPE), *bind_params(["hello"], "iso-8859-1")]
    ours = st.build_open(0, "_ifxc0000000000002", params_message(params), None)
    assert_matches_capture(ours, "g15")
    assert ours == client_half("g15")


def test_open_with_parameters_and_first_fetch_appends_jdbc_nfetch():
    # What the driver sends for a parameterised query: g15's messages, then
    # g10's SQ_ID + NFETCH (JDBC's own form when it sends no RET_TYPE).
    message = bind_message([42, "hello"], "iso-8859-1")
    names = dec.message_names(st.build_open(0, st.cursor_name(2), message, 4096))
    assert names == ["SQ_ID", "CURNAME", "BIND", "OPEN", "SQ_ID", "NFETCH", "EOT"]


@pytest.mark.parametrize("prefix", ["g11", "g17", "g22"])
def test_fetch_matches_jdbc(prefix):
    assert st.build_fetch(0, 4096) == client_half(prefix)
    assert_matches_capture(st.build_fetch(0, 4096), prefix)


def test_fetch_carries_the_buffer_size():
    assert ("NFETCH.bufsize", 65536) in dec.decode_messages(st.build_fetch(3, 65536))


@pytest.mark.parametrize("prefix", ["g07", "g12", "g18", "g23"])
def test_close_matches_jdbc(prefix):
    assert st.build_close(0) == client_half(prefix)


@pytest.mark.parametrize("prefix", ["g08", "g13", "g19", "g24"])
def test_release_matches_jdbc(prefix):
    assert st.build_release(0) == client_half(prefix)


def test_statement_id_addresses_the_statement():
    fields = dec.decode_messages(st.build_release(7))
    assert ("SQ_ID.stmt_id", 7) in fields


@pytest.mark.parametrize(("prefix", "sql"), [("g26", "UPDATE t1 SET a=1 WHERE b=2"),
                                             ("g29", "UPDATE t1 SET a=2 WHERE b=2")])
def test_command_matches_jdbc(prefix, sql):
    ours = st.build_command(sql.encode())
    assert_matches_capture(ours, prefix)
    assert ours == client_half(prefix)


@pytest.mark.parametrize(("build", "prefix"), [(st.build_begin, "g25"), (st.build_begin, "g28"),
                                               (st.build_commit, "g27"),
                                               (st.build_rollback, "g30")],
                         ids=["begin", "begin-again", "commit", "rollback"])
def test_transaction_requests_match_jdbc(build, prefix):
    assert build() == client_half(prefix)
    assert_matches_capture(build(), prefix)


def test_execute_batch_has_one_statement_id_and_a_bind_per_set():
    # JDBC's executeBatch form (seen live: SQ_ID, BIND, EXECUTE, BIND, EXECUTE, EOT).
    sets = [bind_message([7, 8], "utf-8"), bind_message([9, 10], "utf-8")]
    names = dec.message_names(st.build_execute_batch(0, sets))
    assert names == ["SQ_ID", "BIND", "EXECUTE", "BIND", "EXECUTE", "EOT"]


def test_blob_parameters_follow_the_bind_as_bbind_chunks():
    data = st.build_execute(0, bind_message([b"x" * 2500], "utf-8"))
    # 2500 bytes: chunks of 1024, 1024, 452, then an empty chunk
    assert data.count(bytes.fromhex("00270400")) == 2
    assert bytes.fromhex("002701c4") in data and data.endswith(bytes.fromhex("00270000" "0007000c"))


def test_fetch_without_bit_63_sends_a_short_buffer_size():
    ours = st.build_fetch(0, 4096, int_size=False)
    assert ours == bytes.fromhex("0004 0000 0009 1000 0000 000c")
    assert ("NFETCH.bufsize", 4096) in dec.decode_messages(ours, int_fetch_size=False)


def test_short_buffer_size_is_capped_at_32767():
    fields = dec.decode_messages(st.build_fetch(0, 100_000, int_size=False), int_fetch_size=False)
    assert ("NFETCH.bufsize", 32767) in fields


def test_sfetch_layout():
    ours = st.build_sfetch(2, st.SFETCH_ABSOLUTE, 7, 4096)
    assert ours == bytes.fromhex("0004 0002 0017 0006 00000007 00001000 000c")
    assert st.build_sfetch(2, st.SFETCH_LAST, 0, 4096, int_size=False) == bytes.fromhex(
        "0004 0002 0017 0004 00000000 1000 000c")


def _described(*columns) -> st.Description:
    return st.Description(sq.SQ_SELECT, 0, 0, tuple(
        st.ColumnInfo(name, ct, ct.sqltype, ct.extended_name, 0) for name, ct in columns))


def test_a_named_row_column_is_asked_for_as_type_44_as_jdbc_asks_it():
    # JDBC's SQ_RETTYPE for (id INT, p person_t, t INT), person_t a named ROW
    # type described with length 0x7fff (docs/composites-jdbc-wire.md, section 4)
    d = _described(("id", T.ColumnType(T.SQLINT, 4)),
                   ("p", T.ColumnType(T.SQLROW, 0x7FFF, True, "person_t")),
                   ("t", T.ColumnType(T.SQLINT, 4)))
    wire = st.wire_description(d)
    request = st.build_open(0, st.cursor_name(1), None, 4096, rettype=wire)
    rettype = bytes.fromhex("0004 0000 0064 0001 0003 0002 00000004"
                            "002c 0000 0008") + b"person_t" + bytes.fromhex(
                            "00007fff 0002 00000004")
    assert rettype in request
    assert request.index(rettype) < request.index(bytes.fromhex("0004 0000 0009"))
    assert [c.type.sqltype for c in wire.columns] == [T.SQLINT, T.SQLSENDRECV, T.SQLINT]


def test_columns_without_a_named_row_type_are_not_asked_for_again():
    d = _described(("r", T.ColumnType(T.SQLROW, 2048, True, "ROW(a integer, b varchar(10))")),
                   ("l", T.ColumnType(T.SQLLIST, 2048, True, "LIST(integer not null)")),
                   ("b", T.ColumnType(T.SQLBOOL, 1)))
    assert st.wire_description(d) is None


def test_a_collection_of_a_named_row_type_asks_every_composite_as_type_44():
    d = _described(("r", T.ColumnType(T.SQLROW, 2048, True, "ROW(a integer)")),
                   ("l", T.ColumnType(T.SQLLIST, 2048, True, "LIST(person_t not null)")),
                   ("b", T.ColumnType(T.SQLBOOL, 1)))
    wire = st.wire_description(d)
    assert [c.type.sqltype for c in wire.columns] == [T.SQLSENDRECV, T.SQLSENDRECV, T.SQLBOOL]
    body = st.build_open(0, "c", None, None, rettype=wire)
    # BOOLEAN repeats its DESCRIBE: the opaque code, its name, length 1
    assert bytes.fromhex("0029 0000 0007") + b"boolean\0" + bytes.fromhex("00000001") in body
