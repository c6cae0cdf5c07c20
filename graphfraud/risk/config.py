"""Risk score settings: ``defaults.toml`` beside this module, overlaid key by key by a user file.

>>> cfg = load_config()
>>> cfg.half_life_months, cfg.credit_points["referred"]
(6.0, 15.0)
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from graphfraud.tomlconfig import load_layered


@dataclass(frozen=True)
class RiskConfig:
    half_life_months: float
    ring_factor: float
    indicator_points: float
    rule_points: dict[str, float]
    rule_default: float
    rule_cap: float
    tip_points: float
    credit_points: dict[str, float]
    base_weight: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_config(path: str | Path | None = None) -> RiskConfig:
    data = load_layered("graphfraud.risk", "risk config", "docs/inspection.md", path)
    return RiskConfig(**data["score"], **data["plan"])
