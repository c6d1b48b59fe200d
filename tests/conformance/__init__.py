"""Conformance suites: the test server checked by clients we did not write."""
