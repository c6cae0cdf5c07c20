"""Swipe bursts (空刷 / 敛卡): many distinct cards settled on one institution, device or operator within
minutes, and swipes at night where nobody should be buying.

Algorithm:
1. count distinct cards per entity (institution, ``dev_no``, ``opter_id``) in windows of
   ``window_minutes`` on two grids offset by half a window, so a burst straddling a boundary is
   still whole on one of them;
2. a window is a burst when it holds ``min_cards`` or more cards and lies ``z`` standard
   deviations above the entity's own mean window: a hub hospital pharmacy that is always busy
   is judged against itself, not against a village shop;
3. look-alikes: a nursing home's residents are also many cards in minutes, each with their own
   drugs, by day, and often insured where they lived before; a hospital's clinic day gives its
   filed patients identical prescriptions; snowbirds fill a winter pharmacy with distant cards. A
   burst counts only when ``min_same_basket_share`` of its cards settled the identical total at an
   institution outside ``basket_exempt_prefixes`` (one basket swiped on every card; filed chronic
   refills, ``basket_exempt_med_types``, are not counted: one dose of one drug by design), or
   ``min_distant_share`` of them are insured in another prefecture *and* ``min_distant_basket_share``
   share one basket, or it falls in the night hours;
4. every card in a counted burst is linked to the institution it was settled at; a card swiped in
   ``min_card_bursts`` bursts there is flagged (its own record), and so is an institution with that
   many bursts — a relative fetching a family's drugs at once is one burst, a pool of collected
   cards is swiped session after session;
5. night: an institution outside ``night_exempt_prefixes`` (hospitals keep emergency rooms open)
   that settled ``min_night_cards`` distinct cards between ``night_start_hour`` and
   ``night_end_hour`` is flagged, and so are those cards, each linked to it.
"""
from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pandas as pd

from graphfraud.detectors.base import Finding
from graphfraud.detectors.config import DetectorConfig, SwipeBurst
from graphfraud.detectors.frames import evidence, filed, finding, flags, links, short_hash
from graphfraud.store.base import GraphStore

NAME = "swipe_burst"
DETAIL = ["kind", "entity", "cards", "mean_cards", "psn_no", "fixmedins_code", "t"]


def detect(store: GraphStore, config: DetectorConfig) -> Finding:
    cfg = config.swipe_burst
    bursts = _bursts(store, cfg)
    night = _night(store, cfg)
    params = asdict(cfg) | {"bursts": int(bursts.evidence_id.nunique()),
                            "night_institutions": int(night.fixmedins_code.nunique())}
    rows = pd.concat([bursts, night], ignore_index=True)
    if rows.empty:
        return finding(NAME, [], [], [], params)
    per_card = rows.groupby(["psn_no", "fixmedins_code", "evidence_id"], as_index=False).strength.max()
    link_frame = links("Person:" + per_card.psn_no, "Institution:" + per_card.fixmedins_code,
                       cfg.weight * per_card.strength, per_card.evidence_id)
    # the card's own record (swiped again and again in batches of collected cards) and the counter
    # that swiped them; one batch is a relative fetching a family's drugs
    again = per_card.groupby(["psn_no", "fixmedins_code"]).evidence_id.transform("nunique") >= cfg.min_card_bursts
    card_flags = flags("Person:" + per_card.psn_no[again], cfg.weight * per_card.strength[again],
                       per_card.evidence_id[again])
    places = per_card.groupby(["fixmedins_code", "evidence_id"], as_index=False).strength.max()
    places = places[places.groupby("fixmedins_code").evidence_id.transform("nunique") >= cfg.min_card_bursts]
    place_flags = flags("Institution:" + places.fixmedins_code, cfg.weight * places.strength, places.evidence_id)
    return finding(NAME, [link_frame], [card_flags, place_flags], [evidence(store, NAME, rows, "setl_d", DETAIL)],
                   params)


def _bursts(store: GraphStore, cfg: SwipeBurst) -> pd.DataFrame:
    """Cards in burst windows, one row per card, window and entity; both grids, the first grid wins."""
    grids = [store.frame("det_swipe_windows", window_minutes=cfg.window_minutes, offset_minutes=offset,
                         min_cards=cfg.min_cards).assign(grid=offset)
             for offset in (0, cfg.window_minutes // 2)]
    found = pd.concat(grids, ignore_index=True)
    sd = found.sd_cards.where(found.sd_cards > 0)
    found = found[((found.cards - found.mean_cards) / sd).fillna(np.inf) >= cfg.z].copy()
    found = found[_collected(found, cfg)]
    if found.empty:
        return pd.DataFrame(columns=[*DETAIL, "evidence_id", "strength", "row_key", "src_file", "src_line", "setl_id"])
    found["evidence_id"] = [f"{NAME}:{k}:{short_hash(e)}:{g}:{w}"
                            for k, e, g, w in zip(found.kind, found.entity, found.grid, found.win)]
    found["strength"] = np.minimum(found.cards / cfg.min_cards, 3.0)
    # the same card and entity in overlapping windows of both grids: keep one
    return found.sort_values(["grid", "win"]).drop_duplicates(["kind", "entity", "psn_no", "row_key"])


def _collected(found: pd.DataFrame, cfg: SwipeBurst) -> pd.Series:
    """Per card row: does its burst look like collected cards rather than a home's residents?"""
    burst = [found.kind, found.entity, found.grid, found.win]
    distant = (found.insured_pref != found.fixmedins_code.str[1:5]).astype(float)
    distant_share = distant.groupby(burst).transform("mean")
    # a filed chronic refill is the same dose of the same drug every month: no sign of one basket swiped
    refill = filed(found.med_type, cfg.basket_exempt_med_types)
    same_total = found.groupby([*burst, found.medfee_sumamt.round(2).where(~refill)], dropna=False).psn_no.transform("size")
    basket_share = same_total.where(~refill, 0).groupby(burst).transform("max") / found.cards
    hour = pd.to_datetime(found.t).dt.hour
    night = (hour >= cfg.night_start_hour) | (hour < cfg.night_end_hour) if cfg.night_start_hour > cfg.night_end_hour \
        else (hour >= cfg.night_start_hour) & (hour < cfg.night_end_hour)
    night_burst = night.groupby(burst).transform("any")
    # a clinic day gives a hospital's filed patients the same prescription: identical, and lawful
    pharmacy = ~found.fixmedins_code.str.startswith(tuple(cfg.basket_exempt_prefixes))
    identical = (basket_share >= cfg.min_same_basket_share) & pharmacy
    # holders from elsewhere are collected cards only when they also got one basket: residents who
    # moved into a nursing home, snowbirds at their winter pharmacy, buy their own drugs
    distant = (distant_share >= cfg.min_distant_share) & (basket_share >= cfg.min_distant_basket_share)
    return identical | distant | night_burst


def _night(store: GraphStore, cfg: SwipeBurst) -> pd.DataFrame:
    """Cards settled in one night (shifted so a night past midnight is one) at one institution."""
    swipes = store.frame("det_night_swipes", start_hour=cfg.night_start_hour, end_hour=cfg.night_end_hour,
                         exempt_prefixes=cfg.night_exempt_prefixes)
    swipes["night"] = (pd.to_datetime(swipes.t) - pd.Timedelta(hours=cfg.night_end_hour)).dt.date
    cards = swipes.groupby(["fixmedins_code", "night"]).psn_no.transform("nunique")
    night = swipes[cards >= cfg.min_night_cards].copy()
    night["cards"] = cards[night.index]
    return night.assign(kind="night", entity=night.fixmedins_code, mean_cards=np.nan, strength=1.0,
                        evidence_id=f"{NAME}:night:" + night.fixmedins_code + ":" + night.night.astype(str))
