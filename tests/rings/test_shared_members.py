"""A card-holder who supplied two dealers is a member of both rings, each counting its own outlets' boxes."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from graphfraud.detectors.base import Finding
from graphfraud.rings.config import load_ring_config
from graphfraud.rings.graph import build_graph
from graphfraud.rings.pipeline import assemble_rings
from graphfraud.rings.report import ring_detail
from graphfraud.rings.shared import follow_places, shared_members, with_shared
from graphfraud.store.embedded import EmbeddedStore

TEAMS = {"a": [f"Person:a{i}" for i in range(5)], "b": [f"Person:b{i}" for i in range(5)]}
OUTLET = {"a": "Institution:PA", "b": "Institution:PB"}


def _resale(extra: list[tuple[str, str, str]]) -> list[Finding]:
    """Each team's boxes resold at its outlet (three codes a holder), plus ``extra`` (holder, outlet, code)."""
    rows = [(p, OUTLET[t], f"{p}-{k}") for t, team in TEAMS.items() for p in team for k in range(3)] + extra
    ids = [f"trace_reuse:resold:{code}" for _, _, code in rows]
    links = pd.DataFrame({"src": [p for p, _, _ in rows], "dst": [o for _, o, _ in rows], "weight": 3.0,
                          "evidence_id": ids})
    flags = pd.DataFrame({"node": [p for p, _, _ in rows], "weight": 1.0, "evidence_id": ids})
    chain = [(team[i], team[i + 1]) for team in TEAMS.values() for i in range(len(team) - 1)]  # each team's phones
    share = pd.DataFrame({"src": [p for p, _ in chain], "dst": [q for _, q in chain], "weight": 1.0,
                          "evidence_id": [f"shared_identifiers:{i}" for i in range(len(chain))]})
    return [Finding("trace_reuse", links=links, flags=flags), Finding("shared_identifiers", links=share)]


@pytest.fixture()
def store(tmp_path):
    with EmbeddedStore(tmp_path / "ws.duckdb") as s:
        yield s


@pytest.mark.parametrize("extra, in_both", [
    ([("Person:a0", OUTLET["b"], "x1")], True),  # one of a0's boxes resold at the other dealer's outlet
    ([], False),
])
def test_a_holder_whose_boxes_went_to_two_dealers_is_in_both_rings(store, extra, in_both) -> None:
    result = assemble_rings(store, _resale(extra))
    rings = result.members.groupby("ring_id").node_id.agg(set)
    assert len(rings) == 2
    holding = sorted(r for r, nodes in rings.items() if "Person:a0" in nodes)
    assert len(holding) == (2 if in_both else 1)
    # ring show names the other ring beside such a member
    shown = ring_detail(store, holding[0])["members"].set_index("node_id").also_in
    assert shown["Person:a0"] == (holding[1] if in_both else "") and shown["Person:a1"] == ""


def test_the_box_resold_at_the_other_outlet_is_the_other_rings_evidence() -> None:
    cfg = load_ring_config()
    graph = build_graph(_resale([("Person:a0", OUTLET["b"], "x1")]), cfg.scoring.multipliers,
                        cfg.assembly.batch_kinds, cfg.assembly.holder_kinds)
    nodes = graph.nodes.astype(str)
    ring_of_vertex = np.array([0 if n[-2] == "a" or n.endswith("PA") else 1 for n in nodes])
    shared = shared_members(graph, ring_of_vertex, ["trace_reuse:resold"], 1, 2)
    assert [nodes[v] for v in shared.vertex] == ["Person:a0"] and shared.ring.tolist() == [1]
    inside, flagged = with_shared(graph, shared, *graph.within(ring_of_vertex))
    moved = flagged[flagged.evidence_id == "trace_reuse:resold:x1"]
    assert moved.ring.tolist() == [1]  # counted by the ring of the outlet that sold it, not by a0's first ring
    assert set(flagged.ring[(flagged.node == "Person:a0") & (flagged.evidence_id != "trace_reuse:resold:x1")]) == {0}
    assert ((inside.ring == 1) & (inside.evidence_id == "trace_reuse:resold:x1")).sum() == 1


def test_his_over_supply_of_boxes_bought_for_the_other_dealer_goes_with_them() -> None:
    """a0 bought his own dealer's boxes at H_A and the other dealer's box at H_B: his over-supply named
    only at H_B is the other ring's; at H_A, or at both, it stays in his first ring."""
    cfg = load_ring_config()
    findings = _resale([("Person:a0", OUTLET["b"], "x1")])
    resold = findings[0].flags.evidence_id
    place = np.where(resold == "trace_reuse:resold:x1", "H_B", "H_A")
    findings[0].evidence = pd.DataFrame({"evidence_id": resold, "detail": [
        f'{{"fixmedins_code": "{w}", "psn_no": "{n.split(":")[1]}"}}' for w, n in zip(place, findings[0].flags.node)]})
    supply = {"over_supply:days:a0:D1": ["H_B"], "over_supply:days:a0:D2": ["H_A"], "over_supply:days:a0:D3": ["H_A", "H_B"]}
    findings.append(Finding("over_supply", flags=pd.DataFrame({"node": "Person:a0", "weight": 1.0,
                                                               "evidence_id": list(supply)}),
                            evidence=pd.DataFrame({"evidence_id": [e for e, ws in supply.items() for _ in ws],
                                                   "detail": [f'{{"fixmedins_code": "{w}", "psn_no": "a0"}}'
                                                              for ws in supply.values() for w in ws]})))
    graph = build_graph(findings, cfg.scoring.multipliers, cfg.assembly.batch_kinds, cfg.assembly.holder_kinds)
    nodes = graph.nodes.astype(str)
    ring_of_vertex = np.array([0 if n[-2] == "a" or n.endswith("PA") else 1 for n in nodes])
    shared = follow_places(graph, shared_members(graph, ring_of_vertex, ["trace_reuse:resold"], 1, 2), findings,
                           ["trace_reuse:resold"], ["over_supply"])
    _, flagged = with_shared(graph, shared, *graph.within(ring_of_vertex))
    ring_of = flagged[flagged.indicator == "over_supply"].set_index("evidence_id").ring.to_dict()
    assert ring_of == {"over_supply:days:a0:D1": 1, "over_supply:days:a0:D2": 0, "over_supply:days:a0:D3": 0}
    unfollowed = follow_places(graph, shared_members(graph, ring_of_vertex, ["trace_reuse:resold"], 1, 2), findings,
                               ["trace_reuse:resold"], [])
    _, flagged = with_shared(graph, unfollowed, *graph.within(ring_of_vertex))
    assert set(flagged.ring[flagged.indicator == "over_supply"]) == {0}


def _supply_and_dealer(feeders: list[int]) -> list[Finding]:
    """Twenty recruits (phones chained) whose boxes went evenly to the supply's two outlets, and twelve
    boxes resold at a third outlet, PD, from the recruits numbered in ``feeders``."""
    team = [f"Person:r{i}" for i in range(20)]
    rows = [(p, o, f"{p}-{o}-{k}") for p in team for o in ("Institution:PS1", "Institution:PS2") for k in range(2)]
    rows += [(team[feeders[k % len(feeders)]], "Institution:PD", f"d{k}") for k in range(12)]
    ids = [f"trace_reuse:resold:{code}" for _, _, code in rows]
    links = pd.DataFrame({"src": [p for p, _, _ in rows], "dst": [o for _, o, _ in rows], "weight": 3.0,
                          "evidence_id": ids})
    flags = pd.DataFrame({"node": [p for p, _, _ in rows], "weight": 1.0, "evidence_id": ids})
    share = pd.DataFrame({"src": team[:-1], "dst": team[1:], "weight": 1.0,
                          "evidence_id": [f"shared_identifiers:{i}" for i in range(19)]})
    return [Finding("trace_reuse", links=links, flags=flags), Finding("shared_identifiers", links=share)]


@pytest.mark.parametrize("feeders, dealer", [
    ([0, 1, 2], True),       # twelve boxes from three of twenty recruits: a second dealer buying from them
    (list(range(12)), False),  # twelve boxes from twelve recruits: the supply's third outlet
])
def test_an_outlet_buying_from_a_few_recruits_alone_is_a_second_dealers_ring(store, feeders, dealer) -> None:
    result = assemble_rings(store, _supply_and_dealer(feeders))
    rings = result.members.groupby("ring_id").node_id.agg(set)
    holding = [nodes for nodes in rings if "Institution:PD" in nodes]
    assert len(holding) == 1 and len(rings) == (2 if dealer else 1)
    if dealer:  # the dealer's ring is his outlet and his three recruits, who stay in the supply's ring too
        assert {n for n in holding[0] if n.startswith("Person:")} == {"Person:r0", "Person:r1", "Person:r2"}
        supply = [nodes for nodes in rings if "Institution:PS1" in nodes][0]
        assert {"Person:r0", "Person:r1", "Person:r2"} <= supply and "Institution:PD" not in supply
