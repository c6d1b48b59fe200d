"""A 512 MiB BLOB is written and read back in bounded client memory.

The client runs in a fresh process (the implementation under test is
inherited through INFORMIX_DB_IMPL) against a test server in another, so
its peak resident set size (VmHWM, ``benchmarks.memory``) is its own.  The content comes
from a generator and goes to a hashing sink: nothing holds the object, so
the peak must stay far below its size, whatever the transfer does.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .servers import server_process

pytest.importorskip("informix_db.testing")

CLIENT = r"""
import hashlib, json, sys
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
def chunks():
    for i in range(mib):
        k = i % 256
        block = base[k:] + base[:k]
        sent.update(block)
        yield block
cur.write_blob_column("INSERT INTO big VALUES (1, BLOB_PLACEHOLDER)", chunks())
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


@pytest.fixture(scope="module")
def server_address():
    with server_process("lobdb") as address:
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
