"""Framing layer: turning the SQLI byte stream into fields and messages.

``buffer`` is a hot-path module with a Cython twin in ``informix_db._speedups``;
import it through ``informix_db._impl`` so the selected implementation is used.
"""
