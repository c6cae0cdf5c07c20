"""Ring assembly and scoring settings: ``defaults.toml`` beside this module, overridden by a user file.

>>> cfg = load_ring_config()
>>> cfg.assembly.min_persons
3
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from graphfraud.tomlconfig import load_layered


@dataclass
class Assembly:
    min_members: int
    min_persons: int
    min_member_indicators: int
    min_hub_persons: int
    min_place_persons: int
    customer_links: list[str]
    purchase_flags: list[str]  # indicators whose flag on a buyer of a resold box, for that purchase alone, is dropped
    max_hub_degree: int
    max_ring_persons: int
    collector_share: float
    outlet_share: float
    outlet_back_share: float
    closed_min_boxes: int
    closed_max_share: float
    closed_tail: float
    pool_share: float
    buyers_share: float
    cohort_kinds: list[str]
    batch_kinds: list[str]
    batch_ring_persons: int
    counter_ties: list[str]
    place_wide_kinds: list[str]
    scheme_markers: list[str]
    separation_resolution: float
    max_separation_conductance: float
    max_context: int
    apart_links: list[str]
    apart_open: list[str]
    apart_min_persons: int
    alone_kinds: list[str]
    holder_kinds: list[str]
    holder_persons: int
    hand_kinds: list[str]
    shared_kinds: list[str]
    shared_min_evidence: int
    shared_follow: list[str]
    resolution: float
    max_rings: int


@dataclass
class Scoring:
    context_only_factor: float
    context_indicators: list[str]
    multipliers: dict[str, float]
    min_lead_score: float
    loss_uncounted: list[str]
    loss_at_places: list[str]  # ...counted after all where the settlement is at one of the ring's institutions
    alike_ratio: float  # a resale member's other fills of the drug he resold count when the resold were no bigger
    alike_skip_med_types: list[str]  # ...never those of stays


@dataclass
class Floor:
    min_families: int
    min_family_share: float
    min_family_persons: int
    small_ring_persons: int
    uncounted: list[str]
    joint: list[list[str]]
    records: list[str]
    decisive_persons: int
    repeated: dict[str, int]  # indicator:kind -> times one person and one place make it decisive


@dataclass
class Typology:
    dominant: float
    votes: dict[str, dict[str, float]]  # indicator -> {typology: share of its contribution}


@dataclass
class RingConfig:
    assembly: Assembly
    scoring: Scoring
    floor: Floor
    typology: Typology

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


SECTIONS = {"assembly": Assembly, "scoring": Scoring, "floor": Floor, "typology": Typology}


def load_ring_config(path: str | Path | None = None) -> RingConfig:
    """The defaults, overlaid key by key with the TOML file at ``path`` when given."""
    data = load_layered("graphfraud.rings", "ring config", "docs/rings.md", path)
    return RingConfig(**{name: cls(**data[name]) for name, cls in SECTIONS.items()})
