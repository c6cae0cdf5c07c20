"""Referrals of one lead to several authorities (一案多查、一案多处), each tracked on its own.

A confirmed lead is referred to one or more receivers: the police (公安机关), the discipline
inspection and supervision organs (纪检监察机关), the health administration (卫生健康部门), the drug
administration (药品监督管理部门), market regulation (市场监督管理部门). Each gets its own signed
bundle under the profile of what it may see (``graphfraud.case.redact``), and its own line here:

    sent → received (回执) → replied (反馈处理结果) → closed

Every change is a new row of ``referrals`` (append-only, like the lead history), with the bundle's
SHA-256 on the row that sent it, so the ledger can prove what each receiver got.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from graphfraud.errors import InputError
from graphfraud.ledger.book import get, now, set_status
from graphfraud.store.base import GraphStore

REFERRALS = "referrals"
AGENCY_ZH = {"police": "公安机关", "discipline": "纪检监察机关", "health": "卫生健康部门", "drug": "药品监督管理部门",
             "market": "市场监督管理部门"}
STATES = ("sent", "received", "replied", "closed")
NEXT = {"sent": ("received", "replied", "closed"), "received": ("replied", "closed"), "replied": ("closed",), "closed": ()}
COLUMNS = ["lead_id", "agency", "seq", "time", "operator", "state", "bundle", "sha256", "note"]


def referral_state(store: GraphStore, lead_id: str | None = None) -> list[dict[str, Any]]:
    """The current line of each (lead, agency): its state, the bundle sent and every step."""
    rows = store.get_results(REFERRALS)
    if rows.empty:
        return []
    if lead_id is not None:
        rows = rows[rows.lead_id == lead_id]
    out = []
    for (lead, agency), steps in rows.sort_values("seq").groupby(["lead_id", "agency"], sort=True):
        history = steps[["seq", "time", "operator", "state", "note"]].to_dict("records")
        sent = steps[steps.state == "sent"].iloc[0]
        out.append({"lead_id": lead, "agency": agency, "receiver": AGENCY_ZH.get(str(agency), agency),
                    "state": steps.state.iloc[-1], "sent": sent.time, "bundle": sent.bundle, "sha256": sent.sha256,
                    "history": history})
    return out


def refer(store: GraphStore, lead_id: str, sent: list[tuple[str, str, str]], operator: str, note: str = "") -> None:
    """Record bundles sent (agency, bundle path, SHA-256) and move a confirmed lead to referred."""
    lead = get(store, lead_id)
    if lead.status not in ("confirmed", "referred"):
        raise InputError(f"lead {lead_id} is {lead.status}: only a confirmed lead is referred",
                         f"confirm it first: graphfraud leads status {lead_id} confirmed --note TEXT")
    already = {(r["agency"]) for r in referral_state(store, lead_id) if r["state"] != "closed"}
    again = [a for a, _, _ in sent if a in already]
    if again:
        raise InputError(f"lead {lead_id} is already referred to {', '.join(again)}",
                         "close that referral first, or refer to the other receivers only")
    _append(store, [{"lead_id": lead_id, "agency": a, "state": "sent", "bundle": b, "sha256": h, "note": note,
                     "operator": operator} for a, b, h in sent])
    if lead.status == "confirmed":
        receivers = "、".join(AGENCY_ZH[a] for a, _, _ in sent)
        set_status(store, lead_id, "referred", operator, note=f"移送{receivers}" + (f"：{note}" if note else ""))


def update(store: GraphStore, lead_id: str, agency: str, state: str, operator: str, note: str = "") -> dict[str, Any]:
    """Move one receiver's line (a receipt, its reply, closing it); invalid moves are refused."""
    current = {r["agency"]: r for r in referral_state(store, lead_id)}
    if agency not in current:
        raise InputError(f"lead {lead_id} was never referred to {agency}",
                         "refer it first: graphfraud leads refer " + lead_id + " --to " + agency)
    allowed = NEXT[current[agency]["state"]]
    if state not in allowed:
        raise InputError(f"the referral of {lead_id} to {agency} is {current[agency]['state']} and cannot become {state}",
                         "allowed: " + (", ".join(allowed) or "none, it is closed"))
    _append(store, [{"lead_id": lead_id, "agency": agency, "state": state, "bundle": "", "sha256": "", "note": note,
                     "operator": operator}])
    return {r["agency"]: r for r in referral_state(store, lead_id)}[agency]


def _append(store: GraphStore, rows: list[dict[str, Any]]) -> None:
    existing = store.get_results(REFERRALS)
    seq = int(existing["seq"].max()) if not existing.empty else 0
    stamp = now()
    frame = pd.DataFrame([{**r, "seq": seq + i, "time": stamp} for i, r in enumerate(rows, start=1)], columns=COLUMNS)
    store.put_results(REFERRALS, frame.astype({"seq": "int64"}), replace=False)
