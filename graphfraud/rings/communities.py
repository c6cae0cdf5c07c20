"""Communities of the indicator graph: igraph Leiden (default) or python-louvain, each made connected.

Both run with a fixed seed so a rerun on the same data gives the same rings; the seed and library
versions are recorded with the run.
"""
from __future__ import annotations

from importlib.metadata import version
from typing import Any

import igraph as ig
import numpy as np

from graphfraud.errors import InputError

ALGORITHMS = ("leiden", "louvain")
# Leiden is iterated until a round changes nothing, but at most this many rounds: at resolutions
# other than 1 leidenalg can move nodes back and forth forever on some graphs (a 833-suspect
# graph of a varied world never settled), and a bounded run stays deterministic under its seed.
MAX_ITERATIONS = 50


def membership(graph: ig.Graph, algorithm: str = "leiden", seed: int = 42, resolution: float = 1.0) -> list[int]:
    """Community number of every vertex (modularity objective, weights from the ``weight`` attribute)."""
    if graph.vcount() == 0:
        return []
    if algorithm == "leiden":
        import leidenalg

        if resolution == 1.0:  # plain modularity, as the issue asks; RB configuration equals it at 1.0
            partition = _converged(leidenalg, graph, leidenalg.ModularityVertexPartition, seed)
        else:
            partition = _converged(leidenalg, graph, leidenalg.RBConfigurationVertexPartition, seed,
                                   resolution_parameter=resolution)
        return list(partition.membership)
    if algorithm == "louvain":
        import community as community_louvain
        import networkx as nx

        nx_graph = nx.Graph()
        nx_graph.add_nodes_from(range(graph.vcount()))
        nx_graph.add_weighted_edges_from((e.source, e.target, w) for e, w in zip(graph.es, graph.es["weight"]))
        parts = community_louvain.best_partition(nx_graph, weight="weight", resolution=resolution, random_state=seed)
        return [parts[v] for v in range(graph.vcount())]
    raise InputError(f"unknown community algorithm {algorithm!r}", "use --algorithm leiden or louvain")


def _converged(leidenalg: Any, graph: ig.Graph, kind: Any, seed: int, **params: Any) -> Any:
    """A Leiden partition improved round by round until a round gains nothing (``MAX_ITERATIONS`` at most)."""
    partition = kind(graph, weights="weight", **params)
    optimiser = leidenalg.Optimiser()
    optimiser.set_rng_seed(seed)
    for _ in range(MAX_ITERATIONS):
        if optimiser.optimise_partition(partition, n_iterations=1) <= 0:
            break
    return partition


def connected_communities(graph: ig.Graph, labels: list[int]) -> list[list[int]]:
    """Communities split into their connected pieces (Louvain can return disconnected ones).

    Drops every edge that crosses communities, then takes connected components: linear in edges.
    Vertices of each piece are sorted; pieces come in order of their smallest vertex.
    """
    if not labels:
        return []
    member = np.asarray(labels)
    edges = np.array(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    inside = edges[member[edges[:, 0]] == member[edges[:, 1]]] if len(edges) else edges
    pieces = ig.Graph(n=graph.vcount(), edges=inside, directed=False).connected_components()
    return sorted((sorted(p) for p in pieces), key=lambda p: p[0])


def versions(algorithm: str) -> dict[str, str]:
    """Library versions that determine the communities (recorded with each run)."""
    packages = ["igraph", "leidenalg"] if algorithm == "leiden" else ["networkx", "python-louvain"]
    return {p: version(p) for p in packages}
