"""Arrow data in: any object with ``__arrow_c_stream__`` or
``__arrow_c_array__`` (a pyarrow Table or RecordBatch, a polars or pandas
frame through their Arrow export, a DuckDB relation, our own results) read
as rows of Python values, column by column, for ``executemany`` and
``adbc_ingest``.

The C structures come through the Arrow PyCapsule interface and are read
with ctypes: pyarrow is not needed.  Values come out as the Python types the
driver binds: int, float, Decimal (decimal128/256), str, bytes, bool, date,
datetime (a timestamp with a time zone as naive UTC: DATETIME has no zone),
time, timedelta (duration), ``IntervalYM`` (month interval); dictionary
arrays are expanded.  Any other Arrow type raises ``NotSupportedError``
naming the column.
"""

from __future__ import annotations

import ctypes
import datetime as _dt
import struct
from decimal import Context, Decimal

from informix_db import types as T
from informix_db.arrow.cdata import ArrowArray, ArrowArrayStream, ArrowSchema
from informix_db.exceptions import InterfaceError, NotSupportedError

__all__ = ["ArrowColumn", "read_arrow", "arrow_rows"]

_capsule_pointer = ctypes.pythonapi.PyCapsule_GetPointer
_capsule_pointer.restype = ctypes.c_void_p
_capsule_pointer.argtypes = [ctypes.py_object, ctypes.c_char_p]

_EPOCH = _dt.datetime(1970, 1, 1)
#: wide enough for decimal256's 76 digits
_EXACT = Context(prec=80)
_EPOCH_DATE = _dt.date(1970, 1, 1)
_UNIT_US = {"s": 1_000_000, "m": 1_000, "u": 1, "n": None}


class ArrowColumn:
    """One column read from Arrow: its name, format string, nullability and
    (once ``values`` is filled) its Python values."""

    __slots__ = ("name", "format", "nullable", "values")

    def __init__(self, name: str, fmt: str, nullable: bool) -> None:
        self.name, self.format, self.nullable = name, fmt, nullable
        self.values: list = []

    def __repr__(self) -> str:
        return f"ArrowColumn({self.name!r}, {self.format!r})"


# -- the structures -----------------------------------------------------------------------

def _move(capsule, name: bytes, kind):
    """Take the structure out of *capsule* (the PyCapsule protocol's move:
    the capsule's copy is marked released, so its destructor does nothing)."""
    try:
        ptr = _capsule_pointer(capsule, name)
    except ValueError:
        raise InterfaceError(f"expected a PyCapsule named {name.decode()!r}") from None
    src = kind.from_address(ptr)
    out = kind()
    ctypes.memmove(ctypes.byref(out), ptr, ctypes.sizeof(kind))
    src.release = type(src.release)()  # NULL
    return out


def _release(struct_) -> None:
    if struct_.release:
        struct_.release(ctypes.byref(struct_))


def _text(p) -> str:
    return ctypes.string_at(p).decode("utf-8", "replace") if p else ""


def _fields(schema: ArrowSchema) -> list[tuple[str, str, bool, object]]:
    """``(name, format, nullable, child schema)`` of a struct schema's children."""
    fmt = _text(schema.format)
    if fmt != "+s":
        raise NotSupportedError(f"Arrow data of format {fmt!r}: rows need a struct "
                                f"(a table or record batch)")
    out = []
    for i in range(schema.n_children):
        child = schema.children[i].contents
        out.append((_text(child.name), _text(child.format), bool(child.flags & 2), child))
    return out


# -- buffers -> values ----------------------------------------------------------------------

def _buffer(array: ArrowArray, i: int, nbytes: int, start: int = 0) -> bytes:
    """*nbytes* of buffer *i* from byte *start* (only what is read is copied:
    a slice of a large batch costs its own size)."""
    if i >= array.n_buffers or nbytes <= 0:
        return b""
    p = array.buffers[i]
    if not p:
        return b""
    return ctypes.string_at(p + start, nbytes)


def _bits(array: ArrowArray, i: int, n: int, offset: int) -> list[bool]:
    """Bits *offset* to *offset + n* of bitmap buffer *i*."""
    first = offset >> 3
    bits = _buffer(array, i, ((offset + n + 7) >> 3) - first, first)
    shift = offset & 7
    return [bool(bits[(shift + k) >> 3] >> ((shift + k) & 7) & 1) for k in range(n)]


def _validity(array: ArrowArray, n: int, offset: int):
    if array.null_count == 0 or array.n_buffers == 0 or not array.buffers[0]:
        return None
    return _bits(array, 0, n, offset)


_FIXED = {"c": "b", "C": "B", "s": "h", "S": "H", "i": "i", "I": "I", "l": "q", "L": "Q",
          "f": "f", "g": "d", "e": "e", "tdD": "i", "tdm": "q", "tts": "i", "ttm": "i",
          "ttu": "q", "ttn": "q", "tiM": "i"}


def _numbers(array, code: str, n: int, offset: int) -> list:
    size = struct.calcsize(code)
    data = _buffer(array, 1, n * size, offset * size)
    return list(memoryview(data).cast(code)) if n else []


def _convert(fmt: str, raw: list) -> list:
    if fmt == "tdD":
        return [_EPOCH_DATE + _dt.timedelta(days=v) for v in raw]
    if fmt == "tdm":
        return [_EPOCH_DATE + _dt.timedelta(milliseconds=v) for v in raw]
    if fmt in ("tts", "ttm", "ttu", "ttn"):
        us = _micros(fmt[2], raw)
        return [_dt.time(u // 3_600_000_000, u // 60_000_000 % 60, u // 1_000_000 % 60,
                         u % 1_000_000) for u in us]
    if fmt == "tiM":
        return [T.IntervalYM.from_months(v) for v in raw]
    return raw


def _micros(unit: str, raw: list) -> list:
    per = _UNIT_US[unit]
    return [v // 1000 for v in raw] if per is None else [v * per for v in raw]


def _masked(raw: list, valid, fill=0) -> list:
    """*raw* with *fill* in the null slots: what lies under a null is
    undefined in Arrow and must not fail a conversion."""
    return raw if valid is None else [v if ok else fill for v, ok in zip(raw, valid)]


def _values(fmt: str, array: ArrowArray, n: int, offset: int, valid=None) -> list:
    """The *n* values from *offset*; *valid* (the validity list, or None)
    marks the slots whose content is not converted (their values are
    replaced by None afterwards)."""
    if fmt == "n":
        return [None] * n
    if fmt in _FIXED:
        return _convert(fmt, _masked(_numbers(array, _FIXED[fmt], n, offset), valid))
    if fmt == "b":
        return _bits(array, 1, n, offset)
    if fmt in ("u", "z", "U", "Z"):
        code = "i" if fmt in "uz" else "q"
        offs = _numbers(array, code, n + 1, offset)
        if not n:
            return []
        if len(offs) != n + 1:
            raise InterfaceError("an Arrow string array has no offsets buffer")
        if offs[0] < 0 or any(b < a for a, b in zip(offs, offs[1:])):
            raise InterfaceError("an Arrow string array's offsets go backwards or below zero")
        data = _buffer(array, 2, offs[-1] - offs[0], offs[0])
        base = offs[0]
        chunks = _masked([data[offs[i] - base:offs[i + 1] - base] for i in range(n)], valid, b"")
        return [c.decode("utf-8") for c in chunks] if fmt in "uU" else chunks
    if fmt in ("vu", "vz"):
        return _views(fmt, array, n, offset, valid)
    if fmt.startswith("d:"):
        parts = fmt[2:].split(",")
        scale, width = int(parts[1]), int(parts[2]) if len(parts) > 2 else 128
        size = width // 8
        data = _buffer(array, 1, n * size, offset * size)
        # exact: the default context's 28 digits would round a decimal128(32, s)
        return [Decimal(int.from_bytes(data[k * size:(k + 1) * size], "little", signed=True))
                .scaleb(-scale, _EXACT) for k in range(n)]
    if fmt.startswith("ts") and len(fmt) >= 4 and fmt[3] == ":":
        raw = _micros(fmt[2], _masked(_numbers(array, "q", n, offset), valid))
        # a zone (after the colon) means the values are UTC instants
        return [_EPOCH + _dt.timedelta(microseconds=v) for v in raw]
    if fmt == "tin":
        data = _buffer(array, 1, n * 16, offset * 16)
        return [_month_day_nano(*_MDN.unpack_from(data, 16 * k))
                if valid is None or valid[k] else None for k in range(n)]
    if fmt.startswith("tD") and len(fmt) == 3:
        return [_dt.timedelta(microseconds=v)
                for v in _micros(fmt[2], _masked(_numbers(array, "q", n, offset), valid))]
    raise NotSupportedError(f"Arrow format {fmt!r} cannot be bound")


_MDN = struct.Struct("=iiq")


def _month_day_nano(months: int, days: int, nanos: int):
    """An interval as Informix holds it: months alone (YEAR TO MONTH) or
    days and time (DAY TO FRACTION), never both."""
    if months and (days or nanos):
        raise NotSupportedError("an interval of months and days: Informix keeps YEAR TO "
                                "MONTH and DAY TO FRACTION intervals apart")
    if months:
        return T.IntervalYM.from_months(months)
    return _dt.timedelta(days=days, microseconds=nanos // 1000)


def _views(fmt: str, array: ArrowArray, n: int, offset: int, valid=None) -> list:
    """String/binary views: 16 bytes each, inline up to 12 bytes, else a
    (buffer index, offset) into the variadic data buffers."""
    views = _buffer(array, 1, n * 16, offset * 16)
    nvar = array.n_buffers - 3
    sizes = list(memoryview(_buffer(array, array.n_buffers - 1, nvar * 8)).cast("q")) \
        if nvar > 0 else []
    out = []
    for k in range(n):
        if valid is not None and not valid[k]:
            out.append(None)
            continue
        length = int.from_bytes(views[k * 16:k * 16 + 4], "little", signed=True)
        if length <= 12:
            chunk = views[k * 16 + 4:k * 16 + 4 + length]
        else:
            index = int.from_bytes(views[k * 16 + 8:k * 16 + 12], "little", signed=True)
            start = int.from_bytes(views[k * 16 + 12:k * 16 + 16], "little", signed=True)
            if not 0 <= index < nvar or start < 0 or start + length > sizes[index]:
                raise InterfaceError("an Arrow string view points outside its buffers")
            chunk = ctypes.string_at(array.buffers[2 + index] + start, length)
        out.append(chunk.decode("utf-8") if fmt == "vu" else chunk)
    return out


def column_values(fmt: str, array: ArrowArray, schema: ArrowSchema, n: int,
                  offset: int) -> list:
    """The Python values of column *array* (format *fmt*, its *schema*): *n*
    of them from *offset*, None where the validity bitmap says so."""
    valid = _validity(array, n, offset)
    if schema.dictionary:
        # dictionary-encoded (pandas categoricals): indices into the dictionary's values
        dict_schema = schema.dictionary.contents
        dictionary = array.dictionary.contents
        words = _column_of(_text(dict_schema.format), dictionary)
        indices = _values(fmt, array, n, offset)
        values = [words[i] if valid is None or valid[k] else None
                  for k, i in enumerate(indices)]
    else:
        values = _values(fmt, array, n, offset, valid)
    if valid is not None:
        values = [v if ok else None for v, ok in zip(values, valid)]
    return values


def _column_of(fmt: str, array: ArrowArray) -> list:
    """All the values of a dictionary's array, None for its nulls."""
    return column_values(fmt, array, _PLAIN, array.length, array.offset)


class _Plain:
    dictionary = None


_PLAIN = _Plain()  # the schema of a dictionary's values: not dictionary-encoded itself


# -- the entry points -----------------------------------------------------------------------

def read_arrow(data):
    """``(columns, batches)``: the ``ArrowColumn`` of each field, and an
    iterator of batches, each a list of per-column value lists."""
    return _read(data, batch_values)


def read_arrow_batches(data):
    """``(columns, batches)`` as ``read_arrow`` gives them, but each batch as
    ``(fields, array)``: the schema's ``(name, format, nullable, child
    schema)`` per column and the batch's struct ``ArrowArray``, valid until
    the next batch is asked for (``batch_values`` reads its values)."""
    return _read(data, _as_they_are)


def _as_they_are(fields, array):
    return fields, array


def _read(data, convert):
    if hasattr(data, "__arrow_c_stream__"):
        stream = _move(data.__arrow_c_stream__(), b"arrow_array_stream", ArrowArrayStream)
        schema = ArrowSchema()
        if stream.get_schema(ctypes.byref(stream), ctypes.byref(schema)):
            _release(stream)
            raise InterfaceError("the Arrow stream did not give its schema")
        fields = _schema_fields(schema)
        return _columns(fields), _stream_batches(stream, schema, fields, convert)
    if hasattr(data, "__arrow_c_array__"):
        schema_capsule, array_capsule = data.__arrow_c_array__()
        schema = _move(schema_capsule, b"arrow_schema", ArrowSchema)
        array = _move(array_capsule, b"arrow_array", ArrowArray)
        try:
            fields = _schema_fields(schema)
        except Exception:
            _release(array)
            raise
        return _columns(fields), _one_batch(schema, array, fields, convert)
    raise TypeError(f"{type(data).__name__} is not Arrow data (no __arrow_c_stream__ or "
                    f"__arrow_c_array__)")


def _schema_fields(schema: ArrowSchema) -> list:
    try:
        return _fields(schema)
    except Exception:
        _release(schema)
        raise


def _columns(fields) -> list[ArrowColumn]:
    return [ArrowColumn(name, fmt, nullable) for name, fmt, nullable, _ in fields]


def text_widths(fields, array: ArrowArray) -> list[int]:
    """Per column of the batch, its longest text in UTF-8 bytes, 0 for a
    column that is not text: from the offsets alone for utf8/large_utf8
    (the bytes are UTF-8 already), else from the values."""
    check_batch(fields, array)
    n, offset = array.length, array.offset
    out = []
    for i, (_, fmt, _, schema) in enumerate(fields):
        child = array.children[i].contents
        at = offset + child.offset
        if fmt in ("u", "U") and not schema.dictionary:
            offs = _numbers(child, "i" if fmt == "u" else "q", n + 1, at)
            out.append(max(map(int.__sub__, offs[1:], offs[:-1]), default=0))
        elif fmt in ("vu", "n") or schema.dictionary:
            values = column_values(fmt, child, schema, n, at)
            out.append(max((len(v.encode("utf-8")) for v in values if isinstance(v, str)),
                           default=0))
        else:
            out.append(0)
    return out


def check_batch(fields, array: ArrowArray) -> None:
    """InterfaceError unless *array* has a column per field."""
    if array.n_children != len(fields):
        raise InterfaceError(f"an Arrow batch has {array.n_children} columns, its schema "
                             f"{len(fields)}")


def row_range(array: ArrowArray, start: int, stop: int | None) -> tuple[int, int]:
    """``(start, stop)`` of the batch's rows, *stop* None meaning its end."""
    stop = array.length if stop is None else min(stop, array.length)
    return min(max(start, 0), stop), stop


def batch_values(fields, array: ArrowArray, start: int = 0, stop: int | None = None) -> list[list]:
    """The values of the batch's rows *start* to *stop* (None: its end), a
    list per column (``column_values``)."""
    check_batch(fields, array)
    start, stop = row_range(array, start, stop)
    n, offset = stop - start, array.offset + start
    out = []
    for i, (name, fmt, _, child_schema) in enumerate(fields):
        child = array.children[i].contents
        try:
            out.append(column_values(fmt, child, child_schema, n, offset + child.offset))
        except NotSupportedError as exc:
            raise NotSupportedError(f"column {name!r}: {exc}") from None
    return out


def _one_batch(schema: ArrowSchema, array: ArrowArray, fields, convert):
    try:
        yield convert(fields, array)
    finally:
        _release(array)
        _release(schema)


def _stream_batches(stream: ArrowArrayStream, schema: ArrowSchema, fields, convert):
    try:
        while True:
            array = ArrowArray()
            if stream.get_next(ctypes.byref(stream), ctypes.byref(array)):
                err = stream.get_last_error(ctypes.byref(stream))
                raise InterfaceError(f"the Arrow stream failed: {_text(err) or 'no message'}")
            if not array.release:
                return
            try:
                yield convert(fields, array)
            finally:
                _release(array)
    finally:
        _release(schema)
        _release(stream)


def arrow_rows(data):
    """``(names, rows)``: the column names and an iterator of row tuples."""
    cols, batches = read_arrow(data)

    def rows():
        for batch in batches:
            yield from zip(*batch) if batch else ()
    return [c.name for c in cols], rows()
