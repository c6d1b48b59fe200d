"""Connecting with the peer driver: what it learns about the server."""

from __future__ import annotations

import pytest

from . import peer

pytestmark = pytest.mark.peer

VERSION_SQL = "SELECT FIRST 1 DBINFO('version','full') FROM systables"


def test_peer_reads_the_release_banner_through_dbinfo(peer_plan, server):
    results = peer.run_plan([peer.connect_step(server, autocommit=True),
                             peer.execute_step(VERSION_SQL, fetch=True)])
    assert results[1].ok, results[1].error
    assert results[1].rows[0][0].startswith("IBM Informix Dynamic Server Version ")


def test_peer_server_version_is_the_dbinfo_banner(peer_plan, server):
    results = peer.run_plan([peer.connect_step(server, autocommit=True),
                             {"op": "attr", "conn": "a", "name": "server_version"},
                             peer.execute_step(VERSION_SQL, fetch=True)])
    assert results[1].value == results[2].rows[0][0]


def test_peer_description_names_the_selected_columns(peer_plan, server):
    results = peer.run_plan([peer.connect_step(server, autocommit=True),
                             peer.execute_step("CREATE TABLE pc_desc (first_col INT, b CHAR(3))"),
                             peer.execute_step("SELECT first_col, b FROM pc_desc", fetch=True)])
    assert [d[0] for d in results[2].description] == ["first_col", "b"]
    assert results[2].rows == []
