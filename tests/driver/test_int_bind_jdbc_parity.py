"""Live: a Python int's BIND equals IBM JDBC's setShort / setInt for its width.

IBM JDBC and our driver each query with the same integers, one per width
edge, on one traced TestServer; the BIND parameter of every query is
decoded from both sessions' requests (``sqli_decode``) and compared.  The
markers compare with a column in a WHERE clause: a server describes an
INSERT's markers as their target columns, and JDBC then encodes the value
in the column's type (DECIMAL here), whatever the setter; a WHERE marker
is not described (the input describe, bit 34, is left out here). JDBC
binds with the setter of the narrowest Java type that holds the value
(setShort, setInt, setLong); we bind the Python int. SMALLINT and
INTEGER parameters are identical to JDBC's; for the 64-bit ones JDBC's
setLong sends INT8 (17, 10 bytes: sign word and magnitude) where we send
BIGINT (52, 8 bytes two's complement) - a deliberate difference
(docs/parity.md), checked here as exactly that.
"""

from __future__ import annotations


import pytest

from informix_db import types as T
from informix_db.codecs.bind import decode_bind

from . import sqli_decode as dec
from .test_live_jdbc_parity import traced_sessions

testing = pytest.importorskip("informix_db.testing")
pytestmark = pytest.mark.jdbc

S_MAX, I_MAX, B_MAX = 2**15 - 1, 2**31 - 1, 2**63 - 1
#: (JDBC setter, value) in the order both clients insert them.
VALUES = [
    ("setShort", 7), ("setShort", S_MAX), ("setShort", -S_MAX),
    ("setInt", S_MAX + 1), ("setInt", -S_MAX - 1), ("setInt", I_MAX), ("setInt", -I_MAX),
    ("setLong", I_MAX + 1), ("setLong", -I_MAX - 1), ("setLong", B_MAX), ("setLong", -B_MAX),
]


def _binds(requests: list[bytes]) -> list[tuple]:
    """(type, indicator, length word, data) of each one-parameter BIND sent
    after DBOPEN (the first four requests are the session's setup)."""
    out = []
    for raw in requests[4:-1]:
        fields = dict(dec.decode_messages(raw))
        if fields.get("BIND.count") == 1:
            out.append(tuple(fields[f"BIND[0].{k}"] for k in ("type", "indicator", "length", "data")))
    return out


@pytest.fixture(scope="module")
def binds(jdbc_module, tmp_path_factory):
    """``(jdbc, ours)``: the BIND of each query of VALUES, per client."""
    def jdbc_inserts(jconn):
        jconn.createStatement().executeUpdate("CREATE TABLE j_ib (v DECIMAL(20,0))")
        ps = jconn.prepareStatement("SELECT v FROM j_ib WHERE v = ?")
        for setter, value in VALUES:
            getattr(ps, setter)(1, value)
            ps.executeQuery().close()
        ps.close()

    def our_inserts(conn):
        cur = conn.cursor()
        cur.execute("CREATE TABLE d_ib (v DECIMAL(20,0))")
        for _, value in VALUES:
            cur.execute("SELECT v FROM d_ib WHERE v = ?", (value,)).fetchall()

    first, second = traced_sessions(jdbc_module, tmp_path_factory.mktemp("trace") / "int_binds.txt",
                                    jdbc_inserts, our_inserts, autocommit=True)
    return _binds(first), _binds(second)


def test_both_clients_sent_one_bind_per_value(binds):
    jdbc_binds, ours = binds
    assert len(jdbc_binds) == len(ours) == len(VALUES)


_NARROW = [(i, s, v) for i, (s, v) in enumerate(VALUES) if s != "setLong"]
_WIDE = [(i, s, v) for i, (s, v) in enumerate(VALUES) if s == "setLong"]


@pytest.mark.parametrize("index,setter,value", _NARROW, ids=[f"{s}({v})" for _, s, v in _NARROW])
def test_int_bind_is_byte_identical_to_jdbc(binds, index, setter, value):
    jdbc_binds, ours = binds
    assert ours[index] == jdbc_binds[index]


@pytest.mark.parametrize("index,setter,value", _WIDE, ids=[f"{s}({v})" for _, s, v in _WIDE])
def test_64_bit_int_is_bigint_where_jdbc_set_long_sends_int8(binds, index, setter, value):
    jdbc_binds, ours = binds
    (jt, ji, jl, jd), (ot, oi, ol, od) = jdbc_binds[index], ours[index]
    assert (jt, ot) == (T.SQLINT8, T.SQLINFXBIGINT) and ji == oi == 0 and jl == ol == 0x1300
    assert decode_bind(jt, ji, jl, jd, 0)[0] == decode_bind(ot, oi, ol, od, 0)[0] == value
