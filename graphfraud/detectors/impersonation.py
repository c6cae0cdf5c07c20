"""Impersonation (冒名就医 / 盗刷 / 人亡卡活): a card used after its holder died, or in two distant
places closer in time than a person can travel.

Algorithm:
1. after death: settlements whose visit began after ``psn_info.death_date`` (+ ``death_grace_days``).
   Settlement time is not service time — a stay begun before death is settled later — so the
   visit's ``begntime`` decides; refunds and invalidated rows never count;
2. distant: two consecutive settlements of one person in different prefectures less than
   ``distant_hours`` apart; inpatient ``med_type``s are left out (mid-stay settlements). The
   impossible side is the one where the person was not living then — fewer of their other
   settlements within ``base_days`` there — so a snowbird treated in his winter town is not
   suspect there when a relative fetches his drugs at home;
3. during a stay: a visit to a medical institution (``present_prefixes``: a consultation needs the
   patient there; a relative may fetch drugs at a pharmacy) while the person was an inpatient at
   another, more than ``stay_margin_hours`` from admission and discharge — a consultation of
   someone lying in a hospital bed elsewhere, or a stay that is 挂床: either way a false record.
   Inpatients do slip out for a consultation now and then, so such visits count only at an
   institution that also billed visits of the dead (the decisive finding this corroborates);
4. the person is flagged as impersonated; the institution that settled the impossible claim (after
   death and during a stay: the one that settled; distant: the impossible side, or both when that
   cannot be told) is linked to the person, so a pharmacy or broker behind many impersonated cards
   gathers them into one ring.
"""
from __future__ import annotations

from dataclasses import asdict

import pandas as pd

from graphfraud.detectors.base import Finding
from graphfraud.detectors.config import DetectorConfig
from graphfraud.detectors.frames import evidence, finding, flags, links
from graphfraud.store.base import GraphStore

NAME = "impersonation"


def detect(store: GraphStore, config: DetectorConfig) -> Finding:
    cfg = config.impersonation
    dead = store.frame("det_after_death", grace_days=cfg.death_grace_days)
    distant = store.frame("det_distant_settlements", hours=cfg.distant_hours,
                          inpatient_med_types=cfg.inpatient_med_types, base_days=cfg.base_days)
    stays = store.frame("det_visits_in_stays", inpatient_med_types=cfg.inpatient_med_types,
                        margin_hours=cfg.stay_margin_hours, present_prefixes=cfg.present_prefixes)
    # inpatients do slip out for a consultation; a clinic that also bills the dead fills its books
    stays = stays[stays.fixmedins_code.isin(dead.fixmedins_code)].copy()
    stays["evidence_id"] = f"{NAME}:stay:" + stays.row_key.astype(str)
    dead["evidence_id"] = f"{NAME}:death:" + dead.psn_no.astype(str)
    dead["decisive"] = True  # a visit begun after the holder's registered death: nobody else could be there
    distant["evidence_id"] = f"{NAME}:distant:" + distant.pair_id.astype(str)
    away = _away_side(distant)
    # the settlement on the possible side proves the other impossible; it is not the loss
    distant["loss"] = distant.row_key.isin(away.row_key)
    parts_links = [
        links("Person:" + dead.psn_no, "Institution:" + dead.fixmedins_code, cfg.weight, dead.evidence_id),
        links("Person:" + away.psn_no, "Institution:" + away.fixmedins_code, cfg.weight / 2, away.evidence_id),
        links("Person:" + stays.psn_no, "Institution:" + stays.fixmedins_code, cfg.weight / 2, stays.evidence_id),
    ]
    people = pd.concat([dead[["psn_no", "evidence_id"]].assign(w=cfg.weight),
                        distant[["psn_no", "evidence_id"]].assign(w=cfg.weight / 2),
                        stays[["psn_no", "evidence_id"]].assign(w=cfg.weight / 2)]).drop_duplicates()
    flag_frame = flags("Person:" + people.psn_no, people.w, people.evidence_id)
    ev = [evidence(store, NAME, dead, "setl_d", ["psn_no", "fixmedins_code", "death_date", "service_time", "med_type",
                                                 "decisive"]),
          evidence(store, NAME, distant, "setl_d", ["psn_no", "fixmedins_code", "prefecture", "home", "t",
                                                    "gap_hours", "loss"]),
          evidence(store, NAME, stays, "setl_d", ["psn_no", "fixmedins_code", "t", "stay_at", "stay_begin",
                                                  "stay_end"])]
    params = asdict(cfg) | {"after_death_settlements": len(dead), "distant_pairs": int(distant.pair_id.nunique()),
                            "visits_in_stays": len(stays)}
    return finding(NAME, parts_links, [flag_frame], ev, params)


def _away_side(distant: pd.DataFrame) -> pd.DataFrame:
    """Of each pair, the settlement where the person was not living then: the side with fewer of
    their other settlements nearby in time (a snowbird's winter town outweighs the relative's
    errand back home); on a tie the side outside the insured prefecture; both if that is unclear."""
    fewer = distant.nearby < distant.groupby("pair_id").nearby.transform("max")
    tie = distant.groupby("pair_id").nearby.transform("nunique") == 1
    outside = distant.prefecture != distant.home
    per_pair = outside.groupby(distant.pair_id).transform("sum")
    return distant[fewer | (tie & (outside | (per_pair != 1)))]
