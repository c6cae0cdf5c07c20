"""The ring as one directed graph for every picture, graph file and the offline view.

Nodes: the ring's core members (``part="core"``), institutions its rows name that are not members
(``part="outside"``: the hospital where the cards were settled, the pharmacy the boxes reached),
and its context persons (``part="context"``), drawn apart and faded.

Edges follow the money and the boxes (card-holder → pharmacy → collector → downstream pharmacy):

- ``SETTLED_AT`` person → institution: settlements on the person's card, the fund paying the institution;
- ``BOX_RESOLD`` person → institution: a box settled on the person's card was sold again there (trace code);
- ``TRACE_REUSE`` institution → institution: a box settled at one was sold again at the other;
- ``SOLD_TO`` institution → context person: a resold box was sold to this patient;
- ``PRESCRIBED_FOR`` doctor → person, ``FILLED_AT`` doctor → institution (where his prescriptions
  were filled), ``WORKS_AT`` doctor → institution;
- ``SHARES_IDENTIFIER`` person → person: a phone, bank account or device both hold;
- ``TIED_BY`` member → member: an indicator's evidence names both (added only where the other edges
  leave the core in pieces, so the picture of a ring is one connected picture, as the ring is).

Positions come from :mod:`graphfraud.case.layout` (columns by role, no randomness, no scipy).
"""
from __future__ import annotations

from typing import Any

import networkx as nx
import pandas as pd

from graphfraud.case.collect import CaseData
from graphfraud.case.facts import CaseFacts, valid_settlements
from graphfraud.case.layout import place

MAX_SHARING = 10  # super-node guard (domain guide §3): a value held by more persons links nobody
DOWNSTREAM_ROLES = ("downstream_pharmacy",)
COLLECTOR_ROLES = ("collector", "broker")


def _days(frame: pd.DataFrame, keys: list[str], time_column: str) -> pd.Series:
    """Sorted distinct days per group, computed column-wise (iterating groups is slow in pandas)."""
    day = pd.to_datetime(frame[time_column]).dt.strftime("%Y-%m-%d")
    return frame.assign(day=day).groupby(keys).day.agg(lambda s: sorted(set(s.dropna())))


def case_graph(case: CaseData, facts: CaseFacts) -> nx.DiGraph:
    graph = nx.DiGraph(ring_id=facts.ring_id, typology=facts.typology)
    for s in facts.subjects.itertuples():
        graph.add_node(s.node_id, label=s.label, key=s.key, name=_text(s.name) or s.key, role=s.role, part="core",
                       in_ring=True, score=float(s.score or 0), fund_pay_sumamt=float(s.fund_pay_sumamt),
                       acct_pay=float(s.acct_pay), settlements=int(s.settlements), first=s.first, last=s.last)
    for c in case.context.itertuples():
        graph.add_node(c.node_id, label=c.label, key=c.key, name=_text(c.name) or c.key, role=c.role, part="context",
                       in_ring=False, score=float(c.score or 0) if c.score == c.score else 0.0, fund_pay_sumamt=0.0,
                       acct_pay=0.0, settlements=0, first="", last="")
    names = dict(zip(case.institutions.get("fixmedins_code", []), case.institutions.get("fixmedins_name", [])))
    valid = valid_settlements(case.settlements)
    _settled(graph, valid, names)
    _prescribed(graph, case.fee_lines, names)
    for d in case.practitioners.itertuples():
        if f"Institution:{d.fixmedins_code}" in graph:
            _link(graph, f"Practitioner:{d.dr_code}", f"Institution:{d.fixmedins_code}", "WORKS_AT", [])
    _trace(graph, case.trace_rows, names)
    _shared(graph, case.identifiers)
    _tie_pieces(graph, case.evidence)
    place(graph)
    return graph


def _text(value: Any) -> str:
    return "" if value is None or value != value else str(value)


def _outside(graph: nx.DiGraph, code: str, names: dict[str, Any]) -> str:
    node = f"Institution:{code}"
    if node not in graph:
        graph.add_node(node, label="Institution", key=code, name=_text(names.get(code)) or code, role="outside",
                       part="outside", in_ring=False, score=0.0, fund_pay_sumamt=0.0, acct_pay=0.0, settlements=0,
                       first="", last="")
    return node


def _link(graph: nx.DiGraph, src: str, dst: str, kind: str, days: list[str], **extra: Any) -> None:
    if src not in graph or dst not in graph or src == dst:
        return
    days = sorted(set(d for d in days if d))
    count = extra.pop("count", max(len(days), 1))
    graph.add_edge(src, dst, type=kind, count=int(count), first=days[0] if days else "",
                   last=days[-1] if days else "", days=days, **extra)


def _settled(graph: nx.DiGraph, valid: pd.DataFrame, names: dict[str, Any]) -> None:
    """Person → institution with the fund's payments: where each core card was settled."""
    original = valid[valid.refd_setl_flag.fillna(0) == 0]
    keys = ["psn_no", "fixmedins_code"]
    days = _days(valid, keys, "setl_time")
    sums = valid.groupby(keys)[["fund_pay_sumamt", "acct_pay"]].sum().round(2)
    counts = original.groupby(keys).setl_id.nunique()
    for (psn, place), seen in days.items():
        person = f"Person:{psn}"
        if person not in graph:
            continue
        target = f"Institution:{place}" if f"Institution:{place}" in graph else _outside(graph, str(place), names)
        _link(graph, person, target, "SETTLED_AT", seen, count=int(counts.get((psn, place), 0)),
              fund_pay_sumamt=float(sums.loc[(psn, place), "fund_pay_sumamt"]),
              acct_pay=float(sums.loc[(psn, place), "acct_pay"]))


def _prescribed(graph: nx.DiGraph, lines: pd.DataFrame, names: dict[str, Any]) -> None:
    usable = lines.dropna(subset=["bilg_dr_codg"])
    usable = usable[usable.bilg_dr_codg.astype(str).map(lambda d: f"Practitioner:{d}" in graph)]
    if usable.empty:
        return
    for (doctor, psn), seen in _days(usable, ["bilg_dr_codg", "psn_no"], "fee_ocur_time").items():
        _link(graph, f"Practitioner:{doctor}", f"Person:{psn}", "PRESCRIBED_FOR", seen)
    for (doctor, place), seen in _days(usable, ["bilg_dr_codg", "fixmedins_code"], "fee_ocur_time").items():
        if f"Institution:{place}" in graph:
            _link(graph, f"Practitioner:{doctor}", f"Institution:{place}", "FILLED_AT", seen)


def _trace(graph: nx.DiGraph, rows: pd.DataFrame, names: dict[str, Any]) -> None:
    """Where boxes went: from each code's first settlement (the card it was settled on, else its
    institution) to every later institution, and on to the patient a resold box was sold to."""
    chain = rows.dropna(subset=["fixmedins_code"]).sort_values(["code", "event_time", "channel"])
    chain = chain[chain.channel != "inv_purc"]
    if chain.empty:
        return
    first = chain.groupby("code").head(1).set_index("code")
    later = chain[~chain.index.isin(chain.groupby("code").head(1).index)]
    later = later[later.fixmedins_code.astype(str) != later.code.map(first.fixmedins_code).astype(str)]
    if later.empty:
        return
    hops = pd.DataFrame({"holder": later.code.map(first.psn_no), "origin": later.code.map(first.fixmedins_code),
                         "place": later.fixmedins_code.astype(str), "buyer": later.psn_no, "when": later.event_time,
                         "code": later.code})
    for (holder, origin, place), group in hops.groupby(["holder", "origin", "place"], dropna=False):
        source = f"Person:{holder}" if isinstance(holder, str) and f"Person:{holder}" in graph else f"Institution:{origin}"
        if source not in graph:
            continue
        target = f"Institution:{place}" if f"Institution:{place}" in graph else _outside(graph, place, names)
        kind = "BOX_RESOLD" if source.startswith("Person:") else "TRACE_REUSE"
        _link(graph, source, target, kind, list(pd.to_datetime(group.when).dt.strftime("%Y-%m-%d")),
              count=int(group.code.nunique()))
    for (place, buyer), group in hops.dropna(subset=["buyer"]).groupby(["place", "buyer"]):
        person = f"Person:{buyer}"
        if person in graph and graph.nodes[person]["part"] == "context":
            _link(graph, f"Institution:{place}", person, "SOLD_TO", list(pd.to_datetime(group.when).dt.strftime("%Y-%m-%d")),
                  count=int(group.code.nunique()))


def _shared(graph: nx.DiGraph, identifiers: pd.DataFrame) -> None:
    if identifiers.empty:
        return
    persons = identifiers[identifiers.owner.astype(str).str.startswith("Person:")]
    ref = "ident_ref" if "ident_ref" in persons else "ident_value"
    for (kind, _), owners in persons.groupby(["ident_type", ref]).owner:
        owners = sorted(set(owners) & set(graph))
        if len(owners) > MAX_SHARING:
            continue
        for i, a in enumerate(owners):
            for b in owners[i + 1:]:
                previous = graph.get_edge_data(a, b, {}).get("identifier_types", "")
                kinds = ",".join(sorted(set(filter(None, previous.split(","))) | {str(kind)}))
                _link(graph, a, b, "SHARES_IDENTIFIER", [], identifier_types=kinds)


def _tie_pieces(graph: nx.DiGraph, evidence: pd.DataFrame) -> None:
    """Join the pieces the data edges leave (a ring is connected through its indicators): for each
    piece, one ``TIED_BY`` edge to the largest piece, from an evidence row that names both."""
    core = [n for n, d in graph.nodes(data=True) if d["part"] == "core"]
    if len(core) < 2:
        return
    pieces = _core_pieces(graph, core)
    if len(pieces) < 2:
        return
    if evidence.empty or "entities" not in evidence:
        evidence = pd.DataFrame({"indicator": [], "entities": []})
    piece_of = {n: i for i, p in enumerate(pieces) for n in p}
    joined = {0}
    pending = True
    rows = [(str(ind), [e for e in str(ents).split() if e in piece_of]) for ind, ents in zip(evidence.indicator, evidence.entities)]
    while pending:
        pending = False
        for indicator, ents in rows:
            inside = [e for e in ents if piece_of[e] in joined]
            outside = [e for e in ents if piece_of[e] not in joined]
            if inside and outside:
                for e in outside:
                    if piece_of[e] not in joined:
                        _link(graph, inside[0], e, "TIED_BY", [], indicator=indicator)
                        joined.add(piece_of[e])
                        pending = True
    # Pieces no evidence row names together were put in the ring by the community step alone: say so.
    hub = max(pieces[0], key=lambda n: (graph.degree(n), n))
    for i, piece in enumerate(pieces):
        if i not in joined:
            _link(graph, hub, sorted(piece)[0], "TIED_BY", [], indicator="community")

def _core_pieces(graph: nx.DiGraph, core: list[str]) -> list[set[str]]:
    """Connected pieces of the core, counting paths through outside institutions, largest first."""
    keep = [n for n, d in graph.nodes(data=True) if d["part"] in ("core", "outside")]
    view = nx.Graph(graph.subgraph(keep))
    pieces = [set(c) & set(core) for c in nx.connected_components(view)]
    return sorted((p for p in pieces if p), key=lambda p: (-len(p), sorted(p)[0]))


def core_is_connected(graph: nx.DiGraph) -> bool:
    """True when the ring's core members form one piece (through outside institutions too)."""
    core = [n for n, d in graph.nodes(data=True) if d["part"] == "core"]
    return len(core) < 2 or len(_core_pieces(graph, core)) == 1
