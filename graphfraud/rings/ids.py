"""Stable ring IDs across runs: a refresh must not renumber the rings investigators have open.

A current ring keeps the ID of the previous ring it overlaps best when their member Jaccard is at
least ``KEEP_JACCARD``; every other ring gets a fresh ``R-000123`` ID, numbered after the highest ID
ever issued, so an ID is never reused. Lineage records merges and splits.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

KEEP_JACCARD = 0.5
ABSORBED = 0.5  # share of a ring that must lie in another for a merge or split to be recorded
ID_PATTERN = re.compile(r"^R-(\d+)$")


@dataclass(frozen=True)
class Lineage:
    ring_id: str
    previous_ring_ids: list[str]
    change: str  # new | same | grown | shrunk | merged | split


def jaccard(a: set[str], b: set[str]) -> float:
    """Shared over all members.

    >>> jaccard({"a", "b"}, {"b", "c"})
    0.3333333333333333
    """
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def format_id(number: int) -> str:
    return f"R-{number:06d}"


def highest_number(ring_ids: object) -> int:
    """The highest number among IDs like ``R-000123`` (0 when there are none)."""
    numbers = [int(m.group(1)) for r in ring_ids if (m := ID_PATTERN.match(str(r)))]  # type: ignore[attr-defined]
    return max(numbers, default=0)


def assign_ids(previous: dict[str, set[str]], current: list[set[str]],
               issued_up_to: int = 0) -> tuple[list[str], list[Lineage]]:
    """IDs for ``current`` rings (in order) and their lineage against ``previous`` (ID -> members).

    ``issued_up_to`` is the highest number ever issued (IDs of rings since gone included), so that
    new IDs never repeat an old one.

    >>> ids, lineage = assign_ids({"R-000001": {"a", "b", "c"}}, [{"a", "b", "c", "d"}, {"x", "y"}])
    >>> ids, [l.change for l in lineage]
    (['R-000001', 'R-000002'], ['grown', 'new'])
    """
    overlaps = _overlaps(previous, current)
    kept = _keep_best_matches(previous, current, overlaps)
    next_number = max(issued_up_to, highest_number(previous)) + 1
    ids: list[str] = []
    for i in range(len(current)):
        if i in kept:
            ids.append(kept[i])
        else:
            ids.append(format_id(next_number))
            next_number += 1
    # how many current rings each previous ring mostly went into: two or more is a split
    pieces: dict[str, int] = {}
    for i, counts in enumerate(overlaps):
        for ring_id, n in counts.items():
            if n >= ABSORBED * len(current[i]):
                pieces[ring_id] = pieces.get(ring_id, 0) + 1
    lineage = [_lineage(ids[i], current[i], previous, overlaps[i], pieces, kept.get(i)) for i in range(len(current))]
    return ids, lineage


def _overlaps(previous: dict[str, set[str]], current: list[set[str]]) -> list[dict[str, int]]:
    """For each current ring: previous ring ID -> shared members (through a member index, not all pairs)."""
    by_member: dict[str, list[str]] = {}
    for ring_id, members in previous.items():
        for m in members:
            by_member.setdefault(m, []).append(ring_id)
    out = []
    for members in current:
        counts: dict[str, int] = {}
        for m in members:
            for ring_id in by_member.get(m, ()):
                counts[ring_id] = counts.get(ring_id, 0) + 1
        out.append(counts)
    return out


def _keep_best_matches(previous: dict[str, set[str]], current: list[set[str]],
                       overlaps: list[dict[str, int]]) -> dict[int, str]:
    """Greedy one-to-one matching by descending Jaccard (ties broken by ID and position, for determinism)."""
    pairs = []
    for i, counts in enumerate(overlaps):
        for ring_id, shared in counts.items():
            score = shared / (len(current[i]) + len(previous[ring_id]) - shared)
            if score >= KEEP_JACCARD:
                pairs.append((-score, ring_id, i))
    kept: dict[int, str] = {}
    used: set[str] = set()
    for _, ring_id, i in sorted(pairs):
        if i not in kept and ring_id not in used:
            kept[i] = ring_id
            used.add(ring_id)
    return kept


def _lineage(ring_id: str, members: set[str], previous: dict[str, set[str]], counts: dict[str, int],
             pieces: dict[str, int], kept: str | None) -> Lineage:
    absorbed = sorted(r for r, n in counts.items() if n >= ABSORBED * len(previous[r]))
    if len(absorbed) >= 2:
        return Lineage(ring_id, absorbed, "merged")
    sources = sorted(r for r, n in counts.items() if n >= ABSORBED * len(members))
    split_from = [r for r in sources if pieces.get(r, 0) >= 2]
    if split_from:
        return Lineage(ring_id, split_from, "split")
    if kept is None:
        return Lineage(ring_id, sources, "new")
    old = previous[kept]
    change = "same" if old == members else "grown" if members - old else "shrunk"
    return Lineage(ring_id, [kept], change)
