"""A detection run is published all at once on both stores: readers see the previous run until the
new run's ``runs`` row is written, an interrupted publish is invisible, and publishing again converges."""
from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from graphfraud.store.collections import RUN_KEY


def rings(run_id: str, *ring_ids: str) -> dict[str, pd.DataFrame]:
    return {"rings": pd.DataFrame({"ring_id": list(ring_ids), "run_id": run_id, "rank": range(1, len(ring_ids) + 1),
                                   "score": 1.0}),
            "ring_members": pd.DataFrame({"ring_id": list(ring_ids), "node_id": [f"Person:{r}" for r in ring_ids],
                                          "role": "person", "score": 1.0}),
            "ring_lineage": pd.DataFrame({"run_id": run_id, "ring_id": list(ring_ids), "previous_ring_ids": "[]",
                                          "change": "new"})}


def visible(store: Any) -> tuple[list[str], list[str], list[str]]:
    return (sorted(store.get_results("rings").ring_id), sorted(store.get_results("ring_members").ring_id),
            sorted(store.get_results("ring_lineage").run_id))


def test_a_run_goes_live_with_its_runs_row_only(store: Any) -> None:
    store.publish_run({"run_id": "run-0001"}, rings("run-0001", "R-1", "R-2"))
    assert visible(store) == (["R-1", "R-2"], ["R-1", "R-2"], ["run-0001", "run-0001"])
    assert store.live_run() == "run-0001"
    # an interrupted publish: rows written under run-0002, its runs row never
    for name, frame in rings("run-0002", "R-3").items():
        store.put_results(name, frame, replace=False, run="run-0002")
    assert visible(store) == (["R-1", "R-2"], ["R-1", "R-2"], ["run-0001", "run-0001"])
    store.publish_run({"run_id": "run-0002"}, rings("run-0002", "R-3"))
    assert visible(store) == (["R-3"], ["R-3"], ["run-0001", "run-0001", "run-0002"])
    assert list(store.get_results("runs").run_id) == ["run-0001", "run-0002"]
    stored = store._read_rows("rings")  # older runs pruned, leftovers not doubled
    assert list(stored[RUN_KEY]) == ["run-0002"]
    assert RUN_KEY not in store.get_results("rings").columns


def test_results_are_typed_by_the_registry_on_both_stores(store: Any) -> None:
    store.put_results("rings", pd.DataFrame({"ring_id": ["R-1"], "rank": [1.0], "period_start": ["2025-07-01"]}))
    got = store.get_results("rings")
    assert got.dtypes.astype(str).to_dict() == {"ring_id": "str", "rank": "int64", "period_start": "datetime64[us]"}
    with pytest.raises(Exception, match="unknown result collection"):
        store.put_results("not_registered", pd.DataFrame({"a": [1]}))
    assert store.get_results("not_registered").empty
