"""Where IBM's JDBC driver lives and how its one JVM is started.

Every suite that drives IBM JDBC (tests/testing, tests/conformance,
tests/driver's live parity) goes through here: JPype can start a JVM only
once per process, so the class path must be complete whoever starts it
first.  The IBM jar loads org.bson classes on its first prepared statement,
so the bson jar shipped beside it in the wbjdbc wheel is always added.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

JAR_ENV = "INFORMIX_DB_JDBC_JAR"
_MAVEN = ("resources", "maven")
_IBM_JAR = ("com.ibm.informix", "jdbc-4.50.10.1.jar")
_BSON_JAR = ("org.mongodb", "bson-3.8.0.jar")


class Unavailable(RuntimeError):
    """Java, JPype or the IBM jar is missing: JDBC tests must skip."""


def _maven_root() -> Path:
    explicit = os.environ.get(JAR_ENV)
    if explicit:
        jar = Path(explicit)
        if not jar.is_file():
            raise Unavailable(f"{JAR_ENV}={explicit} is not a file")
        return jar.parent.parent
    spec = importlib.util.find_spec("wbjdbc")
    if spec is None or not spec.submodule_search_locations:
        raise Unavailable(f"no IBM JDBC jar: set {JAR_ENV} or pip install wbjdbc==2.4.0")
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*_MAVEN)


def find_jars() -> list[str]:
    """The IBM jar and the bson jar it needs, as a class path list."""
    explicit = os.environ.get(JAR_ENV)
    root = _maven_root()
    jar = Path(explicit) if explicit else root.joinpath(*_IBM_JAR)
    if not jar.is_file():
        raise Unavailable(f"wbjdbc is installed but {jar} is missing")
    bson = root.joinpath(*_BSON_JAR)
    if not bson.is_file():
        raise Unavailable(f"the bson jar IBM JDBC needs is missing at {bson}")
    return [str(jar), str(bson)]


def start_jvm() -> None:
    """Start the JVM once (UTC, IBM jar + bson) and register the driver."""
    try:
        import jpype
        import jpype.imports  # noqa: F401 - enables "from java.sql import ..."
    except ImportError as exc:
        raise Unavailable(f"JPype1 is not installed: {exc}") from None
    if not jpype.isJVMStarted():
        jars = find_jars()
        try:
            # UTC so java.sql.Date/Timestamp conversions never cross a DST gap.
            jpype.startJVM("-Duser.timezone=UTC", classpath=jars, convertStrings=False)
        except Exception as exc:  # JVMNotFoundException is a ValueError
            raise Unavailable(f"cannot start a JVM (is Java installed?): {exc}") from None
    jpype.JClass("com.informix.jdbc.IfxDriver")  # registers with DriverManager
