"""Over-supply and doctor shopping on watch-list drugs (顶格开药 / 多点开药).

Algorithm:
1. only drugs the catalogue knows (``resale_drugs``): an item code alone says nothing about days;
   drugs given during a stay (``inpatient_med_types``) are left out — nobody takes them home;
2. per person and drug variety (Dr12), the days of supply on each day, from data that is there:
   ``prd_days`` where filled, else quantity × the variety's days per unit learnt from enough
   lines that state both;
3. over-supply: days supplied in any rolling ``window_days`` ÷ ``window_days`` above ``ratio``.
   门慢/门特 patients (chronic ``med_type``) lawfully get long prescriptions, so their bar is
   ``chronic_ratio``. A variety without days is compared with its peers instead: the peak-window
   quantity ÷ that of the median regular buyer, above ``peer_ratio`` (the guide's fallback);
4. doctor shopping: ``shop_min_places`` or more distinct institutions for one Dr12 within
   ``shop_window_days`` (two tumbling grids offset by half a window, so no burst is split);
5. each flagged person carries the lines of that drug as evidence: those beyond their regular fill
   quantity when they have one (``regular_fills`` fills at or below their median), else all.
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
    if not drugs:
        return finding(NAME, [], [], [], asdict(cfg) | {"drugs": source})
    days = store.frame("det_drug_days", drugs=drugs, chronic_med_types=cfg.chronic_med_types,
                       inpatient_med_types=cfg.inpatient_med_types)
    params = asdict(cfg) | {"drugs": source}
    if days.empty:
        return finding(NAME, [], [], [], params)
    days["day"] = pd.to_datetime(days.day).to_numpy().astype("datetime64[D]").astype(np.int64)
    supplied, per_unit = _supplied_days(days, cfg)
    known = ~np.isnan(supplied)
    over = pd.concat([_over_supplied(days[known].assign(supplied=supplied[known]), cfg),
                      _beyond_peers(days[~days.dr12.isin(per_unit)], cfg)], ignore_index=True)
    shopping = _shopping(days, cfg)
    found = pd.concat([over, shopping], ignore_index=True)
    params["days_per_unit"] = {k: round(float(v), 3) for k, v in per_unit.items()}
    if found.empty:
        return finding(NAME, [], [], [], params)
    found["evidence_id"] = f"{NAME}:" + found.kind + ":" + found.psn_no + ":" + found.dr12
    flag_frame = flags("Person:" + found.psn_no, cfg.weight * found.strength, found.evidence_id)
    return finding(NAME, [], [flag_frame], [_evidence(store, drugs, found, cfg)], params)


def _supplied_days(days: pd.DataFrame, cfg: OverSupply) -> tuple[np.ndarray, dict[str, float]]:
    """Days of supply per row (NaN where the data cannot say), and the days-per-unit used per Dr12.

    Days come only from data that is there: ``prd_days`` on the line, or quantity × the variety's
    days per unit learnt from at least ``min_stated_lines`` lines that state both. A variety with
    fewer such lines has no days at all; ``_peer_ratios`` compares its buyers with each other.
    """
    stated = days.groupby("dr12")[["prd_days", "cnt_with_days", "lines_with_days"]].sum()
    stated = stated[stated.lines_with_days >= cfg.min_stated_lines]
    per_unit = (stated.prd_days / stated.cnt_with_days.where(stated.cnt_with_days > 0)).dropna()
    unstated = days.cnt.fillna(0) - days.cnt_with_days.fillna(0)
    supplied = days.prd_days.fillna(0) + unstated * days.dr12.map(per_unit)
    return supplied.to_numpy(), per_unit.to_dict()


def _peer_ratios(days: pd.DataFrame, cfg: OverSupply) -> pd.DataFrame:
    """For varieties without days: each buyer's peak-window quantity ÷ the median regular buyer's.

    The domain guide's fallback when days cannot be derived. Regular buyers (``min_peer_days``
    distinct purchase days or more) set the norm, so one-off acute buyers do not make every
    chronic patient look hoarding; a variety with fewer than ``min_peers`` of them gives nothing.
    """
    if days.empty:
        return pd.DataFrame(columns=["psn_no", "dr12", "max_value", "chronic", "ratio"])
    peak = _rolling(days, "cnt", cfg.window_days)
    visits = days.groupby(["psn_no", "dr12"]).day.nunique().rename("visits").reset_index()
    peak = peak.merge(visits, on=["psn_no", "dr12"])
    regular = peak[peak.visits >= cfg.min_peer_days]
    norm = regular.groupby("dr12").max_value.agg(["median", "size"])
    norm = norm[(norm["size"] >= cfg.min_peers) & (norm["median"] > 0)]["median"]
    peak = peak[peak.dr12.isin(norm.index)]
    return peak.assign(ratio=peak.max_value / peak.dr12.map(norm))


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
    """Days supplied in the peak window ÷ the window, against ``ratio`` (``chronic_ratio`` for 门慢/门特)."""
    if days.empty:
        return pd.DataFrame(columns=["psn_no", "dr12", "kind", "strength", "ratio"])
    peak = _rolling(days, "supplied", cfg.window_days)
    peak["ratio"] = peak.max_value / cfg.window_days
    return _hits(peak, cfg.ratio, cfg.chronic_ratio, cfg.strong_ratio, "days")


def _beyond_peers(days: pd.DataFrame, cfg: OverSupply) -> pd.DataFrame:
    """Varieties without days: quantity against the peers' norm, with a bar of its own (``peer_ratio``)."""
    peak = _peer_ratios(days, cfg)
    return _hits(peak, cfg.peer_ratio, cfg.peer_ratio * cfg.chronic_ratio / cfg.ratio,
                 cfg.peer_ratio * cfg.strong_ratio / cfg.ratio, "peers")


def _hits(peak: pd.DataFrame, bar: float, chronic_bar: float, strong: float, kind: str) -> pd.DataFrame:
    hit = peak[peak.ratio > np.where(peak.chronic > 0, chronic_bar, bar)].copy()
    # strength 1 at the bar, 2 at the strong bar, capped so one hoarder cannot outweigh a ring
    hit["strength"] = np.minimum(1 + (hit.ratio - bar) / (strong - bar), 3.0)
    return hit.assign(kind=kind)[["psn_no", "dr12", "kind", "strength", "ratio"]]


def _shopping(days: pd.DataFrame, cfg: OverSupply) -> pd.DataFrame:
    """多点开药: one variety from ``shop_min_places`` institutions within a window. Doctors are not
    counted: a hub hospital's chronic patients see whoever is on duty, one ward is one place."""
    found = []
    for offset in (0, cfg.shop_window_days // 2):
        d = days.assign(bucket=(days.day + offset) // cfg.shop_window_days)
        places = d.groupby(["psn_no", "dr12", "bucket"]).fixmedins_code.nunique().rename("places")
        found.append(places[places >= cfg.shop_min_places])
    hits = pd.concat(found).reset_index()
    if hits.empty:
        return pd.DataFrame(columns=["psn_no", "dr12", "kind", "strength", "ratio"])
    best = hits.groupby(["psn_no", "dr12"], as_index=False).places.max()
    best["strength"] = np.minimum(best.places / cfg.shop_min_places, 3.0)
    return best.assign(kind="shopping", ratio=np.nan)[["psn_no", "dr12", "kind", "strength", "ratio"]]


def _evidence(store: GraphStore, drugs: list[str], found: pd.DataFrame, cfg: OverSupply) -> pd.DataFrame:
    """The flagged person's lines of that drug — only those beyond their regular fill when they have
    one: a chronic patient's monthly refill is lawful, the extra boxes mixed in are not (the
    Shijingshan case), and the ring's amounts are summed from these lines' settlements."""
    lines = store.frame("det_person_drug_lines", psn_nos=sorted(found.psn_no.unique().tolist()), drugs=drugs,
                        inpatient_med_types=cfg.inpatient_med_types)
    rows = lines.merge(found[["psn_no", "dr12", "kind", "ratio", "evidence_id"]], on=["psn_no", "dr12"])
    rows = rows[rows.cnt.fillna(1) > 0]
    by = rows.groupby("evidence_id").cnt
    regular = by.transform("median")
    beyond = rows.cnt > regular
    has_regular = ((rows.cnt <= regular).groupby(rows.evidence_id).transform("sum") >= cfg.regular_fills) \
        & beyond.groupby(rows.evidence_id).transform("any")
    rows = rows[~has_regular | beyond].assign(beyond_regular=has_regular)
    return evidence(store, NAME, rows, "fee_list_d", ["kind", "psn_no", "dr12", "fixmedins_code", "dr_code", "t",
                                                      "cnt", "prd_days", "ratio", "beyond_regular", "coded"])
