"""Members of two rings: a card-holder who supplied two dealers.

Communities split the graph: every person is in one ring at most. A recruit who sold boxes to two
dealers is in one ring only, and the other ring loses him and the boxes he sold it, while his ring
counts boxes that went to the other dealer's outlets as its own loss. Where a ring person's own evidence
of a ``shared_kinds`` kind (a box obtained on his card, resold at a pharmacy) ties him to a place of
another ring, ``shared_min_evidence`` times or more, he is a member of that ring too, and that
evidence, his links to it and his flags for it, are that ring's: each ring counts what went through
its own places.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from graphfraud.rings.graph import IndicatorGraph, evidence_kind


def shared_members(graph: IndicatorGraph, ring_of_vertex: np.ndarray, kinds: list[str], least: int,
                   outlet_persons: int) -> pd.DataFrame:
    """(vertex, ring) of each person in one ring whose ``kinds`` evidence ties him ``least`` times or
    more (distinct evidence IDs) to a place of another ``ring`` that is that ring's own outlet (the
    same kinds tie ``outlet_persons`` of its persons to it), with the ``evidence_id`` list. A pharmacy
    of a refund scheme that also bought another group's boxes is not the refund ring's outlet.

    >>> import types
    >>> links = pd.DataFrame({"indicator": "t", "evidence_id": ["t:resold:1", "t:resold:2", "t:other:3", "t:resold:4"],
    ...                       "u": [0, 0, 0, 1], "v": [2, 2, 3, 2]})
    >>> graph = types.SimpleNamespace(links=links, is_person=np.array([True, True, False, False]),
    ...                               link_kinds=evidence_kind(links))
    >>> shared_members(graph, np.array([0, 1, 1, 1]), ["t:resold"], 2, 1)[["vertex", "ring"]].values.tolist()
    [[0, 1]]
    >>> len(shared_members(graph, np.array([0, 1, 1, 1]), ["t:resold"], 2, 2))  # one person of ring 1 at its place
    0
    """
    links = graph.links
    if links.empty or not kinds:
        return pd.DataFrame(columns=["vertex", "ring", "evidence_id"])
    chosen = graph.link_kinds.isin(kinds).to_numpy()
    parts, outlets = [], []
    for a, b in (("u", "v"), ("v", "u")):
        mine = links[a].to_numpy(dtype=np.int64)
        other = links[b].to_numpy(dtype=np.int64)
        home, there = ring_of_vertex[mine], ring_of_vertex[other]
        # a ring person's own evidence naming a place in a ring: another ring's (a tie) or his own (its outlet)
        placed = chosen & graph.is_person[mine] & ~graph.is_person[other] & (home >= 0) & (there >= 0)
        keep, own = placed & (home != there), placed & (home == there)
        parts.append(pd.DataFrame({"vertex": mine[keep], "ring": there[keep], "place": other[keep],
                                   "evidence_id": links.evidence_id.to_numpy()[keep]}))
        outlets.append(pd.DataFrame({"place": other[own], "person": mine[own]}))
    ties = pd.concat(parts, ignore_index=True)
    per_outlet = pd.concat(outlets).groupby("place").person.nunique()
    ties = ties[ties.place.map(per_outlet).fillna(0).to_numpy() >= outlet_persons]
    per = ties.groupby(["vertex", "ring"]).evidence_id.agg(lambda e: sorted(set(e))).reset_index()
    return per[per.evidence_id.map(len) >= least].reset_index(drop=True)


def with_shared(graph: IndicatorGraph, shared: pd.DataFrame, inside: pd.DataFrame,
                flagged: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``inside`` links and ``flagged`` flags (``graph.within``) with each shared member's links to his
    second ring's members added under that ring, and his flags of the same evidence moved to it."""
    if shared.empty:
        return inside, flagged
    nodes = graph.nodes.astype(str)
    moved = shared.explode("evidence_id").assign(node=lambda f: nodes[f.vertex.to_numpy(dtype=np.int64)])
    key = moved[["node", "evidence_id", "ring"]].rename(columns={"ring": "to"}).drop_duplicates(["node", "evidence_id"])
    added = []
    for end in ("src", "dst"):
        hits = graph.links.merge(key.rename(columns={"node": end}), on=[end, "evidence_id"])
        added.append(hits.assign(ring=hits.to).drop(columns="to"))
    inside = pd.concat([inside, *added], ignore_index=True)
    flagged = flagged.merge(key, on=["node", "evidence_id"], how="left")
    flagged["ring"] = np.where(flagged.to.notna(), flagged.to, flagged.ring).astype(np.int64)
    return inside, flagged.drop(columns="to")


def shared_rows(graph: IndicatorGraph, shared: pd.DataFrame) -> pd.DataFrame:
    """Member rows (ring, node_id) of the second rings."""
    return pd.DataFrame({"ring": shared.ring.to_numpy(dtype=np.int64),
                         "node_id": graph.nodes[shared.vertex.to_numpy(dtype=np.int64)]})
