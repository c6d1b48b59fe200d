"""Smart large objects (BLOB/CLOB): their sbspace, locators and open descriptors.

A real server keeps smart large objects in an sbspace and hands clients a
72-byte locator naming one; a row's BLOB/CLOB column holds the locator.
Here each object is a file of its own in the sbspace's directory (under
``data_dir/sbspace`` when the engine has a data directory, else a
temporary directory removed with the engine), so a 2 GB object is never
held in memory.  Locators are opaque to clients: this one is a magic
word, the kind (BLOB 10 / CLOB 11), the object number and a keyed hash,
so a locator the client made up or altered is refused (-9810) rather than
read as another object.

Objects are not reference-counted: deleting a row or dropping a table
leaves its objects in the sbspace (with a data directory they stay on
disk) -- this is a test server, and the ``onspaces`` housekeeping of a
real one is out of its scope.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import struct
import tempfile
import threading

from informix_db import types as T
from informix_db.testing.engine.errors import InformixError

#: "Smart-large-object error." (the Informix message list): a bad locator or
#: descriptor; the peer's real-server test closes descriptor -1 and gets it.
SMART_LOB_ERROR = -9810
#: ISAM "Smart Large Objects: Invalid file descriptor." /  "...: Invalid
#: large object identifier"-class codes are not in our evidence; 0 is sent.
LOCATOR_SIZE = 72
_MAGIC = b"IFXSBLOB"
_HEAD = struct.Struct(">8sHHQ")  # magic, kind (xid), sbspace number, object number
_MAC = 16
KINDS = {T.XID_BLOB: "blob", T.XID_CLOB: "clob"}

#: ifx_lo_open access modes (IBM: LO_RDONLY 4, LO_WRONLY 2, LO_RDWR 8, LO_APPEND 1,
#: LO_TRUNC 0x20); only the read/write bits matter here.
LO_APPEND, LO_WRONLY, LO_RDONLY, LO_RDWR, LO_TRUNC = 1, 2, 4, 8, 0x20


class Sbspace:
    """The sbspaces of one engine (objects go to the first, the SBSPACENAME)."""

    def __init__(self, names, data_dir: str | None = None) -> None:
        self.names = tuple(n.lower() for n in names)
        if data_dir:
            self.dir = os.path.join(data_dir, "sbspace")
            os.makedirs(self.dir, exist_ok=True)
            self._temporary = False
        else:
            self.dir = tempfile.mkdtemp(prefix="informix-db-sbspace-")
            self._temporary = True
        self._key = self._load_key()
        self._lock = threading.Lock()
        numbers = [int(f[:-3], 16) for f in os.listdir(self.dir)
                   if f.endswith(".lo") and _is_hex(f[:-3])]
        self._next = max(numbers, default=0) + 1

    def __bool__(self) -> bool:
        return bool(self.names)

    def _load_key(self) -> bytes:
        path = os.path.join(self.dir, "locator.key")
        if os.path.exists(path):
            with open(path, "rb") as f:
                return f.read()
        key = secrets.token_bytes(32)
        with open(path, "wb") as f:
            f.write(key)
        return key

    def close(self) -> None:
        if self._temporary:
            shutil.rmtree(self.dir, ignore_errors=True)

    # -- locators ---------------------------------------------------------------
    def _mac(self, head: bytes) -> bytes:
        return hashlib.blake2b(head, key=self._key, digest_size=_MAC).digest()

    def create(self, xid: int) -> bytes:
        """A new, empty object of kind *xid* (10 BLOB, 11 CLOB): its locator."""
        if not self.names:
            raise InformixError(SMART_LOB_ERROR, -12053)
        with self._lock:
            number = self._next
            self._next += 1
            open(self.path(number), "wb").close()
        head = _HEAD.pack(_MAGIC, xid, 1, number)
        return (head + self._mac(head)).ljust(LOCATOR_SIZE, b"\0")

    def number(self, locator) -> tuple[int, int]:
        """``(object number, xid)`` of *locator*; -9810 for one that is not ours."""
        raw = bytes(locator) if locator is not None else b""
        if len(raw) == 2 * LOCATOR_SIZE:  # the hex form a tuple carries
            try:
                raw = bytes.fromhex(raw.decode("ascii"))
            except (UnicodeDecodeError, ValueError):
                pass
        if len(raw) != LOCATOR_SIZE:
            raise InformixError(SMART_LOB_ERROR, token="locator")
        head = raw[: _HEAD.size]
        magic, xid, _space, number = _HEAD.unpack(head)
        mac = raw[_HEAD.size : _HEAD.size + _MAC]
        if magic != _MAGIC or not secrets.compare_digest(mac, self._mac(head)) \
                or not os.path.exists(self.path(number)):
            raise InformixError(SMART_LOB_ERROR, token="locator")
        return number, xid

    def path(self, number: int) -> str:
        return os.path.join(self.dir, f"{number:016x}.lo")

    def size(self, locator) -> int:
        return os.path.getsize(self.path(self.number(locator)[0]))

    def open(self, locator, writing: bool = False):
        """A binary file object over the object's content."""
        number, _ = self.number(locator)
        return open(self.path(number), "r+b" if writing else "rb")

    def copy(self, locator) -> bytes:
        """LOCOPY: a new object with the same content; its locator."""
        number, xid = self.number(locator)
        new = self.create(xid)
        shutil.copyfile(self.path(number), self.path(self.number(new)[0]))
        return new


def _is_hex(text: str) -> bool:
    try:
        int(text, 16)
    except ValueError:
        return False
    return True


class Descriptors:
    """The smart-large-object descriptors one session has open (ifx_lo_open)."""

    def __init__(self, sbspace: Sbspace) -> None:
        self.sbspace = sbspace
        self._open: dict[int, object] = {}
        self._next = 1

    def open(self, locator, mode: int) -> int:
        writing = bool(mode & (LO_WRONLY | LO_RDWR | LO_APPEND | LO_TRUNC))
        f = self.sbspace.open(locator, writing)
        if mode & LO_TRUNC:
            f.truncate(0)
        if mode & LO_APPEND:
            f.seek(0, os.SEEK_END)
        fd = self._next
        self._next += 1
        self._open[fd] = f
        return fd

    def get(self, fd: int):
        f = self._open.get(fd)
        if f is None:
            raise InformixError(SMART_LOB_ERROR, token=str(fd))
        return f

    def close(self, fd: int) -> int:
        f = self._open.pop(fd, None)
        if f is None:
            raise InformixError(SMART_LOB_ERROR, token=str(fd))
        f.close()
        return 0

    def close_all(self) -> None:
        for f in self._open.values():
            f.close()
        self._open.clear()
