"""Round 2 of issue 14 on hand-made findings: the floor wants a record family, a decisive finding must name
the ring's persons, schemes of one counter come apart, a dead card's household is a ring of its own, and a
ring's loss is each member's own evidenced settlements."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from graphfraud.detectors.base import Finding
from graphfraud.rings.pipeline import assemble_rings
from graphfraud.store.embedded import EmbeddedStore


def links(pairs, evidence_id, weight=1.0):
    return pd.DataFrame({"src": [a for a, _ in pairs], "dst": [b for _, b in pairs], "weight": weight,
                         "evidence_id": [evidence_id(a, b) if callable(evidence_id) else evidence_id for a, b in pairs]})


def flagged(nodes, evidence_id, weight=1.0):
    return pd.DataFrame({"node": list(nodes), "weight": weight,
                         "evidence_id": [evidence_id(n) if callable(evidence_id) else evidence_id for n in nodes]})


def clique(people):
    return [(a, b) for i, a in enumerate(people) for b in people[i + 1:]]


def decisive_rows(ids):
    return pd.DataFrame({"evidence_id": list(ids), "indicator": "x", "table": "setl_d", "row_key": list(ids),
                         "src_file": "f", "src_line": 1, "setl_id": None, "fund_pay_sumamt": 0.0, "hifp_pay": 0.0,
                         "acct_pay": 0.0, "medfee_sumamt": 0.0, "detail": '{"decisive": true}'})


@pytest.fixture()
def store(tmp_path):
    with EmbeddedStore(tmp_path / "ws.duckdb") as s:
        yield s


def test_buying_together_and_much_is_no_ring_without_a_record_against_it(store):
    """A diabetes club or a village agent's batch: co-purchase and over-supply, nothing resold, no gap."""
    club = [f"Person:c{i}" for i in range(8)]
    findings = [Finding("co_purchase", links=links(clique(club), lambda a, b: f"co_purchase:{a}{b}", 2.0)),
                Finding("over_supply", flags=flagged(club, lambda n: f"over_supply:days:{n}"))]
    assert assemble_rings(store, findings, save=False).rings.empty
    # the same group whose boxes come back on the market elsewhere is a ring
    outlet = "Institution:P2"
    findings.append(Finding("trace_reuse", links=links([(p, outlet) for p in club], lambda a, b: f"trace_reuse:resold:{a}", 3.0),
                            flags=flagged([*club, outlet], lambda n: f"trace_reuse:resold:{n}", 3.0)))
    rings = assemble_rings(store, findings, save=False).rings
    assert rings.persons.tolist() == [8] and rings.typology.tolist() == ["resale"]


def test_one_decisive_finding_on_one_person_does_not_carry_a_large_cohort(store):
    cohort = [f"Person:k{i}" for i in range(30)]
    doctor, pharmacy = "Practitioner:D1", "Institution:P1"
    steer = [(p, pharmacy) for p in cohort] + [(p, doctor) for p in cohort] + [(doctor, pharmacy)]
    findings = [Finding("collusion", links=links(steer, "collusion:D1", 0.5), flags=flagged([*cohort, doctor, pharmacy],
                                                                                         "collusion:D1")),
                Finding("trace_reuse", links=links([(cohort[0], pharmacy)], "trace_reuse:reswiped:T1", 3.0),
                        flags=flagged([cohort[0]], "trace_reuse:reswiped:T1", 3.0),
                        evidence=decisive_rows(["trace_reuse:reswiped:T1"]))]
    result = assemble_rings(store, findings, save=False)
    assert result.rings.empty
    assert json.loads(result.run["params"])["assembly"]["weak_candidates"] >= 1


def test_two_schemes_of_one_counter_are_told_apart_by_their_evidence(store):
    """Refund cycling (codes re-swiped at the counter) and a resale scheme (boxes resold there) at one pharmacy."""
    counter = "Institution:P9"
    cycled = [f"Person:r{i}" for i in range(6)]
    resold = [f"Person:s{i}" for i in range(5)]
    findings = [Finding("trace_reuse",
                        links=pd.concat([links([(p, counter) for p in cycled], lambda a, b: f"trace_reuse:reswiped:{a}", 3.0),
                                         links([(p, counter) for p in resold], lambda a, b: f"trace_reuse:resold:{a}", 3.0)]),
                        flags=pd.concat([flagged(cycled, lambda n: f"trace_reuse:reswiped:{n}", 3.0),
                                         flagged(resold, lambda n: f"trace_reuse:resold:{n}", 3.0)]),
                        evidence=decisive_rows([f"trace_reuse:reswiped:{p}" for p in cycled]
                                               + [f"trace_reuse:resold:{p}" for p in resold])),
                Finding("over_supply", flags=flagged(resold, lambda n: f"over_supply:days:{n}"))]
    result = assemble_rings(store, findings, save=False)
    assert sorted(result.rings.persons) == [5, 6]
    assert json.loads(result.run["params"])["assembly"]["schemes_apart"] == 1


def _collected_cards(counter, cards):
    """A counter swiping collected cards in bursts, its stock gap decisive: a ring of its own."""
    return [Finding("swipe_burst", links=links([(c, counter) for c in cards], lambda a, b: f"swipe_burst:w:{a}"),
                    flags=flagged([*cards, counter], lambda n: f"swipe_burst:w:{n}")),
            Finding("inventory_mismatch", links=links([(c, counter) for c in cards], "inventory_mismatch:P5:X"),
                    flags=flagged([counter], "inventory_mismatch:P5:X"),
                    evidence=decisive_rows(["inventory_mismatch:P5:X"]))]


def test_a_dead_parents_card_and_the_child_beside_it_are_a_ring_of_their_own(store):
    """The counter also runs a scheme of collected cards; the family is not part of it."""
    counter = "Institution:P5"
    cards = [f"Person:b{i}" for i in range(6)]
    dead, child = "Person:dead", "Person:child"
    findings = [*_collected_cards(counter, cards),
                Finding("impersonation",
                        links=pd.concat([links([(dead, counter)], "impersonation:death:dead", 2.0),
                                         links([(child, dead)], "impersonation:household:dead", 2.0)]),
                        flags=pd.concat([flagged([dead], "impersonation:death:dead", 2.0),
                                         flagged([child], "impersonation:household:dead")]),
                        evidence=decisive_rows(["impersonation:death:dead", "impersonation:household:dead"]))]
    result = assemble_rings(store, findings, save=False)
    rings = result.members.groupby("ring_id").node_id.agg(set)
    assert {dead, child} in list(rings), rings
    family = result.rings[result.rings.ring_id == next(r for r, m in rings.items() if dead in m)].iloc[0]
    assert family.typology == "impersonation" and family.score >= 6.0  # decisive: worth a lead
    assert any(set(cards) <= m for m in rings)


def test_a_ring_counts_each_members_own_evidenced_settlements_only():
    """A counter's stock gap names a member's genuine refill beside the phantom swipes: evidence, not loss."""
    from graphfraud.rings.amounts import ring_amounts, ring_settlements
    from graphfraud.rings.results import _owners

    settlements = pd.DataFrame({"setl_id": ["s1", "s2", "s3"], "mdtrt_id": ["m1", "m2", "m3"],
                                "psn_no": ["A", "A", "B"], "setl_time": pd.Timestamp("2025-08-01"),
                                "refd_setl_flag": 0, "vali_flag": 1, "medfee_sumamt": 100.0,
                                "fund_pay_sumamt": [10.0, 1000.0, 20.0], "hifp_pay": 0.0, "acct_pay": 0.0})
    loss = pd.DataFrame({"ring_id": [0, 0, 0],
                         "evidence_id": ["over_supply:A", "inventory_mismatch:P1:X", "swipe_burst:w1"],
                         "setl_id": ["s1", "s2", "s3"],
                         # A's over-supply names s1; the stock gap names A's refill s2 but ties only the counter;
                         # the burst ties B's card
                         "entities": ["Person:A", "Institution:P1", "Institution:P1 Person:B"]})
    chosen = ring_settlements(settlements, loss, _owners(loss))
    assert sorted(chosen.setl_id) == ["s1", "s3"]
    assert ring_amounts(chosen).fund_pay_sumamt.tolist() == [30.0]


def test_a_crew_cards_first_sale_of_a_reswiped_code_is_loss_a_customers_is_not():
    """A counter swiped box c on crew card A, then on crew card B; box d it sold to customer X, then
    swiped its code on B. A's first sale was no sale (A is the crew's: trace reuse ties A to the ring
    through another code); X's was a real one."""
    from graphfraud.rings.amounts import ring_settlements
    from graphfraud.rings.results import _crew_holders, _owners

    settlements = pd.DataFrame({"setl_id": ["s1", "s2", "s3", "s4"], "mdtrt_id": ["m1", "m2", "m3", "m4"],
                                "psn_no": ["A", "B", "X", "B"], "setl_time": pd.Timestamp("2025-08-01"),
                                "refd_setl_flag": 0, "vali_flag": 1, "medfee_sumamt": 100.0,
                                "fund_pay_sumamt": 50.0, "hifp_pay": 50.0, "acct_pay": 0.0})
    loss = pd.DataFrame({"ring_id": 0, "indicator": "trace_reuse",
                         "evidence_id": ["trace_reuse:reswiped:c"] * 2 + ["trace_reuse:reswiped:d"] * 2,
                         "setl_id": ["s1", "s2", "s3", "s4"], "entities": "Institution:P Person:B"})
    members = pd.DataFrame({"ring": 0, "node_id": ["Person:A", "Person:B", "Institution:P"],
                            "basis": "trace_reuse"})
    owners = pd.concat([_owners(loss), _crew_holders(loss, settlements, members)])
    assert sorted(ring_settlements(settlements, loss, owners).setl_id) == ["s1", "s2", "s4"]
    assert sorted(ring_settlements(settlements, loss, _owners(loss)).setl_id) == ["s2", "s4"]


def test_ghost_prescriptions_are_a_record_and_lent_credentials_stand_apart(store):
    """Round 3: steering plus bursts is no ring, steering whose evidence is a ghost-prescription chain is one
    (floor.records names the kind); a hospital's lent credentials are a ring apart even when a holder's
    holder shares phones with the members of another scheme."""
    patients = [f"Person:g{i}" for i in range(6)]
    doctor, pharmacy = "Practitioner:D9", "Institution:P9"
    chain = [(p, pharmacy) for p in patients] + [(p, doctor) for p in patients] + [(doctor, pharmacy)]
    burst = Finding("swipe_burst", flags=flagged(patients, lambda n: f"swipe_burst:{n}"))
    steering = Finding("collusion", links=links(chain, "collusion:D9:P9", 2.0),
                       flags=flagged([*patients, doctor, pharmacy], "collusion:D9:P9", 2.0))
    assert assemble_rings(store, [steering, burst], save=False).rings.empty
    ghost = Finding("collusion", links=links(chain, "collusion:ghost:D9:P9", 2.0),
                    flags=flagged([*patients, doctor, pharmacy], "collusion:ghost:D9:P9", 2.0))
    assert assemble_rings(store, [ghost, burst], save=False).rings.persons.tolist() == [6]

    holders, hospital = [f"Person:h{i}" for i in range(4)], "Institution:H7"
    resale = [f"Person:r{i}" for i in range(6)]
    lent = Finding("impersonation", links=links([(h, hospital) for h in holders], lambda a, b: f"impersonation:lent:H7:{a}", 2.0),
                   flags=flagged([*holders, hospital], lambda n: f"impersonation:lent:H7:{n}", 2.0),
                   evidence=decisive_rows([f"impersonation:lent:H7:{h}" for h in holders]))
    other = Finding("trace_reuse", links=links([(r, "Institution:P5") for r in resale], lambda a, b: f"trace_reuse:resold:{a}", 3.0),
                    flags=flagged([*resale, "Institution:P5"], lambda n: f"trace_reuse:resold:{n}", 3.0),
                    evidence=decisive_rows([f"trace_reuse:resold:{r}" for r in resale]))
    tie = Finding("shared_identifiers", links=links([(h, r) for h in holders for r in resale], "shared_identifiers:t", 3.0))
    result = assemble_rings(store, [lent, other, tie], save=False)
    members = result.members[result.members.label == "Person"].groupby("ring_id").key.apply(set)
    assert {f"h{i}" for i in range(4)} in members.tolist(), members.tolist()


def test_a_family_stands_apart_though_one_of_them_bought_beside_a_stranger(store):
    """A co-purchase with someone no ring holds is no ring for the dead card's family to belong to."""
    dead, child, stranger = "Person:dead", "Person:child", "Person:stranger"
    counter = "Institution:P5"
    findings = [Finding("impersonation",
                        links=pd.concat([links([(dead, counter)], "impersonation:death:dead", 2.0),
                                         links([(child, dead)], "impersonation:household:dead", 2.0)]),
                        flags=pd.concat([flagged([dead], "impersonation:death:dead", 2.0),
                                         flagged([child], "impersonation:household:dead")]),
                        evidence=decisive_rows(["impersonation:death:dead", "impersonation:household:dead"])),
                Finding("co_purchase", links=links([(child, stranger)], "co_purchase:x"))]
    members = assemble_rings(store, findings, save=False).members
    assert set(members.node_id[members.label == "Person"]) == {dead, child}


@pytest.mark.parametrize("kind", ["resold", "reswiped"])
@pytest.mark.parametrize("boxes, ranks", [(3, True), (2, False)])
def test_boxes_of_each_card_resold_at_one_outlet_again_and_again_are_decisive(store, boxes, ranks, kind):
    """No purchase records at the outlet, so no single re-sale (or re-swipe of a code settled on another
    card) is decisive; three boxes per card are."""
    cards = [f"Person:h{i}" for i in range(6)]
    outlet = "Institution:P7"
    pairs = [(c, f"{c}-{b}") for c in cards for b in range(boxes)]
    findings = [Finding("trace_reuse",
                        links=pd.DataFrame({"src": [c for c, _ in pairs], "dst": outlet, "weight": 3.0,
                                            "evidence_id": [f"trace_reuse:{kind}:{code}" for _, code in pairs]}),
                        flags=pd.DataFrame({"node": [c for c, _ in pairs], "weight": 3.0,
                                            "evidence_id": [f"trace_reuse:{kind}:{code}" for _, code in pairs]}))]
    rings = assemble_rings(store, findings, save=False).rings
    assert (rings.persons.tolist() == [6]) is ranks


@pytest.mark.parametrize("tied, joined", [(4, 1), (2, 0)])
def test_one_collector_holding_cards_of_two_outlet_rings_makes_them_one(tied, joined):
    """Recruits selling at outlet A and at outlet B come out of modularity as two rings; the collector's
    WeChat holding cards of both says they are one scheme."""
    from graphfraud.rings.assembly import _one_collector
    from graphfraud.rings.config import load_ring_config
    from graphfraud.rings.graph import build_graph

    a = [f"Person:a{i}" for i in range(6)]
    b = [f"Person:b{i}" for i in range(6)]
    collector = "Person:collector"
    wechat = [(collector, p) for p in a[:4] + b[:tied]]
    findings = [Finding("trace_reuse", links=pd.concat([links([(p, "Institution:PA") for p in a], "trace_reuse:resold:A"),
                                                        links([(p, "Institution:PB") for p in b], "trace_reuse:resold:B")])),
                Finding("shared_identifiers", links=links(wechat, lambda x, y: f"shared_identifiers:{x}{y}"))]
    graph = build_graph(findings, {})
    at = {n: i for i, n in enumerate(graph.nodes)}
    pieces = [np.array([at[n] for n in [*a, collector, "Institution:PA"]]), np.array([at[n] for n in [*b, "Institution:PB"]])]
    out, count = _one_collector(graph, pieces, load_ring_config())
    assert count == joined and len(out) == 2 - joined


def test_a_recruit_on_another_collectors_wechat_does_not_join_his_ring_to_that_one():
    from graphfraud.rings.assembly import _one_collector
    from graphfraud.rings.config import load_ring_config
    from graphfraud.rings.graph import build_graph

    a = [f"Person:a{i}" for i in range(6)]
    b = [f"Person:b{i}" for i in range(6)]
    wechat = a[:5] + [b[0]]  # collector A's WeChat also holds one card of B's recruits
    findings = [Finding("trace_reuse", links=pd.concat([links([(p, "Institution:PA") for p in a], "trace_reuse:resold:A"),
                                                        links([(p, "Institution:PB") for p in b], "trace_reuse:resold:B")])),
                Finding("shared_identifiers", links=links(clique(wechat), lambda x, y: f"shared_identifiers:{x}{y}"))]
    graph = build_graph(findings, {})
    at = {n: i for i, n in enumerate(graph.nodes)}
    pieces = [np.array([at[n] for n in [*a, "Institution:PA"]]), np.array([at[n] for n in [*b, "Institution:PB"]])]
    assert _one_collector(graph, pieces, load_ring_config())[1] == 0


def test_a_hospitals_lent_credentials_above_the_size_bound_stay_whole_and_are_listed(store):
    """Credentials lent to one hospital stand apart as one ring whoever brought them; above
    max_ring_persons that ring is not split blindly but listed with the large rings, so it can be
    explained."""
    from graphfraud.rings.config import load_ring_config

    holders, hospital = [f"Person:h{i}" for i in range(12)], "Institution:H7"
    lent = Finding("impersonation", links=links([(h, hospital) for h in holders], lambda a, b: f"impersonation:lent:H7:{a}", 2.0),
                   flags=flagged([*holders, hospital], lambda n: f"impersonation:lent:H7:{n}", 2.0),
                   evidence=decisive_rows([f"impersonation:lent:H7:{h}" for h in holders]))
    cfg = load_ring_config()
    cfg.assembly.max_ring_persons = 10
    result = assemble_rings(store, [lent], ring_config=cfg, save=False)
    assert result.rings.persons.tolist() == [12]
    large = json.loads(result.run["params"])["assembly"]["large_rings"]
    assert [(r["persons"], r["split_into"], r.get("apart")) for r in large] == [(12, 1, True)], large
    assert large[0]["indicators"] == ["impersonation"]


def _two_outlet_rings(size, kind, a_at_b, b_at_a):
    """Two rings of ``size`` persons each tied by ``kind`` to its own outlet (PA, PB), the first
    ``a_at_b`` of A tied to B's outlet too and the first ``b_at_a`` of B to A's: the indicator graph and
    the two pieces, as modularity would hand them to the joining steps."""
    from graphfraud.rings.graph import build_graph

    a = [f"Person:a{i}" for i in range(size)]
    b = [f"Person:b{i}" for i in range(size)]
    pairs = ([(p, "Institution:PA") for p in a] + [(p, "Institution:PB") for p in b]
             + [(p, "Institution:PB") for p in a[:a_at_b]] + [(p, "Institution:PA") for p in b[:b_at_a]])
    graph = build_graph([Finding("trace_reuse", links=links(pairs, lambda x, y: f"{kind}:{x}{y}"))], {})
    at = {n: i for i, n in enumerate(graph.nodes)}
    return graph, [np.array([at[n] for n in [*a, "Institution:PA"]]), np.array([at[n] for n in [*b, "Institution:PB"]])]


@pytest.mark.parametrize("both_ways, joined", [(True, 1), (False, 0)])
def test_holders_whose_boxes_went_to_both_outlets_make_the_two_outlet_rings_one(both_ways, joined):
    """Recruits whose boxes were resold at outlet A and at outlet B come out of modularity as one ring
    per outlet; most holders of each having boxes at the other outlet says they are one supply. A fence
    (outlet B) buying from group A too is tied one way only: B's own holders sold nothing at A."""
    from graphfraud.rings.assembly import _one_supply
    from graphfraud.rings.config import load_ring_config

    graph, pieces = _two_outlet_rings(6, "trace_reuse:resold", 4, 4 if both_ways else 0)
    out, count = _one_supply(graph, pieces, load_ring_config())
    assert count == joined and len(out) == 2 - joined


@pytest.mark.parametrize("both_ways, joined", [(True, 1), (False, 0)])
def test_branches_re_swiping_each_others_codes_make_the_branch_rings_one(both_ways, joined):
    """A chain moving boxes' codes between its branches comes out of modularity as one ring per branch;
    the cards of each branch re-swiping codes at the other branch say they are one pool of codes. A crew
    re-swiping at another ring's outlet (B's cards at A only) is tied one way only."""
    from graphfraud.rings.assembly import _one_pool
    from graphfraud.rings.config import load_ring_config

    graph, pieces = _two_outlet_rings(8, "trace_reuse:reswiped", 2 if both_ways else 0, 3)
    out, count = _one_pool(graph, pieces, load_ring_config())
    assert count == joined and len(out) == 2 - joined


@pytest.mark.parametrize("indicator, apart", [("co_purchase", True), ("shared_identifiers", False)])
def test_a_co_purchase_does_not_hold_two_schemes_of_one_counter_together(indicator, apart):
    """A refund-cycling crew (codes re-swiped at the counter) and a resale scheme (boxes resold there) come
    out of modularity as one ring around the pharmacy. A card of each buying there together once is two
    customers meeting at the counter; a phone they share ties the schemes."""
    from graphfraud.rings.assembly import _schemes_apart
    from graphfraud.rings.config import load_ring_config
    from graphfraud.rings.graph import build_graph

    counter = "Institution:P9"
    cycled = [f"Person:r{i}" for i in range(6)]
    resold = [f"Person:s{i}" for i in range(5)]
    findings = [Finding("trace_reuse",
                        links=pd.concat([links([(p, counter) for p in cycled], lambda a, b: f"trace_reuse:reswiped:{a}"),
                                         links([(p, counter) for p in resold], lambda a, b: f"trace_reuse:resold:{a}")])),
                Finding(indicator, links=links([(cycled[0], resold[0])], f"{indicator}:met"))]
    graph = build_graph(findings, {})
    pieces, count = _schemes_apart(graph, [np.arange(len(graph.nodes))], load_ring_config())
    assert (count == 1) is apart and len(pieces) == (2 if apart else 1)


def test_two_brokers_sharing_a_hospital_above_the_size_bound_are_two_rings(store):
    """Broker A lends credentials to hospitals H1 and H3, broker B to H2 and H3; their phones are on
    their own holders. Above max_ring_persons the hospitals' lent credentials are cut where the
    brokers part, not left as one ring."""
    from graphfraud.rings.config import load_ring_config

    def lending(broker, wards):
        holders = [f"Person:{broker}{i}" for i in range(12)]
        stays = [(h, f"Institution:{wards[i % 2]}") for i, h in enumerate(holders)]
        stays += [(h, f"Institution:{wards[(i + 1) % 2]}") for i, h in enumerate(holders) if i % 3 == 0]  # brought back
        ties = [(f"Person:{broker}", h) for h in holders[::2]]  # his phone on half of them
        return holders, stays, ties

    a, a_stays, a_ties = lending("a", ["H1", "H3"])
    b, b_stays, b_ties = lending("b", ["H2", "H3"])
    lent = Finding("impersonation",
                   links=pd.concat([links(a_stays + b_stays, lambda h, x: f"impersonation:lent:{x[-2:]}:{h}", 2.0),
                                    links(a_ties + b_ties, lambda k, h: f"impersonation:lent:H0:broker:{k}")]),
                   flags=flagged(a + b, lambda n: f"impersonation:lent:H:{n}", 2.0),
                   evidence=decisive_rows([f"impersonation:lent:{x[-2:]}:{h}" for h, x in a_stays + b_stays]))
    cfg = load_ring_config()
    cfg.assembly.max_ring_persons = 20
    result = assemble_rings(store, [lent], ring_config=cfg, save=False)
    persons = result.members[result.members.label == "Person"]
    rings = [{i.split(":")[1] for i in ids} for _, ids in persons.groupby("ring_id").node_id]
    brokers = sorted(next(iter(r & {"a", "b"})) for r in rings)
    assert brokers == ["a", "b"]  # one broker in each ring
    for ring in rings:
        broker = next(iter(ring & {"a", "b"}))
        assert sum(n.startswith(broker) for n in ring) >= 0.75 * len(ring)  # mostly his own holders
    large = json.loads(result.run["params"])["assembly"]["large_rings"]
    assert [(r["persons"], r["split_into"], r["apart"]) for r in large] == [(26, 2, True)]


@pytest.mark.parametrize("other_buyers, joined", [(2, True), (8, False)])
def test_a_counter_whose_stock_gap_names_mostly_one_crews_cards_is_in_their_ring(store, other_buyers, joined):
    """A refund crew buying together, beyond need, at a pharmacy that sold what it never had: the
    stock gap names the crew's cards and a few others, and the counter is in the crew's ring (it is
    the record that makes the ring rank). The same crew among a busy pharmacy's many buyers of the
    drug is no ring: buying together and beyond need is what a club does."""
    crew = [f"Person:r{i}" for i in range(4)]
    others = [f"Person:o{i}" for i in range(other_buyers)]
    pharmacy = "Institution:P9"
    findings = [Finding("co_purchase", links=links(clique(crew), lambda a, b: f"co_purchase:{a}{b}", 2.0)),
                Finding("over_supply", flags=flagged(crew, lambda n: f"over_supply:days:{n}")),
                Finding("inventory_mismatch", links=links([(pharmacy, p) for p in crew + others],
                                                          "inventory_mismatch:P9:X1", 2.0),
                        flags=flagged([pharmacy], "inventory_mismatch:P9:X1"))]
    result = assemble_rings(store, findings, save=False)
    assert (not result.rings.empty) is joined
    if joined:
        members = set(result.members.node_id)
        assert pharmacy in members and set(crew) <= members and not members & set(others)
        assert json.loads(result.run["params"])["assembly"]["counters_of_buyers"] == 1


def test_residents_refilled_beside_the_swiped_cards_are_context_not_members(store):
    """A care home's pharmacy re-swiped codes on six residents' cards; three other residents only
    refilled beside them (bought together, a lot). They are the ring's context, not its members."""
    swiped = [f"Person:s{i}" for i in range(6)]
    others = [f"Person:o{i}" for i in range(3)]
    pharmacy = "Institution:P7"
    beside = [(o, swiped[i]) for i, o in enumerate(others)]
    findings = [Finding("trace_reuse", links=links([(p, pharmacy) for p in swiped], lambda a, b: f"trace_reuse:reswiped:{a}", 3.0),
                        flags=flagged([*swiped, pharmacy], lambda n: f"trace_reuse:reswiped:{n}", 3.0),
                        evidence=decisive_rows([f"trace_reuse:reswiped:{p}" for p in swiped])),
                Finding("co_purchase", links=pd.concat([links(clique(swiped), lambda a, b: f"co_purchase:{a}{b}", 2.0),
                                                        links(beside, lambda a, b: f"co_purchase:{a}{b}", 1.0)])),
                Finding("over_supply", flags=flagged(swiped + others, lambda n: f"over_supply:days:{n}"))]
    result = assemble_rings(store, findings, save=False)
    assert set(result.members.node_id) == {*swiped, pharmacy}
    assert set(others) <= set(result.context.node_id)
    assert json.loads(result.run["params"])["assembly"]["bought_beside"] == 3


def test_a_dead_card_whose_user_is_unknown_is_a_lead_with_its_counter(store):
    """A card used twice after its holder's death at P8, no relative found beside it: the card and the
    counter are a ring, decisive and worth a lead. A dead card used at a counter a ring holds is that
    ring's business, and no card of its own."""
    dead, other_dead = "Person:dead", "Person:dead2"
    ring_counter, cards = "Institution:P5", [f"Person:b{i}" for i in range(6)]
    findings = [*_collected_cards(ring_counter, cards),
                Finding("impersonation",
                        links=pd.concat([links([(dead, "Institution:P8")], "impersonation:death:dead", 2.0),
                                         links([(other_dead, ring_counter)], "impersonation:death:dead2", 0.1)]),
                        flags=flagged([dead, other_dead], lambda n: f"impersonation:death:{n[7:]}", 2.0),
                        evidence=decisive_rows(["impersonation:death:dead", "impersonation:death:dead2"]))]
    result = assemble_rings(store, findings, save=False)
    rings = result.members.groupby("ring_id").node_id.agg(set)
    assert {dead, "Institution:P8"} in list(rings)
    alone = result.rings[result.rings.ring_id == next(r for r, m in rings.items() if dead in m)].iloc[0]
    assert alone.typology == "impersonation" and alone.persons == 1 and alone.score >= 6.0
    assert all(set(cards) <= m for m in rings if other_dead in m)  # the ring's business, or nobody's
    assert json.loads(result.run["params"])["assembly"]["cards_alone"] == 1
