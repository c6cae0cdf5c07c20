"""graphfraud neo4j push copies the whole workspace (rows, rings, leads, audit, refresh state), is
audited, repeats cleanly, and refuses to overwrite history that only Neo4j holds."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graphfraud.ledger import open_run_leads
from graphfraud.loaders import load_directory
from graphfraud.store.embedded import EmbeddedStore
from tests.helpers import MINI, run_cli
from tests.ledger.rings_input import put_run

pytestmark = pytest.mark.neo4j
COPIED = ("runs", "rings", "ring_members", "ring_lineage", "leads", "lead_events")


def _workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws.duckdb"
    with EmbeddedStore(ws) as store:
        load_directory(store, MINI, tmp_path / "loads")
        put_run(store, "run-0001", {"R-000001": ("new", ["Person:P003", "Person:P'2"])})
        open_run_leads(store, "run-0001", ("new",), "tester")
    return ws


def test_push_copies_every_collection_and_keeps_history_whole(neo4j_store: Any, neo4j_server: Any,
                                                              tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    push = ["neo4j", "push", "--workspace", ws, "--json"]
    first = run_cli(*push, env=neo4j_server.env)
    assert first.exit_code == 0, first.output
    with EmbeddedStore(ws, read_only=True) as source:
        for name in COPIED:
            assert neo4j_store.get_results(name).equals(source.get_results(name)), name
        audit = source.get_results("audit")
    assert list(audit.command) == ["neo4j push"]  # the push is audited, in the workspace it copied
    assert run_cli(*push, env=neo4j_server.env).exit_code == 0  # Neo4j's history is a prefix: no conflict
    assert len(neo4j_store.get_results("audit")) == 1
    assert run_cli("status", "--store", "neo4j", env=neo4j_server.env).exit_code == 0  # an entry only Neo4j has
    refused = run_cli(*push, env=neo4j_server.env)
    assert refused.exit_code == 4 and "1 audit rows" in refused.output, refused.output
    assert run_cli(*push, "--replace", env=neo4j_server.env).exit_code == 0
    with EmbeddedStore(ws, read_only=True) as source:
        assert list(neo4j_store.get_results("audit").hash) == list(source.get_results("audit").hash)[:-1]
