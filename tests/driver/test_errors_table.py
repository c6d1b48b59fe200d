"""SQLCODE -> exception class, SQLSTATE and message."""

from __future__ import annotations

import pytest

from informix_db import errors_table
from informix_db.exceptions import (
    DatabaseError,
    DataError,
    IntegrityError,
    OperationalError,
    ProgrammingError,
)


@pytest.mark.parametrize(
    ("sqlcode", "cls"),
    [
        (-268, IntegrityError), (-239, IntegrityError), (-391, IntegrityError), (-703, IntegrityError),
        (-201, ProgrammingError), (-206, ProgrammingError), (-217, ProgrammingError),
        (-1213, DataError), (-1226, DataError),
        (-951, OperationalError), (-329, OperationalError), (-908, OperationalError),
    ],
)
def test_sqlcode_maps_to_its_pep249_class(sqlcode, cls):
    assert type(errors_table.make_error(sqlcode)) is cls


def test_unknown_sqlcode_is_a_plain_database_error_naming_the_code():
    exc = errors_table.make_error(-31999)
    assert type(exc) is DatabaseError
    assert exc.sqlcode == -31999 and "-31999" in str(exc)
    assert exc.sqlstate == "IX000"


def test_token_is_substituted_into_the_text():
    exc = errors_table.make_error(-206, -111, "orders", 15)
    assert "The specified table (orders) is not in the database." in str(exc)
    assert "ISAM -111" in str(exc) and "offset 15" in str(exc)
    assert (exc.sqlcode, exc.isam_code, exc.token, exc.offset) == (-206, -111, "orders", 15)


def test_token_is_appended_when_the_text_has_no_place_for_it():
    assert "(x)" in str(errors_table.make_error(-201, token="x"))


def test_sqlstate_comes_from_the_table():
    assert errors_table.make_error(-268).sqlstate == "23000"
    assert errors_table.make_error(-951).sqlstate == "28000"


def test_register_adds_a_code(monkeypatch):
    monkeypatch.setitem(errors_table.ERRORS, -32000, errors_table.ERRORS[-201])
    errors_table.register(-32000, DataError, "Site error %s.", "22000")
    exc = errors_table.make_error(-32000, token="t")
    assert type(exc) is DataError and str(exc) == "[-32000] Site error t."


def test_register_refuses_a_foreign_class():
    with pytest.raises(TypeError):
        errors_table.register(-32001, ValueError, "x")


def test_unknown_blobspace_is_a_programming_error_naming_it():
    exc = errors_table.make_error(-606, token="blobspace9")
    assert type(exc) is ProgrammingError
    assert str(exc) == "[-606] Invalid blob space name. (blobspace9)"


def test_smart_lob_error_without_an_sbspace_explains_its_isam_code():
    exc = errors_table.make_error(-9810, -12053)
    assert type(exc) is OperationalError
    assert "No sbspace number specified" in str(exc)


def test_missing_sbspace_names_it():
    assert "Sbspace (sb1) does not exist." in str(errors_table.make_error(-9820, token="sb1"))
