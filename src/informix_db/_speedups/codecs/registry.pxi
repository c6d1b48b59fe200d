# The compiled twin of informix_db.codecs.registry: which codec reads and
# writes each column type.  _fill_spec picks a Kind per column; K_PY leaves
# the column to the pure codec that registry.codec_for returns.
# Included by rows.pyx (one extension module, so every cdef function here
# inlines into the row loop); see rows.pyx for the imports it relies on.

# -- column kinds --------------------------------------------------------------
# The Kind, Unit, TextKind and TemporalKind enums are in rows.pxd: the
# columnar module reads a Spec too.

# The qualifier units of the Unit enum, checked against informix_db.types.
if (T.TU_YEAR, T.TU_MONTH, T.TU_DAY, T.TU_HOUR, T.TU_MINUTE) != (0, 2, 4, 6, 8):
    raise ImportError("informix_db.types qualifier units differ from the compiled rows module's")

_IntervalYM = T.IntervalYM
# module globals: looked up faster than attributes of the datetime module
_DATETIME, _DATE, _TIME, _TIMEDELTA = _dt.datetime, _dt.date, _dt.time, _dt.timedelta


cdef int _text_kind(encoding):
    try:
        name = _codecs.lookup(encoding).name
    except Exception:  # the pure codec reports a bad encoding when it meets one
        return E_OTHER
    if name == "utf-8":
        return E_UTF8
    if name == "iso8859-1":
        return E_LATIN1
    return E_OTHER


cdef int _fill_spec(Spec *s, ct) except -1:
    """Choose how column type *ct* is read; K_PY leaves it to the pure codec."""
    cdef int code = ct.sqltype
    cdef int length = ct.length
    cdef int i, scale
    memset(s, 0, sizeof(Spec))
    s.kind = K_PY
    if code == T.SQLSMINT:
        s.kind = K_SMALLINT
    elif code == T.SQLINT or code == T.SQLSERIAL:
        s.kind = K_INTEGER
    elif code == T.SQLINFXBIGINT or code == T.SQLBIGSERIAL:
        s.kind = K_BIGINT
    elif code == T.SQLINT8 or code == T.SQLSERIAL8:
        s.kind = K_INT8
    elif code == T.SQLSMFLOAT:
        s.kind = K_SMALLFLOAT
    elif code == T.SQLFLOAT:
        s.kind = K_FLOAT
    elif code == T.SQLDATE:
        s.kind = K_DATE
    elif code == T.SQLBOOL:
        s.kind = K_BOOLEAN
    elif code == T.SQLCHAR or code == T.SQLNCHAR:
        s.kind, s.n = K_CHAR, length
    elif code == T.SQLVCHAR or code == T.SQLNVCHAR:
        s.kind, s.n = K_VARCHAR, length & 0xFF
    elif code == T.SQLLVARCHAR:
        s.kind, s.n = K_LVARCHAR, length or 32739
    elif code == T.SQLDECIMAL or code == T.SQLMONEY:
        scale = length & 0xFF
        s.n = ((((length >> 8) & 0xFF) + (length & 1) + 3) // 2)
        # odd scales past 32 index nothing in the pure codec: leave them to it
        if s.n >= 2 and (scale <= 32 or scale == 0xFF):
            s.kind = K_DECIMAL
            s.scale = -1 if scale == 0xFF else scale
            s.prec = (length >> 8) & 0xFF
    elif code == T.SQLROW or code == T.SQLSET or code == T.SQLMULTISET or code == T.SQLLIST:
        s.kind = K_COMPOSITE
    elif code == T.SQLDTIME or code == T.SQLINTERVAL:
        lay = _layout(code, length)
        # fields of at most 9 digits add up in 64 bits; wider ones are malformed
        if len(lay.units) <= 6 and lay.width >= 2 and lay.frac <= 5 \
                and all(0 < w <= 9 for w in lay.widths):
            s.kind = K_DATETIME if code == T.SQLDTIME else K_INTERVAL
            s.n = lay.width
            s.head = lay.head
            s.npairs = lay.npairs
            s.pad = lay.pad
            s.nfields = len(lay.units)
            for i in range(s.nfields):
                s.units[i] = lay.units[i]
                s.widths[i] = lay.widths[i]
            s.frac = lay.frac
            s.aligned = lay.pad == 0 and all(w % 2 == 0 for w in lay.widths)
            if code == T.SQLDTIME:
                if lay.start >= T.TU_HOUR:
                    s.tkind = T_TIME
                elif lay.end <= T.TU_DAY:
                    s.tkind = T_DATE
                else:
                    s.tkind = T_DATETIME
                s.fromyear = (s.aligned and s.tkind != T_TIME and lay.start == T.TU_YEAR
                              and lay.widths[0] == 4)
            else:
                s.tkind = T_YM if lay.start <= T.TU_MONTH else T_DF
    return 0


cdef class _Columns:
    """The columns' specs in C, their pure codecs and their encoding."""

    def __cinit__(self, *args, **kwargs):
        self.specs = NULL
        self.ncols = 0

    def __dealloc__(self):
        PyMem_Free(self.specs)

    cdef int _setup(self, columns, encoding) except -1:
        cdef Py_ssize_t i
        self.columns = tuple(columns)
        self.encoding = encoding
        PyMem_Free(self.specs)  # __init__ may run twice
        self.specs = NULL
        self.ncols = 0
        self.specs = <Spec *>PyMem_Malloc(max(len(self.columns), 1) * sizeof(Spec))
        if self.specs == NULL:
            raise MemoryError()
        for i in range(len(self.columns)):
            _fill_spec(&self.specs[i], self.columns[i])
        self.ncols = len(self.columns)
        self.textkind = _text_kind(encoding)
        nodes = []
        for i in range(self.ncols):
            if self.specs[i].kind == K_COMPOSITE:
                if self.textkind == E_OTHER:  # the C reader takes ASCII-based code sets
                    self.specs[i].kind = K_PY
                else:
                    try:
                        nodes.append(_node(_composite.composite_type_of(self.columns[i])))
                        continue
                    except _Untyped:
                        self.specs[i].kind = K_PY
            nodes.append(None)
        self.nodes = tuple(nodes)
        if self.textkind == E_OTHER:
            try:
                self.enc_name = str(encoding).encode("ascii")
            except Exception:
                self.enc_name = None
        return 0

    cdef object _text(self, const unsigned char *p, Py_ssize_t n):
        """Text of *n* bytes, None when the pure codec must decide.  Bytes the
        code set cannot decode raise here: the caller's whole row then goes
        to the pure codecs (a try block per value would cost every value)."""
        if self.textkind == E_UTF8:
            return PyUnicode_DecodeUTF8(<const char *>p, n, NULL)
        if self.textkind == E_LATIN1:
            return PyUnicode_DecodeLatin1(<const char *>p, n, NULL)
        if self.enc_name is not None:
            return PyUnicode_Decode(<const char *>p, n, PyBytes_AS_STRING(self.enc_name), NULL)
        return None
