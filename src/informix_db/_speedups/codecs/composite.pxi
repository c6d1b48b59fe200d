# The compiled twin of informix_db.codecs.composite's text reader: a ROW /
# SET / MULTISET / LIST value's text representation parsed from the tuple's
# bytes in C (structure, integers, quoted text), the values built as the
# pure module builds them (its row classes, frozenset, Multiset, list).
# Other element types (DECIMAL, dates, ...) are read by the pure module's
# _scalar.  Anything unexpected raises: the row then goes to the pure codecs,
# which return the value or raise their own error (see rows.pyx).
# Included by rows.pyx; see rows.pyx for the imports it relies on.

from informix_db.codecs import composite as _composite

cdef enum NodeKind:
    N_ROW = 0
    N_SET
    N_MULTISET
    N_LIST
    N_INT
    N_TEXT
    N_OTHER

_NODE_KINDS = {"ROW": N_ROW, "SET": N_SET, "MULTISET": N_MULTISET, "LIST": N_LIST}
_INT_CODES = _composite.INT_CODES
_TEXT_CODES = frozenset((T.SQLCHAR, T.SQLNCHAR, T.SQLVCHAR, T.SQLNVCHAR, T.SQLLVARCHAR))
_Multiset = T.Multiset
_scalar = _composite._scalar
cdef int _MAX_DEPTH = _composite.MAX_DEPTH


class _Malformed(Exception):
    """Text the C reader does not take: the pure codec decides."""


class _Untyped(Exception):
    """A named ROW type known by its name only: the pure codec reads it."""


cdef class _Node:
    """One type of a composite declaration, ready for the C reader."""
    cdef int kind
    cdef tuple children   # member _Nodes (a ROW's fields, a collection's element)
    cdef object cls       # a ROW's named-tuple class
    cdef object t         # a scalar element's ColumnType


cdef _Node _node(t):
    cdef _Node nd = _Node()
    if isinstance(t, _composite.CompositeType) and t.kind == "NAMED":
        raise _Untyped()
    if isinstance(t, _composite.CompositeType):
        nd.kind = _NODE_KINDS[t.kind]
        if t.kind == "ROW":
            nd.children = tuple(_node(ft) for _, ft in t.fields)
            nd.cls = _composite.row_class(t)
        else:
            nd.children = (_node(t.element),)
    else:
        nd.t = t
        nd.kind = (N_INT if t.sqltype in _INT_CODES else
                   N_TEXT if t.sqltype in _TEXT_CODES else N_OTHER)
    return nd


cdef class _Reader:
    """A position in one value's bytes (mirrors the pure ``_Reader``)."""
    cdef const unsigned char *p
    cdef Py_ssize_t n
    cdef Py_ssize_t i
    cdef _Columns cols

    cdef inline void blank(self):
        while self.i < self.n and (self.p[self.i] == 32 or self.p[self.i] == 9
                                   or self.p[self.i] == 13 or self.p[self.i] == 10):
            self.i += 1

    cdef inline int peek(self):
        self.blank()
        return self.p[self.i] if self.i < self.n else -1

    cdef inline void expect(self, int c) except *:
        if self.peek() != c:
            raise _Malformed()
        self.i += 1

    cdef void word(self) except *:
        cdef int c
        if self.i >= self.n:
            raise _Malformed()
        c = self.p[self.i]
        if not (65 <= c <= 90 or 97 <= c <= 122 or c == 95):
            raise _Malformed()
        self.i += 1
        while self.i < self.n:
            c = self.p[self.i]
            if 65 <= c <= 90 or 97 <= c <= 122 or 48 <= c <= 57 or c == 95 or c == 36 or c == 46:
                self.i += 1
            else:
                break

    cdef bint null_word(self):
        """The word NULL (any case) at the position, consumed."""
        cdef Py_ssize_t i = self.i
        if i + 4 > self.n:
            return False
        if (self.p[i] | 32) != 110 or (self.p[i + 1] | 32) != 117 \
                or (self.p[i + 2] | 32) != 108 or (self.p[i + 3] | 32) != 108:
            return False
        if i + 4 < self.n and _isalnum(self.p[i + 4]):
            return False
        if i + 4 < self.n and self.p[i + 4] >= 128:  # a letter? str.isalnum decides
            raise _Malformed()
        self.i = i + 4
        return True

    cdef object quoted(self):
        """The text of a quoted value at the position (doubled quotes undone)."""
        cdef int q = self.p[self.i]
        cdef Py_ssize_t start, j
        cdef bytearray out = None
        self.i += 1
        start = self.i
        while True:
            j = self.i
            while j < self.n and self.p[j] != q:
                j += 1
            if j >= self.n:
                raise _Malformed()
            if j + 1 < self.n and self.p[j + 1] == q:  # a doubled quote stands for one
                if out is None:
                    out = bytearray()
                out += (<const char *>self.p)[start:j + 1]
                self.i = j + 2
                start = self.i
                continue
            self.i = j + 1
            if out is None:
                return self.cols._text(self.p + start, j - start)
            out += (<const char *>self.p)[start:j]
            return self.cols._text(<const unsigned char *><char *>out, len(out))

    cdef Py_ssize_t token_end(self) except -1:
        """Where an unquoted token starting at the position ends (trailing
        blanks excluded); the position moves to the byte after it."""
        cdef Py_ssize_t j = self.i
        cdef int depth = 0
        cdef int c
        while j < self.n:
            c = self.p[j]
            if depth == 0 and (c == 44 or c == 41 or c == 125):  # , ) }
                break
            if c == 40:
                depth += 1
            elif c == 41:
                depth -= 1
            j += 1
        self.i = j
        while j > 0 and (self.p[j - 1] == 32 or self.p[j - 1] == 9
                         or self.p[j - 1] == 13 or self.p[j - 1] == 10):
            j -= 1
        return j


cdef inline bint _isalnum(int c):
    return 65 <= c <= 90 or 97 <= c <= 122 or 48 <= c <= 57


cdef object _int_token(const unsigned char *p, Py_ssize_t a, Py_ssize_t b):
    """An integer token's value (what ``int()`` makes of plain digits)."""
    cdef bint negative = False
    cdef Py_ssize_t k = a
    cdef uint64_t mag = 0
    if k < b and (p[k] == 45 or p[k] == 43):
        negative = p[k] == 45
        k += 1
    if k >= b or b - k > 18:  # more digits than 64 bits hold: the pure codec
        raise _Malformed()
    while k < b:
        if not 48 <= p[k] <= 57:
            raise _Malformed()
        mag = mag * 10 + (p[k] - 48)
        k += 1
    return -<int64_t>mag if negative else <int64_t>mag


cdef object _value(_Reader r, _Node nd, int depth):
    cdef Py_ssize_t a, b
    cdef list items
    cdef _Node child
    cdef Py_ssize_t k
    cdef int c
    if nd.kind <= N_LIST:
        if depth >= _MAX_DEPTH:
            raise _Malformed()
        r.blank()
        if r.null_word():
            return None
        r.word()  # ROW, SET, ... or a named row type's name
        if nd.kind == N_ROW:
            r.expect(40)  # (
            items = []
            for k in range(len(nd.children)):
                if k:
                    r.expect(44)
                items.append(_value(r, <_Node>nd.children[k], depth + 1))
            r.expect(41)
            return nd.cls(*items)
        r.expect(123)  # {
        items = []
        child = <_Node>nd.children[0]
        if r.peek() != 125:
            while True:
                items.append(_value(r, child, depth + 1))
                if r.peek() != 44:
                    break
                r.i += 1
        r.expect(125)
        if nd.kind == N_SET:
            try:
                return frozenset(items)
            except TypeError:
                return items
        if nd.kind == N_MULTISET:
            return _Multiset(items)
        return items
    r.blank()
    if r.i >= r.n:
        raise _Malformed()
    c = r.p[r.i]
    if c == 39 or c == 34:  # a quoted value
        text = r.quoted()
        if text is None:
            raise _Malformed()
        return text if nd.kind == N_TEXT else _scalar(nd.t, text)
    a = r.i
    b = r.token_end()
    if b <= a:
        raise _Malformed()
    if nd.kind == N_INT:
        k = r.i
        r.i = a
        if r.null_word() and r.i == b:
            r.i = k
            return None
        r.i = k
        return _int_token(r.p, a, b)
    text = r.cols._text(r.p + a, b - a)
    if text is None:
        raise _Malformed()
    text = text.strip()  # what the pure reader strips (all Unicode blanks)
    if not text:
        raise _Malformed()
    if text.upper() == "NULL":
        return None
    return text if nd.kind == N_TEXT else _scalar(nd.t, text)


cdef object _parse_composite(_Node nd, _Columns cols, const unsigned char *p, Py_ssize_t n):
    """The value of the text p[0:n] (raises when the pure codec must decide)."""
    cdef _Reader r = _Reader()
    r.p, r.n, r.i, r.cols = p, n, 0, cols
    value = _value(r, nd, 0)
    r.blank()
    if r.i != n:
        raise _Malformed()
    return value
