"""The stored collections of a run (``graphfraud.rings.model``), built from scored ring pieces.

Rings are ranked by score (then pooled-fund amount), keep the IDs of the rings they continue
(``graphfraud.rings.ids``) and are stored: current rings replace the previous ones, runs and
lineage accumulate so IDs are never reused and every change stays traceable. A run is published
all at once on either store (``GraphStore.publish_run``): readers see the previous run until the
new run's ``runs`` row, written last, switches them over.
"""
from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graphfraud.detectors.base import EVIDENCE_COLUMNS, Finding, detail_text
from graphfraud.rings.alike import alike_fills
from graphfraud.rings.amounts import AMOUNT_COLUMNS, SETTLEMENT_COLUMNS, Thresholds, ring_amounts, ring_settlements
from graphfraud.rings.config import Scoring, load_ring_config
from graphfraud.rings.grouped import joined
from graphfraud.rings.ids import assign_ids, highest_number
from graphfraud.rings.roles import member_roles
from graphfraud.store.base import GraphStore, split_node_id

PERSON = "Person:"

NAME_SOURCES = {"Person": ("psn_info", "psn_no", "psn_name"), "Institution": ("fixmedins", "fixmedins_code",
                "fixmedins_name"), "Practitioner": ("practitioner", "dr_code", "dr_name")}


@dataclass
class RunResult:
    """One detection run: the stored collections as frames, plus what shaped them."""

    run: dict[str, Any]
    rings: pd.DataFrame
    members: pd.DataFrame
    indicators: pd.DataFrame
    evidence: pd.DataFrame
    lineage: pd.DataFrame
    detector_params: dict[str, Any] = field(default_factory=dict)
    context: pd.DataFrame = field(default_factory=pd.DataFrame)

    def member_sets(self) -> dict[str, set[str]]:
        return {r: set(g) for r, g in self.members.groupby("ring_id").node_id}


@dataclass
class Built:
    rings: pd.DataFrame
    members: pd.DataFrame
    indicators: pd.DataFrame
    evidence: pd.DataFrame
    lineage: pd.DataFrame
    context: pd.DataFrame


def build(store: GraphStore, nodes: np.ndarray, ring_of_vertex: np.ndarray, inside: pd.DataFrame,
          flagged: pd.DataFrame, indicators: pd.DataFrame, scores: pd.DataFrame, findings: list[Finding],
          thresholds: Thresholds, run_id: str, max_rings: int, beside: pd.DataFrame | None = None,
          scoring: Scoring | None = None, holders: Collection[str] = (), shared: pd.DataFrame | None = None) -> Built:
    """The stored collections of a run from its rings (``scoring``: what counts as loss, default settings
    when None; ``holders``: node IDs that joined a ring as the holder of its cards,
    ``assembly.join_holders``; ``shared``: ring and node_id of members of a second ring, ``rings/shared.py``)."""
    scoring = scoring or load_ring_config().scoring
    in_ring = np.flatnonzero(ring_of_vertex >= 0)
    members = pd.DataFrame({"ring": ring_of_vertex[in_ring], "node_id": nodes[in_ring]})
    if shared is not None and len(shared):
        members = pd.concat([members, shared[["ring", "node_id"]]], ignore_index=True).drop_duplicates(
            ["ring", "node_id"]).reset_index(drop=True)
    members["score"] = _member_scores(members, inside, flagged)
    members["basis"] = _basis(members, inside, flagged)
    evidence = _evidence(inside, flagged, findings)
    members["role"] = member_roles(members, inside, flagged, dict(zip(scores.ring, scores.typology)), evidence,
                                   holders)
    # a resale member's other fills of the drug he resold, like the resold ones (rings/alike.py)
    loss = _loss_rows(evidence, scoring.loss_uncounted, scoring.loss_at_places, members)
    alike = alike_fills(store, evidence, loss, members, scoring.alike_ratio, scoring.alike_skip_med_types)
    if len(alike):
        evidence = pd.concat([evidence, alike], ignore_index=True)
        loss = pd.concat([loss, _loss_rows(alike, scoring.loss_uncounted, scoring.loss_at_places, members)])
    loss = loss.rename(columns={"ring": "ring_id"})
    setl_ids = sorted(evidence.setl_id.dropna().astype(str).unique().tolist())
    # the bundle query already returns each settlement with the refunds of its visit
    rows = store.frame("case_settlements", setl_ids=setl_ids) if setl_ids else pd.DataFrame(columns=SETTLEMENT_COLUMNS)
    settlements = ring_settlements(rows, loss, pd.concat([_owners(loss), _crew_holders(loss, rows, members)]))
    amounts = ring_amounts(settlements)
    beside = beside if beside is not None else pd.DataFrame(columns=["ring", "node_id", "role", "indicators", "weight",
                                                                      "listed"])
    rings = _rank(scores, members, amounts, max_rings)
    rings["context_persons"] = rings.ring.map(beside.groupby("ring").size()).fillna(0).astype(int)
    ids = _ring_ids(store, rings, members)
    rings["ring_id"] = rings.ring.map(ids.set_index("ring").ring_id)
    rings["amount_class"] = [thresholds.amount_class(f, a) for f, a in zip(rings.fund_pay_sumamt, rings.acct_pay)]
    rings["run_id"] = run_id
    rings["summary"] = [_summary(r) for r in rings.itertuples()]

    def with_id(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.merge(rings[["ring", "ring_id"]], on="ring").drop(columns="ring")

    times = settlements.drop_duplicates("setl_id")[["setl_id", "setl_time"]].rename(columns={"setl_time": "event_time"})
    evidence = evidence.merge(times, on="setl_id", how="left")
    lineage = ids[ids.ring.isin(rings.ring)].drop(columns="ring").assign(run_id=run_id)
    listed = beside.loc[beside.listed.astype(bool)].drop(columns="listed").rename(columns={"indicators": "basis", "weight": "score"})
    context = _named(store, with_id(listed.assign(score=listed.score.round(3))))
    return Built(rings.drop(columns="ring").reset_index(drop=True), _named(store, with_id(members)),
                 with_id(indicators), with_id(evidence), lineage[["run_id", "ring_id", "previous_ring_ids", "change"]],
                 context)


def save(store: GraphStore, result: RunResult) -> None:
    store.publish_run(result.run, {"rings": result.rings, "ring_members": result.members,
                                   "ring_indicators": result.indicators, "ring_evidence": result.evidence,
                                   "ring_lineage": result.lineage, "ring_context": result.context})


def _member_scores(members: pd.DataFrame, inside: pd.DataFrame, flagged: pd.DataFrame) -> pd.Series:
    """Each member's share of its ring's weight: scaled weights of its links and its own flags."""
    ends = pd.concat([inside[["ring", "src", "scaled"]].rename(columns={"src": "node_id"}),
                      inside[["ring", "dst", "scaled"]].rename(columns={"dst": "node_id"}),
                      flagged[["ring", "node", "scaled"]].rename(columns={"node": "node_id"})])
    totals = ends.groupby(["ring", "node_id"]).scaled.sum()
    keys = pd.MultiIndex.from_arrays([members.ring, members.node_id])
    return pd.Series(totals.reindex(keys).fillna(0.0).round(3).to_numpy(), index=members.index)


def _loss_rows(evidence: pd.DataFrame, uncounted: list[str] | None, at_places: list[str] | None = None,
               members: pd.DataFrame | None = None) -> pd.DataFrame:
    """Evidence rows whose settlements are the ring's loss: not those of corroborating indicators
    (a rule hit names a settlement, not the scheme's) unless an ``at_places`` indicator names it at one
    of the ring's own institutions, nor rows a detector marked ``"loss": false`` (the genuine
    settlement at home that makes a distant one impossible)."""
    keep = ~evidence.indicator.isin(uncounted or [])
    if at_places and members is not None and len(evidence):
        places = members[members.node_id.astype(str).str.startswith("Institution:")]
        own = set(zip(places.ring, places.node_id.astype(str).str[len("Institution:"):]))
        where = detail_text(evidence.detail, "fixmedins_code")
        at_own = pd.Series([(r, w) in own for r, w in zip(evidence.ring, where)], index=evidence.index, dtype=bool)
        keep |= evidence.indicator.isin(at_places) & at_own
    keep &= ~evidence.detail.astype(str).str.contains('"loss": false', regex=False)
    return evidence[keep]


def _owners(loss: pd.DataFrame) -> pd.DataFrame:
    """(ring_id, setl_id, psn_no) of each loss row and the member persons it ties (its ``entities``): a
    settlement is a member's loss only when evidence about that member names it (their over-supply,
    their card in a burst, a box they obtained resold), not when a pharmacy's stock gap or burst, or a
    pair's co-purchase, names it beside the member's."""
    rows = loss[["ring_id", "setl_id", "entities"]].dropna()
    nodes = pc.split_pattern(pa.array(rows.entities.astype(str).to_numpy(dtype=object), pa.string()), " ")
    flat, row = pc.list_flatten(nodes), pc.list_parent_indices(nodes)
    person = pc.starts_with(flat, PERSON)
    at = row.filter(person).to_numpy()
    return pd.DataFrame({"ring_id": rows.ring_id.to_numpy()[at], "setl_id": rows.setl_id.astype(str).to_numpy()[at],
                         "psn_no": pc.utf8_slice_codeunits(flat.filter(person), len(PERSON)).to_numpy(
                             zero_copy_only=False)}).drop_duplicates()


def _crew_holders(loss: pd.DataFrame, settlements: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """(ring_id, setl_id, psn_no) of loss rows whose settlement's own holder is a member that the same
    indicator ties to the ring (its ``basis``): a crew card. A counter that swiped a box's code again on
    its crew's other cards sold the box to no one the first time either when that first card is the
    crew's too; a genuine customer whose box was photographed is no member, and their sale stays out.

    >>> loss = pd.DataFrame({"ring_id": [0, 0], "setl_id": ["s1", "s2"], "indicator": ["trace_reuse"] * 2})
    >>> setl = pd.DataFrame({"setl_id": ["s1", "s2"], "psn_no": ["A", "X"]})
    >>> members = pd.DataFrame({"ring": [0, 0], "node_id": ["Person:A", "Institution:P"],
    ...                         "basis": ["trace_reuse", "trace_reuse"]})
    >>> _crew_holders(loss, setl, members).values.tolist()
    [[0, 's1', 'A']]
    """
    held = loss[["ring_id", "setl_id", "indicator"]].merge(
        settlements[["setl_id", "psn_no"]].drop_duplicates(), on="setl_id")
    persons = members[members.node_id.astype(str).str.startswith(PERSON)]
    tied = pd.DataFrame({"ring_id": persons.ring.to_numpy(),
                         "psn_no": persons.node_id.astype(str).str[len(PERSON):].to_numpy(),
                         "indicator": persons.basis.astype(str).str.split(",").to_numpy()}).explode("indicator")
    return held.merge(tied, on=["ring_id", "psn_no", "indicator"])[["ring_id", "setl_id", "psn_no"]]


def _basis(members: pd.DataFrame, inside: pd.DataFrame, flagged: pd.DataFrame) -> pd.Series:
    """The indicators that tie each member to its ring (its flags and its links inside), comma-separated."""
    ends = pd.concat([inside[["ring", "src", "indicator"]].rename(columns={"src": "node_id"}),
                      inside[["ring", "dst", "indicator"]].rename(columns={"dst": "node_id"}),
                      flagged[["ring", "node", "indicator"]].rename(columns={"node": "node_id"})])
    kinds = joined(ends, ["ring", "node_id"], "indicator", ",")
    keys = pd.MultiIndex.from_arrays([members.ring, members.node_id])
    return pd.Series(kinds.reindex(keys).fillna("").to_numpy(), index=members.index)


def _evidence(inside: pd.DataFrame, flagged: pd.DataFrame, findings: list[Finding]) -> pd.DataFrame:
    """The evidence rows behind each ring's links and flags, once per ring, with the entities they tie
    (``entities``: space-separated node IDs, so ``why ENTITY`` can find them)."""
    ends = pd.concat([inside[["ring", "indicator", "evidence_id", "src"]].rename(columns={"src": "node"}),
                      inside[["ring", "indicator", "evidence_id", "dst"]].rename(columns={"dst": "node"}),
                      flagged[["ring", "indicator", "evidence_id", "node"]]]).drop_duplicates()
    used = joined(ends, ["ring", "indicator", "evidence_id"], "node", " ").rename("entities").reset_index()
    rows = [f.evidence for f in findings if len(f.evidence)]
    pool = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=EVIDENCE_COLUMNS)
    return used.merge(pool, on=["indicator", "evidence_id"]).sort_values(
        ["ring", "indicator", "evidence_id", "table", "row_key"]).reset_index(drop=True)


def _rank(scores: pd.DataFrame, members: pd.DataFrame, amounts: pd.DataFrame, max_rings: int) -> pd.DataFrame:
    label = members.node_id.str.split(":", n=1).str[0]
    counts = pd.DataFrame({"ring": members.ring, "persons": label == "Person", "institutions": label == "Institution",
                           "doctors": label == "Practitioner"}).groupby("ring").sum().astype(int)
    counts["members"] = counts.sum(axis=1)
    amounts = amounts.rename_axis("ring").reset_index()
    rings = scores.merge(counts.reset_index(), on="ring").merge(amounts, on="ring", how="left")
    rings[AMOUNT_COLUMNS] = rings[AMOUNT_COLUMNS].fillna(0.0)
    rings["settlements"] = rings.settlements.fillna(0).astype(int)
    rings = rings.sort_values(["score", "fund_pay_sumamt", "ring"], ascending=[False, False, True]).head(max_rings)
    return rings.assign(rank=np.arange(1, len(rings) + 1)).reset_index(drop=True)


def _ring_ids(store: GraphStore, rings: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """ring number -> ring_id, previous_ring_ids (JSON text) and change, in rank order."""
    old = store.get_results("ring_members")
    previous = {r: set(g) for r, g in old.groupby("ring_id").node_id} if len(old) else {}
    lineage = store.get_results("ring_lineage")
    issued = highest_number(lineage.ring_id) if len(lineage) else 0
    sets = members[members.ring.isin(rings.ring)].groupby("ring").node_id.agg(set)
    current = [sets[r] for r in rings.ring]
    ids, changes = assign_ids(previous, current, issued)
    return pd.DataFrame({"ring": rings.ring.to_numpy(), "ring_id": ids,
                         "previous_ring_ids": [json.dumps(c.previous_ring_ids) for c in changes],
                         "change": [c.change for c in changes]})


def _named(store: GraphStore, members: pd.DataFrame) -> pd.DataFrame:
    columns = ["ring_id", "node_id", "label", "key", "name", "role", "basis", "score"]
    if members.empty:
        return pd.DataFrame(columns=columns)
    parts = members.node_id.map(split_node_id)
    members = members.assign(label=parts.str[0], key=parts.str[1])
    names = []
    for label, (table, key, column) in NAME_SOURCES.items():
        wanted = set(members.key[members.label == label])
        if wanted:
            rows = store.table(table, [key, column])
            rows = rows[rows[key].isin(wanted)]
            names.append(pd.DataFrame({"node_id": label + ":" + rows[key].astype(str), "name": rows[column]}))
    lookup = pd.concat(names).drop_duplicates("node_id").set_index("node_id").name if names else pd.Series(dtype=object)
    members["name"] = members.node_id.map(lookup)
    members = members.sort_values(["ring_id", "score", "node_id"], ascending=[True, False, True])
    return members[columns].reset_index(drop=True)


def _summary(ring: object) -> str:
    r = ring  # an itertuples row of the ranked rings frame
    return (f"{r.typology}: {r.persons} persons, {r.institutions} institutions, {r.doctors} doctors; "  # type: ignore[attr-defined]
            f"fund {r.fund_pay_sumamt:,.2f} yuan, account {r.acct_pay:,.2f} yuan; {r.breakdown}")  # type: ignore[attr-defined]
