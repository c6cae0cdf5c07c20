"""Leiden and Louvain rings against a networkx reference on small graphs (oracle tests)."""
from __future__ import annotations

import igraph as ig
import networkx as nx
import pytest

from graphfraud.rings.communities import connected_communities, membership


def _to_igraph(graph: nx.Graph) -> ig.Graph:
    g = ig.Graph(n=graph.number_of_nodes(), edges=list(graph.edges()), directed=False)
    g.es["weight"] = [graph.edges[e].get("weight", 1.0) for e in graph.edges()]
    return g


def _parts(labels: list[int]) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for v, c in enumerate(labels):
        groups.setdefault(c, set()).add(v)
    return {frozenset(g) for g in groups.values()}


@pytest.mark.parametrize("algorithm", ["leiden", "louvain"])
def test_clear_cliques_are_found_exactly_as_networkx_finds_them(algorithm):
    graph = nx.ring_of_cliques(6, 5)  # six 5-cliques joined in a cycle by single edges
    ours = _parts(membership(_to_igraph(graph), algorithm, seed=1))
    reference = {frozenset(c) for c in nx.community.louvain_communities(graph, seed=1)}
    assert ours == reference
    assert len(ours) == 6


@pytest.mark.parametrize("seed", [3, 4, 5, 6])
def test_leiden_modularity_is_at_least_the_networkx_reference(seed):
    graph = nx.planted_partition_graph(5, 12, 0.5, 0.03, seed=seed)
    for u, v in graph.edges():
        graph.edges[u, v]["weight"] = 1.0 + (u * v) % 3
    ours = _parts(membership(_to_igraph(graph), "leiden", seed=seed))
    reference = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    q_ours = nx.community.modularity(graph, ours, weight="weight")
    q_ref = nx.community.modularity(graph, reference, weight="weight")
    assert q_ours >= q_ref - 0.01


def test_same_seed_gives_the_same_partition():
    g = _to_igraph(nx.planted_partition_graph(4, 15, 0.4, 0.05, seed=9))
    g.es["weight"] = [1.0] * g.ecount()
    assert membership(g, "leiden", seed=42) == membership(g, "leiden", seed=42)


def test_every_community_piece_is_connected():
    # labels that put two separate edges into one community must come back as two pieces
    g = ig.Graph(n=4, edges=[(0, 1), (2, 3)])
    pieces = connected_communities(g, [0, 0, 0, 0])
    assert pieces == [[0, 1], [2, 3]]
    graph = nx.planted_partition_graph(6, 8, 0.5, 0.02, seed=2)
    ig_graph = _to_igraph(graph)
    for piece in connected_communities(ig_graph, membership(ig_graph, "louvain", seed=2)):
        assert nx.is_connected(graph.subgraph(piece))
