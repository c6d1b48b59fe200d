"""Connection strings: informix:// URLs, IBM JDBC URLs and ODBC-style strings."""

from __future__ import annotations

import pytest

import informix_db
from informix_db.dsn import is_dsn, parse_dsn
from informix_db.exceptions import InterfaceError

testing = pytest.importorskip("informix_db.testing")


def test_url_gives_every_part_with_percent_decoding():
    assert parse_dsn("informix://us%40r:p%3Aw@db.example.com:9090/stores?server=ol_x") == dict(
        host="db.example.com", port=9090, user="us@r", password="p:w", database="stores",
        server="ol_x")


def test_url_port_defaults_to_9088_and_database_is_optional():
    assert parse_dsn("informix://u@h") == dict(host="h", port=9088, user="u")


def test_url_options_are_converted():
    got = parse_dsn("informix://u@h/db?INFORMIXSERVER=s&read_timeout=2.5&keepalive=none"
                    "&autocommit=1&fetch_buffer_size=8192&client_locale=en_US.utf8")
    assert (got["server"], got["read_timeout"], got["keepalive"], got["autocommit"],
            got["fetch_buffer_size"], got["client_locale"]) == (
        "s", 2.5, None, True, 8192, "en_US.utf8")


def test_jdbc_url_is_read_as_ibm_writes_it():
    assert parse_dsn("jdbc:informix-sqli://10.0.0.5:9088/stores:INFORMIXSERVER=ol;"
                     "user=informix;password=in4mix") == dict(
        host="10.0.0.5", port=9088, database="stores", server="ol", user="informix",
        password="in4mix")


def test_jdbc_url_without_a_database():
    got = parse_dsn("jdbc:informix-sqli://h:1526:INFORMIXSERVER=ol;user=u")
    assert (got["host"], got["port"], "database" in got, got["server"]) == ("h", 1526, False, "ol")


def test_odbc_string_as_ifxpy_takes_it():
    assert parse_dsn("SERVER=ol;DATABASE=stores;HOST=h;SERVICE=9089;UID=u;PWD=p;"
                     "PROTOCOL=onsoctcp") == dict(
        server="ol", database="stores", host="h", port=9089, user="u", password="p")


@pytest.mark.parametrize(("text", "message"), [
    ("mysql://u@h/db", "scheme"),
    ("informix://u@h:notaport/db", "port"),
    ("informix:///db", "no host"),
    ("informix://u@h/db?colour=red", "unknown connection URL option 'colour'"),
    ("informix://u@h/db?read_timeout=soon", "not a number"),
    ("informix://u@h/db?autocommit=maybe", "autocommit"),
    ("jdbc:db2://h:50000/x", "jdbc:informix-sqli"),
    ("jdbc:informix-sqli://h:9088/db:INFORMIXSERVER=ol;IFX_LOCK_MODE_WAIT=5", "'IFX_LOCK_MODE_WAIT' is not"),
    ("SERVER=ol;HOST=h;COLOR=red", "unknown connection string keyword 'COLOR'"),
    ("SERVER=ol;DATABASE=db", "no HOST"),
    ("HOST=h;PROTOCOL=onipcshm", "PROTOCOL=onipcshm"),
    ("HOST=h;UID", "has no '='"),
])
def test_malformed_strings_say_what_is_wrong(text, message):
    with pytest.raises(InterfaceError, match=message):
        parse_dsn(text)


@pytest.mark.parametrize("text", [
    "HOST=h;UID=u;PWD s3cret-value",
    "jdbc:informix-sqli://h:9088/db:INFORMIXSERVER=ol;PASSWORD s3cret-value",
])
def test_a_malformed_password_item_is_not_echoed_in_the_error(text):
    with pytest.raises(InterfaceError, match="has no '='") as info:
        parse_dsn(text)
    assert "s3cret" not in str(info.value)


def test_plain_host_names_are_not_connection_strings():
    assert not is_dsn("db.example.com") and not is_dsn("127.0.0.1")
    assert is_dsn("informix://h") and is_dsn("HOST=h")


@pytest.fixture(scope="module")
def server():
    with testing.TestServer(databases={"testdb": "logged", "other": "unlogged"}) as srv:
        yield srv


def _forms(s):
    return {
        "url": f"informix://{s.user}:{s.password}@{s.host}:{s.port}/testdb?server={s.server_name}",
        "jdbc": s.jdbc_url("testdb"),
        "odbc": (f"SERVER={s.server_name};DATABASE=testdb;HOST={s.host};SERVICE={s.port};"
                 f"UID={s.user};PWD={s.password}"),
    }


@pytest.mark.parametrize("form", ["url", "jdbc", "odbc"])
def test_connect_accepts_each_form(server, form):
    with informix_db.connect(_forms(server)[form], connect_timeout=5) as conn:
        assert conn.database.name == "testdb"
        assert conn.cursor().execute("SELECT count(*) FROM systables").fetchone()[0] > 0


def test_arguments_win_over_the_connection_string(server):
    s = server
    url = f"informix://{s.user}:wrong@{s.host}:{s.port}/testdb?server={s.server_name}"
    with informix_db.connect(url, password=s.password, database="other") as conn:
        assert conn.database.name == "other"


def test_options_in_the_string_apply(server):
    s = server
    url = (f"informix://{s.user}:{s.password}@{s.host}:{s.port}/testdb?server={s.server_name}"
           f"&autocommit=true&read_timeout=7")
    with informix_db.connect(url) as conn:
        assert conn.autocommit is True
        assert conn._stream.timeout == 7.0


def test_connect_without_a_user_is_refused():
    with pytest.raises(InterfaceError, match="needs a user"):
        informix_db.connect("informix://h:9088/db")


@pytest.mark.parametrize("text", [
    "informix://u:p@h:9088/db?DB_LOCALE=en_US.utf8",
    "jdbc:informix-sqli://h:9088/db:INFORMIXSERVER=s;DB_LOCALE=en_US.utf8",
    "SERVER=s;DATABASE=db;HOST=h;SERVICE=9088;UID=u;PWD=p;DB_LOCALE=en_US.utf8",
])
def test_every_spelling_carries_db_locale(text):
    assert parse_dsn(text)["db_locale"] == "en_US.utf8"
