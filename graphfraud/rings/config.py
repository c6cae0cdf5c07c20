"""Ring assembly and scoring settings: ``defaults.toml`` beside this module, overridden by a user file.

>>> cfg = load_ring_config()
>>> cfg.assembly.min_persons
2
"""
from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from graphfraud.detectors.config import _merge  # one overlay rule for every TOML config: unknown keys refused
from graphfraud.errors import InputError


@dataclass
class Assembly:
    min_members: int
    min_persons: int
    min_member_indicators: int
    binding_indicators: list[str]
    min_hub_persons: int
    min_place_persons: int
    resolution: float
    max_rings: int


@dataclass
class Scoring:
    context_only_factor: float
    context_indicators: list[str]
    multipliers: dict[str, float]


@dataclass
class Typology:
    dominant: float
    votes: dict[str, dict[str, float]]  # indicator -> {typology: share of its contribution}


@dataclass
class RingConfig:
    assembly: Assembly
    scoring: Scoring
    typology: Typology

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


SECTIONS = {"assembly": Assembly, "scoring": Scoring, "typology": Typology}


def load_ring_config(path: str | Path | None = None) -> RingConfig:
    """The defaults, overlaid key by key with the TOML file at ``path`` when given."""
    data = tomllib.loads(resources.files("graphfraud.rings").joinpath("defaults.toml").read_text(encoding="utf-8"))
    if path is not None:
        try:
            user = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise InputError(f"cannot read ring config {path}: {exc}",
                             "give a TOML file shaped like graphfraud/rings/defaults.toml") from exc
        problems = _merge(data, user, str(path))
        if problems:
            raise InputError("; ".join(problems), "see docs/rings.md for the accepted keys")
    return RingConfig(**{name: cls(**data[name]) for name, cls in SECTIONS.items()})
