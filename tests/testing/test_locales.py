"""The locales a database can be created in, and the code set each one means."""

from __future__ import annotations

import pytest

from informix_db.connection import connect
from informix_db.testing.locales import check_locale, encoding_of


@pytest.mark.parametrize("locale, codec", [
    ("en_US.819", "iso-8859-1"), ("en_us.8859-1", "iso-8859-1"), ("en_US.utf8", "utf-8"),
    ("de_DE.57372", "utf-8"), ("fr_FR.923", "iso-8859-15"), ("en_US.1252", "cp1252")])
def test_code_set_names_and_numbers_mean_their_codec(locale, codec):
    assert encoding_of(check_locale(locale)) == codec


def test_other_iso_8859_parts_are_served():
    assert encoding_of(check_locale("ru_RU.8859-5")) == "iso8859-5"


@pytest.mark.parametrize("locale", ["en_US", "utf8", "en_US.", "english.utf8", "en-US.utf8"])
def test_a_name_not_of_the_form_language_territory_codeset_is_refused(locale):
    with pytest.raises(ValueError, match="language_territory.codeset"):
        check_locale(locale)


@pytest.mark.parametrize("locale", ["en_US.koi8", "en_US.8859-99"])
def test_an_unknown_code_set_is_refused(locale):
    with pytest.raises(ValueError, match="unknown code set"):
        check_locale(locale)


def test_a_clients_unknown_db_locale_falls_back_to_latin1():
    assert encoding_of("en_US.ebcdic") == "iso-8859-1"


def test_a_latin1_database_named_by_code_set_name_counts_a_character_as_a_byte(server):
    # 'éé' is 2 bytes in Latin-1 and 4 in UTF-8: VARCHAR(3) keeps it whole only
    # when the database's code set (8859-1, spelled by name) is single-byte.
    server.create_database("l1", locale="en_US.8859-1")
    with connect(server.host, server.port, server.user, server.password, "l1",
                 server.server_name, connect_timeout=10, read_timeout=30,
                 autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute("create table t (s varchar(3))")
        cur.execute("insert into t values (?)", ("éé",))
        cur.execute("select s from t")
        assert cur.fetchone() == ("éé",)
