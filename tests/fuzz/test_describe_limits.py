"""Column types a DESCRIBE can state but Informix never would are refused when
the row decoder is built (both implementations), not when a row is decoded."""

import pytest

from informix_db import DataError, InterfaceError
from informix_db import types as T
from informix_db._impl import rows

# Inputs that found bugs (issue 9): the compiled decoder read outside the
# tuple for a negative CHAR length; CHAR(2147483632) made one tuple allocate
# 2 GB; MONTH(4) TO DAY raised a bare KeyError at decode time.
REFUSED = [
    (T.ColumnType(T.SQLCHAR, -5), InterfaceError),
    (T.ColumnType(T.SQLCHAR, -1), InterfaceError),
    (T.ColumnType(T.SQLCHAR, 2147483632), InterfaceError),
    (T.ColumnType(T.SQLCHAR, 32768), InterfaceError),
    (T.ColumnType(T.SQLLVARCHAR, 32740), InterfaceError),
    (T.ColumnType(T.SQLVCHAR, -1), InterfaceError),
    (T.ColumnType(T.SQLINTERVAL, (6 << 8) | (T.TU_MONTH << 4) | T.TU_DAY), DataError),
    (T.ColumnType(T.SQLINTERVAL, (8 << 8) | (T.TU_YEAR << 4) | T.TU_SECOND), DataError),
]


@pytest.mark.parametrize("ct,error", REFUSED, ids=lambda v: getattr(v, "__name__", repr(v)))
def test_row_decoder_refuses_column_types_no_server_describes(ct, error):
    with pytest.raises(error):
        rows.row_decoder([ct])


def test_row_decoder_accepts_informix_limits():
    decode = rows.row_decoder([T.ColumnType(T.SQLCHAR, 32767), T.ColumnType(T.SQLLVARCHAR, 32739)])
    assert decode is not None
