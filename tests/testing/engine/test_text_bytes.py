"""CHAR/VARCHAR/NCHAR/NVARCHAR/LVARCHAR(n) hold n BYTES of the database code set.

A database that is not ANSI-compliant cuts over-long text (at a character
boundary); an ANSI-compliant one refuses it with -1279 (IBM: "Truncated CHAR
Values", STRING_TRUNCATE_ERROR).
"""

from __future__ import annotations

import pytest

from conftest import error_of, run

UTF8, LATIN1 = "en_US.57372", "en_US.819"


@pytest.fixture
def open_db(engine):
    """``open_db(mode, locale)``: a session on a new database of that mode and locale."""
    sessions = []

    def make(mode: str, locale: str):
        name = f"bytes{len(sessions)}"
        engine.create_database(name, mode, locale=locale)
        s = engine.open_session()
        s.open_database(name)
        sessions.append(s)
        return s
    yield make
    for s in sessions:
        s.close()


def _stored(s, column_type: str, value: str, literal: bool = False):
    run(s, f"create table t (v {column_type})")
    if literal:
        run(s, f"insert into t values ('{value}')")
    else:
        run(s, "insert into t values (?)", (value,))
    return run(s, "select v from t")[0][0]


@pytest.mark.parametrize("column_type", ["varchar(5)", "nvarchar(5)", "lvarchar(5)"])
def test_utf8_variable_text_is_cut_to_whole_characters_within_n_bytes(open_db, column_type):
    # "ééé" is 6 bytes in UTF-8: two characters (4 bytes) fit in 5
    assert _stored(open_db("logged", UTF8), column_type, "ééé") == "éé"


@pytest.mark.parametrize("column_type", ["char(5)", "nchar(5)"])
def test_utf8_char_keeps_the_characters_that_fit_n_bytes(open_db, column_type):
    assert _stored(open_db("logged", UTF8), column_type, "ééé").rstrip(" ") == "éé"


def test_utf8_cut_never_splits_a_character(open_db):
    # "€" is 3 bytes: "a€" is 4, "a€b" 5; in 3 bytes only "a" fits whole
    assert _stored(open_db("logged", UTF8), "varchar(3)", "a€b") == "a"


def test_utf8_literal_is_cut_by_bytes_too(open_db):
    assert _stored(open_db("logged", UTF8), "varchar(4)", "中文", literal=True) == "中"


def test_utf8_text_within_n_bytes_is_kept_whole(open_db):
    assert _stored(open_db("logged", UTF8), "varchar(6)", "ééé") == "ééé"


def test_single_byte_code_set_counts_one_byte_per_character(open_db):
    assert _stored(open_db("logged", LATIN1), "varchar(3)", "éééé") == "ééé"


@pytest.mark.parametrize("locale", [UTF8, LATIN1])
@pytest.mark.parametrize("column_type", ["char(5)", "varchar(5)", "lvarchar(5)"])
def test_ansi_database_refuses_text_longer_than_n_bytes(open_db, locale, column_type):
    s = open_db("ansi", locale)
    run(s, f"create table t (v {column_type})")
    value = "ééé" if locale == UTF8 else "éééééé"  # 6 bytes either way
    assert error_of(s, "insert into t values (?)", (value,)).sqlcode == -1279


def test_ansi_char_accepts_trailing_blanks_beyond_n(open_db):
    # the blanks are CHAR padding: nothing of the value is lost
    assert _stored(open_db("ansi", UTF8), "char(4)", "éé   ").rstrip(" ") == "éé"
