"""Look-alikes stay unlinked by the detectors whose signal they mimic: one test per hard-negative kind."""
from __future__ import annotations

from typing import Any

import pytest

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


LOOKALIKE_KINDS = ["family", "relatives_fetching", "nursing_home", "clinic_day", "member_day", "hospital_side_pharmacy",
                   "dtp_pharmacy", "chronic_patient", "split_pack", "snowbird"]


@pytest.mark.parametrize("kind", LOOKALIKE_KINDS)
def test_lookalikes_of_a_varied_world_stay_out_of_the_top_20(varied_rings: dict, kind: str) -> None:
    """Issue 14: every look-alike kind, at the prevalence and size a varied world draws, beside the
    fraud or alone, never makes up most of a top-20 ring."""
    groups = of_kind(varied_rings["truth"], kind)
    assert groups, f"the varied world has no {kind}"
    theirs = set().union(*(members(g, "persons") for g in groups))
    top = varied_rings["rings"].sort_values("rank").head(20).ring_id
    m = varied_rings["members"]
    for ring_id in top:
        persons = set(m.key[(m.ring_id == ring_id) & (m.label == "Person")])
        assert len(persons & theirs) <= len(persons) / 2, (kind, ring_id, len(persons & theirs), len(persons))


def test_only_a_world_with_fraud_gives_leads(varied_rings: dict) -> None:
    """The lead threshold (scoring.min_lead_score) separates: the fraud world has leads, the same world
    without its fraud has no ring reaching it."""
    from graphfraud.rings.config import load_ring_config

    bar = load_ring_config().scoring.min_lead_score
    scores = varied_rings["rings"].score if len(varied_rings["rings"]) else []
    leads = sum(1 for s in scores if s >= bar)
    if varied_rings["variant"] == "nofraud":
        assert leads == 0
    else:
        assert leads >= len(varied_rings["truth"]["rings"]) // 2


LOCAL_CODES = {"14": "140104", "21": "2101"}  # one prefecture's own sub-codes of 门慢/门特 and inpatient stays


def test_local_med_type_sub_codes_read_like_their_national_codes(small_workspace: Any, small_truth: dict,
                                                                  tmp_path: Any) -> None:
    """A prefecture exporting 门慢/门特 and stays under its own sub-codes (140104 for 14, 2101 for 21)
    gets the same detector inputs: exemptions, chronic refills and stays read by the first two digits.
    No DTP pharmacy is then steered to."""
    import shutil

    from graphfraud.detectors import collusion
    from graphfraud.detectors.config import load_config
    from graphfraud.detectors.frames import resale_drugs
    from graphfraud.store.embedded import EmbeddedStore

    cfg = load_config()
    with EmbeddedStore(small_workspace, read_only=True) as store:
        drugs = resale_drugs(store)[0]  # what over-supply reads
    frames = {"det_doctor_pharmacy": {"drugs": [], "exempt_med_types": cfg.collusion.exempt_med_types},
              "det_drug_days": {"drugs": drugs, "chronic_med_types": cfg.over_supply.chronic_med_types,
                                "inpatient_med_types": cfg.over_supply.inpatient_med_types},
              "det_distant_settlements": {"hours": cfg.impersonation.distant_hours, "base_days": cfg.impersonation.base_days,
                                          "inpatient_med_types": cfg.impersonation.inpatient_med_types},
              "det_visits_in_stays": {"inpatient_med_types": cfg.impersonation.inpatient_med_types,
                                      "margin_hours": cfg.impersonation.stay_margin_hours,
                                      "present_prefixes": cfg.impersonation.present_prefixes}}
    copy = tmp_path / "local.duckdb"
    shutil.copy(small_workspace, copy)
    with EmbeddedStore(copy) as store:
        before = {name: store.frame(name, **params) for name, params in frames.items()}
        for table in ("setl_d", "mdtrt_d"):
            for national, local in LOCAL_CODES.items():
                store.con.execute(f"UPDATE {table} SET med_type = ? WHERE med_type = ?", [local, national]).fetchall()
        for local in LOCAL_CODES.values():
            assert store.con.execute("SELECT count(*) FROM setl_d WHERE med_type = ?", [local]).fetchall()[0][0] > 0
        after = {name: store.frame(name, **params) for name, params in frames.items()}
        found = collusion.detect(store, cfg)
    for name in frames:
        assert len(before[name]) and before[name].equals(after[name]), name
    for group in of_kind(small_truth, "dtp_pharmacy"):
        assert _touching(found, _institutions(group)) == 0, group.get("group_id")

