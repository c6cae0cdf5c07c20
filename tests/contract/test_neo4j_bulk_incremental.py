"""The two ways rows reach Neo4j besides one clean load: a bulk import of a whole workspace with
Neo4j's import tool, and incremental loads that arrive in pieces, repeat, and overlap.

Both must end in the graph of one clean embedded load of the same rows: the same node and
relationship counts, every stored table, subgraphs and paths, and no node or relationship twice.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

from graphfraud.schema import TABLES
from graphfraud.store.embedded import EmbeddedStore
from graphfraud.store.neo4j_load import arrow_schema
from tests.contract.test_store_contract import assert_same_graph, small_reference  # noqa: F401 - a fixture
from tests.fixtures_neo4j import _unavailable

DUPLICATE_NODES = "MATCH (n) WHERE n._key IS NOT NULL WITH labels(n) AS l, n._key AS k, count(*) AS c WHERE c > 1 RETURN count(*) AS n"
DUPLICATE_RELS = ("MATCH (a)-[r]->(b) WITH a, b, type(r) AS t, r._key AS k, count(*) AS c WHERE c > 1 "
                  "RETURN count(*) AS n")


def _rows(reference: EmbeddedStore, table: str) -> pa.Table:
    return pa.Table.from_pandas(reference.table(table), schema=arrow_schema(table), preserve_index=False)


def _rings(result: Any) -> list[list[str]]:
    return sorted(sorted(members) for members in result.member_sets().values())


def assert_no_duplicates(store: Any) -> None:
    """No label and key twice, no relationship of one type (and row key) twice between the same nodes."""
    if store.name != "neo4j":
        return  # the embedded graph is a view over tables keyed by _key: a duplicate shows in the counts
    with store.runner.driver.session() as session:
        assert session.run(DUPLICATE_NODES).single()["n"] == 0
        assert session.run(DUPLICATE_RELS).single()["n"] == 0


def test_overlapping_and_repeated_increments_equal_one_load(store: Any, small_reference: Any) -> None:
    """Every table in two overlapping windows (rows 0-60 % then 40-100 %, so claims arrive before and
    after their fee lines), the second window twice: the graph of one load, nothing twice."""
    reference, _ = small_reference
    tables = {t: _rows(reference, t) for t in TABLES}
    windows = [(0.0, 0.6), (0.4, 1.0), (0.4, 1.0)]
    inserted = []
    for low, high in windows:
        added = 0
        for table, rows in tables.items():
            start, stop = int(rows.num_rows * low), int(rows.num_rows * high)
            added += store.insert_new(table, rows.slice(start, stop - start))
        inserted.append(added)
    total = sum(t.num_rows for t in tables.values())
    assert inserted[0] + inserted[1] == total and inserted[2] == 0
    assert inserted[1] < total - inserted[0] + sum(int(t.num_rows * 0.2) for t in tables.values())
    assert_same_graph(store, reference)
    assert_no_duplicates(store)


def test_repeated_batch_inserts_nothing(store: Any, small_reference: Any) -> None:
    reference, _ = small_reference
    lines = _rows(reference, "fee_list_d").slice(0, 500)
    assert store.insert_new("fee_list_d", lines) == 500
    before = store.counts()
    assert store.insert_new("fee_list_d", lines) == 0
    assert store.insert_new("fee_list_d", lines.slice(250)) == 0
    assert store.counts() == before
    assert_no_duplicates(store)


@pytest.fixture
def bulk_store(neo4j_store: Any, neo4j_server: Any) -> Any:
    """The session's Neo4j, which bulk import can stop and start only when tools/neo4j runs it."""
    if os.environ.get("NEO4J_URI"):
        _unavailable("bulk import needs the tools/neo4j server, not the one of NEO4J_URI")
    return neo4j_store


@pytest.mark.neo4j
def test_bulk_import_answers_as_embedded(bulk_store: Any, neo4j_server: Any, small_workspace: Path,
                                         small_truth: dict[str, Any], tmp_path: Path) -> None:
    """push --bulk of a workspace with rings: every query answers as on the workspace, results and
    history are copied, an incremental load of the same data on top adds nothing, and a bulk import
    over a graph is refused without replace."""
    from graphfraud.errors import IntegrityError
    from graphfraud.rings.pipeline import detect_rings
    from graphfraud.store.neo4j_push import bulk_push
    from graphfraud.store.neo4j_store import Neo4jStore

    workspace = tmp_path / "ws.duckdb"
    workspace.write_bytes(small_workspace.read_bytes())
    with EmbeddedStore(workspace) as reference:
        ours = detect_rings(reference)
    connect = lambda: Neo4jStore.connect(neo4j_server.config())  # noqa: E731
    with EmbeddedStore(workspace, read_only=True) as reference:
        done = bulk_push(reference, connect, neo4j_server.uri, replace=True)
        assert done.nodes == sum(reference.counts()["nodes"].values())
        with connect() as store:
            assert_same_graph(store, reference)
            assert_no_duplicates(store)
            assert store.load_history() == reference.load_history()
            for name in ("runs", "rings", "ring_members", "ring_context"):
                pd.testing.assert_frame_equal(store.get_results(name), reference.get_results(name), obj=name)
            ring = small_truth["rings"][0]
            seeds = [f"Person:{p}" for p in ring["persons"][:3]]
            mine, theirs = store.subgraph(seeds, hops=2, limit=100_000), reference.subgraph(seeds, hops=2, limit=100_000)
            pd.testing.assert_frame_equal(mine.nodes, theirs.nodes)
            pd.testing.assert_frame_equal(mine.edges, theirs.edges)
            a, b = seeds[0], f"Person:{ring['persons'][-1]}"
            assert store.shortest_paths(a, b, max_hops=4) == reference.shortest_paths(a, b, max_hops=4)
            theirs_rings = detect_rings(store, save=False)
            assert _rings(theirs_rings) == _rings(ours) and len(ours.rings) > 0
            before = store.counts()
            for table in TABLES:  # the loader's own path over the imported graph: nothing is new
                assert store.insert_new(table, _rows(reference, table)) == 0, table
            assert store.counts() == before
        with pytest.raises(IntegrityError):
            bulk_push(reference, connect, neo4j_server.uri, replace=False)
