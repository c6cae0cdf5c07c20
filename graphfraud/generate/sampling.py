"""Seeded random streams and the vectorised draws every stage shares."""
from __future__ import annotations

import zlib

import numpy as np


def stream(seed: int, name: str) -> np.random.Generator:
    """An independent generator per stage: editing one stage never reshuffles the others."""
    return np.random.default_rng([seed, zlib.crc32(name.encode())])


def pick_in_groups(cand_group: np.ndarray, cand_weight: np.ndarray, want_group: np.ndarray,
                   rng: np.random.Generator) -> np.ndarray:
    """For each wanted group, the index of one candidate of that group drawn by weight (-1: none).

    One sort and one ``searchsorted``: the cumulative weights of each group are scaled into
    [rank, rank + 1), so a uniform draw shifted by the group's rank lands inside that group.
    """
    cand_group = np.asarray(cand_group)
    order = np.argsort(cand_group, kind="stable")
    groups_sorted = cand_group[order]
    weights = np.asarray(cand_weight, dtype=float)[order]
    groups, starts, counts = np.unique(groups_sorted, return_index=True, return_counts=True)
    rank = np.repeat(np.arange(len(groups)), counts)
    cum = np.cumsum(weights)
    before = np.repeat(np.concatenate([[0.0], cum[starts[1:] - 1]]), counts)
    totals = np.repeat(np.add.reduceat(weights, starts), counts)
    scaled = rank + (cum - before) / np.where(totals > 0, totals, 1.0)
    want_rank = np.searchsorted(groups, want_group)
    known = (want_rank < len(groups)) & (groups[np.minimum(want_rank, len(groups) - 1)] == want_group)
    u = rng.random(len(want_group)) * (1 - 1e-12)
    pos = np.searchsorted(scaled, want_rank + u, side="right")
    pos = np.clip(pos, 0, len(order) - 1)
    return np.where(known, order[pos], -1)


def weighted(rng: np.random.Generator, weights: np.ndarray, size: int) -> np.ndarray:
    """Indices drawn with probability proportional to weights."""
    w = np.asarray(weights, dtype=float)
    return rng.choice(len(w), size=size, p=w / w.sum())


def split_counts(total: int, shares: np.ndarray, minimum: int = 0) -> np.ndarray:
    """Whole counts proportional to shares that add up to ``total`` (largest remainder), each ≥ minimum."""
    shares = np.asarray(shares, dtype=float)
    base = np.full(len(shares), minimum)
    rest = max(total - base.sum(), 0)
    exact = rest * shares / shares.sum()
    counts = np.floor(exact).astype(int)
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: rest - counts.sum()]] += 1
    return base + counts
