"""Doctor–pharmacy collusion (串换 / 开单返利): a prescriber whose external watch-list prescriptions
end up, nearly all, in one pharmacy.

Algorithm:
1. per prescriber and filling pharmacy: settlements and patients of watch-list drugs filled
   outside the prescriber's own institution (a hospital's own pharmacy is not external);
2. share = that pharmacy's part of the prescriber's external prescriptions; flagged at
   ``min_share`` with ``min_prescriptions`` or more there;
3. look-alike: the pharmacy beside a hospital gets most prescriptions of every doctor there, so the
   share must also be ``min_lift`` times the share of the prescriber's colleagues (same
   institution, leave-one-out) — one doctor standing out from his ward, not a busy neighbour;
4. the prescriber is linked to the pharmacy, and each patient of that pair to the prescriber.
"""
from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pandas as pd

from graphfraud.detectors.base import Finding
from graphfraud.detectors.config import DetectorConfig
from graphfraud.detectors.frames import evidence, finding, links, resale_drugs
from graphfraud.store.base import GraphStore

NAME = "collusion"


def detect(store: GraphStore, config: DetectorConfig) -> Finding:
    cfg = config.collusion
    drugs, source = resale_drugs(store)
    pairs = store.frame("det_doctor_pharmacy", drugs=drugs, exempt_med_types=cfg.exempt_med_types)
    params = asdict(cfg) | {"drugs": source}
    shares = _shares(pairs)
    hit = shares[(shares.prescriptions >= cfg.min_prescriptions) & (shares.share >= cfg.min_share)
                 & (shares.share >= cfg.min_lift * shares.peer_share)].copy()
    if hit.empty:
        return finding(NAME, [], [], [], params | {"pairs": 0})
    hit["evidence_id"] = f"{NAME}:" + hit.dr_code + ":" + hit.fixmedins_code
    doctor_links = links("Practitioner:" + hit.dr_code, "Institution:" + hit.fixmedins_code,
                         cfg.weight * hit.share, hit.evidence_id)
    lines = store.frame("det_doctor_pharmacy_lines", dr_codes=sorted(hit.dr_code.unique().tolist()), drugs=drugs)
    rows = lines.merge(hit[["dr_code", "fixmedins_code", "share", "peer_share", "evidence_id"]],
                       on=["dr_code", "fixmedins_code"])
    patients = rows[["psn_no", "dr_code", "evidence_id"]].dropna().drop_duplicates()
    patient_links = links("Person:" + patients.psn_no, "Practitioner:" + patients.dr_code, cfg.patient_weight,
                          patients.evidence_id)
    ev = evidence(store, NAME, rows, "fee_list_d", ["dr_code", "fixmedins_code", "psn_no", "t", "cnt", "share",
                                                    "peer_share"])
    return finding(NAME, [doctor_links, patient_links], [], [ev], params | {"pairs": len(hit)})


def _shares(pairs: pd.DataFrame) -> pd.DataFrame:
    """Each prescriber–pharmacy share, and the same pharmacy's share among the prescriber's colleagues."""
    if pairs.empty:
        return pairs.assign(share=pd.Series(dtype=float), peer_share=pd.Series(dtype=float))
    p = pairs.copy()
    p["total"] = p.groupby("dr_code").prescriptions.transform("sum")
    p["share"] = p.prescriptions / p.total
    home = p.home_code.fillna("")
    ward_to_pharmacy = p.groupby([home, "fixmedins_code"]).prescriptions.transform("sum")
    doctors_total = p.drop_duplicates("dr_code").groupby(home.loc[p.drop_duplicates("dr_code").index]).total.sum()
    ward_total = home.map(doctors_total)
    others = (ward_total - p.total).where(home != "")
    p["peer_share"] = ((ward_to_pharmacy - p.prescriptions) / others.where(others > 0)).fillna(0.0)
    return p.replace([np.inf, -np.inf], 0.0)
