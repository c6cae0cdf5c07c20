"""Detector findings on the small generated set, computed once per session, and truth helpers."""
from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def findings(small_workspace: Any) -> dict[str, Any]:
    """Every detector's Finding on the small generated workspace, by detector name."""
    from graphfraud.detectors import run_detectors
    from graphfraud.store.embedded import EmbeddedStore

    with EmbeddedStore(small_workspace, read_only=True) as store:
        return {f.indicator: f for f in run_detectors(store)}


def members(group: dict[str, Any], part: str) -> set[str]:
    """The keys of a truth ring's or group's persons / institutions / doctors (list or role map)."""
    value = group.get(part) or []
    return set(value) if not isinstance(value, dict) else set(value.keys())


def of_kind(truth: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """Planted rings of one typology, or hard-negative groups of one kind."""
    rings = [r for r in truth["rings"] if r.get("typology") == kind]
    return rings or [g for g in truth.get("hard_negatives", []) if g.get("kind") == kind]


def linked_nodes(finding: Any) -> set[str]:
    return set(finding.links.src) | set(finding.links.dst)


def links_within(finding: Any, nodes: set[str]) -> Any:
    """Links with both ends in ``nodes``."""
    return finding.links[finding.links.src.isin(nodes) & finding.links.dst.isin(nodes)]
