"""The informix-driver package's spellings that we accept besides our own.

Both packages import as ``informix_db``; code written for the other one
should keep working where the difference has no reason
(docs/migrating-from-informix-driver.md lists every difference).
"""

from __future__ import annotations

import pytest

import informix_db
from informix_db import errors_table
from informix_db.types import IntervalYM


def test_intervalym_is_importable_from_the_package():
    assert informix_db.IntervalYM is IntervalYM


def test_intervalym_of_months_alone_counts_them_in_total():
    assert IntervalYM(months=63) == IntervalYM(5, 3)


def test_intervalym_of_a_negative_month_total_keeps_the_sign_on_both_parts():
    iv = IntervalYM(months=-(5 * 12 + 3))
    assert (iv.years, iv.months) == (-5, -3)


def test_intervalym_of_a_month_total_has_its_total_and_remainder():
    iv = IntervalYM(months=2026 * 12 + 7)
    assert (iv.total_months, iv.remainder_months, str(iv)) == (2026 * 12 + 7, 7, "2026-07")


def test_intervalym_with_years_still_refuses_months_beyond_eleven():
    with pytest.raises(ValueError, match="months must be within"):
        IntervalYM(1, 15)


def test_intervalym_month_totals_hash_like_their_normal_form():
    assert {IntervalYM(months=15), IntervalYM(1, 3)} == {IntervalYM(1, 3)}


def test_server_error_exposes_isamcode_and_near():
    exc = errors_table.make_error(-206, -111, "no_such_table", 15)
    assert (exc.isamcode, exc.near, exc.offset) == (-111, "no_such_table", 15)


def test_error_made_by_hand_has_no_offset():
    assert informix_db.InterfaceError("bad input").offset is None


def test_missing_table_error_from_the_server_names_it_in_near(conn):
    cur = conn.cursor()
    with pytest.raises(informix_db.ProgrammingError) as info:
        cur.execute("SELECT * FROM no_such_table_xyz")
    assert (info.value.sqlcode, info.value.near) == (-206, "no_such_table_xyz")
