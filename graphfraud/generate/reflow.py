"""回流: obtained boxes coming back to pharmacies and sold again to patients who know nothing of it.

Shared by every resale modus operandi of a varied world. The buyers are ordinary patients of the
drug near each outlet: they pay with their own cards, buy legitimately stocked boxes of the same
drug at the same counter too, and some boxes are returned and sold again (a code settled three or
four times). The truth lists them as context, never as members of the group (domain guide 5.1).
"""
from __future__ import annotations

import numpy as np

from graphfraud.generate import lexicon
from graphfraud.generate.params import GroupSpec
from graphfraud.generate.planting import month_supply, pharmacy_sale, truth_persons
from graphfraud.generate.timeline import DAY, DAYS, HOUR
from graphfraud.generate.world import World

LAST = DAYS * DAY - 4 * DAY
MAX_POOL = 400  # patients of one drug around the outlets a group can reach


def context_tag(gid: str) -> str:
    """Tag of settlements that belong to a group's story but not to its members (downstream sales)."""
    return f"{gid}/context"


def reflow(world: World, rng: np.random.Generator, gid: str, drug: int, obtained: list[tuple[int, str]],
           outlets: list[int], spec: GroupSpec, *, unlisted: bool = False) -> tuple[set[str], dict[str, str]]:
    """Sell ``spec.resold_share`` of the obtained boxes again at ``outlets``, each to 1..buyers_per_box buyers.

    Returns the resold codes and the context persons (psn_no -> ``downstream_buyer``).
    """
    back = sorted((t + int(rng.integers(3, 41)) * DAY + int(rng.integers(0, 10 * HOUR)), code)
                  for t, code in obtained if rng.random() < spec.resold_share)
    back = [(t, c) for t, c in back if t < LAST]
    if not back or not outlets:
        return set(), {}
    per_box = rng.integers(1, spec.buyers_per_box + 1, len(back))
    pools = _buyer_pools(world, rng, outlets, int(per_box.sum()))
    weights = np.linspace(2.0, 1.0, len(outlets))  # the first outlet is the collector's main customer
    dise = lexicon.CHRONIC_DISEASES.get(str(world.items.disease.iat[drug]), ("", ""))[0]
    buyers: set[int] = set()
    for (t, code), k in zip(back, per_box):
        outlet = int(rng.choice(len(outlets), p=weights / weights.sum()))
        for j in range(int(k)):
            buyer = int(rng.choice(pools[outlet]))
            returned = j < k - 1  # returned within days and sold to the next patient
            pharmacy_sale(world, buyer, outlets[outlet], int(t), [(drug, 1)], tag=context_tag(gid), traces=[code],
                          offbook=True, unlisted=unlisted, med_type="14" if dise and rng.random() < 0.5 else "41",
                          dise=dise, refund_after=int(rng.integers(1, 4)) * DAY if returned else -1)
            buyers.add(buyer)
            t += int(rng.integers(4, 8)) * DAY + int(rng.integers(0, 6 * HOUR))
    _honest_sales(world, rng, drug, outlets, pools, len(back))
    return {c for _, c in back}, truth_persons(world, sorted(buyers), "downstream_buyer")


def _buyer_pools(world: World, rng: np.random.Generator, outlets: list[int], sales: int) -> list[np.ndarray]:
    """Patients near each outlet: a regular customer buys a resold box every month or two."""
    p, inst = world.persons, world.inst
    alive = (p.death_t < 0).to_numpy() & (p.age >= 30).to_numpy()
    total = int(np.clip(np.ceil(sales / rng.uniform(2, 6)), 3 * len(outlets), MAX_POOL))
    pools = []
    for outlet in outlets:
        near = (p.pref == inst.pref.iat[outlet]).to_numpy() & alive
        want = max(3, total // len(outlets))
        pools.append(world.roster.take(min(want, int((world.roster.free & near).sum()) or want), near))
    return pools


def _honest_sales(world: World, rng: np.random.Generator, drug: int, outlets: list[int], pools: list[np.ndarray],
                  resold: int) -> None:
    """The same pharmacies also sell properly purchased boxes of the drug to the same patients."""
    for outlet, pool in zip(outlets, pools):
        for _ in range(int(resold * rng.uniform(0.2, 0.8) / len(outlets))):
            t = int(rng.integers(0, DAYS - 1)) * DAY + int(rng.uniform(8.5, 20) * HOUR)
            pharmacy_sale(world, int(rng.choice(pool)), outlet, t, [(drug, month_supply(world, drug))])
