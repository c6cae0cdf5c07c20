"""Both families of worlds behind one door: the world-file check and the draw for every variant.

``random``/``nofraud``/``nodrug`` draw from ``generate.params`` (the first family);
``adversarial``/``adversarial-nofraud`` from ``generate.adversarial_params`` (the second, designed apart).
"""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from graphfraud.generate.adversarial_params import ADV_MODI, ADV_RANGES, draw_adversarial
from graphfraud.generate.params import MODI, RANGES, VARIANTS, WorldParams, draw_random


def draw_params(seed: int, persons: int, variant: str = "random", world: dict[str, Any] | None = None) -> WorldParams:
    """The world's parameters from the family its variant (or the world file's ``variant``) belongs to."""
    variant = (world or {}).get("variant", variant)
    draw = draw_adversarial if variant.startswith("adversarial") else draw_random
    return draw(seed, persons, variant, world)


def read_world_file(path: str | Path) -> dict[str, Any]:
    """The ranges and values of a TOML world file, checked: unknown keys are refused."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    known = set(RANGES) | set(ADV_RANGES) | {"variant", "modi"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"unknown world-file keys: {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    modi = data.get("modi", {})
    names = {f"{t}.{m}" for family in (MODI, ADV_MODI) for t, ms in family.items() for m in ms}
    if set(modi) - names:
        raise ValueError(f"unknown modi operandi: {', '.join(sorted(set(modi) - names))} "
                         f"(known: {', '.join(sorted(names))})")
    if data.get("variant", "random") not in VARIANTS:
        raise ValueError(f"variant must be one of {', '.join(VARIANTS)}")
    return data
