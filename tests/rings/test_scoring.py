"""Scores as explained sums, typology, roles and amount classes, on hand-made findings."""
from __future__ import annotations

import pandas as pd
import pytest

from graphfraud.detectors.base import Finding
from graphfraud.errors import InputError
from graphfraud.rings.amounts import Thresholds, load_thresholds
from graphfraud.rings.config import load_ring_config
from graphfraud.rings.pipeline import assemble_rings
from graphfraud.store.embedded import EmbeddedStore


def links(pairs, indicator, weight=1.0):
    return pd.DataFrame({"src": [a for a, _ in pairs], "dst": [b for _, b in pairs], "weight": weight,
                         "evidence_id": [f"{indicator}:{a}-{b}" for a, b in pairs]})


def triangle(a, b, c):
    return [(a, b), (b, c), (a, c)]


def flagged(nodes, indicator, weight=1.0):
    """Flags on ``nodes``: evidence about their own records."""
    return pd.DataFrame({"node": list(nodes), "weight": weight, "evidence_id": [f"{indicator}:{n}" for n in nodes]})


@pytest.fixture()
def store(tmp_path):
    with EmbeddedStore(tmp_path / "ws.duckdb") as s:
        yield s


def test_score_is_the_sum_of_its_indicator_contributions(store):
    people = [f"Person:{i}" for i in range(1, 4)]
    findings = [Finding("co_purchase", links=links(triangle(*people), "co_purchase", 2.0)),
                Finding("over_supply", flags=flagged(people, "over_supply")),
                Finding("trace_reuse", links=links([("Person:1", "Institution:P1"), ("Person:2", "Institution:P1")],
                                                   "trace_reuse", 3.0),
                        flags=flagged(["Person:1", "Person:2", "Institution:P1"], "trace_reuse", 3.0))]
    cfg = load_ring_config()
    cfg.floor.joint = []  # three families, as a ring of three needs, with co-purchase apart from over-supply
    result = assemble_rings(store, findings, ring_config=cfg, save=False)
    ring = result.rings.iloc[0]
    parts = result.indicators[result.indicators.ring_id == ring.ring_id]
    assert ring.score == pytest.approx(parts.contribution.sum(), abs=1e-3)
    assert set(parts.indicator) == {"co_purchase", "trace_reuse", "over_supply"}
    assert ring.typology == "resale"
    assert ring.families == "co_purchase,over_supply,trace_reuse"
    assert all("log2" in e for e in parts.explanation)


def test_people_tied_only_by_what_they_share_are_no_ring(store):
    """A family shares phones and devices; nobody's own record is suspect, so nobody is accused."""
    family = triangle("Person:f1", "Person:f2", "Person:f3")
    cards = [f"Person:r{i}" for i in range(1, 6)]
    findings = [Finding("shared_identifiers", links=links(family, "shared_identifiers", 5.0)),
                Finding("swipe_burst", links=links([(c, "Institution:P7") for c in cards], "swipe_burst", 1.0),
                        flags=flagged([*cards, "Institution:P7"], "swipe_burst")),
                Finding("inventory_mismatch", links=links([(c, "Institution:P7") for c in cards], "inventory_mismatch"),
                        flags=flagged(["Institution:P7"], "inventory_mismatch"))]
    result = assemble_rings(store, findings, save=False)
    assert list(result.rings.typology) == ["fake_purchase"]
    assert set(result.members.key) == {"r1", "r2", "r3", "r4", "r5", "P7"}


def test_a_family_touching_one_member_does_not_hold_a_group(store):
    cards = ["Person:r1", "Person:r2", "Person:r3", "Person:r4", "Person:r5"]
    findings = [Finding("swipe_burst", links=links([(c, "Institution:P7") for c in cards], "swipe_burst", 1.0),
                        flags=flagged([*cards, "Institution:P7"], "swipe_burst")),
                Finding("over_supply", flags=flagged(["Person:r1"], "over_supply"))]
    assert assemble_rings(store, findings, save=False).rings.empty


@pytest.mark.parametrize("travellers, ranks", [(1, False), (2, True)])
def test_a_record_family_names_two_persons_not_one_and_a_counter(store, travellers, ranks):
    """Five relatives share a device and buy together at their pharmacy; one credential settled far
    away, at that counter, is one event of one person: no record family. Two such persons are."""
    relatives = [f"Person:f{i}" for i in range(1, 6)]
    ring = [(a, b) for i, a in enumerate(relatives) for b in relatives[i + 1:]]
    away = relatives[:travellers]
    findings = [Finding("shared_identifiers", links=links(ring, "shared_identifiers", 3.0)),
                Finding("co_purchase", links=links(ring + [(p, "Institution:P9") for p in relatives], "co_purchase", 2.0)),
                Finding("over_supply", flags=flagged(relatives, "over_supply", 2.0)),
                Finding("impersonation", links=links([(p, "Institution:P9") for p in away], "impersonation:distant", 2.0),
                        flags=flagged([*away, "Institution:P9"], "impersonation:distant", 2.0))]
    assert (not assemble_rings(store, findings, save=False).rings.empty) is ranks
    if not ranks:  # what the rule changes: counted with its counter, the one event had been a family
        cfg = load_ring_config()
        cfg.floor.min_family_persons = 1
        assert not assemble_rings(store, findings, ring_config=cfg, save=False).rings.empty


def test_one_soft_indicator_is_below_the_evidence_floor(store):
    cards = ["Person:r1", "Person:r2", "Person:r3"]
    findings = [Finding("swipe_burst", links=links([(c, "Institution:P7") for c in cards], "swipe_burst", 1.0),
                        flags=flagged([*cards, "Institution:P7"], "swipe_burst"))]
    result = assemble_rings(store, findings, save=False)
    assert result.rings.empty
    assert result.run["params"].count('"weak_candidates": 1')


def test_roles_follow_entity_kind_and_indicators(store):
    holders = [f"Person:h{i}" for i in range(4)]
    hub = [("Person:c", h) for h in holders]
    together = [(a, b) for i, a in enumerate(holders) for b in holders[i + 1:]]
    findings = [Finding("shared_identifiers", links=links(hub, "shared_identifiers", 2.0)),
                Finding("co_purchase", links=links(together, "co_purchase", 1.0)),
                Finding("collusion", links=links([("Practitioner:D1", "Institution:P9")]
                                                 + [(h, "Institution:P9") for h in holders]
                                                 + [(h, "Practitioner:D1") for h in holders], "collusion", 1.0),
                        flags=flagged([*holders, "Practitioner:D1", "Institution:P9"], "collusion")),
                Finding("impersonation", flags=flagged(["Person:h2"], "impersonation"))]
    cfg = load_ring_config()
    cfg.floor.records = []  # roles, not the floor: steering and co-purchase alone would not rank
    result = assemble_rings(store, findings, ring_config=cfg, save=False)
    roles = dict(zip(result.members.node_id, result.members.role))
    assert roles["Practitioner:D1"] == "doctor"
    assert roles["Institution:P9"] == "pharmacy"
    assert roles["Person:c"] == "collector"
    assert roles["Person:h2"] == "card_holder"  # impersonation flags name victims only in impersonation rings
    assert roles["Person:h3"] == "card_holder"


def test_impersonation_ring_has_victims_and_a_broker(store):
    victims = [f"Person:v{i}" for i in range(4)]
    findings = [Finding("impersonation", links=links([(v, "Institution:P5") for v in victims], "impersonation", 2.0),
                        flags=pd.DataFrame({"node": victims, "weight": 1.0, "evidence_id": "imp:flag"})),
                Finding("shared_identifiers", links=links([("Person:b", v) for v in victims], "shared_identifiers", 2.0))]
    result = assemble_rings(store, findings, save=False)
    roles = dict(zip(result.members.node_id, result.members.role))
    assert result.rings.typology.tolist() == ["impersonation"]
    assert roles["Person:b"] == "broker"
    assert {roles[v] for v in victims} == {"impersonated"}
    assert roles["Institution:P5"] == "pharmacy"


def test_customers_of_a_ring_pharmacy_are_context_not_members(store):
    ring = [f"Person:{p}" for p in "abcde"]
    shop = [("Institution:P1", f"Person:{p}") for p in "abcdexy"]  # x, y: honest customers
    findings = [Finding("swipe_burst", links=links([(p, "Institution:P1") for p in ring], "swipe_burst", 1.0),
                        flags=flagged([*ring, "Institution:P1"], "swipe_burst")),
                Finding("inventory_mismatch", links=links(shop, "inventory_mismatch", [2.0] * 5 + [0.3, 0.3]),
                        flags=flagged(["Institution:P1"], "inventory_mismatch"))]
    result = assemble_rings(store, findings, save=False)
    assert set(result.members.node_id) == {*ring, "Institution:P1"}
    assert dict(zip(result.context.node_id, result.context.role)) == {"Person:x": "customer", "Person:y": "customer"}
    assert result.rings.persons.tolist() == [5] and result.rings.context_persons.tolist() == [2]


def test_a_downstream_buyer_is_context_unless_their_own_record_is_suspect(store):
    holders = [f"Person:h{i}" for i in range(5)]
    outlet = "Institution:P8"
    chain = [(h, outlet) for h in holders] + [("Person:buyer", outlet), ("Person:dealer", outlet)]
    findings = [Finding("trace_reuse", links=links(chain, "trace_reuse", 3.0),
                        flags=flagged([*holders, outlet], "trace_reuse", 3.0)),
                Finding("over_supply", flags=flagged([*holders, "Person:dealer"], "over_supply"))]
    result = assemble_rings(store, findings, save=False)
    roles = dict(zip(result.members.node_id, result.members.role))
    assert set(roles) == {*holders, outlet, "Person:dealer"}
    assert dict(zip(result.context.node_id, result.context.role)) == {"Person:buyer": "downstream_buyer"}


def test_trivial_pieces_are_dropped(store):
    findings = [Finding("co_purchase", links=links([("Person:a", "Person:b"), ("Person:x", "Institution:P1"),
                                                    ("Institution:P1", "Institution:P2")], "co_purchase"),
                        flags=flagged(["Person:a", "Person:b", "Person:x"], "co_purchase"))]
    result = assemble_rings(store, findings, save=False)
    assert result.rings.empty  # two members; and one person with two institutions


def test_amount_classes_follow_the_province_figures():
    default, chongqing = load_thresholds(), load_thresholds(province="50")
    assert (default.large, default.huge, default.especially_huge) == (3000, 30000, 500000)
    assert default.amount_class(2999.99) == "" and default.amount_class(3000) == "数额较大"
    assert default.amount_class(45_000) == "数额巨大" and chongqing.amount_class(45_000) == "数额较大"
    assert chongqing.amount_class(500_000) == "数额特别巨大"
    both = Thresholds("x", 3000, 30000, 500000, basis="fund_plus_account")
    assert both.amount_class(2000, 1500) == "数额较大" and default.amount_class(2000, 1500) == ""
    with pytest.raises(InputError):
        load_thresholds(province="99")


def test_a_user_ring_config_overrides_one_key_and_refuses_typos(tmp_path):
    good = tmp_path / "rings.toml"
    good.write_text("[assembly]\nmin_persons = 4\n", encoding="utf-8")
    assert load_ring_config(good).assembly.min_persons == 4
    assert load_ring_config(good).assembly.min_members == load_ring_config().assembly.min_members
    bad = tmp_path / "bad.toml"
    bad.write_text("[assembly]\nmin_person = 4\n", encoding="utf-8")
    with pytest.raises(InputError, match="min_person"):
        load_ring_config(bad)
