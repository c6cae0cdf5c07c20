"""Risk profiles: an explained score per institution, doctor or insured person, month by month.

The score is a sum of *points*, each from one fact the store holds, dated by the month it happened
and halved every ``half_life_months`` after it:

- membership of a ranked ring (``ring_factor`` x the ring's score), dated by the ring's last month;
- each distinct check that tied the entity into a ring (``indicator_points``);
- smart-monitoring rule hits (``rule_hits``) by severity, at most ``rule_cap`` a month;
- tip-offs (``report_lead``) naming it (``tip_points``);
- its credit record: confirmed findings of the lead ledger (``credit_points`` by how far the lead went).

Every point keeps its reason, so a profile lists why an entity ranks where it does.

>>> months_between("2025-07", "2026-01")
6
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from graphfraud.ledger import ledger
from graphfraud.risk.config import RiskConfig
from graphfraud.risk.credit import credit_records
from graphfraud.store.base import GraphStore

Kind = Literal["institutions", "doctors", "persons"]
LABELS: dict[str, str] = {"institutions": "Institution", "doctors": "Practitioner", "persons": "Person"}
SUBJECT_LABEL = {"institution": "Institution", "doctor": "Practitioner", "person": "Person"}
TYPOLOGY_ZH = {"resale": "倒卖药品", "fake_purchase": "虚假购药", "collusion": "医药合谋", "impersonation": "冒名就医",
               "mixed": "多种手法"}
STAGE_ZH = {"confirmed": "查实", "referred": "已移送", "closed": "已办结"}
SIGNAL_COLUMNS = ["node_id", "month", "kind", "points", "reason"]


def months_between(a: str, b: str) -> int:
    return (int(b[:4]) - int(a[:4])) * 12 + int(b[5:7]) - int(a[5:7])


def _month(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, errors="coerce").dt.strftime("%Y-%m")


def signals(store: GraphStore, config: RiskConfig) -> pd.DataFrame:
    """Every dated point of every entity: node_id, month (YYYY-MM), kind, points, reason."""
    parts = [_ring_points(store, config), _rule_points(store, config), _tip_points(store, config),
             _credit_points(store, config)]
    frame = pd.concat([p for p in parts if not p.empty], ignore_index=True) if any(not p.empty for p in parts) else \
        pd.DataFrame(columns=SIGNAL_COLUMNS)
    return frame[frame.month.notna()].reset_index(drop=True)[SIGNAL_COLUMNS]


def _ring_points(store: GraphStore, config: RiskConfig) -> pd.DataFrame:
    from graphfraud.case.narrative import short

    rings, members = store.get_results("rings"), store.get_results("ring_members")
    if rings.empty or members.empty:
        return pd.DataFrame(columns=SIGNAL_COLUMNS)
    joined = members[["ring_id", "node_id", "basis"]].merge(rings[["ring_id", "score", "typology", "period_end"]], on="ring_id")
    month = _month(joined.period_end)
    ring = pd.DataFrame({"node_id": joined.node_id, "month": month, "kind": "ring",
                         "points": config.ring_factor * joined.score.astype(float),
                         "reason": [f"团伙{r}成员（评分{s:.1f}，{TYPOLOGY_ZH.get(t, t)}）"
                                    for r, s, t in zip(joined.ring_id, joined.score, joined.typology)]})
    basis = joined.basis.fillna("").str.split(",").map(lambda xs: [x for x in xs if x])
    checks = pd.DataFrame({"node_id": joined.node_id, "month": month, "kind": "indicators",
                           "points": config.indicator_points * basis.map(len),
                           "reason": ["核查发现：" + "、".join(short(x, "zh") for x in b) for b in basis]})
    return pd.concat([ring, checks[checks.points > 0]], ignore_index=True)


def _rule_points(store: GraphStore, config: RiskConfig) -> pd.DataFrame:
    hits = store.table("rule_hits", ["setl_id", "psn_no", "fixmedins_code", "sev_deg", "rule_name"])
    if hits.empty:
        return pd.DataFrame(columns=SIGNAL_COLUMNS)
    times = store.table("setl_d", ["setl_id", "setl_time"])
    hits = hits.merge(times, on="setl_id", how="left")
    hits["month"] = _month(hits.setl_time)
    hits["points"] = hits.sev_deg.astype(str).map(config.rule_points).fillna(config.rule_default).astype(float)
    long = pd.concat([hits.assign(node_id="Institution:" + hits.fixmedins_code.astype(str))[hits.fixmedins_code.notna()],
                      hits.assign(node_id="Person:" + hits.psn_no.astype(str))[hits.psn_no.notna()]])
    per = long.groupby(["node_id", "month"], as_index=False).agg(points=("points", "sum"), hits=("points", "size"))
    per["points"] = per.points.clip(upper=config.rule_cap)
    per["kind"], per["reason"] = "rule_hits", [f"智能监管规则命中{n}条" for n in per.hits]
    return per[SIGNAL_COLUMNS]


def _tip_points(store: GraphStore, config: RiskConfig) -> pd.DataFrame:
    tips = store.table("report_lead", ["lead_id", "received_time", "subject_psn_no", "subject_fixmedins_code"])
    if tips.empty:
        return pd.DataFrame(columns=SIGNAL_COLUMNS)
    rows = []
    for label, column in (("Person", "subject_psn_no"), ("Institution", "subject_fixmedins_code")):
        named = tips[tips[column].notna() & (tips[column].astype(str) != "")]
        rows.append(pd.DataFrame({"node_id": f"{label}:" + named[column].astype(str), "month": _month(named.received_time),
                                  "kind": "tip", "points": config.tip_points,
                                  "reason": "举报线索" + named.lead_id.astype(str)}))
    return pd.concat(rows, ignore_index=True)


def _credit_points(store: GraphStore, config: RiskConfig) -> pd.DataFrame:
    records = credit_records(ledger(store))
    if not records:
        return pd.DataFrame(columns=SIGNAL_COLUMNS)
    r = pd.DataFrame(records)
    return pd.DataFrame({"node_id": r.subject_type.map(SUBJECT_LABEL) + ":" + r.subject_code,
                         "month": r.date.str[:7], "kind": "credit",
                         "points": r.stage.map(config.credit_points).fillna(0.0).astype(float),
                         "reason": [f"信用记录：线索{lead}{STAGE_ZH.get(s, s)}" for lead, s in zip(r.lead_id, r.stage)]})


@dataclass
class Profiles:
    """Ranked entities of one kind: ``table`` (node_id, key, name, score, rank), their monthly ``series``
    (node_id -> month -> score) and ``reasons`` (node_id -> [(reason, points now)], strongest first)."""

    kind: str
    as_of: str
    months: list[str]
    table: pd.DataFrame
    series: dict[str, dict[str, float]]
    reasons: dict[str, list[tuple[str, float]]]


def profiles(store: GraphStore, kind: Kind, config: RiskConfig, as_of: str | None = None,
             months: int = 6, points: pd.DataFrame | None = None) -> Profiles:
    """Score every entity of ``kind`` with points as of the month ``as_of`` (default: the data's last
    month, or the newest point's if later) and for the ``months`` months up to it."""
    label = LABELS[kind]
    found = signals(store, config) if points is None else points
    found = found[found.node_id.str.startswith(label + ":")]
    last = as_of or _last_month(store, found)
    axis = [_shift(last, -k) for k in range(months - 1, -1, -1)]
    found = found[found.month <= last]
    if found.empty:
        return Profiles(kind, last, axis, pd.DataFrame(columns=["rank", "node_id", "key", "name", "score"]), {}, {})
    age = np.array([[months_between(m, a) for a in axis] for m in found.month])  # signals x months
    decayed = np.where(age >= 0, found.points.to_numpy(dtype=float)[:, None] * 0.5 ** (age / config.half_life_months), 0.0)
    per_month = pd.DataFrame(decayed, columns=axis).assign(node_id=found.node_id.to_numpy()).groupby("node_id").sum()
    now = per_month[last].sort_values(ascending=False)
    now = now[now > 0]
    names = store.names(list(now.index))
    table = pd.DataFrame({"rank": range(1, len(now) + 1), "node_id": now.index, "key": now.index.str.split(":", n=1).str[1],
                          "name": [names.get(n, "") for n in now.index], "score": now.round(2).to_numpy()})
    contrib = found.assign(now=decayed[:, -1]).groupby(["node_id", "reason"], as_index=False).now.sum()
    reasons = {n: [(r, round(float(p), 2)) for r, p in zip(g.reason, g.now)]
               for n, g in contrib.sort_values("now", ascending=False).groupby("node_id", sort=False)}
    series = {n: {m: round(float(per_month.loc[n, m]), 2) for m in axis} for n in now.index}
    return Profiles(kind, last, axis, table.reset_index(drop=True), series, reasons)


def _last_month(store: GraphStore, found: pd.DataFrame) -> str:
    """The later of the data's last month and the newest point (a finding confirmed today counts today)."""
    _, last = store.date_range()
    months = [str(found.month.max())] if not found.empty else []
    if last is not None and not pd.isna(last):
        months.append(pd.Timestamp(last).strftime("%Y-%m"))
    return max(months) if months else pd.Timestamp.now().strftime("%Y-%m")


def _shift(month: str, k: int) -> str:
    index = int(month[:4]) * 12 + int(month[5:7]) - 1 + k
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def institution_weights(store: GraphStore, config: RiskConfig, as_of: str | None = None) -> pd.DataFrame:
    """Every institution of the register with its risk score now and its draw weight (base + score),
    and the reasons behind the score: the input of the risk-weighted inspection draw."""
    register = store.table("fixmedins", ["fixmedins_code", "fixmedins_name", "fixmedins_type", "admdvs"])
    ranked = profiles(store, "institutions", config, as_of, months=1)
    score = dict(zip(ranked.table.key, ranked.table.score))
    out = register.rename(columns={"fixmedins_name": "name"}).copy()
    out["score"] = out.fixmedins_code.astype(str).map(score).fillna(0.0).astype(float)
    out["weight"] = config.base_weight + out.score
    out["reasons"] = ["；".join(r for r, _ in ranked.reasons.get(f"Institution:{c}", [])[:3]) for c in out.fixmedins_code]
    return out.sort_values("fixmedins_code").reset_index(drop=True)


def as_records(p: Profiles, limit: int | None) -> list[dict[str, Any]]:
    rows = p.table.head(limit) if limit else p.table
    return [{**r, "months": p.series.get(r["node_id"], {}),
             "reasons": [{"reason": t, "points": v} for t, v in p.reasons.get(r["node_id"], [])]}
            for r in rows.to_dict("records")]
