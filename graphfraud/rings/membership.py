"""Who is in a ring (core) and who only stands beside it (context).

A ring is the group that acted together, so membership starts from evidence about a person's own
records, never from a place or a day shared with strangers (domain guide §5.1: a patient who
bought a resold box is not a party to the resale; a bundle naming them accuses the innocent).

1. *Suspects.* A person is a suspect when a signal indicator flagged their own record: supply far
   above their needs, a box they obtained settled again elsewhere, their card swiped in a batch of
   collected cards or on a photographed code, their prescriptions steered again and again, their
   card used after death. Flags of the context indicators (``scoring.context_indicators``: shared
   identifiers, imported rule hits) accuse nobody by themselves.
2. A person without such a flag is a suspect when shared identifiers tie them to
   ``min_hub_persons`` suspects (the collector or broker holding their cards: one kind of tie,
   many cards), or share an identifier with such a hub (another card in his pool: their e-voucher
   on his device, his account paying them — a fact about their own credentials), or when
   ``min_member_indicators`` distinct indicators tie them to suspects.
3. Institutions and doctors are suspects when a signal indicator flagged them (a stock gap, an
   outlet of resold boxes, a steering prescriber) or links them to ``min_place_persons`` suspects.
4. Links among suspects make the core graph. Links to everyone else are *context*: the downstream
   buyer of a resold box, the customers of a pharmacy with a stock gap, a co-visitor, a relative.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from graphfraud.rings.config import Assembly
from graphfraud.rings.graph import IndicatorGraph

# The context role a non-member gets from the indicator that ties them to a ring, first match wins
# (graphfraud.rings.model.CONTEXT_ROLES lists them).
CONTEXT_ROLES = {"trace_reuse": "downstream_buyer", "collusion": "patient", "inventory_mismatch": "customer",
                 "swipe_burst": "customer", "impersonation": "customer", "co_purchase": "co_visitor",
                 "shared_identifiers": "contact", "over_supply": "contact", "imported_evidence": "contact",
                 "same_person": "contact"}


def suspects(graph: IndicatorGraph, context_indicators: list[str], config: Assembly) -> np.ndarray:
    """Per vertex of ``graph``: is it a suspect (steps 1–3 of the module docstring)?"""
    nodes = graph.nodes.astype(str)
    is_person = np.char.startswith(nodes, "Person:")
    signal = graph.flag_vertex[~graph.flags.indicator.isin(context_indicators).to_numpy()]
    flagged = np.zeros(len(nodes), dtype=bool)
    flagged[signal[signal >= 0]] = True
    suspect = flagged.copy()
    ends = link_ends(graph.links)
    person_ends = ends[is_person[ends.other] & flagged[ends.other] & is_person[ends.vertex] & ~flagged[ends.vertex]]
    holders = person_ends[person_ends.indicator == "shared_identifiers"].groupby("vertex").other.nunique()
    hub = holders.index[holders >= config.min_hub_persons].to_numpy(dtype=np.int64)
    suspect[hub] = True
    # the other cards in that hub's pool: their e-voucher on his device, his account paying them
    pool = ends[(ends.indicator == "shared_identifiers") & is_person[ends.vertex] & np.isin(ends.other, hub)]
    suspect[pool.vertex.to_numpy(dtype=np.int64)] = True
    kinds = person_ends.groupby("vertex").indicator.nunique()
    suspect[kinds.index[kinds >= config.min_member_indicators].to_numpy(dtype=np.int64)] = True
    signal_ends = ends[~ends.indicator.isin(context_indicators) & ~is_person[ends.vertex]
                       & is_person[ends.other] & suspect[ends.other]]
    reach = signal_ends.groupby("vertex").other.nunique()
    suspect[reach.index[reach >= config.min_place_persons].to_numpy(dtype=np.int64)] = True
    # another record of a suspect's (a second enrolment) is the same human: a suspect too
    same = ends[(ends.indicator == "same_person") & suspect[ends.other]]
    suspect[same.vertex.to_numpy(dtype=np.int64)] = True
    return suspect


def hubs(graph: IndicatorGraph, core: np.ndarray, max_degree: int) -> np.ndarray:
    """Core vertices with more than ``max_degree`` core neighbours: left out of the community step, so no
    community grows through one pharmacy's clientele or one broker's phone book, and re-attached after."""
    u, v = graph.edges.src.to_numpy(dtype=np.int64), graph.edges.dst.to_numpy(dtype=np.int64)
    inside = core[u] & core[v]
    degree = np.bincount(np.concatenate([u[inside], v[inside]]), minlength=len(core))
    return core & (degree > max_degree)


def attach_hubs(graph: IndicatorGraph, ring_of_vertex: np.ndarray, hub: np.ndarray) -> np.ndarray:
    """Each held-out hub joins the ring it is most strongly linked to, if any."""
    out = ring_of_vertex.copy()
    edges = graph.edges
    for h in np.flatnonzero(hub):
        nbr = np.concatenate([edges.dst[edges.src == h].to_numpy(), edges.src[edges.dst == h].to_numpy()])
        w = np.concatenate([edges.weight[edges.src == h].to_numpy(), edges.weight[edges.dst == h].to_numpy()])
        rings = ring_of_vertex[nbr.astype(np.int64)]
        if (rings >= 0).any():
            out[h] = int(pd.Series(w[rings >= 0]).groupby(rings[rings >= 0]).sum().idxmax())
    return out


def places_with_persons(graph: IndicatorGraph, ring_of_vertex: np.ndarray, min_persons: int,
                        leave_out: list[str]) -> np.ndarray:
    """Ring numbers with institutions and doctors linked to fewer than ``min_persons`` of their ring's
    persons taken out (-1): a place is in a ring through the people it served, not on its own.
    Links of the ``leave_out`` indicators (customers, not accomplices) do not count."""
    nodes = graph.nodes.astype(str)
    is_person = np.char.startswith(nodes, "Person:")
    ends = link_ends(graph.links[~graph.links.indicator.isin(leave_out)])
    same = ring_of_vertex[ends.vertex] == ring_of_vertex[ends.other]
    ends = ends[same & (ring_of_vertex[ends.vertex] >= 0) & ~is_person[ends.vertex] & is_person[ends.other]]
    reach = ends.groupby("vertex").other.nunique()
    enough = np.zeros(len(nodes), dtype=bool)
    enough[reach.index[reach >= min_persons].to_numpy(dtype=np.int64)] = True
    return np.where(is_person | enough, ring_of_vertex, -1)


def context(graph: IndicatorGraph, ring_of_vertex: np.ndarray, limit: int) -> pd.DataFrame:
    """Persons in no ring linked to a ring's member: ring, node_id, role, indicators, weight, listed.

    Each joins the ring it is most strongly linked to; a ring keeps its ``limit`` strongest (the
    rest are marked ``listed`` False: counted, not stored)."""
    nodes = graph.nodes.astype(str)
    is_person = np.char.startswith(nodes, "Person:")
    ends = link_ends(graph.links)
    ends = ends[is_person[ends.vertex] & (ring_of_vertex[ends.vertex] < 0) & (ring_of_vertex[ends.other] >= 0)].copy()
    if ends.empty:
        return pd.DataFrame(columns=["ring", "node_id", "role", "indicators", "weight", "listed"])
    ends["ring"] = ring_of_vertex[ends.other]
    per = ends.groupby(["vertex", "ring"]).agg(weight=("weight", "sum"), indicators=("indicator", _joined))
    per = per.reset_index().sort_values(["vertex", "weight", "ring"], ascending=[True, False, True])
    per = per.drop_duplicates("vertex")
    per["node_id"] = nodes[per.vertex.to_numpy(dtype=np.int64)]
    per["role"] = [_context_role(i.split(",")) for i in per.indicators]
    per = per.sort_values(["ring", "weight", "node_id"], ascending=[True, False, True])
    per["listed"] = per.groupby("ring").cumcount() < limit
    return per[["ring", "node_id", "role", "indicators", "weight", "listed"]].reset_index(drop=True)


def _context_role(indicators: list[str]) -> str:
    for indicator, role in CONTEXT_ROLES.items():
        if indicator in indicators:
            return role
    return "contact"


def _joined(values: pd.Series) -> str:
    return ",".join(sorted(set(values)))


def link_ends(links: pd.DataFrame) -> pd.DataFrame:
    """Both directions of every link: vertex, other, indicator, weight (scaled)."""
    u, v = links.u.to_numpy(dtype=np.int64), links.v.to_numpy(dtype=np.int64)
    return pd.DataFrame({"vertex": np.concatenate([u, v]), "other": np.concatenate([v, u]),
                         "indicator": np.concatenate([links.indicator.to_numpy()] * 2),
                         "weight": np.concatenate([links.scaled.to_numpy(dtype=float)] * 2)})
