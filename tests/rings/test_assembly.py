"""Bounds of ring assembly on hand-made findings: hubs sit out, big rings split, context stays apart."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from graphfraud.detectors.base import Finding
from graphfraud.rings.config import load_ring_config
from graphfraud.rings.pipeline import assemble_rings
from graphfraud.store.embedded import EmbeddedStore


def links(pairs, indicator, weight=1.0):
    return pd.DataFrame({"src": [a for a, _ in pairs], "dst": [b for _, b in pairs], "weight": weight,
                         "evidence_id": [f"{indicator}:{a}-{b}" for a, b in pairs]})


def flagged(nodes, indicator, weight=1.0):
    return pd.DataFrame({"node": list(nodes), "weight": weight, "evidence_id": [f"{indicator}:{n}" for n in nodes]})


def assembly_only():
    """The ring configuration with an evidence floor any two indicators pass: these tests are about assembly."""
    cfg = load_ring_config()
    cfg.floor.joint, cfg.floor.records = [], []
    return cfg


def clique(people):
    return [(a, b) for i, a in enumerate(people) for b in people[i + 1:]]


@pytest.fixture()
def store(tmp_path):
    with EmbeddedStore(tmp_path / "ws.duckdb") as s:
        yield s


def test_a_ring_above_the_size_bound_is_split_and_recorded(store):
    teams = [[f"Person:{t}{i}" for i in range(12)] for t in "ab"]
    pairs = clique(teams[0]) + clique(teams[1]) + [(teams[0][0], teams[1][0])]
    everyone = teams[0] + teams[1]
    findings = [Finding("co_purchase", links=links(pairs, "co_purchase")),
                Finding("over_supply", flags=flagged(everyone, "over_supply"))]
    cfg = assembly_only()
    cfg.assembly.resolution = 0.01  # so coarse that modularity alone keeps both teams together
    cfg.assembly.max_ring_persons = 15
    cfg.assembly.max_separation_conductance = 0.0  # and no separation before the size bound
    result = assemble_rings(store, findings, ring_config=cfg, save=False)
    assert sorted(result.rings.persons) == [12, 12]
    large = json.loads(result.run["params"])["assembly"]["large_rings"]
    assert large and large[0]["persons"] == 24 and large[0]["split_into"] == 2


def test_two_rings_meeting_at_one_counter_are_separated(store):
    teams = [[f"Person:{t}{i}" for i in range(8)] for t in "ab"]
    pairs = clique(teams[0]) + clique(teams[1]) + [(teams[0][0], teams[1][0])]
    findings = [Finding("co_purchase", links=links(pairs, "co_purchase")),
                Finding("over_supply", flags=flagged(teams[0] + teams[1], "over_supply"))]
    cfg = assembly_only()
    cfg.assembly.resolution = 0.01  # modularity alone keeps them together
    result = assemble_rings(store, findings, ring_config=cfg, save=False)
    assert sorted(result.rings.persons) == [8, 8]
    assert json.loads(result.run["params"])["assembly"]["separated"] >= 1


def test_a_star_around_one_outlet_is_not_separated(store):
    holders = [f"Person:h{i}" for i in range(12)]
    outlet = "Institution:P3"
    findings = [Finding("trace_reuse", links=links([(h, outlet) for h in holders], "trace_reuse", 3.0),
                        flags=flagged([*holders, outlet], "trace_reuse")),
                Finding("over_supply", flags=flagged(holders, "over_supply"))]
    result = assemble_rings(store, findings, save=False)
    assert result.rings.persons.tolist() == [12]


def test_a_hub_sits_out_the_community_step_and_joins_its_strongest_ring(store):
    teams = [[f"Person:{t}{i}" for i in range(5)] for t in "ab"]
    outlet = "Institution:P1"
    findings = [Finding("co_purchase", links=links(clique(teams[0]) + clique(teams[1]), "co_purchase")),
                Finding("over_supply", flags=flagged(teams[0] + teams[1], "over_supply")),
                Finding("trace_reuse", links=links([(p, outlet) for p in teams[0]], "trace_reuse", 3.0)
                        .pipe(lambda f: pd.concat([f, links([(p, outlet) for p in teams[1]], "trace_reuse", 0.5)])),
                        flags=flagged([outlet], "trace_reuse"))]
    cfg = assembly_only()
    cfg.assembly.max_hub_degree = 6  # the outlet reaches 10 suspects
    result = assemble_rings(store, findings, ring_config=cfg, save=False)
    params = json.loads(result.run["params"])["assembly"]
    assert params["hubs_held_out"] == [outlet]
    rings = result.members.groupby("ring_id").node_id.agg(set)
    assert sorted(len(r) for r in rings) == [5, 6]  # two teams, not one blob through the outlet
    assert any({outlet, *teams[0]} == r for r in rings)


@pytest.mark.parametrize("back_sellers, joined", [(0, False), (1, True)])
def test_one_supply_needs_half_one_way_and_a_tenth_back(back_sellers, joined):
    """Ring A's holders had boxes resold at B's outlet (3 of 4); B's holders at A's outlet: none is a
    fence buying from two groups, one of four (a quarter, above ``outlet_back_share``) is one supply
    whose return share fell because only some boxes were scanned."""
    import types

    import numpy as np

    from graphfraud.rings.assembly import _one_supply

    a, b = [0, 1, 2, 3], [4, 5, 6, 7]
    x, y = 8, 9  # A's outlet, B's outlet
    ties = [(p, x) for p in a] + [(p, y) for p in a[:3]] + [(p, y) for p in b] + [(p, x) for p in b[:back_sellers]]
    graph = types.SimpleNamespace(
        links=pd.DataFrame({"u": [p for p, _ in ties], "v": [q for _, q in ties], "indicator": "trace_reuse"}),
        link_kinds=pd.Series(["trace_reuse:resold"] * len(ties)), is_person=np.array([True] * 8 + [False] * 2))
    pieces, joins = _one_supply(graph, [np.array(a + [x]), np.array(b + [y])], load_ring_config())
    assert (joins == 1) is joined and len(pieces) == (1 if joined else 2)


def _drained(batches):
    """Year-end batch links and drain flags as the detector makes them: ``batches`` maps a batch's start
    to its persons, all at the counter P1."""
    pairs = [(p, "Institution:P1", start) for start, persons in batches.items() for p in persons]
    every = sorted({p for _, persons in batches.items() for p in persons})
    return Finding("yearend_drain", links=pd.DataFrame({"src": [p for p, _, _ in pairs], "dst": [q for _, q, _ in pairs],
                                                        "weight": 1.0, "evidence_id": [f"yearend_drain:batch:P1:{s}"
                                                                                       for _, _, s in pairs]}),
                   flags=flagged(every, "yearend_drain"))


def test_a_card_drained_in_a_batch_with_a_rings_card_at_its_counter_joins_it(store):
    """x was drained minutes after the ring's a0 at its counter and has nothing else; y drained there at
    a time of its own. x is the ring's card, y is nobody's."""
    crew = [f"Person:a{i}" for i in range(4)]
    findings = [Finding("trace_reuse", links=links([(p, "Institution:P1") for p in crew], "trace_reuse", 3.0),
                        flags=flagged([*crew, "Institution:P1"], "trace_reuse")),
                Finding("over_supply", flags=flagged(crew, "over_supply")),
                _drained({"20251220T0900": ["Person:a0", "Person:x"], "20251221T1000": ["Person:y", "Person:z"]})]
    result = assemble_rings(store, findings, save=False)
    persons = set(result.members.node_id[result.members.node_id.str.startswith("Person:")])
    assert persons == {*crew, "Person:x"}
    assert json.loads(result.run["params"])["assembly"]["batch_joined"] == 1


def test_a_batch_holds_no_two_schemes_of_one_counter_together(store):
    """A refund crew re-swiping codes and a ghost-prescription group fill at one pharmacy; one December
    batch drained cards of both. They stay two rings, each with its own cards."""
    crew, ghosts = [f"Person:a{i}" for i in range(4)], [f"Person:g{i}" for i in range(3)]
    place = "Institution:P1"
    findings = [Finding("trace_reuse", links=links([(p, place) for p in crew], "trace_reuse", 3.0),
                        flags=flagged([*crew, place], "trace_reuse")),
                Finding("collusion", links=links([(p, place) for p in ghosts] + clique(ghosts), "collusion", 3.0),
                        flags=flagged(ghosts, "collusion")),
                Finding("over_supply", flags=flagged(crew + ghosts, "over_supply")),
                Finding("co_purchase", links=links([(crew[0], ghosts[0])], "co_purchase")),
                _drained({"20251220T0900": crew + ghosts})]
    cfg = assembly_only()
    cfg.assembly.resolution = 0.01  # modularity alone keeps both at the pharmacy together
    cfg.assembly.max_separation_conductance = 0.0  # and only the schemes of one counter can part them
    result = assemble_rings(store, findings, ring_config=cfg, save=False)
    rings = result.members[result.members.node_id.str.startswith("Person:")].groupby("ring_id").node_id.agg(frozenset)
    assert set(rings) == {frozenset(crew), frozenset(ghosts)}


def test_cards_a_batch_brought_belong_to_the_scheme_drained_with_them(store):
    """A family resale group and a year-end drain group share a pharmacy. Two of the drain group's
    cards have records of their own, two only the December batch they were drained in with the
    first: four cards, a scheme of their own beside the family's three."""
    family, drain, brought = ([f"Person:{t}{i}" for i in range(n)] for t, n in (("f", 3), ("d", 2), ("x", 2)))
    place = "Institution:P1"
    findings = [Finding("trace_reuse", links=links([(p, place) for p in family], "trace_reuse", 3.0),
                        flags=flagged([*family, place], "trace_reuse")),
                Finding("switched_drug", links=links([(p, place) for p in drain], "switched_drug", 3.0),
                        flags=flagged(drain, "switched_drug")),
                Finding("over_supply", flags=flagged(family + drain, "over_supply")),
                _drained({"20251220T1844": [drain[0], *brought]})]
    from graphfraud.rings.assembly import core_rings
    from graphfraud.rings.graph import build_graph

    cfg = assembly_only()
    cfg.assembly.resolution = 0.01  # modularity alone keeps everyone at the pharmacy together
    cfg.assembly.max_separation_conductance = 0.0
    graph = build_graph(findings, cfg.scoring.multipliers, cfg.assembly.batch_kinds)
    ring_of, params = core_rings(graph, cfg, "leiden", 42)
    rings = pd.Series(graph.nodes).groupby(ring_of).agg(lambda n: frozenset(x for x in n if x.startswith("Person:")))
    assert set(rings.drop(-1, errors="ignore")) == {frozenset(family), frozenset(drain + brought)}
    assert params["batch_joined"] == 2 and params["batch_schemes_apart"] == 1


def _weak(pairs):
    """Shared-identifier links of the weak kind: one device holding both persons' e-vouchers."""
    return links(pairs, "shared_identifiers").assign(evidence_id=[f"shared_identifiers:weak:{a}-{b}" for a, b in pairs])


@pytest.mark.parametrize("holds, joins", [(2, True), (1, False)])
def test_the_phone_holding_a_small_rings_cards_names_its_holder(store, holds, joins):
    """Three cards whose boxes one pharmacy resold; the son's phone holds ``holds`` of their e-vouchers.
    His sister's phone holds one of them and his: a household's phone ties no one into a ring, and the
    son's two ties do not pull his sister in."""
    cards, son, sister, place = [f"Person:c{i}" for i in range(3)], "Person:son", "Person:sister", "Institution:P1"
    findings = [Finding("trace_reuse", links=links([(p, place) for p in cards], "trace_reuse", 3.0),
                        flags=flagged([*cards, place], "trace_reuse")),
                Finding("over_supply", flags=flagged(cards, "over_supply")),
                Finding("co_purchase", links=links(clique(cards), "co_purchase")),
                Finding("shared_identifiers", links=_weak([(son, c) for c in cards[:holds]] + [(sister, cards[2]),
                                                                                            (sister, son)]))]
    result = assemble_rings(store, findings, ring_config=assembly_only(), save=False)
    members = set(result.members.node_id)
    assert (son in members) is joins and sister not in members and set(cards) <= members
    assert json.loads(result.run["params"])["assembly"]["holders_joined"] == int(joins)
    assert len(result.rings) == 1 and result.rings.persons.iloc[0] == 3 + joins
    basis, role = result.members.set_index("node_id").basis, result.members.set_index("node_id").role
    assert not joins or basis[son] == "shared_identifiers"  # his ties are listed as what holds him in
    assert not joins or (role[son] == "collector" and set(role[cards]) == {"card_holder"})
    before = assemble_rings(store, findings[:3], ring_config=assembly_only(), save=False)
    assert before.rings.score.tolist() == result.rings.score.tolist()  # the weak ties weigh nothing


@pytest.mark.parametrize("markers, rings", [(["unrefunded_returns"], 2), ([], 1)])
def test_a_refund_crew_is_a_scheme_of_its_own_beside_a_care_home_at_one_pharmacy(store, markers, rings):
    """Both groups' codes were re-swiped at P1; only the crew's purchases were booked back unrefunded.
    The crew's re-swiped codes are its own: two rings. Without the marker, one ring of eight."""
    crew, home, place = [f"Person:c{i}" for i in range(4)], [f"Person:h{i}" for i in range(4)], "Institution:P1"
    findings = [Finding("trace_reuse", links=links([(p, place) for p in crew + home], "trace_reuse", 3.0),
                        flags=flagged(crew + home, "trace_reuse")),
                Finding("unrefunded_returns", links=links([(p, place) for p in crew], "unrefunded_returns", 3.0)),
                Finding("impersonation", links=links([(p, place) for p in home], "impersonation", 3.0))]
    from graphfraud.rings.assembly import core_rings
    from graphfraud.rings.graph import build_graph

    cfg = assembly_only()
    cfg.assembly.resolution = 0.01  # modularity alone keeps everyone at the pharmacy together
    cfg.assembly.max_separation_conductance = 0.0
    cfg.assembly.scheme_markers = markers
    graph = build_graph(findings, cfg.scoring.multipliers)
    ring_of, params = core_rings(graph, cfg, "leiden", 42)
    found = pd.Series(graph.nodes).groupby(ring_of).agg(lambda n: frozenset(x for x in n if x.startswith("Person:")))
    found = set(found.drop(-1, errors="ignore"))
    assert found == ({frozenset(crew), frozenset(home)} if rings == 2 else {frozenset(crew + home)})
    assert params["schemes_apart"] == rings - 1


def _hand(holder, cards):
    """A broker's hand: the cards of absent holders settled beside his own settlements. The evidence ID
    names the holder; the link's ends come in any order (findings sort them)."""
    return links([(c, holder) for c in cards], "impersonation").assign(
        evidence_id=f"impersonation:hand:{holder.split(':', 1)[1]}")


@pytest.mark.parametrize("broker_in_ring", [True, False])
def test_a_brokers_hand_brings_his_living_cards_into_the_ring_of_his_dead_ones(store, broker_in_ring):
    """Four dead cards settled at P1 (decisive); the broker held them and four living cards of persons
    insured elsewhere that no other evidence names. Whether his own records put him in the ring or
    his hand does, the living cards join it; a hand's ties weigh nothing in its score."""
    dead, living = [f"Person:d{i}" for i in range(4)], [f"Person:w{i}" for i in range(4)]
    broker, place = "Person:broker", "Institution:P1"
    own = [broker] if broker_in_ring else []
    findings = [Finding("impersonation", links=links([(p, place) for p in dead], "impersonation", 3.0)
                        .assign(evidence_id=[f"impersonation:death:{p}" for p in dead]),
                        flags=flagged(dead, "impersonation", 3.0)),
                Finding("over_supply", flags=flagged(dead + own, "over_supply")),
                Finding("co_purchase", links=links(clique(dead + own), "co_purchase"))]
    hand = Finding("impersonation", links=_hand(broker, dead + living))
    result = assemble_rings(store, [*findings, hand], ring_config=assembly_only(), save=False)
    members = result.members.set_index("node_id")
    assert len(result.rings) == 1 and set(dead + living + [broker]) <= set(members.index)
    assert members.role[broker] == "broker" and set(members.role[living]) == {"impersonated"}
    assembly = json.loads(result.run["params"])["assembly"]
    assert assembly["cards_joined"] == 4 and assembly["holders_joined"] == int(not broker_in_ring)
    before = assemble_rings(store, findings, ring_config=assembly_only(), save=False)
    assert before.rings.score.tolist() == result.rings.score.tolist()
