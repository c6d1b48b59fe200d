"""Compiled twins of the hot-path modules (built by setup.py from .pyx).

Never import these directly: ``informix_db._impl`` decides which
implementation is active.
"""
