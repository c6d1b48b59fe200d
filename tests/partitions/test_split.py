"""The splitting logic, without a server: bounds and conditions."""

from __future__ import annotations

import datetime
import pickle
import random
from decimal import Decimal

import pytest

from informix_db.exceptions import ProgrammingError
from informix_db.partitions import (
    ConnectionFactory,
    Partition,
    _hash_wheres,
    _range_wheres,
    connection_factory,
    partition_query,
    range_bounds,
)


def _assign(value, bounds):
    """Index of the range of *value* by the conditions' own comparisons."""
    if not bounds or value < bounds[0]:
        return 0
    for i, (lo, hi) in enumerate(zip(bounds, bounds[1:]), start=1):
        if lo <= value < hi:
            return i
    assert value >= bounds[-1]
    return len(bounds)


@pytest.mark.parametrize("lo, hi, count", [
    (0, 99, 4), (-10, 10, 3), (-7, -1, 8), (0, 2, 8), (5, 5, 4), (0, 1, 2),
    (-2147483647, 2147483647, 8), (-(2 ** 63) + 1, 2 ** 63 - 1, 7), (0, 1000, 1),
])
def test_integer_bounds_cover_each_value_once(lo, hi, count):
    bounds = range_bounds(lo, hi, count)
    assert bounds == sorted(set(bounds))
    assert all(lo < b <= hi for b in bounds)
    assert len(bounds) + 1 <= count
    values = range(lo, hi + 1) if hi - lo < 10_000 else [lo, lo + 1, 0, hi - 1, hi, *bounds]
    seen = {_assign(v, bounds) for v in values}
    # every range holds at least one possible value
    assert seen == set(range(len(bounds) + 1))


def test_integer_bounds_are_even():
    assert range_bounds(0, 99, 4) == [25, 50, 75]
    assert range_bounds(1, 1_000_000, 8) == [125_001 + 125_000 * i for i in range(7)]
    assert range_bounds(0, 2, 8) == [1, 2]            # count > distinct values
    assert range_bounds(3, 3, 8) == []                # one value: one range


def test_date_datetime_decimal_float_bounds():
    d = range_bounds(datetime.date(2020, 1, 1), datetime.date(2020, 1, 4), 4)
    assert d == [datetime.date(2020, 1, 2), datetime.date(2020, 1, 3), datetime.date(2020, 1, 4)]
    t0 = datetime.datetime(2020, 1, 1)
    t = range_bounds(t0, t0 + datetime.timedelta(hours=4), 4)
    assert t == [t0 + datetime.timedelta(hours=h) for h in (1, 2, 3)]
    dec = range_bounds(Decimal("0.00"), Decimal("1.00"), 3)
    assert dec == [Decimal("0.33"), Decimal("0.67")]
    assert all(b.as_tuple().exponent == -2 for b in dec)
    assert range_bounds(Decimal("0.01"), Decimal("0.02"), 8) == [Decimal("0.02")]
    assert range_bounds(Decimal("-1.5"), Decimal("1.25"), 2) == [Decimal("-0.12")]
    assert range_bounds(0.0, 1.0, 4) == [0.25, 0.5, 0.75]
    assert range_bounds(None, None, 4) == []


def test_random_values_land_once():
    rng = random.Random(15)
    for _ in range(200):
        values = [rng.randint(-50, 50) for _ in range(rng.randint(1, 30))]
        bounds = range_bounds(min(values), max(values), rng.randint(1, 12))
        counts = [0] * (len(bounds) + 1)
        for v in values:
            counts[_assign(v, bounds)] += 1
        assert sum(counts) == len(values)


def test_unsplittable_types_and_bad_count():
    with pytest.raises(ProgrammingError, match="hash_key"):
        range_bounds("a", "z", 3)
    with pytest.raises(ProgrammingError, match="BOOLEAN"):
        range_bounds(False, True, 2)
    for bad in (0, -1, 2.0, True):
        with pytest.raises(ProgrammingError, match="count"):
            range_bounds(0, 10, bad)


def test_conditions():
    assert _range_wheres("c", [], "none") == [("c IS NOT NULL", ())]
    assert _range_wheres("c", [5, 9], "own") == [
        ("c < ?", (5,)), ("c >= ? AND c < ?", (5, 9)), ("c >= ?", (9,)), ("c IS NULL", ())]
    assert _range_wheres("c", [5], "first")[0] == ("(c < ? OR c IS NULL)", (5,))
    assert _hash_wheres("k", 3) == [("(MOD(ABS(k), 3) = 0 OR k IS NULL)", ()),
                                    ("MOD(ABS(k), 3) = 1", ()), ("MOD(ABS(k), 3) = 2", ())]


def test_explicit_bounds_need_no_server():
    f = connection_factory("informix://u:secret@127.0.0.1:1/db?server=s")
    parts = partition_query(f, "SELECT * FROM t", column="id", count=4, lower=0, upper=99)
    assert [p.where for p in parts] == ["(id < ? OR id IS NULL)", "id >= ? AND id < ?",
                                        "id >= ? AND id < ?", "id >= ?"]
    assert [p.params for p in parts] == [(25,), (25, 50), (50, 75), (75,)]
    assert parts[1].sql == "SELECT * FROM (SELECT * FROM t) ifx_part_q WHERE id >= ? AND id < ?"
    assert {p.count for p in parts} == {4} and [p.index for p in parts] == [0, 1, 2, 3]
    hashed = partition_query({"host": "h", "port": 1}, "SELECT * FROM t WHERE a > ?",
                             hash_key="id", count=2, params=(3,))
    assert [p.params for p in hashed] == [(3,), (3,)]


def test_argument_errors():
    f = connection_factory(host="h")
    with pytest.raises(ProgrammingError, match="exactly one"):
        partition_query(f, "SELECT 1", count=2)
    with pytest.raises(ProgrammingError, match="exactly one"):
        partition_query(f, "SELECT 1", column="a", hash_key="b", count=2)
    with pytest.raises(ProgrammingError, match="both lower and upper"):
        partition_query(f, "SELECT 1", column="a", lower=1, count=2)
    with pytest.raises(ProgrammingError, match="lower/upper"):
        partition_query(f, "SELECT 1", hash_key="a", lower=1, upper=2, count=2)
    with pytest.raises(TypeError, match="connection string"):
        partition_query(42, "SELECT 1", hash_key="a", count=2)
    with pytest.raises(Exception, match="host"):
        connection_factory()


def test_pickle_round_trip_and_masked_repr():
    f = connection_factory("informix://u:s3cret@127.0.0.1:1/db?server=s", read_timeout=5.0)
    g = connection_factory(host="h", port=1, user="u", password="s3cret")
    for factory in (f, g):
        assert "s3cret" not in repr(factory)
        assert pickle.loads(pickle.dumps(factory)) == factory
    part = Partition(f, "SELECT * FROM t WHERE d >= ?", (datetime.date(2020, 1, 1),), 1, 3, "d")
    copy = pickle.loads(pickle.dumps(part))
    assert copy == part and isinstance(copy.factory, ConnectionFactory)
    assert "s3cret" not in repr(part)
