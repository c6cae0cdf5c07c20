"""Rings among suspects: the community step and the bounds around it (docs/rings.md, "Assembly").

1. suspects (``rings/membership.py``); suspects with more than ``max_hub_degree`` suspect
   neighbours sit out, so no community grows through one hub;
2. Leiden (or Louvain) among the other suspects, over the links that tie accomplices (not the
   ``customer_links``), each community cut into connected pieces;
3. the hubs rejoin their strongest ring; places linked to fewer than ``min_place_persons`` of their
   ring's persons leave it; pieces are made connected again;
3b. a part of a piece that holds its ties inside itself (low conductance at a finer resolution)
   is separated: two rings meeting at one counter are two rings; not a part that reaches a place
   of the rest by the kind of evidence tying the rest to it (one scheme at one counter);
3c. schemes of one counter are told apart by the kind of evidence tying their persons to it: the
   persons meeting only through a place, each by another kind (re-swiped codes vs steered
   prescriptions), are separate rings; the place goes to the one most tied to it;
3d. pieces one collector's identifiers tie together join (``_one_collector``);
3e. pieces whose card-holders' boxes were resold at each other's outlets (``outlet_share`` both ways)
   are one supply and join, and a piece holding no place joins the piece at whose outlets
   ``outlet_share`` of its persons had boxes resold (``_one_supply``);
3f. pieces holding no place whose persons mostly reach one place by one kind join when it is the
   same place and kind (``_one_counter``);
3g. pieces whose cards took codes re-swiped at each other's counters, or the same re-swiped codes
   (``pool_share`` both ways), are one pool of codes and join (``_one_pool``);
3h. a person named by a ``cohort_kinds`` finding (the patients of one surge) whose cohort is mostly in
   another piece moves to it (``_one_cohort``): a ward bused in together is one scheme, though two
   of its patients share phones with relatives who shop together;
3i. a person in no piece (or in one too small to be a ring), swiped in a batch (``batch_kinds``: cards
   drained one after another at one counter) at a place of a piece together with ``batch_ring_persons``
   of its persons, joins it (``_one_batch``): the batch's other cards, with nothing of their own but the
   drain, are the same scheme's; the schemes of one counter are then told apart again (3c), each
   batch's persons tied to each other;
4. a piece of more than ``max_ring_persons`` persons is split by Leiden at a finer resolution
   (doubling it, at most ``SPLIT_ROUNDS`` times); one that will not split stays whole and is
   listed in the run's params with the indicators holding it, so it can be explained;
4b. outlets of a piece that resold many boxes, all from a few of its card-holders (fewer than chance
   gives), and those card-holders are a second dealer's piece (``rings/outlets.py``); a feeder who
   sold to the first piece's outlets too is a member of both afterwards (``rings/shared.py``);
5. persons tied by an ``apart_links`` kind (a card used after death and its household) leave the
   piece they fell in and are a ring of their own, with the counter that settled the dead card when
   no other ring holds it; such a ring may be as small as ``apart_min_persons``; so do the
   holders of credentials lent to a hospital (``apart_open``) with the hospital and their brokers
   (such a ring above ``max_ring_persons`` is cut at the coarsest resolution bringing its parts
   under the bound, ``_split_apart``, and listed with the large rings; one that will not cut, a
   single hospital's star, stays whole);
5c. a place in no ring whose stock gap names mostly one ring's persons (``buyers_share`` of the
   persons its ``customer_links`` name, and ``min_place_persons`` of them) is that ring's counter:
   the phantom sales were theirs (``_counter_of_its_buyers``);
5d. in a ring holding a place, a person tied to no place of it, only buying beside its persons
   (``counter_ties``) and with nothing of their own but how much they bought (the ``floor.joint`` group
   of those ties) or context, leaves it: a care home's other residents refilled beside the cards the
   pharmacy swiped, a member's relative (``_bought_beside``); they are the ring's context;
5e. a person named by an ``alone_kinds`` link (a card used after its holder's death, its user not
   found) whom no ring holds is a ring of its own with the counter that settled it (``_alone``);
6. trivial pieces (fewer than ``min_members`` entities or ``min_persons`` persons) are dropped.

After the evidence floor (``rings/pipeline.py``), a person in no ring who shares identifiers
(``shared_identifiers`` links, or the weak ``holder_kinds`` ones the graph keeps aside) with
``holder_persons`` of a ring's persons, and ``collector_share`` of them, holds its cards and joins it
(``join_holders``): the son keeping his parents' e-vouchers on his phone. Then a card in no ring that
a ring's person held (a ``hand_kinds`` link: a broker's hand) joins his ring (``join_cards``).
"""
from __future__ import annotations

from typing import Any

import igraph as ig
import numpy as np
import pandas as pd

from graphfraud.rings.communities import connected_communities, membership
from graphfraud.rings.config import RingConfig
from graphfraud.rings.graph import IndicatorGraph, evidence_kind
from graphfraud.rings.membership import attach_hubs, hubs, link_ends, places_with_persons, suspects
from graphfraud.rings.outlets import closed_groups

SPLIT_ROUNDS = 6
BATCH_ROUNDS = 5  # rounds of step 3i: a card joined by one batch brings its other batches' cards in the next
APART_RESOLUTIONS = (0.25, 0.5, 1.0)  # coarsest first: a ring standing apart is cut as little as it can be


def core_rings(graph: IndicatorGraph, cfg: RingConfig, algorithm: str, seed: int) -> tuple[np.ndarray, dict[str, Any]]:
    """Ring number of every vertex (-1: none), and what the bounds did (for the run's params)."""
    a = cfg.assembly
    core = suspects(graph, cfg.scoring.context_indicators, a)
    hub = hubs(graph, core, a.max_hub_degree)
    sub, ids = graph.restricted(core & ~hub, a.customer_links)
    labels = membership(sub, algorithm, seed, a.resolution)
    ring_of_vertex = numbered([ids[p] for p in connected_communities(sub, labels)], len(graph.nodes))
    ring_of_vertex = attach_hubs(graph, ring_of_vertex, hub)
    ring_of_vertex = places_with_persons(graph, ring_of_vertex, a.min_place_persons, a.customer_links)
    sub, ids = graph.restricted(ring_of_vertex >= 0, a.customer_links)
    pieces = [ids[p] for p in connected_communities(sub, ring_of_vertex[ids].tolist())]
    pieces, separated = _separate(graph, sub, ids, pieces, cfg, algorithm, seed)
    pieces, schemes = _schemes_apart(graph, pieces, cfg)
    pieces, joined = _one_collector(graph, pieces, cfg)
    pieces, supplied = _one_supply(graph, pieces, cfg)
    pieces, countered = _one_counter(graph, pieces, cfg)
    pieces, pooled = _one_pool(graph, pieces, cfg)
    pieces, cohorts = _one_cohort(graph, pieces, cfg)
    pieces, batched = _one_batch(graph, pieces, cfg)
    pieces, drained_apart = _schemes_apart(graph, pieces, cfg, batches=True)
    pieces, large = _split_large(graph, sub, ids, pieces, cfg, algorithm, seed)
    pieces, dealers = _closed_outlets(graph, pieces, cfg, seed)
    pieces, apart = _apart(graph, pieces, a.apart_links, a.apart_open)
    pieces, apart, whole = _split_apart(graph, pieces, apart, cfg, algorithm, seed)
    pieces, counters = _counter_of_its_buyers(graph, pieces, cfg)
    pieces, beside = _bought_beside(graph, pieces, cfg)
    pieces, alone = _alone(graph, pieces, cfg, apart)
    sizes = {r["persons"] for r in whole}  # the same ring, met by step 4 before it stood apart, is listed once
    large = [r for r in large if r["persons"] not in sizes] + whole
    ring_of_vertex = numbered([p for i, p in enumerate(pieces) if i in alone or big_enough(graph, p, cfg, i in apart)],
                              len(graph.nodes))
    held = [str(n) for n in graph.nodes[hub]]
    return ring_of_vertex, {"suspects": int(core.sum()), "hubs": len(held), "hubs_held_out": held[:100],
                            "separated": separated, "schemes_apart": schemes, "collector_joined": joined,
                            "supply_joined": supplied, "counter_joined": countered, "pool_joined": pooled,
                            "cohort_rejoined": cohorts, "batch_joined": batched,
                            "batch_schemes_apart": drained_apart, "second_dealers": dealers,
                            "counters_of_buyers": counters,
                            "bought_beside": beside, "cards_alone": len(alone),
                            "large_rings": large}


def numbered(pieces: list[np.ndarray] | list[list[int]], vertices: int) -> np.ndarray:
    """Piece number of every vertex, -1 for vertices in no piece."""
    numbers = np.full(vertices, -1, dtype=np.int64)
    for number, piece in enumerate(pieces):
        numbers[np.asarray(piece, dtype=np.int64)] = number
    return numbers


def big_enough(graph: IndicatorGraph, piece: np.ndarray | list[int], cfg: RingConfig, apart: bool = False) -> bool:
    if apart:
        return _persons(graph, piece) >= cfg.assembly.apart_min_persons
    if len(piece) < cfg.assembly.min_members:
        return False
    return _persons(graph, piece) >= cfg.assembly.min_persons


def _apart(graph: IndicatorGraph, pieces: list[np.ndarray], kinds: list[str],
           open_kinds: list[str] | None = None) -> tuple[list[np.ndarray], set[int]]:
    """Step 5: persons tied by an ``apart_links`` kind (``indicator:kind`` of the evidence ID) become a
    ring of their own, out of the pieces they were in, with the institutions linked to them that no
    remaining piece holds; returns the pieces and the positions of the new ones. A group tied to
    other persons stays where it is, unless it holds an ``open_kinds`` link (a hospital and the
    credentials lent to it are the scheme whatever else their holders share)."""
    links = graph.links
    kind = graph.link_kinds
    tied = links[kind.isin(kinds)]
    if tied.empty:
        return pieces, set()
    ties = ig.Graph(n=len(graph.nodes), edges=tied[["u", "v"]].to_numpy(dtype=np.int64).tolist())
    groups = [np.asarray(c, dtype=np.int64) for c in ties.connected_components() if len(c) > 1]
    # a group tied to persons of a piece beyond itself (a broker whose device holds many victims' e-vouchers)
    # belongs to the ring those ties make; a family holding its dead parent's card stands apart
    persons = graph.is_person
    in_piece = np.zeros(len(graph.nodes), dtype=bool)
    if pieces:
        in_piece[np.concatenate(pieces)] = True
    u, v = links.u.to_numpy(dtype=np.int64), links.v.to_numpy(dtype=np.int64)
    # only ties between persons who are both in a piece: a co-purchase with a stranger no ring holds
    # makes no ring for the family to belong to
    between = persons[u] & persons[v] & in_piece[u] & in_piece[v]
    opened = tied[kind[kind.isin(kinds)].isin(open_kinds or [])]
    open_nodes = set(opened.u.tolist()) | set(opened.v.tolist())
    groups = [g for g in groups if open_nodes.intersection(g.tolist())
              or not (between & (np.isin(u, g) ^ np.isin(v, g))).any()]
    if not groups:
        return pieces, set()
    taken = np.concatenate(groups)
    kept = [p[~np.isin(p, taken)] for p in pieces]
    kept = [p for p in kept if len(p)]
    held = np.concatenate(kept) if kept else np.zeros(0, dtype=np.int64)
    nodes = graph.nodes.astype(str)
    tied_by = links[links.indicator.isin({k.split(":")[0] for k in kinds})]  # the counter that settled the dead card
    out = list(kept)
    for group in groups:
        near = tied_by[tied_by.u.isin(group) | tied_by.v.isin(group)]
        places = np.setdiff1d(np.concatenate([near.u.to_numpy(dtype=np.int64), near.v.to_numpy(dtype=np.int64)]),
                              np.concatenate([group, held]))
        places = places[~np.char.startswith(nodes[places], "Person:")]
        out.append(np.concatenate([group, places]))
    return out, set(range(len(kept), len(out)))


def _split_apart(graph: IndicatorGraph, pieces: list[np.ndarray], apart: set[int], cfg: RingConfig, algorithm: str,
                 seed: int) -> tuple[list[np.ndarray], set[int], list[dict[str, Any]]]:
    """Step 5b: a ring standing apart above ``max_ring_persons`` (the credentials lent to hospitals
    that two brokers share) is cut at the coarsest of ``APART_RESOLUTIONS`` that brings every part
    under the bound: each broker's holders are tied by his phones and by the wards he spreads them
    over, more than to the other broker's at the hospital they share. One that no such cut brings
    under the bound (a single hospital's star) stays whole. Returns the pieces, the positions of
    those standing apart, and the record of each such ring for the run's params."""
    limit = cfg.assembly.max_ring_persons
    out: list[np.ndarray] = []
    kept_apart: set[int] = set()
    records: list[dict[str, Any]] = []
    for i, piece in enumerate(pieces):
        if i not in apart or _persons(graph, piece) <= limit:
            kept_apart |= {len(out)} if i in apart else set()
            out.append(piece)
            continue
        keep = np.zeros(len(graph.nodes), dtype=bool)
        keep[piece] = True
        local, ids = graph.restricted(keep, cfg.assembly.customer_links)
        parts, used = [np.arange(len(ids))], None
        for resolution in APART_RESOLUTIONS:
            cut = [np.asarray(c) for c in connected_communities(local, membership(local, algorithm, seed, resolution))]
            if len(cut) > 1 and max(_persons(graph, ids[c]) for c in cut) <= limit:
                parts, used = cut, resolution
                break
        kept_apart |= set(range(len(out), len(out) + len(parts)))
        out.extend(ids[p] for p in parts)
        records.append(_large_ring(graph, piece, [ids[p] for p in parts], used, apart=True))
    return out, kept_apart, records


def _one_cohort(graph: IndicatorGraph, pieces: list[np.ndarray], cfg: RingConfig) -> tuple[list[np.ndarray], int]:
    """Step 3h: the persons a ``cohort_kinds`` evidence ID ties (a surge's patients) are one scheme:
    those of them outside the piece holding at least half of them move into it. Modularity keeps a
    few of a large cohort apart when they share phones with relatives: a cohort holding most of the
    graph's weight costs more to join than its ties bring. Returns the pieces and how many moved.

    >>> import types
    >>> links = pd.DataFrame({"u": [0, 0, 1, 4], "v": [1, 2, 2, 5], "evidence_id": ["c:s:1"] * 3 + ["f:x"]})
    >>> g = types.SimpleNamespace(links=links, link_kinds=pd.Series(["c:s"] * 3 + ["f:x"]), nodes=np.arange(6),
    ...                           is_person=np.array([True] * 6))
    >>> cfg = types.SimpleNamespace(assembly=types.SimpleNamespace(cohort_kinds=["c:s"]))
    >>> parts, n = _one_cohort(g, [np.array([0, 1, 3]), np.array([2, 4, 5])], cfg)
    >>> [p.tolist() for p in parts], n
    ([[0, 1, 3, 2], [4, 5]], 1)
    """
    tied = graph.links[graph.link_kinds.isin(cfg.assembly.cohort_kinds).to_numpy()]
    if tied.empty or len(pieces) < 2:
        return pieces, 0
    ends = pd.DataFrame({"evidence_id": np.concatenate([tied.evidence_id.to_numpy()] * 2),
                         "vertex": np.concatenate([tied.u.to_numpy(dtype=np.int64), tied.v.to_numpy(dtype=np.int64)])})
    ends = ends[graph.is_person[ends.vertex.to_numpy()]].drop_duplicates()
    piece_of = _piece_of(pieces, len(graph.nodes))
    ends = ends.assign(piece=piece_of[ends.vertex.to_numpy()])
    held = ends[ends.piece >= 0].groupby(["evidence_id", "piece"]).vertex.nunique().reset_index(name="n")
    held = held.sort_values(["evidence_id", "n", "piece"], ascending=[True, False, True]).drop_duplicates("evidence_id")
    held = held[2 * held.n >= held.evidence_id.map(ends.groupby("evidence_id").vertex.nunique())]
    movers = ends.merge(held[["evidence_id", "piece"]].rename(columns={"piece": "home"}), on="evidence_id")
    movers = movers[(movers.piece >= 0) & (movers.piece != movers.home)].drop_duplicates("vertex")
    if movers.empty:
        return pieces, 0
    return _moved(pieces, movers.vertex.to_numpy(dtype=np.int64), movers.home.to_numpy(dtype=np.int64)), len(movers)


def _moved(pieces: list[np.ndarray], vertices: np.ndarray, homes: np.ndarray) -> list[np.ndarray]:
    """The pieces with each of ``vertices`` taken out of where it was and put into piece ``homes[i]``;
    pieces left empty are dropped.

    >>> [p.tolist() for p in _moved([np.array([0, 1]), np.array([2])], np.array([2]), np.array([0]))]
    [[0, 1, 2]]
    """
    out = [p[~np.isin(p, vertices)] for p in pieces]
    for home in np.unique(homes):
        out[int(home)] = np.concatenate([out[int(home)], vertices[homes == home]])
    return [p for p in out if len(p)]


def _one_batch(graph: IndicatorGraph, pieces: list[np.ndarray], cfg: RingConfig) -> tuple[list[np.ndarray], int]:
    """Step 3i: a person in no piece (or in one too small to be a ring) whose card a ``batch_kinds``
    evidence ID ties to a place of a piece, with ``batch_ring_persons`` persons of that piece tied by
    the same ID to the same place, joins that piece (the one with most such persons); so does one whose
    batch holds ``batch_ring_persons`` of a ring holding no place at all: two schemes of one pharmacy were
    told apart (step 3c) and the counter went to the other. Cards drained at a counter one after another
    are one batch: those with nothing else of their own were swiped with the ring's. A card joined so
    brings the cards of its other batches in the next round (a small group drained in pairs on several
    evenings), for at most ``BATCH_ROUNDS`` rounds. Returns the pieces and how many joined.

    >>> import types
    >>> links = pd.DataFrame({"u": [0, 1, 2, 4, 4, 5], "v": 3,  # 5 was drained with 4 on another day
    ...                       "evidence_id": ["y:b:3:d1"] * 4 + ["y:b:3:d2"] * 2})
    >>> g = types.SimpleNamespace(links=links, link_kinds=pd.Series(["y:b"] * 6), nodes=np.arange(6),
    ...                           is_person=np.array([True, True, True, False, True, True]))
    >>> cfg = types.SimpleNamespace(assembly=types.SimpleNamespace(batch_kinds=["y:b"], batch_ring_persons=2,
    ...                                                            min_members=3, min_persons=3))
    >>> parts, n = _one_batch(g, [np.array([0, 1, 3]), np.array([2])], cfg)  # 2 alone is no ring
    >>> [p.tolist() for p in parts], n
    ([[0, 1, 3, 2, 4]], 2)
    >>> cfg.assembly.batch_ring_persons = 1
    >>> [p.tolist() for p in _one_batch(g, [np.array([0, 1, 3]), np.array([2])], cfg)[0]]
    [[0, 1, 3, 2, 4, 5]]
    >>> cfg.assembly.min_members = cfg.assembly.min_persons = 2  # the counter is another's: 0 and 1 hold no place
    >>> [p.tolist() for p in _one_batch(g, [np.array([0, 1]), np.array([3])], cfg)[0]]
    [[0, 1, 2, 4, 5], [3]]
    """
    a = cfg.assembly
    tied = _kind_ends(graph, a.batch_kinds)
    if tied.empty or not pieces:
        return pieces, 0
    joined = 0
    for _ in range(BATCH_ROUNDS):
        piece_of = _piece_of(pieces, len(graph.nodes))
        small = np.array([not big_enough(graph, p, cfg) for p in pieces] + [True])  # [-1]: in no piece
        placeless = np.array([bool(graph.is_person[p].all()) for p in pieces] + [False]) & ~small
        ends = pd.DataFrame({"batch": tied.evidence_id, "p": tied.p, "place": piece_of[tied.place],
                             "piece": piece_of[tied.p]}).drop_duplicates()
        # a batch counts for the piece holding its counter, or for a ring holding no counter (its counter went
        # to another scheme of that pharmacy when the schemes were told apart)
        ends["home"] = np.where((ends.place >= 0) & (ends.piece == ends.place), ends.piece,
                                np.where(placeless[ends.piece.to_numpy()], ends.piece, -1))
        held = ends[ends.home >= 0].groupby(["batch", "home"]).p.nunique().reset_index(name="n")
        held = held[held.n >= a.batch_ring_persons]
        # a piece too small to be a ring holds no one
        free = ends[small[ends.piece.to_numpy()] & (ends.piece != ends.place)]
        movers = free.drop(columns="home").merge(held, on="batch")
        movers = movers.sort_values(["p", "n", "home"], ascending=[True, False, True]).drop_duplicates("p")
        if movers.empty:
            break
        pieces = _moved(pieces, movers.p.to_numpy(dtype=np.int64), movers.home.to_numpy(dtype=np.int64))
        joined += len(movers)
    return pieces, joined


def _counter_of_its_buyers(graph: IndicatorGraph, pieces: list[np.ndarray],
                           cfg: RingConfig) -> tuple[list[np.ndarray], int]:
    """Step 5c: a place that no ring holds, tied to persons only by ``customer_links`` (a stock gap names
    every buyer of the drug), joins the ring holding ``buyers_share`` of the persons so named, at least
    ``min_place_persons`` of them. Where the phantom sales were mostly one ring's (a refund crew's
    cards swiped at one counter), the counter is in the scheme; where a ring's cards are a few among
    a busy pharmacy's buyers, it stays a customer's counter. Returns the pieces and how many joined.

    >>> import types
    >>> links = pd.DataFrame({"u": [4, 4, 4, 4], "v": [0, 1, 2, 3], "indicator": ["gap"] * 4})
    >>> g = types.SimpleNamespace(links=links, is_person=np.array([True] * 4 + [False]))
    >>> cfg = types.SimpleNamespace(assembly=types.SimpleNamespace(customer_links=["gap"], buyers_share=0.5,
    ...                                                          min_place_persons=2))
    >>> parts, n = _counter_of_its_buyers(g, [np.array([0, 1]), np.array([2])], cfg)
    >>> [p.tolist() for p in parts], n
    ([[0, 1, 4], [2]], 1)
    >>> _counter_of_its_buyers(g, [np.array([0]), np.array([2])], cfg)[1]
    0
    """
    a = cfg.assembly
    tied = graph.links[graph.links.indicator.isin(a.customer_links)]
    if tied.empty or not pieces:
        return pieces, 0
    piece_of = _piece_of(pieces, len(graph.is_person))
    person, place, _ = _person_place(graph, tied)
    ties = pd.DataFrame({"place": place, "person": person}).drop_duplicates()
    ties = ties[piece_of[ties.place.to_numpy(dtype=np.int64)] < 0]
    named = ties.groupby("place").person.nunique()
    ties = ties.assign(piece=piece_of[ties.person.to_numpy(dtype=np.int64)])
    per = ties[ties.piece >= 0].groupby(["place", "piece"]).person.nunique().reset_index(name="n")
    per = per[(per.n >= a.min_place_persons) & (per.n >= a.buyers_share * per.place.map(named))]
    per = per.sort_values(["place", "n", "piece"], ascending=[True, False, True]).drop_duplicates("place")
    out = list(pieces)
    for place, piece in zip(per.place, per.piece):
        out[int(piece)] = np.append(out[int(piece)], int(place))
    return out, len(per)


def _bought_beside(graph: IndicatorGraph, pieces: list[np.ndarray],
                   cfg: RingConfig) -> tuple[list[np.ndarray], int]:
    """Step 5d: the persons of each piece holding a place who have no link to a place of it, whose
    links inside it are all ``counter_ties`` and whose flags are all of those ties' ``floor.joint``
    group or ``scoring.context_indicators`` leave the piece. Returns the pieces and how many left.

    >>> import types
    >>> links = pd.DataFrame({"u": [0, 1, 0, 1, 1], "v": [3, 3, 2, 2, 4], "scaled": 1.0,
    ...                       "indicator": ["rec", "rec", "buy", "buy", "phone"]})
    >>> flags = pd.DataFrame({"node": ["P:c", "P:d"], "indicator": ["much", "much"]})
    >>> g = types.SimpleNamespace(links=links, flags=flags, nodes=np.array(["P:a", "P:b", "P:c", "I:x", "P:d"]),
    ...                           is_person=np.array([True, True, True, False, True]), flag_vertex=np.array([2, 4]))
    >>> cfg = types.SimpleNamespace(assembly=types.SimpleNamespace(counter_ties=["buy"]),
    ...                             floor=types.SimpleNamespace(joint=[["buy", "much"]]),
    ...                             scoring=types.SimpleNamespace(context_indicators=[]))
    >>> parts, n = _bought_beside(g, [np.array([0, 1, 2, 3, 4])], cfg)
    >>> parts[0].tolist(), n
    ([0, 1, 3, 4], 1)
    """
    ties = set(cfg.assembly.counter_ties)
    soft = ties | {i for group in cfg.floor.joint if ties & set(group) for i in group}
    soft |= set(cfg.scoring.context_indicators)
    u, v = graph.links.u.to_numpy(dtype=np.int64), graph.links.v.to_numpy(dtype=np.int64)
    piece_of = _piece_of(pieces, len(graph.nodes))
    ends = link_ends(graph.links[(piece_of[u] == piece_of[v]) & (piece_of[u] >= 0)])
    anchored = np.zeros(len(graph.nodes), dtype=bool)  # tied into its piece by more than buying beside it
    by_more = ~graph.is_person[ends.other.to_numpy()] | ~ends.indicator.isin(ties).to_numpy()
    anchored[ends.vertex.to_numpy()[by_more]] = True
    own = graph.flag_vertex[~graph.flags.indicator.isin(soft).to_numpy()]
    anchored[own[own >= 0]] = True
    out, moved = [], 0
    for piece in pieces:
        if graph.is_person[piece].all():
            out.append(piece)
            continue
        leaves = graph.is_person[piece] & ~anchored[piece]
        moved += int(leaves.sum())
        out.append(piece[~leaves])
    return out, moved


def join_holders(graph: IndicatorGraph, ring_of_vertex: np.ndarray, cfg: RingConfig) -> tuple[np.ndarray, np.ndarray]:
    """A person in no ring who shares identifiers with ``holder_persons`` of a ring's persons, and
    ``collector_share`` of them, joins it: his phone, WeChat or account holds their cards. Ties are the
    ``shared_identifiers`` links and the weak ``holder_kinds`` ones (one device holding two e-vouchers),
    which a household shows too and so tie no one into a ring by themselves; two of a small ring's cards
    on one stranger's phone do. It runs on the rings that passed the evidence floor: a holder names who
    held a ring's cards, he does not make a group of relatives a ring. A ring holding an ``apart_links``
    kind takes no one: a dead card's household shares its phones. A person meeting two rings joins the
    one he shares most with. Returns the ring of every vertex and the vertices that joined.

    >>> import types
    >>> links = pd.DataFrame({"u": [0, 2, 0, 0], "v": [1, 3, 2, 5], "indicator": ["shared_identifiers", "x"] * 2})
    >>> g = types.SimpleNamespace(links=links.iloc[:2], aside=links.iloc[2:3], nodes=np.arange(7),
    ...                           link_kinds=pd.Series(["shared_identifiers:a", "x:death"]),
    ...                           is_person=np.array([True, True, True, True, False, True, True]))
    >>> cfg = types.SimpleNamespace(assembly=types.SimpleNamespace(holder_persons=2, collector_share=0.25,
    ...                                                            apart_links=["x:household"]))
    >>> join_holders(g, np.array([-1, 0, 0, 0, 0, 1, 1]), cfg)
    (array([0, 0, 0, 0, 0, 1, 1]), array([0]))
    >>> g.link_kinds = pd.Series(["shared_identifiers:a", "x:household"])  # 2 and 3: a dead card's household
    >>> join_holders(g, np.array([-1, 0, 0, 0, 0, 1, 1]), cfg)[1].tolist()
    []
    """
    a = cfg.assembly
    ties = pd.concat([graph.links[graph.links.indicator == "shared_identifiers"], graph.aside])
    if ties.empty:
        return ring_of_vertex, np.zeros(0, dtype=np.int64)
    u, v = graph.links.u.to_numpy(dtype=np.int64), graph.links.v.to_numpy(dtype=np.int64)
    household = graph.link_kinds.isin(a.apart_links).to_numpy() & (ring_of_vertex[u] == ring_of_vertex[v])
    apart = np.unique(np.concatenate([ring_of_vertex[u[household]], ring_of_vertex[v[household]]]))
    ends = link_ends(ties.assign(scaled=0.0))
    vertex, other = ends.vertex.to_numpy(dtype=np.int64), ends.other.to_numpy(dtype=np.int64)
    ring = ring_of_vertex[other]
    keep = (graph.is_person[vertex] & graph.is_person[other] & (ring_of_vertex[vertex] < 0) & (ring >= 0)
            & ~np.isin(ring, apart))
    shared = (pd.DataFrame({"vertex": vertex[keep], "ring": ring[keep], "other": other[keep]})
              .groupby(["vertex", "ring"]).other.nunique().rename("persons").reset_index())
    persons = np.bincount(ring_of_vertex[graph.is_person & (ring_of_vertex >= 0)],
                          minlength=int(ring_of_vertex.max()) + 1)
    shared = shared[(shared.persons >= a.holder_persons)
                    & (shared.persons >= a.collector_share * persons[shared.ring.to_numpy(dtype=np.int64)])]
    shared = shared.sort_values(["vertex", "persons", "ring"], ascending=[True, False, True]).drop_duplicates("vertex")
    joined = shared.vertex.to_numpy(dtype=np.int64)
    out = ring_of_vertex.copy()
    out[joined] = shared.ring.to_numpy(dtype=np.int64)
    return out, joined


def join_cards(graph: IndicatorGraph, ring_of_vertex: np.ndarray,
               cfg: RingConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A person in no ring whose card a ring's person held (a ``hand_kinds`` link between the hand, named
    last in its evidence ID, and the card: absent holders' cards settled beside his own) joins that
    ring; a card two rings' hands held joins the one whose hands held it most often. Runs after
    ``join_holders``, so a broker who joined the ring holding his dead cards brings his living ones.
    Returns the ring of every vertex, the vertices that joined and the hands inside rings whose cards
    are there (the rings' brokers).

    >>> import types
    >>> p = [f"Person:{k}" for k in "abcdhx"]
    >>> aside = pd.DataFrame({"src": p[:4], "dst": [p[4]] * 3 + [p[5]], "indicator": "i",
    ...                       "evidence_id": ["i:hand:h"] * 3 + ["i:hand:x"]})
    >>> g = types.SimpleNamespace(aside=aside, nodes=np.array(p))
    >>> cfg = types.SimpleNamespace(assembly=types.SimpleNamespace(hand_kinds=["i:hand"]))
    >>> rings, cards, hands = join_cards(g, np.array([0, -1, -1, -1, 0, -1]), cfg)
    >>> rings.tolist(), cards.tolist(), hands.tolist()
    ([0, 0, 0, -1, 0, -1], [1, 2], [4])
    """
    none = np.zeros(0, dtype=np.int64)
    if graph.aside.empty:
        return ring_of_vertex, none, none
    held = graph.aside[evidence_kind(graph.aside).isin(cfg.assembly.hand_kinds).to_numpy()]
    if held.empty:
        return ring_of_vertex, none, none
    index = pd.Series(np.arange(len(graph.nodes)), index=graph.nodes)
    holder = "Person:" + held.evidence_id.str.rsplit(":", n=1).str[-1]  # both ends are persons
    hand = index[holder].to_numpy(dtype=np.int64)
    card = index[held.src.where(held.src != holder, held.dst)].to_numpy(dtype=np.int64)
    take = (ring_of_vertex[hand] >= 0) & (ring_of_vertex[card] < 0)
    ties = pd.DataFrame({"card": card[take], "ring": ring_of_vertex[hand[take]]})
    best = (ties.groupby(["card", "ring"]).size().rename("n").reset_index()
            .sort_values(["card", "n", "ring"], ascending=[True, False, True]).drop_duplicates("card"))
    out = ring_of_vertex.copy()
    out[best.card.to_numpy(dtype=np.int64)] = best.ring.to_numpy(dtype=np.int64)
    inside = (out[hand] >= 0) & (out[hand] == out[card])
    return out, best.card.to_numpy(dtype=np.int64), np.unique(hand[inside])


def _alone(graph: IndicatorGraph, pieces: list[np.ndarray], cfg: RingConfig,
           apart: set[int]) -> tuple[list[np.ndarray], set[int]]:
    """Step 5e: persons named by an ``alone_kinds`` link (a card used after its holder's death) whom no
    ring holds are a ring of their own with the places those links name and no ring holds: the cards
    and the counters that settled them are the lead, their user unknown. Cards settled at one counter
    are one ring; a ring holding another card such a link ties to the same counter takes them. Returns
    the pieces (the new ones last) and the positions of the new ones.

    >>> import types
    >>> links = pd.DataFrame({"u": [0, 1, 2], "v": [3, 4, 4], "evidence_id": ["d:d:0", "d:d:1", "d:d:2"]})
    >>> g = types.SimpleNamespace(links=links, link_kinds=pd.Series(["d:d"] * 3), nodes=np.arange(6),
    ...                           is_person=np.array([True, True, True, False, False, True]))
    >>> cfg = types.SimpleNamespace(assembly=types.SimpleNamespace(alone_kinds=["d:d"], min_members=3,
    ...                                                            min_persons=3, apart_min_persons=2))
    >>> parts, new = _alone(g, [np.array([0, 3, 5]), np.array([2])], cfg, set())  # 0 with 3 and 5 is no ring
    >>> [p.tolist() for p in parts], new
    ([[5], [], [0, 3], [1, 2, 4]], {2, 3})
    >>> g = types.SimpleNamespace(links=pd.DataFrame({"u": [0, 1, 2], "v": [3, 3, 4],  # 1, of a ring, settled at 3 too
    ...                                               "evidence_id": ["d:d:0", "d:d:1", "x:y:2"]}),
    ...                           link_kinds=pd.Series(["d:d", "d:d", "x:y"]), nodes=np.arange(5),
    ...                           is_person=np.array([True, True, True, False, False]))
    >>> parts, new = _alone(g, [np.array([1, 2, 4])], cfg, {0})
    >>> [p.tolist() for p in parts], new
    ([[1, 2, 4, 0, 3]], set())
    """
    tied = _kind_ends(graph, cfg.assembly.alone_kinds)
    if tied.empty:
        return pieces, set()
    ring_of = np.full(len(graph.nodes), -1, dtype=np.int64)
    for i, piece in enumerate(pieces):
        if big_enough(graph, piece, cfg, i in apart):
            ring_of[piece] = i
    person, place = tied.p.to_numpy(), tied.place.to_numpy()
    free = (ring_of[person] < 0) & (ring_of[place] < 0)
    if not free.any():
        return pieces, set()
    ties = ig.Graph(n=len(graph.nodes), edges=np.column_stack([person[free], place[free]]).tolist())
    groups = [np.asarray(c, dtype=np.int64) for c in ties.connected_components() if len(c) > 1]
    groups = [g for g in groups if graph.is_person[g].any()]
    if not groups:
        return pieces, set()
    # a ring holding another card settled at the same counter after its holder's death (one household's
    # two dead parents) takes the card and the counter
    beside = pd.Series(ring_of[person], index=place)
    beside = beside[beside >= 0]
    out = [p[~np.isin(p, np.concatenate(groups))] for p in pieces]
    for group in groups:
        rings = beside[beside.index.isin(group)]
        if len(rings):
            home = int(rings.value_counts().sort_index().idxmax())
            out[home] = np.concatenate([out[home], group])
        else:
            out.append(group)
    return out, set(range(len(pieces), len(out)))


def _kind_ends(graph: IndicatorGraph, kinds: list[str]) -> pd.DataFrame:
    """The links of the evidence ``kinds`` that tie a person to a place: ``evidence_id``, ``p`` (the
    person) and ``place``, vertex numbers as numpy integers."""
    tied = graph.links[graph.link_kinds.isin(kinds).to_numpy()]
    person, place, one = _person_place(graph, tied)
    return pd.DataFrame({"evidence_id": tied.evidence_id.to_numpy()[one], "p": person, "place": place})


def _person_place(graph: IndicatorGraph, links: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The person end and the place end of each of ``links`` that ties a person to a place, and which
    of ``links`` those are (a mask)."""
    u, v = links.u.to_numpy(dtype=np.int64), links.v.to_numpy(dtype=np.int64)
    one = graph.is_person[u] ^ graph.is_person[v]
    return np.where(graph.is_person[u], u, v)[one], np.where(graph.is_person[u], v, u)[one], one


def _piece_of(pieces: list[np.ndarray], vertices: int) -> np.ndarray:
    """The piece number of every vertex (-1: in none).

    >>> _piece_of([np.array([2]), np.array([0, 3])], 5).tolist()
    [1, -1, 0, 1, -1]
    """
    piece_of = np.full(vertices, -1, dtype=np.int64)
    for i, piece in enumerate(pieces):
        piece_of[piece] = i
    return piece_of


def _scheme_kinds(graph: IndicatorGraph, cfg: RingConfig) -> pd.Series:
    """Each link's kind of evidence as the scheme steps tell schemes apart: ``indicator:kind`` where the
    typology votes name that kind (a box resold vs a code re-swiped), else the indicator."""
    return graph.link_kinds.where(graph.link_kinds.isin(cfg.typology.votes), graph.links.indicator)


def _persons(graph: IndicatorGraph, piece: np.ndarray | list[int]) -> int:
    return int(graph.is_person[np.asarray(piece, dtype=np.int64)].sum())


def _separate(graph: IndicatorGraph, sub: ig.Graph, ids: np.ndarray, pieces: list[np.ndarray], cfg: RingConfig,
              algorithm: str, seed: int) -> tuple[list[np.ndarray], int]:
    """Two rings that share one counter come out of modularity as one: a broker's cards and a
    pharmacy's own cards meet at the pharmacy. Each piece is cut at a finer resolution; a part with
    ``min_persons`` persons whose ties mostly stay inside it (conductance at most
    ``max_separation_conductance``) becomes a ring of its own, the rest stays together. A star
    around one outlet falls into single holders at any finer resolution: none of them separates."""
    a = cfg.assembly
    kinds = _scheme_kinds(graph, cfg)
    position = {int(v): i for i, v in enumerate(ids)}
    out: list[np.ndarray] = []
    count = 0
    for piece in pieces:
        if _persons(graph, piece) < 2 * a.min_persons:
            out.append(piece)
            continue
        local = sub.induced_subgraph([position[int(v)] for v in piece])
        parts = [np.asarray(p) for p in connected_communities(local, membership(local, algorithm, seed,
                                                                                  a.separation_resolution))]
        apart = [p for p in parts if _persons(graph, piece[p]) >= a.min_persons
                 and _conductance(local, p) <= a.max_separation_conductance
                 and not _same_counter(graph, piece[p], np.setdiff1d(piece, piece[p]), kinds)]
        if not apart or len(apart) == len(parts) == 1:
            out.append(piece)
            continue
        count += len(apart)
        out.extend(piece[p] for p in apart)
        rest = np.setdiff1d(np.arange(len(piece)), np.concatenate(apart))
        if len(rest):
            remainder = local.induced_subgraph(rest.tolist())
            out.extend(piece[rest[np.asarray(c)]] for c in remainder.connected_components())
    return out, count


def _same_counter(graph: IndicatorGraph, part: np.ndarray, rest: np.ndarray, kinds: pd.Series) -> bool:
    """Whether ``part`` reaches a place of ``rest`` by a kind of evidence that ties the rest's own persons
    to that place too, for at least half of the part's persons: cards on a device re-swiped at the
    counter where the rest's cards are re-swiped are one scheme, however tight their device holds
    them. Two rings meeting at one counter meet there by different kinds, by a few cards, or not at
    a place. (Two crews re-swiping codes at one pharmacy are one ring around that pharmacy.)

    >>> import types
    >>> links = pd.DataFrame({"u": [0, 1, 2, 0], "v": [3, 3, 3, 1], "indicator": "trace_reuse"})
    >>> g = types.SimpleNamespace(links=links, is_person=np.array([True, True, True, False]))
    >>> _same_counter(g, np.array([0, 1]), np.array([2, 3]), pd.Series(["reswiped"] * 3 + ["shared"]))
    True
    >>> _same_counter(g, np.array([0, 1]), np.array([2, 3]), pd.Series(["resold", "resold", "reswiped", "shared"]))
    False
    """
    u, v = graph.links.u.to_numpy(dtype=np.int64), graph.links.v.to_numpy(dtype=np.int64)
    is_place = ~graph.is_person
    k = kinds.to_numpy()
    part_u, part_v, rest_u, rest_v = np.isin(u, part), np.isin(v, part), np.isin(u, rest), np.isin(v, rest)
    # the part's persons' ties to places of the rest (person, place, kind)
    reach_v, reach_u = part_u & rest_v & is_place[v], part_v & rest_u & is_place[u]
    reached = pd.DataFrame({"person": np.concatenate([u[reach_v], v[reach_u]]),
                            "place": np.concatenate([v[reach_v], u[reach_u]]), "kind": np.concatenate([k[reach_v], k[reach_u]])})
    # the rest's own persons' ties to its places
    own_v, own_u = rest_u & rest_v & ~is_place[u] & is_place[v], rest_u & rest_v & is_place[u] & ~is_place[v]
    own = set(zip(np.concatenate([v[own_v], u[own_u]]).tolist(), np.concatenate([k[own_v], k[own_u]]).tolist()))
    shared = reached[[(int(p), kk) in own for p, kk in zip(reached.place, reached.kind)]]
    # most of the part at that counter, not one of its cards that also shopped there
    most = shared.groupby(["place", "kind"]).person.nunique().max() if len(shared) else 0
    return bool(most >= 0.5 * (~is_place[part]).sum())


def _one_collector(graph: IndicatorGraph, pieces: list[np.ndarray], cfg: RingConfig) -> tuple[list[np.ndarray], int]:
    """Step 3d: pieces that one person ties together by shared identifiers are one scheme. A collector
    whose phone or WeChat holds the cards of ``min_hub_persons`` persons of another piece, and at least
    ``collector_share`` of its persons, and as many of his own piece, joins that piece to his own (a
    collector selling at two outlets comes out of modularity as two rings, one per outlet); a recruit
    on another collector's WeChat holds few of his own ring. No joined ring exceeds ``max_ring_persons``."""
    a = cfg.assembly
    piece_of = _piece_of(pieces, len(graph.nodes))
    is_person = graph.is_person
    ends = link_ends(graph.links[graph.links.indicator == "shared_identifiers"])
    ends = ends[["vertex", "other"]].drop_duplicates()
    if ends.empty:
        return pieces, 0
    persons = np.array([_persons(graph, p) for p in pieces])
    # his ties into his own ring too: a recruit on another collector's WeChat ties to that ring, not to his
    own = _ties_into(ends, piece_of, is_person, same=True)
    holds = own[(own.other >= a.min_hub_persons) & (own.other >= a.collector_share * persons[own.b])].vertex
    reach = _ties_into(ends, piece_of, is_person, same=False)
    reach = reach[(reach.other >= a.min_hub_persons) & (reach.other >= a.collector_share * persons[reach.b])
                  & reach.vertex.isin(holds)]
    return _joined(pieces, {(int(p), int(q)) for p, q in zip(reach.a, reach.b)}, persons, a.max_ring_persons)


def _one_supply(graph: IndicatorGraph, pieces: list[np.ndarray], cfg: RingConfig) -> tuple[list[np.ndarray], int]:
    """Step 3e: pieces whose card-holders' boxes were resold at each other's outlets are one supply
    (``outlet_share`` both ways): recruits selling through two outlets come out of modularity as one
    ring per outlet, each holder's boxes at both; a fence buying from two groups is tied to the other
    group one way only. A piece holding no place joins the piece at whose outlets ``outlet_share`` of
    its persons had boxes resold. No joined ring exceeds ``max_ring_persons``."""
    a = cfg.assembly
    pieces, mutual = _mutual_places(graph, pieces, "trace_reuse:resold", a.outlet_share, a.max_ring_persons,
                                    a.outlet_back_share)
    pieces, placeless = _placeless_to(graph, pieces, "trace_reuse:resold", a.outlet_share, a.min_place_persons,
                                      a.max_ring_persons)
    return pieces, mutual + placeless


def _closed_outlets(graph: IndicatorGraph, pieces: list[np.ndarray], cfg: RingConfig,
                    seed: int) -> tuple[list[np.ndarray], int]:
    """Step 4b: outlets of a piece that bought from a few of its card-holders alone, with those
    card-holders, are a piece of their own (``rings/outlets.py``)."""
    a = cfg.assembly
    tied = graph.links[graph.link_kinds.astype(str).str.startswith("trace_reuse:resold").to_numpy()]
    person, place, one = _person_place(graph, tied)
    piece_of = _piece_of(pieces, len(graph.is_person))
    ties = pd.DataFrame({"person": person, "place": place, "evidence_id": tied.evidence_id.to_numpy()[one],
                         "piece": piece_of[person]})
    ties = ties[(ties.piece >= 0) & (ties.piece == piece_of[place])]
    out, made = list(pieces), 0
    for number, rows in ties.groupby("piece"):
        for feeders, outlets in closed_groups(rows, a.closed_min_boxes, a.closed_max_share, a.closed_tail, seed):
            out.append(np.array(sorted(feeders | outlets), dtype=np.int64))
            out[int(number)] = np.setdiff1d(out[int(number)], out[-1])
            made += 1
    return out, made


def _placeless_to(graph: IndicatorGraph, pieces: list[np.ndarray], kind: str, share: float, own: int,
                  limit: int) -> tuple[list[np.ndarray], int]:
    """Each piece holding no place joins the piece whose places ``share`` of its persons are tied to by
    ``kind`` (the most tied, when several are), when ``own`` persons of that piece are tied to them by
    ``kind`` too: recruits sharing the collector's WeChat come out of modularity as a piece of their
    own, their outlet falling to the recruits who share nothing. A resale scheme beside refund
    cycling at one counter, which the refund crew holds, stays apart (step 3c).

    >>> import types
    >>> links = pd.DataFrame({"u": [0, 1, 2], "v": [4, 4, 4]})
    >>> g = types.SimpleNamespace(links=links, link_kinds=pd.Series(["k"] * 3), is_person=np.array([True] * 4 + [False]))
    >>> parts, n = _placeless_to(g, [np.array([0, 1]), np.array([2, 3, 4])], "k", 0.5, 1, 10)
    >>> [p.tolist() for p in parts], n
    ([[0, 1, 2, 3, 4]], 1)
    >>> _placeless_to(g, [np.array([0, 3]), np.array([1, 2, 4])], "k", 0.6, 1, 10)[1]
    0
    >>> _placeless_to(g, [np.array([0, 1]), np.array([2, 3, 4])], "k", 0.5, 2, 10)[1]
    0
    """
    placeless = _placeless(graph, pieces)
    ties = _place_ties(graph, pieces, kind)
    if ties.empty or not placeless.any():
        return pieces, 0
    holders = ties[ties.a == ties.b].groupby("b").p.nunique()
    ties = ties[(ties.a != ties.b) & placeless[ties.a.to_numpy()]]
    sizes = np.array([_persons(graph, p) for p in pieces])
    reach = ties.groupby(["a", "b"]).p.nunique().reset_index(name="n")
    reach = reach[(reach.n >= share * sizes[reach.a]) & (reach.b.map(holders).fillna(0) >= own)]
    reach = reach.sort_values(["a", "n"], ascending=[True, False])
    reach = reach.drop_duplicates("a")
    return _joined(pieces, {(min(int(x), int(y)), max(int(x), int(y))) for x, y in zip(reach.a, reach.b)}, sizes,
                   limit)


def _one_pool(graph: IndicatorGraph, pieces: list[np.ndarray], cfg: RingConfig) -> tuple[list[np.ndarray], int]:
    """Step 3g: pieces whose cards took codes re-swiped at each other's counters are one pool of
    codes (``pool_share`` both ways): a chain moving boxes' codes between its branches comes out of
    modularity as one ring per branch, each branch's cards re-swiping the others' codes; a crew
    re-swiping at an outlet another ring runs is tied to it one way only. No joined ring exceeds
    ``max_ring_persons``. Pieces whose cards took the same codes (``pool_share`` both ways) are one pool
    too: three cards swiped with one shelf of photographed codes at two branches fell into a piece of
    two and a piece of one, each too small to be a ring."""
    a = cfg.assembly
    pieces, at_places = _mutual_places(graph, pieces, "trace_reuse:reswiped", a.pool_share, a.max_ring_persons)
    pieces, by_codes = _mutual_codes(graph, pieces, "trace_reuse:reswiped", a.pool_share, a.max_ring_persons)
    return pieces, at_places + by_codes


def _mutual_codes(graph: IndicatorGraph, pieces: list[np.ndarray], kind: str, share: float,
                  limit: int) -> tuple[list[np.ndarray], int]:
    """The pieces with each two joined when ``share`` of one's persons tied by ``kind`` carry an evidence
    ID (a trace code) that persons of the other carry too, and the same share the other way.

    >>> import types
    >>> links = pd.DataFrame({"u": [0, 1, 2], "v": [4, 4, 5], "evidence_id": ["k:c1", "k:c2", "k:c1"]})
    >>> g = types.SimpleNamespace(links=links, link_kinds=pd.Series(["k"] * 3), is_person=np.array([True] * 4 + [False] * 2))
    >>> parts, n = _mutual_codes(g, [np.array([0, 1, 4]), np.array([2, 5]), np.array([3])], "k", 0.5, 10)
    >>> [p.tolist() for p in parts], n
    ([[0, 1, 4, 2, 5], [3]], 1)
    >>> _mutual_codes(g, [np.array([0, 1, 4]), np.array([2, 5])], "k", 0.6, 10)[1]
    0
    """
    tied = graph.links[graph.link_kinds.astype(str).str.startswith(kind).to_numpy()]
    if tied.empty or len(pieces) < 2:
        return pieces, 0
    piece_of = _piece_of(pieces, len(graph.is_person))
    person, _, one = _person_place(graph, tied)
    carried = pd.DataFrame({"p": person, "piece": piece_of[person], "code": tied.evidence_id.to_numpy()[one]})
    carried = carried[carried.piece >= 0].drop_duplicates()
    codes = carried[["code", "piece"]].drop_duplicates().rename(columns={"piece": "b"})
    ties = carried.rename(columns={"piece": "a"}).merge(codes, on="code")
    return _joined_both_ways(graph, pieces, ties, carried.groupby("piece").p.nunique(), share, limit)


def _mutual_places(graph: IndicatorGraph, pieces: list[np.ndarray], kind: str, share: float,
                   limit: int, back: float | None = None) -> tuple[list[np.ndarray], int]:
    """The pieces with each two joined when ``share`` of one's persons tied by ``kind`` to a place are
    tied by it to a place of the other, and ``back`` (default: the same share) the other way; and how
    many joins.

    >>> import types
    >>> links = pd.DataFrame({"u": [0, 1, 2, 3], "v": [5, 4, 4, 5]})
    >>> g = types.SimpleNamespace(links=links, link_kinds=pd.Series(["k"] * 4), is_person=np.array([True] * 4 + [False] * 2))
    >>> parts, n = _mutual_places(g, [np.array([0, 1, 4]), np.array([2, 3, 5])], "k", 0.5, 10)
    >>> [p.tolist() for p in parts], n
    ([[0, 1, 4, 2, 3, 5]], 1)
    >>> _mutual_places(g, [np.array([0, 1, 4]), np.array([2, 3, 5])], "k", 0.6, 10)[1]
    0
    """
    if len(pieces) < 2:
        return pieces, 0
    ties = _place_ties(graph, pieces, kind)
    if ties.empty:
        return pieces, 0
    return _joined_both_ways(graph, pieces, ties, ties.groupby("a").p.nunique(), share, limit, back)


def _placeless(graph: IndicatorGraph, pieces: list[np.ndarray]) -> np.ndarray:
    """Whether each piece holds only persons (no institution or doctor)."""
    return np.array([bool(graph.is_person[p].all()) for p in pieces], dtype=bool)


def _place_ties(graph: IndicatorGraph, pieces: list[np.ndarray], kind: str) -> pd.DataFrame:
    """The links of ``kind`` (an evidence kind prefix) between a person and a place that both lie in
    pieces: rows ``p`` (the person), ``a`` (the person's piece), ``b`` (the place's piece)."""
    tied = graph.links[graph.link_kinds.astype(str).str.startswith(kind).to_numpy()]
    piece_of = _piece_of(pieces, len(graph.is_person))
    person, place, _ = _person_place(graph, tied)
    ties = pd.DataFrame({"p": person, "a": piece_of[person], "b": piece_of[place]})
    return ties[(ties.a >= 0) & (ties.b >= 0)]


def _joined_both_ways(graph: IndicatorGraph, pieces: list[np.ndarray], ties: pd.DataFrame, holders: pd.Series,
                      share: float, limit: int, back: float | None = None) -> tuple[list[np.ndarray], int]:
    """The pieces with each two joined when ``share`` of piece a's ``holders`` (persons per piece) have
    a tie (rows ``p``, ``a``, ``b``: person, their piece, the piece tied to) to piece b, and ``back``
    (default: the same share) the other way; and how many joins."""
    cross = ties[ties.a != ties.b].groupby(["a", "b"]).p.nunique().reset_index(name="n")
    made = cross.n / cross.a.map(holders)

    def reaching(least: float) -> set[tuple[int, int]]:
        return {(int(x), int(y)) for x, y in zip(cross.a[made >= least], cross.b[made >= least])}

    weak = reaching(share if back is None else back)
    mutual = {(min(x, y), max(x, y)) for x, y in reaching(share) if (y, x) in weak}
    persons = np.array([_persons(graph, p) for p in pieces])
    return _joined(pieces, mutual, persons, limit)


def _one_counter(graph: IndicatorGraph, pieces: list[np.ndarray], cfg: RingConfig) -> tuple[list[np.ndarray], int]:
    """Step 3f: pieces that hold no place, and whose persons mostly (half or more) reach one place
    by one kind of evidence, are one scheme at that counter when they reach the same place by the
    same kind, and join: a refund-cycling crew's devices, whose counter another ring holds, come out
    as one piece per device. ``place_wide_kinds`` (a stock gap naming every buyer) join nothing.

    >>> import types
    >>> links = pd.DataFrame({"u": [0, 1, 2, 3, 0], "v": [4, 4, 4, 4, 1], "indicator": "trace_reuse"})
    >>> g = types.SimpleNamespace(links=links, link_kinds=pd.Series(["trace_reuse:reswiped"] * 4 + ["x"]),
    ...                           nodes=np.array(["Person:a", "Person:b", "Person:c", "Person:d", "Institution:P"]),
    ...                           is_person=np.array([True] * 4 + [False]))
    >>> from graphfraud.rings.config import load_ring_config
    >>> parts, n = _one_counter(g, [np.array([0, 1]), np.array([2, 3]), np.array([4])], load_ring_config())
    >>> [p.tolist() for p in parts], n
    ([[0, 1, 2, 3], [4]], 1)
    """
    a = cfg.assembly
    piece_of = _piece_of(pieces, len(graph.nodes))
    placeless = _placeless(graph, pieces)
    if placeless.sum() < 2:
        return pieces, 0
    tied = graph.links[~graph.links.indicator.isin(a.place_wide_kinds)]
    person, place, one = _person_place(graph, tied)
    kinds = _scheme_kinds(graph, cfg).loc[tied.index].to_numpy()
    ties = pd.DataFrame({"p": person, "piece": piece_of[person], "place": place, "kind": kinds[one]})
    ties = ties[(ties.piece >= 0) & placeless[ties.piece.clip(lower=0)]]
    reach = ties.groupby(["piece", "place", "kind"]).p.nunique().reset_index(name="n")
    sizes = np.array([_persons(graph, p) for p in pieces])
    reach = reach[reach.n >= 0.5 * sizes[reach.piece]].sort_values(["piece", "n"], ascending=[True, False])
    reach = reach.drop_duplicates("piece")
    pairs = set()
    for _, same in reach.groupby(["place", "kind"]):
        at = sorted(same.piece.tolist())
        pairs |= {(at[0], other) for other in at[1:]}
    return _joined(pieces, pairs, sizes, a.max_ring_persons)


def _joined(pieces: list[np.ndarray], pairs: set[tuple[int, int]], persons: np.ndarray,
            limit: int) -> tuple[list[np.ndarray], int]:
    """The pieces with each pair (in sorted order) joined while the joined ring has at most ``limit``
    persons; and how many joins were made.

    >>> parts, n = _joined([np.array([1]), np.array([2]), np.array([3])], {(0, 1), (1, 2)}, np.array([1, 1, 1]), 2)
    >>> [p.tolist() for p in parts], n
    ([[1, 2], [3]], 1)
    """
    parent = list(range(len(pieces)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    size = persons.copy()
    joined = 0
    for x, y in sorted(pairs):
        ra, rb = root(x), root(y)
        if ra != rb and size[ra] + size[rb] <= limit:
            parent[rb] = ra
            size[ra] += size[rb]
            joined += 1
    if not joined:
        return pieces, 0
    groups: dict[int, list[np.ndarray]] = {}
    for i, piece in enumerate(pieces):
        groups.setdefault(root(i), []).append(piece)
    return [np.concatenate(g) for g in groups.values()], joined


def _ties_into(ends: pd.DataFrame, piece_of: np.ndarray, is_person: np.ndarray, same: bool) -> pd.DataFrame:
    """Per person (``vertex``) and piece b: how many persons of b (the vertex's own piece when ``same``,
    else another) it is tied to by the ``ends``; columns vertex, a (its piece), b, other (the count)."""
    x, y = ends.vertex.to_numpy(dtype=np.int64), ends.other.to_numpy(dtype=np.int64)
    keep = (piece_of[x] >= 0) & (piece_of[y] >= 0) & is_person[x] & is_person[y]
    keep &= (piece_of[x] == piece_of[y]) if same else (piece_of[x] != piece_of[y])
    ends = ends[keep]
    return (ends.assign(a=piece_of[x[keep]], b=piece_of[y[keep]]).groupby(["vertex", "a", "b"]).other.nunique()
            .reset_index())


def _schemes_apart(graph: IndicatorGraph, pieces: list[np.ndarray], cfg: RingConfig,
                   batches: bool = False) -> tuple[list[np.ndarray], int]:
    """Step 3c: each institution or doctor of a piece is split into one node per kind of evidence
    (``indicator`` or ``indicator:kind`` where the typology votes name the kind; ``place_wide_kinds``,
    which name every buyer at the place, and ``counter_ties``, two persons buying at one counter at
    one time, tie no one), and one more per kind for the persons a ``scheme_markers`` indicator ties
    to the place (a refund crew's re-swiped codes are its own, not the care home's re-swiped at the same
    counter); the persons' connected parts of that graph with
    at least ``min_persons`` persons are separate schemes. Every place joins
    the scheme with the most link weight to it, persons of smaller parts the scheme of their place.
    With ``batches`` (after step 3i), the persons of one ``batch_kinds`` batch are tied to each other,
    not to the place: the cards a batch brought belong to the scheme whose cards were drained with them."""
    a = cfg.assembly
    links = graph.links
    kind = _scheme_kinds(graph, cfg)
    is_person = graph.is_person
    u_all, v_all = links.u.to_numpy(dtype=np.int64), links.v.to_numpy(dtype=np.int64)
    kinds, scaled = kind.to_numpy(), links.scaled.to_numpy(dtype=float)
    marker = links.indicator.isin(a.scheme_markers).to_numpy()
    piece_of = _piece_of(pieces, len(graph.nodes))
    same = (piece_of[u_all] == piece_of[v_all]) & (piece_of[u_all] >= 0)
    same &= ~links.indicator.isin(a.place_wide_kinds).to_numpy()  # a stock gap names every buyer there
    same &= ~links.indicator.isin(a.counter_ties).to_numpy()  # two customers at one counter at one time
    order = np.flatnonzero(same)[np.argsort(piece_of[u_all[same]], kind="stable")]  # links by piece, in order
    bounds = np.searchsorted(piece_of[u_all[order]], np.arange(len(pieces) + 1))
    drained = _batch_pairs(graph, piece_of, a.batch_kinds) if batches else {}
    out: list[np.ndarray] = []
    count = 0
    for i, piece in enumerate(pieces):
        if _persons(graph, piece) < 2 * a.min_persons:
            out.append(piece)
            continue
        inside = order[bounds[i]:bounds[i + 1]]
        u, v, k, w = u_all[inside], v_all[inside], kinds[inside], scaled[inside]
        # a place becomes one node per kind of evidence, and one more per kind for the persons a
        # ``scheme_markers`` indicator ties to it; persons stay themselves
        k = np.char.add(k.astype(str), _marked(u, v, marker[inside], is_person))
        names = {int(x): str(x) for x in piece}
        left = [names[int(x)] if is_person[x] else f"{x}|{kk}" for x, kk in zip(u, k)]
        right = [names[int(x)] if is_person[x] else f"{x}|{kk}" for x, kk in zip(v, k)]
        together = drained.get(i, [])
        left, right = left + [str(x) for x, _ in together], right + [str(y) for _, y in together]
        labels = sorted(set(left) | set(right) | {names[int(x)] for x in piece if is_person[x]})
        at = {name: i for i, name in enumerate(labels)}
        split = ig.Graph(n=len(labels), edges=[(at[x], at[y]) for x, y in zip(left, right)])
        parts = []
        for comp in split.connected_components():
            persons = [int(labels[i]) for i in comp if "|" not in labels[i]]
            if len(persons) >= a.min_persons:
                parts.append(persons)
        if len(parts) < 2:
            out.append(piece)
            continue
        groups, split_count = _schemes(piece, parts, u, v, w, is_person)
        count += split_count
        out.extend(groups)
    return out, count


def _marked(u: np.ndarray, v: np.ndarray, marker: np.ndarray, is_person: np.ndarray) -> np.ndarray:
    """``"|own"`` for each link tying a person to a place that a ``marker`` link also ties them to, other
    than the marker link itself; ``""`` for the rest. A refund crew's codes were re-swiped at the counter
    like the other schemes' there, but only its purchases were booked back unrefunded: its other ties to
    that counter are its own.

    >>> _marked(np.array([0, 0, 1, 0]), np.array([5, 5, 5, 6]), np.array([True, False, False, False]),
    ...         np.array([True, True] + [False] * 5)).tolist()
    ['', '|own', '', '']
    """
    one = is_person[u] ^ is_person[v]
    person, place = np.where(is_person[u], u, v), np.where(is_person[u], v, u)
    pair = person * (int(max(u.max(initial=0), v.max(initial=0))) + 1) + place
    own = np.isin(pair, pair[marker & one]) & one & ~marker
    return np.where(own, "|own", "")


def _batch_pairs(graph: IndicatorGraph, piece_of: np.ndarray, kinds: list[str]) -> dict[int, list[tuple[int, int]]]:
    """Per piece, pairs of its persons drained in one batch at one of its places (each batch's persons
    as a path: what matters is that they are connected)."""
    tied = _kind_ends(graph, kinds)
    ends = pd.DataFrame({"batch": tied.evidence_id, "p": tied.p, "piece": piece_of[tied.p]})
    ends = ends[(ends.piece >= 0) & (ends.piece == piece_of[tied.place])].drop_duplicates().sort_values(
        ["piece", "batch", "p"])
    pairs: dict[int, list[tuple[int, int]]] = {}
    for (piece, _), group in ends.groupby(["piece", "batch"], sort=False):
        members = group.p.tolist()
        pairs.setdefault(int(piece), []).extend(zip(members, members[1:]))
    return pairs


def _schemes(piece: np.ndarray, parts: list[list[int]], u: np.ndarray, v: np.ndarray, w: np.ndarray,
             is_person: np.ndarray) -> tuple[list[np.ndarray], int]:
    """The piece's schemes from its large parts: each place joins the part with the most link weight
    to its persons, then each other person the scheme it has the most link weight to (ties: the
    scheme met first among its links). One pass over the links for each: a piece of 100,000 nodes
    and links is not a product of the two."""
    scheme = {p: n for n, part in enumerate(parts) for p in part}
    weight = np.zeros((len(piece), len(parts)))
    position = {int(x): i for i, x in enumerate(piece)}
    for x, y, ww in zip(u, v, w):
        for place, person in ((x, y), (y, x)):
            if not is_person[place] and is_person[person] and int(person) in scheme:
                weight[position[int(place)], scheme[int(person)]] += ww
    groups: list[list[int]] = [list(part) for part in parts]
    for x in piece:
        if is_person[x] or not weight[position[int(x)]].any():
            continue
        groups[int(weight[position[int(x)]].argmax())].append(int(x))
        scheme[int(x)] = int(weight[position[int(x)]].argmax())
    ties: dict[int, dict[int, float]] = {}  # person outside every scheme -> scheme -> link weight
    for y, z, ww in zip(u.tolist(), v.tolist(), w.tolist()):
        for x, other in ((y, z), (z, y)):
            if x not in scheme and other in scheme:  # the graph has no self-loops
                tie = ties.setdefault(x, {})
                tie[scheme[other]] = tie.get(scheme[other], 0.0) + ww
    for x in piece:  # persons of smaller parts: the scheme of the place they are most tied to
        found = ties.get(int(x), {})
        if int(x) not in scheme and found:
            groups[max(found, key=lambda n: found[n])].append(int(x))
    return [np.asarray(g, dtype=np.int64) for g in groups], len(groups) - 1


def _conductance(graph: ig.Graph, part: np.ndarray) -> float:
    """Weight of the edges leaving ``part`` over the weight of all edge ends in it."""
    inside = np.zeros(graph.vcount(), dtype=bool)
    inside[part] = True
    edges = np.asarray(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    weight = np.asarray(graph.es["weight"], dtype=float) if graph.ecount() else np.zeros(0)
    a, b = inside[edges[:, 0]], inside[edges[:, 1]]
    cut, internal = weight[a ^ b].sum(), weight[a & b].sum()
    return float(cut / (cut + 2 * internal)) if cut + internal > 0 else 1.0


def _split_large(graph: IndicatorGraph, sub: ig.Graph, ids: np.ndarray, pieces: list[np.ndarray], cfg: RingConfig,
                 algorithm: str, seed: int) -> tuple[list[np.ndarray], list[dict[str, Any]]]:
    """Pieces with more than ``max_ring_persons`` persons split at finer resolutions (step 4)."""
    limit = cfg.assembly.max_ring_persons
    position = {int(v): i for i, v in enumerate(ids)}
    out: list[np.ndarray] = []
    large: list[dict[str, Any]] = []
    for piece in pieces:
        if _persons(graph, piece) <= limit:
            out.append(piece)
            continue
        local = sub.induced_subgraph([position[int(v)] for v in piece])
        parts, resolution = [np.arange(len(piece))], cfg.assembly.resolution
        for _ in range(SPLIT_ROUNDS):
            resolution *= 2
            labels = membership(local, algorithm, seed, resolution)
            parts = [np.asarray(p) for p in connected_communities(local, labels)]
            if max(_persons(graph, piece[p]) for p in parts) <= limit:
                break
        out.extend(piece[p] for p in parts)
        large.append(_large_ring(graph, piece, [piece[p] for p in parts], resolution))
    return out, large


def _large_ring(graph: IndicatorGraph, piece: np.ndarray, parts: list[np.ndarray],
                resolution: float | None, **more: Any) -> dict[str, Any]:
    """The run's record of a ring above the size bound: its persons, the parts it was cut into (as
    vertex arrays) and at which resolution, and the size of the largest part with the indicators
    holding it, so a ring that would not split can be explained."""
    biggest = max(parts, key=len)
    inside = graph.links.u.isin(biggest) & graph.links.v.isin(biggest)
    return {"persons": _persons(graph, piece), "split_into": len(parts), "resolution": resolution,
            "largest_after": _persons(graph, biggest), "indicators": sorted(set(graph.links.indicator[inside])),
            **more}
