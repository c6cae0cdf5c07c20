"""The Neo4j store: the team's graph of record, behind the same interface as the embedded store.

Same data model as ``store/sql/graph_views.sql``: entity nodes (Person, Institution, Practitioner,
Drug, Identifier with key "type:value", TraceCode) exist wherever referenced; event nodes (Visit,
Claim, FeeLine, Purchase, Sale, StockTake, RuleHit, Lead) only where their row was loaded, carrying
every stored column plus ``_key``, ``_src_file``, ``_src_line``, ``_load_id``. Node IDs are
"Label:_key". Every statement is a file under ``graphfraud/cypher/`` (see docs/neo4j.md).
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import duckdb
import pandas as pd
import pyarrow as pa

from graphfraud import cypher
from graphfraud.errors import InputError, NotFound
from graphfraud.schema import TABLES
from graphfraud.store import neo4j_load as load
from graphfraud.store import neo4j_results as results
from graphfraud.store.base import REL_TYPES, GraphStore, Subgraph
from graphfraud.store.neo4j_connect import CypherRunner, Neo4jConfig, connect

RESOLVE_LABELS = ("Person", "Institution", "Practitioner", "Drug", "Claim", "Visit", "TraceCode", "Lead", "RuleHit")
ID_LABELS = RESOLVE_LABELS + ("Identifier", "FeeLine", "Sale", "Purchase")
SHORTEST_PATH_BOUND = 12  # the fixed upper bound in cypher/graph/shortest_paths.cypher


class Neo4jStore(GraphStore):
    name = "neo4j"

    def __init__(self, config: Neo4jConfig, workspace: Path | None = None) -> None:
        self.config = config
        self.workspace = workspace  # kept for commands that also read the embedded workspace (neo4j push)
        self.driver = connect(config)
        self.runner = CypherRunner(self.driver, config.database)
        load.ensure_schema(self.runner)

    @classmethod
    def from_settings(cls, uri: str | None = None, workspace: Path | None = None) -> "Neo4jStore":
        """A store on the server of ``--neo4j-uri`` or NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE."""
        return cls(Neo4jConfig.from_settings(uri), workspace)

    # -- loading -----------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A no-op: a load is many idempotent batch transactions, not one (see neo4j_load)."""
        yield

    def next_load_id(self) -> int:
        return self.runner.run("load", "next_load_id")[0]["load_id"]

    def existing_keys(self, table: str, keys: list[str]) -> set[str]:
        _check_table(table)
        return load.existing_keys(self.runner, table, keys)

    def insert_new(self, table: str, rows: pa.Table) -> int:
        _check_table(table)
        return load.insert_rows(self.runner, table, rows, self.config.batch_size)

    def record_load(self, report: dict[str, Any]) -> None:
        self.runner.run("load", "record_load", load_id=report["load_id"], report=json.dumps(report, default=str))

    def load_history(self, limit: int = 10) -> list[dict[str, Any]]:
        return [json.loads(r["report"]) for r in self.runner.run("load", "load_history", limit=limit)]

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
        if columns:
            arrow = arrow.select(columns)
        # DuckDB turns Arrow into pandas exactly as the embedded store does (nullable Int32 for flags).
        return duckdb.from_arrow(arrow).df()

    def frame(self, name: str, **params: Any) -> pd.DataFrame:
        try:
            stmt = cypher.statement("frames", name)
        except KeyError:
            raise InputError(f"no query named {name!r}", "see graphfraud/cypher/frames/") from None
        records = self.runner.run("frames", name, **params)
        columns = _returned_columns(stmt.returns)
        data = [{k: load.native(v) for k, v in r.items()} for r in records]
        return pd.DataFrame(data, columns=list(records[0].keys()) if records else columns)

    def _element_ids(self, node_ids: list[str]) -> dict[str, str]:
        if not node_ids:
            return {}
        return {r["id"]: r["eid"] for r in self.runner.run("graph", "find_nodes", ids=list(dict.fromkeys(node_ids)))}

    def _neighbours(self, eids: list[str], rel_types: list[str] | None = None) -> pd.DataFrame:
        records = self.runner.run("graph", "neighbours", eids=eids, types=list(rel_types or REL_TYPES))
        return _strings_frame([r.values() for r in records], ["src", "dst", "type"])

    def subgraph(self, node_ids: list[str], hops: int = 1, limit: int = 500) -> Subgraph:
        """Breadth-first from the given nodes, hop by hop, until ``limit`` nodes (new ones in ID order)."""
        seen = set(node_ids)
        frontier = sorted(seen)
        edges: list[pd.DataFrame] = []
        for _ in range(hops):
            if not frontier or len(seen) >= limit:
                break
            found = self._neighbours(list(self._element_ids(frontier).values()))
            edges.append(found)
            fresh = sorted((set(found.src) | set(found.dst)) - seen)[: limit - len(seen)]
            seen.update(fresh)
            frontier = fresh
        edge_frame = pd.concat(edges, ignore_index=True) if edges else _strings_frame([], ["src", "dst", "type"])
        edge_frame = edge_frame[edge_frame.src.isin(seen) & edge_frame.dst.isin(seen)].drop_duplicates()
        eids = list(self._element_ids(sorted(seen)).values())
        nodes = _strings_frame([r.values() for r in self.runner.run("graph", "nodes", eids=eids)],
                               ["id", "label", "key", "name"])
        return Subgraph(nodes.sort_values("id").reset_index(drop=True),
                        edge_frame.sort_values(["src", "dst", "type"]).reset_index(drop=True))

    def shortest_paths(self, a: str, b: str, max_hops: int = 6, rel_types: list[str] | None = None,
                       limit: int = 5) -> list[list[str]]:
        eids = self._element_ids([a, b])
        if a not in eids or b not in eids:
            return []
        if a == b:
            return [[a]]
        records = self.runner.run("graph", "shortest_paths", a=eids[a], b=eids[b],
                                  types=list(rel_types or REL_TYPES), max_hops=min(max_hops, SHORTEST_PATH_BOUND))
        return sorted(r["path"] for r in records)[:limit]

    def resolve(self, text: str) -> list[str]:
        if ":" in text and text.split(":", 1)[0] in ID_LABELS:
            candidates = [text]
        else:
            candidates = [f"{label}:{text}" for label in RESOLVE_LABELS]
        found = sorted(self._element_ids(candidates))
        if not found:
            raise NotFound(f"no entity with ID {text!r} in the graph",
                           "give a psn_no, fixmedins_code, dr_code, med_list_codg, setl_id or Label:key")
        return found

    # -- results -----------------------------------------------------------------------------
    def put_results(self, collection: str, rows: pd.DataFrame, replace: bool = True) -> None:
        results.put(self.runner, collection, rows, replace)
        if collection in ("rings", "ring_members"):
            members = self.get_results("ring_members")
            ids = members["node_id"].dropna().tolist() if "node_id" in members else []
            self.runner.run("results", "link_members", links=results.member_links(members, self._element_ids(ids)))

    def get_results(self, collection: str) -> pd.DataFrame:
        return results.get(self.runner, collection)

    def close(self) -> None:
        self.driver.close()


def _check_table(name: str) -> None:
    if name not in TABLES:
        raise InputError(f"unknown table {name!r}", "use one of: " + ", ".join(TABLES))


def _strings_frame(rows: list[list[Any]], columns: list[str]) -> pd.DataFrame:
    """A frame of string columns typed as the embedded store's (via DuckDB, like its own frames)."""
    arrow = pa.table({c: pa.array([r[i] for r in rows], pa.string()) for i, c in enumerate(columns)})
    return duckdb.from_arrow(arrow).df()


def _returned_columns(returns: str) -> list[str]:
    """Column names of a frame's ``// returns:`` header, for the empty result."""
    return [c.strip().split(" ")[0] for c in returns.split(",") if c.strip()]

