"""Trace-code reuse (回流药): one box's trace code settled more than once.

Algorithm:
1. take every valid fee line whose trace code appears under two or more settlements;
2. net refunds: per code, person and institution, settlements minus refund settlements, so a sale
   refunded and resold (a returned box) counts once;
3. split-pack sales (拆零, ``trdn_flag=1``) of one code at one institution are one box being
   emptied, so together they count as one settlement;
4. a code still settled ``min_settlements`` times or more is reused. Its settlements in time order
   form a chain: first buyer → downstream institution → later buyer. Each later settlement links
   the first buyer to the downstream institution (the 回流 edge) and the later buyer to it; the
   link weighs double when the downstream institution is in another province.
"""
from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pandas as pd

from graphfraud.detectors.base import Finding
from graphfraud.detectors.config import DetectorConfig
from graphfraud.detectors.frames import evidence, finding, links
from graphfraud.store.base import GraphStore

NAME = "trace_reuse"


def detect(store: GraphStore, config: DetectorConfig) -> Finding:
    cfg = config.trace_reuse
    lines = store.frame("det_trace_events")
    params = asdict(cfg) | {"codes_seen_twice": int(lines.code.nunique()) if len(lines) else 0}
    if lines.empty:
        return finding(NAME, [], [], [], params | {"codes_reused": 0})
    events = _events(lines)
    totals = events.groupby("code").settlements.sum()
    reused = totals[totals >= cfg.min_settlements].index
    chains = events[events.code.isin(reused)].sort_values(["code", "t", "psn_no", "fixmedins_code"])
    chains["step"] = chains.groupby("code").cumcount()
    params |= {"codes_reused": len(reused),
               "split_pack_codes_excepted": int(((totals < cfg.min_settlements)
                                                 & totals.index.isin(lines.code[lines.trdn_flag == 1])).sum())}
    link_frame = _chain_links(chains, cfg.weight, cfg.cross_region_factor)
    rows = lines[lines.code.isin(reused)].assign(evidence_id=lambda f: f"{NAME}:" + f.code)
    ev = evidence(store, NAME, rows, "fee_list_d", ["code", "psn_no", "fixmedins_code", "t", "cnt", "trdn_flag"])
    return finding(NAME, [link_frame], [], [ev], params)


def _events(lines: pd.DataFrame) -> pd.DataFrame:
    """Netted settlements per code: (code, psn_no, fixmedins_code, t, settlements)."""
    lines = lines.assign(sign=np.sign(lines.cnt.fillna(1.0)).replace(0, 1))
    split = lines[lines.trdn_flag == 1]
    whole = lines[lines.trdn_flag != 1]
    per_setl = whole.groupby(["code", "psn_no", "fixmedins_code", "setl_id"], as_index=False).agg(
        sign=("sign", "max"), t=("t", "min"))
    per_setl["t"] = per_setl.t.where(per_setl.sign > 0)
    netted = per_setl.groupby(["code", "psn_no", "fixmedins_code"], as_index=False).agg(
        settlements=("sign", "sum"), t=("t", "min"))
    netted = netted[netted.settlements > 0]
    # One split box at one institution is one settlement, credited to its first buyer.
    split = split[split.sign > 0].sort_values(["code", "fixmedins_code", "t", "psn_no"])
    boxes = split.groupby(["code", "fixmedins_code"], as_index=False).agg(psn_no=("psn_no", "first"), t=("t", "min"))
    boxes["settlements"] = 1
    return pd.concat([netted, boxes[netted.columns]], ignore_index=True)


def _chain_links(chains: pd.DataFrame, weight: float, cross_factor: float) -> pd.DataFrame:
    """Links from each later settlement of a code: first buyer–downstream institution, later buyer–it."""
    first = chains[chains.step == 0].set_index("code")
    later = chains[chains.step > 0].copy()
    later["first_psn"] = later.code.map(first.psn_no)
    later["first_ins"] = later.code.map(first.fixmedins_code)
    province = later.fixmedins_code.str[1:3] != later.first_ins.str[1:3]
    w = weight * np.where(province, cross_factor, 1.0)
    evidence_id = f"{NAME}:" + later.code
    ins = "Institution:" + later.fixmedins_code
    upstream = links("Person:" + later.first_psn, ins, w, evidence_id)
    downstream_mask = later.psn_no != later.first_psn
    downstream = links("Person:" + later.psn_no[downstream_mask], ins[downstream_mask], w[downstream_mask.to_numpy()],
                       evidence_id[downstream_mask])
    return pd.concat([upstream, downstream], ignore_index=True)
