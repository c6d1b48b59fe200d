"""CLIENT_LOCALE/DB_LOCALE: UTF-8 and ISO-8859-1 databases, end to end through our driver."""

from __future__ import annotations

import pytest

from informix_db.connection import connect
from informix_db.exceptions import DatabaseError, DataError, InterfaceError
from informix_db.protocol import login

testing = pytest.importorskip("informix_db.testing")
pytest.importorskip("informix_db.testing.engine")  # databases with a locale need the engine

UTF8, LATIN1 = "en_US.utf8", "en_US.819"
#: Text each database's code set holds: accents and ß everywhere; € and CJK only in UTF-8.
TEXT = {UTF8: "é ß € 中文", LATIN1: "é ß ÿ Ä"}
CODEC = {UTF8: "utf-8", LATIN1: "iso-8859-1"}
COLUMN_TYPES = ["char(30)", "nchar(30)", "varchar(60)", "nvarchar(60)", "lvarchar(200)", "text"]


@pytest.fixture(scope="module")
def servers():
    """One server per locale: its databases are created in that locale."""
    started = {}
    try:
        for locale in (UTF8, LATIN1):
            srv = started[locale] = testing.TestServer(locale=locale).start()
            srv.test_locale = locale
        yield started
    finally:
        for srv in started.values():
            srv.stop()


@pytest.fixture(params=[UTF8, LATIN1], ids=["utf8", "8859-1"])
def server(request, servers):
    return servers[request.param]


def _connect(srv, **kw):
    kw.setdefault("client_locale", srv.test_locale)
    return connect("127.0.0.1", srv.port, srv.user, srv.password, "testdb", srv.server_name,
                   connect_timeout=5, autocommit=True, **kw)


@pytest.fixture
def conn(server):
    c = _connect(server)
    yield c
    c.close()


_tables = iter(range(1_000_000))


def _table(cur, column_type: str) -> str:
    name = f"loc{next(_tables)}"
    cur.execute(f"create table {name} (id int, v {column_type})")
    return name


def _read(cur, table: str):
    cur.execute(f"select v from {table} order by id")
    return [row[0] for row in cur.fetchall()]


# -- the login environment -------------------------------------------------------------

def test_login_environment_carries_client_and_db_locale_in_order():
    names = [name for name, _ in login.login_environment(UTF8, LATIN1)]
    assert names[1:3] == ["CLIENT_LOCALE", "DB_LOCALE"]
    assert dict(login.login_environment(UTF8, LATIN1))["DB_LOCALE"] == LATIN1


def test_login_environment_omits_db_locale_unless_given():
    # JDBC's default login names no DB_LOCALE (capture g00).
    assert "DB_LOCALE" not in dict(login.login_environment(UTF8))


def test_login_env_replaces_a_driver_variable_in_place_and_appends_new_ones():
    env = login.login_environment(UTF8, None, {"DBDATE": "MDY4/", "OPTCOMPIND": "0"})
    names = [name for name, _ in env]
    assert names[-1] == "OPTCOMPIND" and names.count("DBDATE") == 1
    assert dict(env)["DBDATE"] == "MDY4/"


@pytest.mark.parametrize("bad", [{"DBDATE": 4}, {"": "x"}, {1: "x"}])
def test_login_env_of_other_than_names_and_strings_is_refused(bad):
    with pytest.raises(InterfaceError, match="env must map"):
        login.login_environment(UTF8, None, bad)


def test_db_locale_given_in_env_sets_the_connection_encoding(server):
    # informix-driver's connect(env={...}) form
    with _connect(server, client_locale="en_US.8859-1", env={"DB_LOCALE": UTF8}) as c:
        assert c.encoding == "utf-8"


def test_connection_encoding_follows_db_locale_over_client_locale(server):
    with _connect(server, client_locale="en_US.8859-1", db_locale=UTF8) as c:
        assert c.encoding == "utf-8"


def test_unknown_db_locale_code_set_is_refused_naming_db_locale(server):
    with pytest.raises(InterfaceError, match="db_locale"):
        _connect(server, db_locale="en_US.nosuchset")


# -- each database in its code set --------------------------------------------------------

def test_database_records_its_locale(conn, server):
    cur = conn.cursor()
    cur.execute("select dirpath from systables where tabname = ' GL_CTYPE'")
    assert cur.fetchone()[0] == server.test_locale


@pytest.mark.parametrize("column_type", COLUMN_TYPES)
def test_non_ascii_parameters_read_back_unchanged(conn, server, column_type):
    cur = conn.cursor()
    table = _table(cur, column_type)
    cur.execute(f"insert into {table} values (1, ?)", (TEXT[server.test_locale],))
    (value,) = _read(cur, table)
    if column_type.startswith(("char", "nchar")):
        # CHAR(n) is n bytes of the code set, blank padded.
        assert len(value.encode(CODEC[server.test_locale])) == 30
        value = value.rstrip(" ")
    assert value == TEXT[server.test_locale]


@pytest.mark.parametrize("column_type", [t for t in COLUMN_TYPES if t != "text"])
def test_non_ascii_literals_read_back_unchanged(conn, server, column_type):
    cur = conn.cursor()
    table = _table(cur, column_type)
    cur.execute(f"insert into {table} values (1, '{TEXT[server.test_locale]}')")
    cur.execute(f"select id from {table} where v = '{TEXT[server.test_locale]}'")
    assert cur.fetchall() == [(1,)]
    assert _read(cur, table)[0].rstrip(" ") == TEXT[server.test_locale]


def test_char_length_counts_bytes_of_the_code_set(conn, server):
    cur = conn.cursor()
    table = _table(cur, "char(10)")
    cur.execute(f"insert into {table} values (1, ?)", ("éé",))
    blanks = 10 - len("éé".encode(CODEC[server.test_locale]))  # 6 in UTF-8, 8 in 8859-1
    assert _read(cur, table) == ["éé" + " " * blanks]


# -- characters the database code set cannot hold -------------------------------------

@pytest.fixture
def latin1_conn(servers):
    c = _connect(servers[LATIN1])
    yield c
    c.close()


@pytest.mark.parametrize("column_type", COLUMN_TYPES)
@pytest.mark.parametrize("text", ["€", "中文"], ids=["euro", "cjk"])
def test_unrepresentable_parameter_raises_data_error(latin1_conn, column_type, text):
    cur = latin1_conn.cursor()
    table = _table(cur, column_type)
    with pytest.raises(DataError, match="cannot be encoded as iso8859-1"):
        cur.execute(f"insert into {table} values (1, ?)", (f"prix {text}",))
    # Refused before sending: nothing stored, the connection still works.
    cur.execute(f"select count(*) from {table}")
    assert cur.fetchone() == (0,)


def test_unrepresentable_literal_is_refused_before_sending(latin1_conn):
    cur = latin1_conn.cursor()
    table = _table(cur, "varchar(20)")
    sql = f"insert into {table} values (1, '€')"
    with pytest.raises(DataError,
                       match=f"cannot be encoded as iso8859-1: '€' at position {sql.index('€')}"):
        cur.execute(sql)
    cur.execute(f"select count(*) from {table}")
    assert cur.fetchone() == (0,)


def test_client_locale_without_the_character_refuses_it(server):
    # An 8859-1 client cannot send € even to a UTF-8 database.
    with _connect(server, client_locale="en_US.8859-1") as c:
        cur = c.cursor()
        table = _table(cur, "varchar(20)")
        with pytest.raises(DataError, match="cannot be encoded"):
            cur.execute(f"insert into {table} values (1, ?)", ("€",))


# -- DB_LOCALE honoured ------------------------------------------------------------------

def test_db_locale_sets_the_code_set_of_the_session(server):
    # DB_LOCALE says UTF-8: the server speaks it to this session whatever its default.
    with _connect(server, client_locale="en_US.8859-1", db_locale=UTF8) as c:
        cur = c.cursor()
        table = _table(cur, "nvarchar(40)")
        cur.execute(f"insert into {table} values (1, ?)", ("€ 中文",))
        cur.execute(f"insert into {table} values (2, '€ 中文')")
        assert _read(cur, table) == ["€ 中文", "€ 中文"]
        # The server decoded UTF-8: 4 characters (8859-1 would have seen 10 bytes).
        cur.execute(f"select length(v) from {table}")
        assert cur.fetchall() == [(4,), (4,)]


# -- the opened database's own locale ------------------------------------------------------

_databases = iter(range(1_000_000))


def _database_in(srv, locale: str) -> str:
    """A new database of *srv* created in *locale* (whatever the server's own)."""
    name = f"locdb{next(_databases)}"
    srv.create_database(name, "logged", locale=locale)
    return name


def test_session_speaks_the_code_set_of_the_opened_database(servers):
    # An 8859-1 server, a UTF-8 database, a client naming no DB_LOCALE:
    # the server decodes this session's text as UTF-8.
    srv = servers[LATIN1]
    name = _database_in(srv, UTF8)
    with connect("127.0.0.1", srv.port, srv.user, srv.password, name, srv.server_name,
                 connect_timeout=5, autocommit=True, client_locale=UTF8) as c:
        cur = c.cursor()
        table = _table(cur, "nvarchar(40)")
        cur.execute(f"insert into {table} values (1, ?)", ("€ 中文",))
        cur.execute(f"select v, length(v) from {table}")
        assert cur.fetchall() == [("€ 中文", 4)]


def test_client_db_locale_wins_over_the_opened_database_locale(servers):
    srv = servers[LATIN1]
    name = _database_in(srv, UTF8)
    with connect("127.0.0.1", srv.port, srv.user, srv.password, name, srv.server_name,
                 connect_timeout=5, autocommit=True, client_locale=LATIN1,
                 db_locale=LATIN1) as c:
        cur = c.cursor()
        cur.execute("select length('éé') from systables where tabid = 1")
        assert cur.fetchone() == (2,)  # decoded as 8859-1: one byte, one character


def test_value_the_client_code_set_lacks_is_error_23103(servers):
    srv = servers[UTF8]
    with _connect(srv) as c:
        table = _table(c.cursor(), "varchar(20)")
        c.cursor().execute(f"insert into {table} values (1, '€')")
    with _connect(srv, client_locale=LATIN1, db_locale=LATIN1) as c:
        cur = c.cursor()
        with pytest.raises(DatabaseError) as info:
            cur.execute(f"select v from {table}")
            cur.fetchall()
        assert info.value.sqlcode == -23103
        cur.execute("select count(*) from systables where tabid = 1")  # still usable
        assert cur.fetchone() == (1,)


def test_error_token_travels_in_the_session_code_set(servers):
    srv = servers[UTF8]
    with _connect(srv) as c, pytest.raises(DatabaseError) as info:
        c.cursor().execute("select * from nosuch_é€中")
    assert (info.value.sqlcode, info.value.token) == (-206, "nosuch_é€中")


def test_over_long_utf8_text_is_cut_to_the_column_bytes_and_fetched(servers):
    # VARCHAR(5) holds 5 bytes: "ééé" (6 in UTF-8) keeps "éé" and reads back cleanly.
    with _connect(servers[UTF8]) as c:
        cur = c.cursor()
        table = _table(cur, "varchar(5)")
        cur.execute(f"insert into {table} values (1, ?)", ("ééé",))
        assert _read(cur, table) == ["éé"]
