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
   paid from the account.
"""
from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pandas as pd

from graphfraud.detectors.base import Finding
from graphfraud.detectors.config import DetectorConfig
from graphfraud.detectors.frames import evidence, finding, flags
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
    return finding(NAME, [], [flags("Person:" + found.psn_no, cfg.weight * strength, found.evidence_id)],
                   [evidence(store, NAME, rows, "setl_d", ["psn_no", "fixmedins_code", "t", "december", "usual"])],
                   params | {"persons": len(found)})
