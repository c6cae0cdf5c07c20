"""Look-alikes stay unlinked by the detectors whose signal they mimic: one test per hard-negative kind."""
from __future__ import annotations

from typing import Any

from tests.detectors.truth import links_within, members, of_kind


def _persons(group: dict[str, Any]) -> set[str]:
    return {f"Person:{p}" for p in members(group, "persons")}


def _institutions(group: dict[str, Any]) -> set[str]:
    return {f"Institution:{i}" for i in members(group, "institutions")}


def _touching(finding: Any, nodes: set[str]) -> int:
    return int((finding.links.src.isin(nodes) | finding.links.dst.isin(nodes)).sum())


def test_families_share_identifiers_without_being_linked(findings: dict, small_truth: dict) -> None:
    groups = of_kind(small_truth, "family")
    assert groups
    for group in groups:
        assert links_within(findings["shared_identifiers"], _persons(group)).empty, group.get("group_id")


def test_nursing_home_residents_are_neither_linked_nor_a_burst(findings: dict, small_truth: dict) -> None:
    groups = of_kind(small_truth, "nursing_home")
    assert groups
    for group in groups:
        assert links_within(findings["shared_identifiers"], _persons(group)).empty, group.get("group_id")
        assert _touching(findings["swipe_burst"], _institutions(group)) == 0, group.get("group_id")
    # a home's shared address is a super-node when it has more residents than max_persons, and a
    # household (scaled below the bar) when it has fewer: either way no resident pair is a link
    hubs = findings["shared_identifiers"].params["super_nodes"]
    limit = findings["shared_identifiers"].params["max_persons"]
    assert all(h["persons"] > limit for h in hubs)


def test_hub_pharmacies_are_capped_not_paired(findings: dict, small_truth: dict) -> None:
    groups = of_kind(small_truth, "hub_pharmacy")
    assert groups
    hubs = set().union(*(_institutions(g) for g in groups))
    for name in ("swipe_burst", "collusion", "inventory_mismatch"):
        assert _touching(findings[name], hubs) == 0, name


def test_split_pack_codes_are_not_reuse(findings: dict, small_truth: dict) -> None:
    groups = of_kind(small_truth, "split_pack")
    assert groups
    assert findings["trace_reuse"].params["split_pack_codes_excepted"] >= 1
    for group in groups:
        assert _touching(findings["trace_reuse"], _institutions(group)) == 0, group.get("group_id")


def test_chronic_patients_are_neither_over_supplied_nor_co_purchasers(findings: dict, small_truth: dict) -> None:
    groups = of_kind(small_truth, "chronic_patient")
    assert groups
    for group in groups:
        people = _persons(group)
        assert links_within(findings["co_purchase"], people).empty, group.get("group_id")
        assert not people & set(findings["over_supply"].flags.node), group.get("group_id")


def test_hospital_side_pharmacies_are_not_collusion(findings: dict, small_truth: dict) -> None:
    groups = of_kind(small_truth, "hospital_side_pharmacy")
    assert groups
    for group in groups:
        assert _touching(findings["collusion"], _institutions(group)) == 0, group.get("group_id")
        assert _touching(findings["swipe_burst"], _institutions(group)) == 0, group.get("group_id")


def test_dtp_pharmacies_are_not_collusion(findings: dict, small_truth: dict) -> None:
    groups = of_kind(small_truth, "dtp_pharmacy")
    assert groups
    for group in groups:
        assert _touching(findings["collusion"], _institutions(group)) == 0, group.get("group_id")
        assert not _persons(group) & set(findings["over_supply"].flags.node), group.get("group_id")
