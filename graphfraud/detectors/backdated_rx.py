"""Prescriptions written after the sale (处方后补): an external fill with no visit to its prescriber
before it, but one just after — the pharmacy dispensed first and the doctor back-filled the
prescription (domain guide §2.3; the Fuzhou case paid a village doctor to do it).

Algorithm:
1. external fills of drugs (``det_external_fills``): a pharmacy line, or ``rx_circ_flag=1``,
   naming a prescriber from another institution, one per settlement;
2. the visits of those persons to those prescribers (``det_doctor_visits``: visit starts with the
   attending doctor, lines the doctor billed at his own institution); without visit data the
   detector says nothing;
3. a fill is back-filled when no visit to its prescriber lies in the ``lookback_days`` before it
   but one follows within ``after_days``: a patient refilling an old long prescription has a visit
   weeks back, or none after;
4. a prescriber–pharmacy pair with ``min_fills`` back-filled fills, at least ``min_share`` of its
   fills (a visit days after an old prescription's refill happens by chance), is flagged (both)
   and linked;
   each patient of such a fill is flagged (their own record shows the drugs before the
   prescription) and linked to both.
"""
from __future__ import annotations

from dataclasses import asdict

import pandas as pd

from graphfraud.detectors.base import Finding
from graphfraud.detectors.config import BackdatedRx, DetectorConfig
from graphfraud.detectors.frames import evidence, finding, flags, links, resale_drugs
from graphfraud.store.base import GraphStore

NAME = "backdated_rx"


def detect(store: GraphStore, config: DetectorConfig) -> Finding:
    cfg = config.backdated_rx
    drugs, source = resale_drugs(store)
    params = asdict(cfg) | {"drugs": source}
    if not drugs:
        return finding(NAME, [], [], [], params)
    fills = store.frame("det_external_fills", drugs=drugs)
    if fills.empty:
        return finding(NAME, [], [], [], params | {"backfilled": 0})
    visits = store.frame("det_doctor_visits", psn_nos=sorted(fills.psn_no.unique().tolist()),
                         dr_codes=sorted(fills.dr_code.unique().tolist()))
    late = _backfilled(fills, visits, cfg)
    pair = ["dr_code", "fixmedins_code"]
    counts = late.groupby(pair).setl_id.transform("nunique")
    totals = late[pair].merge(fills.groupby(pair).setl_id.nunique().rename("all").reset_index(), on=pair)["all"]
    late = late[(counts >= cfg.min_fills).to_numpy() & (counts.to_numpy() >= cfg.min_share * totals.to_numpy())].copy()
    params |= {"fills": len(fills), "backfilled": len(late)}
    if late.empty:
        return finding(NAME, [], [], [], params)
    late["evidence_id"] = f"{NAME}:" + late.dr_code + ":" + late.fixmedins_code
    pairs = late.drop_duplicates("evidence_id")
    doctor, pharmacy, person = ("Practitioner:" + late.dr_code, "Institution:" + late.fixmedins_code,
                                "Person:" + late.psn_no)
    link_frames = [links("Practitioner:" + pairs.dr_code, "Institution:" + pairs.fixmedins_code, cfg.weight,
                         pairs.evidence_id),
                   links(person, doctor, cfg.weight / 2, late.evidence_id),
                   links(person, pharmacy, cfg.weight / 2, late.evidence_id)]
    patients = late.drop_duplicates(["psn_no", "evidence_id"])
    flag_frames = [flags("Practitioner:" + pairs.dr_code, cfg.weight, pairs.evidence_id),
                   flags("Institution:" + pairs.fixmedins_code, cfg.weight, pairs.evidence_id),
                   flags("Person:" + patients.psn_no, cfg.weight / 2, patients.evidence_id)]
    ev = evidence(store, NAME, late, "fee_list_d", ["psn_no", "dr_code", "fixmedins_code", "t", "visit_after"])
    return finding(NAME, link_frames, flag_frames, [ev], params)


def _backfilled(fills: pd.DataFrame, visits: pd.DataFrame, cfg: BackdatedRx) -> pd.DataFrame:
    """Fills without a visit to their prescriber in the lookback, with one soon after (``visit_after``)."""
    if visits.empty:
        return fills.iloc[:0].assign(visit_after=pd.Series(dtype="datetime64[ns]"))
    f = fills.assign(t=pd.to_datetime(fills.t)).sort_values("t")
    v = visits.assign(t=pd.to_datetime(visits.t)).dropna(subset=["t"]).sort_values("t")
    v = v.assign(visit=v.t)
    keys = ["psn_no", "dr_code"]
    before = pd.merge_asof(f, v[[*keys, "t", "visit"]], on="t", by=keys, direction="backward",
                           tolerance=pd.Timedelta(days=cfg.lookback_days))
    after = pd.merge_asof(f, v[[*keys, "t", "visit"]], on="t", by=keys, direction="forward",
                          tolerance=pd.Timedelta(days=cfg.after_days), allow_exact_matches=False)
    late = before.visit.isna().to_numpy() & after.visit.notna().to_numpy()
    return f[late].assign(visit_after=after.visit[late].to_numpy()).reset_index(drop=True)

