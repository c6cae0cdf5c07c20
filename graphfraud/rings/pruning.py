"""Corroboration: a community keeps only the members that more than one signal ties to it.

One signal is a lead, two independent ones make a ring member. A pharmacy with a stock gap links
every card settled for the missing drug, honest customers included; a nursing home's residents
share a pharmacy and some identifiers; a hub pharmacy is in every co-purchase neighbourhood. Those
people arrive in a community through one indicator, while a ring's card-holders are tied by
several (shared identifiers with the collector, co-purchase, over-supply, trace-code reuse…).

Rule (``assembly`` config): a person stays when at least ``min_member_indicators`` distinct
indicators tie them inside their community (links to other members, or flags on them), or one of
the ``binding_indicators`` does — signals that name the person's own record (a prescriber steering
their prescriptions to one pharmacy, their card used after death, their box's trace code sold
again), not a place or a day they shared with strangers; a person linked to at least
``min_hub_persons`` persons so kept stays too (the collector: one kind of tie, to many cards); an
institution or doctor stays when linked to at least ``min_place_persons`` of the persons kept.
What is left is split into connected pieces again, so every ring stays a connected subgraph.
"""
from __future__ import annotations

import igraph as ig
import numpy as np
import pandas as pd

from graphfraud.rings.communities import connected_communities
from graphfraud.rings.config import Assembly
from graphfraud.rings.graph import IndicatorGraph


def corroborated(graph: IndicatorGraph, whole: ig.Graph, ring_of_vertex: np.ndarray, config: Assembly) -> list[list[int]]:
    """The connected pieces left after dropping weakly tied members from each community.

    ``whole`` is ``graph.igraph()``; ``ring_of_vertex[i]`` the community of vertex i (-1: none).
    """
    inside, flagged = graph.within(ring_of_vertex)
    vertex = pd.Series(np.arange(len(graph.nodes)), index=graph.nodes)
    ends = pd.concat([pd.DataFrame({"vertex": inside.u.to_numpy(), "indicator": inside.indicator.to_numpy()}),
                      pd.DataFrame({"vertex": inside.v.to_numpy(), "indicator": inside.indicator.to_numpy()}),
                      pd.DataFrame({"vertex": flagged.node.map(vertex).to_numpy(),
                                    "indicator": flagged.indicator.to_numpy()})])
    ends = ends.drop_duplicates()
    kinds = ends.groupby("vertex").size()
    bound = ends.vertex[ends.indicator.isin(config.binding_indicators)]
    is_person = np.char.startswith(graph.nodes.astype(str), "Person:")
    strong = np.zeros(len(graph.nodes), dtype=bool)
    strong[kinds.index[kinds >= config.min_member_indicators].to_numpy(dtype=np.int64)] = True
    strong[bound.to_numpy(dtype=np.int64)] = True
    keep = (ring_of_vertex >= 0) & (~is_person | strong)
    # the collector or broker: one kind of tie (shared phones, devices) but to many kept persons
    keep |= (ring_of_vertex >= 0) & is_person & (_kept_neighbours(inside, keep, is_person, persons=True)
                                                 >= config.min_hub_persons)

    keep &= is_person | (_kept_neighbours(inside, keep, is_person, persons=False) >= config.min_place_persons)

    # vertices dropped get a label of their own, so they come back as singletons and are filtered out
    labels = np.where(keep, ring_of_vertex, -1 - np.arange(len(graph.nodes)))
    return [p for p in connected_communities(whole, labels.tolist()) if keep[p[0]]]


def _kept_neighbours(inside: pd.DataFrame, keep: np.ndarray, is_person: np.ndarray, persons: bool) -> np.ndarray:
    """For every vertex (persons, or places when ``persons`` is False): how many kept persons it links to."""
    u, v = inside.u.to_numpy(dtype=np.int64), inside.v.to_numpy(dtype=np.int64)
    pairs = pd.DataFrame({"node": np.concatenate([u, v]), "person": np.concatenate([v, u])}).drop_duplicates()
    pairs = pairs[(is_person[pairs.node] == persons) & is_person[pairs.person] & keep[pairs.person]]
    counts = np.zeros(len(keep), dtype=np.int64)
    sizes = pairs.groupby("node").size()
    counts[sizes.index.to_numpy(dtype=np.int64)] = sizes.to_numpy()
    return counts
