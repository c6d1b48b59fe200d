"""Run the SQLI test server from the command line.

    python -m informix_db.testing --host 127.0.0.1 --port 9088 --database testdb

Prints the address it listens on (``listening on HOST:PORT``), serves until
SIGINT or SIGTERM, then disconnects every client and exits with status 0.
With ``--tls-port PORT --tls-cert FILE --tls-key FILE`` it also serves TLS
on its own port (as Informix does: no STARTTLS) and prints
``listening (TLS) on HOST:PORT``.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from informix_db.testing import DATABASE_MODES, TestServer


def _database(text: str) -> tuple[str, str]:
    name, _, mode = text.partition(":")
    mode = mode or "logged"
    if not name or mode not in DATABASE_MODES:
        raise argparse.ArgumentTypeError(
            f"expected NAME[:MODE] with MODE one of {', '.join(DATABASE_MODES)}, got {text!r}")
    return name, mode


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m informix_db.testing",
                                description="Serve the Informix SQLI test server.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=9088, help="0 picks a free port")
    p.add_argument("--user", default="informix")
    p.add_argument("--password", default="in4mix")
    p.add_argument("--server-name", default="informix", help="the INFORMIXSERVER name")
    p.add_argument("--database", action="append", type=_database, metavar="NAME[:MODE]",
                   help="a database to serve (repeatable; default testdb:logged)")
    p.add_argument("--data-dir", default=None, help="keep data here between runs")
    p.add_argument("--blobspace", action="append", default=[], metavar="NAME",
                   help="a blobspace BYTE/TEXT columns may be stored IN (repeatable)")
    p.add_argument("--trace", default=None, metavar="FILE", help="log every PDU to FILE")
    p.add_argument("--tls-port", type=int, default=None, metavar="PORT",
                   help="also serve TLS on PORT (0 picks a free one); needs --tls-cert/--tls-key")
    p.add_argument("--tls-cert", default=None, metavar="FILE", help="PEM certificate (chain)")
    p.add_argument("--tls-key", default=None, metavar="FILE", help="PEM private key")
    args = p.parse_args(argv)
    if (args.tls_port is None) != (args.tls_cert is None) or (args.tls_cert is None) != (args.tls_key is None):
        p.error("--tls-port, --tls-cert and --tls-key go together")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    databases = dict(args.database) if args.database else {"testdb": "logged"}
    stop = threading.Event()

    def on_signal(signum, _frame):
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    server = TestServer(host=args.host, port=args.port, databases=databases,
                        user=args.user, password=args.password,
                        server_name=args.server_name, data_dir=args.data_dir,
                        trace=args.trace,
                        tls=(args.tls_cert, args.tls_key) if args.tls_cert else None,
                        tls_port=args.tls_port or 0, blobspaces=args.blobspace)
    with server:
        print(f"listening on {server.host}:{server.port}", flush=True)
        if server.tls_port is not None:
            print(f"listening (TLS) on {server.host}:{server.tls_port}", flush=True)
        while not stop.wait(0.5):
            pass
    print("stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
