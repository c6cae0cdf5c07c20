"""The lead ledger in a store: lead facts (``leads``) and an append-only history (``lead_events``).

A lead's facts (source, subjects, amounts) are written once when it is opened; every later change
(assignment, status, due date, note) is a new event row, so the ledger never rewrites history and
works through ``put_results(..., replace=False)`` on either store. The current state of a lead is
its last event. Opening is idempotent per ``source_key`` (e.g. run + ring), so a re-run opens nothing twice.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from graphfraud.errors import InputError, NotFound
from graphfraud.ledger.states import NOTE_FIELD, check_transition
from graphfraud.store.base import GraphStore, atomic

LEADS, EVENTS = "leads", "lead_events"
LIST_FIELDS = ("persons", "institutions", "doctors", "previous_leads")
AMOUNTS = ("fund_pay_sumamt", "hifp_pay", "acct_pay", "medfee_sumamt")
FACT_COLUMNS = ("lead_id", "source_key", "opened", "source", "run_id", "ring_id", "typology", "score", *LIST_FIELDS,
                *AMOUNTS, "amount_class", "period_start", "period_end", "summary")
TEXT_FACTS = ("opened", "source", "source_key", "run_id", "ring_id", "typology", "amount_class", "period_start",
              "period_end", "summary")
EVENT_COLUMNS = ("lead_id", "seq", "time", "operator", "action", "status", "assignee", "due", "note")


@dataclass
class Lead:
    """A lead as the ledger shows it now: its facts, current status, and its history."""

    facts: dict[str, Any]
    status: str = "new"
    assignee: str = ""
    due: str = ""
    updated: str = ""
    check_result: str = ""
    referral: str = ""
    handling: str = ""
    history: list[dict[str, Any]] = field(default_factory=list)

    @property
    def lead_id(self) -> str:
        return self.facts["lead_id"]

    def to_dict(self) -> dict[str, Any]:
        out = {**self.facts, "status": self.status, "assignee": self.assignee, "due": self.due,
               "updated": self.updated, "check_result": self.check_result, "referral": self.referral,
               "handling": self.handling, "history": self.history}
        return out


def now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def open_leads(store: GraphStore, candidates: list[dict[str, Any]], operator: str) -> list[str]:
    """Open a lead for every candidate whose ``source_key`` has none yet; returns the new lead IDs."""
    facts = store.get_results(LEADS)
    _complete_openings(store, facts, operator)
    known = set(facts["source_key"]) if not facts.empty else set()
    fresh = [c for c in candidates if c["source_key"] not in known]
    if not fresh:
        return []
    number = _highest(facts["lead_id"]) if not facts.empty else 0
    opened = now()
    rows, events = [], []
    for offset, candidate in enumerate(fresh, start=1):
        lead_id = f"L-{number + offset:06d}"
        rows.append({**{c: candidate.get(c) for c in FACT_COLUMNS}, "lead_id": lead_id, "opened": opened})
        events.append({"lead_id": lead_id, "action": "open", "status": "new", "assignee": "", "due": "",
                       "note": candidate.get("summary") or "", "operator": operator})
    with atomic(store):
        store.put_results(LEADS, _facts_frame(rows), replace=False)
        _append_events(store, events)
    return [str(r["lead_id"]) for r in rows]


def _complete_openings(store: GraphStore, facts: pd.DataFrame, operator: str) -> None:
    """Give a lead stored without its ``open`` event (facts and events are two writes; a store
    without transactions can be stopped between them) that event now, so a re-run converges."""
    if facts.empty:
        return
    events = store.get_results(EVENTS)
    opened = set(events.lead_id) if not events.empty else set()
    missing = facts[~facts.lead_id.isin(opened)].sort_values("lead_id")
    _append_events(store, [{"lead_id": r.lead_id, "action": "open", "status": "new", "assignee": "", "due": "",
                            "note": r.summary if isinstance(r.summary, str) else "", "operator": operator}
                           for r in missing.itertuples()])


def ledger(store: GraphStore) -> list[Lead]:
    """Every lead with its current state, in lead ID order."""
    facts = store.get_results(LEADS)
    if facts.empty:
        return []
    events = store.get_results(EVENTS)
    by_lead: dict[str, list[dict[str, Any]]] = {}
    for e in events.sort_values(["seq", "time"]).to_dict("records"):
        by_lead.setdefault(e["lead_id"], []).append(e)
    return [_fold(_parse_facts(row), by_lead.get(row["lead_id"], []))
            for row in facts.sort_values("lead_id").to_dict("records")]


def get(store: GraphStore, lead_id: str) -> Lead:
    for lead in ledger(store):
        if lead.lead_id == lead_id:
            return lead
    raise NotFound(f"no lead {lead_id!r} in the ledger", "list them with: graphfraud leads list")


def assign(store: GraphStore, lead_id: str, assignee: str, operator: str, due: str = "", note: str = "") -> Lead:
    """Name who checks the lead (a new lead becomes assigned; later ones keep their status)."""
    lead = get(store, lead_id)
    if lead.status == "closed":
        raise InputError(f"lead {lead_id} is closed", "open a new lead instead of reassigning a closed one")
    status = "assigned" if lead.status == "new" else lead.status
    if status != lead.status:
        check_transition(lead.status, status, assignee=assignee)
    _append_events(store, [{"lead_id": lead_id, "action": "assign", "status": status, "assignee": assignee,
                            "due": _date(due) or lead.due, "note": note, "operator": operator}])
    return get(store, lead_id)


def set_status(store: GraphStore, lead_id: str, status: str, operator: str, note: str = "") -> Lead:
    """Move the lead to ``status`` if the transition is allowed (else InputError listing the allowed ones)."""
    lead = get(store, lead_id)
    check_transition(lead.status, status, note=note, assignee=lead.assignee)
    _append_events(store, [{"lead_id": lead_id, "action": "status", "status": status, "assignee": lead.assignee,
                            "due": lead.due, "note": note, "operator": operator}])
    return get(store, lead_id)


def add_note(store: GraphStore, lead_id: str, note: str, operator: str, due: str = "") -> Lead:
    """Append a note (and optionally move the due date) without changing the status."""
    lead = get(store, lead_id)
    if not note.strip() and not due:
        raise InputError("nothing to record", "give the note text, or --due DATE")
    _append_events(store, [{"lead_id": lead_id, "action": "note", "status": lead.status, "assignee": lead.assignee,
                            "due": _date(due) or lead.due, "note": note, "operator": operator}])
    return get(store, lead_id)


def _fold(facts: dict[str, Any], events: list[dict[str, Any]]) -> Lead:
    lead = Lead(facts)
    for e in events:
        lead.status, lead.assignee, lead.due, lead.updated = e["status"], e["assignee"] or "", e["due"] or "", e["time"]
        if e["action"] == "status" and e["status"] in NOTE_FIELD and e["note"]:
            setattr(lead, NOTE_FIELD[e["status"]], e["note"])
        lead.history.append({k: e[k] for k in ("seq", "time", "operator", "action", "status", "assignee", "due", "note")})
    return lead


def _append_events(store: GraphStore, events: list[dict[str, Any]]) -> None:
    if not events:
        return
    existing = store.get_results(EVENTS)
    seq = int(existing["seq"].max()) if not existing.empty else 0
    stamp = now()
    rows = [{**e, "seq": seq + i, "time": stamp} for i, e in enumerate(events, start=1)]
    frame = pd.DataFrame(rows, columns=list(EVENT_COLUMNS)).astype({"seq": "int64"})
    store.put_results(EVENTS, frame, replace=False)


def _facts_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(FACT_COLUMNS))
    for name in LIST_FIELDS:
        frame[name] = [json.dumps(sorted(v or []), ensure_ascii=False) for v in frame[name]]
    for name in (*AMOUNTS, "score"):
        frame[name] = pd.to_numeric(frame[name], errors="coerce").fillna(0.0).astype("float64")
    for name in TEXT_FACTS:
        frame[name] = frame[name].map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
    return frame


def _parse_facts(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, **{name: json.loads(row[name]) for name in LIST_FIELDS}}


def _highest(lead_ids: pd.Series) -> int:
    numbers = lead_ids.str.extract(r"^L-(\d+)$")[0].dropna().astype(int)
    return int(numbers.max()) if len(numbers) else 0


def _date(text: str) -> str:
    if not text:
        return ""
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError as exc:
        raise InputError(f"due date {text!r} is not a date", "write it as YYYY-MM-DD, e.g. 2026-03-31") from exc
