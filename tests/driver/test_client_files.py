"""The client's side of the SQ_FILE dialog, I/O-free: how each request of
the server is parsed and answered, and what a hostile server cannot do
(read a file nobody gave the driver, or break the framing unnoticed)."""

from __future__ import annotations

import io
import socket
import struct
import threading

import pytest

from informix_db.exceptions import FramingError, ProgrammingError
from informix_db.protocol.clientfiles import (
    CLOSE, OPEN, READ, WRITE, ClientFiles, FileRequest, may_use_client_files,
)
from informix_db.protocol.replies import ReplyReader
from informix_db.transport import SocketStream

EOT = struct.pack(">h", 12)


def _answer(files, request) -> bytes:
    return b"".join(files.answer(request))


def _read_chunks(answer: bytes) -> tuple[int, list[bytes]]:
    tag, total = struct.unpack_from(">hi", answer)
    assert tag == 106
    pos, chunks = 6, []
    while answer[pos:pos + 2] != EOT:
        tag, n = struct.unpack_from(">hh", answer, pos)
        assert tag == 106
        chunks.append(answer[pos + 4:pos + 4 + n])
        pos += 4 + n + (n & 1)
    assert pos + 2 == len(answer)
    return total, chunks


def test_open_and_close_are_answered_with_eot():
    files = ClientFiles()
    assert _answer(files, FileRequest(OPEN, name="/x")) == EOT
    assert _answer(files, FileRequest(CLOSE)) == EOT


def test_a_read_sends_at_most_the_amount_in_chunks_of_the_buffer_size():
    files = ClientFiles()
    files.sources["/in"] = b"abcdefghij"
    files.answer(FileRequest(OPEN, name="/in"))
    total, chunks = _read_chunks(_answer(files, FileRequest(READ, bufsize=3, amount=7)))
    assert (total, chunks) == (7, [b"abc", b"def", b"g"])
    total, chunks = _read_chunks(_answer(files, FileRequest(READ, bufsize=3, amount=7)))
    assert (total, chunks) == (3, [b"hij"])


def test_a_read_of_everything_announces_the_whole_size_first():
    files = ClientFiles()
    files.sources["/in"] = io.BytesIO(b"x" * 70_001)
    files.answer(FileRequest(OPEN, name="/in"))
    total, chunks = _read_chunks(_answer(files, FileRequest(READ, bufsize=32000, amount=-1)))
    assert total == 70_001 and b"".join(chunks) == b"x" * 70_001


def test_sources_may_be_str_or_an_iterable_of_chunks():
    for source, want in (("é", "é".encode("iso-8859-1")), ([b"a", "b", b"c"], b"abc")):
        files = ClientFiles()
        files.sources["/in"] = source
        files.answer(FileRequest(OPEN, name="/in"))
        assert b"".join(_read_chunks(_answer(files, FileRequest(READ, 100, amount=99)))[1]) \
            == want


def test_a_file_nobody_gave_reads_as_empty_and_leaves_an_error():
    files = ClientFiles()
    files.answer(FileRequest(OPEN, name="/etc/shadow"))
    assert _read_chunks(_answer(files, FileRequest(READ, bufsize=100, amount=100))) == (0, [])
    assert isinstance(files.error, ProgrammingError) and "/etc/shadow" in str(files.error)


def test_a_written_file_is_captured_and_acknowledged_with_its_size():
    files = ClientFiles()
    files.answer(FileRequest(OPEN, name="/out.1"))
    files.write_chunk(b"abc")
    files.write_chunk(b"de")
    assert _answer(files, FileRequest(WRITE, written=5)) == struct.pack(">hih", 107, 5, 12)
    files.answer(FileRequest(CLOSE))
    assert files.captured == {"/out.1": b"abcde"}


def test_a_written_file_goes_to_its_sink_when_one_is_registered():
    files = ClientFiles()
    sink = io.BytesIO()
    files.sinks["/out"] = sink
    files.answer(FileRequest(OPEN, name="/out"))
    files.write_chunk(b"streamed")
    files.answer(FileRequest(CLOSE))
    assert sink.getvalue() == b"streamed" and files.captured == {}


@pytest.mark.parametrize("sql, uses", [
    (b"INSERT INTO t VALUES (FILETOBLOB('x', 'client'))", True),
    (b"select lotofile (b, 'x', 'client') from t", True),
    (b"SELECT filetoclob_col FROM t", False),
])
def test_statements_that_may_start_a_dialog_are_recognised(sql, uses):
    assert may_use_client_files(sql) is uses


def _reader_over(data: bytes):
    ours, theirs = socket.socketpair()
    threading.Thread(target=lambda: (theirs.sendall(data), theirs.close()), daemon=True).start()
    stream = SocketStream(ours, peer="hostile", timeout=5.0)
    return stream, ReplyReader(stream)


def _open_message(name: bytes) -> bytes:
    return (struct.pack(">hhh", 98, OPEN, len(name)) + name + b"\0" * (len(name) & 1)
            + struct.pack(">iii", 0, 0, 0))


def test_the_reader_stops_at_an_sq_file_request_and_reads_on_after_it():
    done = struct.pack(">hhiii", 15, 0, 1, 0, 0)
    stream, reader = _reader_over(_open_message(b"/f") + EOT + done + EOT)
    reply = reader.read_reply(raise_error=False)
    assert reply.file.optype == OPEN and reply.file.name == "/f" and reply.done is None
    reply.file = None
    reader.read_into(reply)
    assert reply.done.rows == 1
    stream.close()


def test_write_chunks_reach_the_files_being_written():
    files = ClientFiles()
    files.answer(FileRequest(OPEN, name="/o"))
    data = (struct.pack(">hh", 98, WRITE) + struct.pack(">hh", 107, 3) + b"abc\0"
            + struct.pack(">hh", 107, 2) + b"de" + EOT)
    stream, reader = _reader_over(data)
    reader.files = files
    reply = reader.read_reply(raise_error=False)
    assert reply.file.written == 5
    files.answer(FileRequest(CLOSE))
    assert files.captured == {"/o": b"abcde"}
    stream.close()


@pytest.mark.parametrize("data", [
    struct.pack(">hh", 98, 9) + EOT,  # a request type that does not exist
    _open_message(b"/a") + _open_message(b"/b") + EOT,  # a second before the first is answered
])
def test_a_malformed_sq_file_request_breaks_the_connection_clearly(data):
    stream, reader = _reader_over(data)
    with pytest.raises(FramingError):
        reader.read_reply(raise_error=False)
    assert stream.broken
    stream.close()


def test_a_read_larger_than_memory_allows_goes_through_a_temporary_file(monkeypatch):
    from informix_db.protocol import clientfiles

    monkeypatch.setattr(clientfiles, "_IN_MEMORY", 100)
    files = ClientFiles()
    files.sources["/in"] = (bytes([i]) * 60 for i in range(5))  # 300 bytes of unknown size
    files.answer(FileRequest(OPEN, name="/in"))
    total, chunks = _read_chunks(_answer(files, FileRequest(READ, bufsize=64, amount=-1)))
    assert total == 300 and b"".join(chunks) == b"".join(bytes([i]) * 60 for i in range(5))
    assert all(len(c) <= 64 for c in chunks)


def test_a_read_of_everything_streams_a_file_of_known_size_without_gathering(monkeypatch):
    from informix_db.protocol import clientfiles

    monkeypatch.setattr(clientfiles, "_IN_MEMORY", 10)  # a gathered answer would spill
    monkeypatch.setattr(clientfiles.tempfile, "TemporaryFile", None)
    files = ClientFiles()
    files.sources["/in"] = io.BytesIO(b"y" * 5000)
    files.answer(FileRequest(OPEN, name="/in"))
    total, chunks = _read_chunks(_answer(files, FileRequest(READ, bufsize=1000, amount=-1)))
    assert total == 5000 and b"".join(chunks) == b"y" * 5000


def test_a_file_that_shrinks_while_it_is_sent_is_an_error_not_a_short_answer():
    class Shrinking(io.BytesIO):
        def read(self, n=-1):
            return super().read(min(n, 10)) if self.tell() < 20 else b""

    files = ClientFiles()
    files.sources["/in"] = Shrinking(b"z" * 100)
    files.answer(FileRequest(OPEN, name="/in"))
    with pytest.raises(Exception, match="shrank"):
        _answer(files, FileRequest(READ, bufsize=1000, amount=-1))
