"""The file formats of ``informix-db unload`` and ``load``, through pyarrow.

Parquet, CSV, Arrow IPC (file format) and JSON Lines, chosen by the file's
extension or ``--format``.  Writers take record batches one at a time;
readers give them one at a time (JSON Lines is read whole: pyarrow has no
streaming JSON reader).
"""

from __future__ import annotations

import base64
import datetime as _dt
import json
from decimal import Decimal
from pathlib import Path

__all__ = ["FORMATS", "format_of", "open_writer", "open_reader"]

FORMATS = ("parquet", "csv", "arrow", "jsonl")
_EXTENSIONS = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".arrow": "arrow",
               ".feather": "arrow", ".ipc": "arrow", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def format_of(path: str, given: str | None) -> str:
    """The format named by ``--format``, else by *path*'s extension."""
    if given:
        return given
    fmt = _EXTENSIONS.get(Path(path).suffix.lower())
    if fmt is None:
        raise ValueError(f"cannot tell the format of {path!r} from its extension: "
                         f"use one of {', '.join(sorted(_EXTENSIONS))} or --format")
    return fmt


def _json_value(v):
    if isinstance(v, Decimal):
        return str(v)  # exact: a float would round
    if isinstance(v, (_dt.date, _dt.time, _dt.datetime)):
        return v.isoformat()
    if isinstance(v, _dt.timedelta):
        return v.total_seconds()
    if isinstance(v, bytes):
        return base64.b64encode(v).decode("ascii")
    raise TypeError(f"{type(v).__name__} is not JSON serializable")


class _JsonLines:
    def __init__(self, path: str) -> None:
        self._file = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed by close()

    def write_batch(self, batch) -> None:
        for row in batch.to_pylist():
            self._file.write(json.dumps(row, default=_json_value, ensure_ascii=False))
            self._file.write("\n")

    def close(self) -> None:
        self._file.close()


def open_writer(path: str, fmt: str, schema):
    """A writer of record batches of *schema* into *path* (``write_batch``, ``close``)."""
    import pyarrow as pa

    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetWriter(path, schema)
    if fmt == "csv":
        import pyarrow.csv as pcsv

        return pcsv.CSVWriter(path, schema)
    if fmt == "arrow":
        return pa.ipc.new_file(path, schema)
    if fmt == "jsonl":
        return _JsonLines(path)
    raise ValueError(f"unknown format {fmt!r}")


def open_reader(path: str, fmt: str, batch_rows: int):
    """A ``pyarrow.RecordBatchReader`` over the file."""
    import pyarrow as pa

    if fmt == "parquet":
        import pyarrow.parquet as pq

        f = pq.ParquetFile(path)
        return pa.RecordBatchReader.from_batches(f.schema_arrow,
                                                 f.iter_batches(batch_size=batch_rows))
    if fmt == "csv":
        import pyarrow.csv as pcsv

        # an unquoted empty field is NULL, a quoted one an empty string: what
        # our unload writes (pyarrow's writer quotes every string)
        return pcsv.open_csv(path, convert_options=pcsv.ConvertOptions(
            strings_can_be_null=True, quoted_strings_can_be_null=False))
    if fmt == "arrow":
        f = pa.ipc.open_file(path)
        return pa.RecordBatchReader.from_batches(
            f.schema, (f.get_batch(i) for i in range(f.num_record_batches)))
    if fmt == "jsonl":
        import pyarrow.json as pjson

        table = pjson.read_json(path)
        return pa.RecordBatchReader.from_batches(table.schema,
                                                 table.to_batches(max_chunksize=batch_rows))
    raise ValueError(f"unknown format {fmt!r}")
