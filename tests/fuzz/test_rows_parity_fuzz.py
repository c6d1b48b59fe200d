"""Pure and compiled row decoders agree on random column types x random bytes.

The compiled decoder runs in a spawned child process, so a crash there is
counted as a failure instead of killing pytest.  INFORMIX_DB_FUZZ_EXAMPLES
scales the number of cases (default 3000)."""

from __future__ import annotations

import multiprocessing
import os
import random

import pytest

from informix_db import Error
from informix_db import types as T

_CODES = [T.SQLCHAR, T.SQLNCHAR, T.SQLVCHAR, T.SQLLVARCHAR, T.SQLSMINT, T.SQLINT,
          T.SQLINT8, T.SQLINFXBIGINT, T.SQLFLOAT, T.SQLSMFLOAT, T.SQLDATE, T.SQLBOOL,
          T.SQLDECIMAL, T.SQLMONEY, T.SQLDTIME, T.SQLINTERVAL, T.SQLBYTES, T.SQLTEXT]
_LENGTHS = [-2147483648, -5, -1, 0, 1, 2, 3, 10, 255, 256, 0x0A02, 0x1002, 0x0AFF,
            0x0624, 0x0A0A, 0x0B2E, 0x0A4A, 0x0F0C, 32739, 32767, 32768, 2147483632]


def _outcome(impl: str, cases):
    """Per case: ('ok', repr(value)) or ('err', exception class name)."""
    if impl == "cython":
        from informix_db._speedups import rows
    else:
        from informix_db.codecs import rows
    out = []
    for cols, data in cases:
        try:
            decode = rows.row_decoder([T.ColumnType(c, n) for c, n in cols])
            out.append(("ok", repr(decode(data, 0))))
        except Error as exc:
            out.append(("err", type(exc).__name__))
        except Exception as exc:  # a non-driver exception is a finding too
            out.append(("bug", f"{type(exc).__name__}: {exc}"))
    return out


def _cases(seed: int, count: int):
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        cols = [(rng.choice(_CODES),
                 rng.choice(_LENGTHS) if rng.random() < 0.7 else rng.randrange(-70000, 70000))
                for _ in range(rng.randrange(1, 4))]
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 64)))
        cases.append((cols, data))
    return cases


def test_row_decoders_agree_and_raise_only_driver_errors():
    pytest.importorskip("informix_db._speedups.rows")
    count = int(os.environ.get("INFORMIX_DB_FUZZ_EXAMPLES", "3000"))
    cases = _cases(9, count)
    pure = _outcome("python", cases)
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        compiled = pool.apply_async(_outcome, ("cython", cases)).get(timeout=120)
    bugs = [(c, o) for c, o in zip(cases, pure) if o[0] == "bug"]
    bugs += [(c, o) for c, o in zip(cases, compiled) if o[0] == "bug"]
    assert bugs == []
    diverged = [(c, p, k) for c, p, k in zip(cases, pure, compiled) if p != k]
    assert diverged == []
