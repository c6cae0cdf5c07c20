"""The one store interface. Detectors, the CLI and bundles talk only to this; two backends implement it.

Node IDs are ``"Label:key"`` strings (``"Person:33052200000123"``) on both stores, so analytics,
evidence and ring membership read the same whichever store produced them.

What both stores mean the same way is written once, here, over a few backend primitives (the shape
of Splink's ``DatabaseAPI``): resolving a typed identifier, breadth-first subgraphs and paths, typed
result collections (``graphfraud.store.collections``) and publishing a detection run. A backend
supplies the primitives: ``_existing``, ``_neighbours``, ``_node_rows`` for the graph and
``_write_rows``, ``_read_rows``, ``_delete_run_rows`` for result rows.

All-or-nothing writes are a capability, not a promise of the interface: stores that have it are
:class:`Transactional` (the embedded store), and :func:`atomic` gives their transaction or, on
others (Neo4j), a plain block whose writes the caller keeps idempotent.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, Self, runtime_checkable

import pandas as pd
import pyarrow as pa

from graphfraud.errors import NotFound
from graphfraud.store.collections import COMMIT, REGISTRY, RUN_KEY, collection

NODE_LABELS = ("Person", "Institution", "Practitioner", "Drug", "Visit", "Claim", "FeeLine", "Purchase",
               "Sale", "StockTake", "Identifier", "TraceCode", "RuleHit", "Lead")
REL_TYPES = ("HAS_IDENTIFIER", "LEGAL_REP", "WORKS_AT", "HAD_VISIT", "AT", "ATTENDED_BY", "SETTLED",
             "FOR_VISIT", "HAS_LINE", "OF_DRUG", "PRESCRIBED_BY", "HAS_TRACE", "PURCHASED", "SOLD",
             "TO_PERSON", "FOR_CLAIM", "TOOK_STOCK", "FLAGS", "ABOUT")
# Labels a bare identifier typed by a user may mean, and labels a "Label:key" ID may name.
RESOLVE_LABELS = ("Person", "Institution", "Practitioner", "Drug", "Claim", "Visit", "TraceCode", "Lead", "RuleHit")
ID_LABELS = RESOLVE_LABELS + ("Identifier", "FeeLine", "Sale", "Purchase")


def node_id(label: str, key: str) -> str:
    """The ID of a node on both stores.

    >>> node_id("Person", "330522001")
    'Person:330522001'
    """
    return f"{label}:{key}"


def split_node_id(nid: str) -> tuple[str, str]:
    """The label and the key of a node ID; keys may hold colons themselves.

    >>> split_node_id("Identifier:tel:13800000001")
    ('Identifier', 'tel:13800000001')
    """
    label, _, key = nid.partition(":")
    return label, key


@dataclass
class EdgeList:
    """A weighted projection: undirected edges between node IDs, with the caps that shaped it."""

    edges: pd.DataFrame  # columns: src, dst, weight (+ optional evidence columns)
    caps: dict[str, Any] = field(default_factory=dict)


@dataclass
class Subgraph:
    nodes: pd.DataFrame  # columns: id, label, key, name
    edges: pd.DataFrame  # columns: src, dst, type


@dataclass(frozen=True)
class HubRule:
    """Which nodes a path search does not step through (super-nodes, domain guide §3).

    A drug links every buyer of it; an identifier held by more than ``max_sharing`` owners (a
    hospital switchboard, a nursing-home address) and an institution with more than ``hub_limit``
    relationships (a big hospital) link strangers. Defaults: settings ``path_hub_limit`` and the
    super-node guard of ten sharers.

    >>> HubRule(hub_limit=500).limits["Institution"], HubRule.through().allow_all
    (500, True)
    """

    hub_limit: int | None = None
    max_sharing: int = 10
    labels: tuple[str, ...] = ("Drug",)
    allow_all: bool = False

    @classmethod
    def through(cls) -> HubRule:
        return cls(allow_all=True)

    @property
    def limits(self) -> dict[str, int]:
        from graphfraud import settings

        limit = self.hub_limit if self.hub_limit is not None else int(settings.get("path_hub_limit"))
        return {"Identifier": self.max_sharing, "Institution": limit}


@runtime_checkable
class Transactional(Protocol):
    """A store whose writes inside ``transaction()`` all land or none do."""

    def transaction(self) -> AbstractContextManager[None]: ...


def atomic(store: GraphStore) -> AbstractContextManager[Any]:
    """The store's transaction where it has one; elsewhere a plain block (each write must be idempotent)."""
    return store.transaction() if isinstance(store, Transactional) else nullcontext()


class GraphStore(ABC):
    """A workspace holding the normalised graph, its load history and analysis results."""

    name: ClassVar[str]
    where: ClassVar[str]  # how messages name the place: "workspace", "graph"

    # -- loading -----------------------------------------------------------------------------
    @abstractmethod
    def next_load_id(self) -> int: ...

    @abstractmethod
    def existing_keys(self, table: str, keys: list[str]) -> set[str]:
        """Those of ``keys`` already stored in ``table``."""

    @abstractmethod
    def insert_new(self, table: str, rows: pa.Table) -> int:
        """Insert the rows whose ``_key`` is not stored yet; returns how many were inserted."""

    @abstractmethod
    def rekey(self, table: str, changes: dict[str, str]) -> int:
        """Give stored rows of ``table`` a new ``_key`` (old -> new); returns how many changed."""

    @abstractmethod
    def record_load(self, report: dict[str, Any]) -> None: ...

    @abstractmethod
    def load_history(self, limit: int = 10) -> list[dict[str, Any]]: ...

    # -- reading -----------------------------------------------------------------------------
    @abstractmethod
    def counts(self) -> dict[str, dict[str, int]]:
        """{"nodes": {label: n}, "relationships": {type: n}} for every label and type."""

    @abstractmethod
    def date_range(self) -> tuple[Any, Any]:
        """First and last settlement time, or (None, None) when empty."""

    @abstractmethod
    def table(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        """The stored rows of an input table (typed, with _key, _src_file, _src_line)."""

    @abstractmethod
    def frame(self, name: str, **params: Any) -> pd.DataFrame:
        """The result of a named read query (``sql/<name>.sql`` / ``cypher/frames/<name>.cypher``)."""

    @abstractmethod
    def query_text(self, name: str) -> str:
        """The file text of the named read query ``frame(name)`` runs (for extraction records)."""

    # -- graph primitives of a backend ---------------------------------------------------------
    @abstractmethod
    def _existing(self, ids: list[str]) -> list[str]:
        """Those of the node IDs that exist, in ID order."""

    @abstractmethod
    def _neighbours(self, ids: list[str], rel_types: list[str] | None = None) -> pd.DataFrame:
        """Relationships (of ``rel_types``, default all) touching the nodes: text columns src, dst, type."""

    @abstractmethod
    def _node_rows(self, ids: list[str]) -> pd.DataFrame:
        """Text columns id, label, key, name of the nodes, in any order."""

    @abstractmethod
    def _degrees(self, ids: list[str]) -> dict[str, int]:
        """How many graph relationships (of REL_TYPES) touch each of the nodes (0 for none)."""

    # -- the graph, written once ------------------------------------------------------------
    def resolve(self, text: str) -> list[str]:
        """Node IDs a user-typed identifier may mean (a psn_no, fixmedins_code, dr_code, ``Label:key``…)."""
        if ":" in text and text.split(":", 1)[0] in ID_LABELS:
            candidates = [text]
        else:
            candidates = [node_id(label, text) for label in RESOLVE_LABELS]
        found = self._existing(candidates)
        if not found:
            raise NotFound(f"no entity with ID {text!r} in the {self.where}",
                           "give a psn_no, fixmedins_code, dr_code, med_list_codg, setl_id or Label:key")
        return found

    def subgraph(self, node_ids: list[str], hops: int = 1, limit: int = 500) -> Subgraph:
        """Breadth-first from the given nodes, hop by hop, until ``limit`` nodes (new ones in ID order)."""
        seen = set(node_ids)
        frontier = sorted(seen)
        edges: list[pd.DataFrame] = []
        for _ in range(hops):
            if not frontier or len(seen) >= limit:
                break
            found = self._neighbours(frontier)
            edges.append(found)
            fresh = sorted((set(found.src) | set(found.dst)) - seen)[: limit - len(seen)]
            seen.update(fresh)
            frontier = fresh
        edge_frame = pd.concat(edges, ignore_index=True) if edges else self._neighbours([])
        edge_frame = edge_frame[edge_frame.src.isin(seen) & edge_frame.dst.isin(seen)].drop_duplicates()
        nodes = self._node_rows(sorted(seen))
        return Subgraph(nodes.sort_values("id").reset_index(drop=True),
                        edge_frame.sort_values(["src", "dst", "type"]).reset_index(drop=True))

    def shortest_paths(self, a: str, b: str, max_hops: int = 6, rel_types: list[str] | None = None,
                       limit: int = 5, hubs: HubRule | None = None) -> list[list[str]]:
        """Shortest paths between two node IDs as lists of node IDs, via relationships of the given types.

        ``hubs`` (default :class:`HubRule` ()) names the super-nodes a path may not step through
        (a drug, an identifier shared by many, a hub institution): they link everyone to everyone
        and explain nothing. ``HubRule.through()`` allows them. The ends may be super-nodes.

        Plain breadth-first search with the neighbour primitive (investigator scale); a backend with
        a native path search (Neo4j) overrides it and the contract tests hold both to the same answer.
        """
        import networkx as nx

        rule = hubs or HubRule()
        graph = nx.Graph()
        frontier, seen = [a], {a}
        for _ in range(max_hops):
            if b in seen or not frontier:
                break
            found = self._neighbours(frontier, rel_types)
            graph.add_edges_from(zip(found.src, found.dst))
            fresh = {n for n in pd.concat([found.src, found.dst]) if n not in seen}
            seen |= fresh
            blocked = self.super_nodes(sorted(fresh - {b}), rule)
            frontier = sorted(fresh - blocked)
        if b not in graph or a not in graph:
            return []
        graph.remove_nodes_from([n for n in self.super_nodes(sorted(set(graph) - {a, b}), rule)])
        if b not in graph or not nx.has_path(graph, a, b):
            return []
        paths = nx.all_shortest_paths(graph, a, b)
        return [p for _, p in zip(range(limit), sorted(p for p in paths if len(p) - 1 <= max_hops))]

    def names(self, node_ids: list[str]) -> dict[str, str]:
        """Display names (person, institution, doctor or drug name) of the nodes that have one.

        Reads names from the loaded rows, so commands can print ``name (code)`` everywhere."""
        ids = sorted(set(node_ids))
        if not ids:
            return {}
        rows = self._node_rows(ids)
        return {str(i): str(n) for i, n in zip(rows.id, rows.name) if n is not None and n == n and str(n)}

    def super_nodes(self, ids: list[str], rule: HubRule | None = None) -> set[str]:
        """Those of ``ids`` a path may not pass through under ``rule`` (see :class:`HubRule`)."""
        rule = rule or HubRule()
        if rule.allow_all or not ids:
            return set()
        out = {n for n in ids if split_node_id(n)[0] in rule.labels}
        counted = [n for n in ids if split_node_id(n)[0] in rule.limits and n not in out]
        for node, degree in self._degrees(counted).items():
            if degree > rule.limits[split_node_id(node)[0]]:
                out.add(node)
        return out

    def path_steps(self, path: list[str]) -> list[dict[str, Any]]:
        """The nodes of a path with their names, and the relationship (type, direction) of each hop."""
        rows = self._node_rows(path).drop_duplicates("id").set_index("id") if path else pd.DataFrame()
        edges = self._neighbours(path) if len(path) > 1 else pd.DataFrame(columns=["src", "dst", "type"])
        out: list[dict[str, Any]] = []
        for i, node in enumerate(path):
            label, key = split_node_id(node)
            name = rows.loc[node, "name"] if node in rows.index else None
            step: dict[str, Any] = {"node_id": node, "label": label, "key": key,
                                    "name": None if name is None or name != name else str(name)}
            if i + 1 < len(path):
                nxt = path[i + 1]
                hop = edges[((edges.src == node) & (edges.dst == nxt)) | ((edges.src == nxt) & (edges.dst == node))]
                step["rel_type"] = str(hop.type.iloc[0]) if len(hop) else None
                step["rel_forward"] = bool(len(hop) and hop.src.iloc[0] == node)
            out.append(step)
        return out

    # -- result-row primitives of a backend -----------------------------------------------------
    @abstractmethod
    def _write_rows(self, name: str, rows: pd.DataFrame, replace: bool) -> None:
        """Store rows of a registered collection (new columns are added); ``replace`` drops the old rows."""

    @abstractmethod
    def _read_rows(self, name: str) -> pd.DataFrame:
        """Every stored row of a collection in stored order (``_run`` included); an empty frame when none."""

    @abstractmethod
    def _delete_run_rows(self, name: str, run_id: str, keep: bool) -> None:
        """Delete the rows written under ``run_id`` (``keep=False``) or all others (``keep=True``)."""

    def _results_changed(self, names: list[str]) -> None:
        """Called after result rows changed (Neo4j relinks rings to their members)."""

    # -- results, written once ----------------------------------------------------------------
    def put_results(self, collection_name: str, rows: pd.DataFrame, replace: bool = True,
                    run: str | None = None) -> None:
        """Store rows of a registered collection (rings, members, …, leads, audit), typed as it declares.

        Rows of a run-scoped collection belong to ``run`` (default: the live run), see
        :meth:`publish_run`; ``replace`` drops the collection's rows first.
        """
        spec = collection(collection_name)
        if spec.run_scoped:
            rows = rows.assign(**{RUN_KEY: run if run is not None else self.live_run()})
        self._write_rows(spec.name, spec.conform(rows), replace)
        if run is None:
            self._results_changed([spec.name])

    def get_results(self, collection_name: str) -> pd.DataFrame:
        """The rows of a result collection (of the live run where run-scoped); an empty frame when none."""
        if collection_name not in REGISTRY:
            return pd.DataFrame()
        spec = REGISTRY[collection_name]
        frame = self._read_rows(spec.name)
        if spec.run_scoped and RUN_KEY in frame.columns:
            runs = self._committed_runs()
            if spec.scope == "run":
                live = frame[RUN_KEY] == runs[-1] if runs else frame[RUN_KEY].isna()
            else:
                live = frame[RUN_KEY].isna() | frame[RUN_KEY].isin(runs)
            frame = frame[live.to_numpy(dtype=bool)]
        return spec.conform(frame.drop(columns=RUN_KEY, errors="ignore").reset_index(drop=True))

    def live_run(self) -> str | None:
        """The run whose rings readers see: the last one whose ``runs`` row is stored."""
        runs = self._committed_runs()
        return runs[-1] if runs else None

    def _committed_runs(self) -> list[str]:
        runs = self._read_rows(COMMIT)
        return [str(r) for r in runs.run_id] if "run_id" in runs.columns else []

    def publish_run(self, run: dict[str, Any], frames: dict[str, pd.DataFrame]) -> None:
        """Store a detection run so that readers see all of it or none of it, on either store.

        1. rows an interrupted publish of the same run left behind are deleted;
        2. every frame is written under the run's ID (hidden until step 3);
        3. the run's ``runs`` row is appended: the one write that switches readers to the new run;
        4. rows of older runs are pruned from the collections a run replaces.

        Killed anywhere, the store shows the previous run (before 3) or the new one (after 3), and
        publishing the same run again ends in the same state.
        """
        run_id = str(run["run_id"])
        for name in frames:
            if not collection(name).run_scoped:
                raise ValueError(f"{name} is not written per run")
            self._delete_run_rows(name, run_id, keep=False)
        for name, rows in frames.items():
            self.put_results(name, rows, replace=False, run=run_id)
        self.put_results(COMMIT, pd.DataFrame([run]), replace=False)
        for name in frames:
            if collection(name).scope == "run":
                self._delete_run_rows(name, run_id, keep=True)
        self._results_changed(list(frames))

    # Readers for other threads. Detectors only read, and a store whose reads wait on its engine (the
    # embedded store's DuckDB releases the GIL while a query runs) lets several run at once: one
    # detector's query runs while another works on its frames.
    @property
    def readers(self) -> int:
        """How many threads may read at once, each through its own ``reader()``."""
        return 1

    def reader(self) -> AbstractContextManager[GraphStore]:
        """This store as another thread may read it while this one is in use (itself, by default)."""
        return nullcontext(self)

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
