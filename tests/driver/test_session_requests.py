"""Layouts of the post-login connection requests beyond the captured cases."""

from __future__ import annotations

import pytest

from informix_db.exceptions import InterfaceError
from informix_db.protocol import session

from . import sqli_decode as dec


def test_dbopen_pads_an_odd_length_name(protocol_impl):
    fields = dict(dec.decode_dbopen(session.build_dbopen("stores")))  # 6: even
    assert fields["database"] == b"stores"
    raw = session.build_dbopen("mydb1")
    assert raw == bytes.fromhex("0024") + b"\x00\x05mydb1\x00" + bytes.fromhex("0000000c")


def test_dbopen_rejects_an_empty_name():
    with pytest.raises(InterfaceError):
        session.build_dbopen("")


def test_dbopen_rejects_an_unencodable_name():
    with pytest.raises(InterfaceError, match="cannot be encoded"):
        session.build_dbopen("数据", encoding="iso-8859-1")


def test_info_env_round_trips_other_pairs(protocol_impl):
    env = (("A", "xyz"), ("LONGERNAME", "1"))
    fields = dec.decode_info(session.build_info_env(env))
    d = dict(fields)
    assert d["env[A]"] == b"xyz" and d["env[LONGERNAME]"] == b"1"
    assert d["env.max_name"] == 10 and d["env.max_value"] == 4  # 3 rounded up to even
    assert d["item.length_consistent"]


def test_protocols_carries_any_mask(protocol_impl):
    mask = bytes(range(8))
    assert dict(dec.decode_protocols(session.build_protocols(mask)))["mask"] == mask
