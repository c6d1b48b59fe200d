"""Informix SQLCODE -> PEP 249 exception class, SQLSTATE and message text.

The server sends only numbers (SQLCODE, ISAM code, an offset into the SQL)
and one token (the offending name); the words come from this table.  Texts
follow IBM's error catalogue in substance; ``%s`` marks where the token goes.

Classification follows what an application can do about the error:
constraint violations are ``IntegrityError``; wrong SQL or wrong names
``ProgrammingError``; bad values ``DataError``; login, connection, locking
and transaction-state failures ``OperationalError``; unsupported features
``NotSupportedError``; anything unknown stays a plain ``DatabaseError``.
"""

from __future__ import annotations

from typing import NamedTuple

from informix_db.exceptions import (
    DatabaseError,
    DataError,
    Error,
    IntegrityError,
    InternalError,
    NotSupportedError,
    OperationalError,
    ProgrammingError,
)

__all__ = ["ErrorInfo", "ERRORS", "ISAM_TEXT", "lookup", "make_error", "register"]


class ErrorInfo(NamedTuple):
    """What the driver knows about one SQLCODE."""

    cls: type[Error]
    sqlstate: str
    text: str


_I, _P, _D, _O, _N, _X = (
    IntegrityError, ProgrammingError, DataError, OperationalError,
    NotSupportedError, InternalError,
)

#: SQLCODE -> ErrorInfo.  "IX000" is Informix's SQLSTATE for errors with no
#: ANSI equivalent.
ERRORS: dict[int, ErrorInfo] = {
    # -- statements: syntax, names, misuse --------------------------------------
    -201: ErrorInfo(_P, "42000", "A syntax error has occurred."),
    -202: ErrorInfo(_P, "42000", "An illegal character has been found in the statement."),
    -203: ErrorInfo(_P, "IX000", "Integer value exceeds the maximum allowed."),
    -206: ErrorInfo(_P, "42S02", "The specified table (%s) is not in the database."),
    -217: ErrorInfo(_P, "42S22", "Column (%s) not found in any table in the query (or SLV is undefined)."),
    -236: ErrorInfo(_P, "21S01", "Number of columns in INSERT does not match number of VALUES."),
    -253: ErrorInfo(_P, "42000", "Identifier length exceeds the maximum allowed by this version of the server."),
    -255: ErrorInfo(_O, "25000", "Not in transaction."),
    -256: ErrorInfo(_O, "IX000", "Transaction not available."),
    -213: ErrorInfo(_O, "IX000", "Statement interrupted by user."),
    -258: ErrorInfo(_P, "IX000", "System error - invalid statement id received by the sqlexec process."),
    -259: ErrorInfo(_P, "24000", "Cursor not open."),
    -260: ErrorInfo(_P, "IX000", "Cannot execute a SELECT statement that is PREPAREd - must use cursor."),
    -267: ErrorInfo(_O, "40000", "The cursor has been previously released and is unavailable."),
    -272: ErrorInfo(_P, "42000", "No SELECT permission for %s."),
    -273: ErrorInfo(_P, "42000", "No UPDATE permission for %s."),
    -274: ErrorInfo(_P, "42000", "No DELETE permission for %s."),
    -275: ErrorInfo(_P, "42000", "The Insert privilege is required for this operation."),
    -286: ErrorInfo(_P, "IX000", "The number of values does not match the number of columns."),
    -310: ErrorInfo(_P, "42S01", "Table (%s) already exists in database."),
    -311: ErrorInfo(_O, "IX000", "Cannot open system catalog (%s)."),
    -316: ErrorInfo(_P, "42S11", "Index (%s) already exists in database."),
    -324: ErrorInfo(_P, "42000", "Ambiguous column (%s)."),
    -349: ErrorInfo(_P, "IX000", "Database not selected yet."),
    -350: ErrorInfo(_P, "42S11", "Index already exists on column."),
    -404: ErrorInfo(_P, "IX000", "The cursor or statement is not available."),
    -410: ErrorInfo(_P, "IX000", "Prepare statement failed or was not executed."),
    -413: ErrorInfo(_P, "IX000", "Insert attempted on a cursor that is not an insert cursor."),
    -481: ErrorInfo(_P, "IX000", "Invalid statement name or statement was not prepared."),
    -535: ErrorInfo(_O, "25000", "Already in transaction."),
    -554: ErrorInfo(_P, "42000", "Syntax disallowed in this database server."),
    -606: ErrorInfo(_P, "IX000", "Invalid blob space name."),
    -674: ErrorInfo(_P, "42000", "Routine (%s) can not be resolved."),
    -673: ErrorInfo(_P, "42000", "Cannot create routine (%s): it already exists."),
    -284: ErrorInfo(_D, "21000", "A subquery has returned not exactly one row."),
    # RAISE EXCEPTION -746, isam, text in an SPL routine: the text is the message
    -746: ErrorInfo(DatabaseError, "IX000", "%s"),
    -692: ErrorInfo(_I, "23000", "Key value for constraint (%s) is still being referenced."),
    # -- integrity -------------------------------------------------------------
    -239: ErrorInfo(_I, "23000", "Could not insert new row - duplicate value in a UNIQUE INDEX column (Unique Index:%s)."),
    -268: ErrorInfo(_I, "23000", "Unique constraint (%s) violated."),
    -271: ErrorInfo(_O, "IX000", "Could not insert new row into the table."),
    -346: ErrorInfo(_O, "IX000", "Could not update a row in the table."),
    -391: ErrorInfo(_I, "23000", "Cannot insert a null into column (%s)."),
    -530: ErrorInfo(_I, "23000", "Check constraint (%s) failed."),
    -691: ErrorInfo(_I, "23000", "Missing key in referenced table for referential constraint (%s)."),
    -703: ErrorInfo(_I, "23000", "Primary key on table (%s) has a field with a null key value."),
    # -- data ------------------------------------------------------------------
    -1202: ErrorInfo(_D, "22012", "An attempt was made to divide by zero."),
    -1204: ErrorInfo(_D, "22008", "Invalid year in date."),
    -1205: ErrorInfo(_D, "22008", "Invalid month in date."),
    -1206: ErrorInfo(_D, "22008", "Invalid day in date."),
    -1213: ErrorInfo(_D, "22018", "A character to numeric conversion process failed."),
    -1214: ErrorInfo(_D, "22003", "Value too large to fit in a SMALLINT."),
    -1215: ErrorInfo(_D, "22003", "Value too large to fit in an INTEGER."),
    -1218: ErrorInfo(_D, "22007", "String to date conversion error."),
    -1226: ErrorInfo(_D, "22003", "Decimal or money value exceeds maximum precision."),
    -1262: ErrorInfo(_D, "22007", "Non-numeric character in datetime or interval."),
    -1263: ErrorInfo(_D, "22008", "A field in a datetime or interval value is out of range or incorrect."),
    -1264: ErrorInfo(_D, "22007", "Extra characters at the end of a datetime or interval."),
    -1265: ErrorInfo(_D, "22008", "Overflow occurred on a datetime or interval operation."),
    -1279: ErrorInfo(_D, "22001", "Value exceeds string column length."),
    -8300: ErrorInfo(_D, "22003", "Value too large to fit in a BIGINT."),
    # -- connection, login, database -------------------------------------------
    -329: ErrorInfo(_O, "IX000", "Database not found or no system permission."),
    -387: ErrorInfo(_O, "28000", "No connect permission."),
    -402: ErrorInfo(_N, "IX000", "Address of a host variable is NULL."),
    -406: ErrorInfo(_O, "IX000", "Memory allocation failed."),
    -408: ErrorInfo(_O, "IX000", "Invalid message type received from the sqlexec process."),
    -439: ErrorInfo(_O, "08003", "Not connected to the database server."),
    -451: ErrorInfo(_O, "IX000", "Database server not started or not available."),
    -761: ErrorInfo(_O, "08001", "INFORMIXSERVER does not match either DBSERVERNAME or DBSERVERALIASES."),
    -908: ErrorInfo(_O, "08001", "Attempt to connect to database server (%s) failed."),
    -930: ErrorInfo(_O, "08001", "Cannot connect to database server (%s)."),
    -951: ErrorInfo(_O, "28000", "Incorrect password or user %s is not known on the database server."),
    -952: ErrorInfo(_O, "28000", "User's password is not correct for the database server."),
    -956: ErrorInfo(_O, "08004", "Client host or user %s is not trusted by the server."),
    -1803: ErrorInfo(_O, "08004", "Connection has too many open cursors."),
    -25580: ErrorInfo(_O, "08S01", "System error occurred in network function."),
    -25582: ErrorInfo(_O, "08S01", "Network connection is broken."),
    # -- locking and transactions ----------------------------------------------
    -233: ErrorInfo(_O, "IX000", "Cannot read record that is locked by another user."),
    -243: ErrorInfo(_O, "IX000", "Could not position within a table (%s)."),
    -244: ErrorInfo(_O, "IX000", "Could not do a physical-order read to fetch next row."),
    -245: ErrorInfo(_O, "IX000", "Could not position within a file via an index."),
    -252: ErrorInfo(_O, "IX000", "Cannot get system information for table."),
    -263: ErrorInfo(_O, "IX000", "Could not lock row for UPDATE."),
    -288: ErrorInfo(_O, "IX000", "Table (%s) not locked by current user."),
    -289: ErrorInfo(_O, "IX000", "Cannot lock table (%s) in requested mode."),
    -458: ErrorInfo(_O, "40001", "Long transaction aborted."),
    -460: ErrorInfo(_O, "IX000", "Statement length exceeds maximum."),
    -79744: ErrorInfo(_N, "IX000", "Transactions not supported."),
    # -- features --------------------------------------------------------------
    -999: ErrorInfo(_N, "IX000", "Not implemented yet."),
    -8002: ErrorInfo(_N, "IX000", "Feature not supported by this server."),
    # -- storage spaces (server configuration) ----------------------------------
    -9810: ErrorInfo(_O, "IX000", "Smart-large-object error."),
    -9820: ErrorInfo(_P, "IX000", "Sbspace (%s) does not exist."),
    # -- server internal -------------------------------------------------------
    -1820: ErrorInfo(_X, "IX000", "Internal error in the server."),
}

#: ISAM code -> explanation, for the codes that commonly accompany SQLCODEs.
ISAM_TEXT: dict[int, str] = {
    -100: "ISAM error: duplicate value for a record with unique key.",
    -103: "ISAM error: illegal key descriptor (too many parts or too long).",
    -104: "ISAM error: too many files open.",
    -105: "ISAM error: bad ISAM file format.",
    -106: "ISAM error: non-exclusive access.",
    -107: "ISAM error: record is locked.",
    -111: "ISAM error: no record found.",
    -112: "ISAM error: no current record.",
    -113: "ISAM error: the file is locked.",
    -143: "ISAM error: deadlock detected.",
    -144: "ISAM error: key value locked.",
    -154: "ISAM error: Lock Timeout Expired.",
    -12053: "Smart Large Objects: No sbspace number specified.",
}


def lookup(sqlcode: int) -> ErrorInfo:
    """The table entry for *sqlcode*; unknown codes get a generic entry."""
    info = ERRORS.get(sqlcode)
    if info is not None:
        return info
    return ErrorInfo(DatabaseError, "IX000", f"Informix error {sqlcode}.")


def register(sqlcode: int, cls: type[Error], text: str, sqlstate: str = "IX000") -> None:
    """Add or replace the entry for *sqlcode* (for site-specific codes)."""
    if not (isinstance(cls, type) and issubclass(cls, Error)):
        raise TypeError(f"cls must be an informix_db exception class, got {cls!r}")
    ERRORS[sqlcode] = ErrorInfo(cls, sqlstate, text)


def make_error(
    sqlcode: int,
    isam_code: int = 0,
    token: str = "",
    offset: int | None = None,
) -> Error:
    """The exception (not raised) for a server-reported error.

    The message reads ``[-206] The specified table (t) is not in the
    database. [ISAM -111: ISAM error: no record found.]``.
    """
    info = lookup(sqlcode)
    text = info.text
    if "%s" in text:
        text = text.replace("%s", token)
    elif token:
        text = f"{text} ({token})"
    message = f"[{sqlcode}] {text}"
    if isam_code:
        isam = ISAM_TEXT.get(isam_code)
        message += f" [ISAM {isam_code}: {isam}]" if isam else f" [ISAM {isam_code}]"
    if offset:
        message += f" (at offset {offset} of the statement)"
    exc = info.cls(
        message,
        sqlcode=sqlcode,
        isam_code=isam_code,
        sqlstate=info.sqlstate,
        token=token or None,
    )
    exc.offset = offset
    return exc
