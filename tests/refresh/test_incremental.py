"""An incremental refresh gives the findings, rings, members, amounts and ring IDs of a full detection.

One small generated world; the tail of its last month's fee lines (with their settlements) arrives in
a second refresh. Two copies of the workspace after the first refresh take it: one with the previous
findings (reused and recomputed by partition), one without (every detector runs in full). Both
start from the same previous run, so ring IDs must agree too.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from benchmarks.refresh import prepare
from graphfraud.detectors import DETECTORS
from graphfraud.refresh import frame_files, refresh
from graphfraud.refresh.incremental import PARTS
from graphfraud.rings.pipeline import detect_rings
from graphfraud.store.embedded import EmbeddedStore

FEE_LINES, NEW_SHARE = 3000, 0.03
RUN_COLLECTIONS = ("rings", "ring_members", "ring_indicators", "ring_evidence", "ring_context")


def _refresh(data: Path, ws: Path) -> dict[str, Any]:
    with EmbeddedStore(ws) as store:
        return refresh(store, data, _state(ws), ws.with_name("rejects"), "test").report


def _state(ws: Path) -> Path:
    return ws.with_name(ws.name + ".refresh")


def _copy(ws: Path, folder: Path, findings: bool) -> Path:
    folder.mkdir()
    shutil.copy(ws, folder / ws.name)
    shutil.copytree(_state(ws), _state(folder / ws.name))
    if not findings:
        shutil.rmtree(_state(folder / ws.name) / "findings")
    return folder / ws.name


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("incremental")
    base, new = prepare(FEE_LINES, NEW_SHARE, root)
    data = root / "data"
    shutil.copytree(base, data)
    ws = root / "first" / "ws.duckdb"
    ws.parent.mkdir()
    first = _refresh(data, ws)
    for path in new.iterdir():
        shutil.copy(path, data / path.name)
    out: dict[str, Any] = {"first": first, "data": data}
    for name, findings in (("incremental", True), ("full", False)):
        copy = _copy(ws, root / name, findings)
        out[name] = {"report": _refresh(data, copy), "ws": copy}
    return out


def _rows(ws: Path) -> dict[str, Any]:
    with EmbeddedStore(ws, read_only=True) as store:
        out: dict[str, Any] = {}
        for name in (*RUN_COLLECTIONS, "ring_lineage", "leads"):
            frame = store.get_results(name).drop(columns=["_run", "opened", "updated"], errors="ignore")
            out[name] = sorted(map(str, frame.astype(str).itertuples(index=False)))
        run = store.get_results("runs").iloc[-1]
        out["run"] = {"run_id": run.run_id, "params": json.loads(run.params)}
    return out


def _findings(ws: Path) -> dict[str, pd.DataFrame]:
    folder = _state(ws) / "findings"
    return {p.name: frame_files.read(p) for p in sorted(folder.glob("*.arrow"))}


def test_the_incremental_run_reused_and_recomputed_by_partition(refreshed):
    modes = refreshed["incremental"]["report"]["detection"]
    assert modes["shared_identifiers"] == "reused"  # no identifier rows arrived
    assert modes["trace_reuse"].startswith("partitions: ")  # only the trace codes on the new lines
    assert all(m.startswith("full: ") for m in refreshed["full"]["report"]["detection"].values())
    assert refreshed["incremental"]["report"]["files"]["loaded"], "the refresh must load the new files"


def test_findings_rings_members_amounts_and_ids_equal_a_full_detection(refreshed):
    inc, full = refreshed["incremental"], refreshed["full"]
    a, b = _findings(inc["ws"]), _findings(full["ws"])
    assert a.keys() == b.keys() and len(a) == len(DETECTORS) * len(PARTS)  # every detector stored
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)
    rows_a, rows_b = _rows(inc["ws"]), _rows(full["ws"])
    assert rows_a["rings"], "the data set must give rings to compare"
    for name in rows_a:
        assert rows_a[name] == rows_b[name], name
    assert inc["report"]["counts"] == full["report"]["counts"] and inc["report"]["rings"] == full["report"]["rings"]


def test_the_rings_equal_those_of_detect_on_the_same_data(refreshed, tmp_path):
    """Rings as ``graphfraud detect`` makes them on a fresh workspace (fresh IDs: compare contents)."""
    ws = _copy(refreshed["incremental"]["ws"], tmp_path / "detect", True)
    with EmbeddedStore(ws) as store:
        fresh = detect_rings(store, save=False)
    with EmbeddedStore(refreshed["incremental"]["ws"], read_only=True) as store:
        stored, rings = store.get_results("ring_members"), store.get_results("rings")

    def contents(members: pd.DataFrame, rings: pd.DataFrame) -> list[tuple[Any, ...]]:
        amounts = rings.set_index("ring_id")[["fund_pay_sumamt", "score"]].round(2)
        return sorted((tuple(sorted(g.node_id)), *amounts.loc[r]) for r, g in members.groupby("ring_id"))

    assert contents(fresh.members, fresh.rings) == contents(stored, rings)


def test_reads_are_recorded_and_any_other_access_makes_a_detector_opaque(tmp_path):
    from graphfraud.refresh.incremental import Reads

    with EmbeddedStore(tmp_path / "ws.duckdb") as store:
        reads = Reads(store)
        reads.frame("det_trace_events")
        reads.frame("det_setl_amounts", setl_ids=["x"])  # amounts are patched, not a dependency
        reads.table("psn_info", ["psn_no"])
        reads.get_results("identity_links")
        assert reads.tables == {"fee_list_d", "psn_info", "results:identity_links"} and not reads.opaque
        reads.con.execute("SELECT 1")  # a detector going around the store: its reads are unknown
        assert reads.opaque
