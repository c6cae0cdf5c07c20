"""Year-end draining (年底冲顶消费): a personal account spent in December far above its holder's usual
month — balances drained at a counter before the year closes, goods handed out or cash paid back.

Algorithm:
1. personal-account spending per person and month (``det_account_months``, refunds netted);
2. the holder's usual month: their account spending outside December over the months the data
   covers (a month without spending counts as zero);
3. a person whose December spending is at least ``ratio`` times the usual month and at least
   ``min_amount`` yuan is flagged (the guide's "December acct_pay > 3 × the holder's monthly mean").
   A flag alone links nobody: it corroborates a ring other evidence forms (colleagues' cards
   re-swiped at one counter in December), it never makes one. Evidence: the December settlements
   paid from the account;
4. a batch: at least ``batch_persons`` flagged persons whose accounts were drained at one institution one
   after another, each settlement within ``batch_minutes`` of the one before, each person at the counter
   where they spent at least ``batch_share`` of their December account money (the guide's "bursts of
   distinct cards" with "December acct_pay spikes": a counter swiping collected cards). Each is linked
   to that counter (evidence ID ``yearend_drain:batch:<inst>:<start>``); a ring holding the counter and
   a person of the batch holds the batch (``rings/assembly.py``). A regular customer stocking up in
   December drains at their own pharmacy at a time of their own.
"""
from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pandas as pd

from graphfraud.detectors.base import Finding
from graphfraud.detectors.config import DetectorConfig
from graphfraud.detectors.frames import evidence, finding, flags, links
from graphfraud.store.base import GraphStore

NAME = "yearend_drain"


def detect(store: GraphStore, config: DetectorConfig) -> Finding:
    cfg = config.yearend_drain
    months = store.frame("det_account_months")
    params = asdict(cfg)
    if months.empty:
        return finding(NAME, [], [], [], params | {"persons": 0})
    months = months.assign(december=months.month.astype(str).str[5:7] == "12", acct_pay=months.acct_pay.astype(float))
    span = months.month.nunique()
    other_months = max(span - months.month[months.december].nunique(), 1)
    per = months.groupby(["psn_no", "december"]).acct_pay.sum().unstack(fill_value=0.0)
    if True not in per.columns:
        return finding(NAME, [], [], [], params | {"persons": 0})
    usual = (per[False] if False in per.columns else 0.0) / other_months
    drained = per[(per[True] >= cfg.min_amount) & (per[True] >= cfg.ratio * usual)]
    if drained.empty:
        return finding(NAME, [], [], [], params | {"persons": 0})
    found = pd.DataFrame({"psn_no": drained.index.astype(str), "december": drained[True].to_numpy(),
                          "usual": np.asarray(usual.reindex(drained.index) if not np.isscalar(usual) else usual)})
    found["evidence_id"] = f"{NAME}:" + found.psn_no
    strength = np.minimum(found.december / (cfg.ratio * found.usual.clip(lower=cfg.min_amount / cfg.ratio)), 3.0)
    rows = store.frame("det_person_settlements", psn_nos=sorted(found.psn_no))
    rows = rows[(pd.to_datetime(rows.t).dt.month == 12) & (rows.acct_pay.fillna(0) > 0)].merge(found, on="psn_no")
    rows = rows.assign(december=rows.december.round(2), usual=rows.usual.round(2))
    batch = batches(rows, cfg.batch_persons, cfg.batch_minutes, cfg.batch_share)
    columns = ["psn_no", "fixmedins_code", "t", "december", "usual"]
    # the rings' graph weighs a batch at nothing (rings/defaults.toml assembly.batch_kinds): it ties no one into
    # a ring, it only tells the assembly at which ring's counter a card with nothing else of its own was drained
    return finding(NAME, [links("Person:" + batch.psn_no, "Institution:" + batch.fixmedins_code, cfg.weight,
                                batch.evidence_id).drop_duplicates()],
                   [flags("Person:" + found.psn_no, cfg.weight * strength, found.evidence_id)],
                   [evidence(store, NAME, rows, "setl_d", columns),
                    evidence(store, NAME, batch, "setl_d", [*columns, "batch"])],
                   params | {"persons": len(found), "batches": int(batch.evidence_id.nunique())})


def batches(rows: pd.DataFrame, min_persons: int, minutes: float, share: float) -> pd.DataFrame:
    """The December account settlements of ``rows`` (psn_no, fixmedins_code, t, acct_pay) made in batches:
    runs of settlements at one institution, each within ``minutes`` of the one before, holding at least
    ``min_persons`` persons, each at the institution where they spent at least ``share`` of their
    December account money. ``evidence_id`` names the batch by its institution and first minute,
    ``batch`` counts its persons.

    >>> t = pd.to_datetime(["2025-12-20 09:00", "2025-12-20 09:25", "2025-12-20 09:40", "2025-12-20 11:00"])
    >>> rows = pd.DataFrame({"psn_no": ["A", "B", "C", "D"], "fixmedins_code": ["P1"] * 4, "t": t,
    ...                      "acct_pay": [900.0, 800.0, 700.0, 600.0]})
    >>> batches(rows, 2, 30, 0.5)[["psn_no", "evidence_id", "batch"]].values.tolist()
    [['A', 'yearend_drain:batch:P1:20251220T0900', 3], ['B', 'yearend_drain:batch:P1:20251220T0900', 3], \
['C', 'yearend_drain:batch:P1:20251220T0900', 3]]
    """
    spent = rows.groupby(["psn_no", "fixmedins_code"]).acct_pay.sum().reset_index()
    total = spent.groupby("psn_no").acct_pay.transform("sum")
    main = spent[spent.acct_pay >= share * total].sort_values(["psn_no", "acct_pay", "fixmedins_code"],
                                                              ascending=[True, False, True]).drop_duplicates("psn_no")
    at = rows.merge(main[["psn_no", "fixmedins_code"]], on=["psn_no", "fixmedins_code"])
    at = at.assign(t=pd.to_datetime(at.t)).sort_values(["fixmedins_code", "t", "psn_no"]).reset_index(drop=True)
    gap = at.groupby("fixmedins_code").t.diff() > pd.Timedelta(minutes=minutes)
    new = gap | (at.fixmedins_code != at.fixmedins_code.shift())
    start = at.t.where(new).ffill()
    at = at.assign(evidence_id=f"{NAME}:batch:" + at.fixmedins_code.astype(str) + ":" + start.dt.strftime("%Y%m%dT%H%M"))
    at = at.assign(batch=at.groupby("evidence_id").psn_no.transform("nunique").astype(int))
    return at[at.batch >= min_persons].reset_index(drop=True)
