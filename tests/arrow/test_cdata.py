"""The Arrow C Data / C Stream export (ctypes): what consumers read, when
batches are made, and that every structure is released."""

from __future__ import annotations

import gc
from array import array

import pytest

from informix_db.arrow import cdata
from informix_db.arrow.columns import build_column

pa = pytest.importorskip("pyarrow")

SCHEMA = cdata.Field("", "+s", False, children=(cdata.Field("n", "l"), cdata.Field("s", "u")))


def _batch(k: int, rows: int = 3) -> cdata.ArrayData:
    return cdata.ArrayData(rows, 0, [None], [
        build_column("l", [k * 100 + i if i % 2 == 0 else None for i in range(rows)]),
        build_column("u", [f"v{k}.{i}" for i in range(rows)])])


@pytest.fixture(autouse=True)
def nothing_left_behind():
    gc.collect()
    before = cdata.live_exports()
    yield
    gc.collect()
    assert cdata.live_exports() == before


def test_a_record_batch_reads_in_pyarrow():
    batch = pa.record_batch(cdata.ArrowArrayExport(SCHEMA, _batch(1)))
    assert batch.schema.names == ["n", "s"] and batch.schema.field("n").nullable
    assert batch.to_pylist() == [{"n": 100, "s": "v1.0"}, {"n": None, "s": "v1.1"},
                                 {"n": 102, "s": "v1.2"}]


def test_a_stream_gives_every_batch_in_order():
    table = pa.table(cdata.ArrowStream(SCHEMA, (_batch(k) for k in range(4))))
    assert table.num_rows == 12 and table.column("s")[11].as_py() == "v3.2"


def test_batches_are_made_only_as_the_consumer_asks():
    made = []

    def batches():
        for k in range(10):
            made.append(k)
            yield _batch(k)

    reader = pa.RecordBatchReader.from_stream(cdata.ArrowStream(SCHEMA, batches()))
    reader.read_next_batch()
    reader.read_next_batch()
    assert len(made) <= 3
    reader.close()


def test_an_error_in_the_batches_reaches_the_consumer_with_its_message():
    def batches():
        yield _batch(0)
        raise RuntimeError("the server went away")

    reader = pa.RecordBatchReader.from_stream(cdata.ArrowStream(SCHEMA, batches()))
    reader.read_next_batch()
    with pytest.raises(OSError, match="the server went away"):
        reader.read_next_batch()


def test_a_stream_released_unread_closes_its_batches():
    closed = []

    def batches():
        try:
            yield _batch(0)
        finally:
            closed.append(True)

    gen = batches()
    next(gen, None)  # started: its finally is pending
    capsule = cdata.ArrowStream(SCHEMA, gen).__arrow_c_stream__()
    del capsule
    cdata.live_exports()  # the sweep that finds capsules nobody holds
    assert closed == [True]


def test_an_unconsumed_array_capsule_frees_its_buffers():
    export = cdata.ArrowArrayExport(SCHEMA, _batch(1))
    schema, array_ = export.__arrow_c_array__()
    assert cdata.live_exports() > 0
    del schema, array_


def test_many_exports_leave_nothing_alive():
    for k in range(2000):
        pa.record_batch(cdata.ArrowArrayExport(SCHEMA, _batch(k)))
    gc.collect()


def test_buffers_of_any_bytes_like_type_are_exported():
    f = cdata.Field("", "+s", False, children=(cdata.Field("a", "i"), cdata.Field("b", "s")))
    data = cdata.ArrayData(2, 0, [None], [
        cdata.ArrayData(2, 0, [None, memoryview(array("i", [7, 8]).tobytes())]),
        cdata.ArrayData(2, 0, [None, bytearray(array("h", [1, 2]).tobytes())])])
    assert pa.record_batch(cdata.ArrowArrayExport(f, data)).to_pylist() == [
        {"a": 7, "b": 1}, {"a": 8, "b": 2}]


def test_an_offset_into_the_buffers_is_honoured():
    f = cdata.Field("", "+s", False, children=(cdata.Field("s", "u"),))
    col = build_column("u", ["a", "bb", "ccc", "dddd"])
    col.offset, col.length = 1, 2
    data = cdata.ArrayData(2, 0, [None], [col])
    assert pa.record_batch(cdata.ArrowArrayExport(f, data)).column(0).to_pylist() == ["bb", "ccc"]


@pytest.mark.parametrize("bad, match", [
    (cdata.ArrayData(3, 0, [None]), "buffers"),
    (cdata.ArrayData(3, 0, [None, b"\0" * 4]), "bytes where 12"),
    (cdata.ArrayData(2, 1, [None, b"\0" * 8]), "validity"),
    (cdata.ArrayData(-1, 0, [None, b""]), "length"),
])
def test_malformed_arrays_are_refused_before_export(bad, match):
    f = cdata.Field("", "+s", False, children=(cdata.Field("a", "i"),))
    data = cdata.ArrayData(abs(bad.length), 0, [None], [bad])
    with pytest.raises(ValueError, match=match):
        cdata.ArrowArrayExport(f, data).__arrow_c_array__()


def test_offsets_going_backwards_are_refused():
    f = cdata.Field("", "+s", False, children=(cdata.Field("s", "u"),))
    col = cdata.ArrayData(2, 0, [None, array("i", [0, 3, 1]), b"abc"])
    with pytest.raises(ValueError, match="backwards"):
        cdata.ArrowArrayExport(f, cdata.ArrayData(2, 0, [None], [col])).__arrow_c_array__()


def test_a_stream_schema_must_be_a_struct():
    with pytest.raises(ValueError, match="struct"):
        cdata.ArrowStream(cdata.Field("x", "i"), iter(()))


def test_a_consumer_failing_on_a_type_leaves_the_process_alive(tmp_path):
    # polars refuses a months-only interval with a panic, releasing what it
    # imported while its exception is pending: the release callbacks must
    # still mark every structure released (pyarrow aborts the process if not)
    pytest.importorskip("polars")
    script = tmp_path / "consume.py"
    script.write_text(
        "import polars\n"
        "from informix_db.arrow import cdata\n"
        "f = cdata.Field('', '+s', False, children=(cdata.Field('m', 'tiM'),))\n"
        "b = cdata.ArrayData(1, 0, [None], [cdata.ArrayData(1, 0, [None, bytes(4)])])\n"
        "try:\n"
        "    polars.DataFrame(cdata.ArrowStream(f, iter([b])))\n"
        "except BaseException as exc:\n"
        "    print('refused:', type(exc).__name__)\n"
        "print('alive')\n")
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.splitlines()[-1] == "alive"
