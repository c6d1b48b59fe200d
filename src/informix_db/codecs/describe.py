"""DESCRIBE column fields <-> ``ColumnType``.

A DESCRIBE column carries a type code (with flag bits such as NOT NULL
0x100), an extended id, an extended name and the length word.  Servers
describe two built-in types as opaque types, and the codecs follow them:

* BOOLEAN -> UDTFIXED 41, extended id 5, name ``boolean``, length 1
* LVARCHAR -> UDTVAR 40, extended name ``lvarchar`` (extended id 1 as in
  sysxtdtypes; the peer driver checks only the name), length = max bytes
* BLOB / CLOB -> UDTFIXED 41, extended id 10 / 11, name ``blob`` / ``clob``,
  length 72 (the locator; see ``smartlob``)
* ROW / SET / MULTISET / LIST -> their own codes (22, 19, 20, 21) with the
  declaration as extended name (``ROW(name varchar(50), age integer)``)

Every other type is described by its own code with the extended fields
zero/empty.
"""

from __future__ import annotations

from informix_db import types as T
from informix_db.codecs.composite import COMPOSITE_CODES

__all__ = ["describe_fields", "column_type_from_describe"]

_SMART = {T.SQLBLOB: (T.XID_BLOB, "blob"), T.SQLCLOB: (T.XID_CLOB, "clob")}
_SMART_XID = {T.XID_BLOB: T.SQLBLOB, T.XID_CLOB: T.SQLCLOB}
_SMART_NAME = {"blob": T.SQLBLOB, "clob": T.SQLCLOB}


def describe_fields(ct: T.ColumnType) -> tuple[int, int, str, int]:
    """``(type_code_with_flags, extended_id, extended_name, length)`` for DESCRIBE."""
    flags = 0 if ct.nullable else T.SQLNONULL
    if ct.sqltype == T.SQLBOOL:
        return T.SQLUDTFIXED | flags, T.XID_BOOLEAN, "boolean", 1
    if ct.sqltype == T.SQLLVARCHAR:
        return T.SQLUDTVAR | flags, T.XID_LVARCHAR, "lvarchar", ct.length
    if ct.sqltype in _SMART:
        xid, name = _SMART[ct.sqltype]
        return T.SQLUDTFIXED | flags, xid, name, 72
    return ct.sqltype | flags, 0, ct.extended_name, ct.length


def column_type_from_describe(type_code: int, length: int, extended_id: int = 0,
                              extended_name: str = "") -> T.ColumnType:
    """The ``ColumnType`` of a DESCRIBE column (flags stripped, opaque
    BOOLEAN/LVARCHAR/BLOB/CLOB mapped to codes 45/43/102/101).  Other opaque types keep
    their code; the registry reports them as not supported."""
    code = type_code & T.SQLTYPE_MASK
    nullable = not type_code & T.SQLNONULL
    name = extended_name.lower()
    if code == T.SQLUDTFIXED and (name == "boolean" or extended_id == T.XID_BOOLEAN):
        return T.ColumnType(T.SQLBOOL, 1, nullable)
    if code == T.SQLUDTVAR and name == "lvarchar":
        return T.ColumnType(T.SQLLVARCHAR, length, nullable)
    if code == T.SQLUDTFIXED and (extended_id in _SMART_XID or name in _SMART_NAME):
        return T.ColumnType(_SMART_XID.get(extended_id) or _SMART_NAME[name], 72, nullable)
    if code in COMPOSITE_CODES:
        return T.ColumnType(code, length, nullable, extended_name)
    return T.ColumnType(code, length, nullable)
