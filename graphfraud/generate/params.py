"""What a varied world draws per seed: the ranges (issue 14 item 5), a TOML world file, the drawn values.

``graphfraud generate --variant random`` draws every planted parameter per group from wide ranges,
so detectors cannot lean on one fixed size, rhythm or resale share; ``nofraud`` is the same world
with nothing planted; ``nodrug`` is that world flattened to card-like transactions without drug
information. A world file (``--world FILE``) replaces any range by another range or one value:

    variant = "random"
    group_size = [5, 80]        # core persons of a planted group
    trips = 12                  # one value: every group gets 12
    [modi]                      # groups per modus operandi (default: groups_per_modus)
    "resale.collector_pharmacy" = [1, 2]

The drawn values go into the truth file (``parameters``, and per group ``parameters``).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from graphfraud.generate.sampling import stream

VARIANTS = ("random", "nofraud", "nodrug", "adversarial", "adversarial-nofraud")  # the last two: generate.families
RANGES: dict[str, tuple[float, float]] = {
    "group_size": (5, 80),  # core persons of a planted group
    "trips": (4, 25),  # occasions a group acts (trip days, swipe sessions, visits per card)
    "resold_share": (0.2, 0.9),  # share of obtained boxes that come back to a pharmacy
    "buyers_per_box": (1, 3),  # downstream settlements per resold box
    "ident_share": (0.0, 0.8),  # share of members sharing an identifier with the group's centre
    "lookalike_prevalence": (0.5, 3.0),  # times the base count of every look-alike kind
    "lookalike_size": (5, 80),  # persons of a look-alike group (nursing homes: 50–70 whatever this says)
    "groups_per_modus": (0, 2),  # planted groups per modus operandi and 20,000 persons
}
INTEGER = {"group_size", "trips", "buyers_per_box", "lookalike_size", "groups_per_modus"}
# typology -> modi operandi; "classic" is the scheme the project's detectors were written for.
MODI: dict[str, tuple[str, ...]] = {
    "resale": ("classic", "collector_pharmacy", "prescription_getters", "chronic_cover"),
    "fake_purchase": ("classic", "no_inventory_sale", "card_collecting"),
    "collusion": ("classic", "doctor_pharmacies", "department_switching"),
    "impersonation": ("classic", "broker_institutions", "clinic_insider"),
}
ID_PREFIX = {"resale": "RESALE", "fake_purchase": "FAKE", "collusion": "COLLUSION", "impersonation": "IMPERS"}


@dataclass
class GroupSpec:
    """One planted group's drawn parameters."""

    id: str
    typology: str
    modus: str
    size: int
    trips: int
    resold_share: float
    buyers_per_box: int
    ident_share: float
    number: int  # 1, 2, … within its typology (rotates prefectures)

    def as_dict(self) -> dict[str, Any]:
        """The parameters this group's modus operandi uses (resale shares only for resale)."""
        unused = {"id", "typology", "modus", "number"}
        if self.typology != "resale":
            unused |= {"resold_share", "buyers_per_box"}
        if self.modus == "collector_pharmacy":  # shares no identifier by design
            unused.add("ident_share")
        return {k: v for k, v in asdict(self).items() if k not in unused}


@dataclass
class WorldParams:
    variant: str
    ranges: dict[str, Any]
    lookalike_prevalence: float
    lookalike_size: tuple[int, int]
    groups: list[GroupSpec] = field(default_factory=list)

    @property
    def fraud(self) -> bool:
        return self.variant == "random"

    @property
    def drugs(self) -> bool:
        return self.variant != "nodrug"

    def as_dict(self) -> dict[str, Any]:
        return {"variant": self.variant, "ranges": self.ranges,
                "lookalike_prevalence": round(self.lookalike_prevalence, 3),
                "lookalike_size": list(self.lookalike_size), "planted_groups": len(self.groups) if self.fraud else 0}


def _range(value: Any, name: str) -> tuple[float, float]:
    lo, hi = (value, value) if isinstance(value, (int, float)) else tuple(value)
    if lo > hi or (name in INTEGER and (int(lo) != lo or int(hi) != hi)):
        raise ValueError(f"{name}: expected a value or [low, high] with low <= high, got {value!r}")
    return float(lo), float(hi)


def draw_random(seed: int, persons: int, variant: str = "random", world: dict[str, Any] | None = None) -> WorldParams:
    """Draw a world's parameters from its own random stream: the same seed always draws the same world.

    ``nofraud`` and ``nodrug`` draw exactly what ``random`` draws (same look-alikes) and plant no group.
    Group sizes above what a small population holds shrink with it (full range from 20,000 persons).
    """
    world = dict(world or {})
    variant = world.pop("variant", variant)
    if variant not in VARIANTS[:3]:  # the adversarial ones: generate.families
        raise ValueError(f"variant must be one of {', '.join(VARIANTS)}")
    modi_counts = world.pop("modi", {})
    ranges = {name: _range(world.get(name, default), name) for name, default in RANGES.items()}
    scale = min(1.0, max(0.25, persons / 20_000))
    for name in ("group_size", "lookalike_size"):
        lo, hi = ranges[name]
        ranges[name] = (lo, max(lo, round(lo + (hi - lo) * scale)))
    rng = stream(seed, "world-params")

    def draw(name: str) -> float:
        lo, hi = ranges[name]
        return float(rng.integers(int(lo), int(hi) + 1)) if name in INTEGER else float(rng.uniform(lo, hi))

    prevalence = draw("lookalike_prevalence")
    per_world = max(1, round(persons / 20_000))
    groups: list[GroupSpec] = []
    for typology, modi in MODI.items():
        counts = []
        for modus in modi:
            lo, hi = _range(modi_counts.get(f"{typology}.{modus}", ranges["groups_per_modus"]), "groups_per_modus")
            counts.append(int(rng.integers(int(lo), int(hi) + 1)) * per_world)
        if sum(counts) == 0 and not any(f"{typology}.{m}" in modi_counts for m in modi):
            counts[int(rng.integers(0, len(modi)))] = 1  # every typology is present
        number = 0
        for modus, count in zip(modi, counts):
            for _ in range(count):
                number += 1
                groups.append(GroupSpec(
                    id=f"TR-{ID_PREFIX[typology]}-{number:02d}", typology=typology, modus=modus,
                    size=int(draw("group_size")), trips=int(draw("trips")),
                    resold_share=round(draw("resold_share"), 3), buyers_per_box=int(draw("buyers_per_box")),
                    ident_share=round(draw("ident_share"), 3), number=number))
    shown = {k: (list(v) if v[0] != v[1] else v[0]) for k, v in ranges.items()}
    shown = {k: ([int(x) for x in v] if isinstance(v, list) and k in INTEGER else v) for k, v in shown.items()}
    return WorldParams(variant, shown, prevalence, (int(ranges["lookalike_size"][0]), int(ranges["lookalike_size"][1])),
                       groups)


def scaled(params: WorldParams, base: float, persons: int) -> int:
    """How many groups of a look-alike kind: ``base`` per 20,000 persons times the drawn prevalence (≥ 1)."""
    return max(1, int(np.round(base * persons / 20_000 * params.lookalike_prevalence)))
