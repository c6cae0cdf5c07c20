"""Inventory mismatch (进销存异常, rule GZ10000202001000 at ring level): a pharmacy that sold more of a
drug than it ever had — phantom swipes (空刷) or goods booked as insured drugs (套刷).

Algorithm:
1. per pharmacy and drug, from its first stock-take: stock = opening count + purchases − purchase
   returns; demand = the larger of reported sales (net of returns) and fund-settled quantities,
   both cumulative by month (a sale never reported but settled still left the shelf);
2. gap = demand − stock; the pharmacy–drug is flagged when the gap reaches ``min_gap_units``, and
   the finding is decisive when the gap never closes and is a real part of what was settled;
3. in each month the gap grew, the share of that month's settled quantity it cannot explain
   links every card settled for that drug there to the pharmacy with that share as weight, so an
   honest pharmacy with one missing delivery gives faint links and a phantom-swipe shop strong ones.
   These links name customers, not suspects: a card becomes a ring member by evidence of its own.
Chain branches moving stock and split-pack sales stay balanced: every flow is in pricing units.
"""
from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pandas as pd

from graphfraud.detectors.base import Finding
from graphfraud.detectors.config import DetectorConfig, InventoryMismatch
from graphfraud.detectors.frames import evidence, finding, flags, links
from graphfraud.store.base import GraphStore

NAME = "inventory_mismatch"
ITEM = ["fixmedins_code", "med_list_codg"]


def detect(store: GraphStore, config: DetectorConfig) -> Finding:
    cfg = config.inventory_mismatch
    balance = store.frame("det_inventory_balance", lead_days=cfg.purchase_lead_days)
    params = asdict(cfg) | {"balanced_items": int(balance[ITEM].drop_duplicates().shape[0]) if len(balance) else 0}
    months = _gaps(balance)
    flagged = _flagged(months, cfg)
    if flagged.empty:
        return finding(NAME, [], [], [], params | {"flagged_items": 0})
    flagged["evidence_id"] = f"{NAME}:" + flagged.fixmedins_code + ":" + flagged.med_list_codg
    grown = months.merge(flagged[[*ITEM, "evidence_id"]], on=ITEM)
    grown = grown[grown.unexplained > 0]
    buyers = store.frame("det_inventory_buyers", institutions=sorted(flagged.fixmedins_code.unique().tolist()),
                         drugs=sorted(flagged.med_list_codg.unique().tolist()))
    buyers["month"] = pd.to_datetime(buyers.month)
    rows = buyers.merge(grown[[*ITEM, "month", "unexplained", "gap", "evidence_id"]], on=[*ITEM, "month"])
    rows["decisive"] = rows.evidence_id.isin(flagged.evidence_id[flagged.decisive])
    per_card = rows[rows.psn_no.notna()].groupby(["psn_no", "fixmedins_code", "evidence_id"], as_index=False).agg(
        share=("unexplained", "max"))
    link_frame = links("Person:" + per_card.psn_no, "Institution:" + per_card.fixmedins_code,
                       cfg.weight * per_card.share, per_card.evidence_id)
    flag_frame = flags("Institution:" + flagged.fixmedins_code,
                       cfg.weight * np.minimum(1 + np.log10(flagged.gap.clip(lower=1)), 3.0), flagged.evidence_id)
    ev = evidence(store, NAME, rows, "fee_list_d", ["fixmedins_code", "med_list_codg", "month", "psn_no", "t", "cnt",
                                                    "gap", "unexplained", "decisive"])
    return finding(NAME, [link_frame], [flag_frame], [ev], params | {"flagged_items": len(flagged),
                                                                     "decisive_items": int(flagged.decisive.sum())})


def _flagged(months: pd.DataFrame, cfg: InventoryMismatch) -> pd.DataFrame:
    """Items whose gap reached ``min_gap_units``; decisive when it never closed (still open in the
    item's last month) and is at least ``decisive_share`` of what was settled since the stock-take.
    A late delivery opens a gap that the next purchase closes; phantom sales leave one for good."""
    if months.empty:
        return pd.DataFrame(columns=[*ITEM, "gap", "decisive"])
    by = months.sort_values("month").groupby(ITEM, as_index=False)
    items = by.agg(gap=("gap", "max"), final=("gap", "last"), settled=("settled", "sum"))
    items = items[items.gap >= cfg.min_gap_units].copy()
    items["decisive"] = (items.final >= cfg.min_gap_units) & (items.final >= cfg.decisive_share * items.settled)
    return items[[*ITEM, "gap", "decisive"]]


def _gaps(balance: pd.DataFrame) -> pd.DataFrame:
    """Per item and month: the cumulative gap and the share of the month's settlements it leaves unexplained."""
    if balance.empty:
        return pd.DataFrame(columns=[*ITEM, "month", "gap", "unexplained", "settled"])
    b = balance.sort_values([*ITEM, "month"]).copy()
    b["month"] = pd.to_datetime(b.month)
    by = b.groupby(ITEM, sort=False)
    stock = b.opening.fillna(0) + by.purchased.cumsum()
    demand = np.maximum(by.sold.cumsum(), by.settled.cumsum())
    b["gap"] = (demand - stock).clip(lower=0)
    growth = (b.gap - b.groupby(ITEM, sort=False).gap.shift(1).fillna(0)).clip(lower=0)
    b["unexplained"] = (growth / b.settled.where(b.settled > 0)).clip(upper=1).fillna(0)
    return b[[*ITEM, "month", "gap", "unexplained", "settled"]]
