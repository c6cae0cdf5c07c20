"""Member roles inside a ring, read from the kind of entity and the indicators that tie it in.

- doctors are ``doctor``; institutions ``pharmacy`` (retail, code starting ``P``) or ``institution``,
  and ``downstream_pharmacy`` when the ring's only tie to them is a trace code sold again there;
- persons tied in by impersonation are ``impersonated``; a person tied in by trace-code reuse but by
  no other resale signal is a ``downstream_buyer``;
- the person who links to most of the ring's other persons (at least ``COLLECTOR_MIN`` of them and
  at least half) is the ``collector``: the broker holding the cards; everyone else a ``card_holder``.
"""
from __future__ import annotations

import pandas as pd

from graphfraud.store.base import split_node_id

COLLECTOR_MIN = 3
RESALE_OTHER = {"co_purchase", "over_supply", "shared_identifiers", "collusion", "swipe_burst"}


def member_roles(members: pd.DataFrame, inside_links: pd.DataFrame, flags: pd.DataFrame) -> pd.Series:
    """Role of each row of ``members`` (ring, node_id); links and flags already restricted to rings.

    ``inside_links``: ring, indicator, src, dst; ``flags``: ring, indicator, node.
    """
    ends = pd.concat([inside_links[["ring", "indicator", "src"]].rename(columns={"src": "node_id"}),
                      inside_links[["ring", "indicator", "dst"]].rename(columns={"dst": "node_id"}),
                      flags[["ring", "indicator", "node"]].rename(columns={"node": "node_id"})])
    kinds = ends.groupby(["ring", "node_id"]).indicator.agg(frozenset)
    collectors = _collectors(inside_links)
    roles = []
    for ring, node in zip(members.ring, members.node_id):
        indicators = kinds.get((ring, node), frozenset())
        roles.append(_role(node, indicators, collectors.get(ring) == node))
    return pd.Series(roles, index=members.index)


def _role(node: str, indicators: frozenset[str], is_collector: bool) -> str:
    label, key = split_node_id(node)
    if label == "Practitioner":
        return "doctor"
    if label == "Institution":
        if indicators == {"trace_reuse"}:
            return "downstream_pharmacy"
        return "pharmacy" if key.startswith("P") else "institution"
    if "impersonation" in indicators:
        return "impersonated"
    if is_collector:
        return "collector"
    if "trace_reuse" in indicators and not indicators & RESALE_OTHER:
        return "downstream_buyer"
    return "card_holder"


def _collectors(inside_links: pd.DataFrame) -> dict[int, str]:
    """Per ring, the person linked to the most other persons, when that is a clear hub."""
    persons = inside_links[inside_links.src.str.startswith("Person:") & inside_links.dst.str.startswith("Person:")]
    pairs = persons[["ring", "src", "dst"]].drop_duplicates()
    ends = pd.concat([pairs[["ring", "src"]].rename(columns={"src": "node"}),
                      pairs[["ring", "dst"]].rename(columns={"dst": "node"})])
    degree = ends.groupby(["ring", "node"]).size().rename("degree").reset_index()
    size = degree.groupby("ring").node.transform("size")
    degree = degree[(degree.degree >= COLLECTOR_MIN) & (degree.degree >= 0.5 * (size - 1))]
    top = degree.sort_values(["ring", "degree", "node"], ascending=[True, False, True]).drop_duplicates("ring")
    return dict(zip(top.ring, top.node))
