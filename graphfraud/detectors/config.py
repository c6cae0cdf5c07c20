"""Detector thresholds: ``defaults.toml`` beside this module, overridden key by key by a user file.

The TOML file is the only place a default lives; each detector reads its own dataclass, and the
values it applied go into its Finding's ``params`` so a ring records the thresholds behind it.

>>> cfg = load_config()
>>> cfg.shared_identifiers.max_persons
30
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from graphfraud.tomlconfig import load_layered


@dataclass
class SharedIdentifiers:
    max_persons: int
    pool_types: list[str]
    pool_max: int
    min_weight: float
    weak_weight: float
    type_weights: dict[str, float]
    default_type_weight: float
    crowd_size: int
    crowd_factor: float
    household_types: list[str]
    household_factor: float
    place_weight: float
    weight: float


@dataclass
class CoPurchase:
    window_days: int
    lookback_days: int
    min_shared_windows: int
    max_group_buyers: int
    exempt_med_types: list[str]
    weight: float


@dataclass
class TraceReuse:
    min_settlements: int
    cross_region_factor: float
    weight: float


@dataclass
class OverSupply:
    window_days: int
    ratio: float
    strong_ratio: float
    min_stated_lines: int
    peer_ratio: float
    min_peers: int
    min_peer_days: int
    regular_fills: int
    shop_window_days: int
    shop_min_places: int
    chronic_med_types: list[str]
    chronic_ratio: float
    inpatient_med_types: list[str]
    weight: float


@dataclass
class InventoryMismatch:
    purchase_lead_days: int
    min_gap_units: float
    decisive_share: float
    weight: float


@dataclass
class SwipeBurst:
    window_minutes: int
    min_cards: int
    z: float
    min_distant_share: float
    min_same_basket_share: float
    min_distant_basket_share: float
    min_card_bursts: int
    basket_exempt_prefixes: list[str]
    basket_exempt_med_types: list[str]
    night_start_hour: int
    night_end_hour: int
    min_night_cards: int
    night_exempt_prefixes: list[str]
    weight: float


@dataclass
class Collusion:
    min_share: float
    min_pair_share: float
    min_prescriptions: int
    min_patient_fills: int
    home_share: float
    min_lift: float
    patient_weight: float
    exempt_med_types: list[str]
    ghost_evening_hour: int
    ghost_morning_hour: int
    ghost_fill_hours: float
    ghost_session_minutes: float
    ghost_session_patients: int
    ghost_min_patients: int
    ghost_min_share: float
    weight: float


@dataclass
class BackdatedRx:
    lookback_days: int
    after_days: int
    min_fills: int
    min_share: float
    weight: float


@dataclass
class SwitchedDrug:
    prefix_len: int
    code_len: int
    min_share: float
    min_lines: int
    min_settlements: int
    min_patient_settlements: int
    weight: float


@dataclass
class Impersonation:
    death_grace_days: int
    distant_hours: float
    base_days: int
    stay_margin_hours: float
    away_min_persons: int
    away_ratio: float
    present_prefixes: list[str]
    inpatient_med_types: list[str]
    household_max: int
    household_hours: float
    household_types: int
    hand_minutes: float
    hand_days: int
    hand_min_cards: int
    lent_med_types: list[str]
    female_dise_prefixes: list[str]
    male_dise_prefixes: list[str]
    max_pregnancy_age: float
    id_cert_types: list[str]
    lent_max_tail: float
    lent_max_tail_impossible: float
    lent_min_stays: int
    lent_min_persons: int
    lent_decisive_persons: int
    lent_repeat_stays: int
    lent_min_impossible: int
    broker_types: list[str]
    broker_min_holders: int
    broker_min_share: float
    weight: float


@dataclass
class SplitStays:
    inpatient_med_types: list[str]
    dise_len: int
    exempt_dise_prefixes: list[str]
    readmit_days: float
    min_readmissions: int
    min_persons: int
    decisive_persons: int
    weight: float


@dataclass
class CoAdmission:
    inpatient_med_types: list[str]
    max_group: int
    min_shared_days: int
    weight: float
    dise_len: int
    surge_min_persons: int
    surge_ratio: float
    surge_decisive_persons: int
    surge_readmitted_share: float
    surge_small_persons: int
    surge_small_back: int
    surge_max_persons: int
    surge_exempt_dise_prefixes: list[str]


@dataclass
class YearendDrain:
    ratio: float
    min_amount: float
    batch_persons: int
    batch_minutes: float
    batch_share: float
    weight: float


@dataclass
class UnrefundedReturns:
    grace_days: int
    min_settlements: int
    weight: float


@dataclass
class ImportedEvidence:
    rule_weight: float
    severity_weights: dict[str, float]
    lead_weight: float


@dataclass
class SamePerson:
    min_match_weight: float
    weight: float


SECTIONS: dict[str, type] = {
    "shared_identifiers": SharedIdentifiers, "co_purchase": CoPurchase, "trace_reuse": TraceReuse,
    "over_supply": OverSupply, "inventory_mismatch": InventoryMismatch, "swipe_burst": SwipeBurst,
    "collusion": Collusion, "backdated_rx": BackdatedRx, "switched_drug": SwitchedDrug, "impersonation": Impersonation,
    "split_stays": SplitStays, "co_admission": CoAdmission, "yearend_drain": YearendDrain,
    "unrefunded_returns": UnrefundedReturns, "imported_evidence": ImportedEvidence, "same_person": SamePerson,
}


@dataclass
class DetectorConfig:
    shared_identifiers: SharedIdentifiers
    co_purchase: CoPurchase
    trace_reuse: TraceReuse
    over_supply: OverSupply
    inventory_mismatch: InventoryMismatch
    swipe_burst: SwipeBurst
    collusion: Collusion
    backdated_rx: BackdatedRx
    switched_drug: SwitchedDrug
    impersonation: Impersonation
    split_stays: SplitStays
    co_admission: CoAdmission
    yearend_drain: YearendDrain
    unrefunded_returns: UnrefundedReturns
    imported_evidence: ImportedEvidence
    same_person: SamePerson

    def as_dict(self) -> dict[str, dict[str, Any]]:
        return asdict(self)


def load_config(path: str | Path | None = None) -> DetectorConfig:
    """The defaults, overlaid with the user file at ``path`` when given."""
    data = load_layered("graphfraud.detectors", "detector config", "docs/detectors.md", path)
    return DetectorConfig(**{name: cls(**data[name]) for name, cls in SECTIONS.items()})
