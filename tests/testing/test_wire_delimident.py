"""DELIMIDENT in the login environment makes ``"..."`` a delimited identifier."""

from __future__ import annotations

from informix_db.connection import connect


def _connect(srv, env):
    return connect(srv.host, srv.port, srv.user, srv.password, "testdb", srv.server_name,
                   connect_timeout=5, read_timeout=5, env=env)


def test_delimident_y_at_login_makes_quoted_text_a_name(srv):
    with _connect(srv, {"DELIMIDENT": "y"}) as conn:
        cur = conn.cursor()
        cur.execute('CREATE TEMP TABLE "WireT" ("Mixed" INT)')
        cur.execute('INSERT INTO "WireT" VALUES (1)')
        cur.execute('SELECT "Mixed" FROM "WireT"')
        assert cur.fetchall() == [(1,)] and cur.description[0][0] == "Mixed"


def test_delimident_n_keeps_quoted_text_a_string(srv):
    with _connect(srv, {"DELIMIDENT": "n"}) as conn:
        cur = conn.cursor()
        cur.execute('SELECT "Mixed" FROM systables WHERE tabid = 1')
        assert cur.fetchall() == [("Mixed",)]
