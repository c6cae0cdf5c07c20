"""Co-admission (batch admissions, 虚假住院): the same people admitted to one hospital on the same day
again and again — a village brought in together, by one recruiter, to fill beds.

Algorithm:
1. inpatient stays (``det_inpatient_stays``), one per visit, grouped by hospital and admission day;
2. hub cap: a day with more than ``max_group`` admissions at a hospital (a city hospital's ordinary
   intake) gives no pairs, so pairing stays bounded (at most K·(K-1)/2 per group);
3. a pair admitted together on ``min_shared_days`` distinct days is linked, more strongly the more
   often; a person in such a pair is flagged (their own stays are batch admissions) and linked to
   the hospital. Chance meetings of two patients repeat rarely; honest readmissions of one
   chronic patient do not pair them with others.
"""
from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pandas as pd

from graphfraud.detectors.base import Finding
from graphfraud.detectors.config import DetectorConfig
from graphfraud.detectors.frames import evidence, finding, flags, links, short_hash
from graphfraud.store.base import GraphStore

NAME = "co_admission"


def detect(store: GraphStore, config: DetectorConfig) -> Finding:
    cfg = config.co_admission
    rows = store.frame("det_inpatient_stays", inpatient_med_types=cfg.inpatient_med_types)
    params = asdict(cfg)
    if rows.empty:
        return finding(NAME, [], [], [], params | {"pairs": 0, "capped_days": 0})
    stays = rows.drop_duplicates("stay_key").assign(day=pd.to_datetime(rows.drop_duplicates("stay_key").begntime)
                                                    .dt.strftime("%Y-%m-%d"))
    size = stays.groupby(["fixmedins_code", "day"]).psn_no.transform("nunique")
    capped = stays[size > cfg.max_group][["fixmedins_code", "day"]].drop_duplicates()
    slim = stays[(size >= 2) & (size <= cfg.max_group)][["fixmedins_code", "day", "psn_no", "stay_key"]]
    pairs = slim.merge(slim, on=["fixmedins_code", "day"], suffixes=("_a", "_b"))
    pairs = pairs[pairs.psn_no_a < pairs.psn_no_b]
    met = pairs.groupby(["psn_no_a", "psn_no_b", "fixmedins_code"]).day.nunique().rename("days").reset_index()
    met = met[met.days >= cfg.min_shared_days]
    params |= {"capped_days": len(capped)}
    if met.empty:
        return finding(NAME, [], [], [], params | {"pairs": 0})
    met["evidence_id"] = [f"{NAME}:{short_hash(a, b, m)}" for a, b, m in zip(met.psn_no_a, met.psn_no_b,
                                                                             met.fixmedins_code)]
    strength = np.minimum(met.days / cfg.min_shared_days, 3.0)
    person_links = links("Person:" + met.psn_no_a, "Person:" + met.psn_no_b, cfg.weight * strength, met.evidence_id)
    sides = pd.concat([met.rename(columns={"psn_no_a": "psn_no"})[["psn_no", "fixmedins_code", "evidence_id", "days"]],
                       met.rename(columns={"psn_no_b": "psn_no"})[["psn_no", "fixmedins_code", "evidence_id", "days"]]])
    per = sides.groupby(["psn_no", "fixmedins_code"], as_index=False).agg(evidence_id=("evidence_id", "first"),
                                                                         days=("days", "max"))
    place_links = links("Person:" + per.psn_no, "Institution:" + per.fixmedins_code, cfg.weight / 2, per.evidence_id)
    flag_frame = flags("Person:" + per.psn_no, cfg.weight * np.minimum(per.days / cfg.min_shared_days, 3.0),
                       per.evidence_id)
    together = pairs.merge(met[["psn_no_a", "psn_no_b", "fixmedins_code", "evidence_id"]],
                           on=["psn_no_a", "psn_no_b", "fixmedins_code"])
    keys = pd.concat([together[["stay_key_a", "evidence_id"]].rename(columns={"stay_key_a": "stay_key"}),
                      together[["stay_key_b", "evidence_id"]].rename(columns={"stay_key_b": "stay_key"})])
    ev = rows.merge(keys.drop_duplicates(), on="stay_key")
    return finding(NAME, [person_links, place_links], [flag_frame],
                   [evidence(store, NAME, ev, "setl_d", ["psn_no", "fixmedins_code", "begntime", "endtime",
                                                         "dise_codg"])],
                   params | {"pairs": len(met)})
