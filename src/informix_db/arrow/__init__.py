"""Arrow out and in: ``Cursor.fetch_arrow()`` and friends, ``executemany``
and ``adbc_ingest`` of Arrow data.

* ``cdata``: the Arrow C Data / C Stream interfaces (ctypes; no pyarrow)
* ``columns``: Informix types -> Arrow types; decoded values -> buffers
* ``fetch``: a cursor's result as record batches (``ArrowResult``)
* ``reader``: Arrow data (any ``__arrow_c_stream__``/``__arrow_c_array__``) -> rows
* ``ingest``: ``adbc_ingest``'s modes and the table it creates

The driver imports this package only when one of those is called.
"""
