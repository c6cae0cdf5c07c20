"""The Neo4j store: the team's graph of record, behind the same interface as the embedded store.

Same data model as ``store/sql/graph_views.sql``: entity nodes (Person, Institution, Practitioner,
Drug, Identifier with key "type:value", TraceCode) exist wherever referenced; event nodes (Visit,
Claim, FeeLine, Purchase, Sale, StockTake, RuleHit, Lead) only where their row was loaded, carrying
every stored column plus ``_key``, ``_src_file``, ``_src_line``, ``_load_id``. Node IDs are
"Label:_key". Every statement is a file under ``graphfraud/cypher/`` (see docs/neo4j.md).

The store works through a :class:`~graphfraud.store.neo4j_connect.QueryRunner`: ``connect()``
gives it a real server (and makes sure constraints and indexes exist); a
:class:`~graphfraud.store.neo4j_recording.RecordingRunner` lets unit tests run its code paths
without one. It has no multi-statement transactions: loads are idempotent batches and detection
runs are published run-scoped (``GraphStore.publish_run``).
"""
from __future__ import annotations

import json
from typing import Any

import pandas as pd
import pyarrow as pa

from graphfraud import cypher
from graphfraud.errors import InputError
from graphfraud.schema import TABLES
from graphfraud.store import neo4j_load as load
from graphfraud.store import neo4j_results as results
from graphfraud.store.base import REL_TYPES, GraphStore, HubRule
from graphfraud.store.frames import arrow_to_pandas, strings_frame
from graphfraud.store.neo4j_connect import CypherRunner, Neo4jConfig, QueryRunner, connect

SHORTEST_PATH_BOUND = 12  # the fixed upper bound in cypher/graph/shortest_paths.cypher
RING_COLLECTIONS = ("rings", "ring_members")


class Neo4jStore(GraphStore):
    name = "neo4j"
    where = "graph"

    def __init__(self, runner: QueryRunner, batch_size: int = 10_000) -> None:
        self.runner = runner
        self.batch_size = batch_size

    @classmethod
    def connect(cls, config: Neo4jConfig) -> Neo4jStore:
        """A store on a verified connection, with graphfraud's constraints and indexes in place."""
        store = cls(CypherRunner(connect(config), config.database), config.batch_size)
        try:
            store.ensure_schema()
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def from_settings(cls, uri: str | None = None) -> Neo4jStore:
        """A store on the server of ``--neo4j-uri`` or NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE."""
        return cls.connect(Neo4jConfig.from_settings(uri))

    def ensure_schema(self) -> None:
        """Uniqueness constraints and indexes (idempotent; before any load, so every MERGE is a seek)."""
        load.ensure_schema(self.runner)

    # -- loading -----------------------------------------------------------------------------
    def next_load_id(self) -> int:
        return int(self.runner.run("load", "next_load_id")[0]["load_id"])

    def existing_keys(self, table: str, keys: list[str]) -> set[str]:
        _check_table(table)
        return load.existing_keys(self.runner, table, keys)

    def insert_new(self, table: str, rows: pa.Table) -> int:
        _check_table(table)
        if not rows.num_rows:
            return 0
        stored = self.existing_keys(table, rows.column("_key").to_pylist())
        if stored:
            rows = rows.filter(pa.array([k not in stored for k in rows.column("_key").to_pylist()], pa.bool_()))
        return load.insert_rows(self.runner, table, rows, self.batch_size)

    def record_load(self, report: dict[str, Any]) -> None:
        self.runner.run("load", "record_load", load_id=report["load_id"], report=json.dumps(report, default=str))

    def load_history(self, limit: int = 10) -> list[dict[str, Any]]:
        return [json.loads(r["report"]) for r in self.runner.run("load", "load_history", limit=limit)]

    # -- what only Neo4j does ------------------------------------------------------------------
    def run_user(self, text: str, params: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
        """An investigator's own Cypher in a read transaction (``graphfraud query``): columns and rows."""
        return self.runner.run_user(text, params)

    def wipe(self) -> None:
        """Delete every node and relationship (constraints and indexes stay)."""
        self.runner.run_autocommit("admin", "wipe")

    # -- reading -----------------------------------------------------------------------------
    def counts(self) -> dict[str, dict[str, int]]:
        nodes = {r["label"]: r["n"] for r in self.runner.run("graph", "count_nodes") if r["n"]}
        rels = {r["type"]: r["n"] for r in self.runner.run("graph", "count_relationships") if r["n"]}
        return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}

    def date_range(self) -> tuple[Any, Any]:
        record = self.runner.run("graph", "date_range")[0]
        return load.native(record["first"]), load.native(record["last"])

    def table(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        _check_table(name)
        rows = [r["row"] for r in self.runner.run("graph", "table_rows", table=name)]
        arrow = load.rows_to_arrow(name, rows).sort_by("_key")
        return arrow_to_pandas(arrow.select(columns) if columns else arrow)

    def frame(self, name: str, **params: Any) -> pd.DataFrame:
        try:
            stmt = cypher.statement("frames", name)
        except KeyError:
            raise InputError(f"no query named {name!r}", "see graphfraud/cypher/frames/") from None
        records = self.runner.run("frames", name, **params)
        columns = _returned_columns(stmt.returns)
        data = [{k: load.native(v) for k, v in r.items()} for r in records]
        return pd.DataFrame(data, columns=list(records[0].keys()) if records else columns)

    def query_text(self, name: str) -> str:
        return cypher.source("frames", name)

    def _element_ids(self, node_ids: list[str]) -> dict[str, str]:
        if not node_ids:
            return {}
        return {r["id"]: r["eid"] for r in self.runner.run("graph", "find_nodes", ids=list(dict.fromkeys(node_ids)))}

    def _existing(self, ids: list[str]) -> list[str]:
        return sorted(self._element_ids(ids))

    def _neighbours(self, ids: list[str], rel_types: list[str] | None = None) -> pd.DataFrame:
        eids = list(self._element_ids(ids).values())
        records = self.runner.run("graph", "neighbours", eids=eids, types=list(rel_types or REL_TYPES)) if eids else []
        return strings_frame([list(r.values()) for r in records], ["src", "dst", "type"])

    def _node_rows(self, ids: list[str]) -> pd.DataFrame:
        eids = list(self._element_ids(ids).values())
        records = self.runner.run("graph", "nodes", eids=eids) if eids else []
        return strings_frame([list(r.values()) for r in records], ["id", "label", "key", "name"])

    def _degrees(self, ids: list[str]) -> dict[str, int]:
        eids = self._element_ids(ids)
        records = self.runner.run("graph", "degrees", eids=list(eids.values()), types=list(REL_TYPES)) if eids else []
        found = {r["id"]: int(r["degree"]) for r in records}
        return {n: found.get(n, 0) for n in ids}

    def shortest_paths(self, a: str, b: str, max_hops: int = 6, rel_types: list[str] | None = None,
                       limit: int = 5, hubs: HubRule | None = None) -> list[list[str]]:
        """Neo4j's own shortest-path search, with the same super-node rule as the breadth-first one
        (the contract tests hold both to the same answer)."""
        eids = self._element_ids([a, b])
        if a not in eids or b not in eids:
            return []
        if a == b:
            return [[a]]
        rule = hubs or HubRule()
        if rule.labels != ("Drug",):
            raise ValueError("the Neo4j shortest-path query names its super-node label (Drug) in its text")
        limits = rule.limits
        records = self.runner.run("graph", "shortest_paths", a=eids[a], b=eids[b],
                                  types=list(rel_types or REL_TYPES), max_hops=min(max_hops, SHORTEST_PATH_BOUND),
                                  through_hubs=rule.allow_all, max_sharing=limits["Identifier"],
                                  hub_limit=limits["Institution"],
                                  all_types=list(REL_TYPES))
        return sorted(r["path"] for r in records)[:limit]

    # -- results -----------------------------------------------------------------------------
    def _write_rows(self, name: str, rows: pd.DataFrame, replace: bool) -> None:
        results.put(self.runner, name, rows, replace)

    def _read_rows(self, name: str) -> pd.DataFrame:
        return results.get(self.runner, name)

    def _delete_run_rows(self, name: str, run_id: str, keep: bool) -> None:
        results.delete_run_rows(self.runner, name, run_id, keep)

    def _results_changed(self, names: list[str]) -> None:
        """Ring nodes link to their members' nodes, so a ring opens in Bloom onto its persons."""
        if set(names) & set(RING_COLLECTIONS):
            members = self.get_results("ring_members")
            ids = members["node_id"].dropna().tolist() if "node_id" in members else []
            self.runner.run("results", "link_members", links=results.member_links(members, self._element_ids(ids)))

    def close(self) -> None:
        self.runner.close()


def _check_table(name: str) -> None:
    if name not in TABLES:
        raise InputError(f"unknown table {name!r}", "use one of: " + ", ".join(TABLES))


def _returned_columns(returns: str) -> list[str]:
    """Column names of a frame's ``// returns:`` header, for the empty result."""
    return [c.strip().split(" ")[0] for c in returns.split(",") if c.strip()]
