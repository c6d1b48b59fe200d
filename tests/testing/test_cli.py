"""``python -m informix_db.testing``: --database NAME[:MODE[:LOCALE]], --locale, --help."""

from __future__ import annotations

import subprocess
import sys

import pytest

from informix_db.connection import connect
from informix_db.testing import DATABASE_MODES, TestServer
from informix_db.testing.__main__ import parse_args
from informix_db.testing.locales import CODESETS


def _refused(argv, capsys) -> str:
    """argparse's error message for *argv* (which must be refused)."""
    with pytest.raises(SystemExit) as excinfo:
        parse_args(argv)
    assert excinfo.value.code == 2
    return capsys.readouterr().err


def test_database_takes_name_mode_and_locale():
    args = parse_args(["--database", "u8:buffered:en_US.utf8"])
    assert args.database == [("u8", "buffered", "en_US.utf8")]


def test_database_mode_defaults_to_logged_and_locale_to_the_server():
    args = parse_args(["--database", "testdb"])
    assert args.database == [("testdb", "logged", None)]


def test_database_with_mode_and_no_locale():
    assert parse_args(["--database", "x:ansi"]).database == [("x", "ansi", None)]


@pytest.mark.parametrize("mode", DATABASE_MODES)
def test_every_mode_is_accepted(mode):
    assert parse_args(["--database", f"d:{mode}:en_US.819"]).database == [
        ("d", mode, "en_US.819")]


def test_unknown_mode_is_an_argparse_error_naming_the_modes(capsys):
    err = _refused(["--database", "x:sometimes"], capsys)
    assert "unknown mode 'sometimes'" in err
    assert all(mode in err for mode in DATABASE_MODES)


def test_sysmaster_in_another_mode_than_logged_is_an_argparse_error(capsys):
    err = _refused(["--database", "sysmaster:ansi"], capsys)
    assert "sysmaster is always logged" in err


def test_locale_not_of_the_informix_form_is_an_argparse_error(capsys):
    err = _refused(["--database", "x:logged:utf8"], capsys)
    assert "argument --database" in err and "language_territory.codeset" in err


def test_locale_with_an_unknown_code_set_is_an_argparse_error(capsys):
    err = _refused(["--database", "x:logged:en_US.koi8"], capsys)
    assert "unknown code set 'koi8'" in err


def test_bad_database_name_is_an_argparse_error(capsys):
    err = _refused(["--database", "9lives"], capsys)
    assert "NAME must start with a letter" in err


def test_empty_database_name_is_an_argparse_error(capsys):
    err = _refused(["--database", ":logged"], capsys)
    assert "NAME must start with a letter" in err


def test_database_given_twice_is_an_argparse_error(capsys):
    err = _refused(["--database", "a", "--database", "A:unlogged"], capsys)
    assert "--database a is given more than once" in err


def test_server_locale_option_is_checked(capsys):
    assert parse_args(["--locale", "en_US.utf8"]).locale == "en_US.utf8"
    err = _refused(["--locale", "en_US.nope"], capsys)
    assert "argument --locale" in err and "unknown code set 'nope'" in err


def test_help_documents_every_mode_and_code_set(capsys):
    with pytest.raises(SystemExit):
        parse_args(["--help"])
    out = capsys.readouterr().out
    for word in (*DATABASE_MODES, *CODESETS, "NAME[:MODE[:LOCALE]]", "systables", "--locale"):
        assert word in out, word


def test_testserver_refuses_a_database_locale_it_cannot_serve():
    server = TestServer(databases={})
    with pytest.raises(ValueError, match="unknown code set"):
        server.create_database("x", locale="en_US.ebcdic")


def test_testserver_refuses_a_server_locale_it_cannot_serve():
    with pytest.raises(ValueError, match="language_territory.codeset"):
        TestServer(locale="C")


def _gl_ctype(port, database) -> str:
    with connect("127.0.0.1", port, "informix", "in4mix", database, "informix",
                 connect_timeout=10, read_timeout=30, autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute("select dirpath from systables where tabname = ' GL_CTYPE'")
        return cur.fetchone()[0].strip()


def test_cli_serves_a_database_in_its_own_locale():
    proc = subprocess.Popen(
        [sys.executable, "-m", "informix_db.testing", "--port", "0",
         "--database", "testdb", "--database", "u8:logged:en_US.utf8"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("listening on "), proc.stderr.read() if proc.poll() else line
        port = int(line.rsplit(":", 1)[1])
        assert (_gl_ctype(port, "u8"), _gl_ctype(port, "testdb")) == ("en_US.utf8", "en_US.819")
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


def _serve(*argv):
    """Start the CLI server; returns (process, port)."""
    proc = subprocess.Popen([sys.executable, "-m", "informix_db.testing", "--port", "0", *argv],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = []
    while True:
        line = proc.stdout.readline()
        lines.append(line)
        if not line or line.startswith("listening on "):
            break
    assert line.startswith("listening on "), (lines, proc.stderr.read() if proc.poll() else "")
    return proc, int(line.rsplit(":", 1)[1]), lines


def test_cli_serves_a_kept_database_in_its_own_locale_again(tmp_path):
    args = ["--data-dir", str(tmp_path), "--database", "u8:logged:en_US.utf8"]
    proc, port, _ = _serve(*args)
    try:
        assert _gl_ctype(port, "u8") == "en_US.utf8"
    finally:
        proc.terminate()
        proc.communicate(timeout=10)
    proc, port, lines = _serve(*args)
    try:
        assert any("database u8 exists in" in line for line in lines)
        assert _gl_ctype(port, "u8") == "en_US.utf8"
    finally:
        proc.terminate()
        proc.communicate(timeout=10)
