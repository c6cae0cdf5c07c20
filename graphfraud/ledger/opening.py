"""Leads from detection: one per ring worth checking.

- ``detect`` opens a lead for every ring of its run that scores at least the lead threshold
  (``scoring.min_lead_score`` of the ring config, else the ``lead_min_score`` setting) and has no
  lead yet (ring IDs are stable and never reused, so "no lead yet" is "new to the ledger").
- ``refresh`` opens one per ring that is new, grew in members, or grew in pooled-fund amount by
  the configured threshold (graphfraud.refresh.report), at or above the same score.

The candidate's ``source_key`` is ``run_id/ring_id``, so opening the leads of a run twice (a
refresh re-run after a crash) opens each lead once. A ring seen in earlier leads names them in
``previous_leads``, so a follow-up lead points back to the one already being checked.
"""
from __future__ import annotations

import json
from typing import Any

import pandas as pd

from graphfraud import settings
from graphfraud.ledger.book import AMOUNTS, LEADS, open_leads
from graphfraud.store.base import GraphStore

SUBJECT_LABELS = {"Person": "persons", "Institution": "institutions", "Practitioner": "doctors"}


def lead_threshold(ring_config: Any = None) -> float:
    """The score from which a ring gets a lead: the ring config's ``scoring.min_lead_score`` when it
    has one, else the ``lead_min_score`` setting."""
    if ring_config is None:
        from graphfraud.rings.config import load_ring_config

        ring_config = load_ring_config()
    value = getattr(getattr(ring_config, "scoring", None), "min_lead_score", None)
    return float(value) if value is not None else float(settings.get("lead_min_score"))


def ring_candidates(store: GraphStore, run_id: str, changes: tuple[str, ...],
                    extra: dict[str, str] | None = None, min_score: float | None = None) -> list[dict[str, Any]]:
    """Lead candidates for the rings of ``run_id`` whose lineage change is one of ``changes`` (and
    those of ``extra``: ring ID -> change, e.g. grown in amount), scoring at least ``min_score``, in
    rank order."""
    lineage = store.get_results("ring_lineage")
    rings = store.get_results("rings")
    if lineage.empty or rings.empty:
        return []
    wanted = lineage[(lineage.run_id == run_id) & (lineage.change.isin(changes) | lineage.ring_id.isin(list(extra or {})))]
    wanted = wanted.assign(change=[(extra or {}).get(r, c) for r, c in zip(wanted.ring_id, wanted.change)])
    rings = rings[(rings.run_id == run_id) & rings.ring_id.isin(wanted.ring_id)].sort_values("rank")
    if min_score is not None:
        rings = rings[rings.score.fillna(0.0) >= min_score]
    members = store.get_results("ring_members")
    members = members[members.ring_id.isin(rings.ring_id)] if not members.empty else members
    earlier = _earlier_leads(store)
    change_of = dict(zip(wanted.ring_id, wanted.change))
    previous_of = {r: json.loads(p) for r, p in zip(wanted.ring_id, wanted.previous_ring_ids)}
    out = []
    for ring in rings.to_dict("records"):
        ring_id = ring["ring_id"]
        mine = members[members.ring_id == ring_id] if not members.empty else members
        related = {ring_id, *previous_of[ring_id]}
        out.append({
            "source_key": f"{run_id}/{ring_id}", "source": f"ring:{change_of[ring_id]}", "run_id": run_id,
            "ring_id": ring_id, "typology": ring.get("typology", ""), "score": ring.get("score", 0.0),
            **_subjects(mine), **{a: ring.get(a, 0.0) for a in AMOUNTS},
            "amount_class": ring.get("amount_class", ""), "period_start": ring.get("period_start", ""),
            "period_end": ring.get("period_end", ""), "summary": ring.get("summary", ""),
            "previous_leads": sorted(lead for r in related for lead in earlier.get(r, [])),
        })
    return out


def open_run_leads(store: GraphStore, run_id: str, changes: tuple[str, ...], operator: str,
                   extra: dict[str, str] | None = None, min_score: float | None = None) -> list[str]:
    """Open the leads of a run (idempotent); returns the IDs opened now."""
    return open_leads(store, ring_candidates(store, run_id, changes, extra, min_score), operator)


def open_detection_leads(store: GraphStore, run_id: str, operator: str, min_score: float) -> list[str]:
    """After ``detect``: a lead for each ring of the run scoring at least ``min_score`` that has no
    lead yet (idempotent: a second detect opens nothing for the same rings)."""
    leads = store.get_results(LEADS)
    has_lead = set(leads.ring_id) if not leads.empty else set()
    rings = store.get_results("rings")
    lineage = store.get_results("ring_lineage")
    if rings.empty:
        return []
    fresh = rings[(rings.run_id == run_id) & ~rings.ring_id.isin(has_lead)]
    mine = lineage[lineage.run_id == run_id] if not lineage.empty else lineage
    change = dict(zip(mine.ring_id, mine.change)) if not mine.empty else {}
    return open_run_leads(store, run_id, (), operator, {r: change.get(r, "new") for r in fresh.ring_id}, min_score)


def _subjects(members: pd.DataFrame) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {field: [] for field in SUBJECT_LABELS.values()}
    for label, key in zip(members.get("label", []), members.get("key", [])):
        if label in SUBJECT_LABELS:
            out[SUBJECT_LABELS[label]].append(str(key))
    return out


def _earlier_leads(store: GraphStore) -> dict[str, list[str]]:
    leads = store.get_results(LEADS)
    out: dict[str, list[str]] = {}
    if not leads.empty:
        for ring_id, lead_id in zip(leads.ring_id, leads.lead_id):
            if ring_id:
                out.setdefault(ring_id, []).append(lead_id)
    return out
