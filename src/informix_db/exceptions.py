"""The PEP 249 exception hierarchy, carrying Informix's diagnostics.

Every database error knows the server's SQLCODE, the ISAM code that
explains it, the SQLSTATE and the server's message (or offending token).
"""

from __future__ import annotations

__all__ = [
    "Warning",
    "Error",
    "InterfaceError",
    "DatabaseError",
    "DataError",
    "OperationalError",
    "IntegrityError",
    "InternalError",
    "ProgrammingError",
    "NotSupportedError",
    "FramingError",
]


class Warning(Exception):  # noqa: A001 - the name is mandated by PEP 249
    """Important warnings such as data truncation."""


class Error(Exception):
    """Base class of every error this driver raises."""

    def __init__(
        self,
        message: str = "",
        *,
        sqlcode: int | None = None,
        isam_code: int | None = None,
        sqlstate: str | None = None,
        token: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.sqlcode = sqlcode
        self.isam_code = isam_code
        self.sqlstate = sqlstate
        self.token = token
        #: where in the statement the server found the error (SQ_ERR), else None
        self.offset: int | None = None

    # informix-driver's names for the same diagnostics, so code written for
    # it reads our errors unchanged.
    @property
    def isamcode(self) -> int | None:
        """The ISAM code (``isam_code``)."""
        return self.isam_code

    @property
    def near(self) -> str | None:
        """The token the server named (``token``), e.g. the missing table."""
        return self.token


class InterfaceError(Error):
    """A problem in the driver itself or in what it was handed."""


class FramingError(InterfaceError):
    """Bytes from the network do not form a valid SQLI message.

    The stream position is lost after this: the connection is unusable.
    """


class DatabaseError(Error):
    """An error reported by, or about, the database."""


class DataError(DatabaseError):
    """A value could not be converted, or is out of range."""


class OperationalError(DatabaseError):
    """The connection or the server failed: timeouts, lost sockets, resources."""


class IntegrityError(DatabaseError):
    """A constraint was violated (duplicate key, NULL into NOT NULL, ...)."""


class InternalError(DatabaseError):
    """The server or driver reached a state it should not."""


class ProgrammingError(DatabaseError):
    """The SQL or its use is wrong: syntax, missing table or column, misuse."""


class NotSupportedError(DatabaseError):
    """The feature is not supported by the server or this driver."""
