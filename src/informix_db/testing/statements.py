"""A session's prepared statements and open cursors, by statement id.

Ids are handed out smallest-free-first, as a real server does (two open
statements get 0 and 1): clients that release every statement before the
next (the peer driver) always see id 0, and address it so.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass, field

from informix_db import types as T
from informix_db.framing import messages as m
from informix_db.testing.describe import Column

#: Engine statement kinds (by name) -> sqlstype.h statement type codes.
_KIND_CODES = {
    "select": m.SQ_SELECT, "insert": m.SQ_INSERT, "update": m.SQ_UPDATE,
    "delete": m.SQ_DELETE, "create_table": m.SQ_CRETAB, "drop_table": m.SQ_DRPTAB,
    "create_index": m.SQ_CREIDX, "drop_index": m.SQ_DRPIDX, "alter": m.SQ_ALTER,
    "begin": m.SQ_BEGWORK, "commit": m.SQ_COMMIT, "rollback": m.SQ_ROLLBACK,
    "database": m.SQ_DATABASE, "create_database": m.SQ_CREADB,
    "drop_database": m.SQ_DROPDB, "create_view": m.SQ_CREVIEW,
    "drop_view": m.SQ_DRPVIEW, "execute_procedure": m.SQ_EXECPROC,
    "execute_function": m.SQ_EXECPROC, "create_function": m.SQ_CREPROC,
    "create_procedure": m.SQ_CREPROC, "drop_function": m.SQ_DRPPROC,
    "drop_procedure": m.SQ_DRPPROC, "drop_routine": m.SQ_DRPPROC,
    "lock": m.SQ_LOCK, "unlock": m.SQ_UNLOCK, "grant": m.SQ_GRANT,
    "revoke": m.SQ_REVOKE, "update_statistics": m.SQ_STATS,
    "select_into": m.SQ_SELINTO, "close_database": m.SQ_CLSDB,
    "rename_table": m.SQ_RENTAB, "rename_column": m.SQ_RENCOL,
    "create_table_as": m.SQ_CRETAB,
}


def statement_type(kind) -> int:
    """The DESCRIBE statement type of an engine statement *kind* (code or name)."""
    if isinstance(kind, int):
        return kind
    text = str(kind).lower().replace(" ", "_")
    if text in _KIND_CODES:
        return _KIND_CODES[text]
    first = text.split("_", 1)[0]
    return _KIND_CODES.get(first, 0)


def to_columns(engine_columns) -> list[Column]:
    """Engine result columns (``.name``, ``.type``) -> ``Column``."""
    return [Column(str(col.name), col.type) for col in engine_columns or ()]


@dataclass
class Statement:
    """One prepared statement and, once opened, its cursor."""

    id: int
    prepared: object
    stmt_type: int
    columns: list[Column]
    params: list = field(default_factory=list)
    #: What SQ_DESCRIBE sends when it is not ``columns``: the ``?`` of an
    #: INSERT (or UPDATE) as their target columns (see Session._do_prepare).
    described: list[Column] | None = None
    #: SQ_AUTOGENKEYS asked for generated keys: the INSERT's key columns
    #: (None: not asked).  See Session._autogenkeys.
    keys: list[Column] | None = None
    cursor_name: str = ""
    result: object = None  #: the engine Result of an open cursor
    pending: collections.deque = field(default_factory=collections.deque)  #: encoded rows not yet sent
    encoder: object = None  #: describe.row_encoder of the open cursor
    _has_blobs: bool | None = field(default=None, repr=False)
    sent: int = 0  #: rows sent since OPEN
    exhausted: bool = False
    scroll: bool = False  #: SQ_SCROLL came before OPEN: rows are kept for SQ_SFETCH
    rows: list = field(default_factory=list)  #: a scroll cursor's rows (each encoded once fetched)
    position: int = 0  #: a scroll cursor's current row, 1-based (0 = before first)
    blob_store: object = None  #: where BYTE/TEXT values of fetched rows wait
    blob_handles: list = field(default_factory=list)  #: this cursor's entries there
    client_files: bool | None = None  #: calls FILETOBLOB/LOTOFILE (clientfiles.uses_client_files)
    raw_lobs: frozenset = frozenset()  #: columns SQ_RETTYPE asked for as type 44 (raw locators)
    insert_cursor: bool = False  #: an INSERT that was OPENed: its rows come in SQ_PUT
    put_types: list | None = None  #: the types of those rows (SQ_RETTYPE direction 0)

    @property
    def has_blobs(self) -> bool:
        # asked once per fetched row: worked out once (columns are fixed at PREPARE)
        blobs = self._has_blobs
        if blobs is None:
            blobs = self._has_blobs = any(c.type.sqltype in (T.SQLBYTES, T.SQLTEXT)
                                          for c in self.columns)
        return blobs

    def close_cursor(self) -> None:
        result, self.result = self.result, None
        self.pending.clear()
        self.encoder = None
        self.rows.clear()
        if self.blob_store is not None:
            self.blob_store.drop(self.blob_handles)
        self.blob_handles.clear()
        self.sent = 0
        self.insert_cursor = False
        self.position = 0
        self.exhausted = False
        close = getattr(result, "close", None)
        if close is not None:
            close()


class StatementTable:
    """The statements of one session."""

    def __init__(self, blob_store=None) -> None:
        self._by_id: dict[int, Statement] = {}
        self._blob_store = blob_store

    def add(self, prepared, stmt_type: int, columns: list[Column]) -> Statement:
        sid = 0
        while sid in self._by_id:
            sid += 1
        stmt = Statement(sid, prepared, stmt_type, columns, blob_store=self._blob_store)
        self._by_id[sid] = stmt
        return stmt

    def get(self, sid: int) -> Statement | None:
        return self._by_id.get(sid)

    def release(self, sid: int) -> None:
        stmt = self._by_id.pop(sid, None)
        if stmt is not None:
            stmt.close_cursor()

    def release_all(self) -> None:
        for sid in list(self._by_id):
            self.release(sid)
