"""Neo4j code paths without a server: the store over a recording runner (beside the real-server tests).

The runner checks every named statement against its file as the real one does, records it with
its parameters and access mode, and can fail at a chosen call like a dropped connection would.
"""
from __future__ import annotations

from typing import Any

import neo4j.exceptions
import pandas as pd
import pyarrow as pa
import pytest

from graphfraud.errors import InputError, NotFound
from graphfraud.store.neo4j_recording import RecordingRunner
from graphfraud.store.neo4j_store import Neo4jStore
from tests.contract.test_publish_run import rings


def test_the_store_runs_nothing_until_asked() -> None:
    runner = RecordingRunner()
    store = Neo4jStore(runner)
    assert runner.queries == []
    store.ensure_schema()
    assert runner.names() == ["schema/constraints", "schema/indexes"]
    store.close()
    assert runner.closed


def test_rows_load_in_batches_without_nulls() -> None:
    runner = RecordingRunner({"load/psn_info": [{"inserted": 2}], "load/existing_keys": [{"key": "P0"}]})
    rows = pa.table({"_key": ["P0", "P1", "P2", "P3", "P4", "P5"], "psn_name": ["z", "a", None, "c", "d", "e"],
                     "tel": ["1", None, "2", None, None, None]})
    assert Neo4jStore(runner, batch_size=2).insert_new("psn_info", rows) == 6  # the runner says 2 per batch
    assert runner.names("read") == ["load/existing_keys"]  # stored keys are skipped before any write
    assert runner.queries[0].params["keys"] == ["P0", "P1", "P2", "P3", "P4", "P5"]
    writes = [q.params for q in runner.queries if q.mode == "write"]
    assert [len(w["rows"]) for w in writes] == [2, 2, 1] and writes[0]["rows"][1] == {"_key": "P2", "tel": "2"}
    # the relationship passes get only the columns they read, without nulls
    assert writes[0]["links"] == [{"_key": "P1"}, {"_key": "P2", "tel": "2"}]


def test_resolve_asks_for_every_label_a_bare_id_may_mean() -> None:
    runner = RecordingRunner({"graph/find_nodes": lambda p: [{"id": i, "eid": "4:x:1"} for i in p["ids"]
                                                             if i == "Institution:H1"]})
    store = Neo4jStore(runner)
    assert store.resolve("H1") == ["Institution:H1"]
    assert "Person:H1" in runner.queries[0].params["ids"] and runner.queries[0].mode == "read"
    with pytest.raises(NotFound, match="in the graph"):
        store.resolve("nobody")


def test_a_statement_missing_a_parameter_is_refused_before_the_server() -> None:
    with pytest.raises(InputError, match="needs parameters: keys"):
        RecordingRunner().run("load", "existing_keys", table="psn_info")


def _writes(runner: RecordingRunner) -> list[tuple[str, Any]]:
    return [(q.name, q.params.get("collection")) for q in runner.queries if q.mode == "write"]


def test_publish_writes_the_runs_row_last_then_prunes() -> None:
    runner = RecordingRunner()
    Neo4jStore(runner).publish_run({"run_id": "run-0002"}, rings("run-0002", "R-3"))
    writes = _writes(runner)
    commit = writes.index(("results/put_rows", "runs"))
    before, after = writes[:commit], writes[commit + 1:]
    assert {("results/delete_run_rows", c) for c in ("rings", "ring_members", "ring_lineage")} <= set(before)
    assert {("results/put_rows", c) for c in ("rings", "ring_members", "ring_lineage")} <= set(before)
    assert [w for w in after if w[0] != "results/link_members"] == [("results/prune_run_rows", "rings"),
                                                                    ("results/prune_run_rows", "ring_members")]
    run_rows = [q.params["rows"] for q in runner.queries if q.name == "results/put_rows"
                and q.params["collection"] == "rings"][0]
    assert run_rows[0]["_run"] == "run-0002"


def test_a_server_lost_mid_publish_never_switches_readers_to_the_half_run() -> None:
    clean = RecordingRunner()
    Neo4jStore(clean).publish_run({"run_id": "run-0002"}, rings("run-0002", "R-3"))
    second_put = [i for i, q in enumerate(clean.queries, start=1) if q.name == "results/put_rows"][1]
    lost = neo4j.exceptions.ServiceUnavailable("connection lost")
    runner = RecordingRunner(fail_at=second_put, error=lost)
    with pytest.raises(neo4j.exceptions.ServiceUnavailable):
        Neo4jStore(runner).publish_run({"run_id": "run-0002"}, rings("run-0002", "R-3"))
    assert ("results/put_rows", "runs") not in _writes(runner)
    assert len(runner.queries) == second_put


def test_results_read_back_typed_by_the_registry() -> None:
    described = [{"columns": ["ring_id", "rank", "period_start"], "dtypes": ["object", "object", "object"],
                  "rows": 1, "next_seq": 1}]
    runner = RecordingRunner({"results/get_collection": lambda p: described if p["collection"] == "rings" else [],
                              "results/get_rows": [{"row": {"ring_id": "R-1", "rank": 1, "period_start": "2025-07-01"}}]})
    got = Neo4jStore(runner).get_results("rings")
    assert got.dtypes.astype(str).to_dict() == {"ring_id": "str", "rank": "int64", "period_start": "datetime64[us]"}
    assert got.period_start.iloc[0] == pd.Timestamp("2025-07-01")
