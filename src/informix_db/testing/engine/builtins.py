"""Which functions a statement may call: Informix's, not DuckDB's.

The engine hands translated SQL to DuckDB, whose own catalog holds a
thousand functions Informix does not have, some of which reach the host
(``read_csv``, ``glob``, ``read_text``) or describe the engine
(``current_setting``, ``duckdb_settings``).  The engine's DuckDB runs with
external access off (``databases._config``); on top of that, a statement
calling a DuckDB built-in that is no Informix built-in fails as a real
server would fail an unknown routine: -674 "Routine (name) can not be
resolved."  Names DuckDB does not know are left alone: they are tables,
types, keywords or user routines, and DuckDB reports them itself.
"""

from __future__ import annotations

import functools
import re

from informix_db.testing.engine.errors import InformixError
from informix_db.testing.engine.lexer import OP, WORD, Token

#: Informix built-in routines (IBM Informix Guide to SQL: Syntax, "Function
#: Expressions"), with the SQL constructs written like calls: collection and
#: ROW constructors, and OLAP window functions.  Lenient where the documents
#: differ between versions (the variance family): refusing a function a real
#: server has would fail a correct application.
INFORMIX_BUILTINS = frozenset("""
    abs acos add_months ascii asin atan atan2 avg bitand bitandnot bitnot bitor bitxor
    cardinality cast ceil char_length character_length charindex chr coalesce concat cos
    count cume_dist current current_role date day dbinfo dbservername decode decrypt_binary
    decrypt_char default_role degrees dense_rank encrypt_aes encrypt_tdes exp extend
    filetoblob filetoclob first first_value floor format_units gethint greatest hex
    ifx_allow_newline initcap instr lag last last_day last_value lead least left len length
    list ln locopy log10 logn lotofile lower lpad ltrim max mdy min mod month months_between
    multiset next_day ntile nullif nvl nvl2 octet_length percent_rank pow power quarter
    radians range rank ratio_to_report replace reverse right root round row row_number rpad
    rtrim set sign sin sitename space sqrt stddev_pop stddev_samp stdev substr substring
    substring_index sum tan to_char to_date to_number today trim trunc upper user
    var_pop var_samp variance weekday year
""".split())

#: A name right after one of these is an object being named, not a call.
_NAMING = ("INTO", "TABLE", "REFERENCES", "INDEX", "VIEW", "ON", "PROCEDURE", "FUNCTION",
           "ROUTINE", "SYNONYM", "SEQUENCE", "TRIGGER", "KEY", "CONSTRAINT")

#: Informix keywords that a parenthesis may follow and DuckDB also has as
#: functions: ALTER TABLE t ADD (...), FRAGMENT/PARTITION BY HASH (...), and
#: the DATETIME/INTERVAL qualifier fields (INTERVAL HOUR(5) TO SECOND).
_KEYWORD_BEFORE_PAREN = {"add": (), "hash": ("BY",), "hour": (), "minute": (), "second": ()}

_IDENT = re.compile(r"[a-z_][a-z0-9_]*\Z")


@functools.lru_cache(maxsize=1)
def duckdb_only() -> frozenset[str]:
    """DuckDB's built-in function names that are no Informix built-in."""
    import duckdb  # the engine's own dependency; imported lazily

    con = duckdb.connect(config={"enable_external_access": False})
    try:
        rows = con.execute("SELECT DISTINCT function_name FROM duckdb_functions() "
                           "WHERE internal").fetchall()
    finally:
        con.close()
    names = {name.lower() for (name,) in rows if _IDENT.match(name.lower())}
    return frozenset(names - INFORMIX_BUILTINS)


def refuse_foreign_calls(tokens: list[Token]) -> None:
    """Raise -674 for the first call in *tokens* of a DuckDB-only function."""
    for i in range(len(tokens) - 1):
        t = tokens[i]
        if t.kind != WORD:
            continue
        after = tokens[i + 1]
        if after.kind != OP or after.text != "(":
            continue
        if i and (tokens[i - 1].is_(*_NAMING)
                  or (tokens[i - 1].kind == OP and tokens[i - 1].text in (".", ":"))):
            continue
        name = t.text.lower()
        after_words = _KEYWORD_BEFORE_PAREN.get(name)
        if after_words is not None and (not after_words or (i and tokens[i - 1].is_(*after_words))):
            continue
        if name in duckdb_only():  # built once (cached)
            raise InformixError(-674, token=name)
