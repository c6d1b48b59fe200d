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
import ipaddress
import re
import signal
import socket
import sys
import threading

from informix_db.exceptions import DatabaseError
from informix_db.testing import DATABASE_MODES, TestServer
from informix_db.testing.locales import CODESETS, check_locale

# Informix database names: a letter or underscore, then letters, digits, _ or $.
_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]{0,127}$")

_EPILOG = f"""\
databases (--database NAME[:MODE[:LOCALE]], repeatable):
  MODE is the logging mode, as CREATE DATABASE gives it:
    logged    WITH LOG: transactions (BEGIN WORK, COMMIT, ROLLBACK); the default
    buffered  WITH BUFFERED LOG: as logged
    unlogged  no log: BEGIN WORK fails with -256, every statement is final
    ansi      WITH LOG MODE ANSI: every statement opens a transaction (ended by
              COMMIT WORK or ROLLBACK WORK); DECIMAL(p) is DECIMAL(p,0)
  LOCALE is the database's DB_LOCALE, language_territory.codeset (default: the
  server's --locale); character data travels in its code set.  Code sets
  (UTF-8 is utf8 or 57372; Latin-1 is 819 or 8859-1):
    {", ".join(CODESETS)} and the other 8859-N
  Example: --database sysmaster:logged --database testdb --database u8:logged:en_US.utf8

catalog:
  Every database has Informix 12.10's system catalog, tabids 1..67 in the real
  order (systables, syscolumns, sysindices, systabauth, ..., sysprocedures, ...;
  user tables from tabid 100), and names its locale in the systables rows
  ' GL_COLLATE' and ' GL_CTYPE'.  sysmaster is always served, logged, with the
  SMI tables sysdatabases and sysdbslocale (sysmaster:sysdatabases from any
  database); naming it with --database is allowed, in logged mode only.
  With --data-dir each database is the file DIR/NAME.duckdb and keeps its tables,
  catalog, mode and locale between runs; one that exists there is served as it is.
"""


def _database(text: str) -> tuple[str, str, str | None]:
    name, mode, locale = (text.split(":", 2) + ["", ""])[:3]
    mode = mode or "logged"
    if not _NAME_RE.match(name):
        raise argparse.ArgumentTypeError(
            f"{text!r}: NAME must start with a letter or _ and hold only letters, "
            "digits, _ and $ (at most 128)")
    if mode not in DATABASE_MODES:
        raise argparse.ArgumentTypeError(
            f"{text!r}: unknown mode {mode!r}; MODE is one of {', '.join(DATABASE_MODES)}")
    if name.lower() == "sysmaster" and mode != "logged":
        raise argparse.ArgumentTypeError(
            f"{text!r}: sysmaster is always logged, as Informix creates it")
    if locale:
        try:
            check_locale(locale)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"{text!r}: {exc}") from None
    return name.lower(), mode, locale or None


def _locale(text: str) -> str:
    try:
        return check_locale(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m informix_db.testing",
                                description="Serve the Informix SQLI test server.",
                                epilog=_EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=9088, help="0 picks a free port")
    p.add_argument("--user", default="informix")
    p.add_argument("--password", default="in4mix")
    p.add_argument("--server-name", default="informix", help="the INFORMIXSERVER name")
    p.add_argument("--database", action="append", type=_database,
                   metavar="NAME[:MODE[:LOCALE]]",
                   help="a database to serve (repeatable; default testdb:logged); "
                        f"MODE is one of {', '.join(DATABASE_MODES)} (default logged), "
                        "LOCALE like en_US.utf8 (default --locale); see below")
    p.add_argument("--locale", type=_locale, default="en_US.819",
                   help="the server's DB_LOCALE: the locale of databases that name "
                        "none (default en_US.819)")
    p.add_argument("--data-dir", default=None, help="keep data here between runs")
    p.add_argument("--blobspace", action="append", default=[], metavar="NAME",
                   help="a blobspace BYTE/TEXT columns may be stored IN (repeatable)")
    p.add_argument("--sbspace", action="append", default=None, metavar="NAME",
                   help="an sbspace for BLOB/CLOB content (repeatable; the first is the "
                        "default; default: sbspace1)")
    p.add_argument("--no-sbspace", action="store_true",
                   help="no sbspace: BLOB/CLOB columns are refused (-9810)")
    p.add_argument("--trace", default=None, metavar="FILE", help="log every PDU to FILE")
    p.add_argument("--tls-port", type=int, default=None, metavar="PORT",
                   help="also serve TLS on PORT (0 picks a free one); needs --tls-cert/--tls-key")
    p.add_argument("--tls-cert", default=None, metavar="FILE", help="PEM certificate (chain)")
    p.add_argument("--tls-key", default=None, metavar="FILE", help="PEM private key")
    p.add_argument("--max-sessions", type=int, default=256, metavar="N",
                   help="clients served at once; more are disconnected (default 256)")
    args = p.parse_args(argv)
    names = [name for name, _, _ in args.database or ()]
    for name in names:
        if names.count(name) > 1:
            p.error(f"--database {name} is given more than once")
    if (args.tls_port is None) != (args.tls_cert is None) or (args.tls_cert is None) != (args.tls_key is None):
        p.error("--tls-port, --tls-cert and --tls-key go together")
    return args


def _create_in_own_locale(server: TestServer, wanted, data_dir) -> None:
    """Create the databases that name a locale (before "listening on" is
    printed, so no client finds one missing); one that --data-dir already
    holds is served as it is."""
    for name, mode, locale in wanted:
        if locale is None:
            continue
        try:
            server.create_database(name, mode, locale=locale)
        except DatabaseError as exc:
            if exc.sqlcode != -330 or not data_dir:
                raise
            print(f"database {name} exists in {data_dir}: served as it is", flush=True)


def _loopback(host: str) -> bool:
    """Whether *host* only listens on this machine (a name is resolved)."""
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return all(ipaddress.ip_address(info[4][0].split("%")[0]).is_loopback for info in infos)


def main(argv=None) -> int:
    args = parse_args(argv)
    wanted = args.database or [("testdb", "logged", None)]
    # Databases in the server's locale are the constructor's (created unless
    # --data-dir has them); one with its own locale is created at start.
    databases = {name: mode for name, mode, locale in wanted if locale is None}
    stop = threading.Event()

    def on_signal(signum, _frame):
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    server = TestServer(host=args.host, port=args.port, databases=databases,
                        locale=args.locale,
                        user=args.user, password=args.password,
                        server_name=args.server_name, data_dir=args.data_dir,
                        trace=args.trace,
                        tls=(args.tls_cert, args.tls_key) if args.tls_cert else None,
                        tls_port=args.tls_port or 0, blobspaces=args.blobspace,
                        sbspaces=() if args.no_sbspace else (args.sbspace or ("sbspace1",)),
                        max_sessions=args.max_sessions)
    if not _loopback(args.host):
        print(f"warning: listening on {args.host}: any host that reaches it can log in "
              f"with the password given here; this is a test server, not a database "
              f"to expose", file=sys.stderr, flush=True)
    with server:
        _create_in_own_locale(server, wanted, args.data_dir)
        print(f"listening on {server.host}:{server.port}", flush=True)
        if server.tls_port is not None:
            print(f"listening (TLS) on {server.host}:{server.tls_port}", flush=True)
        while not stop.wait(0.5):
            pass
    print("stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
