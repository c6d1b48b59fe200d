"""DECIMAL storage: floating DECIMAL(p) keeps p significant digits; writes round like Informix."""

from __future__ import annotations

from decimal import Decimal

import pytest


def roundtrip(q, decl, value):
    q(f"create table d (v {decl})")
    q("insert into d values (?)", [value])
    return q("select v from d")[0][0]


@pytest.mark.parametrize("decl, value", [
    ("DECIMAL(32)", Decimal("12345678901234567890123456789012")),
    ("DECIMAL(32)", Decimal("-1.5")),
    ("DECIMAL(32)", Decimal("-123456789012345678901234567.891")),
    ("DECIMAL(20)", Decimal("-98765432109876543.21")),
    ("DECIMAL(16)", Decimal("1.2345E+50")),
    ("DECIMAL(16)", Decimal("-1.2345E-50")),
    ("DECIMAL(16)", Decimal("1234567890.123456")),
])
def test_floating_decimal_keeps_p_significant_digits(q, decl, value):
    assert roundtrip(q, decl, value) == value


def test_floating_decimal_literal_keeps_p_significant_digits(q):
    q("create table d (v DECIMAL(32))")
    q("insert into d values (12345678901234567890123456789012)")
    assert q("select v from d") == [(Decimal("12345678901234567890123456789012"),)]


def test_floating_decimal_rounds_to_p_significant_digits(q):
    assert roundtrip(q, "DECIMAL(5)", Decimal("1.234567")) == Decimal("1.2346")


def test_floating_decimal_of_many_digits_still_compares_and_sums(q):
    q("create table d (v DECIMAL(32))")
    q("insert into d values (?)", [Decimal("0.5")])
    q("insert into d values (?)", [Decimal("2.25")])
    assert q("select count(*) from d where v > ?", [1]) == [(1,)]
    assert q("select sum(v) from d")[0][0] == Decimal("2.75")


def test_fixed_decimal_write_rounds_half_up_to_the_scale(q):
    assert roundtrip(q, "DECIMAL(5,2)", Decimal("1.005")) == Decimal("1.01")


def test_odd_scale_value_is_rounded_to_what_a_dec_t_holds(q):
    # 32 significant digits with an integer digit do not fit 16 base-100 pairs
    # at scale 31: Informix keeps 31 of them (codecs.decimal.round_to_column).
    got = roundtrip(q, "DECIMAL(32,31)", Decimal("1.2345678901234567890123456789012"))
    assert got == Decimal("1.234567890123456789012345678901")


def test_decimal_too_large_for_its_column_is_1226(q, err):
    q("create table d (v DECIMAL(5,2))")
    assert err("insert into d values (?)", [Decimal("1234.5")]).sqlcode == -1226


def test_sixteen_digit_floating_decimal_is_exact(q):
    assert roundtrip(q, "DECIMAL(16)", Decimal("9999999999999999")) == Decimal("9999999999999999")


def test_floating_decimal_keeps_digits_and_exponent_range_together(q):
    assert roundtrip(q, "DECIMAL(32)", Decimal("1.2345678901234567890123456789012E+101")) \
        == Decimal("1.2345678901234567890123456789012E+101")


def test_wide_floating_decimal_orders_and_groups_as_numbers(q):
    q("create table d (v DECIMAL(20), k int)")
    for v in ("10", "9", "-1.5"):
        q("insert into d values (?, 1)", [Decimal(v)])
    assert q("select v from d order by v") == [(Decimal("-1.5"),), (Decimal("9"),),
                                               (Decimal("1E+1"),)]
    assert q("select v, count(*) from d group by v order by 2, 1")[0][1] == 1
    assert q("select max(v) from d")[0][0] == Decimal("10")


def test_non_numeric_text_into_floating_decimal_is_1213(q, err):
    q("create table d (v DECIMAL(20))")
    assert err("insert into d values ('abc')").sqlcode == -1213
