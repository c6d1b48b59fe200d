"""IBM's Informix JDBC driver, driven through JPype, with exact conversions.

One JVM per process (JPype cannot restart it). The jar comes from
``INFORMIX_DB_JDBC_JAR`` or from the installed ``wbjdbc`` wheel. The JVM
runs in UTC so java.sql.Date/Timestamp conversions never cross a DST gap.

Binding and reading are per corpus family; the table in ``corpus.py``
says which JDBC setter/getter each family uses and why.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from . import corpus

# The JVM is started by tests/ibm_jdbc.py, the one starter every JDBC suite
# shares (tests/ is on sys.path: pytest inserts the folder of tests/conftest.py).
from ibm_jdbc import JAR_ENV, Unavailable, find_jars, start_jvm  # noqa: E402,F401


def J(name: str) -> Any:  # noqa: N802 - mirrors jpype.JClass
    import jpype

    return jpype.JClass(name)


def url(host: str, port: int, database: str | None, server: str, user: str,
        password: str, **extra: str) -> str:
    db = f"/{database}" if database else ""
    props = {"INFORMIXSERVER": server, "user": user, "password": password,
             # Short timeouts so a server that stalls fails the test, not the run.
             "LOGINTIMEOUT": "10000", "IFX_SOC_TIMEOUT": "60000", **extra}
    return f"jdbc:informix-sqli://{host}:{port}{db}:" + ";".join(
        f"{k}={v}" for k, v in props.items())


def connect(jdbc_url: str) -> Any:
    """A raw java.sql.Connection."""
    start_jvm()
    dm = J("java.sql.DriverManager")
    dm.setLoginTimeout(15)
    return dm.getConnection(jdbc_url)


def sql_error(exc: BaseException) -> tuple[int, str] | None:
    """(errorCode, message) of a java.sql.SQLException raised through JPype."""
    get = getattr(exc, "getErrorCode", None)
    if get is None:
        return None
    return int(get()), str(exc.getMessage())


#: Code set of the conformance databases (the TestServer's en_US.819).
DB_CHARSET = "iso-8859-1"
#: Longest TEXT value bound with setString; longer ones go as an ASCII stream.
TEXT_SETSTRING_LIMIT = 32767


# --------------------------------------------------------------------------
# what IBM JDBC can represent

def representable(case: corpus.Case) -> corpus.Case:
    """``case`` without the DATETIME values IBM JDBC cannot give back.

    JDBC turns a DATETIME whose qualifier lacks YEAR (or MONTH) into a
    Timestamp, filling the missing leading fields itself (year 1700, the
    current month), and its getString formats that Timestamp. So MONTH TO
    DAY 02-29 reads back as 03-01 and DAY 31 as 01 in a 30-day month, although
    the server sent 02-29 and 31 (checked in the wire trace). Those values
    are the client's limitation, not the server's.
    """
    if case.family != "datetime" or case.fields[0] == "year" or "day" not in case.fields:
        return case
    if "month" in case.fields:
        return corpus.only_rows(case, lambda v: (v.month, v.day) != (2, 29))
    return corpus.only_rows(case, lambda v: v.day <= 28)


# --------------------------------------------------------------------------
# binding

def _types() -> Any:
    return J("java.sql.Types")


def _null_type(case: corpus.Case) -> int:
    t = _types()
    return {
        "char": t.CHAR, "varchar": t.VARCHAR, "lvarchar": t.VARCHAR, "text": t.LONGVARCHAR,
        "smallint": t.SMALLINT, "integer": t.INTEGER, "bigint": t.BIGINT,
        "smallfloat": t.REAL, "float": t.DOUBLE, "decimal": t.DECIMAL, "money": t.DECIMAL,
        "date": t.DATE, "datetime": t.TIMESTAMP, "interval_ym": t.VARCHAR,
        "interval_df": t.VARCHAR, "boolean": t.BOOLEAN, "byte": t.LONGVARBINARY,
    }[case.family]


def timestamp_qualifier(case: corpus.Case) -> bool:
    """DATETIME YEAR TO SECOND/FRACTION(n): what java.sql.Timestamp fully expresses."""
    return case.family == "datetime" and case.fields[0] == "year" and "second" in case.fields


def bind(ps: Any, index: int, case: corpus.Case, value: Any) -> None:
    """Set parameter ``index`` of a PreparedStatement to ``value``.

    DATETIME qualifiers other than YEAR TO SECOND/FRACTION are bound as their
    Informix literal text (setString): the server converts a character value
    to the column's type, which is what IBM documents, and a Timestamp
    cannot say "these fields only". INTERVALs go as IBM's own IntervalYM /
    IntervalDF objects built from the literal and the column's qualifier,
    so the wire carries a typed INTERVAL.
    """
    f = case.family
    if value is None:
        ps.setNull(index, _null_type(case))
    elif f == "text" and len(value) > TEXT_SETSTRING_LIMIT:
        # setString sends TEXT as one character value and silently cuts it
        # at 65534 bytes (seen in the trace); the ASCII stream goes as a blob.
        import jpype

        data = value.encode(DB_CHARSET)
        ps.setAsciiStream(index, J("java.io.ByteArrayInputStream")(
            jpype.JArray(jpype.JByte)(data)), len(data))
    elif f in ("char", "varchar", "lvarchar", "text"):
        ps.setString(index, value)
    elif f == "smallint":
        ps.setShort(index, value)
    elif f == "integer":
        ps.setInt(index, value)
    elif f == "bigint":
        ps.setLong(index, value)
    elif f == "smallfloat":
        ps.setFloat(index, value)
    elif f == "float":
        ps.setDouble(index, value)
    elif f in ("decimal", "money"):
        ps.setBigDecimal(index, J("java.math.BigDecimal")(str(value)))
    elif f == "date":
        ps.setDate(index, J("java.sql.Date").valueOf(value.isoformat()))
    elif f == "datetime" and timestamp_qualifier(case):
        ps.setTimestamp(index, J("java.sql.Timestamp").valueOf(
            value.strftime("%Y-%m-%d %H:%M:%S") + f".{value.microsecond:06d}"))
    elif f == "datetime":
        ps.setString(index, corpus.datetime_literal(case, value))
    elif f == "interval_ym":
        ps.setObject(index, J("com.informix.lang.IntervalYM")(
            corpus.interval_literal(case, value), interval_qualifier(case)))
    elif f == "interval_df":
        ps.setObject(index, J("com.informix.lang.IntervalDF")(
            corpus.interval_literal(case, value), interval_qualifier(case)))
    elif f == "boolean":
        ps.setBoolean(index, value)
    elif f == "byte":
        import jpype

        ps.setBytes(index, jpype.JArray(jpype.JByte)(value))
    else:  # pragma: no cover - corpus and binder must agree
        raise AssertionError(f"no JDBC binder for family {f}")


_TU = {"year": 0, "month": 2, "day": 4, "hour": 6, "minute": 8, "second": 10, "fraction": 12}
_INTERVAL_DECL = re.compile(
    r"INTERVAL (\w+)(?:\((\d)\))? TO (\w+)(?:\((\d)\))?", re.IGNORECASE)


def interval_qualifier(case: corpus.Case) -> Any:
    """The encoded qualifier (``digits << 8 | start << 4 | end``) of an INTERVAL column."""
    m = _INTERVAL_DECL.fullmatch(case.decl)
    if not m:
        raise AssertionError(f"not an INTERVAL declaration: {case.decl}")
    start = _TU[m.group(1).lower()]
    end = _TU[m.group(3).lower()]
    if m.group(3).lower() == "fraction":
        end = 10 + int(m.group(4) or 3)
    lead = int(m.group(2) or (4 if start == 0 else 2))
    import jpype

    return jpype.JShort(((lead + end - start) << 8) | (start << 4) | end)


# --------------------------------------------------------------------------
# reading

def _str(js: Any) -> str | None:
    return None if js is None else str(js)


def read(rs: Any, index: int, case: corpus.Case) -> Any:
    """Column ``index`` of the current row as a Python value (None for NULL).

    Every conversion is exact: BigDecimal via toPlainString, Timestamp via
    toLocalDateTime (fields incl. nanos), Date via its ISO text, floats by
    widening, bytes element by element.
    """
    f = case.family
    if f == "text":
        # getString of a TEXT over 64 KB gives NULs although the blob bytes
        # on the wire are right (getBytes returns them): read the bytes.
        arr = rs.getBytes(index)
        return None if arr is None else bytes(b & 0xFF for b in arr).decode(DB_CHARSET)
    if f in ("char", "varchar", "lvarchar"):
        return _str(rs.getString(index))
    if f in ("smallint", "integer", "bigint"):
        v = {"smallint": rs.getShort, "integer": rs.getInt, "bigint": rs.getLong}[f](index)
        return None if rs.wasNull() else int(v)
    if f == "smallfloat":
        v = rs.getFloat(index)
        return None if rs.wasNull() else float(v)
    if f == "float":
        v = rs.getDouble(index)
        return None if rs.wasNull() else float(v)
    if f in ("decimal", "money"):
        bd = rs.getBigDecimal(index)
        return None if bd is None else Decimal(str(bd.toPlainString()))
    if f == "date":
        d = rs.getDate(index)
        return None if d is None else dt.date.fromisoformat(str(d.toString()))
    if f == "datetime" and timestamp_qualifier(case):
        ts = rs.getTimestamp(index)
        if ts is None:
            return None
        ldt = ts.toLocalDateTime()
        nanos = int(ldt.getNano())
        if nanos % 1000:
            raise AssertionError(f"sub-microsecond nanos {nanos} from {ts}")
        return dt.datetime(int(ldt.getYear()), int(ldt.getMonthValue()),
                           int(ldt.getDayOfMonth()), int(ldt.getHour()),
                           int(ldt.getMinute()), int(ldt.getSecond()), nanos // 1000)
    if f == "datetime":
        return _str(rs.getString(index))  # Informix literal; corpus.canonical parses it
    if f == "interval_ym":
        obj = rs.getObject(index)
        return None if obj is None else corpus.ym(0, int(obj.getMonths()))
    if f == "interval_df":
        obj = rs.getObject(index)
        if obj is None:
            return None
        # getSeconds/getNanoSeconds carry the same sign; exact to the nanosecond
        nanos = int(obj.getSeconds()) * 1_000_000_000 + int(obj.getNanoSeconds())
        if nanos % 1000:
            raise AssertionError(f"sub-microsecond interval {obj}")
        return dt.timedelta(microseconds=nanos // 1000)
    if f == "boolean":
        v = rs.getBoolean(index)
        return None if rs.wasNull() else bool(v)
    if f == "byte":
        arr = rs.getBytes(index)
        return None if arr is None else bytes(b & 0xFF for b in arr)
    raise AssertionError(f"no JDBC reader for family {f}")  # pragma: no cover
