"""IBM's JDBC driver, driven through JPype: one JVM per process.

The jar comes from $INFORMIX_DB_JDBC_JAR or the installed ``wbjdbc``
package (with the bson jar beside it, which the driver loads on first
statement).  If another suite already started the JVM it is reused.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

JAR_ENV = "INFORMIX_DB_JDBC_JAR"
_MAVEN = ("resources", "maven")
_started: list = []


def find_jars() -> list[str]:
    env = os.environ.get(JAR_ENV)
    if env:
        jars = [env]
        bson = Path(env).parent.parent / "org.mongodb" / "bson-3.8.0.jar"
        return jars + ([str(bson)] if bson.is_file() else [])
    spec = importlib.util.find_spec("wbjdbc")
    if spec is None or not spec.submodule_search_locations:
        raise LookupError(f"no IBM JDBC jar: set {JAR_ENV} or install wbjdbc==2.4.0")
    root = Path(list(spec.submodule_search_locations)[0]).joinpath(*_MAVEN)
    jar = root / "com.ibm.informix" / "jdbc-4.50.10.1.jar"
    if not jar.is_file():
        raise LookupError(f"wbjdbc is installed but {jar} is missing")
    bson = root / "org.mongodb" / "bson-3.8.0.jar"
    return [str(jar)] + ([str(bson)] if bson.is_file() else [])


def jdbc_available() -> str | None:
    """None when IBM JDBC can run here, else why not."""
    if _started:
        return None
    try:
        import jpype
        import jpype.imports  # noqa: F401 - makes "from java.sql import ..." work
    except ImportError:
        return "JPype1 is not installed"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no Java runtime found"
    try:
        jars = find_jars()
    except LookupError as exc:
        return str(exc)
    if not jpype.isJVMStarted():  # else another suite started it, with the jar
        jpype.startJVM("-Duser.timezone=UTC", classpath=jars, convertStrings=False)
    _started.append(True)
    return None


#: Appended to every URL: a server that stalls fails the test, not the run.
TIMEOUTS = ";LOGINTIMEOUT=10000;IFX_SOC_TIMEOUT=30000"


def connect(url: str, **props):
    """A java.sql.Connection to *url* (with socket timeouts)."""
    import jpype

    DriverManager = jpype.JClass("java.sql.DriverManager")
    Properties = jpype.JClass("java.util.Properties")

    jpype.JClass("com.informix.jdbc.IfxDriver")
    info = Properties()
    for key, value in props.items():
        info.setProperty(key, str(value))
    return DriverManager.getConnection(url + TIMEOUTS, info)


def rows(result_set) -> list[tuple]:
    """All rows of a java.sql.ResultSet as Python tuples (str/int/None)."""
    meta = result_set.getMetaData()
    n = meta.getColumnCount()
    out = []
    while result_set.next():
        row = []
        for i in range(1, n + 1):
            value = result_set.getObject(i)
            if value is None:
                row.append(None)
            elif isinstance(value, (int, float)):
                row.append(value)
            else:
                text = str(value)
                row.append(int(text) if meta.getColumnType(i) in (4, 5, -5) else text)
        out.append(tuple(row))
    return out
