"""DECIMAL declarations per database mode: ANSI databases have no floating DECIMAL.

IBM/HCL Guide to SQL: in an ANSI-compliant database DECIMAL(p) is
DECIMAL(p,0) and DECIMAL is DECIMAL(16,0); elsewhere both are floating
(described with scale 255).
"""

from __future__ import annotations

from decimal import Decimal

import pytest


@pytest.fixture
def in_mode(engine):
    """``in_mode(mode)``: a new session on a new database with that logging mode."""
    made = []

    def factory(mode):
        name = f"dec_{mode}"
        if not engine.exists(name):
            engine.create_database(name, mode)
        s = engine.open_session()
        s.open_database(name)
        made.append(s)
        return s
    yield factory
    for s in made:
        s.close()


def described(runner, s, decl):
    """(precision, scale) that SELECT of a column declared ``decl`` describes."""
    runner(s, f"create table d (v {decl})")
    length = s.prepare("select v from d").columns[0].type.length
    return length >> 8, length & 0xFF


@pytest.mark.parametrize("decl, want", [
    ("DECIMAL(12)", (12, 0)),
    ("DECIMAL", (16, 0)),
    ("DEC(5)", (5, 0)),
    ("DECIMAL(8,3)", (8, 3)),
])
def test_ansi_decimal_without_scale_is_fixed_scale_0(in_mode, runner, decl, want):
    assert described(runner, in_mode("ansi"), decl) == want


@pytest.mark.parametrize("decl, want", [("DECIMAL(12)", (12, 255)), ("DECIMAL", (16, 255))])
def test_non_ansi_decimal_without_scale_stays_floating(in_mode, runner, decl, want):
    assert described(runner, in_mode("logged"), decl) == want


def test_ansi_decimal_p_stores_integers(in_mode, runner):
    s = in_mode("ansi")
    runner(s, "create table d (v DECIMAL(8))")
    runner(s, "insert into d values (?)", [Decimal("1234.4")])
    assert runner(s, "select v from d") == [(Decimal("1234"),)]


def test_ansi_cast_to_decimal_p_has_scale_0(in_mode, runner):
    s = in_mode("ansi")
    runner(s, "create table d (v INT)")
    length = s.prepare("select v::DECIMAL(10) from d").columns[0].type.length
    assert (length >> 8, length & 0xFF) == (10, 0)


def test_ansi_alter_add_decimal_p_is_fixed(in_mode, runner):
    s = in_mode("ansi")
    runner(s, "create table d (a INT)")
    runner(s, "alter table d add (v DECIMAL(9))")
    length = s.prepare("select v from d").columns[0].type.length
    assert (length >> 8, length & 0xFF) == (9, 0)
