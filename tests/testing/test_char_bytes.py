"""CHAR(n)/NCHAR(n) values are blank-padded to n BYTES of the database code
set, as Informix pads them (our driver against UTF-8 and 8859-1 servers)."""

from __future__ import annotations

import pytest

from informix_db.connection import connect

UTF8, LATIN1 = "en_US.utf8", "en_US.819"
CODEC = {UTF8: "utf-8", LATIN1: "iso-8859-1"}


@pytest.fixture(params=[UTF8, LATIN1], ids=["utf8", "8859-1"])
def cur(request, server_factory):
    srv = server_factory(locale=request.param)
    conn = connect(srv.host, srv.port, srv.user, srv.password, "testdb", srv.server_name,
                   connect_timeout=10, read_timeout=30, autocommit=True,
                   client_locale=request.param)
    c = conn.cursor()
    c.codec = CODEC[request.param]
    yield c
    conn.close()


@pytest.mark.parametrize("decl", ["char", "nchar"])
def test_char_value_fills_exactly_n_bytes_of_the_code_set(cur, decl):
    cur.execute(f"create table cb_{decl} (v {decl}(4))")
    cur.execute(f"insert into cb_{decl} values (?)", ("é",))
    cur.execute(f"select v from cb_{decl}")
    (value,) = cur.fetchone()
    assert (value.rstrip(" "), len(value.encode(cur.codec))) == ("é", 4)


def test_utf8_char_pads_a_two_byte_character_with_two_blanks(server_factory):
    srv = server_factory(locale=UTF8)
    with connect(srv.host, srv.port, srv.user, srv.password, "testdb", srv.server_name,
                 connect_timeout=10, read_timeout=30, autocommit=True,
                 client_locale=UTF8) as conn:
        cur = conn.cursor()
        cur.execute("create table cu (v char(4))")
        cur.execute("insert into cu values ('é')")
        cur.execute("select v from cu")
        assert cur.fetchone() == ("é  ",)


def test_char_filled_to_its_bytes_has_no_padding(cur):
    cur.execute("create table cf (v char(4))")
    full = "éé" if cur.codec == "utf-8" else "éééé"
    cur.execute("insert into cf values (?)", (full,))
    cur.execute("select v from cf")
    assert cur.fetchone() == (full,)


def test_quoted_literal_is_a_char_of_its_byte_length(cur):
    cur.execute("select 'é' from systables where tabid = 1")
    assert (cur.fetchone(), cur.description[0][3]) == (("é",), len("é".encode(cur.codec)))
