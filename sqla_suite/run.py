"""Run SQLAlchemy's compliance suite against a fresh test server.

    PYTHONPATH=src python sqla_suite/run.py [-k expr] [other pytest args]
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from informix_db.testing import TestServer

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    # a UTF-8 database and client: the suite's Unicode tests use characters
    # beyond any 8-bit code set
    with TestServer(locale="en_US.utf8") as srv:
        url = (f"informix://{srv.user}:{srv.password}@{srv.host}:{srv.port}/testdb"
               f"?server={srv.server_name}&client_locale=en_US.utf8&db_locale=en_US.utf8")
        return pytest.main(["-c", str(HERE / "setup.cfg"), "--rootdir", str(HERE),
                            f"--dburi={url}", str(HERE), *argv])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
