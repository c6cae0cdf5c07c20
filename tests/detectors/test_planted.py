"""Each planted scheme is found by the detector meant for it (small generated set, seed 7)."""
from __future__ import annotations

from typing import Any

from tests.detectors.truth import linked_nodes, links_within, members, of_kind


def _persons(ring: dict[str, Any]) -> set[str]:
    return {f"Person:{p}" for p in members(ring, "persons")}


def _institutions(ring: dict[str, Any]) -> set[str]:
    return {f"Institution:{i}" for i in members(ring, "institutions")}


def test_trace_reuse_reaches_every_resale_rings_downstream_pharmacy(findings: dict, small_truth: dict) -> None:
    rings = of_kind(small_truth, "resale")
    assert rings
    linked = linked_nodes(findings["trace_reuse"])
    for ring in rings:
        assert _institutions(ring) & linked, ring.get("ring_id")
        # the holders whose boxes came back are tied to the pharmacy that resold them
        assert len(_persons(ring) & linked) >= 3, ring.get("ring_id")


def test_shared_identifiers_tie_collectors_to_their_holders(findings: dict, small_truth: dict) -> None:
    for ring in of_kind(small_truth, "resale"):
        inside = links_within(findings["shared_identifiers"], _persons(ring))
        assert len(inside) >= len(_persons(ring)) // 2, ring.get("ring_id")


def test_over_supply_flags_most_resale_holders(findings: dict, small_truth: dict) -> None:
    flagged = set(findings["over_supply"].flags.node)
    for ring in of_kind(small_truth, "resale"):
        roles = ring.get("roles") or ring.get("persons")
        holders = {f"Person:{p}" for p, r in roles.items() if r == "card_holder"} if isinstance(roles, dict) \
            else _persons(ring)
        assert len(holders & flagged) >= 0.5 * len(holders), ring.get("ring_id")


def test_co_purchase_pairs_resale_holders(findings: dict, small_truth: dict) -> None:
    for ring in of_kind(small_truth, "resale"):
        assert len(links_within(findings["co_purchase"], _persons(ring))) >= 1, ring.get("ring_id")


def test_swipe_bursts_link_fake_purchase_cards_to_their_pharmacy(findings: dict, small_truth: dict) -> None:
    rings = of_kind(small_truth, "fake_purchase")
    assert rings
    links = findings["swipe_burst"].links
    for ring in rings:
        ends = set(links.src[links.dst.isin(_institutions(ring))]) | set(links.dst[links.src.isin(_institutions(ring))])
        assert len(ends & _persons(ring)) >= 0.8 * len(_persons(ring)), ring.get("ring_id")


def test_inventory_mismatch_flags_fake_purchase_pharmacies(findings: dict, small_truth: dict) -> None:
    flagged = set(findings["inventory_mismatch"].flags.node)
    for ring in of_kind(small_truth, "fake_purchase"):
        assert _institutions(ring) & flagged, ring.get("ring_id")


def test_collusion_links_the_doctor_to_the_pharmacy(findings: dict, small_truth: dict) -> None:
    rings = of_kind(small_truth, "collusion")
    assert rings
    links = findings["collusion"].links
    for ring in rings:
        doctors = {f"Practitioner:{d}" for d in members(ring, "doctors")}
        pairs = links[(links.src.isin(doctors) & links.dst.isin(_institutions(ring)))
                      | (links.dst.isin(doctors) & links.src.isin(_institutions(ring)))]
        assert len(pairs) >= 1, ring.get("ring_id")


def test_impersonation_flags_the_impersonated_and_links_their_counter(findings: dict, small_truth: dict) -> None:
    rings = of_kind(small_truth, "impersonation")
    assert rings
    finding = findings["impersonation"]
    for ring in rings:
        assert len(_persons(ring) & set(finding.flags.node)) >= 0.8 * len(_persons(ring)), ring.get("ring_id")
        assert _institutions(ring) & linked_nodes(finding), ring.get("ring_id")
