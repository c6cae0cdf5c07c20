"""Sales booked back, the fund never refunded (退货不退费): a pharmacy's 进销存 takes a box back into
stock while the settlement that paid for it stands. The books balance, the fund has paid for a box
still on the shelf: sale, return, sale again to the next card (the domain guide's refund cycling,
空刷 with the stock kept right).

Algorithm:
1. sale returns with the settlement they undo (``det_unrefunded_returns``): the settlement is valid
   and no refund of it exists — none for the same visit, none of the same person at that institution
   from the sale until ``grace_days`` after the return; returns in the last ``grace_days`` of the
   data are left out (the refund may come after the export);
2. an institution with ``min_settlements`` such settlements is flagged; each card-holder is linked
   to it and flagged. A record contradicts a record: the evidence is decisive. Its settlements are
   the loss.

Without refund settlements anywhere in the data (an export that leaves them out) every honest
return would look unrefunded: the detector then says nothing and records why.
"""
from __future__ import annotations

from dataclasses import asdict

from graphfraud.detectors.base import Finding
from graphfraud.detectors.config import DetectorConfig
from graphfraud.detectors.frames import evidence, finding, flags, links
from graphfraud.store.base import GraphStore

NAME = "unrefunded_returns"


def detect(store: GraphStore, config: DetectorConfig) -> Finding:
    cfg = config.unrefunded_returns
    params = asdict(cfg) | {"institutions": 0}
    if not store.frame("det_refunds_present").refunds.iloc[0]:
        return finding(NAME, [], [], [], params | {"silent": "no refund settlements in the data"})
    rows = store.frame("det_unrefunded_returns", grace_days=cfg.grace_days)
    rows = rows[rows.groupby("fixmedins_code").setl_id.transform("nunique") >= cfg.min_settlements].copy()
    if rows.empty:
        return finding(NAME, [], [], [], params)
    rows["evidence_id"] = f"{NAME}:" + rows.fixmedins_code
    rows["decisive"] = True
    cards = rows.dropna(subset=["psn_no"]).drop_duplicates(["psn_no", "evidence_id"])
    firsts = rows.drop_duplicates("evidence_id")
    link_frame = links("Person:" + cards.psn_no, "Institution:" + cards.fixmedins_code, cfg.weight, cards.evidence_id)
    flag_frames = [flags("Institution:" + firsts.fixmedins_code, cfg.weight, firsts.evidence_id),
                   flags("Person:" + cards.psn_no, cfg.weight, cards.evidence_id)]
    ev = evidence(store, NAME, rows, "inv_sale", ["psn_no", "fixmedins_code", "med_list_codg", "t", "sold", "cnt",
                                                  "decisive"])
    return finding(NAME, [link_frame], flag_frames, [ev], params | {"institutions": len(firsts),
                                                                   "settlements": int(rows.setl_id.nunique())})
