"""The weighted indicator graph: every detector's links, merged into one undirected graph of entities.

Each link keeps its indicator and evidence so a ring can explain itself; the graph edge between two
entities carries the sum of their links' weights, each scaled by its indicator's multiplier.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import igraph as ig
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graphfraud.detectors.base import FLAG_COLUMNS, LINK_COLUMNS, Finding

ENTITY_LABELS = ("Person", "Institution", "Practitioner")


def evidence_kind(rows: pd.DataFrame) -> pd.Series:
    """``indicator:kind`` of each link or flag row: its indicator and the second part of its evidence ID
    (``collusion:ghost`` for ``collusion:ghost:D1:P2``), the indicator and a colon when there is none.

    >>> evidence_kind(pd.DataFrame({"indicator": ["collusion", "x"], "evidence_id": ["collusion:ghost:D1", "x"]})).tolist()
    ['collusion:ghost', 'x:']
    """
    ids = pa.array(rows.evidence_id.astype(str).to_numpy(dtype=object), pa.string())
    second = pc.struct_field(pc.extract_regex(ids, r"^[^:]*:(?P<kind>[^:]*)"), [0]).fill_null("")
    return rows.indicator + ":" + pd.Series(second.to_numpy(zero_copy_only=False), index=rows.index, dtype="str")


@dataclass
class IndicatorGraph:
    """``nodes[i]`` is the node ID of vertex i; ``edges`` has src, dst (vertex indices) and weight."""

    nodes: np.ndarray
    edges: pd.DataFrame
    links: pd.DataFrame  # indicator, src, dst, weight, evidence_id, scaled, u, v (vertex indices, u < v)
    flags: pd.DataFrame  # indicator, node, weight, evidence_id, scaled
    # links of the ``aside`` kinds (a phone holding two e-vouchers): as ``links``, weighing nothing, in no edge;
    # one assembly step reads them, and a ring lists those among its members as evidence
    aside: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=[*LINK_COLUMNS, "indicator", "scaled",
                                                                               "u", "v"]))

    @cached_property
    def is_person(self) -> np.ndarray:
        """Whether each vertex is a person (the rest are places: institutions and doctors)."""
        return np.char.startswith(self.nodes.astype(str), "Person:")

    @cached_property
    def flag_vertex(self) -> np.ndarray:
        """The vertex each flag is on (-1 for a flag on a node the graph does not hold), worked out once
        (membership, assembly and ``within`` read it)."""
        vertex = pd.Series(np.arange(len(self.nodes)), index=self.nodes)
        return self.flags.node.map(vertex).fillna(-1).to_numpy(dtype=np.int64)

    @cached_property
    def link_kinds(self) -> pd.Series:
        """``evidence_kind`` of every link, worked out once (several assembly steps read it)."""
        return evidence_kind(self.links)

    def within(self, ring_of_vertex: np.ndarray, aside: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Links with both ends in one ring (with the ``aside`` links too when asked), and flags on ring
        members, each with a ``ring`` column.

        ``ring_of_vertex[i]`` is the ring number of vertex i, or -1 outside every ring.
        """
        links = pd.concat([self.links, self.aside], ignore_index=True) if aside and len(self.aside) else self.links
        ring_u = ring_of_vertex[links.u.to_numpy(dtype=np.int64)]
        ring_v = ring_of_vertex[links.v.to_numpy(dtype=np.int64)]
        keep = (ring_u == ring_v) & (ring_u >= 0)
        inside = links[keep].assign(ring=ring_u[keep])
        known = self.flag_vertex >= 0
        flag_ring = np.full(len(self.flags), -1, dtype=np.int64)
        flag_ring[known] = ring_of_vertex[self.flag_vertex[known]]
        flagged = self.flags[flag_ring >= 0].assign(ring=flag_ring[flag_ring >= 0])
        return inside, flagged

    def igraph(self) -> ig.Graph:
        graph = ig.Graph(n=len(self.nodes), edges=self.edges[["src", "dst"]].to_numpy(), directed=False)
        graph.es["weight"] = self.edges["weight"].to_numpy(dtype=float)
        return graph

    def restricted(self, keep: np.ndarray, leave_out: list[str]) -> tuple[ig.Graph, np.ndarray]:
        """The graph among the ``keep`` vertices only, without links of the ``leave_out`` indicators, and
        the full-graph number of each of its vertices (vertex i of the result is ``ids[i]``)."""
        ids = np.flatnonzero(keep)
        position = np.full(len(self.nodes), -1, dtype=np.int64)
        position[ids] = np.arange(len(ids))
        links = self.links[~self.links.indicator.isin(leave_out)]
        u, v = position[links.u.to_numpy(dtype=np.int64)], position[links.v.to_numpy(dtype=np.int64)]
        inside = (u >= 0) & (v >= 0)
        edges = (pd.DataFrame({"src": u[inside], "dst": v[inside], "weight": links.scaled.to_numpy(dtype=float)[inside]})
                 .groupby(["src", "dst"], sort=True).weight.sum().reset_index())
        edges = edges[edges.weight > 0]
        graph = ig.Graph(n=len(ids), edges=edges[["src", "dst"]].to_numpy(), directed=False)
        graph.es["weight"] = edges.weight.to_numpy(dtype=float)
        return graph, ids


def _stack(findings: list[Finding], part: str, columns: list[str]) -> pd.DataFrame:
    frames = [getattr(f, part)[columns].assign(indicator=f.indicator) for f in findings if len(getattr(f, part))]
    if not frames:
        return pd.DataFrame(columns=["indicator", *columns])
    return pd.concat(frames, ignore_index=True)[["indicator", *columns]]


def _is_entity(ids: pd.Series) -> pd.Series:
    return ids.astype(str).str.split(":", n=1).str[0].isin(ENTITY_LABELS)


def build_graph(findings: list[Finding], multipliers: dict[str, float],
                markers: list[str] | tuple[str, ...] = (), aside: list[str] | tuple[str, ...] = ()) -> IndicatorGraph:
    """Merge the findings' links into one graph of persons, institutions and doctors.

    Links touching other node kinds (identifiers, trace codes) and self-loops are left out: a ring is
    made of people and places, and the detectors already project identifiers onto person pairs.
    Links of the ``markers`` evidence kinds weigh nothing: they tie no one, they only tell the
    assembly where (the counter a batch of cards was drained at). Links of the ``aside`` kinds weigh
    nothing and make no edge: their ends are vertices, and the graph keeps them apart for the one
    assembly step that reads them (who holds two of a ring's cards on one phone).

    >>> f = Finding("y", links=pd.DataFrame({"src": ["Institution:P", "Institution:P"], "dst": ["Person:a", "Person:b"],
    ...                                      "weight": 1.0, "evidence_id": ["y:batch:1", "y:other:1"]}))
    >>> build_graph([f], {}, ["y:batch"]).links.weight.tolist()
    [0.0, 1.0]
    >>> g = build_graph([f], {}, aside=["y:batch"])
    >>> g.nodes.tolist(), g.links.evidence_id.tolist(), g.aside.evidence_id.tolist(), g.aside.u.tolist()
    (['Institution:P', 'Person:a', 'Person:b'], ['y:other:1'], ['y:batch:1'], [0])
    """
    links = _stack(findings, "links", LINK_COLUMNS)
    links = links[_is_entity(links.src) & _is_entity(links.dst) & (links.src != links.dst)].copy()
    links["weight"] = links["weight"].astype(float)
    if markers or aside:
        kinds = evidence_kind(links)
        links.loc[kinds.isin([*markers, *aside]), "weight"] = 0.0
        put_aside = kinds.isin(list(aside)).to_numpy()
    else:
        put_aside = np.zeros(len(links), dtype=bool)
    links["scaled"] = links["weight"] * links["indicator"].map(multipliers).fillna(1.0)
    flags = _stack(findings, "flags", FLAG_COLUMNS)
    flags = flags[_is_entity(flags.node)].copy()
    flags["weight"] = flags["weight"].astype(float)
    flags["scaled"] = flags["weight"] * flags["indicator"].map(multipliers).fillna(1.0)

    nodes = np.array(sorted(set(links.src) | set(links.dst)), dtype=object)
    index = pd.Series(np.arange(len(nodes)), index=nodes)
    a, b = index[links.src].to_numpy(), index[links.dst].to_numpy()
    links["u"], links["v"] = np.minimum(a, b), np.maximum(a, b)
    held, links = links[put_aside].reset_index(drop=True), links[~put_aside]
    edges = (links.groupby(["u", "v"], sort=True)["scaled"].sum().reset_index()
             .rename(columns={"u": "src", "v": "dst", "scaled": "weight"}))
    edges = edges[edges.weight > 0].reset_index(drop=True)
    return IndicatorGraph(nodes, edges, links.reset_index(drop=True), flags.reset_index(drop=True), held)
