"""The one store interface. Detectors, the CLI and bundles talk only to this; two backends implement it.

Node IDs are ``"Label:key"`` strings (``"Person:33052200000123"``) on both stores, so analytics,
evidence and ring membership read the same whichever store produced them.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Self

import pandas as pd
import pyarrow as pa

NODE_LABELS = ("Person", "Institution", "Practitioner", "Drug", "Visit", "Claim", "FeeLine", "Purchase",
               "Sale", "StockTake", "Identifier", "TraceCode", "RuleHit", "Lead")
REL_TYPES = ("HAS_IDENTIFIER", "LEGAL_REP", "WORKS_AT", "HAD_VISIT", "AT", "ATTENDED_BY", "SETTLED",
             "FOR_VISIT", "HAS_LINE", "OF_DRUG", "PRESCRIBED_BY", "HAS_TRACE", "PURCHASED", "SOLD",
             "TO_PERSON", "FOR_CLAIM", "TOOK_STOCK", "FLAGS", "ABOUT")


def node_id(label: str, key: str) -> str:
    return f"{label}:{key}"


def split_node_id(nid: str) -> tuple[str, str]:
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


class GraphStore(ABC):
    """A workspace holding the normalised graph, its load history and analysis results."""

    name: str

    # -- loading -----------------------------------------------------------------------------
    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """All writes inside either all land or none do (Neo4j: idempotent batches instead)."""

    @abstractmethod
    def next_load_id(self) -> int: ...

    @abstractmethod
    def existing_keys(self, table: str, keys: list[str]) -> set[str]:
        """Those of ``keys`` already stored in ``table``."""

    @abstractmethod
    def insert_new(self, table: str, rows: pa.Table) -> int:
        """Insert the rows whose ``_key`` is not stored yet; returns how many were inserted."""

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
    def subgraph(self, node_ids: list[str], hops: int = 1, limit: int = 500) -> Subgraph: ...

    @abstractmethod
    def shortest_paths(self, a: str, b: str, max_hops: int = 6, rel_types: list[str] | None = None,
                       limit: int = 5) -> list[list[str]]:
        """Shortest paths between two node IDs as lists of node IDs, via relationships of the given types."""

    @abstractmethod
    def resolve(self, text: str) -> list[str]:
        """Node IDs a user-typed identifier may mean (a psn_no, fixmedins_code, dr_code, ``Label:key``…)."""

    # -- results -----------------------------------------------------------------------------
    @abstractmethod
    def put_results(self, collection: str, rows: pd.DataFrame, replace: bool = True) -> None:
        """Store analysis results (rings, members, indicators, evidence, leads, audit) as rows."""

    @abstractmethod
    def get_results(self, collection: str) -> pd.DataFrame:
        """All rows of a result collection; an empty frame when there are none."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
