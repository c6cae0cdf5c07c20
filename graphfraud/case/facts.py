"""The facts a referral states, computed once from the (redacted) case: amounts per subject by fund
source, counts, periods, the amount class against the run's thresholds.

Amounts follow graphfraud.rings.model: valid settlement rows only (vali_flag=1), refunds netted,
once per setl_id; pooled fund (fund_pay_sumamt, of which hifp_pay) and personal account (acct_pay)
are never added together.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from graphfraud import settings
from graphfraud.case.collect import CaseData
from graphfraud.rings.amounts import Thresholds, load_thresholds

AMOUNTS = ["medfee_sumamt", "fund_pay_sumamt", "hifp_pay", "acct_pay", "psn_cash_pay"]


@dataclass
class CaseFacts:
    ring_id: str
    typology: str
    period_start: str
    period_end: str
    totals: dict[str, float]
    settlements: int
    refunds: int
    fee_lines: int
    trace_codes: int
    amount_class: str
    thresholds: Thresholds
    legal_basis: str
    subjects: pd.DataFrame  # one row per member with role, amounts, counts, period
    indicators: list[dict[str, Any]] = field(default_factory=list)
    class_with_account: str = ""  # the class if personal-account money were counted too
    context_persons: int = 0

    @property
    def suspects(self) -> pd.DataFrame:
        """The member persons (the parties; context persons are never among them)."""
        return self.subjects[self.subjects.label == "Person"]


def valid_settlements(settlements: pd.DataFrame) -> pd.DataFrame:
    frame = settlements[settlements.vali_flag.fillna(1) == 1].drop_duplicates("setl_id").copy()
    for column in AMOUNTS:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").fillna(0.0)
    return frame


def run_thresholds(run: dict[str, Any]) -> Thresholds:
    """The thresholds the ring was classed with (kept in the run's params), else today's defaults."""
    try:
        saved = json.loads(run.get("params") or "{}").get("thresholds")
    except (TypeError, ValueError):
        saved = None
    if saved:
        return Thresholds(str(saved["province"]), float(saved["large"]), float(saved["huge"]),
                          float(saved["especially_huge"]), saved.get("basis", "fund_pay_sumamt"))
    return load_thresholds()


def case_facts(case: CaseData) -> CaseFacts:
    valid = valid_settlements(case.settlements)
    thresholds = run_thresholds(case.run)
    totals = {c: round(float(valid[c].sum()), 2) for c in AMOUNTS}
    times = pd.to_datetime(valid.setl_time)
    codes = case.trace_rows.code.nunique() if len(case.trace_rows) else 0
    return CaseFacts(
        ring_id=case.ring_id, typology=str(case.ring.get("typology") or "mixed"),
        period_start=_day(times.min()), period_end=_day(times.max()), totals=totals,
        settlements=int((valid.refd_setl_flag.fillna(0) == 0).sum()),
        refunds=int((valid.refd_setl_flag.fillna(0) == 1).sum()),
        fee_lines=len(case.fee_lines), trace_codes=int(codes),
        amount_class=thresholds.amount_class(totals["fund_pay_sumamt"], totals["acct_pay"]),
        thresholds=thresholds, legal_basis=settings.get("case_legal_basis"),
        subjects=subjects(case, valid, thresholds),
        indicators=indicator_facts(case, valid),
        class_with_account=Thresholds(thresholds.province, thresholds.large, thresholds.huge,
                                      thresholds.especially_huge, "fund_plus_account").amount_class(
            totals["fund_pay_sumamt"], totals["acct_pay"]),
        context_persons=int((case.context.label == "Person").sum()) if len(case.context) else 0,
    )


def indicator_facts(case: CaseData, valid: pd.DataFrame) -> list[dict[str, Any]]:
    """Per indicator: its weight and explanation, evidence rows, settlements, dates and amounts."""
    explained = case.indicators.set_index("indicator") if len(case.indicators) else pd.DataFrame()
    out = []
    names = sorted(set(explained.index) | set(case.evidence.indicator if len(case.evidence) else []))
    for name in names:
        rows = case.evidence[case.evidence.indicator == name] if len(case.evidence) else case.evidence
        chosen = valid[valid.setl_id.isin(rows.setl_id.dropna())] if len(rows) else valid.iloc[0:0]
        info = explained.loc[name].to_dict() if name in explained.index else {}
        out.append({"indicator": name, "weight": _number(info.get("weight")),
                    "explanation": str(info.get("explanation") or ""), "evidence_rows": len(rows),
                    "settlements": int(chosen.setl_id.nunique()), "first": _day(pd.to_datetime(chosen.setl_time).min()),
                    "last": _day(pd.to_datetime(chosen.setl_time).max()),
                    "fund_pay_sumamt": round(float(chosen.fund_pay_sumamt.sum()), 2),
                    "acct_pay": round(float(chosen.acct_pay.sum()), 2)})
    return out


def _number(value: Any) -> float:
    try:
        return round(float(value), 3)
    except (TypeError, ValueError):
        return 0.0


def subjects(case: CaseData, valid: pd.DataFrame, thresholds: Thresholds) -> pd.DataFrame:
    """Members with their amounts: persons by psn_no, institutions by fixmedins_code, doctors by the
    fee lines they prescribed (line amounts, since a settlement may mix prescribers)."""
    members = case.members[["node_id", "label", "key", "name", "role", "score"]].copy()
    by_person = _sums(valid, "psn_no")
    by_place = _sums(valid, "fixmedins_code")
    lines = case.fee_lines[case.fee_lines.vali_flag.fillna(1) == 1]
    by_doctor = (lines.assign(amount=pd.to_numeric(lines.det_item_fee_sumamt, errors="coerce").fillna(0.0))
                 .groupby("bilg_dr_codg").agg(line_amount=("amount", "sum"), lines=("bkkp_sn", "count")))
    rows = []
    for m in members.itertuples(index=False):
        source = {"Person": by_person, "Institution": by_place}.get(m.label)
        row: dict[str, Any] = m._asdict()
        if source is not None and m.key in source.index:
            row.update(source.loc[m.key].to_dict())
        if m.label == "Practitioner" and m.key in by_doctor.index:
            row.update(by_doctor.loc[m.key].to_dict())
        rows.append(row)
    out = pd.DataFrame(rows)
    for column in ["settlements", *AMOUNTS, "line_amount", "lines"]:
        values = out[column] if column in out else pd.Series(0, index=out.index)
        out[column] = pd.to_numeric(values, errors="coerce").fillna(0).round(2)
    out["settlements"] = out.settlements.astype(int)
    out["lines"] = out.lines.astype(int)
    out["amount_class"] = [thresholds.amount_class(f, a) if label == "Person" else ""
                           for label, f, a in zip(out.label, out.fund_pay_sumamt, out.acct_pay)]
    with_account = Thresholds(thresholds.province, thresholds.large, thresholds.huge, thresholds.especially_huge,
                              "fund_plus_account")
    out["class_with_account"] = [with_account.amount_class(f, a) if label == "Person" else ""
                                 for label, f, a in zip(out.label, out.fund_pay_sumamt, out.acct_pay)]
    for column in ("first", "last"):
        out[column] = out.get(column, pd.Series([None] * len(out))).fillna("")
    return out.sort_values(["label", "fund_pay_sumamt", "node_id"], ascending=[True, False, True]).reset_index(drop=True)


def _sums(valid: pd.DataFrame, by: str) -> pd.DataFrame:
    grouped = valid.assign(original=valid.refd_setl_flag.fillna(0) == 0).groupby(by)
    out = grouped[AMOUNTS].sum()
    out["settlements"] = grouped.original.sum()
    out["first"] = grouped.setl_time.min().map(_day)
    out["last"] = grouped.setl_time.max().map(_day)
    return out


def _day(value: Any) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")
