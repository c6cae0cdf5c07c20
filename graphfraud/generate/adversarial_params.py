"""What an adversarial world draws per seed: a second family of varied worlds, designed apart from the first.

``generate --variant adversarial`` plants schemes the first family (``generate.params``) does not
know, in shapes it does not draw: groups of three card-holders and a collector next to groups of
a hundred, one trip a month for a year next to everything in two weeks, members spread over
several prefectures, half the recruited cards used once or twice, a pharmacy in two schemes, a
card-holder recruited twice. ``adversarial-nofraud`` is the same world (background, look-alikes,
export quirks) with nothing planted. The export itself surprises too (``ExportQuirks``).

A world file may fix ``group_size``, ``trips``, ``ident_share``, ``lookalike_prevalence`` and the
groups per modus (``[modi]``, names from ``ADV_MODI``) for tests and experiments.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from graphfraud.generate.params import ID_PREFIX, GroupSpec, WorldParams, _range
from graphfraud.generate.sampling import stream

ADV_VARIANTS = ("adversarial", "adversarial-nofraud")
# typology -> modi operandi of this family (none of them is in the first family's MODI)
ADV_MODI: dict[str, tuple[str, ...]] = {
    "resale": ("online_voucher", "family_cards", "spread_recruits"),
    "fake_purchase": ("refund_cycling", "yearend_drain", "health_products", "care_home_claims"),
    "collusion": ("ghost_prescriptions", "ward_bed_hanging"),
    "impersonation": ("deceased_parent", "credential_lending"),
}
# sizes (core card-holders) by shape; some modi have their own natural size
SHAPES = {"small": (3, 6), "medium": (8, 40), "large": (60, 120)}
SHAPE_P = (0.3, 0.5, 0.2)
NATURAL_SIZE = {"family_cards": (3, 7), "deceased_parent": (1, 2)}
TEMPI = ("slow", "normal", "burst")  # one occasion a month all year / spread over months / all in two weeks
TEMPO_P = (0.3, 0.45, 0.25)
ADV_RANGES: dict[str, tuple[float, float]] = {
    "trips": (4, 25),
    "resold_share": (0.3, 0.9),
    "ident_share": (0.0, 0.6),
    "dormant_share": (0.0, 0.5),  # recruited cards used only once or twice
    "lookalike_prevalence": (0.5, 3.0),
    "lookalike_size": (10, 120),
}
GROUPS_P = (0.35, 0.45, 0.2)  # 0, 1 or 2 groups of a modus per 20,000 persons


@dataclass
class AdvSpec(GroupSpec):
    """A planted group of the adversarial family: the first family's parameters and its shape."""

    shape: str = "medium"
    tempo: str = "normal"
    spread: int = 1  # prefectures its card-holders live in
    dormant_share: float = 0.0
    launder: bool = False  # downstream pharmacies book a purchase covering the resold boxes

    def as_dict(self) -> dict[str, Any]:
        unused = {"id", "typology", "modus", "number", "buyers_per_box"}
        if self.typology != "resale":
            unused |= {"resold_share", "launder"}
        return {k: v for k, v in asdict(self).items() if k not in unused}


@dataclass
class ExportQuirks:
    """How this world's export differs from a tidy one (each drawn per seed)."""

    catalog_without_risk: bool  # drug_catalog has no resale_risk column
    catalog_without_days: bool  # nor the pack_days extra
    no_counter_columns: bool  # setl_d without opter_id and dev_no
    no_inventory_share: float  # pharmacies that upload no inv_* rows at all
    local_med_type_pref: str  # prefecture whose institutions use local med_type codes ("" = none)
    trace_formats: tuple[float, float, float, float]  # shares of products: 码上放心, GS1, maker, random
    prd_days_share: float  # share of drug lines that keep prd_days

    def as_dict(self) -> dict[str, Any]:
        return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in asdict(self).items()}


@dataclass
class AdversarialParams(WorldParams):
    family: str = "adversarial"
    export: ExportQuirks | None = None
    overlap_pharmacy: bool = False  # a resale outlet also runs a fake-purchase scheme
    double_recruit: bool = False  # card-holders of one resale group recruited by a second collector
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def fraud(self) -> bool:
        return self.variant == "adversarial"

    @property
    def drugs(self) -> bool:
        return True

    def as_dict(self) -> dict[str, Any]:
        return super().as_dict() | {"family": self.family, "export": self.export.as_dict() if self.export else {},
                                    "overlap_pharmacy": self.overlap_pharmacy, "double_recruit": self.double_recruit}


def _export(rng: np.random.Generator) -> ExportQuirks:
    from graphfraud.generate.planting import home_prefectures

    prefs = home_prefectures()
    shares = rng.dirichlet([5, 2, 1.5, 1.5])
    return ExportQuirks(catalog_without_risk=bool(rng.random() < 0.6), catalog_without_days=bool(rng.random() < 0.6),
                        no_counter_columns=bool(rng.random() < 0.5),
                        no_inventory_share=float(rng.uniform(0.1, 0.35)),
                        local_med_type_pref=str(prefs[int(rng.integers(0, len(prefs)))]) if rng.random() < 0.7 else "",
                        trace_formats=tuple(round(float(s), 3) for s in shares),  # type: ignore[arg-type]
                        prd_days_share=float(rng.uniform(0.05, 0.15)))


def draw_adversarial(seed: int, persons: int, variant: str = "adversarial",
                     world: dict[str, Any] | None = None) -> AdversarialParams:
    """Draw an adversarial world from its own stream: the same seed always draws the same world, and
    ``adversarial-nofraud`` draws exactly what ``adversarial`` draws and plants no group."""
    world = dict(world or {})
    variant = world.pop("variant", variant)
    if variant not in ADV_VARIANTS:
        raise ValueError(f"variant must be one of {', '.join(ADV_VARIANTS)}")
    modi_counts = world.pop("modi", {})
    ranges = {name: _range(world.get(name, default), name) for name, default in ADV_RANGES.items()}
    fixed_size = _range(world["group_size"], "group_size") if "group_size" in world else None
    rng = stream(seed, "adversarial-params")
    scale = min(1.0, max(0.25, persons / 20_000))

    def uniform(name: str) -> float:
        lo, hi = ranges[name]
        return float(rng.uniform(lo, hi))

    def integer(lo: float, hi: float) -> int:
        return int(rng.integers(int(lo), int(hi) + 1))

    prevalence = uniform("lookalike_prevalence")
    lo_size, hi_size = ranges["lookalike_size"]
    lookalike_size = (int(lo_size), max(int(lo_size), int(round(lo_size + (hi_size - lo_size) * scale))))
    per_world = max(1, round(persons / 20_000))
    groups: list[GroupSpec] = []
    for typology, modi in ADV_MODI.items():
        counts = []
        for modus in modi:
            if f"{typology}.{modus}" in modi_counts:
                lo, hi = _range(modi_counts[f"{typology}.{modus}"], "groups_per_modus")
                counts.append(integer(lo, hi))
            else:
                counts.append(int(rng.choice(3, p=GROUPS_P)) * per_world)
        if sum(counts) == 0 and not any(f"{typology}.{m}" in modi_counts for m in modi):
            counts[int(rng.integers(0, len(modi)))] = 1
        number = 0
        for modus, count in zip(modi, counts):
            for _ in range(count):
                number += 1
                shape = str(rng.choice(list(SHAPES), p=SHAPE_P))
                lo, hi = fixed_size or NATURAL_SIZE.get(modus, SHAPES[shape])
                shape = "natural" if modus in NATURAL_SIZE and not fixed_size else shape
                size = integer(lo, max(lo, lo + (hi - lo) * scale))
                groups.append(AdvSpec(
                    id=f"TR-{ID_PREFIX[typology]}-{number:02d}", typology=typology, modus=modus, size=size,
                    trips=integer(*ranges["trips"]), resold_share=round(uniform("resold_share"), 3), buyers_per_box=1,
                    ident_share=round(uniform("ident_share"), 3), number=number, shape=shape,
                    tempo=str(rng.choice(TEMPI, p=TEMPO_P)), spread=integer(1, 3),
                    dormant_share=round(uniform("dormant_share"), 3), launder=bool(rng.random() < 0.4)))
    shown = {k: (list(v) if v[0] != v[1] else v[0]) for k, v in ranges.items()}
    return AdversarialParams(variant, shown, prevalence, lookalike_size, groups, export=_export(rng),
                             overlap_pharmacy=bool(rng.random() < 0.5), double_recruit=bool(rng.random() < 0.5))
