"""Credit records (医保信用记录) from the lead ledger, and suggested doctor points (医保支付资格记分).

A record is written for every subject (institution, doctor, insured person) of a lead whose
finding was confirmed: it stays when the lead is referred or closed; a rejected lead leaves none.
Each record carries what the credit-evaluation system needs: the subject, the lead and ring, the
finding as the checker wrote it, how far the lead went and when, the amounts.

Doctor points follow the 记分 scale of the national guidance on payment qualifications of the
staff of designated institutions (医保发〔2024〕23号; local rules fix the details): tiers 1-3,
4-6, 7-9 and 10-12 points, summed per natural year. Confirmed fraud (a ring of any scheme) is in
the 10-12 tier: 12 when referred to the police or of a large amount, else 10; any other confirmed
finding 4-6. Points are *suggestions* with their basis; an officer decides.

>>> from graphfraud.ledger.book import Lead
>>> lead = Lead({"lead_id": "L-1", "ring_id": "R-1", "typology": "collusion", "persons": ["p1"],
...              "institutions": ["P1"], "doctors": ["D1"], "fund_pay_sumamt": 9000.0, "acct_pay": 0.0,
...              "amount_class": "较大"}, status="referred", check_result="医师与药店串通", referral="移送公安",
...             history=[{"status": "confirmed", "time": "2026-03-01T10:00:00+08:00"},
...                      {"status": "referred", "time": "2026-03-05T10:00:00+08:00"}])
>>> [(r["subject_type"], r["subject_code"], r["stage"], r["date"]) for r in credit_records([lead])]
[('institution', 'P1', 'referred', '2026-03-01'), ('doctor', 'D1', 'referred', '2026-03-01'), ('person', 'p1', 'referred', '2026-03-01')]
>>> doctor_points(credit_records([lead]))[0]["points"]
12
"""
from __future__ import annotations

from typing import Any

from graphfraud.ledger.book import Lead

RECORDED = ("confirmed", "referred", "closed")
FRAUD = ("resale", "fake_purchase", "collusion", "impersonation", "mixed")
LARGE = ("巨大", "特别巨大")
SUBJECTS = (("institution", "institutions"), ("doctor", "doctors"), ("person", "persons"))
BASIS = "医保发〔2024〕23号（定点医药机构相关人员医保支付资格管理）；记分档次以本地实施细则为准"


def credit_records(leads: list[Lead]) -> list[dict[str, Any]]:
    """One record per subject of each lead whose finding was confirmed (and not later rejected)."""
    out = []
    for lead in leads:
        confirmed = [e for e in lead.history if e.get("status") == "confirmed"]
        if not confirmed or lead.status not in RECORDED:
            continue
        f = lead.facts
        for kind, field in SUBJECTS:
            for code in f.get(field) or []:
                out.append({"subject_type": kind, "subject_code": str(code), "lead_id": lead.lead_id,
                            "ring_id": f.get("ring_id") or "", "typology": f.get("typology") or "",
                            "stage": lead.status, "date": str(confirmed[0]["time"])[:10],
                            "finding": lead.check_result, "referral": lead.referral, "handling": lead.handling,
                            "fund_pay_sumamt": float(f.get("fund_pay_sumamt") or 0),
                            "acct_pay": float(f.get("acct_pay") or 0), "amount_class": f.get("amount_class") or ""})
    return out


def doctor_points(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Suggested points per doctor and finding, with the tier, its reason and the basis."""
    out = []
    for r in records:
        if r["subject_type"] != "doctor":
            continue
        fraud = r["typology"] in FRAUD
        heavy = r["stage"] == "referred" or "公安" in r["referral"] or r["amount_class"] in LARGE
        tier = "10-12" if fraud else "4-6"
        points = (12 if heavy else 10) if fraud else (6 if heavy else 4)
        reason = ("查实参与欺诈骗取医保基金" if fraud else "查实违规使用医保基金") + (
            "，已移送公安或金额巨大" if heavy else "")
        out.append({"dr_code": r["subject_code"], "lead_id": r["lead_id"], "year": r["date"][:4], "tier": tier,
                    "points": points, "reason": reason, "basis": BASIS})
    return out


def yearly_points(points: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per doctor and natural year: the sum, and what the guidance ties to it (9 suspend, 12 end).

    >>> yearly_points([{"dr_code": "D1", "year": "2026", "points": 4}, {"dr_code": "D1", "year": "2026", "points": 6}])
    [{'dr_code': 'D1', 'year': '2026', 'points': 10, 'consequence': '暂停医保支付资格（累计达9分）'}]
    """
    sums: dict[tuple[str, str], int] = {}
    for p in points:
        sums[(p["dr_code"], p["year"])] = sums.get((p["dr_code"], p["year"]), 0) + int(p["points"])
    return [{"dr_code": d, "year": y, "points": total,
             "consequence": "终止医保支付资格（累计达12分）" if total >= 12 else
             "暂停医保支付资格（累计达9分）" if total >= 9 else ""} for (d, y), total in sorted(sums.items())]
