"""Leads opened by hand: a tip-off (举报) or a single strong finding that is no ring.

A tip enters the ledger by its tip ID only: the informant's name, phone or any other identity never
does (医保办发〔2022〕22号 keeps whistle-blowers' information from everyone not handling the
report). Opening is idempotent: the same tip ID, or the same finding (subjects, ring and summary),
opens one lead.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

from graphfraud.errors import InputError
from graphfraud.ledger.book import AMOUNTS, LEADS, open_leads
from graphfraud.store.base import GraphStore, split_node_id

SOURCES = ("tip", "finding")
SUBJECT_FIELDS = {"Person": "persons", "Institution": "institutions", "Practitioner": "doctors"}


def manual_candidate(store: GraphStore, source: str, subjects: list[str], summary: str, tip_id: str = "",
                     ring_id: str = "", typology: str = "") -> dict[str, Any]:
    """The lead facts of a tip or finding: ``subjects`` are node IDs (already resolved); a ring, when
    given, lends its subjects, amounts and period."""
    if source not in SOURCES:
        raise InputError(f"unknown lead source {source!r}", "use tip or finding")
    if source == "tip" and not tip_id:
        raise InputError("a tip-off lead needs its tip ID", "add --tip TIP_ID (the reporter's identity never enters)")
    if not subjects and not ring_id:
        raise InputError("a lead needs a subject or a ring", "add --subject ID (repeatable) or --ring RING_ID")
    if not summary.strip():
        raise InputError("a lead needs a summary of what was reported or found", "add --summary TEXT")
    facts: dict[str, Any] = {}
    for field in SUBJECT_FIELDS.values():
        facts[field] = []
    for node in subjects:
        label, key = split_node_id(node)
        if label not in SUBJECT_FIELDS:
            raise InputError(f"{node} cannot be the subject of a lead",
                             "give a person (psn_no), an institution (fixmedins_code) or a doctor (dr_code)")
        facts[SUBJECT_FIELDS[label]].append(key)
    facts.update({a: 0.0 for a in AMOUNTS})
    facts.update(amount_class="", period_start="", period_end="", run_id="", score=0.0, typology=typology)
    if ring_id:
        facts.update(_ring_facts(store, ring_id, facts, typology))
    identity = json.dumps([source, tip_id, ring_id, sorted(subjects), summary.strip()], ensure_ascii=False)
    key = f"tip/{tip_id}" if source == "tip" else "finding/" + hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]
    return {**facts, "source_key": key, "source": f"{source}:{tip_id}" if tip_id else source, "ring_id": ring_id,
            "summary": summary.strip(), "previous_leads": _earlier(store, ring_id)}


def open_manual_lead(store: GraphStore, candidate: dict[str, Any], operator: str) -> tuple[str, bool]:
    """Open the lead (or find the one this tip or finding already opened): (lead ID, newly opened)."""
    opened = open_leads(store, [candidate], operator)
    if opened:
        return opened[0], True
    leads = store.get_results(LEADS)
    return str(leads[leads.source_key == candidate["source_key"]].lead_id.iloc[0]), False


def _ring_facts(store: GraphStore, ring_id: str, facts: dict[str, Any], typology: str) -> dict[str, Any]:
    rings = store.get_results("rings")
    chosen = rings[rings.ring_id == ring_id] if not rings.empty else rings
    if chosen.empty:
        raise InputError(f"no ring {ring_id!r} in the current results", "list them with: graphfraud rings")
    ring = chosen.iloc[0].to_dict()
    members = store.get_results("ring_members")
    mine = members[members.ring_id == ring_id] if not members.empty else members
    out: dict[str, Any] = {field: sorted(set(facts[field]) | set(mine.loc[mine.label == label, "key"].astype(str)))
                           for label, field in SUBJECT_FIELDS.items()}
    out.update({a: float(ring.get(a) or 0.0) for a in AMOUNTS})
    out.update(run_id=str(ring.get("run_id") or ""), score=float(ring.get("score") or 0.0),
               typology=typology or str(ring.get("typology") or ""), amount_class=str(ring.get("amount_class") or ""),
               period_start=_text(ring.get("period_start")), period_end=_text(ring.get("period_end")))
    return out


def _text(value: Any) -> str:
    return "" if value is None or value != value else str(value)


def _earlier(store: GraphStore, ring_id: str) -> list[str]:
    leads = store.get_results(LEADS)
    if not ring_id or leads.empty:
        return []
    return sorted(leads.loc[leads.ring_id == ring_id, "lead_id"].astype(str))
