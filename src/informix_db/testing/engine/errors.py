"""Informix errors raised by the engine, and the mapping from DuckDB's errors.

An Informix error is a pair of codes (SQLCODE and ISAM code) plus the
offending token; the wire side sends exactly these three in an SQ_ERR.
"""

from __future__ import annotations

import re

from informix_db.exceptions import DatabaseError

#: Message templates of the SQLCODEs the engine raises (``%s`` = token).
MESSAGES: dict[int, str] = {
    -83: "Savepoint (%s) does not exist.",
    -201: "A syntax error has occurred.",
    -206: "The specified table (%s) is not in the database.",
    -217: "Column (%s) not found in any table in the query (or SLV is undefined).",
    -236: "Number of columns in INSERT does not match number of VALUES.",
    -239: "Could not insert new row - duplicate value in a UNIQUE INDEX column.",
    -255: "Not in transaction.",
    -256: "Transaction not available.",
    -268: "Unique constraint (%s) violated.",
    -310: "Table (%s) already exists in database.",
    -316: "Index (%s) already exists in database.",
    -319: "Index (%s) does not exist in the database.",
    -329: "Database not found or no system permission.",
    -330: "Cannot create or drop database.",
    -349: "Database not selected yet.",
    -391: "Cannot insert a null into column (%s).",
    -425: "Database is currently opened by another user.",
    -535: "Already in transaction.",
    -691: "Missing key in referenced table for referential constraint (%s).",
    -692: "Key value for constraint (%s) is still being referenced.",
    -1204: "Invalid year in date.",
    -1205: "Invalid month in date.",
    -1206: "Invalid day in date.",
    -1213: "A character to numeric conversion process failed.",
    -1260: "It is not possible to convert between the specified types.",
    -1214: "Value too large to fit in a SMALLINT.",
    -1215: "Value too large to fit in an INTEGER.",
    -1218: "String to date conversion error.",
    -1226: "Decimal or money value exceeds maximum precision.",
    -1279: "Value exceeds string column length.",
    -294: "The column (%s) must be in the GROUP BY list.",
    -530: "Check constraint (%s) failed.",
    -759: "Cannot use database commands in an explicit database transaction.",
    -908: "Attempt to connect to database server (%s) failed.",
    -1262: "Non-numeric character in datetime or interval.",
    -1263: "A field in a datetime or interval value is incorrect or an illegal operation"
           " specified on datetime field.",
    -1264: "Extra characters at the end of a datetime or interval.",
    -1265: "Overflow occurred on a datetime or interval operation.",
    -202: "An illegal character has been found in the statement.",
    -9628: "Type (%s) not found.",
    -674: "Routine (%s) can not be resolved.",
    -673: "Cannot create routine (%s): one with the same name and signature exists.",
    -746: "%s",  # RAISE EXCEPTION -746, isam, text: the routine's own message
    -284: "A subquery has returned not exactly one row.",
    -999: "Not implemented yet.",
    -213: "Statement interrupted by user.",
    -1202: "An attempt was made to divide by zero.",
    -254: "Too many or too few host variables given.",
    -458: "Long transaction aborted.",
    -244: "Could not do a physical-order read to fetch next row.",
    -606: "Invalid blob space name.",
    -9810: "Smart-large-object error.",
    -9820: "Sbspace (%s) does not exist.",
}

ISAM_MESSAGES: dict[int, str] = {
    -107: "ISAM error: record is locked.",
    -100: "ISAM error: duplicate value for a record with unique key.",
    -111: "ISAM error: no record found.",
    -12053: "Smart Large Objects: No sbspace number specified.",
}


class InformixError(DatabaseError):
    """An Informix SQL error: ``sqlcode``, ``isam`` code and offending ``token``."""

    def __init__(self, sqlcode: int, isam: int = 0, token: str = "") -> None:
        template = MESSAGES.get(sqlcode, "SQL error %d" % sqlcode)
        message = template % token if "%s" in template else template
        super().__init__(
            f"{sqlcode}: {message}" + (f" (ISAM {isam})" if isam else ""),
            sqlcode=sqlcode,
            isam_code=isam,
            token=token,
        )
        self.isam = isam

    def __reduce__(self):  # keep the codes when pickled (e.g. across processes)
        return (type(self), (self.sqlcode, self.isam, self.token))


_QUOTED = re.compile(r'"([^"]*)"')


def _first_quoted(text: str) -> str:
    m = _QUOTED.search(text)
    return m.group(1) if m else ""


def map_duckdb_error(exc: Exception, *, unique_kind=None) -> InformixError:
    """The Informix error that best matches a DuckDB exception.

    ``unique_kind(key_columns)`` tells whether a duplicate key belongs to a
    UNIQUE INDEX (``("index", name)``) or a constraint (``("constraint", name)``).
    """
    import duckdb  # the engine's own dependency; imported lazily

    text = str(exc)
    first = text.split("\n", 1)[0]
    if isinstance(exc, duckdb.ParserException):
        m = re.search(r'at or near "([^"]*)"', first)
        return InformixError(-201, token=m.group(1) if m else "")
    if isinstance(exc, duckdb.CatalogException):
        m = re.search(r"Table with name \"?([^\" !]+)\"? does not exist", first)
        if m:
            return InformixError(-206, -111, m.group(1))
        m = re.search(r"Table with name \"?([^\" !]+)\"? already exists", first)
        if m:
            return InformixError(-310, token=m.group(1))
        m = re.search(r"Index with name \"?([^\" !]+)\"? already exists", first)
        if m:
            return InformixError(-316, token=m.group(1))
        m = re.search(
            r"(?:Scalar|Aggregate|Table) Function with name \"?([^\" !]+)\"? does not exist",
            first)
        if m:
            return InformixError(-674, token=m.group(1))
        m = re.search(r"Type with name \"?([^\" !]+)\"? does not exist", first)
        if m:
            return InformixError(-9628, token=m.group(1))
        m = re.search(r"with name \"?([^\" !]+)\"? does not exist", first)
        if m:
            return InformixError(-206, -111, m.group(1))
        return InformixError(-201, token=_first_quoted(first))
    if isinstance(exc, duckdb.BinderException):
        m = re.search(r'column "?([^" ]+)"? not found', first, re.I)
        if m:
            return InformixError(-217, token=m.group(1))
        m = re.search(r"Table \"([^\"]+)\" does not have a column named \"([^\"]+)\"", first)
        if m:
            return InformixError(-217, token=m.group(2))
        m = re.search(r"Values list \"[^\"]*\" does not have a column named \"([^\"]+)\"", first)
        if m:
            return InformixError(-217, token=m.group(1))
        if "expected" in first and "columns" in first and "INSERT" in first.upper():
            return InformixError(-236)
        m = re.search(r"Referenced table \"([^\"]+)\" not found", first)
        if m:
            return InformixError(-217, token=m.group(1))
        if "No function matches" in first or "Could not choose a best candidate" in first:
            return InformixError(-674, token=_first_quoted(first))
        if "must appear in the GROUP BY" in first:
            return InformixError(-294)
        return InformixError(-201, token=_first_quoted(first))
    if isinstance(exc, duckdb.ConstraintException):
        if "NOT NULL constraint failed" in first:
            return InformixError(-391, token=first.rsplit(":", 1)[-1].strip().replace('"', ""))
        if "Duplicate key" in first:
            key = _first_quoted(first)
            cols = tuple(part.split(":", 1)[0].strip() for part in key.split(", "))
            kind, name = unique_kind(cols) if unique_kind else ("constraint", "")
            if kind == "index":
                return InformixError(-239, -100, name)
            return InformixError(-268, -100, name)
        if "foreign key" in first.lower():
            if "still referenced" in first or "referenced by" in first.lower():
                return InformixError(-692, token=_first_quoted(first))
            return InformixError(-691, token=_first_quoted(first))
        if "CHECK constraint" in first:
            return InformixError(-530, token=_first_quoted(first))
        return InformixError(-268, -100)
    if isinstance(exc, duckdb.ConversionException) or isinstance(exc, duckdb.OutOfRangeException):
        m = re.search(r"""Could not convert string (?:"([^"]*)"|'([^']*)') to (\w+)""", first)
        if m:
            value, target = m.group(1) or m.group(2) or "", m.group(3)
            if target in ("DATE",):
                return InformixError(-1218, token=value)
            if target in ("TIMESTAMP", "TIME", "INTERVAL"):
                return InformixError(-1262, token=value)
            return InformixError(-1213, token=value)
        if "date field value out of range" in first:
            return InformixError(-1218, token=_first_quoted(first))
        if "timestamp field" in first or "time field" in first or "interval" in first.lower():
            return InformixError(-1262, token=_first_quoted(first))
        if "INT16" in first or "SMALLINT" in first:
            return InformixError(-1214)
        if "INT32" in first or "INTEGER" in first or "INT64" in first or "BIGINT" in first:
            return InformixError(-1215)
        if "DECIMAL" in first or "out of range" in first.lower() or "Overflow" in first:
            return InformixError(-1226)
        if "date field value out of range" in first or "DATE" in first:
            return InformixError(-1218)
        return InformixError(-1213)
    m = re.search(r"IFX(-\d+)(?:\|(.*))?", first)
    if m and isinstance(exc, (duckdb.InvalidInputException, duckdb.Error)):
        # raised on purpose by the engine's SQL: error('IFX<code>[|<token>]')
        return InformixError(int(m.group(1)), token=(m.group(2) or "").strip())
    if isinstance(exc, duckdb.InvalidInputException):
        if "Division by zero" in first or "division by zero" in first:
            return InformixError(-1202)
        if "Values were not provided" in first or "parameters" in first:
            return InformixError(-254)
        return InformixError(-201, token=_first_quoted(first))
    if isinstance(exc, duckdb.TransactionException):
        if "onflict" in first:
            # another session's uncommitted change holds the row: Informix's
            # "record is locked" (the engine never waits for locks)
            return InformixError(-244, -107)
        return InformixError(-458, token=first)
    return InformixError(-201, token=first[:40])
