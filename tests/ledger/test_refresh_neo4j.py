"""graphfraud refresh on Neo4j: stable ring IDs across an added month, and a refresh killed in the
middle of storing a run (Neo4j has no multi-write transaction) converges to the uninterrupted state."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.ledger.crash_runner import crash
from graphfraud.cli import main
from tests.ledger.refresh_data import snapshot, with_month

pytestmark = pytest.mark.neo4j


def _refresh(server: Any, data: Path, ws: Path) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["refresh", str(data), "--store", "neo4j", "--workspace", str(ws), "--json"],
                                env=server.env)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _fresh(server: Any, ws: Path) -> None:
    from graphfraud.store.neo4j_store import Neo4jStore

    store = Neo4jStore.connect(server.config())
    store.wipe()
    store.close()
    shutil.rmtree(ws.with_name(ws.name + ".refresh"), ignore_errors=True)


def _state(server: Any, ws: Path) -> dict[str, Any]:
    from graphfraud.store.neo4j_store import Neo4jStore

    store = Neo4jStore.connect(server.config())
    try:
        return snapshot(store, ws.with_name(ws.name + ".refresh"))
    finally:
        store.close()


def test_added_month_keeps_ids_and_a_kill_mid_save_converges(neo4j_server, months, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # with Neo4j the load reports go to ./graphfraud-loads
    base, full, ws = months[0], with_month(months), tmp_path / "neo.duckdb"
    _fresh(neo4j_server, ws)
    _refresh(neo4j_server, base, ws)
    before = {tuple(members): ring for ring, members in _state(neo4j_server, ws)["rings"]}
    report = _refresh(neo4j_server, full, ws)
    reference = _state(neo4j_server, ws)
    after = {tuple(members): ring for ring, members in reference["rings"]}
    unchanged = set(before) & set(after)
    assert report["files"]["loaded"] == [months[1].name] and unchanged
    assert all(before[m] == after[m] for m in unchanged)

    _fresh(neo4j_server, ws)
    _refresh(neo4j_server, base, ws)
    killed = crash("graphfraud.store.neo4j_store:Neo4jStore.put_results", "before", "1", "ring_evidence",
                   ["refresh", str(full), "--store", "neo4j", "--workspace", str(ws)], env=neo4j_server.env,
                   cwd=tmp_path)
    assert killed.returncode == -9, killed.stderr[-2000:]
    resumed = _refresh(neo4j_server, full, ws)
    assert resumed["resumed"] is True
    assert _state(neo4j_server, ws) == reference
