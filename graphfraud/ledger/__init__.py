"""The lead ledger (线索台账): leads from rings, their status workflow, history and office export."""
from __future__ import annotations

from graphfraud.ledger.book import Lead, add_note, assign, get, ledger, open_leads, set_status
from graphfraud.ledger.opening import lead_threshold, open_detection_leads, open_run_leads, ring_candidates
from graphfraud.ledger.states import STATUSES, TRANSITIONS, check_transition

__all__ = ["Lead", "STATUSES", "TRANSITIONS", "add_note", "assign", "check_transition", "get", "ledger",
           "lead_threshold", "open_detection_leads", "open_leads", "open_run_leads", "ring_candidates", "set_status"]
