"""IBM's JDBC driver, driven through JPype: one JVM per process.

The JVM itself is started by tests/ibm_jdbc.py, shared by every suite.
"""

from __future__ import annotations

# tests/ is on sys.path (pytest inserts the folder of tests/conftest.py).
import ibm_jdbc


def jdbc_available() -> str | None:
    """None when IBM JDBC can run here, else why not."""
    try:
        ibm_jdbc.start_jvm()
    except ibm_jdbc.Unavailable as exc:
        return str(exc)
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
