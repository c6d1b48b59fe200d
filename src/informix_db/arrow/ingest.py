"""``Cursor.adbc_ingest``: Arrow data into a table, made from its schema if asked.

Modes, as ADBC defines them: ``"create"`` (the table must not exist),
``"append"`` (it must), ``"replace"`` (dropped if it exists, then created),
``"create_append"`` (created unless it exists).  Rows go through
``executemany`` (pipelined), read from the Arrow data batch by batch
(``binds.ArrowInput``), so a stream of any size is loaded in the memory of
one batch.

The column types ``create`` gives (``informix_type``):

======================================  =========================================
Arrow                                   Informix
======================================  =========================================
int8, int16, uint8                      SMALLINT
int32, uint16                           INTEGER
int64, uint32                           BIGINT
uint64                                  DECIMAL(20,0)
float16, float32 / float64              SMALLFLOAT / FLOAT
decimal128/256(p, s), p <= 32           DECIMAL(p, s)
utf8, large_utf8, utf8_view             VARCHAR(255) when the first batch's values
                                        fit, else LVARCHAR(32739)
binary, large_binary, binary_view       BYTE
bool                                    BOOLEAN
date32, date64                          DATE
timestamp[s] / [ms] / [us], [ns]        DATETIME YEAR TO SECOND / FRACTION(3) / FRACTION(5)
time32[s] / [ms], time64                DATETIME HOUR TO SECOND / FRACTION(3) / FRACTION(5)
duration[s] / [ms] / [us], [ns]         INTERVAL DAY(9) TO SECOND / FRACTION(3) / FRACTION(5)
interval[months], month_day_nano        INTERVAL YEAR(9) TO MONTH
null                                    VARCHAR(255)
======================================  =========================================
"""

from __future__ import annotations

import re

from informix_db.arrow.binds import ArrowInput
from informix_db.exceptions import NotSupportedError, ProgrammingError

__all__ = ["MODES", "informix_type", "ingest_plan"]

MODES = ("create", "append", "replace", "create_append")
#: Informix's SQLCODEs for a table that exists already / is not there.
TABLE_EXISTS = -310
NO_SUCH_TABLE = -206

_SIMPLE = {"c": "SMALLINT", "s": "SMALLINT", "C": "SMALLINT", "i": "INTEGER", "S": "INTEGER",
           "l": "BIGINT", "I": "BIGINT", "L": "DECIMAL(20,0)", "e": "SMALLFLOAT",
           "f": "SMALLFLOAT", "g": "FLOAT", "z": "BYTE", "Z": "BYTE", "vz": "BYTE",
           "b": "BOOLEAN", "tdD": "DATE", "tdm": "DATE", "tiM": "INTERVAL YEAR(9) TO MONTH",
           "tin": "INTERVAL YEAR(9) TO MONTH",
           "tts": "DATETIME HOUR TO SECOND", "ttm": "DATETIME HOUR TO FRACTION(3)",
           "ttu": "DATETIME HOUR TO FRACTION(5)", "ttn": "DATETIME HOUR TO FRACTION(5)",
           "tDs": "INTERVAL DAY(9) TO SECOND", "tDm": "INTERVAL DAY(9) TO FRACTION(3)",
           "tDu": "INTERVAL DAY(9) TO FRACTION(5)", "tDn": "INTERVAL DAY(9) TO FRACTION(5)"}
_TIMESTAMP = {"s": "DATETIME YEAR TO SECOND", "m": "DATETIME YEAR TO FRACTION(3)",
              "u": "DATETIME YEAR TO FRACTION(5)", "n": "DATETIME YEAR TO FRACTION(5)"}
_TEXT = ("u", "U", "vu", "n")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*$")


def informix_type(fmt: str, longest: int = 0) -> str:
    """The column type ``create`` declares for Arrow format *fmt*; for text,
    *longest* (the first batch's longest value, UTF-8 bytes) chooses
    between VARCHAR and LVARCHAR."""
    if fmt in _SIMPLE:
        return _SIMPLE[fmt]
    if fmt in _TEXT:
        return "VARCHAR(255)" if longest <= 255 else "LVARCHAR(32739)"
    if fmt.startswith("d:"):
        precision, scale = (int(x) for x in fmt[2:].split(",")[:2])
        if precision > 32:
            raise NotSupportedError(f"decimal({precision},{scale}): Informix DECIMAL holds "
                                    f"32 digits at most")
        return f"DECIMAL({precision},{scale})"
    if fmt.startswith("ts") and len(fmt) >= 4 and fmt[3] == ":" and fmt[2] in _TIMESTAMP:
        return _TIMESTAMP[fmt[2]]
    raise NotSupportedError(f"no Informix column type for Arrow format {fmt!r}")


def _identifier(name: str, what: str) -> str:
    if not _NAME.match(name or ""):
        raise ProgrammingError(f"{what} {name!r} is not a plain SQL identifier")
    return name


def ingest_plan(table_name: str, data, mode: str, temporary: bool):
    """``(table, insert SQL, source, create SQL)`` for an ingest: the table's
    name, the INSERT, the data opened as an ``ArrowInput`` (which
    ``executemany`` takes) and the CREATE TABLE (None for ``append``)."""
    if mode not in MODES:
        raise ProgrammingError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    table = _identifier(table_name, "table name")
    source = ArrowInput(data)
    try:
        names = [_identifier(n, "column name") for n in source.names]
        if not names:
            raise ProgrammingError("the Arrow data has no columns")
        create = None
        if mode != "append":
            longest = source.first_text_widths()
            types = []
            for name, fmt, width in zip(names, source.formats, longest):
                try:
                    types.append(informix_type(fmt, width))
                except NotSupportedError as exc:
                    raise NotSupportedError(f"adbc_ingest into {table}: column {name!r}: "
                                            f"{exc}") from None
            cols = ", ".join(f"{n} {t}" for n, t in zip(names, types))
            create = f"CREATE {'TEMP ' if temporary else ''}TABLE {table} ({cols})"
    except BaseException:
        source.close()
        raise
    insert = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    return table, insert, source, create
