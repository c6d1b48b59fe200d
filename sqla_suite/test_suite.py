"""SQLAlchemy's dialect compliance suite, run against the test server."""

from sqlalchemy.testing.suite import *  # noqa: F401,F403
