"""PEP 249 module surface: globals, type objects, constructors, exception classes."""

from __future__ import annotations

import datetime as dt
import time

import pytest

import informix_db
from informix_db import exceptions as exc_mod
from informix_db import types as T
from informix_db.connection import Connection

from .dbapi_helpers import DATABASES, open_conn, table_name

testing = pytest.importorskip("informix_db.testing")

_EXCEPTIONS = ("Warning", "Error", "InterfaceError", "DatabaseError", "DataError",
               "OperationalError", "IntegrityError", "InternalError", "ProgrammingError",
               "NotSupportedError")


@pytest.fixture(scope="module")
def conn():
    with testing.TestServer(databases=DATABASES) as srv:
        with open_conn(srv, autocommit=True) as c:
            yield c


def test_module_globals_are_the_pep249_values():
    assert informix_db.apilevel == "2.0"
    assert informix_db.threadsafety == 2  # module and connections shared, cursors not
    assert informix_db.paramstyle == "qmark"


@pytest.mark.parametrize("name", _EXCEPTIONS)
def test_exception_classes_are_on_the_module_and_the_connection(name):
    cls = getattr(exc_mod, name)
    assert getattr(informix_db, name) is cls
    assert getattr(Connection, name) is cls


def test_exception_hierarchy_follows_pep249():
    assert issubclass(informix_db.Error, Exception)
    assert issubclass(informix_db.Warning, Exception)
    assert not issubclass(informix_db.Warning, informix_db.Error)
    assert issubclass(informix_db.InterfaceError, informix_db.Error)
    assert issubclass(informix_db.DatabaseError, informix_db.Error)
    for name in ("DataError", "OperationalError", "IntegrityError", "InternalError",
                 "ProgrammingError", "NotSupportedError"):
        assert issubclass(getattr(informix_db, name), informix_db.DatabaseError)


_COLUMNS = [
    ("CHAR(3)", "STRING"), ("NCHAR(3)", "STRING"), ("VARCHAR(9)", "STRING"),
    ("NVARCHAR(9)", "STRING"), ("LVARCHAR(100)", "STRING"), ("TEXT", "STRING"),
    ("BYTE", "BINARY"),
    ("SMALLINT", "NUMBER"), ("INTEGER", "NUMBER"), ("BIGINT", "NUMBER"), ("INT8", "NUMBER"),
    ("SERIAL", "NUMBER"), ("BIGSERIAL", "NUMBER"), ("FLOAT", "NUMBER"),
    ("SMALLFLOAT", "NUMBER"), ("DECIMAL(10,2)", "NUMBER"), ("MONEY(8,2)", "NUMBER"),
    ("DATE", "DATETIME"), ("DATETIME YEAR TO FRACTION(3)", "DATETIME"),
    ("DATETIME HOUR TO SECOND", "DATETIME"), ("INTERVAL DAY TO SECOND", "DATETIME"),
]
_GROUPS = ("STRING", "BINARY", "NUMBER", "DATETIME", "ROWID")


@pytest.mark.parametrize(("decl", "group"), _COLUMNS, ids=[d for d, _ in _COLUMNS])
def test_description_type_code_equals_exactly_its_type_object(conn, decl, group):
    name = table_name("ty")
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {name} (c {decl})")
    cur.execute(f"SELECT c FROM {name}")
    code = cur.description[0][1]
    for g in _GROUPS:
        obj = getattr(informix_db, g)
        assert (code == obj) is (g == group), (decl, g)
        assert (obj == code) is (g == group), (decl, g)
        assert (code != obj) is (g != group), (decl, g)


def test_boolean_is_in_no_pep249_group():
    for g in _GROUPS:
        assert getattr(informix_db, g) != T.SQLBOOL


def test_type_objects_ignore_the_not_null_flag_of_raw_codes():
    assert informix_db.NUMBER == T.SQLINT | T.SQLNONULL
    assert informix_db.STRING != T.SQLINT | T.SQLNONULL


def test_rowid_equals_no_type_code():
    assert all(informix_db.ROWID != code for code in range(0, 256))


def test_date_time_timestamp_constructors():
    assert informix_db.Date(2024, 2, 29) == dt.date(2024, 2, 29)
    assert informix_db.Time(23, 59, 58) == dt.time(23, 59, 58)
    assert informix_db.Timestamp(2024, 2, 29, 1, 2, 3) == dt.datetime(2024, 2, 29, 1, 2, 3)
    with pytest.raises(ValueError):
        informix_db.Date(2023, 2, 29)


def test_from_ticks_constructors_use_local_time():
    ticks = 1_700_000_000.25
    local = time.localtime(ticks)
    assert informix_db.DateFromTicks(ticks) == dt.date(*local[:3])
    assert informix_db.TimeFromTicks(ticks) == dt.time(*local[3:6], 250000)
    assert informix_db.TimestampFromTicks(ticks) == dt.datetime(*local[:6], 250000)


def test_binary_makes_bytes_and_refuses_text():
    assert informix_db.Binary(bytearray(b"\x00\xff")) == b"\x00\xff"
    assert type(informix_db.Binary(memoryview(b"ab"))) is bytes
    with pytest.raises(TypeError):
        informix_db.Binary("text")


def test_constructed_values_bind_and_read_back(conn):
    name = table_name("ctor")
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {name} (d DATE, t DATETIME HOUR TO SECOND, "
                f"ts DATETIME YEAR TO SECOND, b BYTE)")
    row = (informix_db.Date(2024, 2, 29), informix_db.Time(7, 8, 9),
           informix_db.Timestamp(2024, 2, 29, 7, 8, 9), informix_db.Binary(b"\x01\x02"))
    cur.execute(f"INSERT INTO {name} VALUES (?, ?, ?, ?)", row)
    cur.execute(f"SELECT d, t, ts, b FROM {name}")
    assert cur.fetchone() == row
