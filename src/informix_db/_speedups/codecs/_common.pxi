# The compiled twin of informix_db.codecs._common: what every column codec
# shares (the fall-back sentinel, writing big-endian words and the growing
# output area of a row being encoded).
# Included by rows.pyx (one extension module, so every cdef function here
# inlines into the row loop); see rows.pyx for the imports it relies on.

cdef object _FALLBACK = object()   # "let the pure codec read this column"


cdef inline void _put_be(unsigned char *p, uint64_t v, int width) noexcept nogil:
    cdef int i
    for i in range(width):
        p[width - 1 - i] = (v >> (8 * i)) & 0xFF


cdef int _put(Out *o, const void *data, Py_ssize_t n) except -1:
    """Append *n* bytes to the row, growing it onto the heap when needed."""
    cdef Py_ssize_t cap = o.cap
    cdef unsigned char *grown
    if o.len + n > cap:
        while cap < o.len + n:
            cap *= 2
        if o.heap:
            grown = <unsigned char *>PyMem_Realloc(o.p, cap)
        else:
            grown = <unsigned char *>PyMem_Malloc(cap)
            if grown != NULL:
                memcpy(grown, o.p, o.len)
        if grown == NULL:
            raise MemoryError()
        o.p, o.cap, o.heap = grown, cap, True
    if n:
        memcpy(o.p + o.len, data, n)
    o.len += n
    return 0


cdef int _blanks(Out *o, Py_ssize_t n) except -1:
    cdef unsigned char blanks[64]
    cdef Py_ssize_t step
    memset(blanks, 0x20, 64)
    while n > 0:
        step = n if n < 64 else 64
        _put(o, blanks, step)
        n -= step
    return 0
