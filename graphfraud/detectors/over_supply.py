"""Over-supply and doctor shopping on watch-list drugs (顶格开药 / 多点开药).

Algorithm:
1. per person and drug variety (Dr12), the days of supply on each day: ``prd_days`` where filled,
   else quantity × the variety's days per unit (from the lines that state both; when none do,
   the median buyer's peak window is taken as a full supply — the peer comparison of the guide);
2. over-supply: days supplied in any rolling ``window_days`` ÷ ``window_days`` above ``ratio``.
   门慢/门特 patients (chronic ``med_type``) lawfully get long prescriptions, so their bar is
   ``chronic_ratio``;
3. doctor shopping: ``shop_min_places`` or more distinct institutions or prescribers for one Dr12
   within ``shop_window_days`` (two tumbling grids offset by half a window, so no burst is split);
4. each flagged person carries the lines of that drug as evidence.
"""
from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pandas as pd

from graphfraud.detectors.base import Finding
from graphfraud.detectors.config import DetectorConfig, OverSupply
from graphfraud.detectors.frames import evidence, finding, flags, resale_drugs
from graphfraud.store.base import GraphStore

NAME = "over_supply"


def detect(store: GraphStore, config: DetectorConfig) -> Finding:
    cfg = config.over_supply
    drugs, source = resale_drugs(store)
    days = store.frame("det_drug_days", drugs=drugs, chronic_med_types=cfg.chronic_med_types)
    params = asdict(cfg) | {"drugs": source}
    if days.empty:
        return finding(NAME, [], [], [], params)
    days["day"] = pd.to_datetime(days.day).to_numpy().astype("datetime64[D]").astype(np.int64)
    supplied, per_unit = _supplied_days(days, cfg.window_days)
    over = _over_supplied(days.assign(supplied=supplied), cfg)
    shopping = _shopping(days, cfg)
    found = pd.concat([over, shopping], ignore_index=True)
    params["days_per_unit"] = {k: round(float(v), 3) for k, v in per_unit.items()}
    if found.empty:
        return finding(NAME, [], [], [], params)
    found["evidence_id"] = f"{NAME}:" + found.kind + ":" + found.psn_no + ":" + found.dr12
    flag_frame = flags("Person:" + found.psn_no, cfg.weight * found.strength, found.evidence_id)
    return finding(NAME, [], [flag_frame], [_evidence(store, drugs, found)], params)


def _supplied_days(days: pd.DataFrame, window: int) -> tuple[np.ndarray, dict[str, float]]:
    """Days of supply per row, and the days-per-unit figure used for each Dr12."""
    stated = days.groupby("dr12")[["prd_days", "cnt_with_days"]].sum()
    per_unit = (stated.prd_days / stated.cnt_with_days.where(stated.cnt_with_days > 0)).dropna()
    missing = sorted(set(days.dr12) - set(per_unit.index))
    if missing:
        peak = _rolling(days[days.dr12.isin(missing)], "cnt", window)
        per_unit = pd.concat([per_unit, window / peak.groupby("dr12").max_value.median().clip(lower=1)])
    unstated = days.cnt.fillna(0) - days.cnt_with_days.fillna(0)
    supplied = days.prd_days.fillna(0) + unstated * days.dr12.map(per_unit).fillna(0)
    return supplied.to_numpy(), per_unit.to_dict()


def _rolling(days: pd.DataFrame, column: str, window: int) -> pd.DataFrame:
    """Peak rolling-window sum of ``column`` per (psn_no, dr12), as ``max_value``."""
    d = days.sort_values(["psn_no", "dr12", "day"])
    group = d.groupby(["psn_no", "dr12"], sort=False).ngroup().to_numpy()
    key = group.astype(np.int64) * 10**7 + d.day.to_numpy()
    cum = np.cumsum(d[column].fillna(0).to_numpy(dtype=float))
    start = np.searchsorted(key, key - (window - 1))
    total = cum - np.where(start > 0, cum[np.maximum(start - 1, 0)], 0.0)
    return d.assign(window_sum=total).groupby(["psn_no", "dr12"], as_index=False).agg(
        max_value=("window_sum", "max"), chronic=("chronic", "max"))


def _over_supplied(days: pd.DataFrame, cfg: OverSupply) -> pd.DataFrame:
    peak = _rolling(days, "supplied", cfg.window_days)
    peak["ratio"] = peak.max_value / cfg.window_days
    bar = np.where(peak.chronic > 0, cfg.chronic_ratio, cfg.ratio)
    hit = peak[peak.ratio > bar].copy()
    # strength 1 at the bar, 2 at the strong bar, capped so one hoarder cannot outweigh a ring
    hit["strength"] = np.minimum(1 + (hit.ratio - cfg.ratio) / (cfg.strong_ratio - cfg.ratio), 3.0)
    return hit.assign(kind="days")[["psn_no", "dr12", "kind", "strength", "ratio"]]


def _shopping(days: pd.DataFrame, cfg: OverSupply) -> pd.DataFrame:
    found = []
    for offset in (0, cfg.shop_window_days // 2):
        d = days.assign(bucket=(days.day + offset) // cfg.shop_window_days, dr=days.dr_code.replace("", np.nan))
        places = d.groupby(["psn_no", "dr12", "bucket"]).agg(
            institutions=("fixmedins_code", "nunique"), doctors=("dr", "nunique"))
        found.append(places[(places.institutions >= cfg.shop_min_places) | (places.doctors >= cfg.shop_min_places)])
    hits = pd.concat(found).reset_index()
    if hits.empty:
        return pd.DataFrame(columns=["psn_no", "dr12", "kind", "strength", "ratio"])
    best = hits.assign(places=hits[["institutions", "doctors"]].max(axis=1)).groupby(
        ["psn_no", "dr12"], as_index=False).places.max()
    best["strength"] = np.minimum(best.places / cfg.shop_min_places, 3.0)
    return best.assign(kind="shopping", ratio=np.nan)[["psn_no", "dr12", "kind", "strength", "ratio"]]


def _evidence(store: GraphStore, drugs: list[str], found: pd.DataFrame) -> pd.DataFrame:
    lines = store.frame("det_person_drug_lines", psn_nos=sorted(found.psn_no.unique().tolist()), drugs=drugs)
    rows = lines.merge(found[["psn_no", "dr12", "kind", "ratio", "evidence_id"]], on=["psn_no", "dr12"])
    return evidence(store, NAME, rows, "fee_list_d",
                    ["kind", "psn_no", "dr12", "fixmedins_code", "dr_code", "t", "cnt", "prd_days", "ratio"])
