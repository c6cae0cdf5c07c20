"""Co-purchase of resale-risk drugs: persons who repeatedly buy the same watch-list drug at the same
institution in the same short window — card-holders sent together by one collector.

Algorithm:
1. group valid watch-list drug lines by institution, window (``window_days``) and drug variety
   (Dr12, so a change of maker does not hide a repeat);
2. hub cap: a group with more than ``max_group_buyers`` buyers (a hospital pharmacy on a busy day)
   gives no pairs; the capped groups are counted in params, so the cap is on record;
3. pair the buyers of every remaining group (at most K·(K-1)/2 pairs each: no O(n²));
4. a pair that met in ``min_shared_windows`` distinct windows within ``lookback_days`` is linked,
   more strongly the more often it met. Chronic patients with the same refill day meet at a hub,
   which the cap removes, or by chance, which the repeat bar removes.
"""
from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pandas as pd

from graphfraud.detectors.base import Finding
from graphfraud.detectors.config import DetectorConfig
from graphfraud.detectors.frames import evidence, finding, links, resale_drugs, short_hash
from graphfraud.store.base import GraphStore

NAME = "co_purchase"
GROUP = ["fixmedins_code", "win", "dr12"]


def detect(store: GraphStore, config: DetectorConfig) -> Finding:
    cfg = config.co_purchase
    drugs, source = resale_drugs(store)
    if not drugs:
        return finding(NAME, [], [], [], asdict(cfg) | {"drugs": source})
    groups = store.frame("det_copurchase_groups", drugs=drugs, window_days=cfg.window_days,
                         max_buyers=cfg.max_group_buyers, exempt_med_types=cfg.exempt_med_types)
    hubs = groups[groups.psn_no.isna()]
    members = groups[groups.psn_no.notna()]
    params = asdict(cfg) | {"drugs": source, "capped_groups": len(hubs),
                            "capped_institutions": sorted(hubs.fixmedins_code.unique().tolist())[:100]}
    pairs = _pairs(members)
    strong = _repeated(pairs, cfg.min_shared_windows, cfg.lookback_days // cfg.window_days)
    if strong.empty:
        return finding(NAME, [], [], [], params | {"pairs": 0})
    strong["evidence_id"] = [f"{NAME}:{short_hash(a, b)}" for a, b in zip(strong.psn_a, strong.psn_b)]
    link_frame = links("Person:" + strong.psn_a, "Person:" + strong.psn_b,
                       cfg.weight * strong.windows / cfg.min_shared_windows, strong.evidence_id)
    return finding(NAME, [link_frame], [], [_evidence(store, members, pairs, strong)],
                   params | {"pairs": len(strong)})


def _pairs(members: pd.DataFrame) -> pd.DataFrame:
    """Every pair (psn_a < psn_b) of buyers sharing a group, one row per shared group."""
    slim = members[[*GROUP, "psn_no"]]
    pairs = slim.merge(slim, on=GROUP, suffixes=("_a", "_b"))
    pairs = pairs[pairs.psn_no_a < pairs.psn_no_b]
    return pairs.rename(columns={"psn_no_a": "psn_a", "psn_no_b": "psn_b"}).reset_index(drop=True)


def _repeated(pairs: pd.DataFrame, min_windows: int, span: int) -> pd.DataFrame:
    """Pairs that met in ``min_windows`` distinct windows, the first and last within ``span`` windows."""
    met = pairs[["psn_a", "psn_b", "win"]].drop_duplicates().sort_values(["psn_a", "psn_b", "win"])
    counts = met.groupby(["psn_a", "psn_b"]).win.transform("size")
    met = met[counts >= min_windows].copy()
    if met.empty:
        return pd.DataFrame(columns=["psn_a", "psn_b", "windows"])
    # the window min_windows-1 meetings later must fall within the span
    later = met.groupby(["psn_a", "psn_b"]).win.shift(-(min_windows - 1))
    met["close"] = (later - met.win) <= span
    summary = met.groupby(["psn_a", "psn_b"], as_index=False).agg(close=("close", "any"), windows=("win", "size"))
    return summary[summary.close][["psn_a", "psn_b", "windows"]].reset_index(drop=True)


def _evidence(store: GraphStore, members: pd.DataFrame, pairs: pd.DataFrame, strong: pd.DataFrame) -> pd.DataFrame:
    """Both buyers' lines in every group a linked pair shared."""
    shared = pairs.merge(strong[["psn_a", "psn_b", "evidence_id"]], on=["psn_a", "psn_b"])
    sides = pd.concat([shared.assign(psn_no=shared.psn_a), shared.assign(psn_no=shared.psn_b)])
    rows = sides[[*GROUP, "psn_no", "evidence_id"]].merge(members, on=[*GROUP, "psn_no"])
    rows["buyers"] = rows.buyers.astype(np.int64)
    return evidence(store, NAME, rows, "fee_list_d", ["psn_no", "fixmedins_code", "dr12", "t", "cnt", "buyers"])
