"""Provisioning hooks of SQLAlchemy's test suite for Informix (sqla_suite/)."""

from __future__ import annotations

from sqlalchemy.testing.provision import (
    configure_follower, create_db, drop_db, temp_table_keyword_args,
)


@temp_table_keyword_args.for_db("informix")
def _temp_table_keyword_args(cfg, eng):
    # CREATE TEMP TABLE: session-private, and not in systables
    return {"prefixes": ["TEMP"]}


@create_db.for_db("informix")
def _create_db(cfg, eng, ident):
    raise NotImplementedError("run the suite single-process (no pytest-xdist followers)")


@drop_db.for_db("informix")
def _drop_db(cfg, eng, ident):
    raise NotImplementedError("run the suite single-process (no pytest-xdist followers)")


@configure_follower.for_db("informix")
def _configure_follower(cfg, ident):
    pass
