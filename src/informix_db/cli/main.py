"""``informix-db`` (or ``python -m informix_db``): unload a query to a file,
load a file into a table.

    informix-db unload --dsn URL "SELECT ..." -o out.parquet
    informix-db load --dsn URL TABLE in.csv [--create | --replace]

The DSN is any string ``informix_db.connect`` takes (``INFORMIX_DSN`` in the
environment when ``--dsn`` is not given).  An unload writes to
``<output>.partial`` and renames it when complete, so a failed run never
leaves a file that looks whole.  Exit status: 0 done, 1 failed (the error on
stderr), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import os
import sys

from informix_db.cli import files
from informix_db.cli.progress import Progress

__all__ = ["main"]

DEFAULT_BATCH_ROWS = 65_536


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="informix-db",
                                description="Move rows between Informix and files.")
    sub = p.add_subparsers(dest="command", required=True)

    def common(s):
        s.add_argument("--dsn", default=os.environ.get("INFORMIX_DSN"),
                       help="connection string (default: $INFORMIX_DSN)")
        s.add_argument("--format", choices=files.FORMATS,
                       help="file format (default: from the file's extension)")
        s.add_argument("--batch-rows", type=int, default=DEFAULT_BATCH_ROWS,
                       help=f"rows per Arrow batch (default {DEFAULT_BATCH_ROWS})")
        s.add_argument("--quiet", action="store_true", help="no progress, no summary")

    u = sub.add_parser("unload", help="write a query's rows to a file")
    common(u)
    u.add_argument("sql", help="the query")
    u.add_argument("-o", "--output", required=True,
                   help="the file: .parquet, .csv, .arrow or .jsonl")
    u.add_argument("--fetch-buffer", type=int,
                   help="fetch buffer size in bytes (Cursor.fetch_buffer_size)")

    ld = sub.add_parser("load", help="insert a file's rows into a table")
    common(ld)
    ld.add_argument("table", help="the table")
    ld.add_argument("input", help="the file: .parquet, .csv, .arrow or .jsonl")
    how = ld.add_mutually_exclusive_group()
    how.add_argument("--create", action="store_true",
                     help="create the table from the file's schema (it must not exist)")
    how.add_argument("--replace", action="store_true",
                     help="drop the table if it exists, then create it from the file")
    return p


def _connect(dsn: str | None):
    import informix_db

    if not dsn:
        raise SystemExit("informix-db: error: no DSN: give --dsn or set INFORMIX_DSN")
    return informix_db.connect(dsn)


def _unload(args) -> None:
    fmt = files.format_of(args.output, args.format)
    conn = _connect(args.dsn)
    partial = args.output + ".partial"
    try:
        cur = conn.cursor()
        if args.fetch_buffer:
            cur.fetch_buffer_size = args.fetch_buffer
        cur.execute(args.sql)
        import pyarrow as pa

        reader = pa.RecordBatchReader.from_stream(cur.fetch_arrow(batch_rows=args.batch_rows))
        progress = Progress("unloaded", quiet=args.quiet)
        writer = files.open_writer(partial, fmt, reader.schema)
        try:
            for batch in reader:
                writer.write_batch(batch)
                progress.update(batch.num_rows, batch.nbytes)
        finally:
            writer.close()
        os.replace(partial, args.output)
        progress.finish(f"to {args.output}")
    finally:
        if os.path.exists(partial):
            os.remove(partial)
        conn.close()


def _load(args) -> None:
    fmt = files.format_of(args.input, args.format)
    import pyarrow as pa

    source = files.open_reader(args.input, fmt, args.batch_rows)
    progress = Progress("loaded", quiet=args.quiet)

    def counted():
        for batch in source:
            yield batch
            progress.update(batch.num_rows, batch.nbytes)

    data = pa.RecordBatchReader.from_batches(source.schema, counted())
    mode = "create" if args.create else "replace" if args.replace else "append"
    conn = _connect(args.dsn)
    try:
        conn.cursor().adbc_ingest(args.table, data, mode=mode)
        if not conn.autocommit:
            conn.commit()
    finally:
        conn.close()
    progress.finish(f"into {args.table}")


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    if args.batch_rows < 1:
        print("informix-db: error: --batch-rows must be at least 1", file=sys.stderr)
        return 2
    try:
        import pyarrow  # noqa: F401 - checked first: a clear message, not a traceback
    except ImportError:
        print("informix-db: error: the command line needs pyarrow and tqdm: "
              "pip install 'informix-db[cli]'", file=sys.stderr)
        return 1
    from informix_db.exceptions import Error

    try:
        (_unload if args.command == "unload" else _load)(args)
    except (Error, OSError, ValueError) as exc:
        print(f"informix-db: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("informix-db: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
