"""A 512 MiB BLOB is written and read back in bounded client memory.

The client runs in a fresh process (the implementation under test is
inherited through INFORMIX_DB_IMPL) against a test server in another, so
its peak resident set size (VmHWM, ``benchmarks.memory``) is its own.  The content is
computed as it is read (a file object of known size, so the driver streams
its answer without a spool) and goes to a hashing sink: nothing holds the
object, so the peak must stay far below its size, whatever the transfer does.

Disk: the server keeps the object in its sbspace, a temporary directory.
A CI machine once had less free disk than the object (the run failed with
ENOSPC), so the server's temporary files go to /dev/shm when it has room,
and the test is skipped, saying why, when no temporary directory has.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from .servers import server_process

pytest.importorskip("informix_db.testing")

CLIENT = r"""
import hashlib, io, json, sys
import informix_db
from benchmarks.memory import peak_rss  # the repository root is the cwd
host, port, mib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
conn = informix_db.connect(host=host, port=port, user="informix", password="in4mix",
                           database="lobdb", server="informix", read_timeout=300,
                           autocommit=True)
cur = conn.cursor()
cur.execute("CREATE TABLE big (id INT, b BLOB)")
base = bytes(range(256)) * 4096
sent = hashlib.sha256()
class Generated(io.RawIOBase):
    # mib MiB, each MiB the pattern rotated by its number, made as it is read
    def __init__(self):
        self.pos, self.size = 0, mib << 20
    def readable(self):
        return True
    def seekable(self):
        return True
    def tell(self):
        return self.pos
    def seek(self, pos, whence=0):
        self.pos = {0: pos, 1: self.pos + pos, 2: self.size + pos}[whence]
        return self.pos
    def readinto(self, out):
        n = min(len(out), self.size - self.pos, (1 << 20) - self.pos % (1 << 20))
        if n <= 0:
            return 0
        k = (self.pos >> 20) % 256
        at = self.pos % (1 << 20)
        block = base[k:] + base[:k]
        out[:n] = block[at:at + n]
        sent.update(block[at:at + n])
        self.pos += n
        return n
cur.write_blob_column("INSERT INTO big VALUES (1, BLOB_PLACEHOLDER)", Generated())
class Sink:
    def __init__(self):
        self.hash, self.size = hashlib.sha256(), 0
    def write(self, data):
        self.hash.update(data)
        self.size += len(data)
sink = cur.read_blob_column("SELECT b FROM big WHERE id = 1", into=Sink())
print(json.dumps({"peak": peak_rss(), "size": sink.size,
                  "same": sink.hash.digest() == sent.digest()}))
"""

MIB = 512
#: The client's peak may not exceed this (the object is 512 MiB).
LIMIT = 64 * 1024 * 1024


def _temporary_directory() -> str:
    """Where the server's sbspace may hold the object: /dev/shm (memory, not
    disk) when it has room, else the usual temporary directory."""
    room = (MIB + 64) << 20
    for candidate in ("/dev/shm", tempfile.gettempdir()):
        if os.path.isdir(candidate) and os.access(candidate, os.W_OK) \
                and shutil.disk_usage(candidate).free > room:
            return candidate
    pytest.skip(f"no temporary directory has {room >> 20} MiB free for the server's "
                f"sbspace (/dev/shm, {tempfile.gettempdir()})")


@pytest.fixture(scope="module")
def server_address():
    with server_process("lobdb", tmpdir=_temporary_directory()) as address:
        yield address


@pytest.mark.skipif(sys.platform == "win32", reason="no resource.getrusage on Windows")
def test_a_512_mib_blob_is_written_and_read_in_under_64_mib_of_client_memory(server_address):
    host, port = server_address
    run = subprocess.run([sys.executable, "-c", CLIENT, host, port, str(MIB)],
                         capture_output=True, text=True, timeout=600,
                         cwd=Path(__file__).resolve().parents[2])
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["size"] == MIB << 20 and result["same"]
    assert result["peak"] < LIMIT, result
