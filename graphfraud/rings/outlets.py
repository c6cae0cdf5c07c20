"""Closed outlets: a second dealer inside a resale ring (docs/rings.md, "Assembly", step 7a; step 4b
of ``rings/assembly.py``).

Recruits who sold boxes to two dealers tie both dealers' outlets into one community. One supply
spreads each recruit's boxes over the ring's outlets in proportion to how many boxes he sold; an
outlet that resold many boxes, all from a handful of the ring's card-holders, buys from them alone:
it is another dealer's, and those card-holders are his recruits as well. Such outlets and their
feeders become a ring of their own; a feeder who sold to the first ring's outlets too is a member of
both afterwards (``rings/shared.py``).

The test is by chance: the number of distinct feeders among an outlet's ``n`` boxes when each box
is drawn from the ring's card-holders in proportion to their boxes, simulated with a fixed seed.
An outlet is closed when at most ``tail`` of the draws have as few feeders as it has.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

DRAWS = 2000
MOST_BOXES = 400


def closed_groups(ties: pd.DataFrame, least_boxes: int, most_share: float, tail: float,
                  seed: int) -> list[tuple[set[int], set[int]]]:
    """(feeders, outlets) of each closed group of one ring's outlets. ``ties`` has one row per box
    resold: ``person``, ``place`` and ``evidence_id`` (the box).

    >>> rows = [(p, 10, f"b{p}{i}") for p in range(20) for i in range(3)]      # one supply: 20 recruits
    >>> rows += [(p, 11, f"c{p}{i}") for p in range(20) for i in range(2)]     # ...at its two outlets
    >>> rows += [(p, 12, f"d{p}{i}") for p in (0, 1) for i in range(6)]        # a dealer buying from two
    >>> closed_groups(pd.DataFrame(rows, columns=["person", "place", "evidence_id"]), 8, 0.25, 0.001, 1)
    [({0, 1}, {12})]
    """
    boxes = ties.drop_duplicates(["person", "place", "evidence_id"])
    outlets = boxes.groupby("place")
    if outlets.ngroups < 2:
        return []
    volume = boxes.groupby("person").size()
    share = (volume / volume.sum()).to_numpy()
    rng = np.random.default_rng(seed)
    closed: dict[int, set[int]] = {}
    for place, rows in outlets:
        feeders = set(rows.person.tolist())
        n = len(rows)
        if n < least_boxes or len(feeders) > most_share * len(volume):
            continue
        # fewer draws give fewer feeders: capping them only makes the test stricter
        draws = np.sort(rng.choice(len(share), size=(DRAWS, min(n, MOST_BOXES)), p=share), axis=1)
        distinct = (draws[:, 1:] != draws[:, :-1]).sum(axis=1) + 1
        if (distinct <= len(feeders)).mean() <= tail:
            closed[int(place)] = feeders
    groups: list[tuple[set[int], set[int]]] = []
    for place, feeders in sorted(closed.items()):
        touching = [g for g in groups if g[0] & feeders]
        merged = (set(feeders), {place})
        for g in touching:
            merged[0].update(g[0])
            merged[1].update(g[1])
            groups.remove(g)
        groups.append(merged)
    every = set(boxes.place.tolist())
    return [g for g in groups if len(g[0]) <= most_share * len(volume) and g[1] != every]
