"""The Arrow C Data and C Stream interfaces, written with ctypes.

Consumers (pyarrow, polars, DuckDB, pandas through pyarrow) take Arrow data
through the PyCapsule interface: ``__arrow_c_schema__`` gives a capsule
named "arrow_schema" holding a ``struct ArrowSchema``,
``__arrow_c_array__`` the pair (schema, "arrow_array" capsule), and
``__arrow_c_stream__`` an "arrow_array_stream" capsule whose callbacks hand
out batches one at a time.  No pyarrow is needed to produce them.

Data is described in Python (``Field``, ``ArrayData``: the buffers of each
column laid out as the Arrow format says) and exported without copying the
buffers: each exported structure's ``private_data`` is a key into
``_LIVE``, which holds every Python object the structure points into until
its ``release`` callback runs.  Consumers may move a structure (copy its
bytes elsewhere) and release the copy, and may move children out and
release them alone; each child has its own key and release, so that works.
A capsule never consumed releases its structure when it is collected.
"""

from __future__ import annotations

import ctypes
import itertools
import operator
import sys
from array import array
from dataclasses import dataclass, field

__all__ = ["Field", "ArrayData", "ArrowArrayExport", "ArrowStream", "export_schema",
           "export_array", "ArrowSchema", "ArrowArray", "ArrowArrayStream", "live_exports"]

# -- the description -------------------------------------------------------------------


@dataclass
class Field:
    """A column's name and Arrow type (format string); a struct ("+s") has children."""

    name: str
    format: str
    nullable: bool = True
    children: tuple = ()
    metadata: dict | None = None


@dataclass
class ArrayData:
    """One array: *length* values, their buffers in the format's order
    (validity first, None when nothing is NULL) and children (a struct's)."""

    length: int
    null_count: int
    buffers: list
    children: list = field(default_factory=list)
    offset: int = 0
    #: Offsets known to be in order (the columnar decoder's, made so): not
    #: scanned again on export.
    ordered: bool = False


# -- the C structures (Arrow's abi.h) --------------------------------------------------------

class ArrowSchema(ctypes.Structure):
    pass


class ArrowArray(ctypes.Structure):
    pass


class ArrowArrayStream(ctypes.Structure):
    pass


_SCHEMA_RELEASE = ctypes.CFUNCTYPE(None, ctypes.POINTER(ArrowSchema))
_ARRAY_RELEASE = ctypes.CFUNCTYPE(None, ctypes.POINTER(ArrowArray))
_GET_SCHEMA = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ArrowArrayStream),
                               ctypes.POINTER(ArrowSchema))
_GET_NEXT = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ArrowArrayStream),
                             ctypes.POINTER(ArrowArray))
_GET_LAST_ERROR = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.POINTER(ArrowArrayStream))
_STREAM_RELEASE = ctypes.CFUNCTYPE(None, ctypes.POINTER(ArrowArrayStream))

ArrowSchema._fields_ = [
    ("format", ctypes.c_char_p), ("name", ctypes.c_char_p), ("metadata", ctypes.c_void_p),
    ("flags", ctypes.c_int64), ("n_children", ctypes.c_int64),
    ("children", ctypes.POINTER(ctypes.POINTER(ArrowSchema))),
    ("dictionary", ctypes.POINTER(ArrowSchema)), ("release", _SCHEMA_RELEASE),
    ("private_data", ctypes.c_void_p)]
ArrowArray._fields_ = [
    ("length", ctypes.c_int64), ("null_count", ctypes.c_int64), ("offset", ctypes.c_int64),
    ("n_buffers", ctypes.c_int64), ("n_children", ctypes.c_int64),
    ("buffers", ctypes.POINTER(ctypes.c_void_p)),
    ("children", ctypes.POINTER(ctypes.POINTER(ArrowArray))),
    ("dictionary", ctypes.POINTER(ArrowArray)), ("release", _ARRAY_RELEASE),
    ("private_data", ctypes.c_void_p)]
ArrowArrayStream._fields_ = [
    ("get_schema", _GET_SCHEMA), ("get_next", _GET_NEXT),
    ("get_last_error", _GET_LAST_ERROR), ("release", _STREAM_RELEASE),
    ("private_data", ctypes.c_void_p)]

_FLAG_NULLABLE = 2
_EIO = 5
_EINVAL = 22

#: key -> what an exported structure points into (kept until its release).
_LIVE: dict[int, object] = {}
#: keys released by a consumer, whose objects the next sweep drops
_DEAD: dict[int, None] = {}
_keys = itertools.count(1)
#: a non-NULL address for zero-length buffers
_EMPTY = (ctypes.c_char * 8)()


def live_exports() -> int:
    """How many exported structures are not released yet (for leak tests)."""
    _sweep()
    return len(_LIVE)


# -- release callbacks ---------------------------------------------------------------------
#
# C calls these, from any thread (ctypes takes the GIL), and sometimes while a
# Python exception is pending (a consumer cleaning up after an error).  A
# Python function that calls anything then fails, so the callbacks only store
# (no calls): mark the structure released - consumers check that release is
# NULL afterwards (pyarrow aborts the process otherwise) - and note its key;
# ``_sweep`` frees the rest, at once when it can, else at the next export.

def _schema_release(ptr) -> None:
    s = ptr.contents
    key = s.private_data
    s.release = _NULL_SCHEMA_RELEASE
    _DEAD[key] = None
    _sweep()


def _array_release(ptr) -> None:
    a = ptr.contents
    key = a.private_data
    a.release = _NULL_ARRAY_RELEASE
    _DEAD[key] = None
    _sweep()


def _sweep() -> None:
    """Free what released structures kept, release the children they did not
    hand out, and the structures of capsules nobody holds any more."""
    while _DEAD:
        key, _ = _DEAD.popitem()
        entry = _LIVE.pop(key or 0, None)
        for kid in getattr(entry, "kids", ()):
            if kid.release:  # not moved out by the consumer: ours to release
                kid.release = type(kid.release)()
                _DEAD[kid.private_data] = None
        if isinstance(entry, _StreamState):
            close = getattr(entry.batches, "close", None)
            if close is not None:
                try:
                    close()  # a generator's finally blocks run now
                except Exception:  # noqa: BLE001, S110 - the consumer is done with it
                    pass
    # list(): a copy made at once (a release on another thread may change _HELD)
    for address in [a for a, (cap, _) in list(_HELD.items()) if sys.getrefcount(cap) <= 3]:
        held = _HELD.pop(address, None)  # a release below may have swept it already
        if held is not None and held[1].release:  # never consumed
            held[1].release(ctypes.pointer(held[1]))


class _Keep(list):
    """What one exported structure points into; ``kids`` its child structures."""

    __slots__ = ("kids",)

    def __init__(self, items=(), kids=()) -> None:
        super().__init__(items)
        self.kids = kids


_SCHEMA_RELEASE_FN = _SCHEMA_RELEASE(_schema_release)
_ARRAY_RELEASE_FN = _ARRAY_RELEASE(_array_release)
_NULL_SCHEMA_RELEASE = _SCHEMA_RELEASE()
_NULL_ARRAY_RELEASE = _ARRAY_RELEASE()

# -- Field / ArrayData -> structures ------------------------------------------------------


def _metadata(meta: dict | None) -> bytes | None:
    if not meta:
        return None
    out = bytearray(len(meta).to_bytes(4, sys.byteorder, signed=True))
    for k, v in meta.items():
        for part in (k.encode("utf-8"), v.encode("utf-8") if isinstance(v, str) else v):
            out += len(part).to_bytes(4, sys.byteorder, signed=True) + part
    return bytes(out)


def _link(struct_, kind, kids: list, keep: list, release) -> None:
    """Point *struct_* at its children, register what it keeps alive under a
    new key (its private_data) and make it live (set its release)."""
    if kids:
        pointers = (ctypes.POINTER(kind) * len(kids))(*(ctypes.pointer(k) for k in kids))
        struct_.children = pointers
        keep.append(pointers)
    struct_.dictionary = None
    key = next(_keys)
    _LIVE[key] = _Keep(keep, kids)
    struct_.private_data = key
    struct_.release = release


def _fill_schema(s: ArrowSchema, f: Field) -> None:
    if not isinstance(f, Field):
        raise TypeError(f"expected a Field, got {type(f).__name__}")
    keep = [f.format.encode("utf-8"), f.name.encode("utf-8"), _metadata(f.metadata)]
    s.format, s.name = keep[0], keep[1]
    s.metadata = ctypes.cast(ctypes.c_char_p(keep[2]), ctypes.c_void_p).value if keep[2] else None
    s.flags = _FLAG_NULLABLE if f.nullable else 0
    s.n_children = len(f.children)
    kids = [ArrowSchema() for _ in f.children]
    for kid, cf in zip(kids, f.children):
        _fill_schema(kid, cf)
    _link(s, ArrowSchema, kids, keep, _SCHEMA_RELEASE_FN)


#: buffers a format lays out (validity included), where not 2
def _buffer_count(fmt: str) -> int:
    if fmt in ("u", "U", "z", "Z"):
        return 3
    if fmt == "n":
        return 0
    if fmt.startswith("+"):
        return 1
    return 2


def _item_width(fmt: str) -> int | None:
    """Bytes per value of a fixed-width format (None: bits or variable)."""
    widths = {"c": 1, "C": 1, "s": 2, "S": 2, "i": 4, "I": 4, "l": 8, "L": 8, "e": 2,
              "f": 4, "g": 8, "tdD": 4, "tdm": 8, "tts": 4, "ttm": 4, "ttu": 8, "ttn": 8,
              "tiM": 4, "tiD": 8, "tin": 16}
    if fmt in widths:
        return widths[fmt]
    if fmt.startswith(("ts", "tD")):
        return 8
    if fmt.startswith("d:"):
        parts = fmt[2:].split(",")
        return (int(parts[2]) if len(parts) > 2 else 128) // 8
    if fmt.startswith("w:"):
        return int(fmt[2:])
    return None


def _address(buf, keep: list, need: int) -> int:
    """The address of *buf*'s bytes (kept alive in *keep*), at least *need* long."""
    if buf is None:
        return 0
    view = memoryview(buf)
    if not view.c_contiguous:
        view = memoryview(bytes(view))
    n = view.nbytes
    if n < need:
        raise ValueError(f"an Arrow buffer of {n} bytes where {need} are needed")
    if n == 0:
        return ctypes.addressof(_EMPTY)
    if isinstance(buf, array):
        keep.append(buf)
        return buf.buffer_info()[0]
    if isinstance(buf, bytes):
        keep.append(buf)
        return ctypes.cast(ctypes.c_char_p(buf), ctypes.c_void_p).value
    if view.readonly:
        copy = bytearray(view)  # e.g. a memoryview of bytes: Arrow buffers must not move
        keep.append(copy)
        view = memoryview(copy)
    raw = (ctypes.c_char * n).from_buffer(view.cast("B"))
    keep.append(raw)
    return ctypes.addressof(raw)


def _check(f: Field, d: ArrayData) -> list[int]:
    """The bytes each buffer needs; raises on a malformed array."""
    if not isinstance(d, ArrayData):
        raise TypeError(f"expected an ArrayData, got {type(d).__name__}")
    fmt, n = f.format, d.offset + d.length
    if d.length < 0 or d.offset < 0 or not 0 <= d.null_count <= d.length:
        raise ValueError(f"column {f.name!r}: bad length/offset/null_count")
    count = _buffer_count(fmt)
    if len(d.buffers) != count:
        raise ValueError(f"column {f.name!r}: format {fmt!r} has {count} buffers, "
                         f"got {len(d.buffers)}")
    if len(d.children) != len(f.children):
        raise ValueError(f"column {f.name!r}: {len(f.children)} children, "
                         f"got {len(d.children)}")
    if d.null_count and count and d.buffers[0] is None:
        raise ValueError(f"column {f.name!r}: NULLs without a validity buffer")
    bits = (n + 7) >> 3
    need = [bits] if count else []
    width = _item_width(fmt)
    if fmt == "b":
        need.append(bits)
    elif width is not None:
        need.append(n * width)
    elif fmt in ("u", "U", "z", "Z"):
        code = "i" if fmt in "uz" else "q"
        offsets = memoryview(d.buffers[1]).cast("B").cast(code)
        if len(offsets) < n + 1:
            raise ValueError(f"column {f.name!r}: {len(offsets)} offsets for {n} values")
        used = offsets[d.offset:n + 1]
        # in bounds and never backwards: a consumer reads data[off[i]:off[i + 1]]
        if used[0] < 0 or not (d.ordered or all(map(operator.le, used[:-1], used[1:]))):
            raise ValueError(f"column {f.name!r}: offsets are negative or go backwards")
        need += [(n + 1) * (4 if code == "i" else 8), offsets[n]]
    elif not fmt.startswith("+"):
        raise ValueError(f"column {f.name!r}: format {fmt!r} is not supported here")
    if d.buffers and d.buffers[0] is None:
        need[0] = 0
    return need


def _fill_array(a: ArrowArray, f: Field, d: ArrayData) -> None:
    need = _check(f, d)
    keep: list = []
    addresses = [_address(b, keep, k) for b, k in zip(d.buffers, need)]
    a.length, a.null_count, a.offset = d.length, d.null_count, d.offset
    a.n_buffers, a.n_children = len(addresses), len(d.children)
    pointers = (ctypes.c_void_p * max(len(addresses), 1))(*addresses)
    a.buffers = ctypes.cast(pointers, ctypes.POINTER(ctypes.c_void_p))
    keep.append(pointers)
    kids = [ArrowArray() for _ in d.children]
    try:
        for kid, cf, cd in zip(kids, f.children, d.children):
            _fill_array(kid, cf, cd)
    except BaseException:
        for kid in kids:
            if kid.release:
                kid.release(ctypes.pointer(kid))
        raise
    _link(a, ArrowArray, kids, keep, _ARRAY_RELEASE_FN)


# -- capsules ------------------------------------------------------------------------------

_capsule_new = ctypes.pythonapi.PyCapsule_New
_capsule_new.restype = ctypes.py_object
_capsule_new.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]
_NAMES = {ArrowSchema: b"arrow_schema", ArrowArray: b"arrow_array",
          ArrowArrayStream: b"arrow_array_stream"}

#: struct address -> (its capsule, the structure): the structure's memory
#: lives while the capsule does.  No capsule destructor: one would be Python
#: code run while the capsule is freed, possibly with an exception pending
#: (which it would lose).  ``_sweep`` finds the capsules only this table
#: still holds, and releases the structures no consumer took.
_HELD: dict[int, tuple] = {}


def _capsule(struct_):
    _sweep()
    address = ctypes.addressof(struct_)
    capsule = _capsule_new(address, _NAMES[type(struct_)], None)
    _HELD[address] = (capsule, struct_)
    return capsule


def export_schema(f: Field):
    """An "arrow_schema" capsule of *f*."""
    s = ArrowSchema()
    _fill_schema(s, f)
    return _capsule(s)


def export_array(f: Field, d: ArrayData):
    """An "arrow_array" capsule of *d*, whose type *f* describes."""
    a = ArrowArray()
    _fill_array(a, f, d)
    return _capsule(a)


class ArrowArrayExport:
    """One array (a record batch when *field* is a struct) with the PyCapsule
    interface: ``pyarrow.record_batch(obj)``, ``pyarrow.array(obj)``."""

    def __init__(self, f: Field, data: ArrayData) -> None:
        self.field, self.data = f, data

    def __arrow_c_schema__(self):
        return export_schema(self.field)

    def __arrow_c_array__(self, requested_schema=None):
        return export_schema(self.field), export_array(self.field, self.data)

    @property
    def num_rows(self) -> int:
        return self.data.length


# -- streams ---------------------------------------------------------------------------------

class _StreamState:
    __slots__ = ("field", "batches", "error")

    def __init__(self, f: Field, batches) -> None:
        self.field, self.batches, self.error = f, batches, None


def _state(ptr) -> _StreamState | None:
    return _LIVE.get(ptr.contents.private_data or 0)


def _fail(state: _StreamState, exc: BaseException) -> int:
    state.error = ctypes.create_string_buffer(
        f"{type(exc).__name__}: {exc}".encode("utf-8", "replace"))
    return _EIO


def _get_schema(stream, out) -> int:
    state = _state(stream)
    if state is None:
        return _EINVAL
    try:
        tmp = ArrowSchema()
        _fill_schema(tmp, state.field)
        ctypes.memmove(out, ctypes.byref(tmp), ctypes.sizeof(ArrowSchema))
        return 0
    except BaseException as exc:  # noqa: BLE001 - reported through the stream's error
        return _fail(state, exc)


def _get_next(stream, out) -> int:
    _sweep()  # the batches the consumer released, before the next is made
    state = _state(stream)
    if state is None:
        return _EINVAL
    tmp = ArrowArray()
    try:
        batch = next(state.batches, None)
        if batch is not None:
            _fill_array(tmp, state.field, batch)
    except BaseException as exc:  # noqa: BLE001 - reported through the stream's error
        return _fail(state, exc)
    # no batch: a released (zeroed) structure marks the end
    ctypes.memmove(out, ctypes.byref(tmp), ctypes.sizeof(ArrowArray))
    return 0


def _get_last_error(stream) -> int | None:
    state = _state(stream)
    if state is None or state.error is None:
        return None
    return ctypes.addressof(state.error)


def _stream_release(stream) -> None:
    s = stream.contents
    key = s.private_data
    s.release = _NULL_STREAM_RELEASE
    _DEAD[key] = None
    _sweep()


_NULL_STREAM_RELEASE = _STREAM_RELEASE()
_GET_SCHEMA_FN = _GET_SCHEMA(_get_schema)
_GET_NEXT_FN = _GET_NEXT(_get_next)
_GET_LAST_ERROR_FN = _GET_LAST_ERROR(_get_last_error)
_STREAM_RELEASE_FN = _STREAM_RELEASE(_stream_release)


class ArrowStream:
    """Batches (struct ``ArrayData``, each of *f*'s children) from an
    iterator, handed out one at a time through ``__arrow_c_stream__``: a
    batch is made only when the consumer asks for the next one."""

    def __init__(self, f: Field, batches) -> None:
        if not isinstance(f, Field) or not f.format.startswith("+s"):
            raise ValueError("a stream's schema is a struct Field (format '+s')")
        self.field, self._batches = f, iter(batches)

    def __arrow_c_schema__(self):
        return export_schema(self.field)

    def __arrow_c_stream__(self, requested_schema=None):
        s = ArrowArrayStream()
        key = next(_keys)
        _LIVE[key] = _StreamState(self.field, self._batches)
        s.private_data = key
        s.get_schema, s.get_next = _GET_SCHEMA_FN, _GET_NEXT_FN
        s.get_last_error, s.release = _GET_LAST_ERROR_FN, _STREAM_RELEASE_FN
        return _capsule(s)
