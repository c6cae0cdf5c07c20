"""Members of two rings: a card-holder who supplied two dealers.

Communities split the graph: every person is in one ring at most. A recruit who sold boxes to two
dealers is in one ring only, and the other ring loses him and the boxes he sold it, while his ring
counts boxes that went to the other dealer's outlets as its own loss. Where a ring person's own evidence
of a ``shared_kinds`` kind (a box obtained on his card, resold at a pharmacy) ties him to a place of
another ring, ``shared_min_evidence`` times or more, he is a member of that ring too, and that
evidence, his links to it and his flags for it, are that ring's: each ring counts what went through
its own places. His flags of a ``shared_follow`` indicator (over-supply of a drug) go with the
boxes: to the second ring when every place they name is one where he obtained boxes its outlets
resold, and none where he obtained boxes his first ring resold.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from graphfraud.detectors.base import Finding, detail_text
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


def follow_places(graph: IndicatorGraph, shared: pd.DataFrame, findings: list[Finding], kinds: list[str],
                  follow: list[str]) -> pd.DataFrame:
    """``shared`` with each member's flags of the ``follow`` indicators added to a second ring's
    evidence where every institution their evidence names for him is one where he obtained boxes
    whose ``kinds`` evidence went to that ring, and none where his boxes went to another ring (his
    first, or a third). An over-supply of the drug he bought at the second dealer's counters is the
    second dealer's loss; one of a drug bought at both stays where it was.

    >>> import types
    >>> nodes = np.array(["Person:p", "Institution:X"])
    >>> links = pd.DataFrame({"indicator": "t", "src": "Institution:X", "dst": "Person:p",
    ...                       "evidence_id": ["t:resold:1", "t:resold:2"], "u": 0, "v": 1})
    >>> flags = pd.DataFrame({"indicator": "o", "node": "Person:p", "evidence_id": ["o:days:p:D1", "o:days:p:D2"]})
    >>> graph = types.SimpleNamespace(nodes=nodes, links=links, flags=flags, link_kinds=evidence_kind(links))
    >>> def rows(ids, places):
    ...     return pd.DataFrame({"evidence_id": ids, "detail": [f'{{"fixmedins_code": "{w}", "psn_no": "p"}}'
    ...                                                         for w in places]})
    >>> findings = [Finding("t", evidence=rows(["t:resold:1", "t:resold:2"], ["H1", "H2"])),
    ...             Finding("o", evidence=rows(["o:days:p:D1", "o:days:p:D2", "o:days:p:D2"], ["H2", "H2", "H1"]))]
    >>> shared = pd.DataFrame({"vertex": [0], "ring": [1], "evidence_id": [["t:resold:2"]]})
    >>> follow_places(graph, shared, findings, ["t:resold"], ["o"]).evidence_id.tolist()
    [['t:resold:2', 'o:days:p:D1']]
    """
    if shared.empty or not follow:
        return shared
    nodes = graph.nodes.astype(str)
    persons = set(nodes[shared.vertex.to_numpy(dtype=np.int64)])
    touching = graph.links.src.isin(persons) | graph.links.dst.isin(persons)
    own = graph.links[graph.link_kinds.isin(kinds).to_numpy() & touching.to_numpy()]
    ends = pd.concat([own[["src", "evidence_id"]].rename(columns={"src": "node"}),
                      own[["dst", "evidence_id"]].rename(columns={"dst": "node"})])
    boxes = ends[ends.node.isin(persons)].drop_duplicates()
    flagged = graph.flags[graph.flags.indicator.isin(follow) & graph.flags.node.isin(persons)][["node", "evidence_id"]]
    wanted = set(boxes.evidence_id) | set(flagged.evidence_id)
    rows = [f.evidence[f.evidence.evidence_id.isin(wanted)][["evidence_id", "detail"]] for f in findings
            if len(f.evidence)]
    if not rows:
        return shared
    pool = pd.concat(rows, ignore_index=True)
    pool = pool.assign(node="Person:" + detail_text(pool.detail, "psn_no"),  # whose settlement, and where
                       place=detail_text(pool.detail, "fixmedins_code"))
    places = pool.dropna(subset=["place"]).groupby(["node", "evidence_id"]).place.agg(frozenset)
    moved = {(nodes[v], e): r for v, r, ids in zip(shared.vertex, shared.ring, shared.evidence_id) for e in ids}
    out = []
    for vertex, ring, ids in zip(shared.vertex, shared.ring, shared.evidence_id):
        node = nodes[vertex]
        here: set[str] = set()
        elsewhere: set[str] = set()
        for e in boxes.evidence_id[boxes.node == node]:
            (here if moved.get((node, e)) == ring else elsewhere).update(places.get((node, e), ()))
        follows = [e for e in flagged.evidence_id[flagged.node == node]
                   if places.get((node, e)) and places[(node, e)] <= here and not places[(node, e)] & elsewhere]
        out.append(sorted(set(ids)) + sorted(set(follows) - set(ids)))
    return shared.assign(evidence_id=out)


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
