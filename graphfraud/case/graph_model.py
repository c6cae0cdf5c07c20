"""The ring as one graph for every picture and graph file of a bundle: members, the institutions its
trace codes reach outside it, and the links the evidence shows, each with its dates.

Edges: SETTLED_AT (person -> institution), PRESCRIBED_FOR (doctor -> person), WORKS_AT (doctor ->
institution), TRACE_REUSE (institution -> next institution in a trace code's chain), SHARES_IDENTIFIER
(person - person, the identifier types only). Layout is computed once with a fixed seed.
"""
from __future__ import annotations

from typing import Any

import networkx as nx
import pandas as pd

from graphfraud.case.collect import CaseData
from graphfraud.case.facts import CaseFacts, valid_settlements

LAYOUT_SEED = 7
MAX_SHARING = 10  # super-node guard (domain guide §3): a value held by more persons links nobody


def _days(frame: pd.DataFrame, keys: list[str], time_column: str) -> pd.Series:
    """Sorted distinct days per group, computed column-wise (iterating groups is slow in pandas)."""
    day = pd.to_datetime(frame[time_column]).dt.strftime("%Y-%m-%d")
    return frame.assign(day=day).groupby(keys).day.agg(lambda s: sorted(set(s.dropna())))


def case_graph(case: CaseData, facts: CaseFacts) -> nx.DiGraph:
    graph = nx.DiGraph(ring_id=facts.ring_id, typology=facts.typology)
    for s in facts.subjects.itertuples():
        graph.add_node(s.node_id, label=s.label, key=s.key, name=s.name or s.key, role=s.role, in_ring=True,
                       score=float(s.score or 0), fund_pay_sumamt=float(s.fund_pay_sumamt), acct_pay=float(s.acct_pay),
                       settlements=int(s.settlements), first=s.first, last=s.last)
    _settled(graph, valid_settlements(case.settlements))
    _prescribed(graph, case.fee_lines)
    for d in case.practitioners.itertuples():
        if f"Institution:{d.fixmedins_code}" in graph:
            _link(graph, f"Practitioner:{d.dr_code}", f"Institution:{d.fixmedins_code}", "WORKS_AT", [])
    _trace(graph, case.trace_rows)
    _shared(graph, case.identifiers)
    _layout(graph)
    return graph


def _link(graph: nx.DiGraph, src: str, dst: str, kind: str, days: list[str], **extra: Any) -> None:
    if src not in graph or dst not in graph:
        return
    days = sorted(set(d for d in days if d))
    graph.add_edge(src, dst, type=kind, count=max(len(days), 1), first=days[0] if days else "",
                   last=days[-1] if days else "", days=days, **extra)


def _settled(graph: nx.DiGraph, valid: pd.DataFrame) -> None:
    keys = ["psn_no", "fixmedins_code"]
    days = _days(valid, keys, "setl_time")
    sums = valid.groupby(keys)[["fund_pay_sumamt", "acct_pay"]].sum().round(2)
    for (psn, place), seen in days.items():
        _link(graph, f"Person:{psn}", f"Institution:{place}", "SETTLED_AT", seen,
              fund_pay_sumamt=float(sums.loc[(psn, place), "fund_pay_sumamt"]),
              acct_pay=float(sums.loc[(psn, place), "acct_pay"]))


def _prescribed(graph: nx.DiGraph, lines: pd.DataFrame) -> None:
    for (doctor, psn), seen in _days(lines.dropna(subset=["bilg_dr_codg"]), ["bilg_dr_codg", "psn_no"],
                                     "fee_ocur_time").items():
        _link(graph, f"Practitioner:{doctor}", f"Person:{psn}", "PRESCRIBED_FOR", seen)


def _trace(graph: nx.DiGraph, rows: pd.DataFrame) -> None:
    """Hop from each institution in a code's time-ordered chain to the next different one; places
    outside the ring join the graph as context (where the drugs went)."""
    chain = rows.dropna(subset=["fixmedins_code"])
    following = chain.groupby("code")[["fixmedins_code", "event_time"]].shift(-1)
    hops = pd.DataFrame({"a": chain.fixmedins_code.astype(str), "b": following.fixmedins_code,
                         "when": following.event_time, "code": chain.code}).dropna(subset=["b"])
    hops = hops[hops.a != hops.b]
    if hops.empty:
        return
    codes = hops.groupby(["a", "b"]).code.nunique()
    for (a, b), seen in _days(hops, ["a", "b"], "when").items():
        src, dst = f"Institution:{a}", f"Institution:{b}"
        if src not in graph and dst not in graph:
            continue
        for node, key in ((src, a), (dst, b)):
            if node not in graph:
                graph.add_node(node, label="Institution", key=key, name=key, role="outside", in_ring=False, score=0.0,
                               fund_pay_sumamt=0.0, acct_pay=0.0, settlements=0, first="", last="")
        _link(graph, src, dst, "TRACE_REUSE", seen, codes=int(codes.loc[(a, b)]))


def _shared(graph: nx.DiGraph, identifiers: pd.DataFrame) -> None:
    if identifiers.empty:
        return
    persons = identifiers[identifiers.owner.astype(str).str.startswith("Person:")]
    for (kind, _), owners in persons.groupby(["ident_type", "ident_ref"]).owner:
        owners = sorted(set(owners))
        if len(owners) > MAX_SHARING:
            continue
        for i, a in enumerate(owners):
            for b in owners[i + 1:]:
                previous = graph.get_edge_data(a, b, {}).get("identifier_types", "")
                kinds = ",".join(sorted(set(filter(None, previous.split(","))) | {str(kind)}))
                _link(graph, a, b, "SHARES_IDENTIFIER", [], identifier_types=kinds)


def _layout(graph: nx.DiGraph) -> None:
    if not len(graph):
        return
    positions = nx.spring_layout(nx.Graph(graph), seed=LAYOUT_SEED, k=None, iterations=60)
    for node, (x, y) in positions.items():
        graph.nodes[node]["x"], graph.nodes[node]["y"] = round(float(x), 4), round(float(y), 4)
