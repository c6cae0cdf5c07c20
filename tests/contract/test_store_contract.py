"""One contract, two stores: the same cases run on the embedded store and on a real Neo4j.

Each case loads a data set into a fresh store of each kind and compares it with an embedded
reference load of the same files: counts per node and relationship kind, every stored table,
subgraphs, shortest paths, rejects, reloads, an interrupted load, and result collections.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from graphfraud.loaders import load_directory
from graphfraud.schema import TABLES
from graphfraud.store.embedded import EmbeddedStore

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "mini"
REPO = Path(__file__).resolve().parents[2]
HOSTILE = "}) DETACH DELETE n //"


@pytest.fixture(scope="module")
def mini_reference(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("mini_ref")
    store = EmbeddedStore(folder / "mini.duckdb")
    load_directory(store, MINI, folder / "loads")
    yield store, folder / "loads"
    store.close()


@pytest.fixture(scope="module")
def small_reference(small_workspace: Path) -> Any:
    store = EmbeddedStore(small_workspace, read_only=True)
    yield store, small_workspace.parent / "loads"
    store.close()


def assert_same_graph(store: Any, reference: Any) -> None:
    assert store.counts() == reference.counts()
    assert store.date_range() == reference.date_range()
    for table in TABLES:
        pd.testing.assert_frame_equal(store.table(table), reference.table(table), obj=f"table {table}")


def assert_same_rejects(loads: Path, ref_loads: Path, store: Any, reference: Any) -> None:
    mine, theirs = store.load_history(1)[0], reference.load_history(1)[0]
    assert mine["totals"] == theirs["totals"]
    assert [(f["file"], f["rejected"]) for f in mine["files"]] == [(f["file"], f["rejected"]) for f in theirs["files"]]
    name = f"load-{mine['load_id']:04d}-rejects.csv"
    assert (loads / name).exists() == (ref_loads / name).exists()
    if (ref_loads / name).exists():
        assert (loads / name).read_bytes() == (ref_loads / name).read_bytes()


def test_mini_same_graph_and_rejects(store: Any, mini_reference: Any, tmp_path: Path) -> None:
    reference, ref_loads = mini_reference
    report = load_directory(store, MINI, tmp_path / "loads")
    assert report.totals()["rejected"] == 2 and report.totals()["duplicates"] == 1
    assert_same_graph(store, reference)
    assert_same_rejects(tmp_path / "loads", ref_loads, store, reference)


def test_mini_edge_cases(store: Any, tmp_path: Path) -> None:
    """Facts of the hand-written fixture that hold whatever the store."""
    load_directory(store, MINI, tmp_path / "loads")
    rels = store.counts()["relationships"]
    assert rels["HAS_LINE"] == 4  # S0005 arrives in a later file than its fee line F0004; F0005's claim never does
    assert rels["FOR_CLAIM"] == 1 and rels["FOR_VISIT"] == 2  # links made whichever side was loaded first
    assert store.resolve(HOSTILE) == [f"Person:{HOSTILE}"]
    persons = store.table("psn_info").set_index("_key")
    assert persons.loc["P'2", "psn_name"] == "李`二`" and persons.loc[HOSTILE, "psn_name"] == '王"老"大'
    shared = store.subgraph(["Identifier:tel:13800000001"], hops=1)
    assert set(shared.nodes.id) == {"Identifier:tel:13800000001", f"Person:{HOSTILE}", "Person:P'2"}
    assert len(shared.edges) == 2  # psn_info.tel and the psn_ident row are one relationship
    traces = store.subgraph(["FeeLine:F0002"], hops=1, limit=100).edges
    assert sorted(traces[traces.type == "HAS_TRACE"].dst) == ["TraceCode:81000000000000000001",
                                                              "TraceCode:81000000000000000003"]


def test_mini_subgraphs_and_paths(store: Any, mini_reference: Any, tmp_path: Path) -> None:
    reference, _ = mini_reference
    load_directory(store, MINI, tmp_path / "loads")
    for seeds, hops in (([f"Person:{HOSTILE}"], 2), (["Institution:P33052200001", "Person:P003"], 3)):
        mine, theirs = store.subgraph(seeds, hops=hops), reference.subgraph(seeds, hops=hops)
        pd.testing.assert_frame_equal(mine.nodes, theirs.nodes)
        pd.testing.assert_frame_equal(mine.edges, theirs.edges)
    for a, b, types in ((f"Person:{HOSTILE}", "Person:P'2", None), ("Person:P003", "Person:P'2", None),
                        ("Person:P003", "Institution:P33052200001", ["SETTLED", "AT"])):
        assert store.shortest_paths(a, b, rel_types=types) == reference.shortest_paths(a, b, rel_types=types)
    assert store.shortest_paths("Person:P003", "Person:P'2", max_hops=1) == []


def test_mini_reload_changes_nothing(store: Any, tmp_path: Path) -> None:
    load_directory(store, MINI, tmp_path / "loads")
    before = store.counts()
    again = load_directory(store, MINI, tmp_path / "loads")
    assert again.totals()["loaded"] == 0
    assert store.counts() == before
    assert [r["load_id"] for r in store.load_history()] == [2, 1]


def test_small_data_same_graph(store: Any, small_data: Path, small_reference: Any, small_truth: dict[str, Any],
                               tmp_path: Path) -> None:
    reference, ref_loads = small_reference
    load_directory(store, small_data, tmp_path / "loads")
    assert_same_graph(store, reference)
    assert_same_rejects(tmp_path / "loads", ref_loads, store, reference)
    ring = small_truth["rings"][0]
    seeds = [f"Person:{p}" for p in ring["persons"][:3]]
    mine, theirs = store.subgraph(seeds, hops=2, limit=100_000), reference.subgraph(seeds, hops=2, limit=100_000)
    pd.testing.assert_frame_equal(mine.nodes, theirs.nodes)
    pd.testing.assert_frame_equal(mine.edges, theirs.edges)
    a, b = seeds[0], f"Person:{ring['persons'][-1]}"
    assert store.shortest_paths(a, b, max_hops=4) == reference.shortest_paths(a, b, max_hops=4)
    before = store.counts()
    assert load_directory(store, small_data, tmp_path / "loads").totals()["loaded"] == 0
    assert store.counts() == before


def test_results_round_trip(store: Any, mini_reference: Any, tmp_path: Path) -> None:
    load_directory(store, MINI, tmp_path / "loads")
    rings = pd.DataFrame({"ring_id": ["R-1", "R-2"], "run_id": ["run1", "run1"], "rank": [1, 2], "score": [0.9, None],
                          "typology": ["resale", "fake_purchase"],
                          "period_start": pd.to_datetime(["2025-01-01", "2025-01-02"])})
    members = pd.DataFrame({"ring_id": ["R-1", "R-1", "R-2"], "node_id": [f"Person:{HOSTILE}", "Person:P'2", "Drug:none"],
                            "role": ["card_holder", "collector", "person"], "score": [1.0, 0.5, 0.1]})
    store.put_results("rings", rings)
    store.put_results("ring_members", members)
    pd.testing.assert_frame_equal(store.get_results("rings"), rings)
    pd.testing.assert_frame_equal(store.get_results("ring_members"), members)
    store.put_results("ring_members", members.iloc[:1], replace=False)
    assert len(store.get_results("ring_members")) == 4
    assert store.get_results("never_stored").empty
    assert store.counts() == mini_reference[0].counts()  # results never leak into the graph's counts


@pytest.mark.neo4j
def test_rings_link_members_in_neo4j(neo4j_store: Any, tmp_path: Path) -> None:
    load_directory(neo4j_store, MINI, tmp_path / "loads")
    neo4j_store.put_results("rings", pd.DataFrame({"ring_id": ["R-1"], "score": [0.9]}))
    neo4j_store.put_results("ring_members", pd.DataFrame({"ring_id": ["R-1", "R-1"], "node_id": ["Person:P003", "Drug:none"],
                                                          "role": ["card_holder", "person"]}))
    with neo4j_store.runner.driver.session() as session:
        linked = session.run("MATCH (:Ring {ring_id: 'R-1'})-[h:HAS_MEMBER]->(p:Person) RETURN p._key AS k, h.role AS role").data()
    assert linked == [{"k": "P003", "role": "card_holder"}]


@pytest.mark.neo4j
def test_interrupted_load_recovers(neo4j_server: Any, neo4j_store: Any, mini_reference: Any, tmp_path: Path) -> None:
    """kill -9 a `graphfraud load` half-way (one row per transaction), load again: the graph of one clean load."""
    reference, _ = mini_reference
    env = {**neo4j_server.env, "GRAPHFRAUD_NEO4J_BATCH_SIZE": "1", "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-c", "from graphfraud.cli import main; main()", "load", str(MINI),
           "--store", "neo4j", "--rejects-dir", str(tmp_path / "killed"), "--json"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if neo4j_store.counts()["nodes"].get("FeeLine", 0) > 0:  # fee_list_d is the first file of MINI
            os.kill(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.02)
    assert proc.wait() == -signal.SIGKILL, "the load finished before it could be interrupted"
    assert neo4j_store.counts() != reference.counts() and neo4j_store.load_history() == []
    load_directory(neo4j_store, MINI, tmp_path / "loads")
    assert_same_graph(neo4j_store, reference)


@pytest.mark.neo4j
def test_push_workspace_equals_load(neo4j_store: Any, mini_reference: Any) -> None:
    from graphfraud.store.neo4j_push import push_workspace

    reference, _ = mini_reference
    first = push_workspace(reference, neo4j_store)
    assert sum(first.inserted.values()) == sum(first.rows.values()) > 0
    assert_same_graph(neo4j_store, reference)
    assert neo4j_store.load_history() == reference.load_history()
    second = push_workspace(reference, neo4j_store)
    assert sum(second.inserted.values()) == 0 and second.loads == 0
