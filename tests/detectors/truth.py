"""Reading the generator's truth and a detector's findings: which members a planted group has, which links fall inside."""
from __future__ import annotations

from typing import Any


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
    """Links with both ends in ``nodes``, but for the weak shared-identifier ones (a household's phone holding
    two e-vouchers), which the rings' graph keeps aside: they tie no one into a ring."""
    within = finding.links[finding.links.src.isin(nodes) & finding.links.dst.isin(nodes)]
    return within[~within.evidence_id.astype(str).str.startswith("shared_identifiers:weak:")]
