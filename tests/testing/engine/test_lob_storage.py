"""Large-object storage clauses: BYTE/TEXT ``IN TABLE`` / ``IN blobspace``, BLOB/CLOB.

A BYTE or TEXT column may name where its data lives: ``IN TABLE`` always
works, ``IN name`` works for a blobspace the engine was configured with and
is -606 for any other.  BLOB/CLOB are smart large objects, which need an
sbspace: an engine has one unless configured with none, and without one they
are -9810 with ISAM -12053, as IBM documents for a server whose SBSPACENAME
names none.
"""

from __future__ import annotations

import pytest

from conftest import error_of, run
from informix_db.testing.engine import Engine

NO_BLOBSPACE = -606
SMART_LOB_ERROR, NO_SBSPACE = -9810, -12053
NO_SUCH_SBSPACE = -9820


@pytest.fixture
def bare():
    """A session on an engine without any sbspace."""
    eng = Engine(databases={"testdb": "logged"}, sbspaces=())
    s = eng.open_session()
    s.open_database("testdb")
    yield s
    s.close()
    eng.close()


def _err(session, sql):
    with pytest.raises(Exception) as info:
        run(session, sql)
    return info.value


@pytest.fixture
def spaced():
    """A session on an engine with blobspace ``blobspace1``."""
    eng = Engine(databases={"testdb": "logged"}, blobspaces=("blobspace1",))
    s = eng.open_session()
    s.open_database("testdb")
    yield s
    s.close()
    eng.close()


def test_byte_in_table_is_accepted(q):
    q("create table lt (id int, b byte in table)")
    q("insert into lt values (1, ?)", (b"\x00\xff",))
    assert q("select b from lt") == [(b"\x00\xff",)]


def test_text_in_table_is_accepted(q):
    q("create table lt (id int, t text in table)")
    q("insert into lt values (1, ?)", ("words",))
    assert q("select t from lt") == [("words",)]


def test_text_in_table_takes_a_following_not_null(err, q):
    q("create table lt (id int, t text in table not null)")
    assert err("insert into lt (id) values (1)").sqlcode == -391


def test_byte_in_a_configured_blobspace_is_accepted(spaced):
    run(spaced, "create table lt (id int, b byte in blobspace1)")
    run(spaced, "insert into lt values (1, ?)", (b"data",))
    assert run(spaced, "select id, b from lt") == [(1, b"data")]


def test_blobspace_name_is_case_insensitive(spaced):
    run(spaced, "create table lt (id int, t text in BlobSpace1)")
    assert run(spaced, "select count(*) from lt") == [(0,)]


def test_byte_in_an_unknown_blobspace_is_refused(spaced):
    e = error_of(spaced, "create table lt (id int, b byte in blobspace2)")
    assert (e.sqlcode, e.token) == (NO_BLOBSPACE, "blobspace2")


def test_byte_in_a_blobspace_is_refused_without_configured_blobspaces(err):
    assert err("create table lt (id int, b byte in blobspace1)").sqlcode == NO_BLOBSPACE


def test_refused_storage_creates_no_table(err):
    err("create table lt (id int, b byte in blobspace1)")
    assert err("select * from lt").sqlcode == -206


def test_alter_add_byte_in_unknown_blobspace_is_refused(err, q):
    q("create table lt (id int)")
    assert err("alter table lt add (b byte in nosuch)").sqlcode == NO_BLOBSPACE


def test_alter_add_text_in_table_adds_the_column(q):
    q("create table lt (id int)")
    q("alter table lt add (t text in table)")
    assert q("select colname from syscolumns where colname = 't'") == [("t",)]


def test_in_after_a_type_that_is_not_byte_or_text_is_a_syntax_error(err):
    assert err("create table lt (id int in table)").sqlcode == -201


def test_in_without_a_space_name_is_a_syntax_error(err):
    assert err("create table lt (b byte in)").sqlcode == -201


@pytest.mark.parametrize("lob", ["blob", "clob"])
def test_smart_lob_column_is_refused_without_an_sbspace(bare, lob):
    e = _err(bare, f"create table lt (id int, d {lob})")
    assert (e.sqlcode, e.isam) == (SMART_LOB_ERROR, NO_SBSPACE)


def test_smart_lob_column_creates_no_table_without_an_sbspace(bare):
    _err(bare, "create table lt (id int, d blob)")
    assert _err(bare, "select * from lt").sqlcode == -206


def test_smart_lob_in_a_temp_table_is_refused_without_an_sbspace(bare):
    assert _err(bare, "create temp table lt (d clob)").sqlcode == SMART_LOB_ERROR


def test_alter_add_smart_lob_is_refused_without_an_sbspace(bare):
    run(bare, "create table lt (id int)")
    assert _err(bare, "alter table lt add (d blob)").sqlcode == SMART_LOB_ERROR


def test_refused_smart_lob_inside_a_transaction_keeps_the_transaction(bare):
    run(bare, "begin work")
    run(bare, "create table lt (id int)")
    run(bare, "insert into lt values (1)")
    _err(bare, "create table lt2 (d blob)")
    run(bare, "commit work")
    assert run(bare, "select id from lt") == [(1,)]


@pytest.mark.parametrize("lob", ["blob", "clob"])
def test_smart_lob_column_is_accepted_with_the_default_sbspace(q, lob):
    q(f"create table lt (id int, d {lob})")
    q("insert into lt values (1, NULL)")
    assert q("select id, d from lt") == [(1, None)]


def test_smart_lob_put_in_the_default_sbspace_is_accepted(q):
    q("create table lt (id int, d blob) put d in (sbspace1)")
    assert q("select count(*) from lt") == [(0,)]


def test_smart_lob_put_in_an_unknown_sbspace_names_it(err):
    e = err("create table lt (id int, d blob) put d in (nosuchspace)")
    assert (e.sqlcode, e.token) == (NO_SUCH_SBSPACE, "nosuchspace")
