"""Member roles inside a ring, read from the kind of entity, the indicators that tie it in, the
ring's typology and the order of trace-code chains.

- doctors are ``doctor``; institutions ``downstream_pharmacy`` when they only ever appear later in
  a trace-code chain (the box was settled elsewhere first), else ``pharmacy`` (retail, code
  starting ``P``) or ``institution``;
- persons who settle reused codes only at such downstream institutions, after someone else, are
  ``downstream_buyer``s;
- in impersonation (or mixed) rings, persons tied in by impersonation are ``impersonated``;
- the person (not impersonated) sharing identifiers with most of the ring's other persons (at least
  ``COLLECTOR_MIN`` of them and at least half) holds the cards: ``broker`` in an impersonation ring, else ``collector``;
  so does a person who joined the ring as the holder of its cards (``assembly.join_holders``);
- everyone else is a ``card_holder``.
"""
from __future__ import annotations

import json
from collections.abc import Collection

import pandas as pd

from graphfraud.store.base import split_node_id

COLLECTOR_MIN = 3


def member_roles(members: pd.DataFrame, inside_links: pd.DataFrame, flags: pd.DataFrame,
                 typologies: dict[int, str], evidence: pd.DataFrame, holders: Collection[str] = ()) -> pd.Series:
    """Role of each row of ``members`` (ring, node_id).

    ``inside_links``: ring, indicator, src, dst; ``flags``: ring, indicator, node; ``typologies``:
    ring -> typology; ``evidence``: the rings' evidence rows (ring, indicator, evidence_id, detail);
    ``holders``: node IDs that joined as the holder of a ring's cards, who hold them as its collector does.
    """
    ends = pd.concat([inside_links[["ring", "indicator", "src"]].rename(columns={"src": "node_id"}),
                      inside_links[["ring", "indicator", "dst"]].rename(columns={"dst": "node_id"}),
                      flags[["ring", "indicator", "node"]].rename(columns={"node": "node_id"})])
    kinds = ends.groupby(["ring", "node_id"]).indicator.agg(frozenset)
    impersonated = {key for key, found in kinds.items() if "impersonation" in found}
    collectors = _collectors(inside_links, impersonated)
    later = later_only(evidence)
    roles = []
    for ring, node in zip(members.ring, members.node_id):
        indicators = kinds.get((ring, node), frozenset())
        roles.append(_role(node, indicators, typologies.get(ring, "mixed"),
                           collectors.get(ring) == node or node in holders, (ring, node) in later))
    return pd.Series(roles, index=members.index)


def _role(node: str, indicators: frozenset[str], typology: str, is_collector: bool, is_later: bool) -> str:
    label, key = split_node_id(node)
    if label == "Practitioner":
        return "doctor"
    if label == "Institution":
        if is_later:
            return "downstream_pharmacy"
        return "pharmacy" if key.startswith("P") else "institution"
    if is_later:
        return "downstream_buyer"
    if is_collector:
        return "broker" if typology == "impersonation" else "collector"
    if "impersonation" in indicators and typology in ("impersonation", "mixed"):
        return "impersonated"
    return "card_holder"


def later_only(evidence: pd.DataFrame) -> set[tuple[int, str]]:
    """(ring, node ID) of the downstream side of 回流药: institutions that appear in trace-code chains
    only after the first settlement of the code, and persons who settle codes only there, after
    someone else (a pharmacy re-swiping photographed codes of its own sales is not downstream)."""
    rows = evidence[evidence.indicator == "trace_reuse"]
    if rows.empty:
        return set()
    facts = pd.DataFrame([json.loads(d) for d in rows.detail], index=rows.index)
    if not {"psn_no", "fixmedins_code", "t"} <= set(facts.columns):
        return set()
    chain = pd.concat([rows[["ring", "evidence_id"]], facts[["psn_no", "fixmedins_code", "t"]]], axis=1)
    chain = chain.sort_values(["ring", "evidence_id", "t"])
    chain["first"] = ~chain.duplicated(["ring", "evidence_id"])
    places = chain.groupby(["ring", "fixmedins_code"])["first"].any()
    downstream = {key for key, first in places.items() if not first}
    chain["downstream"] = [(r, m) in downstream for r, m in zip(chain.ring, chain.fixmedins_code)]
    chain["later_there"] = ~chain["first"] & chain["downstream"]
    buyers = chain.groupby(["ring", "psn_no"])["later_there"].all()
    return ({(r, f"Institution:{m}") for r, m in downstream}
            | {(r, f"Person:{p}") for (r, p), only in buyers.items() if only})


def _collectors(inside_links: pd.DataFrame, impersonated: set[tuple[int, str]]) -> dict[int, str]:
    """Per ring, the person sharing identifiers (phone, device, account) with the most other persons,
    when that is a clear hub: card-holders also co-purchase with each other, the collector holds
    their contacts. A person whose own card was impersonated is a victim, never the hub."""
    persons = inside_links[(inside_links.indicator == "shared_identifiers") & inside_links.src.str.startswith("Person:")
                           & inside_links.dst.str.startswith("Person:")]
    pairs = persons[["ring", "src", "dst"]].drop_duplicates()
    ends = pd.concat([pairs[["ring", "src"]].rename(columns={"src": "node"}),
                      pairs[["ring", "dst"]].rename(columns={"dst": "node"})])
    degree = ends.groupby(["ring", "node"]).size().rename("degree").reset_index()
    size = degree.groupby("ring").node.transform("size")
    victim = pd.Series([(r, n) in impersonated for r, n in zip(degree.ring, degree.node)], index=degree.index)
    degree = degree[(degree.degree >= COLLECTOR_MIN) & (degree.degree >= 0.5 * (size - 1)) & ~victim]
    top = degree.sort_values(["ring", "degree", "node"], ascending=[True, False, True]).drop_duplicates("ring")
    return dict(zip(top.ring, top.node))
