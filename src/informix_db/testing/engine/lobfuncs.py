"""The SQL routines of smart large objects: FILETOBLOB, FILETOCLOB, LOTOFILE,
LOCOPY, and the ``ifx_lo_*`` routines clients call (IBM Informix Guide to
SQL: Syntax, "Smart-Large-Object Functions").

FILETOBLOB/FILETOCLOB are per-execution values (a slot: the planner makes
one, ``SlotValues`` fills it), so the transaction replay log keeps the
locator they made, never the call.  The others depend on each row's
object and run inside DuckDB as Python functions, registered on every
database's connection; they reach the session that runs the statement
through ``current`` (a session serves its client from one thread).

'client' files go through the session's ``client_files`` (the protocol
session's SQ_FILE dialog, ``testing.clientfiles``).  'server' files are
refused: the test server does not let a client reach its file system.
"""

from __future__ import annotations

import functools
import threading

from informix_db import types as T
from informix_db.testing.engine.errors import InformixError
from informix_db.testing.engine.sbspace import LOCATOR_SIZE, SMART_LOB_ERROR

_local = threading.local()


def activate(session) -> None:
    """Make *session* the one the routines act for in this thread."""
    _local.session = session


def _session():
    session = getattr(_local, "session", None)
    if session is None:
        raise InformixError(SMART_LOB_ERROR, token="no session")
    return session


def take_error():
    """The Informix error a routine raised inside DuckDB (then cleared)."""
    err = getattr(_local, "error", None)
    _local.error = None
    return err


def _guarded(fn):
    @functools.wraps(fn)  # DuckDB counts the parameters through the signature
    def call(*args):
        try:
            return fn(*args)
        except InformixError as exc:
            _local.error = exc  # DuckDB wraps exceptions: the session's _map takes this back
            raise
    return call


def _location(where) -> None:
    if where is None or where.strip().lower() != "client":
        raise InformixError(SMART_LOB_ERROR, token=f"{where!r}: only 'client' files")


def read_client_file(session, name: str, where: str, xid: int) -> bytes:
    """FILETOBLOB/FILETOCLOB: a new object holding client file *name*; its locator."""
    _location(where)
    files = getattr(session, "client_files", None)
    if files is None:
        raise InformixError(SMART_LOB_ERROR, token="no client to read files from")
    sbspace = session.engine.sbspace
    locator = sbspace.create(xid)
    with sbspace.open(locator, writing=True) as f:
        for chunk in files.read(name):
            f.write(chunk)
    return locator


def _lotofile(lob, name, where):
    if lob is None or name is None:
        return None
    _location(where)
    session = _session()
    files = getattr(session, "client_files", None)
    if files is None:
        raise InformixError(SMART_LOB_ERROR, token="no client to write files to")
    sbspace = session.engine.sbspace
    number, _ = sbspace.number(lob)
    # IBM: the file is named name.hex_id (the object's id) unless the name
    # ends with '!', which asks for the name as it is.
    target = name[:-1] if name.endswith("!") else f"{name}.{number:016x}"
    with sbspace.open(lob) as f:
        files.write(target, iter(lambda: f.read(1 << 16), b""))
    return target


def _locopy(lob):
    return None if lob is None else _session().engine.sbspace.copy(lob)


def _lo_open(lob, mode):
    if lob is None:
        raise InformixError(SMART_LOB_ERROR, token="NULL locator")
    return _session().lo_descriptors.open(lob, mode or 0)


def _lo_close(fd):
    return _session().lo_descriptors.close(fd)


def _blob_length(value):
    """LENGTH of a value DuckDB holds as a BLOB: a smart LOB's locator gives
    its object's size in bytes (a CLOB's bytes in the database code set, as
    TEXT's LENGTH counts bytes); a BYTE value its own bytes."""
    if value is None:
        return None
    if len(value) == LOCATOR_SIZE:
        sbspace = _session().engine.sbspace
        try:
            return sbspace.size(value)
        except InformixError:
            pass  # 72 bytes of BYTE data, no locator of ours
    return len(value)


_ROUTINES = [
    ("__ifx_blob_length", _blob_length, ["BLOB"], "BIGINT"),
    ("lotofile", _lotofile, ["BLOB", "VARCHAR", "VARCHAR"], "VARCHAR"),
    ("locopy", _locopy, ["BLOB"], "BLOB"),
    ("ifx_lo_open", _lo_open, ["BLOB", "INTEGER"], "INTEGER"),
    ("ifx_lo_close", _lo_close, ["INTEGER"], "INTEGER"),
]


def register(conn) -> None:
    """Define the routines on a database's DuckDB connection."""
    for name, fn, params, result in _ROUTINES:
        conn.create_function(name, _guarded(fn), params, result, side_effects=True,
                             null_handling="special")


#: Informix's types of the routines' results, for DESCRIBE (LOTOFILE returns
#: LVARCHAR: the peer driver reads it so from real servers).
RESULT_TYPES = {"lotofile": "lvarchar", "locopy": "blob", "ifx_lo_open": "int",
                "ifx_lo_close": "int", "filetoblob": "blob", "filetoclob": "clob"}
XIDS = {"filetoblob": T.XID_BLOB, "filetoclob": T.XID_CLOB}
