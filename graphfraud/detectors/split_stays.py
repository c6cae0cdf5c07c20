"""Split stays and bed-hanging (分解住院 / 挂床): one patient readmitted to one hospital with the same
diagnosis shortly after discharge, again and again (rule GZ10000204001000 at ring level).

Algorithm:
1. inpatient stays (``det_inpatient_stays``), one per visit, grouped by person, hospital and
   diagnosis category (the first ``dise_len`` characters of ``dise_codg``); diagnoses starting with
   one of ``exempt_dise_prefixes`` (neoplasms and chemotherapy sessions, treated in planned cycles)
   are left out, and day surgery is no stay here (``inpatient_med_types``);
2. a readmission is a stay beginning at most ``readmit_days`` after the previous one of the same
   group ended (many provinces use 15 days);
3. a person with ``min_readmissions`` or more readmissions at one hospital is flagged (their own
   record: a stay split into several, or a bed kept for someone who is not in it) and linked to the
   hospital; the hospital is flagged when ``min_persons`` persons are. Evidence: the settlements of
   every stay in those chains — the stays the fund paid for;
4. decisive when ``decisive_persons`` or more patients of one hospital are flagged: one patient's
   relapse is bad luck, a ward of patients each readmitted with the same diagnosis within days,
   again and again, is how split stays and kept beds show (the guide's 分解住院 / 挂床).
"""
from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pandas as pd

from graphfraud.detectors.base import Finding
from graphfraud.detectors.config import DetectorConfig, SplitStays
from graphfraud.detectors.frames import evidence, finding, flags, links
from graphfraud.store.base import GraphStore

NAME = "split_stays"


def detect(store: GraphStore, config: DetectorConfig) -> Finding:
    cfg = config.split_stays
    rows = store.frame("det_inpatient_stays", inpatient_med_types=cfg.inpatient_med_types)
    params = asdict(cfg) | {"stays": int(rows.stay_key.nunique()) if len(rows) else 0}
    chained = readmissions(rows, cfg)
    if chained.empty:
        return finding(NAME, [], [], [], params | {"persons": 0})
    per = chained.groupby(["psn_no", "fixmedins_code"], as_index=False).agg(readmissions=("readmission", "sum"))
    per = per[per.readmissions >= cfg.min_readmissions]
    per["evidence_id"] = f"{NAME}:" + per.fixmedins_code + ":" + per.psn_no
    strength = np.minimum(per.readmissions / cfg.min_readmissions, 3.0)
    patients = per.groupby("fixmedins_code").psn_no.transform("nunique")
    places = patients >= cfg.min_persons
    per["decisive"] = patients >= cfg.decisive_persons
    link_frame = links("Person:" + per.psn_no, "Institution:" + per.fixmedins_code, cfg.weight * strength,
                       per.evidence_id)
    flag_frame = pd.concat([flags("Person:" + per.psn_no, cfg.weight * strength, per.evidence_id),
                            flags("Institution:" + per.fixmedins_code[places], cfg.weight, per.evidence_id[places])])
    stays = chained[chained.in_chain].merge(per[["psn_no", "fixmedins_code", "evidence_id", "readmissions", "decisive"]],
                                            on=["psn_no", "fixmedins_code"])
    ev = rows.merge(stays[["stay_key", "evidence_id", "readmissions", "gap_days", "decisive"]], on="stay_key")
    return finding(NAME, [link_frame], [flag_frame],
                   [evidence(store, NAME, ev, "setl_d", ["psn_no", "fixmedins_code", "begntime", "endtime", "dise_codg",
                                                         "gap_days", "readmissions", "decisive"])],
                   params | {"persons": int(per.psn_no.nunique()),
                             "hospitals": int(per.fixmedins_code[places].nunique())})


def readmissions(rows: pd.DataFrame, cfg: SplitStays) -> pd.DataFrame:
    """One row per stay outside the exempt diagnoses, in time order within its group (person, hospital,
    diagnosis category ``dise``): the days since the previous stay of the group ended (``gap_days``),
    whether it is a readmission, whether it is in a chain (a readmission or the stay before one) and
    which chain (``chain``: a stay and the readmissions that follow it share the number)."""
    columns = ["psn_no", "fixmedins_code", "dise", "stay_key", "gap_days", "readmission", "in_chain", "chain"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    stays = rows.drop_duplicates("stay_key").copy()
    dise = stays.dise_codg.fillna("").astype(str).str.upper()
    stays = stays[~dise.str.startswith(tuple(p.upper() for p in cfg.exempt_dise_prefixes)) | (dise == "")]
    stays["dise"] = stays.dise_codg.fillna("").astype(str).str.upper().str[: cfg.dise_len]
    stays = stays.sort_values(["psn_no", "fixmedins_code", "dise", "begntime"])
    group = ["psn_no", "fixmedins_code", "dise"]
    previous_end = stays.groupby(group).endtime.shift(1)
    stays["gap_days"] = (pd.to_datetime(stays.begntime) - pd.to_datetime(previous_end)).dt.total_seconds() / 86400
    stays["readmission"] = stays.gap_days.between(0, cfg.readmit_days)
    following = stays.groupby(group).readmission.shift(-1).fillna(False).astype(bool)
    stays["in_chain"] = stays.readmission | following
    stays["chain"] = (~stays.readmission).cumsum()  # a group's first stay has no gap: it starts a chain
    return stays[columns].reset_index(drop=True)
