"""Python parameter values -> BIND parameters, with the driver's type choices.

The codecs encode each value (``informix_db.codecs.bind``); this module
decides the Informix type of the values whose Python type leaves a choice:

* ``int``: INTEGER within 32 bits (as JDBC's ``setInt``: g15 sends 42 as
  INTEGER, not SMALLINT — the server converts to the column's type),
  BIGINT within 64 bits, and a ``DataError`` beyond (Informix has no
  wider integer; pass a ``Decimal`` for DECIMAL(32)).
* ``bool``: the CHAR literal 't'/'f' (the codecs' choice, as JDBC).
* everything else by its Python type: float FLOAT, Decimal DECIMAL, str
  CHAR, bytes BYTE, date DATE, datetime/time DATETIME, timedelta INTERVAL
  DAY TO FRACTION, ``IntervalYM`` INTERVAL YEAR TO MONTH, None NULL.
"""

from __future__ import annotations

from informix_db import types as T
from informix_db.codecs.bind import BindParam, encode_bind
from informix_db.exceptions import DataError, Error, InterfaceError

__all__ = ["bind_params", "INT_TYPE", "BIGINT_TYPE"]

INT_TYPE = T.ColumnType(T.SQLINT)
BIGINT_TYPE = T.ColumnType(T.SQLINFXBIGINT)
_INT_MAX = 0x7FFF_FFFF
_BIG_MAX = 0x7FFF_FFFF_FFFF_FFFF


def _int_type(value: int) -> T.ColumnType:
    if -_INT_MAX <= value <= _INT_MAX:
        return INT_TYPE
    if -_BIG_MAX <= value <= _BIG_MAX:
        return BIGINT_TYPE
    raise DataError(
        f"integer {value} does not fit BIGINT (-{_BIG_MAX}..{_BIG_MAX}); "
        "pass a Decimal to bind it as DECIMAL")


def bind_params(values, encoding: str) -> list[BindParam]:
    """Encode *values* (already in placeholder order) as BIND parameters.

    A value that cannot be encoded raises ``DataError``/``InterfaceError``
    naming its position (1-based, as the placeholders count).
    """
    out = []
    for i, value in enumerate(values, 1):
        try:
            ct = _int_type(value) if type(value) is int else None
            out.append(encode_bind(value, ct, encoding))
        except Error as exc:
            exc.args = (f"parameter {i}: {exc.args[0] if exc.args else exc}", *exc.args[1:])
            if hasattr(exc, "message"):
                exc.message = exc.args[0]
            raise
        except (TypeError, ValueError, OverflowError) as exc:
            raise InterfaceError(f"parameter {i}: cannot bind {value!r:.60}: {exc}") from None
    return out
