"""Identity resolution: person records that are one human (重复参保, variant names, masked ID numbers).

``link(store)`` scores the register's records with the model of ``graphfraud.identity.model``
and stores the pairs as the ``identity_links`` collection, which the ``same_person`` detector
reads; ``groups`` folds pairs into the records of each human; ``quality`` scores them against
generated duplicates.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from graphfraud.identity.model import LEVELS, IdentityConfig, load_config, score_pairs
from graphfraud.store.base import GraphStore

COLLECTION = "identity_links"
PERSON_COLUMNS = ["psn_no", "certno", "psn_name", "gend", "brdy", "tel", "addr", "insuplc_admdvs"]


def link(store: GraphStore, config: IdentityConfig | None = None) -> pd.DataFrame:
    """Score every pair of the register the blocking rules propose; store and return those linked."""
    people = store.table("psn_info", PERSON_COLUMNS)[PERSON_COLUMNS]
    pairs = score_pairs(people, config or load_config())
    pairs["linked"] = dt.datetime.now().isoformat(timespec="seconds")
    store.put_results(COLLECTION, pairs, replace=True)
    return pairs


def groups(pairs: pd.DataFrame) -> list[list[str]]:
    """The records of each human: connected components of the linked pairs, largest first.

    >>> groups(pd.DataFrame({"psn_a": ["a", "c", "x"], "psn_b": ["b", "b", "y"]}))
    [['a', 'b', 'c'], ['x', 'y']]
    """
    import networkx as nx

    graph = nx.Graph()
    graph.add_edges_from(zip(pairs.psn_a.astype(str), pairs.psn_b.astype(str)))
    return sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda g: (-len(g), g))


__all__ = ["COLLECTION", "LEVELS", "IdentityConfig", "groups", "link", "load_config", "score_pairs"]
