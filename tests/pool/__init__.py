"""Tests of the connection pool (informix_db.pool), against the embedded test server."""
